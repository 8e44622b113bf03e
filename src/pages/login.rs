use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use super::{form_errors, go_on_after_sign_in, go_to_second_step, keeping_next, next_param, query_notice};
use crate::{
    auth::{
        NOTICE_RESENT, SessionEnd,
        api::{Login, ResendVerification},
        form_error_message,
    },
    components::form::{Field, PasswordField},
};

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let (field_error, general_error) = form_errors(move || action.value().get());
    let next = next_param();
    let query = use_query_map();
    let reason = move || query.with(|q| q.get("reason")).and_then(|r| SessionEnd::from_reason(&r)).map(SessionEnd::message);
    go_on_after_sign_in(move || matches!(action.value().get(), Some(Ok(_))), next);
    // The password was right and the account has a second factor: its step.
    go_to_second_step(move || action.value().get(), next);
    let register_href = keeping_next(crate::routes::REGISTER, next);
    // An account whose address is not confirmed yet can ask for the link again.
    let unverified = form_error_message("unverified");
    let needs_link = move || {
        general_error.get().is_some_and(|e| Some(e) == unverified)
            || query.with(|q| q.get("error")).as_deref() == Some("unverified")
    };
    let resend = ServerAction::<ResendVerification>::new();
    let (resend_field_error, resend_error) = form_errors(move || resend.value().get());
    let sent = query_notice("sent", &[("verification", NOTICE_RESENT)]);
    let resent = move || match resend.value().get() {
        Some(Ok(n)) => Some(n.message),
        _ => sent().map(str::to_owned),
    };

    view! {
        <Title text="Sign in"/>
        <section class="panel narrow">
            <h1>"Sign in"</h1>
            {move || reason().map(|r| view! { <p class="notice" role="status">{r}</p> })}
            <ActionForm action=action attr:class="form" attr:novalidate="true">
                <input type="hidden" name="next" value=move || next.get().unwrap_or_default()/>
                <Field name="email" label="E-mail" kind="email" autocomplete="username" error=field_error("email")/>
                <PasswordField name="password" label="Password" autocomplete="current-password" error=field_error("password")/>
                <p class="form-error" role="alert">{move || general_error.get()}</p>
                <button type="submit" class="button button-block" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            <p class="aside"><A href=crate::routes::FORGOT_PASSWORD>"Forgot your password?"</A></p>
            {move || resent().map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            {move || needs_link().then(|| view! {
                <ActionForm action=resend attr:class="form" attr:novalidate="true" attr:data-testid="resend">
                    <h2>"Send the confirmation link again"</h2>
                    <Field name="email" id="resend-email" label="E-mail of the account" kind="email" autocomplete="username" error=resend_field_error("email")/>
                    <p class="form-error" role="alert">{move || resend_error.get()}</p>
                    <button type="submit" class="button" disabled=move || resend.pending().get()>"Send the link again"</button>
                </ActionForm>
            })}
            <p class="aside">"New here? " <A href=register_href>"Create an account"</A></p>
        </section>
    }
}
