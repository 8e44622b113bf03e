//! Page rendering, with a watchdog for renders that never finish.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{Method, StatusCode},
    response::{IntoResponse, Response},
};
use leptos::prelude::*;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use super::unavailable_page;
use crate::{app::shell, server::state::AppState};

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
/// (see `routes` in `server::http`); that cause is gone. The watchdog stays as a last
/// defence: page requests are idempotent reads (the session was refreshed
/// before this handler), so a render that stalls is logged, counted and
/// tried once more instead of hanging the response.
pub(super) async fn page_handler(State(state): State<AppState>, request: Request) -> Response {
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
    unavailable_page(state.cookies.lang_of(&parts.headers))
}

async fn render_page(state: AppState, request: Request) -> Response {
    let options = state.leptos_options.clone();
    let lang = state.cookies.lang_of(request.headers());
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(lang);
        },
        move || shell(options.clone()),
    );
    let mut response = handler(request).await.into_response();
    // The page's words depend on these (`crate::i18n`).
    response.headers_mut().append(http::header::VARY, http::HeaderValue::from_static("cookie, accept-language"));
    response
}

/// What no route answers: a file under the site root (the bundle, the
/// favicon; brotli or gzip when the browser takes it and the build made
/// it), else the not-found page.
///
/// Not leptos_axum's `file_and_error_handler`: it answers a file inside an
/// `Owner::new()`, which inherits whatever reactive owner the worker thread
/// had current, and then takes that owner's response options. A page
/// rendering at that moment on the same thread lost its headers to the
/// file (its Content-Security-Policy among them), and went out with the
/// bare policy: no stylesheet, no scripts, never hydrated.
pub(super) async fn file_or_not_found(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    if parts.method == Method::GET || parts.method == Method::HEAD {
        let files = ServeDir::new(&*state.leptos_options.site_root).precompressed_br().precompressed_gzip();
        let found = files.oneshot(Request::from_parts(parts.clone(), Body::empty())).await;
        if let Ok(file) = found.map(IntoResponse::into_response)
            && file.status() != StatusCode::NOT_FOUND
        {
            return file;
        }
    }
    page_handler(State(state), Request::from_parts(parts, Body::empty())).await
}
