//! Second factors (authenticator apps, recovery codes) and the password
//! sign-ins waiting for one. Every "use once" rule is one conditional
//! statement, so two instances (or two tabs) racing with the same code or
//! the same pending sign-in cannot both succeed.

use super::{Conn, Store, StoreResult, with_conn, with_pool};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TotpRecord {
    pub sealed_secret: Vec<u8>,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
    pub last_step: i64,
    /// The session that began the enrolment.
    pub setup_session: Option<String>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PendingSignIn {
    pub user_id: String,
    pub credential_version: i64,
    pub device_id: Option<String>,
    pub expires_at: i64,
    pub failures: i64,
    pub used_at: Option<i64>,
    /// What the second step follows: `pwd`, `otp` (a mailed link) or `fed`.
    pub first_factor: String,
}

impl Store {
    pub async fn totp(&self, user_id: &str) -> StoreResult<Option<TotpRecord>> {
        Ok(with_pool!(self, pool => sqlx::query_as(
            "SELECT sealed_secret, created_at, confirmed_at, last_step, setup_session FROM totp_factors WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await)?)
    }

    /// Starts an enrolment in session `session`: replaces an unconfirmed
    /// secret; never a confirmed one (returns false then).
    pub async fn begin_totp(&self, user_id: &str, sealed: &[u8], session: &str, now: i64) -> StoreResult<bool> {
        let done = with_pool!(self, pool => sqlx::query(
            "INSERT INTO totp_factors (user_id, sealed_secret, created_at, setup_session) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id) DO UPDATE SET sealed_secret = $2, created_at = $3, last_step = 0, setup_session = $4 \
             WHERE totp_factors.confirmed_at IS NULL",
        )
        .bind(user_id)
        .bind(sealed)
        .bind(now)
        .bind(session)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))?;
        Ok(done)
    }

    /// Accepts a sign-in code of time step `step` of the confirmed secret
    /// `sealed` (the one it was checked against), once: only if no code of
    /// this step or a later one was accepted before.
    pub async fn use_totp_step(&self, user_id: &str, sealed: &[u8], step: i64) -> StoreResult<bool> {
        let done = with_pool!(self, pool => sqlx::query(
            "UPDATE totp_factors SET last_step = $1 \
             WHERE user_id = $2 AND sealed_secret = $3 AND last_step < $1 AND confirmed_at IS NOT NULL",
        )
        .bind(step)
        .bind(user_id)
        .bind(sealed)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))?;
        Ok(done)
    }

    /// Whether the account has a second factor (an authenticator app, a
    /// passkey) that a password sign-in must be followed by.
    pub async fn has_second_factor(&self, user_id: &str) -> StoreResult<bool> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL) \
                  + (SELECT COUNT(*) FROM passkeys WHERE user_id = $1)",
        )
        .bind(user_id)
        .fetch_one(pool)
        .await)?;
        Ok(n > 0)
    }

    /// Recovery codes not used yet.
    pub async fn recovery_codes_left(&self, user_id: &str) -> StoreResult<i64> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(pool)
        .await)?;
        Ok(n)
    }

    /// Uses one recovery code; false if it is unknown or was used.
    pub async fn use_recovery_code(&self, user_id: &str, hash: &[u8], now: i64) -> StoreResult<bool> {
        let done = with_pool!(self, pool => sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(hash)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))?;
        Ok(done)
    }

    pub async fn insert_pending_sign_in(&self, hash: &[u8], pending: &PendingSignIn, now: i64) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query(
            "INSERT INTO pending_sign_ins (token_hash, user_id, credential_version, device_id, created_at, expires_at, first_factor) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(hash)
        .bind(&pending.user_id)
        .bind(pending.credential_version)
        .bind(&pending.device_id)
        .bind(now)
        .bind(pending.expires_at)
        .bind(&pending.first_factor)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    pub async fn pending_sign_in(&self, hash: &[u8]) -> StoreResult<Option<PendingSignIn>> {
        Ok(with_pool!(self, pool => sqlx::query_as(
            "SELECT user_id, credential_version, device_id, expires_at, failures, used_at, first_factor \
             FROM pending_sign_ins WHERE token_hash = $1",
        )
        .bind(hash)
        .fetch_optional(pool)
        .await)?)
    }

    /// Counts a wrong code against the pending sign-in; returns the count.
    pub async fn pending_sign_in_failed(&self, hash: &[u8]) -> StoreResult<i64> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "UPDATE pending_sign_ins SET failures = failures + 1 WHERE token_hash = $1 RETURNING failures",
        )
        .bind(hash)
        .fetch_one(pool)
        .await)?;
        Ok(n)
    }

    /// Ends a pending sign-in, once: true for the one caller that did.
    pub async fn finish_pending_sign_in(&self, hash: &[u8], now: i64) -> StoreResult<bool> {
        let done = with_pool!(self, pool => sqlx::query(
            "UPDATE pending_sign_ins SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(hash)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))?;
        Ok(done)
    }

    /// Whether the recovery code with this keyed hash is the user's (used or not).
    pub async fn holds_recovery_code(&self, user_id: &str, hash: &[u8; 32]) -> StoreResult<bool> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND code_hash = $2",
        )
        .bind(user_id)
        .bind(hash.as_slice())
        .fetch_one(pool)
        .await)?;
        Ok(n > 0)
    }
}

/// Writes of the second factors: the authenticator app and the recovery codes.
impl Conn<'_> {
    /// Confirms the enrolment of the secret `sealed` with its first code
    /// (of time step `step`); only if it is still that enrolment, unconfirmed.
    pub async fn confirm_totp(&mut self, user_id: &str, sealed: &[u8], step: i64, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE totp_factors SET confirmed_at = $1, last_step = $2 \
             WHERE user_id = $3 AND sealed_secret = $4 AND confirmed_at IS NULL AND last_step < $2",
        )
        .bind(now)
        .bind(step)
        .bind(user_id)
        .bind(sealed)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    pub async fn remove_totp(&mut self, user_id: &str) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query("DELETE FROM totp_factors WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut **c)
            .await?
            .rows_affected()))
    }

    /// How many recovery codes the user holds, seen from inside a batch.
    pub async fn recovery_codes_held(&mut self, user_id: &str) -> StoreResult<i64> {
        let (held,): (i64,) = with_conn!(self, c => sqlx::query_as("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&mut **c)
            .await?);
        Ok(held)
    }

    pub async fn insert_recovery_codes(&mut self, user_id: &str, hashes: &[[u8; 32]], now: i64) -> StoreResult<u64> {
        let mut inserted = 0;
        for hash in hashes {
            inserted += with_conn!(self, c => sqlx::query(
                "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
            )
            .bind(user_id)
            .bind(hash.as_slice())
            .bind(now)
            .execute(&mut **c)
            .await?
            .rows_affected());
        }
        Ok(inserted)
    }

    pub async fn remove_recovery_codes(&mut self, user_id: &str) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut **c)
            .await?
            .rows_affected()))
    }

    /// Recovery codes stand in for a second factor: with the last one, they go.
    pub async fn remove_orphaned_recovery_codes(&mut self, user_id: &str) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "DELETE FROM recovery_codes WHERE user_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM passkeys WHERE user_id = $1) \
             AND NOT EXISTS (SELECT 1 FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL)",
        )
        .bind(user_id)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// Removes the app, every passkey and the recovery codes; how many rows went.
    pub async fn remove_second_factors(&mut self, user_id: &str) -> StoreResult<u64> {
        Ok(self.remove_totp(user_id).await?
            + self.remove_passkeys(user_id).await?
            + self.remove_recovery_codes(user_id).await?)
    }
}
