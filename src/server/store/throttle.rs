//! Counters behind the sign-in limits (see `server::throttle`).

use super::{Store, StoreResult, with_pool};

impl Store {
    /// When the key is locked until (unix ms), or 0.
    pub async fn throttle_locked_until(&self, key: &str) -> StoreResult<i64> {
        let row: Option<(i64,)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT locked_until FROM login_throttle WHERE throttle_key = $1",
        )
        .bind(key)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map_or(0, |r| r.0))
    }

    /// Counts one attempt atomically, starting a new window when the old one
    /// is over; returns the attempts counted in the current window.
    pub async fn throttle_count_attempt(&self, key: &str, now: i64, window_ms: i64) -> StoreResult<i64> {
        let (failures,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until) VALUES ($1, 1, $2, 0) \
             ON CONFLICT (throttle_key) DO UPDATE SET \
               failures = CASE WHEN login_throttle.window_start <= $2 - $3 THEN 1 ELSE login_throttle.failures + 1 END, \
               window_start = CASE WHEN login_throttle.window_start <= $2 - $3 THEN $2 ELSE login_throttle.window_start END \
             RETURNING failures",
        )
        .bind(key)
        .bind(now)
        .bind(window_ms)
        .fetch_one(pool)
        .await)?;
        Ok(failures)
    }

    pub async fn throttle_lock(&self, key: &str, until: i64) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query(
            "UPDATE login_throttle SET locked_until = $1 WHERE throttle_key = $2 AND locked_until < $1",
        )
        .bind(until)
        .bind(key)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Takes back one counted attempt (it turned out to be a success).
    pub async fn throttle_forgive(&self, key: &str) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query(
            "UPDATE login_throttle SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0",
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
