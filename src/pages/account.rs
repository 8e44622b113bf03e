//! `/account`: the security centre, rendered on the server with its lists.
//! Every form posts to its server function, so the page works without
//! JavaScript; with it, `client::forms` sends them with `fetch` (one
//! refresh and retry on a 401, "Confirm it's you" when the sign-in is old)
//! and swaps in the page's fresh content once a change is done.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    auth::{
        ActivityView, AuthError, DeviceView, FactorsView, MethodsView, NOTICE_EMAIL_SENT, PasskeyView,
        account_api::{
            ChangeEmail, ChangePassword, DeleteAccount, PasskeyRemove, PasskeyRename, RegenerateRecoveryCodes, RevokeOtherSessions,
            RevokeSession, TotpBegin, TotpConfirm, TotpRemove, UnlinkProvider, factors, list_sessions, security_activity, sign_in_methods,
        },
        api::Logout,
    },
    current_user::CurrentUser,
    components::{
        form::Field,
        reauth::{ReauthForm, ReauthPrompt},
        time::Time,
    },
    pages::{query_value, server_offers_passkeys},
};

#[component]
pub fn AccountPage() -> impl IntoView {
    let current = expect_context::<CurrentUser>();
    let page_error = query_value("error").and_then(|code| crate::auth::form_error_text(&code, crate::i18n::lang()));
    // After a no-JavaScript post: a change refused for want of a recent
    // sign-in, or a confirmation refused, shows the confirmation form.
    let refused_confirmation = query_value("reauth").is_some();
    let reauth_form = refused_confirmation || query_value("error").as_deref() == Some("reauth_required");
    let reauth_form_error = refused_confirmation.then(|| page_error.clone()).flatten();
    let page_error = page_error.filter(|_| reauth_form_error.is_none());
    let confirmed = query_value("confirmed").is_some();
    let passkeys = server_offers_passkeys();
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
            {reauth_form.then(|| view! { <ReauthForm error=reauth_form_error/> })}
            {confirmed.then(|| view! {
                <p class="notice notice-ok" role="status">"Thank you. For the next few minutes you can make sensitive changes without confirming again."</p>
            })}
            <AccountPanels passkeys/>
        </div>
        // What the script puts in the page when it is needed.
        <template id="reauth-prompt"><ReauthPrompt passkeys/></template>
        <template id="recovery-codes">
            <div class="recovery-codes" data-testid="recovery-codes">
                <p><strong>"Save these recovery codes now."</strong>
                    " They are shown only this once. Each one signs you in once if you lose your phone or passkey; keep them somewhere safe."</p>
                <ul></ul>
            </div>
        </template>
    }
}

/// "Sign out": the script also tells the other tabs, which leave for the
/// sign-in page at once.
#[component]
fn SignOut() -> impl IntoView {
    view! {
        <form method="post" action=Logout::url() class="inline-form" data-enhance data-announce="signed-out">
            <button type="submit" class="button button-ghost">"Sign out"</button>
        </form>
    }
}

/// A form of the account page, sent by the script for the signed-in
/// session (see `client::forms`).
#[component]
fn AccountForm(
    action: &'static str,
    #[prop(optional)] class: &'static str,
    /// The section that shows the recovery codes of the answer.
    #[prop(optional)]
    codes: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <form method="post" action=action class=class data-enhance data-authed data-codes=codes>
            {children()}
        </form>
    }
}

/// The button of one row of a list (a device, a provider): a form that
/// posts the row's id as `name`. `label` names the row for screen readers.
#[component]
fn RowAction(action: &'static str, name: &'static str, value: String, label: String, text: &'static str) -> impl IntoView {
    view! {
        <AccountForm action=action>
            <input type="hidden" name=name value=value/>
            <button type="submit" class="button button-ghost button-small" aria-label=label>{text}</button>
        </AccountForm>
    }
}

/// Everything the account page lists, read for this render.
struct Lists {
    devices: Result<Vec<DeviceView>, AuthError>,
    factors: Result<FactorsView, AuthError>,
    methods: Result<MethodsView, AuthError>,
    activity: Result<Vec<ActivityView>, AuthError>,
}

/// The devices, second factors, passkeys, sign-in methods, the changes of
/// password and address, deleting the account, and the activity.
/// `passkeys`: whether the server offers them (otherwise no control for
/// them is shown, only the passkeys panel's note on why they are off).
#[component]
fn AccountPanels(passkeys: bool) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p>"Loading your account…"</p> }>
            {Suspend::new(async move {
                let lists = Lists {
                    devices: list_sessions().await,
                    factors: factors().await,
                    methods: sign_in_methods().await,
                    activity: security_activity().await,
                };
                view! {
                    {devices_panel(lists.devices)}
                    {factors_panel(lists.factors.clone())}
                    {passkeys_panel(lists.factors, passkeys)}
                    {methods_panel(lists.methods)}
                    <div class="account-grid">
                        {password_panel()}
                        {email_panel()}
                        {delete_panel()}
                    </div>
                    {activity_panel(lists.activity)}
                }
            })}
        </Suspense>
    }
}

fn failed(e: AuthError) -> AnyView {
    view! { <p class="form-error">{e.message}</p> }.into_any()
}

/// How the account can be signed in to: the password, the providers linked
/// (each with "Unlink") and those offered (each with "Link", a plain form
/// that goes to the provider and back).
fn methods_panel(methods: Result<MethodsView, AuthError>) -> AnyView {
    let linked = query_value("linked").is_some();
    view! {
        <section class="panel" id="methods" aria-labelledby="methods-title">
            <h2 id="methods-title">"Sign-in methods"</h2>
            {linked.then(|| view! { <p class="notice notice-ok" role="status">"Linked: you can sign in with that provider now."</p> })}
            {match methods {
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
                            let label = format!("Unlink {}", l.name);
                            let data = l.provider.clone();
                            view! {
                                <li class="device" data-provider=data>
                                    <div>
                                        <p class="device-name">{l.name}</p>
                                        <p class="device-meta">
                                            {l.email.map(|e| format!("{e} · "))} "linked " <Time secs=l.linked_at/>
                                        </p>
                                    </div>
                                    <RowAction action=UnlinkProvider::url() name="provider" value=l.provider label text="Unlink"/>
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
                Err(e) => failed(e),
            }}
        </section>
    }
    .into_any()
}

/// The signed-in devices, each with its sign-out, and a sign-out of all others.
fn devices_panel(devices: Result<Vec<DeviceView>, AuthError>) -> AnyView {
    view! {
        <section class="panel" aria-labelledby="devices-title">
            <div class="section-head">
                <h2 id="devices-title">"Signed-in devices"</h2>
                <AccountForm action=RevokeOtherSessions::url()>
                    <button type="submit" class="button button-ghost">"Sign out all other devices"</button>
                </AccountForm>
            </div>
            {match devices {
                Ok(list) => view! {
                    <ul class="device-list" data-testid="devices">
                        {list.into_iter().map(|d| {
                            let label = format!("Sign out {}{}", d.device, if d.this_device { " (this device)" } else { "" });
                            let data = d.session_id.clone();
                            view! {
                                <li class="device" class:device-current=d.this_device data-session-id=data>
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
                                    <RowAction action=RevokeSession::url() name="session_id" value=d.session_id label text="Sign out"/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => failed(e),
            }}
        </section>
    }
    .into_any()
}

/// A new password, given the current one.
fn password_panel() -> AnyView {
    let changed = query_value("changed").as_deref() == Some("password");
    view! {
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">"Change password"</h2>
            {changed.then(|| view! { <p class="notice notice-ok" role="status">"Password changed. Your other devices were signed out."</p> })}
            <AccountForm action=ChangePassword::url() class="form">
                <Field name="current_password" id="current_password" label="Current password" kind="password" autocomplete="current-password"/>
                <Field name="new_password" id="new_password" label="New password" kind="password" autocomplete="new-password"/>
                <p class="form-error" role="alert"></p>
                <button type="submit" class="button">"Change password"</button>
            </AccountForm>
        </section>
    }
    .into_any()
}

/// A new address, which takes effect once a link mailed to it is opened.
fn email_panel() -> AnyView {
    let notice = match query_value("sent").as_deref() == Some("email") {
        true => Some(NOTICE_EMAIL_SENT),
        false if query_value("changed").as_deref() == Some("email") => {
            Some("Your e-mail address was changed. The old address was told, with a way to undo it.")
        }
        false => None,
    };
    view! {
        <section class="panel" aria-labelledby="email-title">
            <h2 id="email-title">"Change e-mail address"</h2>
            {notice.map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            <AccountForm action=ChangeEmail::url() class="form">
                <Field name="new_email" id="new_email" label="New e-mail address" kind="email" autocomplete="email"/>
                <Field name="password" id="email_password" label="Your password" kind="password" autocomplete="current-password"/>
                <p class="form-error" role="alert"></p>
                <button type="submit" class="button">"Send a confirmation link"</button>
            </AccountForm>
        </section>
    }
    .into_any()
}

/// Deleting the account, given the password.
fn delete_panel() -> AnyView {
    view! {
        <section class="panel danger-zone" aria-labelledby="delete-title">
            <h2 id="delete-title">"Delete account"</h2>
            <p>"This removes your account, every signed-in device and your activity. It cannot be undone."</p>
            <form method="post" action=DeleteAccount::url() class="form" data-enhance data-authed data-announce="signed-out">
                <Field name="password" id="delete_password" label="Password" kind="password" autocomplete="current-password"/>
                <button type="submit" class="button button-danger">"Delete my account"</button>
            </form>
        </section>
    }
    .into_any()
}

/// The security activity, newest first.
fn activity_panel(activity: Result<Vec<ActivityView>, AuthError>) -> AnyView {
    view! {
        <section class="panel" aria-labelledby="activity-title">
            <h2 id="activity-title">"Security activity"</h2>
            {match activity {
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
                Err(e) => failed(e),
            }}
        </section>
    }
    .into_any()
}

/// "Two-step sign-in": add an authenticator app (QR code and key, confirmed
/// by a first code), see and renew the recovery codes, remove the app.
fn factors_panel(list: Result<FactorsView, AuthError>) -> AnyView {
    let enabled = query_value("enabled").as_deref() == Some("totp");
    let renewed = query_value("codes").as_deref() == Some("new");
    let regenerate = || view! {
        <AccountForm action=RegenerateRecoveryCodes::url() codes="factors">
            <button type="submit" class="button button-ghost">"Create new recovery codes"</button>
        </AccountForm>
    };
    view! {
        <section class="panel" id="factors" aria-labelledby="factors-title">
            <h2 id="factors-title">"Two-step sign-in"</h2>
            {match list {
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
                        {regenerate()}
                        <AccountForm action=TotpRemove::url()>
                            <button type="submit" class="button button-ghost">"Remove the authenticator app"</button>
                        </AccountForm>
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
                        <AccountForm action=TotpConfirm::url() class="form" codes="factors">
                            <Field name="code" id="totp-code" label="Code from the app" inputmode="numeric" autocomplete="one-time-code"/>
                            <p class="form-error" role="alert"></p>
                            <button type="submit" class="button">"Turn on two-step sign-in"</button>
                        </AccountForm>
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
                            {regenerate()}
                        })}
                        <AccountForm action=TotpBegin::url()>
                            <button type="submit" class="button">"Set up an authenticator app"</button>
                        </AccountForm>
                    }.into_any(),
                },
                Err(e) => failed(e),
            }}
            {(enabled || renewed).then(|| view! {
                <p class="notice" role="status" data-no-script>
                    "Done. Recovery codes are shown only once, by this page's script: with JavaScript on, create new ones to see and save them."
                </p>
            })}
        </section>
    }
    .into_any()
}

/// "Passkeys": the account's passkeys (name, added, last used), adding one
/// in this browser, renaming and removing them. When the server offers no
/// passkeys (`passkeys`: no host name in the public URL) the panel only says
/// why they are off.
fn passkeys_panel(list: Result<FactorsView, AuthError>, passkeys: bool) -> AnyView {
    view! {
        <section class="panel" id="passkeys" aria-labelledby="passkeys-title">
            <h2 id="passkeys-title">"Passkeys"</h2>
            <p>"Sign in with your device's screen lock (fingerprint, face or PIN) instead of a password. A passkey counts as two factors, and also serves as the second step after a password."</p>
            {if passkeys {
                view! {
                    {match list {
                        Ok(f) => passkey_list(f.passkeys),
                        Err(e) => failed(e),
                    }}
                    <p class="aside" data-testid="passkeys-need-script">"Adding a passkey needs JavaScript and a browser that supports passkeys."</p>
                    // Shown by the script in a browser that can make passkeys.
                    <form class="form inline-form" data-passkey-add hidden>
                        <div class="field">
                            <label for="passkey-name">"Name of the new passkey"</label>
                            <input id="passkey-name" name="name" type="text" maxlength="64" placeholder="e.g. Work laptop" required/>
                        </div>
                        <button type="submit" class="button" data-testid="passkey-add">"Add a passkey"</button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <p class="notice" data-testid="passkeys-off">
                        "Passkeys are off on this server: browsers allow them only for a site opened by a host name (such as localhost), not by an IP address like 127.0.0.1. Open the site by its name, with KEYCARD_PUBLIC_URL set to that address, to use them."
                    </p>
                }.into_any()
            }}
            <p class="form-error" role="alert" data-testid="passkey-error"></p>
        </section>
    }
    .into_any()
}

/// The account's passkeys, each with its rename and remove forms.
fn passkey_list(passkeys: Vec<PasskeyView>) -> AnyView {
    if passkeys.is_empty() {
        return view! { <p data-testid="passkeys-none">"No passkeys yet."</p> }.into_any();
    }
    view! {
        <ul class="passkeys" data-testid="passkey-list">
            {passkeys.into_iter().map(|p| {
                let input_id = format!("passkey-rename-{}", p.id);
                let (rename_id, remove_id) = (p.id.clone(), p.id);
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
                            <AccountForm action=PasskeyRename::url() class="inline-form">
                                <input type="hidden" name="id" value=rename_id/>
                                <label class="visually-hidden" for=input_id.clone()>"New name"</label>
                                <input id=input_id name="name" type="text" maxlength="64" value=p.name required/>
                                <button type="submit" class="button button-ghost">"Rename"</button>
                            </AccountForm>
                            <AccountForm action=PasskeyRemove::url()>
                                <input type="hidden" name="id" value=remove_id/>
                                <button type="submit" class="button button-ghost" data-testid="passkey-remove">"Remove"</button>
                            </AccountForm>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
