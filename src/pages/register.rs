use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use super::{SentBack, keeping_next, next_param, query_notice};
use crate::{
    auth::{NOTICE_REGISTERED, api::Register},
    components::form::{Field, PasswordField},
};

/// The registration form (inline errors and the password's show/hide
/// toggle come from `client::forms`).
#[component]
pub fn RegisterPage() -> impl IntoView {
    let sent_back = SentBack::read();
    let next = next_param();
    let login_href = keeping_next(crate::routes::LOGIN, next.as_deref());
    let notice = query_notice("sent", &[("1", NOTICE_REGISTERED)]);
    view! {
        <Title text="Create an account"/>
        <section class="panel narrow">
            <h1>"Create an account"</h1>
            {notice.map(|text| view! { <p class="notice notice-ok" role="status" data-testid="notice">{text}</p> })}
            <form method="post" action=Register::url() class="form" novalidate data-enhance>
                <input type="hidden" name="next" value=next.unwrap_or_default()/>
                <Field name="email" label="E-mail" kind="email" autocomplete="username" error=sent_back.on("email")/>
                <PasswordField
                    name="password"
                    label="Password"
                    autocomplete="new-password"
                    hint="At least 8 characters. A few unrelated words make a strong, memorable password."
                    error=sent_back.on("password")
                />
                <p class="form-error" role="alert">{sent_back.general(&["email", "password"])}</p>
                <button type="submit" class="button button-block" data-pending="Creating your account…">"Create account"</button>
            </form>
            <p class="aside">"Already have an account? " <a href=login_href>"Sign in"</a></p>
        </section>
    }
}
