//! The pages links in mails open, and the one that sends a reset link.
//! Opening a link only shows a page: its form's POST uses the token, so a
//! mail scanner fetching the link changes nothing. Each works without
//! JavaScript and in any browser, signed in or not.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{form_errors, go_on_after_sign_in, go_to_second_step, leave, query_notice, token_param};
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
    Resource::new(move || token.get(), |token| async move { describe_link(token).await.ok() })
}

/// Shown for a link that expired, was used, or was cut short.
#[component]
fn DeadLink(#[prop(into)] again: String, again_label: &'static str) -> impl IntoView {
    view! {
        <p class="notice notice-error" role="alert">"This link has expired or was already used."</p>
        <p><a href=again>{again_label}</a></p>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    view! {
        <Title text="Forgot your password?"/>
        <ForgotPasswordForm/>
    }
}

/// The form that sends a reset link.
#[island]
fn ForgotPasswordForm() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let (field_error, general_error) = form_errors(move || action.value().get());
    let sent = query_notice("sent", &[("1", NOTICE_RESET_SENT)]);
    let why = query_notice("reason", &[("reported", NOTICE_REPORTED)]);
    let notice = move || match action.value().get() {
        Some(Ok(n)) => Some(n.message),
        _ => sent().map(str::to_owned),
    };
    view! {
        <section class="panel narrow">
            <h1>"Choose a new password"</h1>
            {move || why().map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            <p>"Enter the address of your account: we send it a link to choose a new password."</p>
            {move || notice().map(|text| view! { <p class="notice notice-ok" role="status" data-testid="notice">{text}</p> })}
            <ActionForm action=action attr:class="form" attr:novalidate="true">
                <Field name="email" label="E-mail" kind="email" autocomplete="username" error=field_error("email")/>
                <p class="form-error" role="alert">{move || general_error.get()}</p>
                <button type="submit" class="button button-block" disabled=move || action.pending().get()>"Send the link"</button>
            </ActionForm>
            <p class="aside"><a href=routes::LOGIN>"Back to sign in"</a></p>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    view! {
        <Title text="Choose a new password"/>
        <ResetPasswordForm/>
    }
}

/// The new password's form, once the link was found good.
#[island]
fn ResetPasswordForm() -> impl IntoView {
    let token = token_param();
    let link = link_view();
    let action = ServerAction::<ResetPassword>::new();
    go_to_second_step(move || action.value().get(), Memo::new(|_| None));
    let (field_error, general_error) = form_errors(move || action.value().get());
    go_on_after_sign_in(move || matches!(action.value().get(), Some(Ok(_))), Memo::new(|_| None));
    view! {
        <section class="panel narrow">
            <h1>"Choose a new password"</h1>
            <Suspense fallback=|| view! { <p>"Checking the link…"</p> }>
                {move || Suspend::new(async move {
                    match link.await {
                        Some(LinkView { purpose: Some(p), .. }) if p == "reset_password" => view! {
                            <p>"Choosing a new password signs out every device, then signs in this one."</p>
                            <ActionForm action=action attr:class="form" attr:novalidate="true">
                                <input type="hidden" name="token" value=move || token.get()/>
                                <PasswordField
                                    name="new_password"
                                    label="New password"
                                    autocomplete="new-password"
                                    hint="At least 8 characters. A few unrelated words make a strong, memorable password."
                                    error=field_error("new_password")
                                />
                                <p class="form-error" role="alert">{move || general_error.get().or_else(|| field_error("token").get())}</p>
                                <button type="submit" class="button button-block" disabled=move || action.pending().get()>"Set the new password"</button>
                            </ActionForm>
                        }.into_any(),
                        _ => view! { <DeadLink again=routes::FORGOT_PASSWORD again_label="Ask for a new link"/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    view! {
        <Title text="Confirm your address"/>
        <VerifyEmailForm/>
    }
}

/// The button that confirms the address, once the link was found good.
#[island]
fn VerifyEmailForm() -> impl IntoView {
    let token = token_param();
    let link = link_view();
    let action = ServerAction::<VerifyEmail>::new();
    go_to_second_step(move || action.value().get(), Memo::new(|_| None));
    let (field_error, general_error) = form_errors(move || action.value().get());
    go_on_after_sign_in(move || matches!(action.value().get(), Some(Ok(_))), Memo::new(|_| None));
    view! {
        <section class="panel narrow">
            <h1>"Confirm your e-mail address"</h1>
            <Suspense fallback=|| view! { <p>"Checking the link…"</p> }>
                {move || Suspend::new(async move {
                    match link.await {
                        Some(LinkView { purpose: Some(p), needs_password, .. }) if p == "verify_email" => view! {
                            <p>{if needs_password {
                                "This browser did not create the account, so choose its password here: the one given when it was created no longer works. This signs you in."
                            } else {
                                "Confirm the address to start using your account; this signs you in."
                            }}</p>
                            <ActionForm action=action attr:class="form" attr:novalidate="true">
                                <input type="hidden" name="token" value=move || token.get()/>
                                {needs_password.then(|| view! { <NewPassword error=field_error("new_password")/> })}
                                <p class="form-error" role="alert">{move || general_error.get().or_else(|| field_error("token").get())}</p>
                                <button type="submit" class="button button-block" disabled=move || action.pending().get()>"Confirm my address"</button>
                            </ActionForm>
                        }.into_any(),
                        _ => view! { <DeadLink again=format!("{}?error=unverified", routes::LOGIN) again_label="Ask for a new link"/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The field of a password chosen on a link's page.
#[component]
fn NewPassword(#[prop(into)] error: Signal<Option<String>>, #[prop(optional)] label: Option<&'static str>) -> impl IntoView {
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

#[component]
pub fn ConfirmPage() -> impl IntoView {
    view! {
        <Title text="Confirm"/>
        <ConfirmForm/>
    }
}

/// What the link will do, and the button that does it.
#[island]
fn ConfirmForm() -> impl IntoView {
    let token = token_param();
    let link = link_view();
    let action = ServerAction::<Confirm>::new();
    let (field_error, general_error) = form_errors(move || action.value().get());
    // What the link changed (the address, the sessions) is read afresh.
    Effect::new(move |_| {
        if let Some(Ok(done)) = action.value().get() {
            leave(&done.next);
        }
    });
    view! {
        <section class="panel narrow">
            <Suspense fallback=|| view! { <p>"Checking the link…"</p> }>
                {move || Suspend::new(async move {
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
                            <ActionForm action=action attr:class="form" attr:novalidate="true">
                                <input type="hidden" name="token" value=move || token.get()/>
                                {password.map(|label| view! { <NewPassword label=label error=field_error("new_password")/> })}
                                <p class="form-error" role="alert">{move || general_error.get().or_else(|| field_error("token").get())}</p>
                                <button type="submit" class="button button-block" disabled=move || action.pending().get()>{button}</button>
                            </ActionForm>
                        }.into_any(),
                        None => view! {
                            <h1>"Confirm"</h1>
                            <DeadLink again=routes::HOME again_label="Go to keycard"/>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
