//! The auth server functions, at the fixed endpoints of SPEC §5.
//!
//! Inputs are form-encoded, so the pages' forms work without JavaScript;
//! outputs are JSON. Each body is a thin adapter: the rules live in
//! `server::auth`. A plain form post (the browser asked for HTML) is
//! answered with a redirect instead of JSON.

use leptos::prelude::*;

use super::{AuthError, SessionInfo};
#[cfg(feature = "ssr")]
use super::{Email, InField, Password};

#[cfg(feature = "ssr")]
use crate::server::{auth::Issued, request::RequestContext};

/// A sign-in form's answer: the cookies and the session on success; for a
/// plain form post, a redirect onwards or back to the form.
#[cfg(feature = "ssr")]
async fn sign_in(
    form: &str,
    next: Option<String>,
    run: impl AsyncFnOnce(&RequestContext) -> Result<Issued, AuthError>,
) -> Result<SessionInfo, AuthError> {
    let ctx = RequestContext::current()?;
    let result = run(&ctx).await.map(|issued| ctx.signed_in(&issued));
    let done = super::safe_next(next.as_deref()).unwrap_or_else(|| crate::routes::ACCOUNT.into());
    ctx.answer_form_post(&result, &done, form, next.as_deref());
    result
}

/// Creates an account and signs it in.
#[server(prefix = "/api", endpoint = "auth/register")]
pub async fn register(email: String, password: String, next: Option<String>) -> Result<SessionInfo, AuthError> {
    sign_in(crate::routes::REGISTER, next, async |ctx| {
        let email = Email::parse(&email).in_field("email")?;
        let password = Password::parse(password).in_field("password")?;
        ctx.auth().register(&email, password, &ctx.client()).await
    })
    .await
}

/// Signs in with e-mail and password.
#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<SessionInfo, AuthError> {
    sign_in(crate::routes::LOGIN, next, async |ctx| {
        let email = Email::parse(&email).in_field("email")?;
        let password = Password::for_verification(password).in_field("password")?;
        ctx.auth().login(&email, password, &ctx.client()).await
    })
    .await
}

/// Rotates the refresh cookie and issues a new access cookie.
#[server(prefix = "/api", endpoint = "auth/refresh")]
pub async fn refresh() -> Result<SessionInfo, AuthError> {
    let ctx = RequestContext::current()?;
    match ctx.auth().refresh(ctx.credentials().refresh.as_ref(), &ctx.client()).await {
        Ok(issued) => Ok(ctx.signed_in(&issued)),
        Err(err) => {
            if err.code == super::ErrorCode::Unauthorized {
                ctx.clear_cookies();
            }
            Err(err)
        }
    }
}

/// Ends this device's session and clears both cookies.
#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AuthError> {
    let ctx = RequestContext::current()?;
    let result = ctx.auth().logout(&ctx.credentials(), &ctx.client()).await;
    ctx.clear_cookies();
    let done = format!("{}?reason={}", crate::routes::LOGIN, super::SessionEnd::SignedOut.reason());
    ctx.answer_form_post(&result, &done, crate::routes::LOGIN, None);
    result
}

/// Who is signed in on this device, and when the access token expires.
#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn me() -> Result<SessionInfo, AuthError> {
    let ctx = RequestContext::current()?;
    let auth = ctx.auth();
    let claims = auth.authenticate(ctx.credentials().access.as_ref()).await?;
    let user = auth.store.user_by_id(&claims.sub).await?.ok_or_else(AuthError::unauthorized)?;
    Ok(SessionInfo {
        user: crate::server::auth::user_view(&user),
        session_id: claims.sid,
        access_expires_at: claims.exp,
        server_time_ms: auth.clock.now_ms(),
    })
}
