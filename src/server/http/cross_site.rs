//! The cross-site guard (docs/security.md, "Cookies and the HTTP surface").

use axum::{
    extract::{Request, State},
    http::{Method, header},
    middleware::Next,
    response::Response,
};

use super::error_response;
use crate::{
    auth::{AuthError, ErrorCode},
    server::state::AppState,
};

/// Refuses state-changing requests that a browser sent on behalf of another
/// site. Requests without `Sec-Fetch-Site` and `Origin` (non-browser clients)
/// pass: they carry no ambient cookies of a victim.
pub(super) async fn cross_site_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let origin = headers.get(header::ORIGIN).map(|v| v.to_str().unwrap_or("invalid"));
    let refused = matches!(fetch_site, Some("cross-site" | "same-site"))
        || origin.is_some_and(|o| o != state.config.public_origin);
    if refused {
        tracing::warn!(?fetch_site, ?origin, path = %request.uri().path(), "cross-site request refused");
        return error_response(AuthError::new(ErrorCode::Forbidden, "This request came from another site and was refused."));
    }
    next.run(request).await
}

