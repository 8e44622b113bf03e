use leptos::prelude::*;
use leptos_meta::Title;

use super::{form_errors, keeping_next, next_param, query_notice};
use crate::{
    auth::{NOTICE_REGISTERED, api::Register},
    components::form::{Field, PasswordField},
};

#[component]
pub fn RegisterPage() -> impl IntoView {
    view! {
        <Title text="Create an account"/>
        <RegisterForm/>
    }
}

/// The registration form (inline errors, the password's show/hide toggle).
#[island]
fn RegisterForm() -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let (field_error, general_error) = form_errors(move || action.value().get());
    let next = next_param();
    let login_href = keeping_next(crate::routes::LOGIN, next);
    let sent = query_notice("sent", &[("1", NOTICE_REGISTERED)]);
    let notice = move || match action.value().get() {
        Some(Ok(n)) => Some(n.message),
        _ => sent().map(str::to_owned),
    };

    view! {
        <section class="panel narrow">
            <h1>"Create an account"</h1>
            {move || notice().map(|text| view! { <p class="notice notice-ok" role="status" data-testid="notice">{text}</p> })}
            <ActionForm action=action attr:class="form" attr:novalidate="true">
                <input type="hidden" name="next" value=move || next.get().unwrap_or_default()/>
                <Field name="email" label="E-mail" kind="email" autocomplete="username" error=field_error("email")/>
                <PasswordField
                    name="password"
                    label="Password"
                    autocomplete="new-password"
                    hint="At least 8 characters. A few unrelated words make a strong, memorable password."
                    error=field_error("password")
                />
                <p class="form-error" role="alert">{move || general_error.get()}</p>
                <button type="submit" class="button button-block" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating your account…" } else { "Create account" }}
                </button>
            </ActionForm>
            <p class="aside">"Already have an account? " <a href=login_href>"Sign in"</a></p>
        </section>
    }
}
