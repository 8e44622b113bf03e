//! `/login/second-factor`: the second step of a password sign-in of an
//! account with an authenticator app. The browser holds the pending sign-in
//! (an HttpOnly cookie); this page asks for the app's code, or a recovery
//! code when the phone is not at hand.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use super::{SentBack, keeping_next, next_param, query_value, server_offers_passkeys};
use crate::{
    auth::{Reason, api::SecondFactor},
    components::form::Field,
    i18n::t,
};

/// The code form and the passkey button of the second step.
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let sent_back = SentBack::read();
    let next = next_param();
    // The pending sign-in is gone: the way on is to sign in again (shown
    // by the script too, for its answer's reason).
    let expired = query_value("error").as_deref() == Some(Reason::SecondStepExpired.code());
    let login_href = keeping_next(crate::routes::LOGIN, next.as_deref());
    view! {
        <Title text=t("second-step-title")/>
        <section class="panel narrow">
            <h1>{t("second-step-title")}</h1>
            <p>{t("second-step-text")}</p>
            <form method="post" action=SecondFactor::url() class="form" novalidate data-enhance data-announce="signed-in">
                <input type="hidden" name="next" value=next.unwrap_or_default()/>
                <Field name="code" label=t("second-step-code") autocomplete="one-time-code" error=sent_back.on("code")/>
                <p class="form-error" role="alert">{sent_back.general(&["code"])}</p>
                <p hidden=!expired data-reason=Reason::SecondStepExpired.code()><a href=login_href>{t("second-step-sign-in-again")}</a></p>
                <button type="submit" class="button button-block" data-pending=t("second-step-pending")>{t("second-step-submit")}</button>
            </form>
            // Invisible until the script finds the browser can use passkeys (see the sign-in page).
            {server_offers_passkeys().then(|| view! {
                <div class="passkey-waiting">
                    <p class="passkey-or">{t("or")}</p>
                    <button type="button" class="button button-ghost button-block" data-testid="second-step-passkey" data-passkey="second-step">
                        {t("reauth-passkey")}
                    </button>
                    <p class="form-error" role="alert" data-testid="passkey-error"></p>
                </div>
            })}
            <p class="aside">{t("second-step-recovery")}</p>
        </section>
    }
}
