//! Brute-force limits on sign-in, per account and per client address.
//!
//! Within a window (default 15 minutes) the first few failures are free (3
//! for an account; half the limit for an address, which many people may
//! share); each further failure locks the key for a growing delay (1 s, 2 s,
//! 4 s … at most a minute); reaching the limit (default 10 per account, five
//! times that per address) locks it until the window has passed. While locked, every
//! attempt is answered 429 with `Retry-After`, even one with the right
//! password. Counters live in the database, so all instances share them.
//!
//! An attempt is counted *before* its password is checked, so a burst of
//! concurrent guesses cannot all slip past the check while the first ones
//! are still hashing; a correct password then takes its count back.

use std::time::Duration;

use super::{sessions::ClientInfo, state::AppState, store::now_ms};
use crate::auth::{AuthError, Email, ErrorCode};

/// Failures of one account that cost nothing before delays start.
const FREE_FAILURES: i64 = 3;
const MAX_DELAY: Duration = Duration::from_secs(60);
/// A client address may fail this many times the per-account limit (shared
/// addresses, such as offices behind NAT, hold many users).
const IP_FACTOR: u32 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginLimit {
    pub per_account: u32,
    pub window: Duration,
}

impl Default for LoginLimit {
    fn default() -> Self {
        Self { per_account: 10, window: Duration::from_secs(15 * 60) }
    }
}

impl LoginLimit {
    /// Parses `10/15m`: failures per account, per window.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let (count, window) = raw.split_once('/').ok_or_else(|| format!("expected e.g. 10/15m, got '{raw}'"))?;
        let per_account: u32 = count.trim().parse().map_err(|_| format!("'{count}' is not a count"))?;
        let window = humantime::parse_duration(window.trim()).map_err(|_| format!("'{window}' is not a duration"))?;
        if per_account == 0 || window.is_zero() {
            return Err("count and window must be above zero".into());
        }
        Ok(Self { per_account, window })
    }

    /// How long a key is locked after its `failures`-th failure in a window,
    /// given its limit and how many failures are free.
    pub fn lock_for(&self, failures: i64, max: i64, free: i64) -> Duration {
        if failures >= max {
            return self.window;
        }
        if failures <= free {
            return Duration::ZERO;
        }
        let exponent = (failures - free - 1).min(16) as u32;
        Duration::from_secs(1u64 << exponent).min(MAX_DELAY).min(self.window)
    }
}

/// The two keys an attempt counts against, each with its limit and free failures.
fn keys(email: &Email, client: &ClientInfo, limit: &LoginLimit) -> [(String, i64, i64); 2] {
    let per_ip = i64::from(limit.per_account.saturating_mul(IP_FACTOR));
    [
        (format!("account:{}", email.as_str()), i64::from(limit.per_account), FREE_FAILURES),
        (format!("ip:{}", client.ip), per_ip, per_ip / 2),
    ]
}

fn too_many(retry_after_ms: i64) -> AuthError {
    let secs = ((retry_after_ms + 999) / 1000).max(1) as u64;
    AuthError {
        retry_after: Some(secs),
        ..AuthError::new(
            ErrorCode::RateLimited,
            format!("Too many failed sign-in attempts. Try again in {secs} second{}.", if secs == 1 { "" } else { "s" }),
        )
    }
}

impl AppState {
    /// Admits one password attempt for `email` from `client`, or refuses it
    /// with 429. Call [`AppState::password_accepted`] if the password is right.
    pub(crate) async fn begin_password_attempt(&self, email: &Email, client: &ClientInfo) -> Result<(), AuthError> {
        let limit = self.config.login_limit;
        let now = now_ms();
        let keys = keys(email, client, &limit);
        for (key, _, _) in &keys {
            let until = self.store.throttle_locked_until(key).await?;
            if until > now {
                return Err(too_many(until - now));
            }
        }
        let mut over_limit = None;
        for (key, max, free) in &keys {
            let attempts = self.store.throttle_count_attempt(key, now, limit.window.as_millis() as i64).await?;
            let lock = limit.lock_for(attempts, *max, *free);
            if !lock.is_zero() {
                self.store.throttle_lock(key, now + lock.as_millis() as i64).await?;
            }
            if attempts > *max {
                over_limit = Some(lock.as_millis() as i64);
            }
        }
        match over_limit {
            Some(wait) => Err(too_many(wait)),
            None => Ok(()),
        }
    }

    /// The password was right: the account starts afresh and the address
    /// takes back the attempt it was charged.
    pub(crate) async fn password_accepted(&self, email: &Email, client: &ClientInfo) -> Result<(), AuthError> {
        let [(account, ..), (address, ..)] = keys(email, client, &self.config.login_limit);
        self.store.throttle_clear(&account).await?;
        self.store.throttle_forgive(&address).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_lock_for_the_window() {
        let limit = LoginLimit::default();
        let delays: Vec<u64> = (1..=10).map(|n| limit.lock_for(n, 10, FREE_FAILURES).as_secs()).collect();
        assert_eq!(delays, [0, 0, 0, 1, 2, 4, 8, 16, 32, 900]);
        assert_eq!(limit.lock_for(25, 50, 25), Duration::ZERO, "an address has more free failures");
        assert_eq!(limit.lock_for(26, 50, 25), Duration::from_secs(1));
        assert_eq!(limit.lock_for(40, 50, 25), MAX_DELAY);
        assert_eq!(limit.lock_for(50, 50, 25), limit.window);
    }

    #[test]
    fn limits_parse() {
        assert_eq!(LoginLimit::parse("10/15m").unwrap(), LoginLimit::default());
        assert_eq!(LoginLimit::parse("3 / 2s").unwrap(), LoginLimit { per_account: 3, window: Duration::from_secs(2) });
        for bad in ["10", "x/15m", "10/soon", "0/15m"] {
            assert!(LoginLimit::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(too_many(1).retry_after, Some(1));
        assert_eq!(too_many(1500).retry_after, Some(2));
        assert_eq!(too_many(60_000).message, "Too many failed sign-in attempts. Try again in 60 seconds.");
    }
}
