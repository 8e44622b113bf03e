//! Re-authentication before sensitive changes (docs/security.md, "Two-step sign-in and confirming it's you").
//!
//! Changing the password, the address or the second factor, adding or
//! removing a passkey and deleting the account need the session's user to
//! have proven who they are within `KEYCARD_REAUTH_WINDOW`: at sign-in, or
//! since, by confirming the password here or with a passkey. Otherwise the change answers 401
//! `reauth_required` before it reads anything else of the request, so a
//! stolen session alone cannot take the account over.

use super::{ActiveSession, Auth};
use crate::{
    auth::{AuthError, Password},
    server::{client::ClientInfo, jwt::Authenticated, store::EventKind},
};

/// `amr` after the user of a session proved `method` again: every method
/// proven in the session, once each. `mfa` is never added here: only a
/// sign-in that checked two factors together claims it.
pub fn merge_amr(existing: &str, method: &str) -> String {
    let mut methods: Vec<&str> = existing.split(',').filter(|m| !m.is_empty()).collect();
    if !methods.contains(&method) {
        methods.push(method);
    }
    methods.join(",")
}

/// A fresh access token for a session whose user just re-authenticated.
pub struct Renewed {
    pub access_token: String,
    pub access_expires_at: i64,
    pub access_max_age: std::time::Duration,
}

impl Auth {
    /// Refuses a sensitive change of a session whose authentication is older
    /// than the window.
    pub fn require_recent(&self, active: &ActiveSession) -> Result<(), AuthError> {
        let window = self.policy.reauth_window.as_millis() as i64;
        if self.clock.now_ms() - active.session.auth_time > window {
            return Err(AuthError::reauth_required());
        }
        Ok(())
    }

    /// Confirms the password of the signed-in user (counted against the
    /// sign-in limits, like every password check) and renews the session's
    /// authentication time; the access token is re-issued to carry it.
    pub async fn reauthenticate(&self, active: &ActiveSession, password: Password, client: &ClientInfo) -> Result<Renewed, AuthError> {
        self.check_password(&active.user, &password, "password", client).await?;
        self.renew_authentication(active, super::AuthMethod::Password.amr(), client).await
    }

    /// Renews the authentication time of a session whose user just proved
    /// `method` (an RFC 8176 value) again, and re-issues its access token.
    pub(super) async fn renew_authentication(&self, active: &ActiveSession, method: &str, client: &ClientInfo) -> Result<Renewed, AuthError> {
        let now = self.clock.now_ms();
        let amr = merge_amr(&active.session.amr, method);
        if !self.store.reauthenticated(&active.session.id, &amr, now).await? {
            return Err(AuthError::unauthorized());
        }
        self.record(Some(&active.user.id), Some(&active.session.id), EventKind::Reauthenticated, client).await;
        let authenticated = Authenticated { at_secs: now / 1000, amr: &amr, bound_to: active.session.confirmation() };
        let (access_token, access_expires_at, access_max_age) =
            self.sign_access(&active.user.id, &active.session.id, active.session.created_at, authenticated, now)?;
        Ok(Renewed { access_token, access_expires_at, access_max_age })
    }
}

#[cfg(test)]
mod tests {
    use super::merge_amr;

    #[test]
    fn methods_are_merged_once_and_mfa_is_never_inferred() {
        assert_eq!(merge_amr("", "pwd"), "pwd");
        assert_eq!(merge_amr("pwd", "pwd"), "pwd");
        assert_eq!(merge_amr("otp", "pwd"), "otp,pwd");
        assert_eq!(merge_amr("pwd,otp,mfa", "pwd"), "pwd,otp,mfa");
    }
}
