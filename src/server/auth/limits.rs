//! Brute-force limits on sign-in and on registration.
//!
//! Sign-in follows OWASP's device-cookie scheme, so that knowing someone's
//! e-mail address is not enough to lock them out:
//! - a browser that has signed in to an account before carries a signed
//!   device cookie for it; its attempts count on that device's own budget;
//! - every other source (new browsers, scripts) shares the account's budget
//!   for untrusted sources, and its address has a budget too.
//!
//! An attacker who exhausts the untrusted budget locks out only untrusted
//! sources: the owner's own browser still signs in. A budget works the same
//! way everywhere: within a window (default 15 minutes) the first few
//! failures are free (3 for an account or a device; half the limit for an
//! address, which many people may share); each further failure delays the
//! next attempt (1 s, 2 s, 4 s … at most a minute); reaching the limit
//! (default 10, five times that per address) locks the budget until the
//! window has passed. While locked, every attempt is answered 429 with
//! `Retry-After`, even one with the right password. Counters live in the
//! database, so all instances share them.
//!
//! An attempt is admitted or refused, and the delay it earns for the next
//! one is set, in one statement (`Store::throttle_attempt`): a burst of
//! concurrent guesses cannot slip past the delays while the first ones are
//! still hashing. A correct password then takes its count back. An attempt
//! that finds the budget in a short delay (one set by attempts still in
//! flight, such as a double-clicked form) waits its turn instead of being
//! refused: it is admitted once the delay is over, so concurrent sign-ins
//! with the right password all get in, and guesses stay serialised.
//!
//! A browser that a "this wasn't me" report named keeps its device cookie
//! but not its exemption: it counts on the untrusted budgets again.
//!
//! Registration counts every attempt, per client address and overall.
//! Per-address keys count IPv6 clients by their /64 network, which one
//! subscriber usually holds whole.

use std::{net::IpAddr, time::Duration};

use super::Auth;
use crate::{
    auth::{AuthError, Email, Reason, too_many_message},
    server::{
        client::ClientInfo,
        config::LoginLimit,
        metrics,
        store::{Attempt, EventKind, UserRecord},
    },
};

/// Failures of one account or device that cost nothing before delays start.
const FREE_FAILURES: i64 = 3;
pub const MAX_DELAY: Duration = Duration::from_secs(60);
/// A client address may fail this many times the per-account limit (shared
/// addresses, such as offices behind NAT, hold many users).
const IP_FACTOR: u32 = 5;
/// The longest an attempt waits for a delay to pass before it is refused.
const MAX_WAIT: Duration = Duration::from_secs(5);
/// Accounts created from all addresses together may reach this many times
/// the per-address limit in a window.
const REGISTER_OVERALL_FACTOR: u32 = 50;
const REGISTER_OVERALL: &str = "register:*";
/// A limit no count reaches, for a throttle row used as a counter.
const NEVER_LOCKED: i64 = 1 << 40;

impl LoginLimit {
    /// How long a key is locked after its `failures`-th failure in a window,
    /// given its limit and how many failures are free. The database applies
    /// the same schedule (`store::throttle`); this is its reference.
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

/// The part of a client address a per-address limit counts: the address
/// itself for IPv4, its /64 network for IPv6.
pub fn address_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        _ => ip.to_owned(),
    }
}

/// The throttle key of an account's budget for untrusted sources.
pub fn account_key(email: &Email) -> String {
    format!("account:{}", email.as_str())
}

/// Throttle keys of trusted browsers are this and the device cookie's id.
pub const DEVICE_PREFIX: &str = "device:";

/// The budgets one sign-in attempt was charged to; hand it back to
/// [`Auth::password_accepted`] when the password was right.
#[derive(Debug)]
pub struct Charged {
    keys: Vec<String>,
    /// The id of the request's device cookie, when it is valid for this
    /// account (trusted or not: [`Auth::finish_sign_in`] tells).
    pub device: Option<String>,
}

/// 429 for `limit` (a limit [`Reason`]), with the wait rounded up to seconds.
pub(super) fn too_many(retry_after_ms: i64, limit: Reason) -> AuthError {
    metrics::rate_limited(match limit {
        Reason::SignInLimited | Reason::SignInBusy => "sign_in",
        Reason::RegisterLimited => "register",
        _ => "requests",
    });
    let secs = ((retry_after_ms + 999) / 1000).max(1) as u64;
    AuthError { retry_after: Some(secs), message: too_many_message(limit, secs), ..AuthError::because(limit) }
}

impl Auth {
    /// Admits one password attempt for `email` (whose account is `user`, if
    /// any) from `client`, or refuses it with 429. Call
    /// [`Auth::password_accepted`] if the password is right.
    pub(crate) async fn begin_password_attempt(
        &self,
        email: &Email,
        user: Option<&UserRecord>,
        client: &ClientInfo,
    ) -> Result<Charged, AuthError> {
        let limit = self.policy.login_limit;
        let per_account = i64::from(limit.per_account);
        let device = user.zip(client.device.as_deref()).and_then(|(u, c)| self.device_key.check(c, u));
        let trusted = match &device {
            Some(id) => !self.store.device_distrusted(id).await?,
            None => false,
        };
        let budgets: Vec<(String, i64, i64)> = match &device {
            Some(device) if trusted => vec![(format!("{DEVICE_PREFIX}{device}"), per_account, FREE_FAILURES)],
            _ => {
                let per_ip = i64::from(limit.per_account.saturating_mul(IP_FACTOR));
                vec![
                    (account_key(email), per_account, FREE_FAILURES),
                    (format!("ip:{}", address_key(&client.ip)), per_ip, per_ip / 2),
                ]
            }
        };
        let window = limit.window.as_millis() as i64;
        let mut charged = Vec::with_capacity(budgets.len());
        for (key, max, free) in budgets {
            let attempt = self.attempt_in_turn(&key, window, max, free).await?;
            let now = self.clock.now_ms();
            if !attempt.admitted {
                // Budgets charged before this one keep the attempt: it was
                // made, and refusing it must not make the next one cheaper.
                // Refused while others are still checked, nothing may have
                // failed: the message does not say it did.
                let why = if attempt.in_flight > 0 { Reason::SignInBusy } else { Reason::SignInLimited };
                return Err(too_many(attempt.locked_until - now, why));
            }
            if attempt.failures == max && key.starts_with("account:") {
                // The untrusted budget is spent: the owner's own browsers
                // still get in; the activity log and a mail say so.
                tracing::warn!(user = ?user.map(|u| &u.id), "sign-in from unrecognised devices paused");
                match user {
                    Some(user) => {
                        let mut writes = vec![self.event(&user.id, None, EventKind::SignInLocked, client)];
                        // One lock alert per window at most, however the budget is spent.
                        if self.alert_allowed(&user.id, "lock", 1, limit.window).await? {
                            writes.push(self.lock_alert(user, client));
                        }
                        if let Err(e) = self.commit(&writes).await {
                            tracing::warn!(error = %e.message, "could not record the lock of an account");
                        }
                    }
                    // The same write for an address without an account.
                    None => self.record(None, None, EventKind::SignInLocked, client).await,
                }
            }
            charged.push(key);
        }
        Ok(Charged { keys: charged, device })
    }

    /// One attempt against `key`, admitted or refused. An attempt that finds
    /// the key in a delay while other attempts are still being checked
    /// (the delay may be theirs, not a failure's) waits for them, up to
    /// [`MAX_WAIT`] after it arrived, and tries again; once nothing is in
    /// flight, a delay is a failure's, and it is refused.
    async fn attempt_in_turn(&self, key: &str, window: i64, max: i64, free: i64) -> Result<Attempt, AuthError> {
        let arrived = self.clock.now_ms();
        loop {
            let now = self.clock.now_ms();
            let attempt = self.store.throttle_attempt(key, now, window, max, free).await?;
            let waiting_on_others = attempt.in_flight > 0 && attempt.failures < max;
            if attempt.admitted || !waiting_on_others || now - arrived >= MAX_WAIT.as_millis() as i64 {
                return Ok(attempt);
            }
            let wait = (attempt.locked_until - now).clamp(1, 100);
            tokio::time::sleep(Duration::from_millis(wait as u64)).await;
        }
    }

    /// The password was wrong (or the account cannot sign in): the attempt
    /// stays counted on every budget it was charged to, and is settled.
    pub(crate) async fn password_refused(&self, charged: &Charged) -> Result<(), AuthError> {
        for key in &charged.keys {
            self.store.throttle_settle(key).await?;
        }
        Ok(())
    }

    /// The password was right: the account's or device's budget starts
    /// afresh, and the address takes back the attempt it was charged.
    pub(crate) async fn password_accepted(&self, charged: &Charged) -> Result<(), AuthError> {
        for key in &charged.keys {
            if key.starts_with("ip:") {
                self.store.throttle_forgive(key).await?;
            } else {
                self.store.throttle_clear(key).await?;
            }
        }
        Ok(())
    }

    /// Admits one registration from `client`, or refuses it with 429. Every
    /// attempt counts against its address. The cap for all addresses
    /// together counts only accounts actually created
    /// ([`Auth::registration_done`]), so refused attempts (weak
    /// passwords, taken addresses) cannot spend it for everyone.
    pub(crate) async fn admit_registration(&self, client: &ClientInfo) -> Result<(), AuthError> {
        let limit = self.policy.register_limit;
        let now = self.clock.now_ms();
        let window = limit.window.as_millis() as i64;
        let overall = self.store.throttle_locked_until(REGISTER_OVERALL).await?;
        if overall > now {
            return Err(too_many(overall - now, Reason::RegisterLimited));
        }
        // The window's budget is all free; once spent, the key is locked
        // until the window ends.
        let per_address = i64::from(limit.per_address);
        let key = format!("register:{}", address_key(&client.ip));
        let attempt = self.store.throttle_attempt(&key, now, window, per_address, per_address).await?;
        if !attempt.admitted {
            return Err(too_many(attempt.locked_until - now, Reason::RegisterLimited));
        }
        Ok(())
    }

    /// Admits one request of a kind that sends mail or uses a link
    /// (`prefix`: forgot, resend, reset) or writes a row for anyone (a
    /// passkey sign-in begun) from `client`'s address, on `times` the
    /// registration limit's budget, or refuses it with 429.
    pub(crate) async fn admit_from_address(&self, prefix: &str, times: u32, client: &ClientInfo) -> Result<(), AuthError> {
        let limit = self.policy.register_limit;
        let budget = i64::from(limit.per_address.saturating_mul(times));
        let key = format!("{prefix}:{}", address_key(&client.ip));
        let now = self.clock.now_ms();
        let attempt = self.store.throttle_attempt(&key, now, limit.window.as_millis() as i64, budget, budget).await?;
        if !attempt.admitted {
            return Err(too_many(attempt.locked_until - now, Reason::RequestsLimited));
        }
        Ok(())
    }

    /// Counts an account created from `client` against the cap for all
    /// addresses. Each address counts there for a tenth of its own budget
    /// at most (at least one account), so it takes hundreds of addresses,
    /// not a few dozen using their whole budgets, to close registration
    /// for everyone; the rest of an address's accounts are still bounded by
    /// its own budget.
    pub(crate) async fn registration_done(&self, client: &ClientInfo) -> Result<(), AuthError> {
        let limit = self.policy.register_limit;
        let window = limit.window.as_millis() as i64;
        let now = self.clock.now_ms();
        let share = i64::from((limit.per_address / 10).max(1));
        let key = format!("registered:{}", address_key(&client.ip));
        // A count only: never locked.
        let counted = self.store.throttle_attempt(&key, now, window, NEVER_LOCKED, NEVER_LOCKED).await?;
        if counted.failures <= share {
            let overall = i64::from(limit.per_address.saturating_mul(REGISTER_OVERALL_FACTOR));
            self.store.throttle_attempt(REGISTER_OVERALL, now, window, overall, overall).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::config::RegisterLimit;

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
        assert_eq!(RegisterLimit::parse("20/1h").unwrap(), RegisterLimit::default());
        for bad in ["10", "x/15m", "10/soon", "0/15m"] {
            assert!(LoginLimit::parse(bad).is_err(), "{bad}");
            assert!(RegisterLimit::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(too_many(1, Reason::RequestsLimited).retry_after, Some(1));
        assert_eq!(too_many(1500, Reason::RequestsLimited).retry_after, Some(2));
        assert_eq!(
            too_many(60_000, Reason::SignInLimited).message,
            "Too many failed sign-in attempts. Try again in 60 seconds."
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(address_key("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
        assert_ne!(address_key("2001:db8:1:3::1"), address_key("2001:db8:1:2::1"));
        assert_eq!(address_key("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(address_key("203.0.113.9"), "203.0.113.9");
        assert_eq!(address_key("unknown"), "unknown");
    }
}
