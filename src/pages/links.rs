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
        LinkView, NOTICE_REPORTED, NOTICE_RESET_SENT,
        api::{Confirm, ForgotPassword, ResetPassword, VerifyEmail, describe_link},
    },
    components::form::{Field, PasswordField},
    routes,
};

/// What the link of this page is for, looked up without using it.
fn link_view() -> Resource<Option<LinkView>> {
    let token = token_param();
    Resource::new(move || token.clone(), |token| async move { describe_link(token).await.ok() })
}

/// Shown for a link that expired, was used, or was cut short.
#[component]
fn DeadLink(#[prop(into)] again: String, again_label: &'static str) -> impl IntoView {
    view! {
        <p class="notice notice-error" role="alert">"This link has expired or was already used."</p>
        <p><a href=again>{again_label}</a></p>
    }
}

/// The form that sends a reset link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let sent_back = SentBack::read();
    let sent = query_notice("sent", &[("1", NOTICE_RESET_SENT)]);
    let why = query_notice("reason", &[("reported", NOTICE_REPORTED)]);
    view! {
        <Title text="Forgot your password?"/>
        <section class="panel narrow">
            <h1>"Choose a new password"</h1>
            {why.map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            <p>"Enter the address of your account: we send it a link to choose a new password."</p>
            {sent.map(|text| view! { <p class="notice notice-ok" role="status" data-testid="notice">{text}</p> })}
            <form method="post" action=ForgotPassword::url() class="form" novalidate data-enhance>
                <Field name="email" label="E-mail" kind="email" autocomplete="username" error=sent_back.on("email")/>
                <p class="form-error" role="alert">{sent_back.general(&["email"])}</p>
                <button type="submit" class="button button-block">"Send the link"</button>
            </form>
            <p class="aside"><a href=routes::LOGIN>"Back to sign in"</a></p>
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
        <Title text="Choose a new password"/>
        <section class="panel narrow">
            <h1>"Choose a new password"</h1>
            <Suspense fallback=|| view! { <p>"Checking the link…"</p> }>
                {move || Suspend::new({
                    let (token, error, general) = (token.clone(), sent_back.on("new_password"), sent_back.general(&["new_password"]));
                    async move {
                        match link.await {
                            Some(LinkView { purpose: Some(p), .. }) if p == "reset_password" => view! {
                                <p>"Choosing a new password signs out every device, then signs in this one."</p>
                                <form method="post" action=ResetPassword::url() class="form" novalidate data-enhance data-announce="signed-in">
                                    <input type="hidden" name="token" value=token/>
                                    <NewPassword error=error/>
                                    <p class="form-error" role="alert">{general}</p>
                                    <button type="submit" class="button button-block">"Set the new password"</button>
                                </form>
                            }.into_any(),
                            _ => view! { <DeadLink again=routes::FORGOT_PASSWORD again_label="Ask for a new link"/> }.into_any(),
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
        <Title text="Confirm your address"/>
        <section class="panel narrow">
            <h1>"Confirm your e-mail address"</h1>
            <Suspense fallback=|| view! { <p>"Checking the link…"</p> }>
                {move || Suspend::new({
                    let (token, error, general) = (token.clone(), sent_back.on("new_password"), sent_back.general(&["new_password"]));
                    async move {
                        match link.await {
                            Some(LinkView { purpose: Some(p), needs_password, .. }) if p == "verify_email" => view! {
                                <p>{if needs_password {
                                    "This browser did not create the account, so choose its password here: the one given when it was created no longer works. This signs you in."
                                } else {
                                    "Confirm the address to start using your account; this signs you in."
                                }}</p>
                                <form method="post" action=VerifyEmail::url() class="form" novalidate data-enhance data-announce="signed-in">
                                    <input type="hidden" name="token" value=token/>
                                    {needs_password.then(|| view! { <NewPassword error=error/> })}
                                    <p class="form-error" role="alert">{general}</p>
                                    <button type="submit" class="button button-block">"Confirm my address"</button>
                                </form>
                            }.into_any(),
                            _ => view! { <DeadLink again=format!("{}?error=unverified", routes::LOGIN) again_label="Ask for a new link"/> }.into_any(),
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The field of a password chosen on a link's page.
#[component]
fn NewPassword(#[prop(default = None)] error: Option<String>, #[prop(optional)] label: Option<&'static str>) -> impl IntoView {
    view! {
        <PasswordField
            name="new_password"
            label=label.unwrap_or("New password")
            autocomplete="new-password"
            hint="At least 8 characters. A few unrelated words make a strong, memorable password."
            error=error
        />
    }
}

/// What a confirmation link will do, before the button is pressed.
fn confirm_text(view: &LinkView) -> Option<(&'static str, String, &'static str)> {
    let detail = view.detail.clone().unwrap_or_default();
    match view.purpose.as_deref()? {
        "change_email" => Some(("Use this address", format!("Make {detail} the address of your account?"), "Use this address")),
        "undo_email_change" => Some((
            "Undo the change of address",
            format!(
                "Give the account its address {detail} back? Choose a new password: every device will be signed out, and \
                 every passkey, authenticator app and recovery code removed, since whoever changed the address may have added them."
            ),
            "Undo the change",
        )),
        "not_me" => Some((
            "Sign that browser out",
            "Sign out the browser the alert was about, and every sign-in it made since? If someone else knows your password, \
             choose a new one below as well: that signs out every device."
                .into(),
            "It wasn't me: sign it out",
        )),
        _ => None,
    }
}

/// What the link will do, and the button that does it.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let token = token_param();
    let link = link_view();
    let sent_back = SentBack::read();
    view! {
        <Title text="Confirm"/>
        <section class="panel narrow">
            <Suspense fallback=|| view! { <p>"Checking the link…"</p> }>
                {move || Suspend::new({
                    let (token, error, general) = (token.clone(), sent_back.on("new_password"), sent_back.general(&["new_password"]));
                    async move {
                        let link = link.await;
                        // The undo needs a password; a report takes one if given.
                        let password = link.as_ref().and_then(|l| match l.purpose.as_deref() {
                            Some("undo_email_change") => Some("New password"),
                            Some("not_me") => Some("New password (optional)"),
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
                                <h1>"Confirm"</h1>
                                <DeadLink again=routes::HOME again_label="Go to keycard"/>
                            }.into_any(),
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
