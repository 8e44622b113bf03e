//! When the access token expires, on this machine's clock.
//!
//! The server says when the token expires and what time it is there; the
//! difference to our clock is the skew, so a machine whose clock is minutes
//! off still refreshes on time.

use std::{cell::Cell, time::Duration};

thread_local! {
    /// Expiry in local milliseconds since the epoch.
    static EXPIRES_AT: Cell<Option<f64>> = const { Cell::new(None) };
    /// How long before expiry to refresh.
    static MARGIN_MS: Cell<f64> = const { Cell::new(60_000.0) };
    /// Bumped on every update, so a waiting tab can tell another refreshed.
    static GENERATION: Cell<u64> = const { Cell::new(0) };
    /// The session is bound to this browser's key (see `margin_for`).
    static BOUND: Cell<bool> = const { Cell::new(false) };
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Refresh a quarter of the lifetime before expiry: a minute for the default
/// 15 minutes, but never less than a second. A session bound to this
/// browser's key asks a second *after* expiry: the browser renews the
/// cookie before sending that request, and a refresh cookie alone would
/// be refused.
fn margin_for(lifetime_ms: f64, bound: bool) -> f64 {
    if bound { -1_000.0 } else { (lifetime_ms * 0.25).clamp(1_000.0, 60_000.0) }
}

/// Records an answer received just now.
pub fn set(access_expires_at_secs: i64, server_time_ms: i64, bound: bool) {
    set_as_of(access_expires_at_secs, server_time_ms, now(), bound);
}

/// Records an answer that arrived at `received_at` (local milliseconds
/// since the epoch): the page's own, which its islands read only once the
/// bundle has loaded, maybe long after. Taking that wait for clock skew
/// would push the refresh past the expiry.
pub fn set_as_of(access_expires_at_secs: i64, server_time_ms: i64, received_at: f64, bound: bool) {
    let skew = server_time_ms as f64 - received_at;
    let expires = access_expires_at_secs as f64 * 1000.0 - skew;
    EXPIRES_AT.set(Some(expires));
    MARGIN_MS.set(margin_for(expires - now(), bound));
    BOUND.set(bound);
    GENERATION.set(GENERATION.get() + 1);
}

/// When this page's document began to arrive, on this machine's clock
/// (`performance.timeOrigin` plus the navigation's `responseStart`).
pub fn document_arrived_at() -> Option<f64> {
    use js_sys::Reflect;
    use wasm_bindgen::JsCast;
    let performance = Reflect::get(&js_sys::global(), &"performance".into()).ok()?;
    let origin = Reflect::get(&performance, &"timeOrigin".into()).ok()?.as_f64()?;
    let entries_by_type = Reflect::get(&performance, &"getEntriesByType".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let entries = entries_by_type.call1(&performance, &"navigation".into()).ok()?;
    let navigation = js_sys::Array::from(&entries).get(0);
    let response_start = Reflect::get(&navigation, &"responseStart".into()).ok()?.as_f64()?;
    (response_start > 0.0).then_some(origin + response_start)
}

pub fn forget() {
    EXPIRES_AT.set(None);
}

pub fn generation() -> u64 {
    GENERATION.get()
}

/// True when signed in and the token expires within the margin.
pub fn needs_refresh() -> bool {
    EXPIRES_AT.get().is_some_and(|at| at - now() <= MARGIN_MS.get())
}

/// How long until the next refresh is due, if signed in. A bound session
/// waits at least a second: an answer may repeat an expiry that just
/// passed (the browser's cookie outlives it by up to a second, and the
/// server allows some leeway), and asking again at once would spin until
/// the browser has renewed the cookie.
pub fn until_refresh() -> Option<Duration> {
    let at = EXPIRES_AT.get()?;
    let floor = if BOUND.get() { 1_000.0 } else { 0.0 };
    let wait = (at - MARGIN_MS.get() - now()).max(floor);
    Some(Duration::from_millis(wait as u64))
}
