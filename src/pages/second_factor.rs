//! `/login/second-factor`: the second step of a password sign-in of an
//! account with an authenticator app. The browser holds the pending sign-in
//! (an HttpOnly cookie); this page asks for the app's code, or a recovery
//! code when the phone is not at hand.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{form_errors, go_on_after_sign_in, keeping_next, next_param, server_offers_passkeys};
use crate::{
    auth::{Reason, api::{SecondFactor, second_factor_passkey, second_factor_passkey_begin}},
    components::form::Field,
    keeper::{passkey_ceremony, passkeys_supported},
};

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    view! {
        <Title text="One more step"/>
        <SecondStepForm passkeys=server_offers_passkeys()/>
    }
}

/// The code form and the passkey button of the second step (`passkeys`:
/// whether the server offers them).
#[island]
fn SecondStepForm(passkeys: bool) -> impl IntoView {
    let action = ServerAction::<SecondFactor>::new();
    let (field_error, general_error) = form_errors(move || action.value().get());
    let next = next_param();
    go_on_after_sign_in(move || matches!(action.value().get(), Some(Ok(_))), next);
    // The pending sign-in is gone: told by the answer, or by a no-JavaScript redirect's code.
    let sent_expired = super::query_value("error").as_deref() == Some(Reason::SecondStepExpired.code());
    let expired = move || match action.value().get() {
        Some(Err(e)) => e.reason == Some(Reason::SecondStepExpired),
        Some(Ok(_)) => false,
        None => sent_expired,
    };
    let login_href = keeping_next(crate::routes::LOGIN, next);
    let supported = passkeys_supported();
    let passkey = Action::new_unsync(move |_: &()| {
        passkey_ceremony(second_factor_passkey_begin(), false, move |ceremony, credential| {
            second_factor_passkey(ceremony, credential, next.get_untracked())
        })
    });
    go_on_after_sign_in(move || matches!(passkey.value().get(), Some(Ok(Some(_)))), next);
    let passkey_error = move || match passkey.value().get() {
        Some(Err(e)) => Some(e.message),
        _ => None,
    };

    view! {
        <section class="panel narrow">
            <h1>"One more step"</h1>
            <p>"Open your authenticator app and enter the 6-digit code it shows for keycard, or use one of your passkeys."</p>
            <ActionForm action=action attr:class="form" attr:novalidate="true">
                <input type="hidden" name="next" value=move || next.get().unwrap_or_default()/>
                <Field name="code" label="Code" autocomplete="one-time-code" error=field_error("code")/>
                <p class="form-error" role="alert">{move || general_error.get()}</p>
                {move || expired().then(|| view! { <p><a href=login_href>"Sign in again"</a></p> })}
                <button type="submit" class="button button-block" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Checking…" } else { "Continue" }}
                </button>
            </ActionForm>
            // Invisible until the browser says it can use passkeys (see the sign-in page).
            {passkeys.then(|| view! {
                <div class:passkey-waiting=move || !supported.get()>
                    <p class="passkey-or">"or"</p>
                    <button type="button" class="button button-ghost button-block" data-testid="second-step-passkey"
                        disabled=move || passkey.pending().get() on:click=move |_| { passkey.dispatch(()); }>
                        "Use a passkey"
                    </button>
                    <p class="form-error" role="alert" data-testid="passkey-error">{passkey_error}</p>
                </div>
            })}
            <p class="aside">
                "No phone at hand? Enter one of the recovery codes you saved when you set up the app; each works once."
            </p>
        </section>
    }
}
