//! `/account`: the security centre, rendered on the server with its lists.
//! Every form posts to its server function, so the page works without
//! JavaScript; with it, `client::forms` sends them with `fetch` (one
//! refresh and retry on a 401, "Confirm it's you" when the sign-in is old)
//! and swaps in the page's fresh content once a change is done.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    auth::{
        ActivityView, AuthError, DeviceView, FactorsView, MethodsView, PasskeyView,
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
    i18n::{Arg, t, t_with},
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
        <Title text=t("account-title")/>
        <div class="account">
            <Suspense fallback=|| view! { <p>{t("account-loading")}</p> }>
                {move || Suspend::new(async move {
                    current.0.await.map(|me| view! {
                        <section class="panel account-head" aria-labelledby="account-title">
                            <div>
                                <h1 id="account-title">{t("account-title")}</h1>
                                <dl class="facts">
                                    <dt>{t("field-email")}</dt>
                                    <dd>
                                        <span data-testid="account-email">{me.user.email}</span>
                                        {if me.user.email_verified {
                                            view! { <span class="badge badge-ok" data-testid="email-status">{t("account-verified")}</span> }.into_any()
                                        } else {
                                            view! { <span class="badge badge-warn" data-testid="email-status">{t("account-not-verified")}</span> }.into_any()
                                        }}
                                    </dd>
                                    <dt>{t("account-member-since")}</dt>
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
                <p class="notice notice-ok" role="status">{t("account-confirmed")}</p>
            })}
            <AccountPanels passkeys/>
        </div>
        // What the script puts in the page when it is needed.
        <template id="reauth-prompt"><ReauthPrompt passkeys/></template>
        <template id="recovery-codes">
            <div class="recovery-codes" data-testid="recovery-codes">
                <p><strong>{t("codes-save-now")}</strong> " " {t("codes-why")}</p>
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
            <button type="submit" class="button button-ghost">{t("sign-out")}</button>
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
fn RowAction(action: &'static str, name: &'static str, value: String, label: String, text: String) -> impl IntoView {
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
        <Suspense fallback=|| view! { <p>{t("account-loading")}</p> }>
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

/// A list that could not be read: why, in the page's language.
fn failed(e: AuthError) -> AnyView {
    let message = crate::auth::localized_message(&e, crate::i18n::lang()).unwrap_or(e.message);
    view! { <p class="form-error">{message}</p> }.into_any()
}

/// How the account can be signed in to: the password, the providers linked
/// (each with "Unlink") and those offered (each with "Link", a plain form
/// that goes to the provider and back).
fn methods_panel(methods: Result<MethodsView, AuthError>) -> AnyView {
    let linked = query_value("linked").is_some();
    view! {
        <section class="panel" id="methods" aria-labelledby="methods-title">
            <h2 id="methods-title">{t("methods-title")}</h2>
            {linked.then(|| view! { <p class="notice notice-ok" role="status">{t("methods-linked")}</p> })}
            {match methods {
                Ok(m) => view! {
                    <ul class="device-list" data-testid="methods">
                        <li class="device">
                            <div>
                                <p class="device-name">{t("field-password")}</p>
                                <p class="device-meta">
                                    {if m.password { t("methods-password-set") } else { t("methods-password-not-set") }}
                                </p>
                            </div>
                        </li>
                        <li class="device">
                            <div>
                                <p class="device-name">{t("passkeys-title")}</p>
                                <p class="device-meta">
                                    {t_with("methods-passkeys", &[("n", Arg::from(m.passkeys as i64))])}
                                </p>
                            </div>
                        </li>
                        {m.linked.into_iter().map(|l| {
                            let label = t_with("methods-unlink-label", &[("provider", Arg::from(l.name.as_str()))]);
                            let data = l.provider.clone();
                            view! {
                                <li class="device" data-provider=data>
                                    <div>
                                        <p class="device-name">{l.name}</p>
                                        <p class="device-meta">
                                            {l.email.map(|e| format!("{e} · "))} {t("methods-linked-at")} " " <Time secs=l.linked_at/>
                                        </p>
                                    </div>
                                    <RowAction action=UnlinkProvider::url() name="provider" value=l.provider label text=t("methods-unlink")/>
                                </li>
                            }
                        }).collect_view()}
                        {m.available.into_iter().map(|p| {
                            let label = t_with("methods-link-label", &[("provider", Arg::from(p.name.as_str()))]);
                            view! {
                                <li class="device" data-provider=p.id.clone()>
                                    <div>
                                        <p class="device-name">{p.name}</p>
                                        <p class="device-meta">{t("methods-not-linked")}</p>
                                    </div>
                                    <form method="post" action=format!("/auth/oidc/{}/start", p.id)>
                                        <input type="hidden" name="link" value="1"/>
                                        <button type="submit" class="button button-ghost button-small" aria-label=label>{t("methods-link")}</button>
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
                <h2 id="devices-title">{t("devices-title")}</h2>
                <AccountForm action=RevokeOtherSessions::url()>
                    <button type="submit" class="button button-ghost">{t("devices-sign-out-others")}</button>
                </AccountForm>
            </div>
            {match devices {
                Ok(list) => view! {
                    <ul class="device-list" data-testid="devices">
                        {list.into_iter().map(|d| {
                            let label = if d.this_device {
                                t_with("devices-sign-out-this-label", &[("device", Arg::from(d.device.as_str()))])
                            } else {
                                t_with("devices-sign-out-label", &[("device", Arg::from(d.device.as_str()))])
                            };
                            let data = d.session_id.clone();
                            view! {
                                <li class="device" class:device-current=d.this_device data-session-id=data>
                                    <div>
                                        <p class="device-name">
                                            {d.device}
                                            {d.this_device.then(|| view! { <span class="badge">{t("devices-this")}</span> })}
                                            {d.bound.then(|| view! {
                                                <span class="badge badge-ok" data-testid="bound"
                                                    title=t("devices-bound-why")>
                                                    {t("devices-bound")}
                                                </span>
                                            })}
                                        </p>
                                        <p class="device-meta">
                                            {d.ip} " · " {t("devices-signed-in")} " " <Time secs=d.signed_in_at/>
                                            " · " {t("devices-last-active")} " " <Time secs=d.last_active_at relative=true/>
                                        </p>
                                    </div>
                                    <RowAction action=RevokeSession::url() name="session_id" value=d.session_id label text=t("sign-out")/>
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
            <h2 id="password-title">{t("password-title")}</h2>
            {changed.then(|| view! { <p class="notice notice-ok" role="status">{t("password-changed")}</p> })}
            <AccountForm action=ChangePassword::url() class="form">
                <Field name="current_password" id="current_password" label=t("password-current") kind="password" autocomplete="current-password"/>
                <Field name="new_password" id="new_password" label=t("password-new") kind="password" autocomplete="new-password"/>
                <p class="form-error" role="alert"></p>
                <button type="submit" class="button">{t("password-title")}</button>
            </AccountForm>
        </section>
    }
    .into_any()
}

/// A new address, which takes effect once a link mailed to it is opened.
fn email_panel() -> AnyView {
    let notice = match query_value("sent").as_deref() == Some("email") {
        true => Some(t("notice-email-sent")),
        false if query_value("changed").as_deref() == Some("email") => Some(t("email-changed")),
        false => None,
    };
    view! {
        <section class="panel" aria-labelledby="email-title">
            <h2 id="email-title">{t("email-title")}</h2>
            {notice.map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            <AccountForm action=ChangeEmail::url() class="form">
                <Field name="new_email" id="new_email" label=t("email-new") kind="email" autocomplete="email"/>
                <Field name="password" id="email_password" label=t("reauth-password") kind="password" autocomplete="current-password"/>
                <p class="form-error" role="alert"></p>
                <button type="submit" class="button">{t("email-submit")}</button>
            </AccountForm>
        </section>
    }
    .into_any()
}

/// Deleting the account, given the password.
fn delete_panel() -> AnyView {
    view! {
        <section class="panel danger-zone" aria-labelledby="delete-title">
            <h2 id="delete-title">{t("delete-title")}</h2>
            <p>{t("delete-text")}</p>
            <form method="post" action=DeleteAccount::url() class="form" data-enhance data-authed data-announce="signed-out">
                <Field name="password" id="delete_password" label=t("field-password") kind="password" autocomplete="current-password"/>
                <button type="submit" class="button button-danger">{t("delete-submit")}</button>
            </form>
        </section>
    }
    .into_any()
}

/// The security activity, newest first.
fn activity_panel(activity: Result<Vec<ActivityView>, AuthError>) -> AnyView {
    view! {
        <section class="panel" aria-labelledby="activity-title">
            <h2 id="activity-title">{t("activity-title")}</h2>
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
                                    <Time secs=e.at relative=true/>
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
            <button type="submit" class="button button-ghost">{t("codes-new")}</button>
        </AccountForm>
    };
    view! {
        <section class="panel" id="factors" aria-labelledby="factors-title">
            <h2 id="factors-title">{t("factors-title")}</h2>
            {match list {
                Ok(f) if f.totp_since.is_some() => view! {
                    <p data-testid="totp-status">
                        <span class="badge badge-ok">{t("factors-on")}</span>
                        " " {t("factors-on-text")} " (" {t("factors-since")} " "
                        <Time secs=f.totp_since.unwrap_or_default()/> ")."
                    </p>
                    <p data-testid="recovery-left">
                        {t_with("codes-left", &[("n", Arg::from(f.recovery_codes_left as i64))])}
                        " " {t("codes-each")}
                    </p>
                    <div class="inline-actions">
                        {regenerate()}
                        <AccountForm action=TotpRemove::url()>
                            <button type="submit" class="button button-ghost">{t("factors-remove")}</button>
                        </AccountForm>
                    </div>
                }.into_any(),
                Ok(f) => match f.setup {
                    Some(setup) => view! {
                        <ol class="steps" data-testid="totp-setup">
                            <li>
                                {t("factors-scan")}
                                <div class="qr" role="img" aria-label=t("factors-qr") inner_html=setup.qr_svg></div>
                            </li>
                            <li>
                                {t("factors-type-key")} " "
                                <code class="secret" data-testid="totp-secret">{setup.secret}</code>
                            </li>
                            <li>{t("factors-enter-code")}</li>
                        </ol>
                        <AccountForm action=TotpConfirm::url() class="form" codes="factors">
                            <Field name="code" id="totp-code" label=t("factors-code") inputmode="numeric" autocomplete="one-time-code"/>
                            <p class="form-error" role="alert"></p>
                            <button type="submit" class="button">{t("factors-turn-on")}</button>
                        </AccountForm>
                    }.into_any(),
                    None => view! {
                        <p>{t("factors-why")}</p>
                        // Passkeys are a second factor too: their recovery codes are kept here.
                        {(!f.passkeys.is_empty()).then(|| view! {
                            <p data-testid="recovery-left">
                                {t("factors-passkeys-second-step")} " "
                                {t_with("codes-left", &[("n", Arg::from(f.recovery_codes_left as i64))])}
                            </p>
                            {regenerate()}
                        })}
                        <AccountForm action=TotpBegin::url()>
                            <button type="submit" class="button">{t("factors-set-up")}</button>
                        </AccountForm>
                    }.into_any(),
                },
                Err(e) => failed(e),
            }}
            {(enabled || renewed).then(|| view! {
                <p class="notice" role="status" data-no-script>
                    {t("codes-no-script")}
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
            <h2 id="passkeys-title">{t("passkeys-title")}</h2>
            <p>{t("passkeys-text")}</p>
            {if passkeys {
                view! {
                    {match list {
                        Ok(f) => passkey_list(f.passkeys),
                        Err(e) => failed(e),
                    }}
                    <p class="aside" data-testid="passkeys-need-script">{t("passkeys-need-script")}</p>
                    // Shown by the script in a browser that can make passkeys.
                    <form class="form inline-form" data-passkey-add hidden>
                        <div class="field">
                            <label for="passkey-name">{t("passkeys-name")}</label>
                            <input id="passkey-name" name="name" type="text" maxlength="64" placeholder=t("passkeys-name-example") required/>
                        </div>
                        <button type="submit" class="button" data-testid="passkey-add">{t("passkeys-add")}</button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <p class="notice" data-testid="passkeys-off">
                        {t("passkeys-off")}
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
        return view! { <p data-testid="passkeys-none">{t("passkeys-none")}</p> }.into_any();
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
                            {t("passkeys-added")} " " <Time secs=p.created_at/> " · "
                            {match p.last_used_at {
                                Some(at) => view! { {t("passkeys-last-used")} " " <Time secs=at relative=true/> }.into_any(),
                                None => view! { {t("passkeys-never-used")} }.into_any(),
                            }}
                        </p>
                        <div class="inline-actions">
                            <AccountForm action=PasskeyRename::url() class="inline-form">
                                <input type="hidden" name="id" value=rename_id/>
                                <label class="visually-hidden" for=input_id.clone()>{t("passkeys-new-name")}</label>
                                <input id=input_id name="name" type="text" maxlength="64" value=p.name required/>
                                <button type="submit" class="button button-ghost">{t("passkeys-rename")}</button>
                            </AccountForm>
                            <AccountForm action=PasskeyRemove::url()>
                                <input type="hidden" name="id" value=remove_id/>
                                <button type="submit" class="button button-ghost" data-testid="passkey-remove">{t("passkeys-remove")}</button>
                            </AccountForm>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
