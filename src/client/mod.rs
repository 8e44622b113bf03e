//! The browser side of staying signed in (hydrate only).
//!
//! - [`expiry`] knows when the access token expires, on this machine's clock.
//! - A timer refreshes shortly before expiry while the tab is visible; a tab
//!   that becomes visible, or a network that comes back, refreshes at once if
//!   the token is (nearly) expired.
//! - Every refresh in this tab shares one request in flight; across tabs a Web
//!   Lock lets one tab refresh while the others wait and then see, through the
//!   broadcast channel, that the work is done ([`tabs`]).
//! - When refreshing fails for good, the user goes to `/login?next=…` with
//!   the reason, unless the tab is already leaving (see [`session_ended`]).
//! - A session bound to a key this browser holds (Device Bound Session
//!   Credentials) is renewed by the browser itself, before it sends a
//!   request once the access cookie has run out. The keeper does not race
//!   it: it asks only after the expiry, and that request is what the
//!   browser renews the cookie for; the answer is the renewed session.

pub mod expiry;
pub mod forms;
pub mod webauthn;
pub mod tabs;

use std::cell::{Cell, RefCell};

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, prelude::Closure};

use crate::{
    auth::{AuthError, ErrorCode, SessionEnd, SessionInfo, api},
    i18n::ClientText,
};

type Flight = Shared<LocalBoxFuture<'static, Result<(), AuthError>>>;

#[derive(Default)]
struct State {
    timer: Option<TimeoutHandle>,
    in_flight: Option<Flight>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
    /// The words this script writes, in the page's language.
    static TEXT: RefCell<ClientText> = RefCell::new(ClientText::default());
    /// When this page was last told it is being left (`beforeunload`).
    static LEAVING_SINCE: Cell<Option<f64>> = const { Cell::new(None) };
    /// A session end that waits for the navigation under way.
    static PENDING_END: Cell<Option<SessionEnd>> = const { Cell::new(None) };
}

/// How long a navigation under way is left to decide where the tab goes
/// before a session that ended sends it to sign in anyway.
const LEAVING_GRACE_MS: f64 = 10_000.0;

/// Starts keeping the session alive, from the session the page was
/// rendered with (`None`: nobody is signed in). Called once per page load:
/// every navigation is a full page load, so a sign-in or sign-out in this
/// tab ends with a new page and a new start.
pub fn start(session: Option<SessionInfo>) {
    match &session {
        Some(info) => {
            let received_at = expiry::document_arrived_at().unwrap_or_else(js_sys::Date::now);
            expiry::set_as_of(info.access_expires_at, info.server_time_ms, received_at, info.bound);
            schedule();
        }
        None => expiry::forget(),
    }

    let document = document();
    let on_visible = Closure::<dyn Fn()>::new(|| {
        if is_visible() && expiry::needs_refresh() {
            spawn_refresh();
        }
    });
    let _ = document.add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
    let _ = window().add_event_listener_with_callback("online", on_visible.as_ref().unchecked_ref());
    on_visible.forget();

    let on_leave = Closure::<dyn Fn()>::new(|| set_leaving(true));
    let _ = window().add_event_listener_with_callback("beforeunload", on_leave.as_ref().unchecked_ref());
    on_leave.forget();
    // A page brought back from the back-forward cache is no longer leaving.
    let on_back = Closure::<dyn Fn()>::new(|| set_leaving(false));
    let _ = window().add_event_listener_with_callback("pageshow", on_back.as_ref().unchecked_ref());
    on_back.forget();

    tabs::listen(session.map(|info| info.user.id));
}

/// Keeps the words the script writes, as the server chose them.
pub fn set_text(text: ClientText) {
    TEXT.set(text);
}

/// One of the words the script writes.
pub fn text(pick: impl FnOnce(&ClientText) -> &String) -> String {
    TEXT.with_borrow(|text| pick(text).clone())
}

/// Tells the keeper that this page is about to be left (a navigation has
/// begun, or a sign-in or sign-out is on its way and will load the next
/// page), or that it stays after all. See [`session_ended`].
pub fn set_leaving(leaving: bool) {
    LEAVING_SINCE.set(leaving.then(js_sys::Date::now));
    // Staying after all: a session end that waited for the navigation is
    // acted on now.
    if !leaving && let Some(end) = PENDING_END.take() {
        go_to_sign_in(end);
    }
}

/// Records a fresh session answer and schedules the next refresh.
pub fn learned(info: &SessionInfo) {
    expiry::set(info.access_expires_at, info.server_time_ms, info.bound);
    schedule();
}

fn is_visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}

fn cancel_timer() {
    if let Some(timer) = STATE.with(|s| s.borrow_mut().timer.take()) {
        timer.clear();
    }
}

pub(crate) fn schedule() {
    cancel_timer();
    let Some(delay) = expiry::until_refresh() else { return };
    let timer = set_timeout_with_handle(
        || {
            // A hidden tab waits: it refreshes when it becomes visible.
            if is_visible() {
                spawn_refresh();
            }
        },
        delay,
    )
    .ok();
    STATE.with(|s| s.borrow_mut().timer = timer);
}

/// A scheduled refresh (not one answering a 401).
fn spawn_refresh() {
    leptos::task::spawn_local(async move {
        let _ = refresh(false).await;
    });
}

/// Refreshes the session, sharing one request among all callers in this tab.
/// `after_401` forces a refresh even if the clock says the token is fresh
/// (it was refused anyway), unless another tab refreshed in the meantime.
pub async fn refresh(after_401: bool) -> Result<(), AuthError> {
    let flight = STATE.with(|s| {
        let mut state = s.borrow_mut();
        if let Some(flight) = &state.in_flight {
            return flight.clone();
        }
        let flight = coordinated_refresh(after_401).boxed_local().shared();
        state.in_flight = Some(flight.clone());
        flight
    });
    let result = flight.clone().await;
    STATE.with(|s| {
        let mut state = s.borrow_mut();
        // A waiter of an older flight must not clear a newer one.
        if state.in_flight.as_ref().is_some_and(|f| f.ptr_eq(&flight)) {
            state.in_flight = None;
        }
    });
    result
}

async fn coordinated_refresh(after_401: bool) -> Result<(), AuthError> {
    let seen = expiry::generation();
    tabs::with_refresh_lock(async move {
        // While we waited for the lock, another tab may have refreshed (its
        // broadcast moved the clock on); the shared cookies are then fresh.
        let done_elsewhere = expiry::generation() != seen;
        if done_elsewhere && (after_401 || !expiry::needs_refresh()) {
            return Ok(());
        }
        match api::refresh().await {
            Ok(info) => {
                learned(&info);
                tabs::announce_refreshed(&info);
                Ok(())
            }
            Err(err) => {
                if err.code == ErrorCode::Unauthorized {
                    session_ended(err.session.unwrap_or(SessionEnd::Expired));
                }
                Err(err)
            }
        }
    })
    .await
}

/// Leaves for the login page, keeping where the user was.
///
/// A navigation already under way (a reload, a link, a sign-out) decides
/// instead: the server's answer to it knows why the session ended, while a
/// refresh this page sends after that answer has cleared the cookies cannot
/// say, and leaving from here would cancel that navigation. If the page is still here
/// once the grace is over (the navigation was stopped), it leaves after all.
pub fn session_ended(end: SessionEnd) {
    cancel_timer();
    expiry::forget();
    let waited = LEAVING_SINCE.get().map(|since| js_sys::Date::now() - since);
    match waited {
        Some(waited) if waited < LEAVING_GRACE_MS => {
            PENDING_END.set(Some(end));
            let rest = std::time::Duration::from_millis((LEAVING_GRACE_MS - waited) as u64);
            set_timeout(
                || {
                    if let Some(end) = PENDING_END.take() {
                        go_to_sign_in(end);
                    }
                },
                rest,
            );
        }
        _ => go_to_sign_in(end),
    }
}

fn go_to_sign_in(end: SessionEnd) {
    let location = window().location();
    let here = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    let next = js_sys::encode_uri_component(&here);
    let _ = location.assign(&format!("/login?next={next}&reason={}", end.reason()));
}

/// Runs an authenticated server call; on 401 refreshes once (shared with any
/// concurrent caller) and retries once.
pub async fn authed<T, F, Fut>(call: F) -> Result<T, AuthError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, AuthError>>,
{
    match call().await {
        Err(err) if err.code == ErrorCode::Unauthorized => {
            refresh(true).await?;
            call().await
        }
        other => other,
    }
}
