//! The pages links in mails open, and the one that sends a reset link.
//! Opening a link only shows a page: its form's POST uses the token, so a
//! mail scanner fetching the link changes nothing. Each works without
//! JavaScript and in any browser, signed in or not.

use leptos::prelude::*;
use leptos_meta::Title;

use leptos::server_fn::ServerFn;

use super::{SentBack, query_notice, token_param};
use crate::{
    auth::{
        LinkView,
        api::{Confirm, ForgotPassword, ResetPassword, VerifyEmail, describe_link},
    },
    components::form::{Field, PasswordField},
    i18n::{Arg, t, t_with},
    routes,
};

/// What the link of this page is for, looked up without using it.
fn link_view() -> Resource<Option<LinkView>> {
    let token = token_param();
    Resource::new(move || token.clone(), |token| async move { describe_link(token).await.ok() })
}

/// Shown for a link that expired, was used, or was cut short.
#[component]
fn DeadLink(#[prop(into)] again: String, again_label: String) -> impl IntoView {
    view! {
        <p class="notice notice-error" role="alert">{t("link-dead")}</p>
        <p><a href=again>{again_label}</a></p>
    }
}

/// The form that sends a reset link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let sent_back = SentBack::read();
    let sent = query_notice("sent", &[("1", "notice-reset-sent")]).map(t);
    let why = query_notice("reason", &[("reported", "notice-reported")]).map(t);
    view! {
        <Title text=t("login-forgot")/>
        <section class="panel narrow">
            <h1>{t("reset-title")}</h1>
            {why.map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            <p>{t("forgot-text")}</p>
            {sent.map(|text| view! { <p class="notice notice-ok" role="status" data-testid="notice">{text}</p> })}
            <form method="post" action=ForgotPassword::url() class="form" novalidate data-enhance>
                <Field name="email" label=t("field-email") kind="email" autocomplete="username" error=sent_back.on("email")/>
                <p class="form-error" role="alert">{sent_back.general(&["email"])}</p>
                <button type="submit" class="button button-block">{t("forgot-submit")}</button>
            </form>
            <p class="aside"><a href=routes::LOGIN>{t("forgot-back")}</a></p>
        </section>
    }
}

/// The new password's form, once the link was found good.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = token_param();
    let link = link_view();
    let sent_back = SentBack::read();
    view! {
        <Title text=t("reset-title")/>
        <section class="panel narrow">
            <h1>{t("reset-title")}</h1>
            <Suspense fallback=|| view! { <p>{t("link-checking")}</p> }>
                {move || Suspend::new({
                    let (token, error, general) = (token.clone(), sent_back.on("new_password"), sent_back.general(&["new_password"]));
                    async move {
                        match link.await {
                            Some(LinkView { purpose: Some(p), .. }) if p == "reset_password" => view! {
                                <p>{t("reset-text")}</p>
                                <form method="post" action=ResetPassword::url() class="form" novalidate data-enhance data-announce="signed-in">
                                    <input type="hidden" name="token" value=token/>
                                    <NewPassword error=error/>
                                    <p class="form-error" role="alert">{general}</p>
                                    <button type="submit" class="button button-block">{t("reset-submit")}</button>
                                </form>
                            }.into_any(),
                            _ => view! { <DeadLink again=routes::FORGOT_PASSWORD again_label=t("link-ask-new")/> }.into_any(),
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The button that confirms the address, once the link was found good.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let token = token_param();
    let link = link_view();
    let sent_back = SentBack::read();
    view! {
        <Title text=t("verify-title-short")/>
        <section class="panel narrow">
            <h1>{t("verify-title")}</h1>
            <Suspense fallback=|| view! { <p>{t("link-checking")}</p> }>
                {move || Suspend::new({
                    let (token, error, general) = (token.clone(), sent_back.on("new_password"), sent_back.general(&["new_password"]));
                    async move {
                        match link.await {
                            Some(LinkView { purpose: Some(p), needs_password, .. }) if p == "verify_email" => view! {
                                <p>{if needs_password { t("verify-needs-password") } else { t("verify-text") }}</p>
                                <form method="post" action=VerifyEmail::url() class="form" novalidate data-enhance data-announce="signed-in">
                                    <input type="hidden" name="token" value=token/>
                                    {needs_password.then(|| view! { <NewPassword error=error/> })}
                                    <p class="form-error" role="alert">{general}</p>
                                    <button type="submit" class="button button-block">{t("verify-submit")}</button>
                                </form>
                            }.into_any(),
                            _ => view! { <DeadLink again=format!("{}?error=unverified", routes::LOGIN) again_label=t("link-ask-new")/> }.into_any(),
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The field of a password chosen on a link's page.
#[component]
fn NewPassword(#[prop(default = None)] error: Option<String>, #[prop(optional)] label: Option<String>) -> impl IntoView {
    view! {
        <PasswordField
            name="new_password"
            label=label.unwrap_or_else(|| t("password-new"))
            autocomplete="new-password"
            hint=t("register-password-hint")
            error=error
        />
    }
}

/// What a confirmation link will do, before the button is pressed.
fn confirm_text(view: &LinkView) -> Option<(String, String, String)> {
    let detail = [("address", Arg::Text(view.detail.clone().unwrap_or_default()))];
    let name = match view.purpose.as_deref()? {
        "change_email" => "change",
        "undo_email_change" => "undo",
        "not_me" => "not-me",
        _ => return None,
    };
    Some((t(&format!("confirm-{name}-title")), t_with(&format!("confirm-{name}-question"), &detail), t(&format!("confirm-{name}-button"))))
}

/// What the link will do, and the button that does it.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let token = token_param();
    let link = link_view();
    let sent_back = SentBack::read();
    view! {
        <Title text=t("confirm-title")/>
        <section class="panel narrow">
            <Suspense fallback=|| view! { <p>{t("link-checking")}</p> }>
                {move || Suspend::new({
                    let (token, error, general) = (token.clone(), sent_back.on("new_password"), sent_back.general(&["new_password"]));
                    async move {
                        let link = link.await;
                        // The undo needs a password; a report takes one if given.
                        let password = link.as_ref().and_then(|l| match l.purpose.as_deref() {
                            Some("undo_email_change") => Some(t("password-new")),
                            Some("not_me") => Some(t("confirm-password-optional")),
                            _ => None,
                        });
                        match link.as_ref().and_then(confirm_text) {
                            Some((title, question, button)) => view! {
                                <h1>{title}</h1>
                                <p>{question}</p>
                                <form method="post" action=Confirm::url() class="form" novalidate data-enhance>
                                    <input type="hidden" name="token" value=token/>
                                    {password.map(|label| view! { <NewPassword label=label error=error/> })}
                                    <p class="form-error" role="alert">{general}</p>
                                    <button type="submit" class="button button-block">{button}</button>
                                </form>
                            }.into_any(),
                            None => view! {
                                <h1>{t("confirm-title")}</h1>
                                <DeadLink again=routes::HOME again_label=t("link-go-home")/>
                            }.into_any(),
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
