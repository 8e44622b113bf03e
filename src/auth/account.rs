//! The account server functions (SPEC §5): devices, password, deletion,
//! security activity. Each checks in the database that the calling session
//! is still active, not only that its access token verifies.

use leptos::prelude::*;

use super::{ActivityView, AuthError, DeviceView};

#[cfg(feature = "ssr")]
use crate::server::request::RequestContext;

/// A plain form post (no JavaScript) is sent on to `done`, or back to the
/// account page with the message.
#[cfg(feature = "ssr")]
fn answer_form_post<T>(ctx: &RequestContext, result: &Result<T, AuthError>, done: &str) {
    if ctx.wants_html() {
        ctx.redirect(&match result {
            Ok(_) => done.to_owned(),
            Err(e) => format!("/account?error={}", super::encode_query_value(&super::form_error_code(e))),
        });
    }
}

/// The user's signed-in devices, this one marked.
#[server(prefix = "/api", endpoint = "account/sessions")]
pub async fn list_sessions() -> Result<Vec<DeviceView>, AuthError> {
    let ctx = RequestContext::current()?;
    ctx.state.devices(ctx.access_cookie().as_deref()).await
}

/// Signs one of the user's devices out.
#[server(prefix = "/api", endpoint = "account/revoke_session")]
pub async fn revoke_session(session_id: String) -> Result<(), AuthError> {
    let ctx = RequestContext::current()?;
    let result = ctx.state.revoke_device(ctx.access_cookie().as_deref(), &session_id, &ctx.client()).await;
    answer_form_post(&ctx, &result, crate::routes::ACCOUNT);
    result
}

/// Signs every other device out; answers how many were.
#[server(prefix = "/api", endpoint = "account/revoke_other_sessions")]
pub async fn revoke_other_sessions() -> Result<u64, AuthError> {
    let ctx = RequestContext::current()?;
    let result = ctx.state.revoke_other_devices(ctx.access_cookie().as_deref(), &ctx.client()).await;
    answer_form_post(&ctx, &result, crate::routes::ACCOUNT);
    result
}

/// Changes the password (the current one is required); other devices are signed out.
#[server(prefix = "/api", endpoint = "account/change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AuthError> {
    let ctx = RequestContext::current()?;
    let result = ctx
        .state
        .change_password(ctx.access_cookie().as_deref(), current_password, new_password, &ctx.client())
        .await;
    answer_form_post(&ctx, &result, "/account?changed=password");
    result
}

/// Deletes the account and everything of it (the password is required).
#[server(prefix = "/api", endpoint = "account/delete")]
pub async fn delete_account(password: String) -> Result<(), AuthError> {
    let ctx = RequestContext::current()?;
    let result = ctx.state.delete_account(ctx.access_cookie().as_deref(), password, &ctx.client()).await;
    if result.is_ok() {
        ctx.clear_all_cookies();
    }
    answer_form_post(&ctx, &result, "/?deleted=1");
    result
}

/// Recent security events of the account, newest first.
#[server(prefix = "/api", endpoint = "account/activity")]
pub async fn security_activity() -> Result<Vec<ActivityView>, AuthError> {
    let ctx = RequestContext::current()?;
    ctx.state.activity(ctx.access_cookie().as_deref()).await
}
