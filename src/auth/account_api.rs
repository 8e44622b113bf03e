//! The account server functions (SPEC §5): devices, password, deletion,
//! security activity. Each checks in the database that the calling session
//! is still active, not only that its access token verifies.

use leptos::prelude::*;

use super::{ActivityView, AuthError, DeviceView, Notice};

#[cfg(feature = "ssr")]
use super::{Email, InField, Password};
#[cfg(feature = "ssr")]
use crate::server::{auth::ActiveSession, request::RequestContext};

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

/// Recent security events of the account, newest first.
#[server(prefix = "/api", endpoint = "account/activity")]
pub async fn security_activity() -> Result<Vec<ActivityView>, AuthError> {
    let ctx = RequestContext::current()?;
    ctx.auth().activity(&ctx.active_session().await?).await
}
