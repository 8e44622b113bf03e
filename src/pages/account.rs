//! `/account`: the security centre. Every form posts to its server function,
//! so the page works without JavaScript; once hydrated, submissions go
//! through [`authed`], which refreshes and retries once on a 401.

use leptos::{html, prelude::*};
use leptos_meta::Title;

use crate::{
    current_user::CurrentUser,
    auth::{
        AuthError,
        NOTICE_EMAIL_SENT,
        account_api::{
            change_email, change_password, delete_account, factors, list_sessions, passkey_register, passkey_register_begin,
            passkey_remove, passkey_rename, regenerate_recovery_codes, revoke_other_sessions, revoke_session, security_activity,
            sign_in_methods, totp_begin, totp_confirm, totp_remove, unlink_provider,
        },
        api::Logout,
    },
    keeper::{announce_signed_out, authed, passkey_ceremony, passkeys_supported},
    components::{
        form::Field,
        reauth::{Reauth, ReauthForm, ReauthPrompt, needs_reauth},
        time::Time,
    },
    pages::{leave, query_value, server_offers_passkeys},
};

fn input_value(node: NodeRef<html::Input>) -> String {
    node.get_untracked().map(|input| input.value()).unwrap_or_default()
}

fn clear_input(node: NodeRef<html::Input>) {
    if let Some(input) = node.get_untracked() {
        input.set_value("");
    }
}

/// The message of a refused change for `field` ("" for the form's own);
/// a request to confirm it's you is shown by the prompt instead.
fn field_error(result: Option<Result<(), AuthError>>, field: &str) -> Option<String> {
    if needs_reauth(&result) {
        return None;
    }
    match result {
        Some(Err(e)) if e.field.as_deref() == Some(field) || (e.field.is_none() && field.is_empty()) => Some(e.message),
        _ => None,
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let current = expect_context::<CurrentUser>();
    let page_error = query_value("error").and_then(|code| crate::auth::form_error_message(&code));
    // After a no-JavaScript post: a change refused for want of a recent
    // sign-in, or a confirmation refused, shows the confirmation form.
    let refused_confirmation = query_value("reauth").is_some();
    let reauth_form = refused_confirmation || query_value("error").as_deref() == Some("reauth_required");
    let reauth_form_error = refused_confirmation.then(|| page_error.clone()).flatten();
    let page_error = page_error.filter(|_| reauth_form_error.is_none());
    let confirmed = query_value("confirmed").is_some();
    view! {
        <Title text="Your account"/>
        <div class="account">
            <Suspense fallback=|| view! { <p>"Loading your account…"</p> }>
                {move || Suspend::new(async move {
                    current.0.await.map(|me| view! {
                        <section class="panel account-head" aria-labelledby="account-title">
                            <div>
                                <h1 id="account-title">"Your account"</h1>
                                <dl class="facts">
                                    <dt>"E-mail"</dt>
                                    <dd>
                                        <span data-testid="account-email">{me.user.email}</span>
                                        {if me.user.email_verified {
                                            view! { <span class="badge badge-ok" data-testid="email-status">"Verified"</span> }.into_any()
                                        } else {
                                            view! { <span class="badge badge-warn" data-testid="email-status">"Not verified"</span> }.into_any()
                                        }}
                                    </dd>
                                    <dt>"Member since"</dt>
                                    <dd><Time secs=me.user.created_at/></dd>
                                </dl>
                            </div>
                            <SignOut/>
                        </section>
                    })
                })}
            </Suspense>
            {page_error.map(|e| view! { <p class="notice notice-error" role="alert">{e}</p> })}
            {reauth_form.then(|| view! { <ReauthForm error=Signal::derive(move || reauth_form_error.clone())/> })}
            {confirmed.then(|| view! {
                <p class="notice notice-ok" role="status">"Thank you. For the next few minutes you can make sensitive changes without confirming again."</p>
            })}
            <AccountPanels passkeys=server_offers_passkeys()/>
        </div>
    }
}

/// "Sign out" (a plain form post without JavaScript): in the browser it
/// also tells the other tabs, which leave for the sign-in page at once.
#[island]
fn SignOut() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            announce_signed_out();
            leave("/login?reason=signed_out");
        }
    });
    view! {
        <ActionForm action=logout attr:class="inline-form">
            <button type="submit" class="button button-ghost">"Sign out"</button>
        </ActionForm>
    }
}

/// Everything on the account page that acts: the devices, second factors,
/// passkeys, the changes of password and address, deleting the account,
/// and the activity they reload.
/// `passkeys`: whether the server offers them (otherwise no control for
/// them is shown, only the passkeys panel's note on why they are off).
#[island]
fn AccountPanels(passkeys: bool) -> impl IntoView {
    // Bumped after every change, to reload the lists.
    let version = RwSignal::new(0u32);
    let reauth = Reauth::new(passkeys);
    // One read of the factors serves both panels.
    let factor_list = Resource::new(move || version.get(), |_| authed(factors));
    view! {
        {devices_panel(version)}
        {factors_panel(factor_list, reauth, version)}
        {passkeys_panel(factor_list, reauth, version, passkeys)}
        {methods_panel(reauth, version)}

        <div class="account-grid">
            {password_panel(reauth, version)}
            {email_panel(reauth, version)}
            {delete_panel(reauth)}
        </div>

        {activity_panel(version)}
    }
}

/// How the account can be signed in to: the password, the providers linked
/// (each with "Unlink") and those offered (each with "Link", a plain form
/// that goes to the provider and back).
fn methods_panel(reauth: Reauth, version: RwSignal<u32>) -> AnyView {
    let methods = Resource::new(move || version.get(), |_| authed(sign_in_methods));
    let last = RwSignal::new(String::new());
    let unlink = Action::new(move |provider: &String| {
        let provider = provider.clone();
        async move { authed(move || unlink_provider(provider.clone())).await }
    });
    let unlink_again = Callback::new(move |_| {
        unlink.dispatch(last.get_untracked());
    });
    Effect::new(move |_| {
        let result = unlink.value().get();
        reauth.ask_if_needed("methods", &result);
        if let Some(Ok(())) = result {
            version.update(|v| *v += 1);
        }
    });
    let linked = query_value("linked").is_some();
    let error = move || field_error(unlink.value().get(), "provider").or_else(|| field_error(unlink.value().get(), ""));
    view! {
        <section class="panel" id="methods" aria-labelledby="methods-title">
            <h2 id="methods-title">"Sign-in methods"</h2>
            {linked.then(|| view! { <p class="notice notice-ok" role="status">"Linked: you can sign in with that provider now."</p> })}
            <Transition fallback=|| view! { <p>"Loading sign-in methods…"</p> }>
                {move || Suspend::new(async move {
                    match methods.await {
                        Ok(m) => view! {
                            <ul class="device-list" data-testid="methods">
                                <li class="device">
                                    <div>
                                        <p class="device-name">"Password"</p>
                                        <p class="device-meta">
                                            {if m.password { "Set" } else { "Not set. Choose one with \"Forgot your password?\" on the sign-in page." }}
                                        </p>
                                    </div>
                                </li>
                                <li class="device">
                                    <div>
                                        <p class="device-name">"Passkeys"</p>
                                        <p class="device-meta">
                                            {match m.passkeys { 0 => "None".to_owned(), 1 => "1, listed below".to_owned(), n => format!("{n}, listed below") }}
                                        </p>
                                    </div>
                                </li>
                                {m.linked.into_iter().map(|l| {
                                    let (id, field, data) = (l.provider.clone(), l.provider.clone(), l.provider);
                                    let label = format!("Unlink {}", l.name);
                                    view! {
                                        <li class="device" data-provider=data>
                                            <div>
                                                <p class="device-name">{l.name}</p>
                                                <p class="device-meta">
                                                    {l.email.map(|e| format!("{e} · "))} "linked " <Time secs=l.linked_at/>
                                                </p>
                                            </div>
                                            <form method="post" action="/api/account/unlink_provider"
                                                on:submit=move |ev| { ev.prevent_default(); last.set(id.clone()); unlink.dispatch(id.clone()); }>
                                                <input type="hidden" name="provider" value=field/>
                                                <button type="submit" class="button button-ghost button-small" aria-label=label>"Unlink"</button>
                                            </form>
                                        </li>
                                    }
                                }).collect_view()}
                                {m.available.into_iter().map(|p| {
                                    let label = format!("Link {}", p.name);
                                    view! {
                                        <li class="device" data-provider=p.id.clone()>
                                            <div>
                                                <p class="device-name">{p.name}</p>
                                                <p class="device-meta">"Not linked"</p>
                                            </div>
                                            <form method="post" action=format!("/auth/oidc/{}/start", p.id)>
                                                <input type="hidden" name="link" value="1"/>
                                                <button type="submit" class="button button-ghost button-small" aria-label=label>"Link"</button>
                                            </form>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
            <p class="form-error" role="alert">{error}</p>
            <ReauthPrompt reauth section="methods" retry=unlink_again/>
        </section>
    }
    .into_any()
}

/// The signed-in devices, each with its sign-out, and a sign-out of all others.
fn devices_panel(version: RwSignal<u32>) -> AnyView {
    let devices = Resource::new(move || version.get(), |_| authed(list_sessions));

    let revoke = Action::new(move |session_id: &String| {
        let session_id = session_id.clone();
        async move { authed(move || revoke_session(session_id.clone())).await }
    });
    let revoke_others = Action::new(move |_: &()| async move { authed(revoke_other_sessions).await.map(|_| ()) });
    Effect::new(move |_| {
        if revoke.value().get().is_some() || revoke_others.value().get().is_some() {
            version.update(|v| *v += 1);
        }
    });
    // Why the last sign-out of a device failed (say, another tab did it first).
    let revoke_error = move || {
        [revoke.value().get(), revoke_others.value().get()].into_iter().flatten().find_map(Result::err).map(|e| e.message)
    };

    view! {
        <section class="panel" aria-labelledby="devices-title">
            <div class="section-head">
                <h2 id="devices-title">"Signed-in devices"</h2>
                <form method="post" action="/api/account/revoke_other_sessions"
                    on:submit=move |ev| { ev.prevent_default(); revoke_others.dispatch(()); }>
                    <button type="submit" class="button button-ghost" disabled=move || revoke_others.pending().get()>
                        "Sign out all other devices"
                    </button>
                </form>
            </div>
            {move || revoke_error().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <Transition fallback=|| view! { <p>"Loading devices…"</p> }>
                {move || Suspend::new(async move {
                    match devices.await {
                        Ok(list) => view! {
                            <ul class="device-list" data-testid="devices">
                                {list.into_iter().map(|d| {
                                    let id = d.session_id.clone();
                                    let data_id = d.session_id.clone();
                                    let label = format!("Sign out {}{}", d.device, if d.this_device { " (this device)" } else { "" });
                                    view! {
                                        <li class="device" class:device-current=d.this_device data-session-id=data_id>
                                            <div>
                                                <p class="device-name">
                                                    {d.device}
                                                    {d.this_device.then(|| view! { <span class="badge">"This device"</span> })}
                                                    {d.bound.then(|| view! {
                                                        <span class="badge badge-ok" data-testid="bound"
                                                            title="This session is bound to a key the browser keeps: copied cookies cannot continue it.">
                                                            "Protected on this device"
                                                        </span>
                                                    })}
                                                </p>
                                                <p class="device-meta">
                                                    {d.ip} " · signed in " <Time secs=d.signed_in_at/>
                                                    " · last active " <Time secs=d.last_active_at/>
                                                </p>
                                            </div>
                                            <form method="post" action="/api/account/revoke_session"
                                                on:submit=move |ev| { ev.prevent_default(); revoke.dispatch(id.clone()); }>
                                                <input type="hidden" name="session_id" value=d.session_id/>
                                                <button type="submit" class="button button-ghost button-small" aria-label=label>"Sign out"</button>
                                            </form>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// A new password, given the current one.
fn password_panel(reauth: Reauth, version: RwSignal<u32>) -> AnyView {
    let (current_pw, new_pw) = (NodeRef::<html::Input>::new(), NodeRef::<html::Input>::new());
    let change = Action::new(move |(old, new): &(String, String)| {
        let (old, new) = (old.clone(), new.clone());
        async move { authed(move || change_password(old.clone(), new.clone())).await }
    });
    let change_again = Callback::new(move |_| {
        change.dispatch((input_value(current_pw), input_value(new_pw)));
    });
    Effect::new(move |_| {
        let result = change.value().get();
        reauth.ask_if_needed("password", &result);
        if let Some(Ok(())) = result {
            clear_input(current_pw);
            clear_input(new_pw);
            version.update(|v| *v += 1);
        }
    });

    let from_query = query_value("changed").as_deref() == Some("password");
    let changed_notice = move || {
        (from_query || matches!(change.value().get(), Some(Ok(())))).then(|| {
            view! { <p class="notice notice-ok" role="status">"Password changed. Your other devices were signed out."</p> }
        })
    };
    let error = move |field: &'static str| Signal::derive(move || field_error(change.value().get(), field));
    view! {
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">"Change password"</h2>
            {changed_notice}
            <form class="form" method="post" action="/api/account/change_password"
                on:submit=move |ev| {
                    ev.prevent_default();
                    change.dispatch((input_value(current_pw), input_value(new_pw)));
                }>
                <Field name="current_password" id="current_password" label="Current password" kind="password"
                    autocomplete="current-password" node_ref=current_pw error=error("current_password")/>
                <Field name="new_password" id="new_password" label="New password" kind="password"
                    autocomplete="new-password" node_ref=new_pw error=error("new_password")/>
                <p class="form-error" role="alert">{move || field_error(change.value().get(), "")}</p>
                <ReauthPrompt reauth section="password" retry=change_again/>
                <button type="submit" class="button" disabled=move || change.pending().get()>"Change password"</button>
            </form>
        </section>
    }
    .into_any()
}

/// A new address, which takes effect once a link mailed to it is opened.
fn email_panel(reauth: Reauth, version: RwSignal<u32>) -> AnyView {
    let (email_pw, new_email) = (NodeRef::<html::Input>::new(), NodeRef::<html::Input>::new());
    let change_address = Action::new(move |(password, email): &(String, String)| {
        let (password, email) = (password.clone(), email.clone());
        async move { authed(move || change_email(password.clone(), email.clone())).await }
    });
    let change_address_again = Callback::new(move |_| {
        change_address.dispatch((input_value(email_pw), input_value(new_email)));
    });
    Effect::new(move |_| {
        let result = change_address.value().get();
        reauth.ask_if_needed("email", &result);
        if let Some(Ok(_)) = result {
            clear_input(email_pw);
            clear_input(new_email);
            version.update(|v| *v += 1);
        }
    });
    let result = move || change_address.value().get().map(|r| r.map(|_| ()));
    let address_error = move |field: &'static str| Signal::derive(move || field_error(result(), field));
    let sent = query_value("sent").as_deref() == Some("email");
    let changed = query_value("changed").as_deref() == Some("email");
    let address_notice = move || {
        if sent || matches!(change_address.value().get(), Some(Ok(_))) {
            Some(NOTICE_EMAIL_SENT)
        } else if changed {
            Some("Your e-mail address was changed. The old address was told, with a way to undo it.")
        } else {
            None
        }
    };

    view! {
        <section class="panel" aria-labelledby="email-title">
            <h2 id="email-title">"Change e-mail address"</h2>
            {move || address_notice().map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            <form class="form" method="post" action="/api/account/change_email"
                on:submit=move |ev| {
                    ev.prevent_default();
                    change_address.dispatch((input_value(email_pw), input_value(new_email)));
                }>
                <Field name="new_email" id="new_email" label="New e-mail address" kind="email"
                    autocomplete="email" node_ref=new_email error=address_error("new_email")/>
                <Field name="password" id="email_password" label="Your password" kind="password"
                    autocomplete="current-password" node_ref=email_pw error=address_error("password")/>
                <p class="form-error" role="alert">{move || field_error(result(), "")}</p>
                <ReauthPrompt reauth section="email" retry=change_address_again/>
                <button type="submit" class="button" disabled=move || change_address.pending().get()>"Send a confirmation link"</button>
            </form>
        </section>
    }
    .into_any()
}

/// Deleting the account, given the password.
fn delete_panel(reauth: Reauth) -> AnyView {
    let delete_pw = NodeRef::<html::Input>::new();
    let delete = Action::new(move |password: &String| {
        let password = password.clone();
        async move { authed(move || delete_account(password.clone())).await }
    });
    let delete_again = Callback::new(move |_| {
        delete.dispatch(input_value(delete_pw));
    });
    Effect::new(move |_| {
        let result = delete.value().get();
        reauth.ask_if_needed("delete", &result);
        if let Some(Ok(())) = result {
            announce_signed_out();
            leave("/?deleted=1");
        }
    });

    view! {
        <section class="panel danger-zone" aria-labelledby="delete-title">
            <h2 id="delete-title">"Delete account"</h2>
            <p>"This removes your account, every signed-in device and your activity. It cannot be undone."</p>
            <form class="form" method="post" action="/api/account/delete"
                on:submit=move |ev| { ev.prevent_default(); delete.dispatch(input_value(delete_pw)); }>
                <Field name="password" id="delete_password" label="Password" kind="password"
                    autocomplete="current-password" node_ref=delete_pw
                    error=Signal::derive(move || field_error(delete.value().get(), "password"))/>
                <ReauthPrompt reauth section="delete" retry=delete_again/>
                <button type="submit" class="button button-danger" disabled=move || delete.pending().get()>"Delete my account"</button>
            </form>
        </section>
    }
    .into_any()
}

/// The security activity; reloaded with every change.
fn activity_panel(version: RwSignal<u32>) -> AnyView {
    let activity = Resource::new(move || version.get(), |_| authed(security_activity));
    view! {
        <section class="panel" aria-labelledby="activity-title">
            <h2 id="activity-title">"Security activity"</h2>
            <Transition fallback=|| view! { <p>"Loading activity…"</p> }>
                {move || Suspend::new(async move {
                    match activity.await {
                        Ok(events) => view! {
                            <ol class="activity" data-testid="activity">
                                {events.into_iter().map(|e| view! {
                                    <li class=format!("activity-item activity-{}", e.kind) data-kind=e.kind.clone()>
                                        <span class="activity-label">{e.label}</span>
                                        <span class="activity-meta">
                                            {e.device} " · "
                                            // Events an administrator's command recorded have no address.
                                            {(!e.ip.is_empty()).then(|| format!("{} · ", e.ip))}
                                            <Time secs=e.at/>
                                        </span>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// What the two-step panel last asked the server to do (sent again after a
/// confirmation of the password).
#[derive(Clone, Copy, PartialEq, Eq)]
enum FactorStep {
    Begin,
    Confirm,
    Remove,
    Regenerate,
}

/// "Two-step sign-in": add an authenticator app (QR code and key, confirmed
/// by a first code), see and renew the recovery codes, remove the app.
fn factors_panel(list: FactorList, reauth: Reauth, version: RwSignal<u32>) -> AnyView {
    let code = NodeRef::<html::Input>::new();
    let step = Action::new(move |(which, code): &(FactorStep, String)| {
        let (which, code) = (*which, code.clone());
        async move {
            match which {
                FactorStep::Begin => authed(totp_begin).await.map(|_| None),
                FactorStep::Confirm => authed(move || totp_confirm(code.clone())).await.map(|c| (!c.codes.is_empty()).then_some(c.codes)),
                FactorStep::Remove => authed(totp_remove).await.map(|_| None),
                FactorStep::Regenerate => authed(regenerate_recovery_codes).await.map(|c| Some(c.codes)),
            }
        }
    });
    // Recovery codes just made: shown this once, never stored in the page's URL or state beyond it.
    let fresh = RwSignal::new(None::<Vec<String>>);
    let last = RwSignal::new(FactorStep::Begin);
    let send = move |which: FactorStep| {
        last.set(which);
        step.dispatch((which, input_value(code)));
    };
    let again = Callback::new(move |_| send(last.get_untracked()));
    Effect::new(move |_| {
        let result = step.value().get();
        reauth.ask_if_needed("factors", &result);
        if let Some(Ok(codes)) = result {
            fresh.set(codes);
            clear_input(code);
            version.update(|v| *v += 1);
        }
    });
    let error = move || field_error(step.value().get().map(|r| r.map(|_| ())), "code").or_else(|| field_error(step.value().get().map(|r| r.map(|_| ())), ""));
    let enabled = query_value("enabled").as_deref() == Some("totp");
    let renewed = query_value("codes").as_deref() == Some("new");
    let no_script_notice = move || {
        (enabled || renewed).then_some(
            "Done. Recovery codes are shown only once, by this page's script: with JavaScript on, create new ones to see and save them.",
        )
    };
    let submit = move |which: FactorStep| {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            send(which);
        }
    };

    view! {
        <section class="panel" id="factors" aria-labelledby="factors-title">
            <h2 id="factors-title">"Two-step sign-in"</h2>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(f) if f.totp_since.is_some() => view! {
                            <p data-testid="totp-status">
                                <span class="badge badge-ok">"On"</span>
                                " Signing in with your password also asks for a code from your authenticator app (since "
                                <Time secs=f.totp_since.unwrap_or_default()/> ")."
                            </p>
                            <p data-testid="recovery-left">
                                {format!("{} of 10 recovery codes left.", f.recovery_codes_left)}
                                " Each lets you in once if your phone is lost."
                            </p>
                            <div class="inline-actions">
                                <form method="post" action="/api/account/recovery_codes" on:submit=submit(FactorStep::Regenerate)>
                                    <button type="submit" class="button button-ghost">"Create new recovery codes"</button>
                                </form>
                                <form method="post" action="/api/account/totp_remove" on:submit=submit(FactorStep::Remove)>
                                    <button type="submit" class="button button-ghost">"Remove the authenticator app"</button>
                                </form>
                            </div>
                        }.into_any(),
                        Ok(f) => match f.setup {
                            Some(setup) => view! {
                                <ol class="steps" data-testid="totp-setup">
                                    <li>
                                        "Scan this QR code with an authenticator app (such as Google Authenticator, 1Password or Aegis)."
                                        <div class="qr" role="img" aria-label="QR code of the key" inner_html=setup.qr_svg></div>
                                    </li>
                                    <li>
                                        "Or type this key into the app: "
                                        <code class="secret" data-testid="totp-secret">{setup.secret}</code>
                                    </li>
                                    <li>"Enter the 6-digit code the app shows to turn it on."</li>
                                </ol>
                                <form class="form" method="post" action="/api/account/totp_confirm" on:submit=submit(FactorStep::Confirm)>
                                    <div class="field">
                                        <label for="totp-code">"Code from the app"</label>
                                        <input id="totp-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required node_ref=code/>
                                    </div>
                                    <button type="submit" class="button">"Turn on two-step sign-in"</button>
                                </form>
                            }.into_any(),
                            None => view! {
                                <p>
                                    "Protect your account even if someone learns your password: signing in will also ask for a code from an app on your phone."
                                </p>
                                // Passkeys are a second factor too: their recovery codes are kept here.
                                {(!f.passkeys.is_empty()).then(|| view! {
                                    <p data-testid="recovery-left">
                                        {format!("Your passkeys are the second step after a password. {} of 10 recovery codes left.", f.recovery_codes_left)}
                                    </p>
                                    <form method="post" action="/api/account/recovery_codes" on:submit=submit(FactorStep::Regenerate)>
                                        <button type="submit" class="button button-ghost">"Create new recovery codes"</button>
                                    </form>
                                })}
                                <form method="post" action="/api/account/totp_begin" on:submit=submit(FactorStep::Begin)>
                                    <button type="submit" class="button">"Set up an authenticator app"</button>
                                </form>
                            }.into_any(),
                        },
                        Err(e) => view! { <p class="form-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
            <p class="form-error" role="alert">{error}</p>
            <ReauthPrompt reauth section="factors" retry=again/>
            {move || no_script_notice().map(|text| view! { <p class="notice" role="status">{text}</p> })}
            {move || fresh.get().map(recovery_codes_view)}
        </section>
    }
    .into_any()
}

/// The account's second factors and passkeys, reloaded with `version`.
type FactorList = Resource<Result<crate::auth::FactorsView, AuthError>>;

/// What the passkeys panel was last asked to do.
#[derive(Clone)]
enum PasskeyStep {
    Rename { id: String, name: String },
    Remove { id: String },
}

/// "Passkeys": the account's passkeys (name, added, last used), adding one
/// in this browser, renaming and removing them. When the server offers no
/// passkeys (`passkeys`: no host name in the public URL) the panel only says
/// why they are off.
fn passkeys_panel(list: FactorList, reauth: Reauth, version: RwSignal<u32>, passkeys: bool) -> AnyView {
    let supported = passkeys_supported();
    let name = NodeRef::<html::Input>::new();
    let add = Action::new_unsync(move |name: &String| {
        let name = name.clone();
        async move {
            passkey_ceremony(authed(passkey_register_begin), true, async |ceremony, credential| {
                authed(move || passkey_register(ceremony.clone(), credential.clone(), name.clone())).await
            })
            .await
        }
    });
    let fresh = RwSignal::new(None::<Vec<String>>);
    Effect::new(move |_| {
        let result = add.value().get();
        reauth.ask_if_needed("passkeys", &result);
        if let Some(Ok(Some(added))) = result {
            fresh.set(added.recovery_codes);
            clear_input(name);
            version.update(|v| *v += 1);
        }
    });
    let change = Action::new(move |step: &PasskeyStep| {
        let step = step.clone();
        async move {
            match step {
                PasskeyStep::Rename { id, name } => authed(move || passkey_rename(id.clone(), name.clone())).await,
                PasskeyStep::Remove { id } => authed(move || passkey_remove(id.clone())).await,
            }
        }
    });
    let last = RwSignal::new(None::<PasskeyStep>);
    Effect::new(move |_| {
        let result = change.value().get();
        reauth.ask_if_needed("passkeys", &result);
        if let Some(Ok(())) = result {
            version.update(|v| *v += 1);
        }
    });
    let adding = RwSignal::new(false);
    let again = Callback::new(move |_| match last.get_untracked() {
        Some(step) if !adding.get_untracked() => {
            change.dispatch(step);
        }
        _ => {
            add.dispatch(input_value(name));
        }
    });
    let error = move || {
        let added = add.value().get().map(|r| r.map(|_| ()));
        let changed = change.value().get();
        let pick = |r: Option<Result<(), AuthError>>| field_error(r.clone(), "passkey").or_else(|| field_error(r.clone(), "name")).or_else(|| field_error(r, ""));
        if adding.get() { pick(added) } else { pick(changed) }
    };
    let start_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        adding.set(true);
        add.dispatch(input_value(name));
    };

    view! {
        <section class="panel" id="passkeys" aria-labelledby="passkeys-title">
            <h2 id="passkeys-title">"Passkeys"</h2>
            <p>"Sign in with your device's screen lock (fingerprint, face or PIN) instead of a password. A passkey counts as two factors, and also serves as the second step after a password."</p>
            {if passkeys {
                view! {
                    <Transition fallback=|| view! { <p>"Loading…"</p> }>
                        {move || Suspend::new(async move {
                            match list.await {
                                Ok(f) => passkey_list(f.passkeys, change, last, adding),
                                Err(e) => view! { <p class="form-error">{e.message}</p> }.into_any(),
                            }
                        })}
                    </Transition>
                    <Show when=move || supported.get() fallback=|| view! {
                        <p class="aside" data-testid="passkeys-need-script">"Adding a passkey needs JavaScript and a browser that supports passkeys."</p>
                    }>
                        <form class="form inline-form" on:submit=start_add>
                            <div class="field">
                                <label for="passkey-name">"Name of the new passkey"</label>
                                <input id="passkey-name" name="name" type="text" maxlength="64" placeholder="e.g. Work laptop" node_ref=name required/>
                            </div>
                            <button type="submit" class="button" data-testid="passkey-add" disabled=move || add.pending().get()>
                                {move || if add.pending().get() { "Waiting for your device…" } else { "Add a passkey" }}
                            </button>
                        </form>
                    </Show>
                }.into_any()
            } else {
                view! {
                    <p class="notice" data-testid="passkeys-off">
                        "Passkeys are off on this server: browsers allow them only for a site opened by a host name (such as localhost), not by an IP address like 127.0.0.1. Open the site by its name, with KEYCARD_PUBLIC_URL set to that address, to use them."
                    </p>
                }.into_any()
            }}
            <p class="form-error" role="alert" data-testid="passkey-error">{error}</p>
            <ReauthPrompt reauth section="passkeys" retry=again/>
            {move || fresh.get().map(|codes| recovery_codes_view(codes))}
        </section>
    }
    .into_any()
}

/// The account's passkeys, each with its rename and remove forms (plain
/// form posts without JavaScript).
fn passkey_list(
    passkeys: Vec<crate::auth::PasskeyView>,
    change: Action<PasskeyStep, Result<(), AuthError>>,
    last: RwSignal<Option<PasskeyStep>>,
    adding: RwSignal<bool>,
) -> AnyView {
    if passkeys.is_empty() {
        return view! { <p data-testid="passkeys-none">"No passkeys yet."</p> }.into_any();
    }
    let send = move |step: PasskeyStep| {
        adding.set(false);
        last.set(Some(step.clone()));
        change.dispatch(step);
    };
    view! {
        <ul class="passkeys" data-testid="passkey-list">
            {passkeys.into_iter().map(|p| {
                let rename_input = NodeRef::<html::Input>::new();
                let (rename_id, remove_id) = (p.id.clone(), p.id.clone());
                let input_id = format!("passkey-rename-{}", p.id);
                view! {
                    <li data-testid="passkey">
                        <p><strong data-testid="passkey-name">{p.name.clone()}</strong></p>
                        <p class="aside">
                            "Added " <Time secs=p.created_at/> " · "
                            {match p.last_used_at {
                                Some(at) => view! { "last used " <Time secs=at/> }.into_any(),
                                None => view! { "never used" }.into_any(),
                            }}
                        </p>
                        <div class="inline-actions">
                            <form method="post" action="/api/account/passkey_rename" class="inline-form"
                                on:submit=move |ev| {
                                    ev.prevent_default();
                                    send(PasskeyStep::Rename { id: rename_id.clone(), name: input_value(rename_input) });
                                }>
                                <input type="hidden" name="id" value=p.id.clone()/>
                                <label class="visually-hidden" for=input_id.clone()>"New name"</label>
                                <input id=input_id name="name" type="text" maxlength="64" value=p.name.clone() node_ref=rename_input required/>
                                <button type="submit" class="button button-ghost">"Rename"</button>
                            </form>
                            <form method="post" action="/api/account/passkey_remove"
                                on:submit=move |ev| {
                                    ev.prevent_default();
                                    send(PasskeyStep::Remove { id: remove_id.clone() });
                                }>
                                <input type="hidden" name="id" value=p.id.clone()/>
                                <button type="submit" class="button button-ghost" data-testid="passkey-remove">"Remove"</button>
                            </form>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Recovery codes just made: shown this once.
fn recovery_codes_view(codes: Vec<String>) -> AnyView {
    view! {
        <div class="recovery-codes" data-testid="recovery-codes">
            <p><strong>"Save these recovery codes now."</strong>
                " They are shown only this once. Each one signs you in once if you lose your phone or passkey; keep them somewhere safe."</p>
            <ul>{codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
        </div>
    }
    .into_any()
}
