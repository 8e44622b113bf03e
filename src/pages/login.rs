use leptos::prelude::*;
use leptos_meta::Title;

use super::{SentBack, keeping_next, next_param, query_notice, query_value, server_offers_passkeys, server_providers};
use crate::{
    auth::{SessionEnd, api::{Login, ResendVerification}},
    components::form::{Field, PasswordField},
    i18n::{Arg, t, t_with},
};
use leptos::server_fn::ServerFn;

/// The sign-in form, its passkey button and autofill (`client::forms`),
/// the other identity providers (each a plain form that goes to the
/// provider), and the request for a new confirmation link.
#[component]
pub fn LoginPage() -> impl IntoView {
    let passkeys = server_offers_passkeys();
    let providers = server_providers();
    let sent_back = SentBack::read();
    let next = next_param();
    let reason = query_value("reason").and_then(|r| SessionEnd::from_reason(&r)).map(SessionEnd::text);
    let register_href = keeping_next(crate::routes::REGISTER, next.as_deref());
    // An account whose address is not confirmed yet can ask for the link again.
    // A link that expired leads here to ask for a new one. (A sign-in with
    // the right password of an unconfirmed account sends one by itself.)
    let needs_link = query_value("error").as_deref() == Some("unverified");
    // What a confirmation link just did.
    let done = query_notice("done", &[("undone", "notice-undone"), ("reported", "notice-reported-reset")]).map(t);
    let resent = query_notice("sent", &[("verification", "notice-resent")]).map(t);
    let next_value = next.clone().unwrap_or_default();

    view! {
        <Title text=t("login-title")/>
        <section class="panel narrow">
            <h1>{t("login-title")}</h1>
            {reason.map(|r| view! { <p class="notice" role="status">{r}</p> })}
            {done.map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            <form method="post" action=Login::url() class="form" novalidate data-enhance data-announce="signed-in">
                <input type="hidden" name="next" value=next_value.clone()/>
                <Field name="email" label=t("field-email") kind="email" autocomplete="username webauthn" error=sent_back.on("email")/>
                <PasswordField name="password" label=t("field-password") autocomplete="current-password" error=sent_back.on("password")/>
                <p class="form-error" role="alert">{sent_back.general(&["email", "password"])}</p>
                <button type="submit" class="button button-block" data-pending=t("login-pending")>{t("login-submit")}</button>
            </form>
            // Rendered invisible until the script finds that the browser can
            // use passkeys, so that showing it moves nothing.
            {passkeys.then(|| view! {
                <div class="passkey-waiting">
                    <p class="passkey-or">{t("or")}</p>
                    <button type="button" class="button button-ghost button-block" data-testid="passkey-sign-in" data-passkey="sign-in">
                        {t("login-passkey")}
                    </button>
                    <p class="form-error" role="alert" data-testid="passkey-error"></p>
                </div>
            })}
            {(!providers.is_empty()).then(|| view! {
                <div class="providers" data-testid="providers">
                    <p class="passkey-or">{t("or")}</p>
                    {providers.into_iter().map(|p| view! {
                        <form method="post" action=format!("/auth/oidc/{}/start", p.id)>
                            <input type="hidden" name="next" value=next_value.clone()/>
                            <button type="submit" class="button button-ghost button-block">{t_with("login-provider", &[("provider", Arg::Text(p.name.clone()))])}</button>
                        </form>
                    }).collect_view()}
                </div>
            })}
            <p class="aside"><a href=crate::routes::FORGOT_PASSWORD>{t("login-forgot")}</a></p>
            {resent.map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            {needs_link.then(|| view! {
                <form method="post" action=ResendVerification::url() class="form" novalidate data-testid="resend" data-enhance>
                    <h2>{t("resend-title")}</h2>
                    <Field name="email" id="resend-email" label=t("resend-email") kind="email" autocomplete="username"/>
                    <p class="form-error" role="alert"></p>
                    <button type="submit" class="button">{t("resend-submit")}</button>
                </form>
            })}
            <p class="aside">{t("login-new-here")} " " <a href=register_href>{t("login-create-account")}</a></p>
        </section>
    }
}
