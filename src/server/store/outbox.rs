//! Mails waiting to be sent.
//!
//! A mail is queued with whatever it announces, in one transaction (see
//! [`super::batch`]). The sender task then claims due mails
//! ([`Store::claim_mails`]), delivers them and stamps them sent; on
//! PostgreSQL several instances claim with `FOR UPDATE SKIP LOCKED` and
//! never take the same row.

use super::{Conn, Store, StoreResult, with_conn, with_pool};

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

impl Conn<'_> {
    pub async fn queue_mail(&mut self, mail: &NewMail, now: i64) -> StoreResult<u64> {
        let id = uuid::Uuid::new_v4().to_string();
        Ok(with_conn!(self, c => sqlx::query(
            "INSERT INTO outbox (id, recipient, subject, text_body, html_body, created_at, due_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(id)
        .bind(&mail.recipient)
        .bind(&mail.subject)
        .bind(&mail.text)
        .bind(&mail.html)
        .bind(now)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }
}

impl Store {
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
