//! The auth server functions, at the fixed endpoints of docs/security.md ("Cookies and
//! the HTTP surface").
//!
//! Inputs are form-encoded, so the pages' forms work without JavaScript;
//! outputs are JSON. Each body is a thin adapter: the rules live in
//! `server::auth`. A plain form post (the browser asked for HTML) is
//! answered with a redirect instead of JSON.

use leptos::prelude::*;

use super::{AuthError, Confirmed, LinkView, Notice, PasskeyChallenge, SessionInfo};
#[cfg(feature = "ssr")]
use super::{Email, InField, Password};

#[cfg(feature = "ssr")]
use crate::server::{auth::SignInOutcome, http::request::RequestContext};

/// Runs a way of signing in and answers its typed outcome
/// ([`RequestContext::answer_sign_in`]): every sign-in path goes through here.
#[cfg(feature = "ssr")]
async fn sign_in(
    form: &str,
    next: Option<String>,
    run: impl AsyncFnOnce(&RequestContext) -> Result<SignInOutcome, AuthError>,
) -> Result<SessionInfo, AuthError> {
    let ctx = RequestContext::current()?;
    let outcome = run(&ctx).await;
    ctx.answer_sign_in(outcome, form, next.as_deref())
}

/// A request whose outcome goes by mail: the same answer for every
/// address; a plain form post is sent on to `done`, or back to the form.
#[cfg(feature = "ssr")]
async fn by_mail(
    form: &str,
    done: &str,
    run: impl AsyncFnOnce(&RequestContext) -> Result<Notice, AuthError>,
) -> Result<Notice, AuthError> {
    let ctx = RequestContext::current()?;
    let result = run(&ctx).await;
    ctx.answer_form_post(&result, done, form, None);
    result
}

/// Creates an account and sends the link that confirms its address. New
/// and existing addresses get the same answer (docs/security.md, "Accounts and passwords").
#[server(prefix = "/api", endpoint = "auth/register")]
pub async fn register(email: String, password: String, next: Option<String>) -> Result<Notice, AuthError> {
    let _ = next;
    by_mail(crate::routes::REGISTER, "/register?sent=1", async |ctx| {
        let email = Email::parse(&email).in_field("email")?;
        let password = Password::parse(password).in_field("password")?;
        let (notice, browser) = ctx.auth().register(&email, password, &ctx.client()).await?;
        ctx.registered(&browser);
        Ok(notice)
    })
    .await
}

/// Sends a new confirmation link to an unconfirmed account's address.
#[server(prefix = "/api", endpoint = "auth/resend_verification")]
pub async fn resend_verification(email: String) -> Result<Notice, AuthError> {
    by_mail(crate::routes::LOGIN, "/login?sent=verification", async |ctx| {
        let email = Email::parse(&email).in_field("email")?;
        ctx.auth().resend_verification(&email, &ctx.client()).await
    })
    .await
}

/// Confirms the address of a link and signs this browser in. A browser
/// other than the one that registered chooses the password
/// (`new_password`); the one given at registration is dropped.
#[server(prefix = "/api", endpoint = "auth/verify_email")]
pub async fn verify_email(token: String, new_password: Option<String>) -> Result<SessionInfo, AuthError> {
    sign_in(&link_page(crate::routes::VERIFY_EMAIL, &token), None, async |ctx| {
        let link = link_token(&token)?;
        let new = optional_password(new_password)?;
        let outcome = ctx.auth().verify_email(&link, new, ctx.registration().as_ref(), &ctx.client()).await?;
        ctx.forget_registration();
        Ok(outcome)
    })
    .await
}

/// A password field a form may leave empty: `None` then.
#[cfg(feature = "ssr")]
fn optional_password(raw: Option<String>) -> Result<Option<Password>, AuthError> {
    raw.filter(|p| !p.is_empty()).map(|p| Password::parse(p).in_field("new_password")).transpose()
}

/// Sends a link to choose a new password, if the address has an account.
#[server(prefix = "/api", endpoint = "auth/forgot_password")]
pub async fn forgot_password(email: String) -> Result<Notice, AuthError> {
    by_mail(crate::routes::FORGOT_PASSWORD, "/forgot-password?sent=1", async |ctx| {
        let email = Email::parse(&email).in_field("email")?;
        ctx.auth().forgot_password(&email, &ctx.client()).await
    })
    .await
}

/// Sets a new password from a reset link: every session ends, this browser
/// is signed in.
#[server(prefix = "/api", endpoint = "auth/reset_password")]
pub async fn reset_password(token: String, new_password: String) -> Result<SessionInfo, AuthError> {
    // A refused password sends the form back with its link, to try another.
    sign_in(&link_page(crate::routes::RESET_PASSWORD, &token), None, async |ctx| {
        let token = link_token(&token)?;
        let new = Password::parse(new_password).in_field("new_password")?;
        ctx.auth().reset_password(&token, new, &ctx.client()).await
    })
    .await
}

/// Uses a confirmation link (new address, undo, "this wasn't me"). The
/// undo needs `new_password`; a report takes one if given.
#[server(prefix = "/api", endpoint = "auth/confirm")]
pub async fn confirm(token: String, new_password: Option<String>) -> Result<Confirmed, AuthError> {
    let ctx = RequestContext::current()?;
    let result = match (link_token(&token), optional_password(new_password)) {
        (Ok(token), Ok(new)) => ctx.auth().confirm(&token, new, &ctx.client()).await,
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let done = result.as_ref().map_or_else(|_| String::new(), |c| c.next.clone());
    // A refusal comes back to the link's page, which then says why.
    ctx.answer_form_post(&result, &done, &link_page(crate::routes::CONFIRM, &token), None);
    result
}

/// What a link is for, without using it.
#[server(prefix = "/api", endpoint = "auth/describe_link")]
pub async fn describe_link(token: String) -> Result<LinkView, AuthError> {
    let ctx = RequestContext::current()?;
    match crate::server::auth::tokens::LinkToken::parse(&token) {
        Some(token) => ctx.auth().describe_link(&token, ctx.registration().as_ref()).await,
        None => Ok(LinkView::default()),
    }
}

/// The page of a link, with its token when it is of our shape: where a
/// refused no-JavaScript post goes back to, the link still usable.
#[cfg(feature = "ssr")]
fn link_page(page: &str, raw: &str) -> String {
    match crate::server::auth::tokens::LinkToken::parse(raw) {
        Some(token) => format!("{page}?token={}", token.expose()),
        None => page.to_owned(),
    }
}

#[cfg(feature = "ssr")]
fn link_token(raw: &str) -> Result<crate::server::auth::tokens::LinkToken, AuthError> {
    crate::server::auth::tokens::LinkToken::parse(raw).ok_or_else(|| AuthError::because(super::Reason::TokenMissing).on("token"))
}

/// Signs in with e-mail and password. For an account with a second factor
/// the answer is 401 `second_factor_required`, no session exists yet, and
/// this browser holds the pending sign-in that `second_factor` finishes.
#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<SessionInfo, AuthError> {
    sign_in(crate::routes::LOGIN, next, async |ctx| {
        let email = Email::parse(&email).in_field("email")?;
        let password = Password::for_verification(password).in_field("password")?;
        ctx.auth().login(&email, password, &ctx.client()).await
    })
    .await
}

/// The second step of a password sign-in: the code of the authenticator
/// app, or a recovery code, for this browser's pending sign-in.
#[server(prefix = "/api", endpoint = "auth/second_factor")]
pub async fn second_factor(code: String, next: Option<String>) -> Result<SessionInfo, AuthError> {
    sign_in(crate::routes::SECOND_FACTOR, next, async |ctx| {
        let pending = ctx.pending_sign_in();
        ctx.auth().complete_second_step(pending.as_deref(), &code, &ctx.client()).await.map(SignInOutcome::SignedIn)
    })
    .await
}

/// Starts a sign-in with a passkey: from the button (`autofill` false), or
/// through the browser's autofill on the e-mail field (conditional mediation).
#[server(prefix = "/api", endpoint = "auth/passkey_begin")]
pub async fn passkey_begin(autofill: bool) -> Result<PasskeyChallenge, AuthError> {
    let ctx = RequestContext::current()?;
    ctx.auth().begin_passkey_sign_in(autofill, &ctx.client()).await
}

/// Finishes a passkey sign-in with the browser's answer (JSON): signed in,
/// with two factors.
#[server(prefix = "/api", endpoint = "auth/passkey_finish")]
pub async fn passkey_finish(ceremony: String, credential: String, next: Option<String>) -> Result<SessionInfo, AuthError> {
    sign_in(crate::routes::LOGIN, next, async |ctx| {
        let issued = ctx.auth().finish_passkey_sign_in(&ceremony, &credential, &ctx.client()).await?;
        Ok(SignInOutcome::SignedIn(issued))
    })
    .await
}

/// Starts the second step of this browser's pending sign-in with a passkey.
#[server(prefix = "/api", endpoint = "auth/second_factor_passkey_begin")]
pub async fn second_factor_passkey_begin() -> Result<PasskeyChallenge, AuthError> {
    let ctx = RequestContext::current()?;
    let pending = ctx.pending_sign_in();
    ctx.auth().begin_passkey_second_step(pending.as_deref(), &ctx.client()).await
}

/// The second step of a password sign-in, with a passkey.
#[server(prefix = "/api", endpoint = "auth/second_factor_passkey")]
pub async fn second_factor_passkey(ceremony: String, credential: String, next: Option<String>) -> Result<SessionInfo, AuthError> {
    sign_in(crate::routes::SECOND_FACTOR, next, async |ctx| {
        let pending = ctx.pending_sign_in();
        let result = ctx.auth().finish_passkey_second_step(pending.as_deref(), &ceremony, &credential, &ctx.client()).await;
        result.map(SignInOutcome::SignedIn)
    })
    .await
}

/// Rotates the refresh cookie and issues a new access cookie.
///
/// A session bound to its browser's key is renewed by the browser itself
/// (the `bound` module of the server's auth), before it sends this request:
/// with a valid access cookie of a bound session, the answer is the session
/// as it is. Its refresh cookie alone is refused, and left in place: the
/// browser holding the key renews it on its next request.
#[server(prefix = "/api", endpoint = "auth/refresh")]
pub async fn refresh() -> Result<SessionInfo, AuthError> {
    let ctx = RequestContext::current()?;
    let credentials = ctx.credentials();
    let holder = ctx.auth().authenticate(credentials.access.as_ref()).await.ok();
    if let Some(claims) = holder.as_ref().filter(|c| c.is_bound()) {
        return session_info(&ctx, claims.clone(), true).await;
    }
    let holds = holder.as_ref().map(|c| c.sid.as_str());
    let refreshed = ctx.auth().refresh(credentials.refresh.as_ref(), holds, &ctx.client()).await;
    match (refreshed, holder) {
        (Ok(issued), _) => Ok(ctx.signed_in(&issued)),
        // Bound since this access token was issued: the session as it is.
        (Err(err), Some(claims)) if err.reason == Some(super::Reason::SessionBound) => session_info(&ctx, claims, true).await,
        (Err(err), _) => {
            if err.code == super::ErrorCode::Unauthorized && err.reason != Some(super::Reason::SessionBound) {
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
    let claims = ctx.auth().authenticate(ctx.credentials().access.as_ref()).await?;
    let bound = claims.is_bound();
    session_info(&ctx, claims, bound).await
}

/// The session an access token describes, for the client.
#[cfg(feature = "ssr")]
async fn session_info(ctx: &RequestContext, claims: crate::server::jwt::Claims, bound: bool) -> Result<SessionInfo, AuthError> {
    let auth = ctx.auth();
    let user = auth.user(&claims.sub).await?.ok_or_else(AuthError::unauthorized)?;
    Ok(SessionInfo {
        user: crate::server::auth::user_view(&user),
        bound,
        session_id: claims.sid,
        access_expires_at: claims.exp,
        server_time_ms: auth.now_ms(),
    })
}
