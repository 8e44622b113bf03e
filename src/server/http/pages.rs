//! Page rendering, with a watchdog for renders that never finish.

use axum::{
    body::Body,
    extract::{Request, State},
    response::{IntoResponse, Response},
};
use leptos::prelude::*;

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

