//! Public halves of the access-token signing keys.

use super::{Store, StoreResult, with_pool};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SigningKeyRecord {
    pub kid: String,
    pub public_key: Vec<u8>,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

impl Store {
    /// Every key, newest first. The table holds a handful of rows.
    pub async fn signing_keys(&self) -> StoreResult<Vec<SigningKeyRecord>> {
        Ok(with_pool!(self, pool => sqlx::query_as(
            "SELECT kid, public_key, created_at, retired_at FROM signing_keys ORDER BY created_at DESC, kid DESC",
        )
        .fetch_all(pool)
        .await)?)
    }

    /// Adds a key and retires every other still-active key in one transaction.
    pub async fn add_signing_key(&self, kid: &str, public_key: &[u8], now: i64) -> StoreResult<()> {
        with_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL")
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO signing_keys (kid, public_key, created_at) VALUES ($1, $2, $3)")
                .bind(kid)
                .bind(public_key)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        }.await)?;
        Ok(())
    }
}
