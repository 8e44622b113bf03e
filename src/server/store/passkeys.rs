//! Passkeys and the WebAuthn ceremonies under way. A ceremony is taken
//! once, by one conditional statement, so two instances finishing the same
//! ceremony cannot both succeed.

use super::{Conn, Store, StoreResult, with_conn, with_pool};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PasskeyRecord {
    pub credential_id: Vec<u8>,
    pub user_id: String,
    pub name: String,
    /// The credential as webauthn-rs serialises it (JSON).
    pub credential: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// A ceremony begun: what finishing it needs.
pub struct NewCeremony<'a> {
    pub id: &'a str,
    pub purpose: &'a str,
    pub user_id: Option<&'a str>,
    pub state: &'a str,
    pub expires_at: i64,
}

/// A ceremony taken for finishing: its user (if it was begun for one) and state.
#[derive(Debug, sqlx::FromRow)]
pub struct TakenCeremony {
    pub user_id: Option<String>,
    pub state: String,
}

impl Store {
    /// The account's passkeys, oldest first.
    pub async fn passkeys(&self, user_id: &str) -> StoreResult<Vec<PasskeyRecord>> {
        Ok(with_pool!(self, pool => sqlx::query_as(
            "SELECT credential_id, user_id, name, credential, created_at, last_used_at FROM passkeys \
             WHERE user_id = $1 ORDER BY created_at, credential_id",
        )
        .bind(user_id)
        .fetch_all(pool)
        .await)?)
    }

    pub async fn passkey(&self, credential_id: &[u8]) -> StoreResult<Option<PasskeyRecord>> {
        Ok(with_pool!(self, pool => sqlx::query_as(
            "SELECT credential_id, user_id, name, credential, created_at, last_used_at FROM passkeys WHERE credential_id = $1",
        )
        .bind(credential_id)
        .fetch_optional(pool)
        .await)?)
    }

    /// Records a use of a passkey, with its credential as updated by the
    /// authentication (the signature counter, backup state), only if the
    /// stored credential is still `verified_against`, the one the
    /// authentication was checked against. False when the passkey was
    /// removed meanwhile, or another use moved its counter first (two
    /// copies of one key racing): then the use counts for nothing.
    pub async fn passkey_used(
        &self,
        credential_id: &[u8],
        verified_against: &str,
        credential: Option<&str>,
        now: i64,
    ) -> StoreResult<bool> {
        let done = with_pool!(self, pool => sqlx::query(
            "UPDATE passkeys SET last_used_at = $1, credential = COALESCE($2, credential) \
             WHERE credential_id = $3 AND credential = $4",
        )
        .bind(now)
        .bind(credential)
        .bind(credential_id)
        .bind(verified_against)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))?;
        Ok(done)
    }

    /// Renames one of the user's passkeys; false if the user has no such passkey.
    pub async fn rename_passkey(&self, user_id: &str, credential_id: &[u8], name: &str) -> StoreResult<bool> {
        let done = with_pool!(self, pool => sqlx::query(
            "UPDATE passkeys SET name = $1 WHERE user_id = $2 AND credential_id = $3",
        )
        .bind(name)
        .bind(user_id)
        .bind(credential_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))?;
        Ok(done)
    }

    /// Ceremonies begun and neither used nor expired at `now`.
    pub async fn live_ceremonies(&self, now: i64) -> StoreResult<i64> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM webauthn_ceremonies WHERE used_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .fetch_one(pool)
        .await)?;
        Ok(n)
    }

    pub async fn insert_ceremony(&self, ceremony: &NewCeremony<'_>, now: i64) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query(
            "INSERT INTO webauthn_ceremonies (id, purpose, user_id, state, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(ceremony.id)
        .bind(ceremony.purpose)
        .bind(ceremony.user_id)
        .bind(ceremony.state)
        .bind(now)
        .bind(ceremony.expires_at)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Takes the ceremony `id` of `purpose` for finishing, once: `None` if
    /// it is unknown, of another purpose, expired or was taken before.
    pub async fn take_ceremony(&self, id: &str, purpose: &str, now: i64) -> StoreResult<Option<TakenCeremony>> {
        Ok(with_pool!(self, pool => sqlx::query_as(
            "UPDATE webauthn_ceremonies SET used_at = $1 \
             WHERE id = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
             RETURNING user_id, state",
        )
        .bind(now)
        .bind(id)
        .bind(purpose)
        .fetch_optional(pool)
        .await)?)
    }
}

/// Writes of `passkeys` that add or remove one.
impl Conn<'_> {
    /// Fails with `StoreError::Conflict` if the credential id is registered already.
    pub async fn insert_passkey(&mut self, record: &PasskeyRecord) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "INSERT INTO passkeys (credential_id, user_id, name, credential, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&record.credential_id)
        .bind(&record.user_id)
        .bind(&record.name)
        .bind(&record.credential)
        .bind(record.created_at)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    pub async fn remove_passkey(&mut self, user_id: &str, credential_id: &[u8]) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query("DELETE FROM passkeys WHERE user_id = $1 AND credential_id = $2")
            .bind(user_id)
            .bind(credential_id)
            .execute(&mut **c)
            .await?
            .rows_affected()))
    }

    pub async fn remove_passkeys(&mut self, user_id: &str) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query("DELETE FROM passkeys WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut **c)
            .await?
            .rows_affected()))
    }
}
