use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use super::{SentBack, keeping_next, next_param, query_notice};
use crate::{
    auth::api::Register,
    components::form::{Field, PasswordField},
    i18n::t,
};

/// The registration form (inline errors and the password's show/hide
/// toggle come from `client::forms`).
#[component]
pub fn RegisterPage() -> impl IntoView {
    let sent_back = SentBack::read();
    let next = next_param();
    let login_href = keeping_next(crate::routes::LOGIN, next.as_deref());
    let notice = query_notice("sent", &[("1", "notice-registered")]).map(t);
    view! {
        <Title text=t("register-title")/>
        <section class="panel narrow">
            <h1>{t("register-title")}</h1>
            {notice.map(|text| view! { <p class="notice notice-ok" role="status" data-testid="notice">{text}</p> })}
            <form method="post" action=Register::url() class="form" novalidate data-enhance>
                <input type="hidden" name="next" value=next.unwrap_or_default()/>
                <Field name="email" label=t("field-email") kind="email" autocomplete="username" error=sent_back.on("email")/>
                <PasswordField
                    name="password"
                    label=t("field-password")
                    autocomplete="new-password"
                    hint=t("register-password-hint")
                    error=sent_back.on("password")
                />
                <p class="form-error" role="alert">{sent_back.general(&["email", "password"])}</p>
                <button type="submit" class="button button-block" data-pending=t("register-pending")>{t("register-submit")}</button>
            </form>
            <p class="aside">{t("register-have-account")} " " <a href=login_href>{t("nav-sign-in")}</a></p>
        </section>
    }
}
