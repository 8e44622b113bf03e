//! The security activity log shown on the account page.

use super::{Conn, Store, StoreResult, with_conn, with_pool};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    AccountCreated,
    SignedIn,
    SignInFailed,
    SignedOut,
    SessionRevoked,
    RefreshReuseDetected,
    PasswordChanged,
    /// The untrusted-source budget of an account was spent.
    SignInLocked,
    /// The previous refresh token came back within the grace window from
    /// another address or browser than the session's.
    RefreshFromOtherClient,
    EmailVerified,
    /// A password set through a reset link.
    PasswordReset,
    EmailChangeRequested,
    EmailChanged,
    /// The old address took the account back with its undo link.
    EmailChangeUndone,
    /// A session signed out through the "this wasn't me" link of its alert.
    SessionReported,
    /// `keycard users lock`, `unlock`, `sign-out`, `verify`.
    LockedByAdmin,
    UnlockedByAdmin,
    SignedOutByAdmin,
    VerifiedByAdmin,
    /// `keycard users unlock` of an account that was not locked.
    LimitsClearedByAdmin,
    /// The user confirmed the password on a signed-in device before a
    /// sensitive change.
    Reauthenticated,
    /// An authenticator app was enrolled (its first code confirmed), or removed.
    TotpEnabled,
    TotpDisabled,
    /// A new set of recovery codes replaced the old one.
    RecoveryCodesGenerated,
    RecoveryCodeUsed,
    /// The recovery codes went with the undo of a change of address.
    RecoveryCodesRemoved,
    /// Wrong second-step codes after the right password reached the point
    /// where the owner is told (`second_factor::ALERT_AT`), or the cap.
    SecondFactorGuessed,
    /// A wrong code at the second step of a password sign-in.
    SecondFactorFailed,
    /// `keycard users remove-second-factor`.
    SecondFactorRemovedByAdmin,
    /// A passkey was added to the account, or removed from it.
    PasskeyAdded,
    PasskeyRemoved,
    /// An identity at another provider was linked to the account, or unlinked.
    IdentityLinked,
    IdentityUnlinked,
    /// The browser of a session bound it to a key it holds (DBSC).
    SessionBound,
    /// A bound session's refresh cookie came without its key's proof: a
    /// copied cookie jar. Refused; the session stays with its browser.
    CopiedCookieRefused,
}

impl EventKind {
    /// Every kind (the activity list has a label for each).
    pub const ALL: [Self; 35] = [
        Self::AccountCreated,
        Self::SignedIn,
        Self::SignInFailed,
        Self::SignedOut,
        Self::SessionRevoked,
        Self::RefreshReuseDetected,
        Self::PasswordChanged,
        Self::SignInLocked,
        Self::RefreshFromOtherClient,
        Self::EmailVerified,
        Self::PasswordReset,
        Self::EmailChangeRequested,
        Self::EmailChanged,
        Self::EmailChangeUndone,
        Self::SessionReported,
        Self::LockedByAdmin,
        Self::UnlockedByAdmin,
        Self::SignedOutByAdmin,
        Self::VerifiedByAdmin,
        Self::LimitsClearedByAdmin,
        Self::Reauthenticated,
        Self::TotpEnabled,
        Self::TotpDisabled,
        Self::RecoveryCodesGenerated,
        Self::RecoveryCodeUsed,
        Self::RecoveryCodesRemoved,
        Self::SecondFactorGuessed,
        Self::SecondFactorFailed,
        Self::SecondFactorRemovedByAdmin,
        Self::PasskeyAdded,
        Self::PasskeyRemoved,
        Self::IdentityLinked,
        Self::IdentityUnlinked,
        Self::SessionBound,
        Self::CopiedCookieRefused,
    ];

    /// Whether a stored kind is one that only an administrator's command records.
    pub fn is_by_admin(kind: &str) -> bool {
        kind.ends_with("_by_admin")
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AccountCreated => "account_created",
            Self::SignedIn => "signed_in",
            Self::SignInFailed => "sign_in_failed",
            Self::SignedOut => "signed_out",
            Self::SessionRevoked => "session_revoked",
            Self::RefreshReuseDetected => "refresh_reuse_detected",
            Self::PasswordChanged => "password_changed",
            Self::SignInLocked => "sign_in_locked",
            Self::RefreshFromOtherClient => "refresh_from_other_client",
            Self::EmailVerified => "email_verified",
            Self::PasswordReset => "password_reset",
            Self::EmailChangeRequested => "email_change_requested",
            Self::EmailChanged => "email_changed",
            Self::EmailChangeUndone => "email_change_undone",
            Self::SessionReported => "session_reported",
            Self::LockedByAdmin => "locked_by_admin",
            Self::UnlockedByAdmin => "unlocked_by_admin",
            Self::SignedOutByAdmin => "signed_out_by_admin",
            Self::VerifiedByAdmin => "verified_by_admin",
            Self::LimitsClearedByAdmin => "limits_cleared_by_admin",
            Self::Reauthenticated => "reauthenticated",
            Self::TotpEnabled => "totp_enabled",
            Self::TotpDisabled => "totp_disabled",
            Self::RecoveryCodesGenerated => "recovery_codes_generated",
            Self::RecoveryCodeUsed => "recovery_code_used",
            Self::RecoveryCodesRemoved => "recovery_codes_removed",
            Self::SecondFactorGuessed => "second_factor_guessed",
            Self::SecondFactorFailed => "second_factor_failed",
            Self::SecondFactorRemovedByAdmin => "second_factor_removed_by_admin",
            Self::PasskeyAdded => "passkey_added",
            Self::PasskeyRemoved => "passkey_removed",
            Self::IdentityLinked => "identity_linked",
            Self::IdentityUnlinked => "identity_unlinked",
            Self::SessionBound => "session_bound",
            Self::CopiedCookieRefused => "copied_cookie_refused",
        }
    }
}

/// The user agent stored with events an administrator's command recorded
/// (`keycard users …`; their address is empty). For the record only: who
/// acted is told by the kind, as any client can send this user agent.
pub const ADMIN_AGENT: &str = "keycard-admin";

pub struct NewEvent<'a> {
    pub user_id: Option<&'a str>,
    pub session_id: Option<&'a str>,
    pub kind: EventKind,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EventRecord {
    pub kind: String,
    pub session_id: Option<String>,
    pub ip: String,
    pub user_agent: String,
    pub created_at: i64,
}

impl Store {
    pub async fn record_event(&self, event: NewEvent<'_>, now: i64) -> StoreResult<()> {
        self.conn().await?.on().insert_event(event, now).await?;
        Ok(())
    }

    pub async fn recent_events(&self, user_id: &str, limit: i64) -> StoreResult<Vec<EventRecord>> {
        Ok(with_pool!(self, pool => sqlx::query_as(
            "SELECT kind, session_id, ip, user_agent, created_at FROM security_events \
             WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(pool)
        .await)?)
    }

    /// Whether `kind` was recorded for the user's session since `since`
    /// (read through the user's index).
    pub async fn session_event_since(&self, user_id: &str, session_id: &str, kind: EventKind, since: i64) -> StoreResult<bool> {
        let (found,): (bool,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM security_events \
             WHERE user_id = $1 AND session_id = $2 AND kind = $3 AND created_at >= $4)",
        )
        .bind(user_id)
        .bind(session_id)
        .bind(kind.as_str())
        .bind(since)
        .fetch_one(pool)
        .await)?;
        Ok(found)
    }
}

impl Conn<'_> {
    pub async fn insert_event(&mut self, event: NewEvent<'_>, now: i64) -> StoreResult<u64> {
        Ok(with_conn!(self, c => sqlx::query(
            "INSERT INTO security_events (user_id, session_id, kind, ip, user_agent, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(event.user_id)
        .bind(event.session_id)
        .bind(event.kind.as_str())
        .bind(event.ip)
        .bind(event.user_agent)
        .bind(now)
        .execute(&mut **c)
        .await?
        .rows_affected()))
    }
}
