//! Mails waiting to be sent, and the writes that go with them.
//!
//! Whatever announces itself by mail (a link token, a security event, a
//! changed password) is written together with its mail in one transaction
//! ([`Store::apply`]): both happen or neither does. The sender task then
//! claims due mails ([`Store::claim_mails`]), delivers them and stamps them
//! sent; on PostgreSQL several instances claim with `FOR UPDATE SKIP LOCKED`
//! and never take the same row.

use super::{EventKind, RevokeReason, Store, StoreError, StoreResult, with_pool};

/// A mail to queue.
#[derive(Clone, Debug)]
pub struct NewMail {
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A queued mail, as the sender and the development mailbox see it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MailRecord {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub created_at: i64,
    pub attempts: i64,
    pub sent_at: Option<i64>,
}

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

/// The purpose of the undo link of an address change (see [`Write::RevokeLinks`]).
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

/// One write of a batch that [`Store::apply`] runs in one transaction. The
/// conditional ones (`UseToken`, `SetPassword`, `SetEmail`) abort the whole
/// batch when their condition does not hold.
#[derive(Clone, Debug)]
pub enum Write {
    Mail(NewMail),
    Token(NewLinkToken),
    /// Marks a token used; only if it is unused and unexpired.
    UseToken { hash: [u8; 32] },
    Event { user_id: String, session_id: Option<String>, kind: EventKind, ip: String, user_agent: String },
    /// A new, unconfirmed account; `registration_browser` is the SHA-256 of
    /// the cookie of the browser that registered it.
    InsertUser { id: String, email: String, password_hash: String, registration_browser: Option<[u8; 32]> },
    /// Confirms the address (and forgets which browser registered it).
    MarkVerified { user_id: String },
    /// Removes the account holding `email` if its address was never
    /// confirmed and it is not `keep`: whoever registered it never proved
    /// the inbox that is now taking the address.
    RemoveUnconfirmed { email: String, keep: String },
    /// Sets the password (and bumps the credential version), only over the
    /// version that was verified.
    SetPassword { user_id: String, verified_version: i64, hash: String },
    /// Changes the address, only from the one that was read.
    SetEmail { user_id: String, from: String, to: String },
    /// Every batch with it also writes the user's row first (`SetPassword`,
    /// `Lock`, `SetEmail`, …): a sign-in in flight on PostgreSQL waits on
    /// that row (`Store::insert_session`), so it cannot open a session the
    /// revocation misses.
    RevokeSessions { user_id: String, keep: Option<String>, reason: RevokeReason },
    /// Marks the user's unused link tokens used (of one purpose, or all):
    /// a link that changes the account cancels the others. Undo links of
    /// address changes are spared: only an older undo voids them
    /// ([`Write::RevokeNewerUndos`]), so whoever took the address cannot
    /// take the undo away from the address it came from.
    RevokeLinks { user_id: String, purpose: Option<&'static str> },
    /// Marks the user's undo links created after `created_at` used.
    RevokeNewerUndos { user_id: String, created_at: i64 },
    /// Bumps the credential version: device cookies and links tied to it die.
    BumpCredentials { user_id: String },
    RevokeSession { session_id: String, reason: RevokeReason },
    /// Locks the account; only if it is not locked already.
    Lock { user_id: String },
    Unlock { user_id: String },
    /// Forgets the failed sign-ins counted against the account (its key
    /// `account_key`), against the browsers it was used from (keys
    /// `device_prefix` + device id) and its wrong second-step codes (key
    /// `second_factor_key`): their budgets start afresh.
    ClearSignInLimits { user_id: String, account_key: String, device_prefix: &'static str, second_factor_key: String },
    /// Confirms an authenticator-app enrolment of the secret `sealed` with
    /// its first code (of time step `step`); only if it is still that
    /// enrolment, unconfirmed.
    ConfirmTotp { user_id: String, sealed: Vec<u8>, step: i64 },
    /// Replaces the user's recovery codes (by their keyed hashes).
    SetRecoveryCodes { user_id: String, hashes: Vec<[u8; 32]> },
    /// Stores these recovery codes only if the user has none: the codes of
    /// an account's first second factor. Checked inside the transaction,
    /// after the user's row is locked, so two first factors added at once
    /// issue one set, and a factor confirmed while the last other one is
    /// removed still leaves codes.
    IssueFirstRecoveryCodes { user_id: String, hashes: Vec<[u8; 32]> },
    /// Removes the authenticator app; only if there was an app. The
    /// recovery codes go with the account's last second factor.
    RemoveTotp { user_id: String },
    /// Adds a passkey; the batch fails with `StoreError::Conflict` if its
    /// credential id is registered already.
    InsertPasskey(super::PasskeyRecord),
    /// Removes one of the user's passkeys; only if the user has it.
    RemovePasskey { user_id: String, credential_id: Vec<u8> },
    /// Removes every second factor and the recovery codes; only if there was one.
    RemoveSecondFactors { user_id: String },
    /// Removes every second factor and the recovery codes, whether there was one or not.
    ClearSecondFactors { user_id: String },
    /// Revokes the user's sessions opened from the browser with device id
    /// `device_id` since `since` (a "this wasn't me" report).
    RevokeDeviceSessions { user_id: String, device_id: String, since: i64, reason: RevokeReason },
    /// The browser with device id `device_id` keeps no exemption from the
    /// sign-in limits and the new-device alerts of the user.
    DistrustDevice { user_id: String, device_id: String },
}

/// Locks the user's row for the rest of the transaction (PostgreSQL; SQLite
/// has one writer anyway): the writes that add or remove second factors
/// take it first, so each sees what the others committed.
const LOCK_USER: &str = "UPDATE users SET updated_at = updated_at WHERE id = $1";

/// Recovery codes stand in for a second factor: with the last one, they go.
const ORPHANED_RECOVERY_CODES: &str = "DELETE FROM recovery_codes WHERE user_id = $1 \
     AND NOT EXISTS (SELECT 1 FROM passkeys WHERE user_id = $1) \
     AND NOT EXISTS (SELECT 1 FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL)";

/// Why a batch was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    Done,
    /// A conditional write found its row changed (a used token, a password
    /// changed meanwhile): nothing was written.
    Stale,
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl Store {
    /// Runs `writes` in one transaction, at `now`.
    pub async fn apply(&self, writes: &[Write], now: i64) -> StoreResult<Applied> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for write in writes {
                let changed = match write {
                    Write::Mail(mail) => sqlx::query(
                        "INSERT INTO outbox (id, recipient, subject, text_body, html_body, created_at, due_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $6)",
                    )
                    .bind(new_id())
                    .bind(&mail.recipient)
                    .bind(&mail.subject)
                    .bind(&mail.text)
                    .bind(&mail.html)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected(),
                    Write::Token(token) => sqlx::query(
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
                    .execute(&mut *tx)
                    .await?
                    .rows_affected(),
                    Write::UseToken { hash } => sqlx::query(
                        "UPDATE link_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
                    )
                    .bind(now)
                    .bind(hash.as_slice())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected(),
                    Write::Event { user_id, session_id, kind, ip, user_agent } => sqlx::query(
                        "INSERT INTO security_events (user_id, session_id, kind, ip, user_agent, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(user_id)
                    .bind(session_id)
                    .bind(kind.as_str())
                    .bind(ip)
                    .bind(user_agent)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected(),
                    Write::InsertUser { id, email, password_hash, registration_browser } => sqlx::query(
                        "INSERT INTO users (id, email, password_hash, created_at, updated_at, registration_browser) \
                         VALUES ($1, $2, $3, $4, $4, $5)",
                    )
                    .bind(id)
                    .bind(email)
                    .bind(password_hash)
                    .bind(now)
                    .bind(registration_browser.as_ref().map(|h| h.as_slice()))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected(),
                    Write::MarkVerified { user_id } => {
                        sqlx::query(
                            "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1), registration_browser = NULL \
                             WHERE id = $2",
                        )
                            .bind(now)
                            .bind(user_id)
                            .execute(&mut *tx)
                            .await?;
                        1
                    }
                    Write::SetPassword { user_id, verified_version, hash } => sqlx::query(
                        "UPDATE users SET password_hash = $1, updated_at = $2, credential_version = credential_version + 1, \
                         second_factor_failures = 0 WHERE id = $3 AND credential_version = $4",
                    )
                    .bind(hash)
                    .bind(now)
                    .bind(user_id)
                    .bind(*verified_version)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected(),
                    Write::SetEmail { user_id, from, to } => sqlx::query(
                        "UPDATE users SET email = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3 AND email = $4",
                    )
                    .bind(to)
                    .bind(now)
                    .bind(user_id)
                    .bind(from)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected(),
                    Write::RevokeSessions { user_id, keep, reason } => {
                        sqlx::query(
                            "UPDATE sessions SET revoked_at = $1, revoked_reason = $2 \
                             WHERE user_id = $3 AND revoked_at IS NULL AND id <> $4",
                        )
                        .bind(now)
                        .bind(reason.as_str())
                        .bind(user_id)
                        .bind(keep.as_deref().unwrap_or(""))
                        .execute(&mut *tx)
                        .await?;
                        1
                    }
                    Write::RevokeLinks { user_id, purpose } => {
                        sqlx::query(
                            "UPDATE link_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL \
                             AND ($3 IS NULL OR purpose = $3) AND purpose <> $4",
                        )
                        .bind(now)
                        .bind(user_id)
                        .bind(*purpose)
                        .bind(UNDO_PURPOSE)
                        .execute(&mut *tx)
                        .await?;
                        1
                    }
                    Write::RevokeNewerUndos { user_id, created_at } => {
                        sqlx::query(
                            "UPDATE link_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL \
                             AND purpose = $3 AND created_at > $4",
                        )
                        .bind(now)
                        .bind(user_id)
                        .bind(UNDO_PURPOSE)
                        .bind(*created_at)
                        .execute(&mut *tx)
                        .await?;
                        1
                    }
                    Write::BumpCredentials { user_id } => sqlx::query(
                        "UPDATE users SET credential_version = credential_version + 1, updated_at = $1 WHERE id = $2",
                    )
                    .bind(now)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected(),
                    Write::Lock { user_id } => sqlx::query("UPDATE users SET locked_at = $1 WHERE id = $2 AND locked_at IS NULL")
                        .bind(now)
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected(),
                    Write::Unlock { user_id } => {
                        sqlx::query("UPDATE users SET locked_at = NULL WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
                        1
                    }
                    Write::ClearSignInLimits { user_id, account_key, device_prefix, second_factor_key } => {
                        sqlx::query(
                            "DELETE FROM login_throttle WHERE throttle_key = $1 OR throttle_key = $4 OR throttle_key IN \
                             (SELECT $3 || device_id FROM sessions WHERE user_id = $2 AND device_id IS NOT NULL)",
                        )
                        .bind(account_key)
                        .bind(user_id)
                        .bind(*device_prefix)
                        .bind(second_factor_key)
                        .execute(&mut *tx)
                        .await?;
                        1
                    }
                    Write::ConfirmTotp { user_id, sealed, step } => {
                        sqlx::query(LOCK_USER).bind(user_id).execute(&mut *tx).await?;
                        sqlx::query(
                        "UPDATE totp_factors SET confirmed_at = $1, last_step = $2 \
                         WHERE user_id = $3 AND sealed_secret = $4 AND confirmed_at IS NULL AND last_step < $2",
                    )
                    .bind(now)
                    .bind(*step)
                    .bind(user_id)
                    .bind(sealed.as_slice())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    }
                    Write::IssueFirstRecoveryCodes { user_id, hashes } | Write::SetRecoveryCodes { user_id, hashes } => {
                        let first_only = matches!(write, Write::IssueFirstRecoveryCodes { .. });
                        let held = if first_only {
                            sqlx::query(LOCK_USER).bind(user_id).execute(&mut *tx).await?;
                            let (held,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1")
                                .bind(user_id)
                                .fetch_one(&mut *tx)
                                .await?;
                            held
                        } else {
                            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
                            0
                        };
                        if held == 0 {
                            for hash in hashes {
                                sqlx::query("INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)")
                                    .bind(user_id)
                                    .bind(hash.as_slice())
                                    .bind(now)
                                    .execute(&mut *tx)
                                    .await?;
                            }
                        }
                        1
                    }
                    Write::RemoveTotp { user_id } => {
                        sqlx::query(LOCK_USER).bind(user_id).execute(&mut *tx).await?;
                        let removed = sqlx::query("DELETE FROM totp_factors WHERE user_id = $1")
                            .bind(user_id)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                        sqlx::query(ORPHANED_RECOVERY_CODES).bind(user_id).execute(&mut *tx).await?;
                        removed
                    }
                    Write::InsertPasskey(record) => {
                        sqlx::query(LOCK_USER).bind(&record.user_id).execute(&mut *tx).await?;
                        sqlx::query(
                        "INSERT INTO passkeys (credential_id, user_id, name, credential, created_at) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(&record.credential_id)
                    .bind(&record.user_id)
                    .bind(&record.name)
                    .bind(&record.credential)
                    .bind(record.created_at)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    }
                    Write::RemovePasskey { user_id, credential_id } => {
                        sqlx::query(LOCK_USER).bind(user_id).execute(&mut *tx).await?;
                        let removed = sqlx::query("DELETE FROM passkeys WHERE user_id = $1 AND credential_id = $2")
                            .bind(user_id)
                            .bind(credential_id.as_slice())
                            .execute(&mut *tx)
                            .await?
                            .rows_affected();
                        sqlx::query(ORPHANED_RECOVERY_CODES).bind(user_id).execute(&mut *tx).await?;
                        removed
                    }
                    Write::RemoveSecondFactors { user_id } => {
                        let mut removed = 0;
                        for sql in [
                            "DELETE FROM totp_factors WHERE user_id = $1",
                            "DELETE FROM passkeys WHERE user_id = $1",
                            "DELETE FROM recovery_codes WHERE user_id = $1",
                        ] {
                            removed += sqlx::query(sql).bind(user_id).execute(&mut *tx).await?.rows_affected();
                        }
                        removed
                    }
                    Write::RemoveUnconfirmed { email, keep } => {
                        sqlx::query("DELETE FROM users WHERE email = $1 AND email_verified_at IS NULL AND id <> $2")
                            .bind(email)
                            .bind(keep)
                            .execute(&mut *tx)
                            .await?;
                        1
                    }
                    Write::ClearSecondFactors { user_id } => {
                        for sql in [
                            "DELETE FROM totp_factors WHERE user_id = $1",
                            "DELETE FROM passkeys WHERE user_id = $1",
                            "DELETE FROM recovery_codes WHERE user_id = $1",
                        ] {
                            sqlx::query(sql).bind(user_id).execute(&mut *tx).await?;
                        }
                        1
                    }
                    Write::RevokeDeviceSessions { user_id, device_id, since, reason } => {
                        sqlx::query(
                            "UPDATE sessions SET revoked_at = $1, revoked_reason = $2 \
                             WHERE user_id = $3 AND device_id = $4 AND created_at >= $5 AND revoked_at IS NULL",
                        )
                        .bind(now)
                        .bind(reason.as_str())
                        .bind(user_id)
                        .bind(device_id)
                        .bind(*since)
                        .execute(&mut *tx)
                        .await?;
                        1
                    }
                    Write::DistrustDevice { user_id, device_id } => {
                        sqlx::query(
                            "INSERT INTO distrusted_devices (device_id, user_id, created_at) VALUES ($1, $2, $3) \
                             ON CONFLICT (device_id) DO NOTHING",
                        )
                        .bind(device_id)
                        .bind(user_id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                        1
                    }
                    Write::RevokeSession { session_id, reason } => {
                        sqlx::query("UPDATE sessions SET revoked_at = $1, revoked_reason = $2 WHERE id = $3 AND revoked_at IS NULL")
                            .bind(now)
                            .bind(reason.as_str())
                            .bind(session_id)
                            .execute(&mut *tx)
                            .await?;
                        1
                    }
                };
                if changed == 0 {
                    tx.rollback().await?;
                    return Ok(Applied::Stale);
                }
            }
            tx.commit().await?;
            Ok::<_, StoreError>(Applied::Done)
        })
    }

    pub async fn link_token(&self, hash: &[u8; 32]) -> StoreResult<Option<LinkTokenRecord>> {
        Ok(with_pool!(self, pool => sqlx::query_as(
            "SELECT purpose, created_at, user_id, detail, credential_version, expires_at, used_at FROM link_tokens WHERE token_hash = $1",
        )
        .bind(hash.as_slice())
        .fetch_optional(pool)
        .await)?)
    }

    /// Claims up to `limit` due mails for `lease_ms`: no other sender takes
    /// them meanwhile. A sender that dies lets its lease run out, and the
    /// mails are claimed again.
    pub async fn claim_mails(&self, now: i64, lease_ms: i64, limit: i64) -> StoreResult<Vec<MailRecord>> {
        const RETURNING: &str = "RETURNING id, recipient, subject, text_body, html_body, created_at, attempts, sent_at";
        const DUE: &str = "sent_at IS NULL AND gave_up_at IS NULL AND due_at <= $1 \
                           AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY due_at";
        let claimed = match self {
            // Concurrent senders on PostgreSQL skip each other's rows.
            Store::Postgres(pool) => {
                let sql = format!(
                    "UPDATE outbox SET claimed_until = $1 + $2, attempts = attempts + 1 \
                     WHERE id IN (SELECT id FROM outbox WHERE {DUE} LIMIT $3 FOR UPDATE SKIP LOCKED) {RETURNING}"
                );
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(now).bind(lease_ms).bind(limit).fetch_all(pool).await?
            }
            // SQLite has one writer at a time: the statement is the claim.
            Store::Sqlite(pool, _) => {
                let sql = format!(
                    "UPDATE outbox SET claimed_until = $1 + $2, attempts = attempts + 1 \
                     WHERE id IN (SELECT id FROM outbox WHERE {DUE} LIMIT $3) {RETURNING}"
                );
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(now).bind(lease_ms).bind(limit).fetch_all(pool).await?
            }
        };
        Ok(claimed)
    }

    /// The mail of claim `attempt` was delivered. Its bodies go: they hold
    /// live links, and the database keeps tokens only as hashes. A claim
    /// that is not the latest (its lease ran out and another sender took
    /// the mail) changes nothing.
    pub async fn mail_sent(&self, id: &str, attempt: i64, now: i64) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query(
            "UPDATE outbox SET sent_at = $1, claimed_until = NULL, last_error = NULL, text_body = '', html_body = '' \
             WHERE id = $2 AND attempts = $3",
        )
        .bind(now)
        .bind(id)
        .bind(attempt)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Claim `attempt` failed: try again at `retry_at`, or never (`None`:
    /// the relay refused the mail for good; its bodies go then too).
    pub async fn mail_failed(&self, id: &str, attempt: i64, retry_at: Option<i64>, error: &str, now: i64) -> StoreResult<()> {
        with_pool!(self, pool => sqlx::query(
            "UPDATE outbox SET due_at = COALESCE($1, due_at), gave_up_at = CASE WHEN $1 IS NULL THEN $5 ELSE NULL END, \
             text_body = CASE WHEN $1 IS NULL THEN '' ELSE text_body END, \
             html_body = CASE WHEN $1 IS NULL THEN '' ELSE html_body END, \
             claimed_until = NULL, last_error = $2 WHERE id = $3 AND attempts = $4",
        )
        .bind(retry_at)
        .bind(error)
        .bind(id)
        .bind(attempt)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The latest mails, newest first (the development mailbox).
    pub async fn recent_mails(&self, limit: i64) -> StoreResult<Vec<MailRecord>> {
        Ok(with_pool!(self, pool => sqlx::query_as(
            "SELECT id, recipient, subject, text_body, html_body, created_at, attempts, sent_at FROM outbox \
             ORDER BY created_at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(pool)
        .await)?)
    }

    /// Mails not sent yet (and not given up on).
    pub async fn pending_mails(&self) -> StoreResult<i64> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL")
            .fetch_one(pool)
            .await)?;
        Ok(n)
    }
}
