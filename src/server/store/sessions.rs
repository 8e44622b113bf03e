//! Sessions and their refresh-token state.
//!
//! Rotation is a compare-and-swap on `refresh_hash`: of any number of
//! concurrent rotations of one token, on one instance or many, exactly one
//! wins; the others observe the token in `refresh_token_history` and take the
//! grace path instead of forking the session.

use super::{
    Conn, Store, StoreResult,
    rotations::Rotation,
    users::UserRecord,
    with_conn, with_pool,
};
use crate::{auth::Email, server::config::SessionPolicy};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRecord {
    pub id: String,
    pub user_id: String,
    pub created_at: i64,
    pub last_used_at: i64,
    pub user_agent: String,
    pub ip: String,
    pub refresh_nonce: Vec<u8>,
    pub rotated_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
    /// The id of the device cookie of the browser that opened the session.
    pub device_id: Option<String>,
    /// When the user last authenticated in this session (unix ms).
    pub auth_time: i64,
    /// How: RFC 8176 method values, comma-separated (`pwd`).
    pub amr: String,
    /// The public key (a JWK, as JSON) the session's browser registered
    /// (Device Bound Session Credentials), and its RFC 7638 thumbprint.
    pub bound_key: Option<String>,
    pub bound_thumbprint: Option<String>,
    /// When the browser first renewed the session with that key's proof:
    /// from then on the session is bound. Until then (a registration the
    /// browser may not have taken), it refreshes as any other.
    pub bound_at: Option<i64>,
}

impl SessionRecord {
    /// Not revoked (it may still have expired: see [`SessionRecord::is_live`]).
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }

    /// Not revoked and within its idle and absolute lifetime at `now`: the
    /// one test of whether a session can still be used.
    pub fn is_live(&self, now: i64, policy: &SessionPolicy) -> bool {
        self.is_active() && !policy.remaining(self.created_at, self.last_used_at, now).is_zero()
    }

    /// Bound to a key its browser holds: renewed only with that key's proof.
    pub fn is_bound(&self) -> bool {
        self.bound_key.is_some() && self.bound_at.is_some()
    }

    /// The thumbprint access tokens carry (`cnf.jkt`), once bound.
    pub fn confirmation(&self) -> Option<&str> {
        self.bound_thumbprint.as_deref().filter(|_| self.is_bound())
    }

    pub fn revoke_reason(&self) -> Option<RevokeReason> {
        let stored = self.revoked_reason.as_deref()?;
        RevokeReason::ALL.into_iter().find(|r| r.as_str() == stored)
    }
}

/// Why a session was revoked, as stored in `sessions.revoked_reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevokeReason {
    /// Signed out on its own browser.
    SignedOut,
    /// Signed out from another of the user's devices.
    RevokedByUser,
    /// The password was changed on another device.
    PasswordChanged,
    /// One of its old refresh tokens was replayed.
    RefreshReuseDetected,
    /// Signed out by `keycard users sign-out` or `lock`.
    RevokedByAdmin,
}

impl RevokeReason {
    const ALL: [Self; 5] =
        [Self::SignedOut, Self::RevokedByUser, Self::PasswordChanged, Self::RefreshReuseDetected, Self::RevokedByAdmin];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignedOut => "signed_out",
            Self::RevokedByUser => "revoked_by_user",
            Self::PasswordChanged => "password_changed",
            Self::RefreshReuseDetected => "refresh_reuse_detected",
            Self::RevokedByAdmin => "revoked_by_admin",
        }
    }
}

pub struct NewSession<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub user_agent: &'a str,
    pub ip: &'a str,
    pub refresh_hash: &'a [u8],
    pub refresh_nonce: &'a [u8],
    /// The user's credential version the sign-in verified.
    pub credential_version: i64,
    pub device_id: Option<&'a str>,
    /// How the user authenticated (see [`SessionRecord::amr`]); now is the `auth_time`.
    pub amr: &'a str,
}

#[derive(sqlx::FromRow)]
struct SessionUserRow {
    #[sqlx(flatten)]
    session: SessionRecord,
    user_email: String,
    user_password_hash: String,
    user_created_at: i64,
    user_credential_version: i64,
    user_email_verified_at: Option<i64>,
    user_locked_at: Option<i64>,
    user_language: Option<String>,
}

/// A refresh token found among the superseded tokens of a session.
#[derive(Debug)]
pub struct HistoryHit {
    pub session: SessionRecord,
    pub user: UserRecord,
    pub superseded_at: i64,
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    #[sqlx(flatten)]
    row: SessionUserRow,
    superseded_at: i64,
}

const USER_COLUMNS: &str = "u.email AS user_email, u.password_hash AS user_password_hash, \
                            u.created_at AS user_created_at, u.credential_version AS user_credential_version, \
                            u.email_verified_at AS user_email_verified_at, u.locked_at AS user_locked_at, \
                            u.language AS user_language";

impl SessionUserRow {
    fn split(self) -> Result<(SessionRecord, UserRecord), sqlx::Error> {
        let user = UserRecord {
            id: self.session.user_id.clone(),
            email: Email::from(self.user_email),
            password_hash: self.user_password_hash,
            created_at: self.user_created_at,
            credential_version: self.user_credential_version,
            email_verified_at: self.user_email_verified_at,
            locked_at: self.user_locked_at,
            language: self.user_language,
        };
        Ok((self.session, user))
    }
}

const COLUMNS: &str = "s.id, s.user_id, s.created_at, s.last_used_at, s.user_agent, s.ip, \
                       s.refresh_nonce, s.rotated_at, s.revoked_at, s.revoked_reason, s.device_id, \
                       s.auth_time, s.amr, s.bound_key, s.bound_thumbprint, s.bound_at";

fn sql(text: String) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(text)
}

impl Store {
    /// Opens a session, only if the user still exists with the credential
    /// version that was verified and is not locked: a sign-in racing a
    /// password change, an account deletion or a lock opens nothing. Returns
    /// whether it was opened.
    pub async fn insert_session(&self, new: NewSession<'_>, now: i64) -> StoreResult<bool> {
        // On PostgreSQL the user's row is share-locked: a lock, password
        // change or deletion in flight is waited for and its result seen (a
        // plain read would see the row from before it, and the session would
        // escape its revocation). SQLite runs one writer at a time anyway.
        let wait_for_writers = if matches!(self, Self::Postgres(_)) { " FOR SHARE OF u" } else { "" };
        let q = sql(format!(
            "INSERT INTO sessions (id, user_id, created_at, last_used_at, user_agent, ip, refresh_hash, refresh_nonce, rotated_at, device_id, auth_time, amr) \
             SELECT $1, u.id, $3, $3, $4, $5, $6, $7, $3, $9, $3, $10 FROM users u \
             WHERE u.id = $2 AND u.credential_version = $8 AND u.locked_at IS NULL{wait_for_writers}"
        ));
        let opened = with_pool!(self, pool => sqlx::query(q)
        .bind(new.id)
        .bind(new.user_id)
        .bind(now)
        .bind(new.user_agent)
        .bind(new.ip)
        .bind(new.refresh_hash)
        .bind(new.refresh_nonce)
        .bind(new.credential_version)
        .bind(new.device_id)
        .bind(new.amr)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))?;
        Ok(opened)
    }

    pub async fn session(&self, id: &str) -> StoreResult<Option<SessionRecord>> {
        let q = sql(format!("SELECT {COLUMNS} FROM sessions s WHERE s.id = $1"));
        Ok(with_pool!(self, pool => sqlx::query_as(q).bind(id).fetch_optional(pool).await)?)
    }

    /// The session whose *current* refresh token has this hash.
    pub async fn session_by_refresh_hash(&self, hash: &[u8]) -> StoreResult<Option<SessionRecord>> {
        let q = sql(format!("SELECT {COLUMNS} FROM sessions s WHERE s.refresh_hash = $1"));
        Ok(with_pool!(self, pool => sqlx::query_as(q).bind(hash).fetch_optional(pool).await)?)
    }

    /// Like [`Store::session_by_refresh_hash`], with the session's user read
    /// in the same query (a refresh needs both).
    pub async fn session_and_user_by_refresh_hash(&self, hash: &[u8]) -> StoreResult<Option<(SessionRecord, UserRecord)>> {
        self.session_and_user("s.refresh_hash", hash).await
    }

    /// A session and its user in one query (every authenticated account
    /// operation checks both).
    pub async fn session_and_user_by_id(&self, id: &str) -> StoreResult<Option<(SessionRecord, UserRecord)>> {
        self.session_and_user("s.id", id).await
    }

    async fn session_and_user<'a, K>(&self, column: &'static str, key: K) -> StoreResult<Option<(SessionRecord, UserRecord)>>
    where
        K: 'a
            + Send
            + sqlx::Encode<'a, sqlx::Sqlite>
            + sqlx::Type<sqlx::Sqlite>
            + sqlx::Encode<'a, sqlx::Postgres>
            + sqlx::Type<sqlx::Postgres>,
    {
        let q = sql(format!(
            "SELECT {COLUMNS}, {USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE {column} = $1"
        ));
        let row: Option<SessionUserRow> =
            with_pool!(self, pool => sqlx::query_as(q).bind(key).fetch_optional(pool).await)?;
        Ok(row.map(SessionUserRow::split).transpose()?)
    }

    /// The session that once held this refresh token, its user, and when the
    /// token was rotated away, in one statement (one consistent snapshot).
    pub async fn refresh_history(&self, hash: &[u8]) -> StoreResult<Option<HistoryHit>> {
        let q = sql(format!(
            "SELECT {COLUMNS}, {USER_COLUMNS}, h.superseded_at FROM refresh_token_history h \
             JOIN sessions s ON s.id = h.session_id JOIN users u ON u.id = s.user_id WHERE h.token_hash = $1"
        ));
        let row: Option<HistoryRow> = with_pool!(self, pool => sqlx::query_as(q).bind(hash).fetch_optional(pool).await)?;
        let hit = row.map(|r| {
            let (session, user) = r.row.split()?;
            Ok::<_, sqlx::Error>(HistoryHit { session, user, superseded_at: r.superseded_at })
        });
        Ok(hit.transpose()?)
    }

    /// Swaps the current refresh token `old_hash` for a new one, only if it is
    /// still current and the session still active. Returns whether this call
    /// won. The replaced hash goes to `refresh_token_history` through the
    /// `sessions_keep_rotated_hash` trigger, atomically with the swap. On
    /// SQLite the swap is group-committed with concurrent ones (`store::rotations`).
    pub async fn rotate_refresh(
        &self,
        session_id: &str,
        old_hash: &[u8],
        new_hash: &[u8],
        new_nonce: &[u8],
        now: i64,
    ) -> StoreResult<bool> {
        let rotation = Rotation::new(session_id, old_hash, new_hash, new_nonce, now);
        let won = match self {
            Store::Sqlite(_, writer) => writer.rotate(rotation).await?,
            Store::Postgres(pool) => rotation.query().execute(pool).await?.rows_affected() == 1,
        };
        Ok(won)
    }

    /// A rotation from the previous token `presented` (its answer was lost):
    /// swaps the current token `current_hash` for a new one, and stamps
    /// `presented` as superseded by this rotation too, in one transaction.
    /// Returns whether the swap won.
    pub async fn recover_refresh(
        &self,
        session_id: &str,
        current_hash: &[u8],
        presented: &[u8],
        new_hash: &[u8],
        new_nonce: &[u8],
        now: i64,
    ) -> StoreResult<bool> {
        let rotation = Rotation::new(session_id, current_hash, new_hash, new_nonce, now);
        let won = with_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            if rotation.query().execute(&mut *tx).await?.rows_affected() != 1 {
                return Ok::<bool, sqlx::Error>(false);
            }
            sqlx::query(
                "UPDATE refresh_token_history SET superseded_at = (SELECT rotated_at FROM sessions WHERE id = $1) \
                 WHERE token_hash = $2",
            )
            .bind(session_id)
            .bind(presented)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(true)
        }.await)?;
        Ok(won)
    }

    /// Marks a session revoked; returns false if it was already revoked or unknown.
    pub async fn revoke_session(&self, id: &str, reason: RevokeReason, now: i64) -> StoreResult<bool> {
        Ok(self.conn().await?.on().revoke_session(id, reason, now).await? == 1)
    }

    /// Records that the user of a live session just proved who they are
    /// again: its `auth_time` becomes `now` and its `amr` the given list.
    /// Returns false if the session was revoked meanwhile.
    pub async fn reauthenticated(&self, id: &str, amr: &str, now: i64) -> StoreResult<bool> {
        let done = with_pool!(self, pool => sqlx::query(
            "UPDATE sessions SET auth_time = $1, amr = $2 WHERE id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(amr)
        .bind(id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() == 1))?;
        Ok(done)
    }

    /// The user's latest sessions, ended ones too (what devices the account
    /// was used from), most recent first.
    pub async fn sessions_of_user(&self, user_id: &str, limit: i64) -> StoreResult<Vec<SessionRecord>> {
        let q = sql(format!("SELECT {COLUMNS} FROM sessions s WHERE s.user_id = $1 ORDER BY s.created_at DESC LIMIT $2"));
        Ok(with_pool!(self, pool => sqlx::query_as(q).bind(user_id).bind(limit).fetch_all(pool).await)?)
    }

    /// When the user's latest session was opened (sessions are kept for the
    /// retention period), if any.
    pub async fn last_sign_in(&self, user_id: &str) -> StoreResult<Option<i64>> {
        let (at,): (Option<i64>,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT MAX(created_at) FROM sessions WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_one(pool)
        .await)?;
        Ok(at)
    }

    /// The user's sessions that are not revoked, most recently used first.
    pub async fn active_sessions(&self, user_id: &str) -> StoreResult<Vec<SessionRecord>> {
        let q = sql(format!(
            "SELECT {COLUMNS} FROM sessions s WHERE s.user_id = $1 AND s.revoked_at IS NULL \
             ORDER BY s.last_used_at DESC, s.id"
        ));
        Ok(with_pool!(self, pool => sqlx::query_as(q).bind(user_id).fetch_all(pool).await)?)
    }
}

impl Store {
    /// Revokes every active session of a user except `keep`; returns how many.
    pub async fn revoke_user_sessions(
        &self,
        user_id: &str,
        keep: Option<&str>,
        reason: RevokeReason,
        now: i64,
    ) -> StoreResult<u64> {
        self.conn().await?.on().revoke_sessions(user_id, keep, reason, now).await
    }
}

/// Writes of `sessions` that end them.
impl Conn<'_> {
    pub async fn revoke_session(&mut self, id: &str, reason: RevokeReason, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE sessions SET revoked_at = $1, revoked_reason = $2 WHERE id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(reason.as_str())
        .bind(id)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// Revokes every live session of the user but `keep`. A batch with it
    /// also writes the user's row first (`SetPassword`, `Lock`, `SetEmail`,
    /// …): a sign-in in flight on PostgreSQL waits on that row
    /// (`Store::insert_session`), so it cannot open a session the
    /// revocation misses.
    pub async fn revoke_sessions(&mut self, user_id: &str, keep: Option<&str>, reason: RevokeReason, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE sessions SET revoked_at = $1, revoked_reason = $2 \
             WHERE user_id = $3 AND revoked_at IS NULL AND id <> $4",
        )
        .bind(now)
        .bind(reason.as_str())
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }

    /// Revokes the user's sessions opened from the browser with device id
    /// `device_id` since `since` (a "this wasn't me" report).
    pub async fn revoke_device_sessions(
        &mut self,
        user_id: &str,
        device_id: &str,
        since: i64,
        reason: RevokeReason,
        now: i64,
    ) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "UPDATE sessions SET revoked_at = $1, revoked_reason = $2 \
             WHERE user_id = $3 AND device_id = $4 AND created_at >= $5 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(reason.as_str())
        .bind(user_id)
        .bind(device_id)
        .bind(since)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }
}
