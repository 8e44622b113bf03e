//! Single-use links sent by mail (confirm an address, reset a password,
//! undo an address change, report a sign-in), stored by their hash.

use super::{Conn, Store, StoreResult, with_conn, with_pool};

/// A single-use link token of a mail, stored by its hash.
#[derive(Clone, Debug)]
pub struct NewLinkToken {
    pub hash: [u8; 32],
    pub purpose: &'static str,
    pub user_id: String,
    /// What the link acts on: the new address of a change, the session of
    /// a "this wasn't me" report.
    pub detail: Option<String>,
    pub credential_version: i64,
    pub expires_at: i64,
}

/// The purpose of the undo link of an address change (see [`super::Write::RevokeLinks`]).
pub const UNDO_PURPOSE: &str = "undo_email_change";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LinkTokenRecord {
    pub purpose: String,
    pub created_at: i64,
    pub user_id: String,
    pub detail: Option<String>,
    pub credential_version: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

impl Store {
    pub async fn link_token(&self, hash: &[u8; 32]) -> StoreResult<Option<LinkTokenRecord>> {
        Ok(with_pool!(self, pool => sqlx::query_as(
            "SELECT purpose, created_at, user_id, detail, credential_version, expires_at, used_at FROM link_tokens WHERE token_hash = $1",
        )
        .bind(hash.as_slice())
        .fetch_optional(pool)
        .await)?)
    }

}

impl Conn<'_> {
    pub async fn insert_link_token(&mut self, token: &NewLinkToken, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "INSERT INTO link_tokens (token_hash, purpose, user_id, detail, credential_version, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(token.hash.as_slice())
        .bind(token.purpose)
        .bind(&token.user_id)
        .bind(&token.detail)
        .bind(token.credential_version)
        .bind(now)
        .bind(token.expires_at)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// Marks a token used; only if it is unused and unexpired.
    pub async fn use_link_token(&mut self, hash: &[u8; 32], now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE link_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(hash.as_slice())
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// Marks the user's unused links used (of one purpose, or all), sparing
    /// undo links (see `Write::RevokeLinks`).
    pub async fn revoke_links(&mut self, user_id: &str, purpose: Option<&str>, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE link_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL \
             AND ($3 IS NULL OR purpose = $3) AND purpose <> $4",
        )
        .bind(now)
        .bind(user_id)
        .bind(purpose)
        .bind(UNDO_PURPOSE)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// Marks the user's undo links created after `created_at` used.
    pub async fn revoke_newer_undos(&mut self, user_id: &str, created_at: i64, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE link_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL \
             AND purpose = $3 AND created_at > $4",
        )
        .bind(now)
        .bind(user_id)
        .bind(UNDO_PURPOSE)
        .bind(created_at)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }
}
