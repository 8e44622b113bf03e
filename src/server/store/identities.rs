//! Identities at other providers (OpenID Connect) and the sign-ins sent to
//! them. An identity is its provider's (issuer, subject) pair: an address
//! never links one. A flow is taken once, by one conditional statement, so
//! a callback replayed (or raced) finishes nothing twice.

use super::{Conn, Store, StoreResult, with_conn, with_pool};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IdentityRecord {
    pub issuer: String,
    pub subject: String,
    /// The configured provider's id, for its display name.
    pub provider: String,
    pub user_id: String,
    /// The address the provider reported, shown on the account page only.
    pub email: Option<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// A sign-in (or linking) sent to a provider.
pub struct NewFlow<'a> {
    pub state_hash: [u8; 32],
    pub provider: &'a str,
    /// SHA-256 of the cookie the starting browser was given.
    pub browser_hash: [u8; 32],
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    /// For a linking: who asked, from which session.
    pub link_user_id: Option<&'a str>,
    pub link_session_id: Option<&'a str>,
    pub next_path: Option<&'a str>,
    pub expires_at: i64,
}

/// A flow taken for finishing.
#[derive(Debug, sqlx::FromRow)]
pub struct TakenFlow {
    pub provider: String,
    pub browser_hash: Vec<u8>,
    pub nonce: String,
    pub pkce_verifier: String,
    pub link_user_id: Option<String>,
    pub link_session_id: Option<String>,
    pub next_path: Option<String>,
}

const COLUMNS: &str = "issuer, subject, provider, user_id, email, created_at, last_used_at";

impl Store {
    pub async fn identity(&self, issuer: &str, subject: &str) -> StoreResult<Option<IdentityRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM identities WHERE issuer = $1 AND subject = $2"));
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(issuer).bind(subject).fetch_optional(pool).await)?)
    }

    /// The account's identities, oldest first.
    pub async fn identities_of(&self, user_id: &str) -> StoreResult<Vec<IdentityRecord>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM identities WHERE user_id = $1 ORDER BY created_at, issuer, subject"
        ));
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)?)
    }

    /// How many passkeys and identities the account has: its ways in
    /// besides a password.
    pub async fn other_sign_in_methods(&self, user_id: &str) -> StoreResult<i64> {
        self.conn().await?.on().other_sign_in_methods(user_id).await
    }

    pub async fn identity_used(&self, issuer: &str, subject: &str, now: i64) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query("UPDATE identities SET last_used_at = $1 WHERE issuer = $2 AND subject = $3")
            .bind(now)
            .bind(issuer)
            .bind(subject)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn insert_flow(&self, flow: &NewFlow<'_>, now: i64) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query(
            "INSERT INTO federated_flows (state_hash, provider, browser_hash, nonce, pkce_verifier, link_user_id, \
             link_session_id, next_path, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(flow.state_hash.as_slice())
        .bind(flow.provider)
        .bind(flow.browser_hash.as_slice())
        .bind(flow.nonce)
        .bind(flow.pkce_verifier)
        .bind(flow.link_user_id)
        .bind(flow.link_session_id)
        .bind(flow.next_path)
        .bind(now)
        .bind(flow.expires_at)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Takes the flow of `state_hash` for finishing: once, and only while
    /// it is live.
    pub async fn take_flow(&self, state_hash: &[u8; 32], now: i64) -> StoreResult<Option<TakenFlow>> {
        Ok(with_pool!(self, pool => sqlx::query_as(
            "UPDATE federated_flows SET used_at = $1 WHERE state_hash = $2 AND used_at IS NULL AND expires_at > $1 \
             RETURNING provider, browser_hash, nonce, pkce_verifier, link_user_id, link_session_id, next_path",
        )
        .bind(now)
        .bind(state_hash.as_slice())
        .fetch_optional(pool)
        .await)?)
    }
}

/// Writes of `identities`.
impl Conn<'_> {
    /// Fails with [`super::StoreError::Conflict`] when the identity belongs
    /// to an account already.
    pub async fn insert_identity(&mut self, identity: &IdentityRecord) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "INSERT INTO identities (issuer, subject, provider, user_id, email, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&identity.issuer)
        .bind(&identity.subject)
        .bind(&identity.provider)
        .bind(&identity.user_id)
        .bind(&identity.email)
        .bind(identity.created_at)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    pub async fn remove_identity(&mut self, user_id: &str, issuer: &str, subject: &str) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query("DELETE FROM identities WHERE user_id = $1 AND issuer = $2 AND subject = $3")
            .bind(user_id)
            .bind(issuer)
            .bind(subject)
            .execute(&mut **c)
            .await?
            .rows_affected()))
    }

    /// Whether the account has no way left to sign in: no password, no
    /// passkey, no identity (a removal that leaves it so is undone).
    pub async fn leaves_no_way_in(&mut self, user_id: &str) -> StoreResult<bool> {
        Ok(!self.has_password(user_id).await? && self.other_sign_in_methods(user_id).await? == 0)
    }

    /// How many ways of signing in the account has besides a password:
    /// identities and passkeys (what an unlinking must leave one of).
    pub async fn other_sign_in_methods(&mut self, user_id: &str) -> StoreResult<i64> {
        let (n,): (i64,) = with_conn!(self, c => sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM identities WHERE user_id = $1) + (SELECT COUNT(*) FROM passkeys WHERE user_id = $1)",
        )
        .bind(user_id)
        .fetch_one(&mut **c)
        .await?);
        Ok(n)
    }
}
