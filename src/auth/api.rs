//! The auth server functions, at the fixed endpoints of SPEC §5.
//!
//! Inputs are form-encoded, so the pages' forms work without JavaScript;
//! outputs are JSON. Each body is a thin adapter: the rules live in
//! `server::sessions`. A plain form post (the browser asked for HTML) is
//! answered with a redirect instead of JSON.

use leptos::prelude::*;

use super::{AuthError, SessionInfo};

/// Where a no-JavaScript form post goes back to when it fails: the form's own
/// page with the message, so nothing typed is lost but the password.
#[cfg(feature = "ssr")]
fn form_failure(ctx: &crate::server::request::RequestContext, page: &str, err: &AuthError, next: Option<&str>) {
    if ctx.wants_html() {
        let mut url = format!("{page}?error={}", super::encode_query_value(&super::form_error_code(err)));
        if let Some(field) = &err.field {
            url.push_str(&format!("&field={}", super::encode_query_value(field)));
        }
        if let Some(next) = super::safe_next(next) {
            url.push_str(&format!("&next={}", super::encode_query_value(&next)));
        }
        ctx.redirect(&url);
    }
}

#[cfg(feature = "ssr")]
async fn sign_in(
    page: &str,
    next: Option<String>,
    run: impl AsyncFnOnce(&crate::server::request::RequestContext) -> Result<crate::server::sessions::Issued, AuthError>,
) -> Result<SessionInfo, AuthError> {
    let ctx = crate::server::request::RequestContext::current()?;
    match run(&ctx).await {
        Ok(issued) => {
            let answer = ctx.signed_in(&issued);
            if ctx.wants_html() {
                ctx.redirect(&super::safe_next(next.as_deref()).unwrap_or_else(|| crate::routes::ACCOUNT.into()));
            }
            Ok(answer)
        }
        Err(err) => {
            form_failure(&ctx, page, &err, next.as_deref());
            Err(err)
        }
    }
}

/// Creates an account and signs it in.
#[server(prefix = "/api", endpoint = "auth/register")]
pub async fn register(email: String, password: String, next: Option<String>) -> Result<SessionInfo, AuthError> {
    sign_in(crate::routes::REGISTER, next, async |ctx| ctx.state.register(&email, password, &ctx.client()).await).await
}

/// Signs in with e-mail and password.
#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<SessionInfo, AuthError> {
    sign_in(crate::routes::LOGIN, next, async |ctx| ctx.state.login(&email, password, &ctx.client()).await).await
}

/// Rotates the refresh cookie and issues a new access cookie.
#[server(prefix = "/api", endpoint = "auth/refresh")]
pub async fn refresh() -> Result<SessionInfo, AuthError> {
    let ctx = crate::server::request::RequestContext::current()?;
    match ctx.state.refresh(ctx.refresh_cookie().as_deref(), &ctx.client()).await {
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
    let ctx = crate::server::request::RequestContext::current()?;
    let result = ctx
        .state
        .logout(ctx.access_cookie().as_deref(), ctx.refresh_cookie().as_deref(), &ctx.client())
        .await;
    ctx.clear_cookies();
    if ctx.wants_html() {
        ctx.redirect("/login?reason=signed_out");
    }
    result
}

/// Who is signed in on this device, and when the access token expires.
#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn me() -> Result<SessionInfo, AuthError> {
    let ctx = crate::server::request::RequestContext::current()?;
    let claims = ctx.state.authenticate(ctx.access_cookie().as_deref()).await?;
    let user = ctx.state.store.user_by_id(&claims.sub).await?.ok_or_else(AuthError::unauthorized)?;
    Ok(SessionInfo {
        user: crate::server::sessions::user_view(&user),
        session_id: claims.sid,
        access_expires_at: claims.exp,
        server_time_ms: ctx.state.clock.now_ms(),
    })
}
