//! The account security centre: devices, password change, deletion, activity.
//! Every operation here is security-sensitive, so each starts with
//! [`AppState::authenticate_active`]: the session must be active in the
//! database, not only carry a valid access token.

use super::{
    passwords::Verdict,
    sessions::ClientInfo,
    state::AppState,
    store::{EventKind, EventRecord, SessionRecord, UserRecord},
};
use crate::auth::{ActivityView, AuthError, DeviceView, Email, ErrorCode, Password};

const ACTIVITY_LIMIT: i64 = 50;

/// "Firefox 128 on Linux", from a user agent, by woothee's maintained rules.
pub fn describe_device(user_agent: &str) -> String {
    if user_agent.trim().is_empty() {
        return "Unknown device".into();
    }
    let Some(ua) = woothee::parser::Parser::new().parse(user_agent) else {
        return "Unknown browser".into();
    };
    let major = ua.version.split('.').next().filter(|v| !v.is_empty() && *v != "UNKNOWN");
    let browser = match major {
        Some(v) if ua.name != "UNKNOWN" => format!("{} {v}", ua.name),
        _ if ua.name != "UNKNOWN" => ua.name.to_string(),
        _ => "Unknown browser".into(),
    };
    if ua.os == "UNKNOWN" { browser } else { format!("{browser} on {}", ua.os) }
}

fn activity_label(kind: &str) -> &'static str {
    match kind {
        "account_created" => "Account created",
        "signed_in" => "Signed in",
        "sign_in_failed" => "Failed sign-in attempt",
        "signed_out" => "Signed out",
        "session_revoked" => "Device signed out",
        "refresh_reuse_detected" => "Reuse of an old sign-in token detected; that session was ended",
        "password_changed" => "Password changed",
        "sign_in_locked" => "Sign-in from new devices paused after repeated failed attempts; your signed-in browsers still work",
        "refresh_from_other_client" => "A just-replaced sign-in token was used from another address or browser",
        _ => "Security event",
    }
}

fn device_view(session: &SessionRecord, current: &str) -> DeviceView {
    DeviceView {
        session_id: session.id.clone(),
        device: describe_device(&session.user_agent),
        ip: session.ip.clone(),
        signed_in_at: session.created_at / 1000,
        last_active_at: session.last_used_at / 1000,
        this_device: session.id == current,
    }
}

fn activity_view(event: EventRecord) -> ActivityView {
    ActivityView {
        label: activity_label(&event.kind).into(),
        device: describe_device(&event.user_agent),
        ip: event.ip,
        at: event.created_at / 1000,
        kind: event.kind,
    }
}

fn wrong_password(field: &str) -> AuthError {
    AuthError { field: Some(field.into()), ..AuthError::new(ErrorCode::Forbidden, "That password is not correct.") }
}

impl AppState {
    /// Re-entering the password on a signed-in device counts against the
    /// same limits as signing in, so a session cannot be used to guess it.
    async fn check_password(
        &self,
        user: &UserRecord,
        email: &Email,
        password: &Password,
        field: &str,
        client: &ClientInfo,
    ) -> Result<(), AuthError> {
        let charged = self.begin_password_attempt(email, Some(user), client).await?;
        if self.passwords.verify(password, Some(&user.password_hash)).await? == Verdict::Invalid {
            return Err(wrong_password(field));
        }
        self.password_accepted(&charged).await
    }

    pub async fn devices(&self, access: Option<&str>) -> Result<Vec<DeviceView>, AuthError> {
        let (claims, _, user) = self.authenticate_active(access).await?;
        let now = self.clock.now_ms();
        let sessions = self.store.active_sessions(&user.id).await?;
        Ok(sessions
            .iter()
            .filter(|s| self.session_is_live(s, now))
            .map(|s| device_view(s, &claims.sid))
            .collect())
    }

    pub async fn revoke_device(&self, access: Option<&str>, session_id: &str, client: &ClientInfo) -> Result<(), AuthError> {
        let (claims, _, user) = self.authenticate_active(access).await?;
        // Only the user's own sessions; someone else's id looks like an unknown one.
        let target = self.store.session(session_id).await?.filter(|s| s.user_id == user.id && s.is_active());
        let Some(target) = target else {
            return Err(AuthError::invalid("session_id", "There is no such signed-in device."));
        };
        let reason = if target.id == claims.sid { "signed_out" } else { "revoked_by_user" };
        if self.store.revoke_session(&target.id, reason, self.clock.now_ms()).await? {
            self.record(Some(&user.id), Some(&target.id), EventKind::SessionRevoked, client).await;
        }
        Ok(())
    }

    pub async fn revoke_other_devices(&self, access: Option<&str>, client: &ClientInfo) -> Result<u64, AuthError> {
        let (claims, _, user) = self.authenticate_active(access).await?;
        let count =
            self.store.revoke_user_sessions(&user.id, Some(&claims.sid), "revoked_by_user", self.clock.now_ms()).await?;
        if count > 0 {
            self.record(Some(&user.id), Some(&claims.sid), EventKind::SessionRevoked, client).await;
        }
        Ok(count)
    }

    pub async fn change_password(
        &self,
        access: Option<&str>,
        current: String,
        new: String,
        client: &ClientInfo,
    ) -> Result<(), AuthError> {
        let (claims, _, user) = self.authenticate_active(access).await?;
        let current = Password::for_verification(current).map_err(|m| AuthError::invalid("current_password", m))?;
        let new = Password::parse(new).map_err(|m| AuthError::invalid("new_password", m))?;
        let email = Email::parse(&user.email).map_err(super::error::internal)?;
        self.passwords.check_strength(&new, &email).await?.map_err(|m| AuthError::invalid("new_password", m))?;
        self.check_password(&user, &email, &current, "current_password", client).await?;
        let hash = self.passwords.hash(&new).await?;
        let now = self.clock.now_ms();
        // Only over the password just checked: a concurrent change wins once.
        if !self.store.set_password_hash(&user.id, user.credential_version, &hash, now).await? {
            return Err(AuthError {
                field: Some("current_password".into()),
                ..AuthError::new(ErrorCode::Forbidden, "Your password was changed meanwhile. Sign in again with the new one.")
            });
        }
        self.store.revoke_user_sessions(&user.id, Some(&claims.sid), "password_changed", now).await?;
        self.record(Some(&user.id), Some(&claims.sid), EventKind::PasswordChanged, client).await;
        Ok(())
    }

    pub async fn delete_account(&self, access: Option<&str>, password: String, client: &ClientInfo) -> Result<(), AuthError> {
        let (_, _, user) = self.authenticate_active(access).await?;
        let password = Password::for_verification(password).map_err(|m| AuthError::invalid("password", m))?;
        let email = Email::parse(&user.email).map_err(super::error::internal)?;
        self.check_password(&user, &email, &password, "password", client).await?;
        self.store.delete_user(&user.id).await?;
        tracing::info!(user = %user.id, "account deleted");
        Ok(())
    }

    pub async fn activity(&self, access: Option<&str>) -> Result<Vec<ActivityView>, AuthError> {
        let (_, _, user) = self.authenticate_active(access).await?;
        let events = self.store.recent_events(&user.id, ACTIVITY_LIMIT).await?;
        Ok(events.into_iter().map(activity_view).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_described_from_the_user_agent() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(describe_device(firefox), "Firefox 128 on Linux");
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        assert_eq!(describe_device(chrome), "Chrome 120 on Windows 10");
        assert_eq!(describe_device(""), "Unknown device");
        assert_eq!(describe_device("zz-not-a-browser"), "Unknown browser");
    }
}
