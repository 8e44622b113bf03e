//! The axum application: routes, and the middleware every request passes.
//!
//! From the outside in: request log → compression → security headers → body
//! limit → cross-site check → page session (refresh before rendering,
//! redirects for protected and guest-only pages) → routes. A server
//! function's error gets its status where it leaves the function
//! ([`request::error_leaves`]).
//!
//! Each middleware lives in a file of its own: [`headers`] (pages set their
//! policy through it too), [`cross_site`], [`page_session`]; page
//! rendering and its watchdog in [`pages`]. What a server function reads
//! from the request and writes to the response is [`request`]'s
//! `RequestContext`; the cookies' names and attributes are [`cookies`].

pub mod assets;
mod bound;
pub mod cookies;
mod cross_site;
mod dev_mail;
mod federation;
pub mod headers;
mod language;
pub mod prometheus;
mod page_session;
mod pages;
pub mod request;
pub mod tls;

pub use pages::render_stalls;

use std::{future::Future, net::SocketAddr, time::Instant};

use axum::{
    Json, Router,
    extract::{MatchedPath, Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tower_http::{
    compression::{CompressionLayer, DefaultPredicate, Predicate},
    limit::RequestBodyLimitLayer,
};
use tracing::Instrument;

use self::headers::security_headers;
use super::{metrics, state::AppState};
use crate::{
    app::App,
    auth::{AuthError, ErrorCode},
};

/// Largest request body accepted. Forms here carry an e-mail and passwords
/// of at most 1 KiB each, or a passkey's answer (about 1 KiB with the
/// attestation keycard asks for, none).
pub const BODY_LIMIT: usize = 16 * 1024;

/// The app's routes, generated once per process. Generating them runs the
/// app with resource loading suppressed, and leptos keeps that switch in one
/// process-wide flag: a page render of another router whose resources first
/// ran in that moment waited forever (leptos-rs/leptos#4773). Once is at
/// startup, before anything is served.
fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    let routes = routes();
    Router::new()
        .route("/api/{*fn_name}", post(server_fn_handler))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/dev/mail", get(dev_mail::mailbox))
        .route(crate::routes::LANGUAGE, post(language::choose))
        .route("/auth/oidc/{provider}/start", post(federation::start))
        .route("/auth/oidc/{provider}/callback", get(federation::callback))
        .route(bound::BIND_PATH, post(bound::bind))
        .route(bound::RENEW_PATH, post(bound::renew))
        .leptos_routes_with_handler(routes, get(pages::page_handler))
        .fallback(pages::file_or_not_found)
        .layer(middleware::from_fn_with_state(state.clone(), page_session::page_session))
        .layer(middleware::from_fn_with_state(state.clone(), cross_site::cross_site_guard))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn(refuse_oversized))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        .layer(compression())
        .layer(middleware::from_fn(request_log))
        .with_state(state)
}

/// Pages and server-function answers are compressed (brotli, else gzip) for
/// clients that accept it. The site's static files are precompressed by
/// `make site` and served as they are. Pages render whole before they are
/// sent (`SsrMode::Async`), so compressing holds nothing back. No page puts
/// a secret beside text an attacker chose, which is what a BREACH-style
/// guess at compressed sizes needs.
fn compression() -> CompressionLayer<impl Predicate> {
    let pages_and_answers = |_: StatusCode, _: http::Version, headers: &http::HeaderMap, _: &http::Extensions| {
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"))
    };
    CompressionLayer::new().compress_when(DefaultPredicate::new().and(pages_and_answers))
}

/// Serves until `shutdown` resolves, then stops accepting and lets in-flight
/// requests finish. HTTPS when `tls` is given (see [`tls`]).
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    tls: Option<std::sync::Arc<tokio_rustls::rustls::ServerConfig>>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    match tls {
        None => axum::serve(listener, app).with_graceful_shutdown(shutdown).await,
        Some(config) => {
            // `tap_io` gives the connections their peer address as `ConnectInfo`.
            let listener = axum::serve::ListenerExt::tap_io(tls::TlsListener::new(listener, config)?, |_| {});
            axum::serve(listener, app).with_graceful_shutdown(shutdown).await
        }
    }
}

async fn server_fn_handler(State(state): State<AppState>, request: Request) -> impl IntoResponse {
    let lang = state.cookies.lang_of(request.headers());
    handle_server_fns_with_context(
        move || {
            provide_context(state.clone());
            provide_context(lang);
        },
        request,
    )
    .await
}

async fn jwks(State(state): State<AppState>) -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "public, max-age=60")], Json(state.auth.jwks()))
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.auth.ready().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

pub(super) fn error_response(err: AuthError) -> Response {
    let status = StatusCode::from_u16(err.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let retry_after = err.retry_after;
    let mut response = (status, [(header::CACHE_CONTROL, "no-store")], Json(err)).into_response();
    if let Some(secs) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// One log line per request: id, method, path (never the query), status and
/// latency. Everything logged while handling the request carries the id,
/// which is also returned as `X-Request-Id`.
async fn request_log(request: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let matched = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let span = tracing::info_span!("request", id = %id);
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let latency_ms = (started.elapsed().as_secs_f64() * 1000.0 * 10.0).round() / 10.0;
    span.in_scope(|| tracing::info!(%method, %path, status, latency_ms, "request"));
    metrics::request(method.as_str(), metrics::route_label(matched.as_deref(), &path), status, started.elapsed());
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The page shown when the database cannot be reached.
/// The page for a request that cannot be answered for now, in `lang`.
pub(super) fn unavailable_page(lang: crate::i18n::Lang) -> Response {
    let say = |key: &str| crate::server::mail::letters::escape(&crate::i18n::text(lang, key, &[]));
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} · keycard</title></head>\
         <body><main><h1>{}</h1><p>{}</p></main></body></html>",
        lang.code(),
        say("unavailable-title"),
        say("unavailable-heading"),
        say("unavailable-text"),
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::RETRY_AFTER, "5"), (header::CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response()
}

/// Answers 413 to a request whose declared length is over the limit. A body
/// of reasonable size is read and discarded first: a server that answers
/// while the client is still sending makes most clients see a reset
/// connection instead of the 413. Bodies without a declared length are cut
/// off by `RequestBodyLimitLayer` while being read.
async fn refuse_oversized(request: Request, next: Next) -> Response {
    const DRAIN_LIMIT: usize = 4 * 1024 * 1024;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(len) if len > BODY_LIMIT => {
            if len <= DRAIN_LIMIT {
                // Read and drop chunk by chunk: nothing is kept, and a client
                // that stalls gets its answer after a few seconds anyway.
                let mut chunks = request.into_body().into_data_stream();
                let _ = tokio::time::timeout(std::time::Duration::from_secs(5), async {
                    while let Some(Ok(_)) = futures::StreamExt::next(&mut chunks).await {}
                })
                .await;
            }
            error_response(AuthError::new(ErrorCode::TooLarge, "The request is too large."))
        }
        _ => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use crate::routes::{ACCOUNT, HOME, LOGIN, REGISTER};

    #[tokio::test]
    async fn the_routes_table_names_the_apps_pages() {
        let served: Vec<String> = super::routes().iter().map(|r| r.path().to_owned()).collect();
        for page in [HOME, LOGIN, REGISTER, ACCOUNT] {
            assert!(served.iter().any(|p| p == page), "{page} is not a route of the app: {served:?}");
        }
    }
}
