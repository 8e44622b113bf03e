//! Sessions bound to a key their browser holds (Device Bound Session
//! Credentials): the challenges browsers sign, and the binding itself.
//! A challenge is taken once, for the session and purpose it was made for;
//! a session is bound once, and never unbound.

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

/// How many unused challenges a session keeps: anyone may ask the renewal
/// endpoint for one, and older ones give way rather than pile up.
const CHALLENGES_KEPT: i64 = 8;

impl Store {
    pub async fn insert_challenge(&self, challenge: &NewChallenge, now: i64) -> StoreResult<()> {
        self.conn().await?.on().insert_challenge(challenge, now).await?;
        Ok(())
    }

    /// Takes a challenge once: false if it is unknown, of another session
    /// or purpose, expired, or was taken before.
    pub async fn use_challenge(&self, hash: &[u8; 32], session_id: &str, purpose: ChallengePurpose, now: i64) -> StoreResult<bool> {
        Ok(self.conn().await?.on().use_challenge(hash, session_id, purpose, now).await? == 1)
    }
}

/// Writes of `session_challenges`, and the binding of `sessions`.
impl Conn<'_> {
    /// Stores a challenge; the session's older ones beyond the newest
    /// [`CHALLENGES_KEPT`] are dropped.
    pub async fn insert_challenge(&mut self, challenge: &NewChallenge, now: i64) -> StoreResult<u64> {
        with_conn!(self, c => sqlx::query(
            "DELETE FROM session_challenges WHERE session_id = $1 AND challenge_hash NOT IN \
             (SELECT challenge_hash FROM session_challenges WHERE session_id = $1 ORDER BY created_at DESC LIMIT $2)",
        )
        .bind(&challenge.session_id)
        .bind(CHALLENGES_KEPT - 1)
        .execute(&mut **c)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(with_conn!(self, c => sqlx::query(
            "INSERT INTO session_challenges (challenge_hash, session_id, purpose, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&challenge.hash[..])
        .bind(&challenge.session_id)
        .bind(challenge.purpose.as_str())
        .bind(now)
        .bind(challenge.expires_at)
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

    /// Binds a session to a key; only a session that is live (not revoked)
    /// and not bound already.
    pub async fn bind_session(&mut self, binding: &Binding, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE sessions SET bound_key = $1, bound_thumbprint = $2, bound_at = $3 \
             WHERE id = $4 AND bound_key IS NULL AND revoked_at IS NULL",
        )
        .bind(&binding.key)
        .bind(&binding.thumbprint)
        .bind(now)
        .bind(&binding.session_id)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }
}
