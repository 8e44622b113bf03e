//! The account server functions (docs/security.md, "Cookies and the HTTP surface"): devices, password, deletion,
//! security activity. Each checks in the database that the calling session
//! is still active, not only that its access token verifies.

use leptos::prelude::*;

use super::{
    ActivityView, AuthError, DeviceView, FactorsView, Notice, PasskeyAdded, PasskeyChallenge, RecoveryCodes, SessionInfo, MethodsView,
    TotpSetup,
};

#[cfg(feature = "ssr")]
use super::{Email, InField, Password};
#[cfg(feature = "ssr")]
use crate::server::{auth::ActiveSession, http::request::RequestContext};

/// Runs an account operation for the signed-in session; a plain form post
/// is sent on to `done`, or back to the account page with the message.
#[cfg(feature = "ssr")]
async fn for_session<T>(
    done: &str,
    run: impl AsyncFnOnce(&RequestContext, ActiveSession) -> Result<T, AuthError>,
) -> Result<T, AuthError> {
    let ctx = RequestContext::current()?;
    let result = match ctx.active_session().await {
        Ok(active) => run(&ctx, active).await,
        Err(err) => Err(err),
    };
    ctx.answer_form_post(&result, done, crate::routes::ACCOUNT, None);
    result
}

/// The user's signed-in devices, this one marked.
#[server(prefix = "/api", endpoint = "account/sessions")]
pub async fn list_sessions() -> Result<Vec<DeviceView>, AuthError> {
    let ctx = RequestContext::current()?;
    ctx.auth().devices(&ctx.active_session().await?).await
}

/// Signs one of the user's devices out.
#[server(prefix = "/api", endpoint = "account/revoke_session")]
pub async fn revoke_session(session_id: String) -> Result<(), AuthError> {
    for_session(crate::routes::ACCOUNT, async |ctx, active| {
        ctx.auth().revoke_device(&active, &session_id, &ctx.client()).await
    })
    .await
}

/// Signs every other device out; answers how many were.
#[server(prefix = "/api", endpoint = "account/revoke_other_sessions")]
pub async fn revoke_other_sessions() -> Result<u64, AuthError> {
    for_session(crate::routes::ACCOUNT, async |ctx, active| {
        ctx.auth().revoke_other_devices(&active, &ctx.client()).await
    })
    .await
}

/// Confirms the password of the signed-in user before a sensitive change
/// (docs/security.md, "Two-step sign-in and confirming it's you"): the session counts as freshly authenticated for
/// `KEYCARD_REAUTH_WINDOW`. A plain form post goes back to the account
/// page, to its confirmation form when the password was refused.
#[server(prefix = "/api", endpoint = "account/reauth")]
pub async fn reauthenticate(password: String) -> Result<SessionInfo, AuthError> {
    let ctx = RequestContext::current()?;
    let result = async {
        let active = ctx.active_session().await?;
        let password = Password::for_verification(password).in_field("password")?;
        let renewed = ctx.auth().reauthenticate(&active, password, &ctx.client()).await?;
        Ok(ctx.renewed(&active, &renewed))
    }
    .await;
    ctx.answer_form_post(&result, "/account?confirmed=1", "/account?reauth=1", None);
    result
}

/// Starts confirming it's you with one of the account's passkeys.
#[server(prefix = "/api", endpoint = "account/reauth_passkey_begin")]
pub async fn reauth_passkey_begin() -> Result<PasskeyChallenge, AuthError> {
    let ctx = RequestContext::current()?;
    ctx.auth().begin_passkey_reauth(&ctx.active_session().await?, &ctx.client()).await
}

/// Confirms it's you with a passkey (the browser's answer, JSON), as
/// `account/reauth` does with the password.
#[server(prefix = "/api", endpoint = "account/reauth_passkey")]
pub async fn reauth_passkey(ceremony: String, credential: String) -> Result<SessionInfo, AuthError> {
    let ctx = RequestContext::current()?;
    let active = ctx.active_session().await?;
    let renewed = ctx.auth().finish_passkey_reauth(&active, &ceremony, &credential, &ctx.client()).await?;
    Ok(ctx.renewed(&active, &renewed))
}

/// Starts adding a passkey to the account.
#[server(prefix = "/api", endpoint = "account/passkey_register_begin")]
pub async fn passkey_register_begin() -> Result<PasskeyChallenge, AuthError> {
    let ctx = RequestContext::current()?;
    ctx.auth().begin_passkey_registration(&ctx.active_session().await?, &ctx.client()).await
}

/// Adds the passkey the browser created (its answer, JSON) under `name`.
/// The account's first second factor comes with recovery codes, shown this once.
#[server(prefix = "/api", endpoint = "account/passkey_register")]
pub async fn passkey_register(ceremony: String, credential: String, name: String) -> Result<PasskeyAdded, AuthError> {
    let ctx = RequestContext::current()?;
    let active = ctx.active_session().await?;
    ctx.auth().finish_passkey_registration(&active, &ceremony, &credential, &name, &ctx.client()).await
}

/// Renames one of the account's passkeys.
#[server(prefix = "/api", endpoint = "account/passkey_rename")]
pub async fn passkey_rename(id: String, name: String) -> Result<(), AuthError> {
    for_session("/account?renamed=passkey#factors", async |ctx, active| ctx.auth().rename_passkey(&active, &id, &name).await)
        .await
}

/// How the account can be signed in to: its password, the providers linked
/// and those it could link.
#[server(prefix = "/api", endpoint = "account/sign_in_methods")]
pub async fn sign_in_methods() -> Result<MethodsView, AuthError> {
    let ctx = RequestContext::current()?;
    ctx.auth().sign_in_methods(&ctx.active_session().await?).await
}

/// Unlinks another provider (never the account's last way to sign in).
#[server(prefix = "/api", endpoint = "account/unlink_provider")]
pub async fn unlink_provider(provider: String) -> Result<(), AuthError> {
    for_session("/account?unlinked=provider#methods", async |ctx, active| {
        ctx.auth().unlink_provider(&active, &provider, &ctx.client()).await
    })
    .await
}

/// Removes one of the account's passkeys.
#[server(prefix = "/api", endpoint = "account/passkey_remove")]
pub async fn passkey_remove(id: String) -> Result<(), AuthError> {
    for_session("/account?removed=passkey#factors", async |ctx, active| {
        ctx.auth().remove_passkey(&active, &id, &ctx.client()).await
    })
    .await
}

/// Changes the password (the current one is required); other devices are signed out.
#[server(prefix = "/api", endpoint = "account/change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AuthError> {
    for_session("/account?changed=password", async |ctx, active| {
        let current = Password::for_verification(current_password).in_field("current_password")?;
        let new = Password::parse(new_password).in_field("new_password")?;
        ctx.auth().change_password(&active, current, new, &ctx.client()).await
    })
    .await
}

/// Starts a change of address (the password is required): the new address
/// gets the link that makes the change.
#[server(prefix = "/api", endpoint = "account/change_email")]
pub async fn change_email(password: String, new_email: String) -> Result<Notice, AuthError> {
    for_session("/account?sent=email", async |ctx, active| {
        let password = Password::for_verification(password).in_field("password")?;
        let new = Email::parse(&new_email).in_field("new_email")?;
        ctx.auth().change_email(&active, password, new, &ctx.client()).await
    })
    .await
}

/// Deletes the account and everything of it (the password is required).
#[server(prefix = "/api", endpoint = "account/delete")]
pub async fn delete_account(password: String) -> Result<(), AuthError> {
    for_session("/?deleted=1", async |ctx, active| {
        let password = Password::for_verification(password).in_field("password")?;
        ctx.auth().delete_account(&active, password, &ctx.client()).await?;
        ctx.clear_all_cookies();
        Ok(())
    })
    .await
}

/// The account's second factors, and an authenticator app being added.
#[server(prefix = "/api", endpoint = "account/factors")]
pub async fn factors() -> Result<FactorsView, AuthError> {
    let ctx = RequestContext::current()?;
    ctx.auth().factors(&ctx.active_session().await?).await
}

/// Starts adding an authenticator app: its secret, as a QR code and as text.
#[server(prefix = "/api", endpoint = "account/totp_begin")]
pub async fn totp_begin() -> Result<TotpSetup, AuthError> {
    for_session("/account?setup=totp#factors", async |ctx, active| ctx.auth().begin_totp(&active).await).await
}

/// Confirms the authenticator app with its first code; answers the ten
/// recovery codes, shown this once (none if a passkey brought them before).
#[server(prefix = "/api", endpoint = "account/totp_confirm")]
pub async fn totp_confirm(code: String) -> Result<RecoveryCodes, AuthError> {
    for_session("/account?enabled=totp#factors", async |ctx, active| {
        ctx.auth().confirm_totp(&active, &code, &ctx.client()).await
    })
    .await
}

/// Removes the authenticator app (its recovery codes too, unless a passkey remains).
#[server(prefix = "/api", endpoint = "account/totp_remove")]
pub async fn totp_remove() -> Result<(), AuthError> {
    for_session("/account?removed=totp#factors", async |ctx, active| {
        ctx.auth().remove_totp(&active, &ctx.client()).await
    })
    .await
}

/// Replaces the recovery codes with ten new ones, shown this once.
#[server(prefix = "/api", endpoint = "account/recovery_codes")]
pub async fn regenerate_recovery_codes() -> Result<RecoveryCodes, AuthError> {
    for_session("/account?codes=new#factors", async |ctx, active| {
        ctx.auth().regenerate_recovery_codes(&active, &ctx.client()).await
    })
    .await
}

/// Recent security events of the account, newest first.
#[server(prefix = "/api", endpoint = "account/activity")]
pub async fn security_activity() -> Result<Vec<ActivityView>, AuthError> {
    let ctx = RequestContext::current()?;
    ctx.auth().activity(&ctx.active_session().await?).await
}
