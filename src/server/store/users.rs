//! Accounts.

use super::{Conn, Store, StoreResult, with_conn, with_pool};
use crate::{auth::Email, i18n::Lang};

/// An account as stored. Its `Debug` leaves the password hash out, so a
/// record in a log line or a test failure does not carry it.
#[derive(Clone, sqlx::FromRow)]
pub struct UserRecord {
    pub id: String,
    /// Normalised again as it is read (see `Email`'s `From<String>`).
    #[sqlx(try_from = "String")]
    pub email: Email,
    pub password_hash: String,
    pub created_at: i64,
    /// Bumped by every password change: what a sign-in verified.
    pub credential_version: i64,
    /// When the address was confirmed; `None` until then.
    pub email_verified_at: Option<i64>,
    /// When an administrator locked the account (`keycard users lock`).
    pub locked_at: Option<i64>,
    /// The owner's language tag (see `crate::i18n`): its pages and its
    /// mails. `None` until chosen, for an account made before languages.
    pub language: Option<String>,
}

impl UserRecord {
    /// The language the owner chose or registered in, if any (a tag keycard
    /// does not know counts as none).
    pub fn language(&self) -> Option<Lang> {
        self.language.as_deref().and_then(Lang::from_code)
    }

    /// The language of mails to the owner: theirs, else English.
    pub fn mail_lang(&self) -> Lang {
        self.language().unwrap_or_default()
    }

    /// Whether the account has a password of its own (see [`NO_PASSWORD`]).
    pub fn has_password(&self) -> bool {
        self.password_hash != NO_PASSWORD
    }
}

impl std::fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("password_hash", &"<redacted>")
            .field("created_at", &self.created_at)
            .field("credential_version", &self.credential_version)
            .field("email_verified_at", &self.email_verified_at)
            .field("locked_at", &self.locked_at)
            .field("language", &self.language)
            .finish()
    }
}

/// What an account created through another provider stores instead of a
/// password hash: no password verifies against it (`Passwords::verify`
/// treats it as an unknown account), and a reset link replaces it.
pub const NO_PASSWORD: &str = "!none";

const COLUMNS: &str = "id, email, password_hash, created_at, credential_version, email_verified_at, locked_at, language";

impl Store {
    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM users WHERE email = $1"));
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(email).fetch_optional(pool).await)?)
    }

    pub async fn user_by_id(&self, id: &str) -> StoreResult<Option<UserRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM users WHERE id = $1"));
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)?)
    }

    /// Replaces a hash only if it is still the one that was verified, so a
    /// re-hash on login can never undo a concurrent password change.
    pub async fn replace_password_hash(&self, id: &str, old: &str, new: &str, now: i64) -> StoreResult<bool> {
        let done = with_pool!(self, pool => sqlx::query(
            "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3 AND password_hash = $4",
        )
        .bind(new)
        .bind(now)
        .bind(id)
        .bind(old)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))?;
        Ok(done)
    }
}

impl Store {
    /// A sample of stored password hashes, to learn the costs most accounts
    /// have (see `Passwords::calibrate_dummy`).
    pub async fn sample_password_hashes(&self, limit: i64) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT password_hash FROM users WHERE password_hash <> $2 ORDER BY random() LIMIT $1",
        )
        .bind(limit)
        .bind(NO_PASSWORD)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Deletes the user; sessions, token history and events go with it
    /// (`ON DELETE CASCADE`).
    pub async fn delete_user(&self, id: &str) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query("DELETE FROM users WHERE id = $1").bind(id).execute(pool).await.map(|_| ()))?;
        Ok(())
    }
}

/// Who may finish what an account started: the browser that registered it,
/// the browsers a report distrusted, the second step's wrong codes.
impl Store {
    /// Whether the cookie whose SHA-256 is `hash` is the one the browser
    /// that registered this (still unconfirmed) account was given.
    pub async fn registered_from(&self, user_id: &str, hash: &[u8; 32]) -> StoreResult<bool> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM users WHERE id = $1 AND registration_browser = $2",
        )
        .bind(user_id)
        .bind(hash.as_slice())
        .fetch_one(pool)
        .await)?;
        Ok(n > 0)
    }

    /// Whether a "this wasn't me" report named the browser with this device id.
    pub async fn device_distrusted(&self, device_id: &str) -> StoreResult<bool> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM distrusted_devices WHERE device_id = $1",
        )
        .bind(device_id)
        .fetch_one(pool)
        .await)?;
        Ok(n > 0)
    }

    /// Wrong second-step codes since the last successful sign-in or password change.
    pub async fn second_factor_failures(&self, user_id: &str) -> StoreResult<i64> {
        let row: Option<(i64,)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT second_factor_failures FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map_or(0, |r| r.0))
    }

    /// Counts one more wrong second-step code; the count it reached.
    pub async fn second_factor_failed(&self, user_id: &str) -> StoreResult<i64> {
        let row: Option<(i64,)> = with_pool!(self, pool => sqlx::query_as(
            "UPDATE users SET second_factor_failures = second_factor_failures + 1 WHERE id = $1 \
             RETURNING second_factor_failures",
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map_or(0, |r| r.0))
    }

    /// A sign-in succeeded: the count of wrong codes starts afresh.
    pub async fn second_factor_succeeded(&self, user_id: &str) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query(
            "UPDATE users SET second_factor_failures = 0 WHERE id = $1 AND second_factor_failures <> 0",
        )
        .bind(user_id)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }
}

/// Writes of `users` (and of `distrusted_devices`, which only ever names
/// an account's browsers).
impl Conn<'_> {
    /// A new, unconfirmed account. Fails with [`super::StoreError::Conflict`]
    /// when the address is taken.
    pub async fn insert_user(
        &mut self,
        id: &str,
        email: &str,
        password_hash: &str,
        registration_browser: Option<&[u8; 32]>,
        language: Lang,
        now: i64,
    ) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "INSERT INTO users (id, email, password_hash, created_at, updated_at, registration_browser, language) \
             VALUES ($1, $2, $3, $4, $4, $5, $6)",
        )
        .bind(id)
        .bind(email)
        .bind(password_hash)
        .bind(now)
        .bind(registration_browser.map(|h| h.as_slice()))
        .bind(language.code())
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// The owner's language (their pages after a sign-in, their mails).
    pub async fn set_language(&mut self, id: &str, language: Lang, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query("UPDATE users SET language = $1, updated_at = $2 WHERE id = $3")
            .bind(language.code())
            .bind(now)
            .bind(id)
            .execute(&mut **c)
            .await?
            .rows_affected()))
    }

    /// Whether the account has a password of its own (see [`NO_PASSWORD`]).
    pub async fn has_password(&mut self, id: &str) -> StoreResult<bool> {
        let (n,): (i64,) = with_conn!(self, c => sqlx::query_as(
            "SELECT COUNT(*) FROM users WHERE id = $1 AND password_hash <> $2",
        )
        .bind(id)
        .bind(NO_PASSWORD)
        .fetch_one(&mut **c)
        .await?);
        Ok(n > 0)
    }

    /// Locks the user's row for the rest of the transaction (PostgreSQL;
    /// SQLite has one writer anyway): the writes that add or remove second
    /// factors take it first, so each sees what the others committed.
    pub async fn lock_user_row(&mut self, id: &str) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query("UPDATE users SET updated_at = updated_at WHERE id = $1")
            .bind(id)
            .execute(&mut **c)
            .await?
            .rows_affected()))
    }

    /// Confirms the address (and forgets which browser registered it).
    pub async fn mark_verified(&mut self, id: &str, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1), registration_browser = NULL WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// Removes the account holding `email` if its address was never
    /// confirmed and it is not `keep`.
    pub async fn remove_unconfirmed(&mut self, email: &str, keep: &str) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query("DELETE FROM users WHERE email = $1 AND email_verified_at IS NULL AND id <> $2")
            .bind(email)
            .bind(keep)
            .execute(&mut **c)
            .await?
            .rows_affected()))
    }

    /// Sets a new password, only if the credential is still the version
    /// that was verified; bumps the version, so that a sign-in that
    /// verified the old password cannot open a session afterwards.
    pub async fn set_password(&mut self, id: &str, verified_version: i64, hash: &str, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE users SET password_hash = $1, updated_at = $2, credential_version = credential_version + 1, \
             second_factor_failures = 0 WHERE id = $3 AND credential_version = $4",
        )
        .bind(hash)
        .bind(now)
        .bind(id)
        .bind(verified_version)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// Changes the address, only from the one that was read.
    pub async fn set_email(&mut self, id: &str, from: &str, to: &str, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE users SET email = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3 AND email = $4",
        )
        .bind(to)
        .bind(now)
        .bind(id)
        .bind(from)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// Bumps the credential version: device cookies and links tied to it die.
    pub async fn bump_credentials(&mut self, id: &str, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE users SET credential_version = credential_version + 1, updated_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// Locks the account; only if it is not locked already.
    pub async fn lock(&mut self, id: &str, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query("UPDATE users SET locked_at = $1 WHERE id = $2 AND locked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut **c)
            .await?
            .rows_affected()))
    }

    pub async fn unlock(&mut self, id: &str) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query("UPDATE users SET locked_at = NULL WHERE id = $1")
            .bind(id)
            .execute(&mut **c)
            .await?
            .rows_affected()))
    }

    /// The browser with this device id keeps no exemption from the user's
    /// sign-in limits and new-device alerts.
    pub async fn distrust_device(&mut self, user_id: &str, device_id: &str, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "INSERT INTO distrusted_devices (device_id, user_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (device_id) DO NOTHING",
        )
        .bind(device_id)
        .bind(user_id)
        .bind(now)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_record_in_a_log_line_carries_no_password_hash() {
        let user = UserRecord {
            id: "u".into(),
            email: Email::parse("ada@example.com").unwrap(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            created_at: 0,
            credential_version: 0,
            email_verified_at: None,
            locked_at: None,
            language: None,
        };
        let shown = format!("{user:?}");
        assert!(!shown.contains("argon2") && shown.contains("ada@example.com"), "{shown}");
    }
}
