//! The account security centre: devices, password change, deletion, activity.
//! Every operation here is security-sensitive, so each takes an
//! [`ActiveSession`] ([`Auth::active_session`]): the session must be live in
//! the database, not only carry a valid access token.

use super::{ActiveSession, Auth};
use crate::{
    auth::{ActivityView, AuthError, DeviceView, InField, Password, Reason},
    i18n::{Arg, Lang, lang, t, text},
    server::{
        client::ClientInfo,
        passwords::Verdict,
        store::{Applied, EventKind, EventRecord, RevokeReason, SessionRecord, UserRecord, Write},
    },
};

const ACTIVITY_LIMIT: i64 = 50;

/// "Firefox on Linux": the browser and system without versions, which is
/// what tells one device from another for new-device alerts.
pub fn device_family(user_agent: &str) -> String {
    match woothee::parser::Parser::new().parse(user_agent) {
        Some(ua) => format!("{}/{}", ua.name, ua.os),
        None => user_agent.chars().take(64).collect(),
    }
}

/// "Firefox 128 on Linux", from a user agent, by woothee's maintained
/// rules, in `lang` (the names of browsers and systems stay as they are).
pub fn describe_device(user_agent: &str, lang: Lang) -> String {
    if user_agent.trim().is_empty() {
        return text(lang, "device-unknown", &[]);
    }
    let Some(ua) = woothee::parser::Parser::new().parse(user_agent) else {
        return text(lang, "browser-unknown", &[]);
    };
    let major = ua.version.split('.').next().filter(|v| !v.is_empty() && *v != "UNKNOWN");
    let browser = match major {
        Some(v) if ua.name != "UNKNOWN" => format!("{} {v}", ua.name),
        _ if ua.name != "UNKNOWN" => ua.name.to_string(),
        _ => text(lang, "browser-unknown", &[]),
    };
    if ua.os == "UNKNOWN" {
        browser
    } else {
        text(lang, "device-browser-on", &[("browser", Arg::Text(browser)), ("system", Arg::from(ua.os))])
    }
}

/// What the activity list says about an event of `kind` (its code), in the
/// page's language.
fn activity_label(kind: &str) -> String {
    let known = EventKind::ALL.iter().any(|k| k.as_str() == kind);
    t(&if known { format!("activity-{kind}") } else { "activity-unknown".to_owned() })
}

fn device_view(session: &SessionRecord, current: &str) -> DeviceView {
    DeviceView {
        session_id: session.id.clone(),
        device: describe_device(&session.user_agent, lang()),
        ip: session.ip.clone(),
        signed_in_at: session.created_at / 1000,
        last_active_at: session.last_used_at / 1000,
        this_device: session.id == current,
        bound: session.is_bound(),
    }
}

fn activity_view(event: EventRecord) -> ActivityView {
    ActivityView {
        label: activity_label(&event.kind),
        // By the kind, never by the user agent, which any client can set.
        device: if EventKind::is_by_admin(&event.kind) { t("activity-by-admin") } else { describe_device(&event.user_agent, lang()) },
        ip: event.ip,
        at: event.created_at / 1000,
        kind: event.kind,
    }
}

fn wrong_password(field: &str) -> AuthError {
    AuthError::because(Reason::WrongPassword).on(field)
}

impl Auth {
    /// Re-entering the password on a signed-in device counts against the
    /// same limits as signing in, so a session cannot be used to guess it.
    pub(super) async fn check_password(
        &self,
        user: &UserRecord,
        password: &Password,
        field: &str,
        client: &ClientInfo,
    ) -> Result<(), AuthError> {
        let charged = self.begin_password_attempt(&user.email, Some(user), client).await?;
        let verdict = self.passwords.verify(password, Some(&user.password_hash)).await;
        if !matches!(verdict, Ok(Verdict::Valid { .. })) {
            self.password_refused(&charged).await?;
            return Err(verdict.err().map_or_else(|| wrong_password(field), AuthError::from));
        }
        self.password_accepted(&charged).await
    }

    pub async fn devices(&self, active: &ActiveSession) -> Result<Vec<DeviceView>, AuthError> {
        let sessions = self.store.active_sessions(&active.user.id).await?;
        Ok(sessions.iter().filter(|s| self.is_live(s)).map(|s| device_view(s, &active.session.id)).collect())
    }

    pub async fn revoke_device(&self, active: &ActiveSession, session_id: &str, client: &ClientInfo) -> Result<(), AuthError> {
        let user = &active.user;
        // Only the user's own sessions; someone else's id looks like an unknown one.
        let target = self.store.session(session_id).await?.filter(|s| s.user_id == user.id && s.is_active());
        let Some(target) = target else {
            return Err(AuthError::because(Reason::NoSuchDevice).on("session_id"));
        };
        let reason = if target.id == active.session.id { RevokeReason::SignedOut } else { RevokeReason::RevokedByUser };
        if self.store.revoke_session(&target.id, reason, self.clock.now_ms()).await? {
            self.record(Some(&user.id), Some(&target.id), EventKind::SessionRevoked, client).await;
        }
        Ok(())
    }

    pub async fn revoke_other_devices(&self, active: &ActiveSession, client: &ClientInfo) -> Result<u64, AuthError> {
        let (user, this) = (&active.user, &active.session.id);
        let count = self.store.revoke_user_sessions(&user.id, Some(this), RevokeReason::RevokedByUser, self.clock.now_ms()).await?;
        if count > 0 {
            self.record(Some(&user.id), Some(this), EventKind::SessionRevoked, client).await;
        }
        Ok(count)
    }

    pub async fn change_password(
        &self,
        active: &ActiveSession,
        current: Password,
        new: Password,
        client: &ClientInfo,
    ) -> Result<(), AuthError> {
        self.require_recent(active)?;
        let (user, this) = (&active.user, &active.session.id);
        self.passwords.check_strength(&new, &user.email).await?.in_field("new_password")?;
        self.check_password(user, &current, "current_password", client).await?;
        let hash = self.passwords.hash(&new).await?;
        // Only over the password just checked: a concurrent change wins once.
        let writes = [
            Write::SetPassword { user_id: user.id.clone(), verified_version: user.credential_version, hash },
            Write::RevokeSessions { user_id: user.id.clone(), keep: Some(this.clone()), reason: RevokeReason::PasswordChanged },
            Write::RevokeLinks { user_id: user.id.clone(), purpose: None },
            self.event(&user.id, Some(this), EventKind::PasswordChanged, client),
            self.password_changed_alert(user, client),
        ];
        if self.commit(&writes).await? == Applied::Stale {
            return Err(AuthError::because(Reason::PasswordChanged).on("current_password"));
        }
        Ok(())
    }

    pub async fn delete_account(&self, active: &ActiveSession, password: Password, client: &ClientInfo) -> Result<(), AuthError> {
        self.require_recent(active)?;
        let user = &active.user;
        self.check_password(user, &password, "password", client).await?;
        self.store.delete_user(&user.id).await?;
        tracing::info!(user = %user.id, "account deleted");
        Ok(())
    }

    /// Whose account a browser is signed in to, for a choice that needs no
    /// more (its language): the access token's user, else the user of the
    /// live session its refresh cookie names (read, not rotated; not a
    /// session bound to a key, whose cookie alone proves nothing).
    pub async fn signed_in_user(&self, credentials: &super::Credentials) -> Option<String> {
        if let Ok(claims) = self.authenticate(credentials.access.as_ref()).await {
            return Some(claims.sub);
        }
        let token = credentials.refresh.as_ref()?;
        let session = self.store.session_by_refresh_hash(&token.hash()).await.ok()??;
        (session.is_live(self.clock.now_ms(), &self.policy.session) && !session.is_bound()).then_some(session.user_id)
    }

    /// The language the account's pages and mails are in, as its owner
    /// picked it (not sensitive: no recent sign-in needed).
    pub async fn set_language(&self, user_id: &str, language: crate::i18n::Lang) -> Result<(), AuthError> {
        self.commit(&[Write::SetLanguage { user_id: user_id.to_owned(), language }]).await?;
        Ok(())
    }

    pub async fn activity(&self, active: &ActiveSession) -> Result<Vec<ActivityView>, AuthError> {
        let events = self.store.recent_events(&active.user.id, ACTIVITY_LIMIT).await?;
        Ok(events.into_iter().map(activity_view).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_described_from_the_user_agent() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(describe_device(firefox, Lang::En), "Firefox 128 on Linux");
        assert_eq!(describe_device(firefox, Lang::De), "Firefox 128 unter Linux");
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        assert_eq!(describe_device(chrome, Lang::En), "Chrome 120 on Windows 10");
        assert_eq!(describe_device("", Lang::En), "Unknown device");
        assert_eq!(describe_device("zz-not-a-browser", Lang::En), "Unknown browser");
        assert_eq!(describe_device("", Lang::Fr), "Appareil inconnu");
    }
}
