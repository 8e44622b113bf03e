//! "Confirm it's you": what a sensitive change shows when the server answers
//! `reauth_required` (docs/security.md, "Two-step sign-in and confirming it's you"). The prompt opens inside the form that was
//! refused; once the password is confirmed, the change is sent again with
//! what the form still holds, so nothing typed is lost.

use leptos::{html, prelude::*};

use crate::{
    auth::{
        AuthError, ErrorCode,
        account_api::{reauth_passkey, reauth_passkey_begin, reauthenticate},
    },
    keeper::{authed, passkey_ceremony, passkeys_supported},
};

/// Whether a change was refused for want of a recent authentication.
pub fn needs_reauth<T>(result: &Option<Result<T, AuthError>>) -> bool {
    matches!(result, Some(Err(e)) if e.code == ErrorCode::ReauthRequired)
}

/// Which form of the page waits for the user to confirm it's them.
#[derive(Clone, Copy)]
pub struct Reauth {
    open: RwSignal<Option<&'static str>>,
    /// Whether the server offers passkeys: only then is "Use a passkey" shown.
    passkeys: bool,
}

impl Reauth {
    pub fn new(passkeys: bool) -> Self {
        Self { open: RwSignal::new(None), passkeys }
    }

    /// Opens the prompt of form `section` when `result` asks for it.
    pub fn ask_if_needed<T>(self, section: &'static str, result: &Option<Result<T, AuthError>>) {
        if needs_reauth(result) {
            self.open.set(Some(section));
        }
    }
}

/// The prompt of one form: shown while that form waits; `retry` sends the
/// change again once the password was confirmed.
#[component]
pub fn ReauthPrompt(reauth: Reauth, section: &'static str, retry: Callback<()>) -> impl IntoView {
    let password = NodeRef::<html::Input>::new();
    let confirm = Action::new(move |password: &String| {
        let password = password.clone();
        async move { authed(move || reauthenticate(password.clone())).await }
    });
    let with_passkey = Action::new_unsync(move |_: &()| {
        passkey_ceremony(authed(reauth_passkey_begin), false, async |ceremony, credential| {
            authed(move || reauth_passkey(ceremony.clone(), credential.clone())).await
        })
    });
    let supported = passkeys_supported();
    // Once confirmed (each way watched on its own, so an old success of one
    // is not taken for a new one of the other): close and send the change again.
    let confirmed = move || {
        if let Some(input) = password.get_untracked() {
            input.set_value("");
        }
        reauth.open.set(None);
        retry.run(());
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = confirm.value().get() {
            confirmed();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(_))) = with_passkey.value().get() {
            confirmed();
        }
    });
    // The error of whichever way was tried last.
    let last_tried = RwSignal::new(false);
    let error = move || {
        let result = if last_tried.get() { with_passkey.value().get().map(|r| r.map(|_| ())) } else { confirm.value().get().map(|r| r.map(|_| ())) };
        match result {
            Some(Err(e)) => Some(e.message),
            _ => None,
        }
    };
    let id = format!("reauth-{section}");
    view! {
        <Show when=move || reauth.open.get() == Some(section)>
            <div class="reauth" role="group" aria-labelledby=format!("{id}-title") data-testid="reauth">
                <p class="reauth-title" id=format!("{id}-title")>
                    <strong>"Confirm it's you."</strong>
                    {if reauth.passkeys {
                        " It has been a while since you signed in: enter your password, or use a passkey, to make this change."
                    } else {
                        " It has been a while since you signed in: enter your password to make this change."
                    }}
                </p>
                <div class="field">
                    <label for=id.clone()>"Your password"</label>
                    <input id=id.clone() type="password" autocomplete="current-password" node_ref=password
                        on:keydown=move |ev| {
                            // Enter confirms here, not the change's own form around it.
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                let value = password.get_untracked().map(|i| i.value()).unwrap_or_default();
                                last_tried.set(false);
                                confirm.dispatch(value);
                            }
                        }/>
                    <p class="field-error" role="alert">{error}</p>
                </div>
                <div class="reauth-actions">
                    <button type="button" class="button" disabled=move || confirm.pending().get()
                        on:click=move |_| {
                            let value = password.get_untracked().map(|i| i.value()).unwrap_or_default();
                            last_tried.set(false);
                            confirm.dispatch(value);
                        }>
                        "Confirm and continue"
                    </button>
                    <Show when=move || reauth.passkeys && supported.get()>
                        <button type="button" class="button button-ghost" data-testid="reauth-passkey"
                            disabled=move || with_passkey.pending().get() on:click=move |_| { last_tried.set(true); with_passkey.dispatch(()); }>
                            "Use a passkey"
                        </button>
                    </Show>
                    <button type="button" class="button button-ghost" on:click=move |_| reauth.open.set(None)>"Cancel"</button>
                </div>
            </div>
        </Show>
    }
}

/// The same confirmation as a plain form, for a page loaded without
/// JavaScript after a refused change (`?error=reauth_required`) or a
/// refused confirmation (`?reauth=1`).
#[component]
pub fn ReauthForm(#[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <section class="panel reauth" aria-labelledby="reauth-form-title" data-testid="reauth-form">
            <h2 id="reauth-form-title">"Confirm it's you"</h2>
            <p>"Enter your password, then make the change again."</p>
            <form class="form" method="post" action="/api/account/reauth">
                <div class="field">
                    <label for="reauth-password">"Your password"</label>
                    <input id="reauth-password" name="password" type="password" autocomplete="current-password" required/>
                    <p class="field-error" role="alert">{move || error.get()}</p>
                </div>
                <button type="submit" class="button">"Confirm"</button>
            </form>
        </section>
    }
}
