//! Counters behind the sign-in and registration limits (see `server::auth::limits`).

use super::{Conn, Store, StoreResult, with_conn, with_pool};

/// What [`Store::throttle_attempt`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    pub admitted: bool,
    /// Attempts counted in the current window (a refused one is not counted).
    pub failures: i64,
    /// Until when the next attempt will be refused (unix ms).
    pub locked_until: i64,
    /// Admitted attempts not settled yet (this one included, if admitted).
    pub in_flight: i64,
}

/// The delay (ms) a key earns with its `f`-th counted attempt, as SQL: the
/// schedule of `LoginLimit::lock_for`, with `$3` the window, `$4` the limit
/// and `$5` the free attempts. `<<` is integer shift in SQLite and PostgreSQL.
fn delay_after(f: &str) -> String {
    let doubling = format!("(CAST(1000 AS BIGINT) << CAST({f} - $5 - 1 AS INTEGER))");
    format!(
        "(CASE WHEN {f} >= $4 THEN $3 \
               WHEN {f} <= $5 THEN 0 \
               WHEN {f} - $5 - 1 < 6 AND {doubling} < $3 THEN {doubling} \
               WHEN $3 < 60000 THEN $3 \
               ELSE 60000 END)"
    )
}

impl Store {
    /// Admits or refuses one attempt against `key` at `now`, atomically: a
    /// key still locked refuses it (and does not count it); otherwise it is
    /// counted, in a new window if the old one is over, and the key is locked
    /// for the delay its count earns. Concurrent attempts are serialised on
    /// the row, so each sees the lock the one before it set.
    pub async fn throttle_attempt(&self, key: &str, now: i64, window_ms: i64, max: i64, free: i64) -> StoreResult<Attempt> {
        let first = delay_after("1");
        let next = delay_after("(login_throttle.failures + 1)");
        // In an UPDATE's SET every expression reads the row as it was. An
        // attempt that earns no delay leaves the lock as it was (in the
        // past): concurrent requests' clocks are read a moment apart, and a
        // lock at "now" would refuse the one whose moment came first.
        let text = format!(
            "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until, admitted, in_flight) \
             VALUES ($1, 1, $2, CASE WHEN {first} > 0 THEN $2 + {first} ELSE 0 END, 1, 1) \
             ON CONFLICT (throttle_key) DO UPDATE SET \
               failures = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.failures \
                               WHEN login_throttle.window_start <= $2 - $3 THEN 1 \
                               ELSE login_throttle.failures + 1 END, \
               window_start = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.window_start \
                                   WHEN login_throttle.window_start <= $2 - $3 THEN $2 \
                                   ELSE login_throttle.window_start END, \
               locked_until = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.locked_until \
                                   WHEN login_throttle.window_start <= $2 - $3 THEN (CASE WHEN {first} > 0 THEN $2 + {first} ELSE 0 END) \
                                   WHEN {next} > 0 THEN $2 + {next} \
                                   ELSE login_throttle.locked_until END, \
               admitted = CASE WHEN login_throttle.locked_until > $2 THEN 0 ELSE 1 END, \
               in_flight = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.in_flight \
                                WHEN login_throttle.window_start <= $2 - $3 THEN 1 \
                                ELSE login_throttle.in_flight + 1 END \
             RETURNING failures, locked_until, admitted, in_flight"
        );
        let (failures, locked_until, admitted, in_flight): (i64, i64, i64, i64) = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(text.clone()))
            .bind(key)
            .bind(now)
            .bind(window_ms)
            .bind(max)
            .bind(free)
            .fetch_one(pool)
            .await)?;
        Ok(Attempt { admitted: admitted == 1, failures, locked_until, in_flight })
    }

    /// Until when the key refuses attempts (unix ms), or 0.
    pub async fn throttle_locked_until(&self, key: &str) -> StoreResult<i64> {
        let row: Option<(i64,)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT locked_until FROM login_throttle WHERE throttle_key = $1",
        )
        .bind(key)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map_or(0, |r| r.0))
    }

    /// Takes back one counted attempt (it turned out to be a success).
    pub async fn throttle_forgive(&self, key: &str) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query(
            "UPDATE login_throttle SET failures = failures - 1, in_flight = CASE WHEN in_flight > 0 THEN in_flight - 1 ELSE 0 END \
             WHERE throttle_key = $1 AND failures > 0",
        )
        .bind(key)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// One admitted attempt was checked and failed: it stays counted, and
    /// is no longer in flight.
    pub async fn throttle_settle(&self, key: &str) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query(
            "UPDATE login_throttle SET in_flight = in_flight - 1 WHERE throttle_key = $1 AND in_flight > 0",
        )
        .bind(key)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    pub async fn throttle_clear(&self, key: &str) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1")
            .bind(key)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}

impl Conn<'_> {
    /// Forgets the failed sign-ins counted against the account (its key
    /// `account_key`), against the browsers it was used from (keys
    /// `device_prefix` + device id) and its wrong second-step codes (key
    /// `second_factor_key`): their budgets start afresh.
    pub async fn clear_sign_in_limits(
        &mut self,
        user_id: &str,
        account_key: &str,
        device_prefix: &str,
        second_factor_key: &str,
    ) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "DELETE FROM login_throttle WHERE throttle_key = $1 OR throttle_key = $4 OR throttle_key IN \
             (SELECT $3 || device_id FROM sessions WHERE user_id = $2 AND device_id IS NOT NULL)",
        )
        .bind(account_key)
        .bind(user_id)
        .bind(device_prefix)
        .bind(second_factor_key)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }
}
