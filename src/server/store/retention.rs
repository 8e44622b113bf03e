//! Pruning: what the database no longer needs (see `server::auth::housekeeping`).

use super::{Store, StoreResult, with_pool};

/// Rows removed by one [`Store::prune`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    pub history: u64,
    pub sessions: u64,
    pub events: u64,
    pub throttle: u64,
    /// Link tokens used or expired, and mails sent (or given up on) before
    /// the retention.
    pub links: u64,
    pub mails: u64,
}

/// What to prune, as times (unix ms) before which rows may go.
pub struct Cutoffs {
    /// Sessions idle since before this have expired.
    pub idle_before: i64,
    /// Sessions created before this have reached their absolute lifetime.
    pub created_before: i64,
    /// Events, and ended sessions, older than this are dropped.
    pub kept_since: i64,
    /// Throttle windows that started before this are over (the longest
    /// window of any limit), if their lock has passed too.
    pub window_before: i64,
    pub now: i64,
}

/// A session that can never be used again: revoked, idle too long, or too old.
const ENDED: &str = "(s.revoked_at IS NOT NULL OR s.last_used_at < $1 OR s.created_at < $2)";

impl Store {
    pub async fn prune(&self, cut: &Cutoffs) -> StoreResult<Pruned> {
        // The superseded tokens of an ended session detect nothing any more
        // (the session is over either way); a live session keeps them all.
        let history = sqlx::AssertSqlSafe(format!(
            "DELETE FROM refresh_token_history WHERE session_id IN (SELECT s.id FROM sessions s WHERE {ENDED})"
        ));
        let history = with_pool!(self, pool => sqlx::query(history)
            .bind(cut.idle_before)
            .bind(cut.created_before)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        // Ended sessions go once they are older than the retention; events
        // name sessions by id only, so the activity log is not affected.
        let sessions = sqlx::AssertSqlSafe(format!(
            "DELETE FROM sessions WHERE id IN (SELECT s.id FROM sessions s WHERE {ENDED} \
             AND (CASE WHEN s.revoked_at IS NULL THEN s.last_used_at ELSE s.revoked_at END) < $3)"
        ));
        let sessions = with_pool!(self, pool => sqlx::query(sessions)
            .bind(cut.idle_before)
            .bind(cut.created_before)
            .bind(cut.kept_since)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        let events = with_pool!(self, pool => sqlx::query("DELETE FROM security_events WHERE created_at < $1")
            .bind(cut.kept_since)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        let throttle = with_pool!(self, pool => sqlx::query(
            "DELETE FROM login_throttle WHERE window_start < $1 AND locked_until <= $2",
        )
        .bind(cut.window_before)
        .bind(cut.now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        let links = with_pool!(self, pool => sqlx::query(
            "DELETE FROM link_tokens WHERE used_at IS NOT NULL OR expires_at <= $1",
        )
        .bind(cut.now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        // Password sign-ins that waited for a second factor are single-use
        // credentials like links, and are counted with them.
        let pending = with_pool!(self, pool => sqlx::query(
            "DELETE FROM pending_sign_ins WHERE used_at IS NOT NULL OR expires_at <= $1",
        )
        .bind(cut.now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        // So are WebAuthn ceremonies.
        let ceremonies = with_pool!(self, pool => sqlx::query(
            "DELETE FROM webauthn_ceremonies WHERE used_at IS NOT NULL OR expires_at <= $1",
        )
        .bind(cut.now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        // And sign-ins sent to another provider.
        let flows = with_pool!(self, pool => sqlx::query(
            "DELETE FROM federated_flows WHERE used_at IS NOT NULL OR expires_at <= $1",
        )
        .bind(cut.now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        // And the challenges of sessions bound to a device.
        let challenges = with_pool!(self, pool => sqlx::query(
            "DELETE FROM session_challenges WHERE used_at IS NOT NULL OR expires_at <= $1",
        )
        .bind(cut.now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        let links = links + pending + ceremonies + flows + challenges;
        let mails = with_pool!(self, pool => sqlx::query(
            "DELETE FROM outbox WHERE COALESCE(sent_at, gave_up_at) < $1",
        )
        .bind(cut.kept_since)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(Pruned { history, sessions, events, throttle, links, mails })
    }
}
