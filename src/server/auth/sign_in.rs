//! Password sign-in, and opening the session every way of signing in ends
//! in (registration lives with the mail flows, in `email.rs`).

use std::time::Duration;

use super::{
    Auth, FirstFactor, Issued, SignInOutcome,
    email::Browser,
    new_id,
    outcome::{AuthMethod, bad_credentials, refuse_if_locked},
};
use crate::{
    auth::{AuthError, Email, ErrorCode, Password, Reason},
    server::{
        client::ClientInfo,
        metrics,
        passwords::Verdict,
        jwt::Authenticated,
        store::{EventKind, NewSession, UserRecord},
    },
};

impl Auth {
    /// Time left before a session expires, idle or absolute, whichever is first.
    pub(super) fn refresh_max_age(&self, session_created_at: i64, last_used_at: i64, now: i64) -> Duration {
        self.policy.session.remaining(session_created_at, last_used_at, now)
    }

    /// Signs an access token for the session `session_id` of `user_id`,
    /// opened at `session_created_at`: it never outlives the session's
    /// absolute lifetime, and carries how and when its user authenticated.
    /// Returns the token, its `exp` (unix seconds) and how long it lives
    /// from `now`.
    pub(super) fn sign_access(
        &self,
        user_id: &str,
        session_id: &str,
        session_created_at: i64,
        authenticated: Authenticated<'_>,
        now: i64,
    ) -> Result<(String, i64, Duration), AuthError> {
        let session_end = (session_created_at + self.policy.session.session_max_age.as_millis() as i64) / 1000;
        let (token, exp) = self.keys.sign(user_id, session_id, now / 1000, session_end, authenticated)?;
        Ok((token, exp, Duration::from_secs((exp - now / 1000).max(0) as u64)))
    }

    /// Starts a session for a user whose identity is already established
    /// (registration, a checked password; the benchmarks seed sessions with it).
    /// The session is opened only for the credential version in `user`: if
    /// the password changed (or the account went) since it was verified,
    /// nothing is opened.
    pub async fn open_session(&self, user: UserRecord, client: &ClientInfo) -> Result<Issued, AuthError> {
        self.open_session_on(user, client, AuthMethod::Password, None, None).await
    }

    /// [`Auth::open_session`] for the browser whose device cookie has id
    /// `device_id` (remembered by the session); `new_cookie` is set on the
    /// answer when the cookie was just minted.
    async fn open_session_on(
        &self,
        user: UserRecord,
        client: &ClientInfo,
        method: AuthMethod,
        device_id: Option<String>,
        new_cookie: Option<String>,
    ) -> Result<Issued, AuthError> {
        let now = self.clock.now_ms();
        let session_id = new_id();
        let (refresh_token, nonce) = self.refresh_key.mint();
        let opened = self
            .store
            .insert_session(
                NewSession {
                    id: &session_id,
                    user_id: &user.id,
                    user_agent: &client.user_agent,
                    ip: &client.ip,
                    refresh_hash: &refresh_token.hash(),
                    refresh_nonce: &nonce,
                    credential_version: user.credential_version,
                    device_id: device_id.as_deref(),
                    amr: method.amr(),
                },
                now,
            )
            .await?;
        if !opened {
            tracing::info!(user = %user.id, "sign-in raced a password change or deletion; no session opened");
            return Err(bad_credentials());
        }
        let authenticated = Authenticated { at_secs: now / 1000, amr: method.amr(), bound_to: None };
        let (access_token, access_expires_at, access_max_age) =
            self.sign_access(&user.id, &session_id, now, authenticated, now)?;
        let bind_challenge = self.offer_binding(&session_id, now).await?;
        Ok(Issued {
            access_max_age,
            device_cookie: new_cookie,
            bound: false,
            bind_challenge,
            refresh_max_age: self.refresh_max_age(now, now, now),
            session_created_at: now,
            user,
            session_id,
            access_token,
            access_expires_at,
            refresh_token,
        })
    }

    /// Signs in this browser for a user whose identity a link just proved
    /// (verification, reset): a new device cookie, a session, the event.
    /// A link proves the mailbox, not a second factor: an account with one
    /// gets the second step instead, as after a password.
    pub(super) async fn sign_in_browser(&self, user: UserRecord, client: &ClientInfo) -> Result<SignInOutcome, AuthError> {
        refuse_if_locked(&user)?;
        if self.store.has_second_factor(&user.id).await? {
            return Ok(SignInOutcome::SecondFactor(self.begin_second_step(&user, None, FirstFactor::MailedLink).await?));
        }
        Ok(SignInOutcome::SignedIn(self.sign_in_new_browser(user, client, AuthMethod::MailedLink).await?))
    }

    /// Opens a session on a browser that gets its device cookie now, with
    /// the event and without a new-device alert: the first session of an
    /// account, or one a link opens (the owner just used their inbox).
    pub(super) async fn sign_in_new_browser(&self, user: UserRecord, client: &ClientInfo, method: AuthMethod) -> Result<Issued, AuthError> {
        let device = self.device_key.mint(&user);
        let issued = self.open_session_on(user, client, method, Some(device.id), Some(device.value)).await?;
        self.record(Some(&issued.user.id), Some(&issued.session_id), EventKind::SignedIn, client).await;
        Ok(issued)
    }

    /// Unknown e-mail and wrong password take the same path through argon2
    /// and end in the same error, so neither the answer nor its timing tells
    /// whether an account exists.
    pub async fn login(&self, email: &Email, password: Password, client: &ClientInfo) -> Result<SignInOutcome, AuthError> {
        let result = self.check_and_open(email, password, client).await;
        metrics::sign_in(match &result {
            Ok(SignInOutcome::SignedIn(_)) => "success",
            Ok(SignInOutcome::SecondFactor(_)) => "second_factor",
            Err(e) => match e.code {
                ErrorCode::Unauthorized => "bad_credentials",
                ErrorCode::RateLimited => "rate_limited",
                ErrorCode::Forbidden if e.reason == Some(Reason::AccountLocked) => "locked",
                ErrorCode::Forbidden if e.reason == Some(Reason::SecondStepBlocked) => "second_step_blocked",
                ErrorCode::Unavailable => "busy",
                _ => "error",
            },
        });
        result
    }

    async fn check_and_open(&self, email: &Email, password: Password, client: &ClientInfo) -> Result<SignInOutcome, AuthError> {
        let user = self.store.user_by_email(email.as_str()).await?;
        let charged = self.begin_password_attempt(email, user.as_ref(), client).await?;
        let verdict = match self.passwords.verify(&password, user.as_ref().map(|u| u.password_hash.as_str())).await {
            Ok(verdict) => verdict,
            Err(e) => {
                self.password_refused(&charged).await?;
                return Err(e.into());
            }
        };
        let (user, needs_rehash) = match (user, verdict) {
            (Some(user), Verdict::Valid { needs_rehash }) => (user, needs_rehash),
            (user, _) => {
                self.password_refused(&charged).await?;
                self.record(user.as_ref().map(|u| u.id.as_str()), None, EventKind::SignInFailed, client).await;
                return Err(bad_credentials());
            }
        };
        // An unconfirmed account answers as a wrong password does (and its
        // budget keeps the attempt): whoever registered an address is not
        // told whether it had an account already. The link goes again, to
        // the inbox that can confirm it.
        if user.email_verified_at.is_none() {
            self.password_refused(&charged).await?;
            self.resend_verification_after_answer(email, client);
            return Err(bad_credentials());
        }
        self.password_accepted(&charged).await?;
        refuse_if_locked(&user)?;
        if needs_rehash {
            let hash = self.passwords.hash(&password).await?;
            self.store.replace_password_hash(&user.id, &user.password_hash, &hash, self.clock.now_ms()).await?;
        }
        if self.store.has_second_factor(&user.id).await? {
            self.refuse_if_guessed(&user).await?;
            return Ok(SignInOutcome::SecondFactor(self.begin_second_step(&user, charged.device, FirstFactor::Password).await?));
        }
        Ok(SignInOutcome::SignedIn(self.finish_sign_in(user, charged.device, client, AuthMethod::Password).await?))
    }

    /// Opens the session of a sign-in whose every factor was checked, on
    /// the browser whose device cookie of the account has id `device` (if
    /// it has one: otherwise the browser gets one now); records it, starts
    /// the count of wrong second-step codes afresh, and alerts the user if
    /// the browser is new, or one a "this wasn't me" report named (such a
    /// browser keeps its cookie, and so stays distrusted).
    pub(super) async fn finish_sign_in(
        &self,
        user: UserRecord,
        device: Option<String>,
        client: &ClientInfo,
        method: AuthMethod,
    ) -> Result<Issued, AuthError> {
        let (device_id, new_cookie, browser) = match device {
            Some(id) if self.store.device_distrusted(&id).await? => (id, None, Browser::Distrusted),
            Some(id) => (id, None, Browser::Known),
            None => {
                let minted = self.device_key.mint(&user);
                (minted.id, Some(minted.value), Browser::New)
            }
        };
        let issued = self.open_session_on(user, client, method, Some(device_id), new_cookie).await?;
        self.record(Some(&issued.user.id), Some(&issued.session_id), EventKind::SignedIn, client).await;
        self.store.second_factor_succeeded(&issued.user.id).await?;
        if let Err(e) = self.alert_if_new_device(&issued, client, browser).await {
            // The sign-in stands; only its alert is lost, and said so.
            tracing::warn!(error = %e, "could not queue the new-device alert");
        }
        Ok(issued)
    }
}
