//! Security headers on every response, and the Content-Security-Policy a
//! page sets for itself (with its render's nonce). Outside `server::http`
//! because the app shell calls [`content_security_policy`] while rendering.

use axum::{
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};
use leptos::prelude::*;

use crate::server::state::AppState;

/// The Content-Security-Policy of a page: only our own scripts, identified
/// by this render's nonce (on the island loader and Leptos' data scripts),
/// our own WASM, styles and images, and no framing. In development the live
/// reload socket of `cargo leptos watch` is allowed too.
pub fn content_security_policy(options: &leptos::config::LeptosOptions) {
    let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else {
        return;
    };
    let connect = if options.env == leptos::config::Env::DEV { "'self' ws: wss:" } else { "'self'" };
    // A form that starts a sign-in at another provider is answered with a
    // redirect there, which `form-action` covers too.
    let providers: String = use_context::<AppState>()
        .map(|state| state.auth.form_targets().iter().map(|origin| format!(" {origin}")).collect())
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src {connect}; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'{providers}; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let static_file = request.uri().path().strip_prefix("/pkg/").map(|file| file.to_owned());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // The bundle is sent brotli, gzip or plain by Accept-Encoding (`make
    // site` precompresses it): caches must keep the variants apart. Files
    // named after their content are kept for good (see `assets`).
    if let Some(file) = static_file {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        let policy = super::assets::cache_control(super::assets::bundle(&state.leptos_options), &file);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Pages set their own policy (with the render's nonce); everything else
    // (JSON, static files) needs none of the page's allowances.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    if state.config.public_is_https() {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

