//! The page session: who is signed in is settled before a page renders.

use axum::{
    extract::{Request, State},
    http::{HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use super::unavailable_page;
use crate::{
    auth::{ErrorCode, Reason, SessionEnd, safe_next},
    routes,
    server::{auth::session_end, state::AppState},
};

fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/")
        || path.starts_with("/pkg/")
        // A provider's way back, and a bound session's binding and
        // renewal, are endpoints that read cookies of their own.
        || path.starts_with("/auth/")
        || path.starts_with("/.well-known/")
        || path == "/healthz"
        || path == "/readyz"
        || path.rsplit('/').next().is_some_and(|last| last.contains('.')))
}

/// Settles who is signed in before a page renders, because headers cannot
/// change once the streamed HTML has started:
/// - a missing or expired access token with a valid refresh token is
///   refreshed here; the new cookies go on the response and into the request
///   the page renders from, so it renders signed in;
/// - a protected page without a user redirects to `/login?next=…`;
/// - `/login` and `/register` with a user redirect onwards.
pub(super) async fn page_session(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or("").to_owned();
    if request.method() != Method::GET || !is_page(&path) {
        return next.run(request).await;
    }
    let (cookies, auth) = (state.cookies, &state.auth);
    let credentials = cookies.credentials(request.headers());
    let claims = auth.authenticate(credentials.access.as_ref()).await.ok();
    let mut signed_in = claims.is_some();
    let mut set_cookies: Vec<HeaderValue> = Vec::new();
    let mut ended = None;
    // Where it decides something (protected and guest-only pages), a valid
    // token is not enough: a device signed out elsewhere is signed out here.
    let protected = routes::is_protected(&path);
    let guest_only = routes::is_guest_only(&path);
    if let (Some(claims), true) = (&claims, protected || guest_only) {
        match auth.session(&claims.sid).await {
            Ok(Some(session)) if auth.is_live(&session) => {}
            Ok(found) => {
                signed_in = false;
                set_cookies.extend(cookies.clear());
                ended = Some(found.as_ref().map_or(SessionEnd::Revoked, session_end));
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot check the session of a page request");
                return unavailable_page(cookies.lang_of(request.headers()));
            }
        }
    }
    if let (false, None, Some(refresh)) = (signed_in, ended, &credentials.refresh) {
        let client = super::request::client(&state, request.headers(), request.extensions());
        match auth.refresh(Some(refresh), None, &client).await {
            Ok(issued) => {
                set_cookies.extend(cookies.signed_in(&issued));
                let rewritten = cookies.with_tokens(request.headers(), &issued);
                request.headers_mut().remove(header::COOKIE);
                request.headers_mut().insert(header::COOKIE, rewritten);
                signed_in = true;
            }
            // A bound session's refresh cookie without its key: signed out
            // here, and the cookies stay (if this is the browser holding
            // the key, its renewal failed, and it tries again).
            Err(err) if err.reason == Some(Reason::SessionBound) => {}
            Err(err) if err.code == ErrorCode::Unauthorized => {
                set_cookies.extend(cookies.clear());
                ended = Some(err.session.unwrap_or(SessionEnd::Expired));
            }
            // Not knowing whether the session is valid, neither render it
            // signed out nor send the user to sign in: say what is wrong.
            Err(err) if err.code == ErrorCode::Unavailable => return unavailable_page(cookies.lang_of(request.headers())),
            Err(_) => {}
        }
    }

    tracing::debug!(signed_in, "page session settled");
    let here = request.uri().path_and_query().map_or(path.clone(), |pq| pq.as_str().to_owned());
    let mut response = if !signed_in && protected {
        let reason = ended.map(|end| format!("&reason={}", end.reason())).unwrap_or_default();
        let target = format!("/login?next={}{reason}", url::form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>());
        Redirect::to(&target).into_response()
    } else if signed_in && guest_only {
        let next_param = url::form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
            .find(|(k, _)| k == "next")
            .map(|(_, v)| v.into_owned());
        Redirect::to(&safe_next(next_param.as_deref()).unwrap_or_else(|| routes::ACCOUNT.into())).into_response()
    } else {
        next.run(request).await
    };

    let headers = response.headers_mut();
    for cookie in set_cookies {
        headers.append(header::SET_COOKIE, cookie);
    }
    // A link's page holds its token in the form: never stored either.
    let holds_token = query.split('&').any(|pair| pair.starts_with("token="));
    if signed_in || protected || holds_token {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
