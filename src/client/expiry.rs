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
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Refresh a quarter of the lifetime before expiry: a minute for the default
/// 15 minutes, but never less than a second.
fn margin_for(lifetime_ms: f64) -> f64 {
    (lifetime_ms * 0.25).clamp(1_000.0, 60_000.0)
}

pub fn set(access_expires_at_secs: i64, server_time_ms: i64) {
    let skew = server_time_ms as f64 - now();
    let expires = access_expires_at_secs as f64 * 1000.0 - skew;
    EXPIRES_AT.set(Some(expires));
    MARGIN_MS.set(margin_for(expires - now()));
    GENERATION.set(GENERATION.get() + 1);
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

/// How long until the next refresh is due, if signed in.
pub fn until_refresh() -> Option<Duration> {
    let at = EXPIRES_AT.get()?;
    let wait = (at - MARGIN_MS.get() - now()).max(0.0);
    Some(Duration::from_millis(wait as u64))
}
