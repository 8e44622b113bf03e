//! The axum application: routes, and the middleware every request passes.
//!
//! From the outside in: security headers → body limit → cross-site check →
//! error statuses for server functions → page session (refresh before
//! rendering, redirects for protected and guest-only pages) → routes.

use std::{future::Future, net::SocketAddr, time::Instant};

use axum::{
    Json, Router,
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tower_http::limit::RequestBodyLimitLayer;
use tracing::Instrument;

use super::{request::request_client, state::AppState};
use crate::{
    app::{App, shell},
    auth::{AuthError, ErrorCode, safe_next},
};

/// Largest request body accepted. Forms here carry an e-mail and passwords
/// of at most 1 KiB each.
pub const BODY_LIMIT: usize = 16 * 1024;

/// Pages that need a signed-in user (with everything under them), and pages
/// only for signed-out users.
const PROTECTED: &[&str] = &["/account"];
const GUEST_ONLY: &[&str] = &["/login", "/register"];

/// `/account`, `/account/…`, but not `/accounts`.
fn under(path: &str, roots: &[&str]) -> bool {
    roots.iter().any(|root| path == *root || path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/')))
}

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
        .leptos_routes_with_handler(routes, get(page_handler))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(state.clone(), page_session))
        .layer(middleware::from_fn(error_status))
        .layer(middleware::from_fn_with_state(state.clone(), cross_site_guard))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn(refuse_oversized))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        .layer(middleware::from_fn(request_log))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then stops accepting and lets in-flight
/// requests finish.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

async fn server_fn_handler(State(state): State<AppState>, request: Request) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), request).await
}

/// A page render that has not finished by then is started once more.
const RENDER_WATCHDOG: std::time::Duration = std::time::Duration::from_secs(5);

/// Page renders the watchdog found stalled since the process started. The
/// test suites fail when it is not zero (a stall must not go unnoticed just
/// because the retry hid it), and `make bench` reports the log lines.
static RENDER_STALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub fn render_stalls() -> u64 {
    RENDER_STALLS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Renders a page (asynchronously: the HTML is complete when sent).
///
/// Renders used to stall when another router in the process was being built
/// (see [`routes`]); that cause is gone. The watchdog stays as a last
/// defence: page requests are idempotent reads (the session was refreshed
/// before this handler), so a render that stalls is logged, counted and
/// tried once more instead of hanging the response.
async fn page_handler(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    for attempt in 1..=2 {
        let render = render_page(state.clone(), Request::from_parts(parts.clone(), Body::empty()));
        match tokio::time::timeout(RENDER_WATCHDOG, render).await {
            Ok(response) => return response,
            Err(_) => {
                RENDER_STALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                tracing::error!(attempt, path = %parts.uri.path(), "page render stalled");
            }
        }
    }
    unavailable_page()
}

async fn render_page(state: AppState, request: Request) -> Response {
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || provide_context(state.clone()),
        move || shell(options.clone()),
    );
    handler(request).await.into_response()
}

async fn jwks(State(state): State<AppState>) -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "public, max-age=60")], Json(state.keys.jwks()))
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

fn error_response(err: AuthError) -> Response {
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
    let span = tracing::info_span!("request", id = %id);
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let latency_ms = (started.elapsed().as_secs_f64() * 1000.0 * 10.0).round() / 10.0;
    span.in_scope(|| tracing::info!(%method, %path, status, latency_ms, "request"));
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The page shown when the database cannot be reached.
fn unavailable_page() -> Response {
    let body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Temporarily unavailable · keycard</title></head>\
                <body><main><h1>keycard is temporarily unavailable</h1>\
                <p>We cannot reach our database right now. Your session is safe; please try again in a moment.</p></main></body></html>";
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

/// Refuses state-changing requests that a browser sent on behalf of another
/// site. Requests without `Sec-Fetch-Site` and `Origin` (non-browser clients)
/// pass: they carry no ambient cookies of a victim.
async fn cross_site_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
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

/// Gives server-function errors their status. Server functions answer every
/// error as 500 with a JSON [`AuthError`]; this reads its `code` and sets the
/// status (and `Retry-After`) in one place, including for errors raised
/// before our code ran, such as a form that cannot be decoded.
async fn error_status(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_api {
        return response;
    }
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return error_response(AuthError::new(ErrorCode::TooLarge, "The request is too large."));
    }
    if !(response.status().is_client_error() || response.status().is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 64 * 1024).await else {
        return error_response(AuthError::new(ErrorCode::Internal, "Something went wrong on our side."));
    };
    match serde_json::from_slice::<AuthError>(&bytes) {
        Ok(err) => {
            // Keep what the server function set, such as cookies being cleared.
            let mut mapped = error_response(err);
            for (name, value) in parts.headers.iter().filter(|(n, _)| *n == header::SET_COOKIE) {
                mapped.headers_mut().append(name, value.clone());
            }
            mapped
        }
        Err(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// The Content-Security-Policy of a page: only our own scripts, identified
/// by this render's nonce (Leptos puts it on its hydration and data scripts),
/// our own WASM, styles and images, and no framing. In development the live
/// reload socket of `cargo leptos watch` is allowed too.
pub fn content_security_policy(options: &leptos::config::LeptosOptions) {
    let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else {
        return;
    };
    let connect = if options.env == leptos::config::Env::DEV { "'self' ws: wss:" } else { "'self'" };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src {connect}; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let static_file = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // The bundle is sent brotli, gzip or plain by Accept-Encoding (`make
    // site` precompresses it): caches must keep the variants apart.
    if static_file {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
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

fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/")
        || path.starts_with("/pkg/")
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
async fn page_session(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if request.method() != Method::GET || !is_page(&path) {
        return next.run(request).await;
    }
    let cookies = state.cookies;
    let access = cookies.access_from(request.headers());
    let claims = match &access {
        Some(token) => state.keys.verify(token).await.ok(),
        None => None,
    };
    let mut signed_in = claims.is_some();
    let mut set_cookies: Vec<HeaderValue> = Vec::new();
    let mut ended = None;
    // Where it decides something (protected and guest-only pages), a valid
    // token is not enough: a device signed out elsewhere is signed out here.
    let protected = under(&path, PROTECTED);
    let guest_only = under(&path, GUEST_ONLY);
    if let (Some(claims), true) = (&claims, protected || guest_only) {
        match state.store.session(&claims.sid).await {
            Ok(Some(session)) if state.session_is_live(&session, state.clock.now_ms()) => {}
            Ok(_) => {
                signed_in = false;
                set_cookies.extend(cookies.clear());
                ended = Some("revoked");
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot check the session of a page request");
                return unavailable_page();
            }
        }
    }
    if !signed_in && ended.is_none() {
        if let Some(refresh) = cookies.refresh_from(request.headers()) {
            let client = request_client(&state, request.headers(), request.extensions());
            match state.refresh(Some(&refresh), &client).await {
                Ok(issued) => {
                    set_cookies.extend(cookies.signed_in(&issued));
                    let rewritten = format!("{}={}; {}={}", cookies.access, issued.access_token, cookies.refresh, issued.refresh_token.expose());
                    request.headers_mut().remove(header::COOKIE);
                    request.headers_mut().insert(header::COOKIE, HeaderValue::from_str(&rewritten).expect("tokens are header-safe"));
                    signed_in = true;
                }
                Err(err) if err.code == ErrorCode::Unauthorized => {
                    set_cookies.extend(cookies.clear());
                    ended = Some("expired");
                }
                // Not knowing whether the session is valid, neither render it
                // signed out nor send the user to sign in: say what is wrong.
                Err(err) if err.code == ErrorCode::Unavailable => return unavailable_page(),
                Err(_) => {}
            }
        }
    }

    tracing::debug!(signed_in, "page session settled");
    let here = request.uri().path_and_query().map_or(path.clone(), |pq| pq.as_str().to_owned());
    let mut response = if !signed_in && protected {
        let reason = ended.map(|r| format!("&reason={r}")).unwrap_or_default();
        let target = format!("/login?next={}{reason}", url::form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>());
        Redirect::to(&target).into_response()
    } else if signed_in && guest_only {
        let next_param = url::form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
            .find(|(k, _)| k == "next")
            .map(|(_, v)| v.into_owned());
        Redirect::to(&safe_next(next_param.as_deref()).unwrap_or_else(|| "/account".into())).into_response()
    } else {
        next.run(request).await
    };

    let headers = response.headers_mut();
    for cookie in set_cookies {
        headers.append(header::SET_COOKIE, cookie);
    }
    if signed_in || protected {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
