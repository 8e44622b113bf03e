//! Sessions bound to a key their browser holds (Device Bound Session
//! Credentials): the challenges browsers sign, and the binding itself.
//! A challenge is taken once, for the session and purpose it was made for;
//! a session gets its key once, is bound from the first renewal that
//! proves it, and is never unbound.

use super::{Conn, Store, StoreResult, with_conn};

/// What a challenge may be used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChallengePurpose {
    /// Offered at sign-in: binds the new session to the key that signs it.
    Bind,
    /// Asked by the renewal endpoint: proves the bound key is still there.
    Renew,
}

impl ChallengePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bind => "bind",
            Self::Renew => "renew",
        }
    }
}

/// A challenge made for a session, by the SHA-256 of its text.
#[derive(Clone, Debug)]
pub struct NewChallenge {
    pub hash: [u8; 32],
    pub session_id: String,
    pub purpose: ChallengePurpose,
    pub expires_at: i64,
}

/// The key a session is bound to.
#[derive(Clone, Debug)]
pub struct Binding {
    pub session_id: String,
    /// The public key, a JWK as JSON.
    pub key: String,
    /// Its RFC 7638 thumbprint.
    pub thumbprint: String,
}

impl Store {
    /// Stores a challenge made for a session (a binding's, at sign-in).
    pub async fn insert_challenge(&self, challenge: &NewChallenge, now: i64) -> StoreResult<()> {
        self.conn().await?.on().insert_challenge(challenge, None, now).await?;
        Ok(())
    }

    /// Records a renewal challenge (made without a row, see
    /// `server::auth::bound`) as used, once: false if it was used before.
    pub async fn use_renewal_challenge(&self, challenge: &NewChallenge, now: i64) -> StoreResult<bool> {
        Ok(self.conn().await?.on().insert_challenge(challenge, Some(now), now).await? == 1)
    }

    /// The first renewal with the key's proof confirms a binding: from then
    /// on the session is bound (`SessionRecord::is_bound`). Returns whether
    /// this call confirmed it.
    pub async fn confirm_binding(&self, session_id: &str, now: i64) -> StoreResult<bool> {
        Ok(self.conn().await?.on().confirm_binding(session_id, now).await? == 1)
    }
}

/// Writes of `session_challenges`, and the binding of `sessions`.
impl Conn<'_> {
    /// Stores a challenge, unused or already `used_at`; nothing if its hash
    /// is stored already (a used renewal challenge presented again).
    pub async fn insert_challenge(&mut self, challenge: &NewChallenge, used_at: Option<i64>, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "INSERT INTO session_challenges (challenge_hash, session_id, purpose, created_at, expires_at, used_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (challenge_hash) DO NOTHING",
        )
        .bind(&challenge.hash[..])
        .bind(&challenge.session_id)
        .bind(challenge.purpose.as_str())
        .bind(now)
        .bind(challenge.expires_at)
        .bind(used_at)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    pub async fn use_challenge(&mut self, hash: &[u8; 32], session_id: &str, purpose: ChallengePurpose, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE session_challenges SET used_at = $1 \
             WHERE challenge_hash = $2 AND session_id = $3 AND purpose = $4 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(&hash[..])
        .bind(session_id)
        .bind(purpose.as_str())
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    pub async fn confirm_binding(&mut self, session_id: &str, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE sessions SET bound_at = $1 WHERE id = $2 AND bound_key IS NOT NULL AND bound_at IS NULL",
        )
        .bind(now)
        .bind(session_id)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// Gives a session its key; only a session that is live (not revoked)
    /// and has none yet. The binding holds once confirmed
    /// ([`Store::confirm_binding`]).
    pub async fn bind_session(&mut self, binding: &Binding) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE sessions SET bound_key = $1, bound_thumbprint = $2 \
             WHERE id = $3 AND bound_key IS NULL AND revoked_at IS NULL",
        )
        .bind(&binding.key)
        .bind(&binding.thumbprint)
        .bind(&binding.session_id)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }
}
