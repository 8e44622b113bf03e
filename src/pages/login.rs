use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    form_errors, go_on_after_sign_in, go_to_second_step, keeping_next, next_param, query_notice, query_value, server_offers_passkeys,
    server_providers,
};
use crate::{
    auth::{
        BROWSER_REFUSAL_FIELD, ErrorCode, NOTICE_REPORTED_RESET, NOTICE_RESENT, NOTICE_UNDONE, Reason, SessionEnd,
        api::{Login, ResendVerification, passkey_begin, passkey_finish},
    },
    components::form::{Field, PasswordField},
    keeper::{abort_passkey, passkey_autofill_available, passkey_ceremony, passkeys_supported},
};

/// A passkey sign-in: from the button, or the autofill of the e-mail field
/// (`autofill`); `None` when a newer request took over.
fn passkey_sign_in(next: Memo<Option<String>>) -> Action<bool, Result<Option<crate::auth::SessionInfo>, crate::auth::AuthError>> {
    Action::new_unsync(move |autofill: &bool| {
        passkey_ceremony(passkey_begin(*autofill), false, move |ceremony, credential| {
            passkey_finish(ceremony, credential, next.get_untracked())
        })
    })
}

#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <Title text="Sign in"/>
        <LoginForm passkeys=server_offers_passkeys() providers=server_providers()/>
    }
}

/// The sign-in form, its passkey button and autofill, and the request for
/// a new confirmation link: an island, since all of it acts in the browser.
/// `passkeys`: whether the server offers them; `providers`: the other
/// identity providers it offers, each a plain form (no JavaScript needed).
#[island]
fn LoginForm(passkeys: bool, providers: Vec<crate::auth::ProviderView>) -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let (field_error, general_error) = form_errors(move || action.value().get());
    let next = next_param();
    let reason = query_value("reason").and_then(|r| SessionEnd::from_reason(&r)).map(SessionEnd::message);
    let reason = move || reason;
    go_on_after_sign_in(move || matches!(action.value().get(), Some(Ok(_))), next);
    // The password was right and the account has a second factor: its step.
    go_to_second_step(move || action.value().get(), next);
    // Passkeys: a button, and the browser's autofill on the e-mail field
    // (a passkey it offers there signs in at once).
    let supported = passkeys_supported();
    let with_button = passkey_sign_in(next);
    let with_autofill = passkey_sign_in(next);
    let autofill = RwSignal::new(false);
    let rearmed = RwSignal::new(0u32);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if passkeys && passkey_autofill_available().await {
                autofill.set(true);
                with_autofill.dispatch(true);
            }
        });
    });
    on_cleanup(abort_passkey);
    // The button's request takes the autofill's place; once it ends without
    // signing in, the autofill is offered again. So is it after a passkey
    // the server refused (its ceremony is spent), but not after a request
    // the server declined to begin, which would only be declined again.
    Effect::new(move |_| {
        let button_ended = with_button.value().get().is_some_and(|r| !matches!(r, Ok(Some(_))));
        if button_ended && autofill.get_untracked() && !with_autofill.pending().get_untracked() {
            with_autofill.dispatch(true);
        }
    });
    Effect::new(move |_| match with_autofill.value().get() {
        Some(Err(e)) if e.reason == Some(Reason::PasskeysUnavailable) || e.code == ErrorCode::RateLimited => autofill.set(false),
        // Refused at its finish (not verified, expired): a fresh request,
        // a bounded number of times per visit.
        Some(Err(e))
            if (e.code == ErrorCode::Unauthorized || e.field.as_deref() == Some("passkey"))
                && !with_button.pending().get_untracked()
                && rearmed.get_untracked() < 10 =>
        {
            rearmed.update(|n| *n += 1);
            with_autofill.dispatch(true);
        }
        _ => {}
    });
    let passkey_done = move || {
        [with_button.value().get(), with_autofill.value().get()].into_iter().flatten().any(|r| matches!(r, Ok(Some(_))))
    };
    go_on_after_sign_in(passkey_done, next);
    // The autofill's request begins by itself: what the browser says of it
    // (the user looked away) and a server that offers no passkeys are not
    // worth a word; a passkey the user chose and the server refused is.
    let passkey_error = move || {
        let chosen = with_autofill.value().get().and_then(Result::err).filter(|e| {
            e.code != ErrorCode::RateLimited
                && e.reason != Some(Reason::PasskeysUnavailable)
                && e.field.as_deref() != Some(BROWSER_REFUSAL_FIELD)
        });
        with_button.value().get().and_then(Result::err).or(chosen).map(|e| e.message)
    };
    let register_href = keeping_next(crate::routes::REGISTER, next);
    // An account whose address is not confirmed yet can ask for the link again.
    // A link that expired leads here to ask for a new one. (A sign-in with
    // the right password of an unconfirmed account sends one by itself.)
    let needs_link = query_value("error").as_deref() == Some("unverified");
    let needs_link = move || needs_link;
    // What a confirmation link just did.
    let done = query_notice("done", &[("undone", NOTICE_UNDONE), ("reported", NOTICE_REPORTED_RESET)]);
    let resend = ServerAction::<ResendVerification>::new();
    // Its own answer only: the sign-in's error in the URL is the form's above.
    let (resend_field_error, _) = form_errors(move || resend.value().get());
    let resend_error = move || resend.value().get().and_then(Result::err).map(|e| e.message);
    let sent = query_notice("sent", &[("verification", NOTICE_RESENT)]);
    let resent = move || match resend.value().get() {
        Some(Ok(n)) => Some(n.message),
        _ => sent().map(str::to_owned),
    };

    view! {
        <section class="panel narrow">
            <h1>"Sign in"</h1>
            {move || reason().map(|r| view! { <p class="notice" role="status">{r}</p> })}
            {move || done().map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            <ActionForm action=action attr:class="form" attr:novalidate="true">
                <input type="hidden" name="next" value=move || next.get().unwrap_or_default()/>
                <Field name="email" label="E-mail" kind="email" autocomplete="username webauthn" error=field_error("email")/>
                <PasswordField name="password" label="Password" autocomplete="current-password" error=field_error("password")/>
                <p class="form-error" role="alert">{move || general_error.get()}</p>
                <button type="submit" class="button button-block" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            // Rendered by the server and kept invisible until the browser
            // says it can use passkeys, so that showing it moves nothing.
            {passkeys.then(|| view! {
                <div class:passkey-waiting=move || !supported.get()>
                    <p class="passkey-or">"or"</p>
                    <button type="button" class="button button-ghost button-block" data-testid="passkey-sign-in"
                        disabled=move || with_button.pending().get()
                        on:click=move |_| { with_button.dispatch(false); }>
                        {move || if with_button.pending().get() { "Waiting for your passkey…" } else { "Sign in with a passkey" }}
                    </button>
                    <p class="form-error" role="alert" data-testid="passkey-error">{passkey_error}</p>
                </div>
            })}
            {(!providers.is_empty()).then(|| view! {
                <div class="providers" data-testid="providers">
                    <p class="passkey-or">"or"</p>
                    {providers.into_iter().map(|p| view! {
                        <form method="post" action=format!("/auth/oidc/{}/start", p.id)>
                            <input type="hidden" name="next" value=move || next.get().unwrap_or_default()/>
                            <button type="submit" class="button button-ghost button-block">{format!("Continue with {}", p.name)}</button>
                        </form>
                    }).collect_view()}
                </div>
            })}
            <p class="aside"><a href=crate::routes::FORGOT_PASSWORD>"Forgot your password?"</a></p>
            {move || resent().map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            {move || needs_link().then(|| view! {
                <ActionForm action=resend attr:class="form" attr:novalidate="true" attr:data-testid="resend">
                    <h2>"Send the confirmation link again"</h2>
                    <Field name="email" id="resend-email" label="E-mail of the account" kind="email" autocomplete="username" error=resend_field_error("email")/>
                    <p class="form-error" role="alert">{resend_error}</p>
                    <button type="submit" class="button" disabled=move || resend.pending().get()>"Send the link again"</button>
                </ActionForm>
            })}
            <p class="aside">"New here? " <a href=register_href>"Create an account"</a></p>
        </section>
    }
}
