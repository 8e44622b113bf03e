//! The HTTP side of sessions bound to a device (Device Bound Session
//! Credentials; the rules are `server::auth::bound`, the wire format
//! docs/security.md, "Sessions bound to a device"):
//! - a sign-in's answer offers a binding (`Secure-Session-Registration`,
//!   [`offer`]);
//! - `POST /auth/session/bind`: the browser's signed answer registers its
//!   key for the session, and gets the session's instructions (which
//!   cookie is bound, where to renew it); its first renewal binds it;
//! - `POST /auth/session/renew`: the browser renews the access cookie,
//!   signing the challenge it gets with `403`.

use axum::{
    Json,
    extract::{Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use super::{cookies::CookieNames, error_response, request::client};
use crate::{
    auth::{AuthError, Reason},
    server::{
        auth::{Issued, bound::Renewal},
        state::AppState,
    },
};

pub const BIND_PATH: &str = "/auth/session/bind";
pub const RENEW_PATH: &str = "/auth/session/renew";

const REGISTRATION: HeaderName = HeaderName::from_static("secure-session-registration");
const CHALLENGE: HeaderName = HeaderName::from_static("secure-session-challenge");
const RESPONSE: HeaderName = HeaderName::from_static("secure-session-response");
const SESSION_ID: HeaderName = HeaderName::from_static("sec-secure-session-id");

/// Longest session id a renewal may name (ours are 32 characters).
const SESSION_ID_MAX: usize = 128;

/// The offer of a sign-in's answer to bind its new session, if binding is on.
pub fn offer(issued: &Issued) -> Option<(HeaderName, HeaderValue)> {
    let challenge = issued.bind_challenge.as_deref()?;
    let value = format!("(ES256 RS256);path=\"{BIND_PATH}\";challenge=\"{challenge}\"");
    Some((REGISTRATION, HeaderValue::from_str(&value).ok()?))
}

/// What the answer to a sign-in (not a renewal) carries: the session's
/// cookies, and the offer to bind it.
pub fn sign_in_headers(cookies: &CookieNames, issued: &Issued) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers: Vec<_> = cookies.signed_in(issued).into_iter().map(|cookie| (header::SET_COOKIE, cookie)).collect();
    headers.extend(offer(issued));
    headers
}

/// A challenge for the session, for the browser to sign at its next renewal.
fn challenge(challenge: &str, session_id: &str) -> Option<(HeaderName, HeaderValue)> {
    Some((CHALLENGE, HeaderValue::from_str(&format!("\"{challenge}\";id=\"{session_id}\"")).ok()?))
}

/// A header's text, without the quotes of a structured-field string.
fn text(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    let raw = headers.get(name)?.to_str().ok()?.trim();
    let unquoted = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(raw);
    (!unquoted.is_empty()).then(|| unquoted.to_owned())
}

/// The session's instructions: its id, where it is renewed, and the
/// bound credential, the access cookie, with the attributes it is set with.
fn instructions(state: &AppState, session_id: &str) -> serde_json::Value {
    json!({
        "session_identifier": session_id,
        "refresh_url": RENEW_PATH,
        "scope": { "include_site": false },
        "credentials": [{ "type": "cookie", "name": state.cookies.access, "attributes": state.cookies.attributes() }],
        "allowed_refresh_initiators": [],
    })
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `POST /auth/session/bind`: registers the key of the request's
/// `Secure-Session-Response` for the signed-in session of its access
/// cookie (bound from the first renewal with it).
pub async fn bind(State(state): State<AppState>, request: Request) -> Response {
    let headers = request.headers();
    let Some(proof) = text(headers, &RESPONSE) else {
        return error_response(AuthError::because(Reason::ProofRefused));
    };
    let access = state.cookies.credentials(headers).access;
    match state.auth.bind_session(access.as_ref(), &proof).await {
        Ok(bound) => {
            let mut response = no_store(Json(instructions(&state, &bound.session_id)).into_response());
            response.headers_mut().extend(challenge(&bound.next_challenge, &bound.session_id));
            response
        }
        Err(e) => error_response(e),
    }
}

/// `POST /auth/session/renew`: the browser renews a bound session's access
/// cookie. `403` with a challenge until it signs one with the bound key;
/// then new cookies (the refresh token rotates) and the next challenge. A
/// session that ended is told to stop (`"continue": false`).
pub async fn renew(State(state): State<AppState>, request: Request) -> Response {
    let headers = request.headers();
    let Some(session_id) = text(headers, &SESSION_ID).filter(|id| id.len() <= SESSION_ID_MAX) else {
        return error_response(AuthError::invalid("session", "Which session to renew is missing."));
    };
    let proof = text(headers, &RESPONSE);
    let presented = state.cookies.credentials(headers).refresh;
    let who = client(&state, headers, request.extensions());
    match state.auth.renew_bound(&session_id, proof.as_deref(), presented.as_ref(), &who).await {
        Ok(Renewal::Challenge(next)) => {
            let mut response = no_store(StatusCode::FORBIDDEN.into_response());
            response.headers_mut().extend(challenge(&next, &session_id));
            response
        }
        Ok(Renewal::Renewed { issued, next_challenge }) => {
            let mut response = no_store(StatusCode::OK.into_response());
            let headers = response.headers_mut();
            for cookie in state.cookies.signed_in(&issued) {
                headers.append(header::SET_COOKIE, cookie);
            }
            headers.extend(challenge(&next_challenge, &session_id));
            response
        }
        // No cookie is touched: the browser may hold another session's by now.
        Ok(Renewal::Ended) => no_store(Json(json!({ "session_identifier": session_id, "continue": false })).into_response()),
        Err(e) => error_response(e),
    }
}
