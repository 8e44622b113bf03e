//! Accounts and sessions: register, sign in, refresh-token rotation with reuse
//! detection, sign out, and authenticating a request.
//!
//! Rotation follows SPEC §4 in order:
//! 1. the current token of an active, unexpired session rotates;
//! 2. a token rotated away less than `KEYCARD_REFRESH_GRACE` ago (a concurrent
//!    request of the same client) is answered with the session's *current*
//!    token, re-derived from its nonce, so every racer ends up holding the same
//!    valid token and nothing is revoked;
//!    The same within the grace from another client (address or user agent)
//!    is answered too, and recorded as an event;
//! 3. the previous token after the grace, while the current one has never
//!    been used, from the browser that opened the session (its device
//!    cookie): the answer that carried the current token was lost (the
//!    browser aborted a page load after the rotation committed). The session
//!    rotates from the previous token instead of being revoked. From anyone
//!    else, a stolen token is indistinguishable from a late one: case 4;
//! 4. any other old token of the session is a replay: the session is revoked;
//! 5. anything else is simply not signed in.
//!
//! Every time here is the database's ([`super::clock::Clock`]), so instances
//! whose clocks disagree agree on grace windows and expiry.

use std::time::Duration;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::{
    keys::{Claims, TokenRejection},
    passwords::Verdict,
    secret::Secret,
    state::AppState,
    store::{EventKind, NewEvent, NewSession, SessionRecord, StoreError, UserRecord},
};
use crate::auth::{AuthError, Email, ErrorCode, Password, UserView};

/// Who is asking: recorded on sessions and security events.
#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: String,
    /// The device cookie the request carried, unchecked (see `server::throttle`).
    pub device: Option<String>,
}

/// The key refresh tokens are derived with (from the master secret).
pub struct RefreshKey([u8; 32]);

impl RefreshKey {
    pub fn new(secret: &Secret) -> Self {
        Self(secret.derive("refresh tokens"))
    }

    /// token = base64url(HMAC-SHA256(key, nonce)). The database stores the
    /// nonce and the token's hash; without the secret neither yields a token.
    fn token_for(&self, nonce: &[u8]) -> RefreshToken {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(nonce);
        RefreshToken(URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
    }

    /// A fresh token from 256 random bits.
    fn mint(&self) -> (RefreshToken, [u8; 32]) {
        let mut nonce = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        (self.token_for(&nonce), nonce)
    }
}

/// An opaque refresh token. Not `Debug`, so it cannot be logged.
pub struct RefreshToken(String);

impl RefreshToken {
    /// Accepts only the shape we issue (43 base64url characters), so garbage
    /// never reaches the database.
    pub fn parse(raw: &str) -> Option<Self> {
        (raw.len() == 43 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            .then(|| Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    fn hash(&self) -> [u8; 32] {
        Sha256::digest(self.0.as_bytes()).into()
    }
}

/// Tokens handed to a client that signed in or refreshed.
pub struct Issued {
    pub user: UserRecord,
    pub session_id: String,
    pub session_created_at: i64,
    pub access_token: String,
    /// Unix seconds.
    pub access_expires_at: i64,
    /// How long the access token lives from now: the access TTL, or less
    /// near the end of the session's absolute lifetime.
    pub access_max_age: Duration,
    pub refresh_token: RefreshToken,
    pub refresh_max_age: Duration,
    /// A new device cookie, when this sign-in makes the browser trusted.
    pub device_cookie: Option<String>,
}

impl Issued {
    pub fn user_view(&self) -> UserView {
        user_view(&self.user)
    }
}

pub fn user_view(user: &UserRecord) -> UserView {
    UserView { id: user.id.clone(), email: user.email.clone(), created_at: user.created_at / 1000 }
}

fn bad_credentials() -> AuthError {
    AuthError::new(ErrorCode::Unauthorized, "That e-mail and password don't match an account.")
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl AppState {
    pub(crate) async fn record(&self, user_id: Option<&str>, session_id: Option<&str>, kind: EventKind, client: &ClientInfo) {
        let event = NewEvent { user_id, session_id, kind, ip: &client.ip, user_agent: &client.user_agent };
        if let Err(e) = self.store.record_event(event, self.clock.now_ms()).await {
            // The action itself succeeded; losing its log line is not worth failing it.
            tracing::warn!(error = %e, kind = kind.as_str(), "could not record a security event");
        }
    }

    /// Time left before the session expires, idle or absolute, whichever is first.
    fn refresh_max_age(&self, session_created_at: i64, last_used_at: i64, now: i64) -> Duration {
        let idle_end = last_used_at + self.config.refresh_ttl.as_millis() as i64;
        let absolute_end = session_created_at + self.config.session_max_age.as_millis() as i64;
        Duration::from_millis(idle_end.min(absolute_end).saturating_sub(now).max(0) as u64)
    }

    /// Signs an access token for a session opened at `session_created_at`:
    /// it never outlives the session's absolute lifetime. Returns the token,
    /// its `exp` (unix seconds) and how long it lives from `now`.
    fn sign_access(
        &self,
        user_id: &str,
        session_id: &str,
        session_created_at: i64,
        now: i64,
    ) -> Result<(String, i64, Duration), AuthError> {
        let session_end = (session_created_at + self.config.session_max_age.as_millis() as i64) / 1000;
        let (token, exp) = self.keys.sign(user_id, session_id, now / 1000, session_end)?;
        Ok((token, exp, Duration::from_secs((exp - now / 1000).max(0) as u64)))
    }

    /// Starts a session for a user whose identity is already established
    /// (registration, a checked password; the benchmarks seed sessions with it).
    /// The session is opened only for the credential version in `user`: if
    /// the password changed (or the account went) since it was verified,
    /// nothing is opened.
    pub async fn open_session(&self, user: UserRecord, client: &ClientInfo) -> Result<Issued, AuthError> {
        self.open_session_on(user, client, None, None).await
    }

    /// [`AppState::open_session`] for the browser whose device cookie has id
    /// `device_id` (remembered by the session); `new_cookie` is set on the
    /// answer when the cookie was just minted.
    async fn open_session_on(
        &self,
        user: UserRecord,
        client: &ClientInfo,
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
                },
                now,
            )
            .await?;
        if !opened {
            tracing::info!(user = %user.id, "sign-in raced a password change or deletion; no session opened");
            return Err(bad_credentials());
        }
        let (access_token, access_expires_at, access_max_age) = self.sign_access(&user.id, &session_id, now, now)?;
        Ok(Issued {
            access_max_age,
            device_cookie: new_cookie,
            refresh_max_age: self.refresh_max_age(now, now, now),
            session_created_at: now,
            user,
            session_id,
            access_token,
            access_expires_at,
            refresh_token,
        })
    }

    pub async fn register(&self, email: &str, password: String, client: &ClientInfo) -> Result<Issued, AuthError> {
        let email = Email::parse(email).map_err(|m| AuthError::invalid("email", m))?;
        let password = Password::parse(password).map_err(|m| AuthError::invalid("password", m))?;
        self.admit_registration(client).await?;
        self.passwords.check_strength(&password, &email).await?.map_err(|m| AuthError::invalid("password", m))?;
        let hash = self.passwords.hash(&password).await?;
        let now = self.clock.now_ms();
        let id = new_id();
        match self.store.insert_user(&id, email.as_str(), &hash, now).await {
            Ok(()) => {}
            Err(StoreError::Conflict) => {
                return Err(AuthError {
                    field: Some("email".into()),
                    ..AuthError::new(ErrorCode::EmailTaken, "An account with this e-mail already exists. Sign in instead?")
                });
            }
            Err(e) => return Err(e.into()),
        }
        let user = UserRecord { id, email: email.as_str().into(), password_hash: hash, created_at: now, credential_version: 0 };
        self.registration_done().await?;
        self.record(Some(&user.id), None, EventKind::AccountCreated, client).await;
        let device = self.device_key.mint(&user);
        let issued = self.open_session_on(user, client, Some(device.id), Some(device.value)).await?;
        self.record(Some(&issued.user.id), Some(&issued.session_id), EventKind::SignedIn, client).await;
        Ok(issued)
    }

    /// Unknown e-mail and wrong password take the same path through argon2
    /// and end in the same error, so neither the answer nor its timing tells
    /// whether an account exists.
    pub async fn login(&self, email: &str, password: String, client: &ClientInfo) -> Result<Issued, AuthError> {
        let email = Email::parse(email).map_err(|m| AuthError::invalid("email", m))?;
        let password = Password::for_verification(password).map_err(|m| AuthError::invalid("password", m))?;
        let user = self.store.user_by_email(email.as_str()).await?;
        let charged = self.begin_password_attempt(&email, user.as_ref(), client).await?;
        let verdict = self.passwords.verify(&password, user.as_ref().map(|u| u.password_hash.as_str())).await?;
        let (user, needs_rehash) = match (user, verdict) {
            (Some(user), Verdict::Valid { needs_rehash }) => (user, needs_rehash),
            (user, _) => {
                self.record(user.as_ref().map(|u| u.id.as_str()), None, EventKind::SignInFailed, client).await;
                return Err(bad_credentials());
            }
        };
        self.password_accepted(&charged).await?;
        if needs_rehash {
            let hash = self.passwords.hash(&password).await?;
            self.store.replace_password_hash(&user.id, &user.password_hash, &hash, self.clock.now_ms()).await?;
        }
        // A browser that is not trusted yet for this account becomes so.
        let (device_id, new_cookie) = match charged.device {
            Some(id) => (id, None),
            None => {
                let minted = self.device_key.mint(&user);
                (minted.id, Some(minted.value))
            }
        };
        let issued = self.open_session_on(user, client, Some(device_id), new_cookie).await?;
        self.record(Some(&issued.user.id), Some(&issued.session_id), EventKind::SignedIn, client).await;
        Ok(issued)
    }

    /// Rotates a refresh token (see the module documentation for the cases).
    pub async fn refresh(&self, presented: Option<&str>, client: &ClientInfo) -> Result<Issued, AuthError> {
        let token = presented.and_then(RefreshToken::parse).ok_or_else(AuthError::unauthorized)?;
        let hash = token.hash();
        // A recovery that lost to a concurrent recovery of the same lost
        // answer (two tabs restored at once) looks once more: it then finds
        // the token within the grace window of the winner's rotation.
        for _ in 0..2 {
            if let Some(issued) = self.refresh_once(hash, client).await? {
                return Ok(issued);
            }
        }
        Err(AuthError::unauthorized())
    }

    /// One pass of [`AppState::refresh`]; `None` when a recovery lost its race.
    async fn refresh_once(&self, hash: [u8; 32], client: &ClientInfo) -> Result<Option<Issued>, AuthError> {
        let now = self.clock.now_ms();

        if let Some((session, user)) = self.store.session_and_user_by_refresh_hash(&hash).await? {
            if !self.session_is_live(&session, now) {
                return Err(AuthError::unauthorized());
            }
            // Everything that can fail happens before the rotation commits:
            // once it has, the client must get the new token, or its retry
            // with the old one would later look like reuse.
            let (next, nonce) = self.refresh_key.mint();
            let issued = self.issue(session, user, next, now, now)?;
            if self.store.rotate_refresh(&issued.session_id, &hash, &issued.refresh_token.hash(), &nonce, now).await? {
                return Ok(Some(issued));
            }
            // Another request rotated this token a moment ago: fall through to
            // the history, where it now is.
        }

        // The history row and its session, read in one statement: a third
        // rotation landing between two reads cannot make a racer look like
        // a replay.
        let Some(hit) = self.store.refresh_history(&hash).await? else {
            return Err(AuthError::unauthorized());
        };
        let (session, user) = (hit.session, hit.user);
        if !self.session_is_live(&session, now) {
            return Err(AuthError::unauthorized());
        }
        // Only the token the current one replaced (the history row stamped
        // with the session's latest rotation): the current one has not been
        // used since.
        let previous = hit.superseded_at == session.rotated_at;
        if previous && now - hit.superseded_at <= self.config.refresh_grace.as_millis() as i64 {
            if client.ip != session.ip || client.user_agent != session.user_agent {
                tracing::info!(session = %session.id, "previous refresh token used within grace from another client");
                self.record(Some(&session.user_id), Some(&session.id), EventKind::RefreshFromOtherClient, client).await;
            }
            let current = self.refresh_key.token_for(&session.refresh_nonce);
            let last_used = session.last_used_at;
            return self.issue(session, user, current, last_used, now).map(Some);
        }
        let same_browser = session.device_id.is_some()
            && client.device.as_deref().and_then(|c| self.device_key.check(c, &user)) == session.device_id;
        if previous && same_browser {
            // The answer that carried the current token never arrived: go on
            // from the previous one, which becomes the previous token of the
            // new rotation too (so a second tab presenting it just after
            // gets the grace path). If the current one is used meanwhile,
            // this swap loses.
            let current_hash = self.refresh_key.token_for(&session.refresh_nonce).hash();
            let (next, nonce) = self.refresh_key.mint();
            let issued = self.issue(session.clone(), user, next, now, now)?;
            let next_hash = issued.refresh_token.hash();
            if self.store.recover_refresh(&session.id, &current_hash, &hash, &next_hash, &nonce, now).await? {
                tracing::info!(session = %session.id, "lost refresh answer recovered from the previous token");
                return Ok(Some(issued));
            }
            return Ok(None);
        }

        self.store.revoke_session(&session.id, "refresh_reuse_detected", now).await?;
        tracing::warn!(session = %session.id, user = %session.user_id, "refresh token reuse detected; session revoked");
        self.record(Some(&session.user_id), Some(&session.id), EventKind::RefreshReuseDetected, client).await;
        Err(AuthError::new(
            ErrorCode::Unauthorized,
            "This session was ended because an old sign-in token was used again. Please sign in.",
        ))
    }

    fn issue(
        &self,
        session: SessionRecord,
        user: UserRecord,
        refresh_token: RefreshToken,
        last_used_at: i64,
        now: i64,
    ) -> Result<Issued, AuthError> {
        let (access_token, access_expires_at, access_max_age) =
            self.sign_access(&user.id, &session.id, session.created_at, now)?;
        Ok(Issued {
            access_max_age,
            device_cookie: None,
            refresh_max_age: self.refresh_max_age(session.created_at, last_used_at, now),
            session_created_at: session.created_at,
            user,
            session_id: session.id,
            access_token,
            access_expires_at,
            refresh_token,
        })
    }

    /// Ends the session named by the access token, or failing that by the
    /// refresh token. Signing out twice is not an error.
    pub async fn logout(&self, access: Option<&str>, refresh: Option<&str>, client: &ClientInfo) -> Result<(), AuthError> {
        let mut session = None;
        if let Some(claims) = match access {
            Some(token) => self.keys.verify(token).await.ok(),
            None => None,
        } {
            session = self.store.session(&claims.sid).await?;
        } else if let Some(token) = refresh.and_then(RefreshToken::parse) {
            session = self.store.session_by_refresh_hash(&token.hash()).await?;
        }
        if let Some(session) = session {
            if self.store.revoke_session(&session.id, "signed_out", self.clock.now_ms()).await? {
                self.record(Some(&session.user_id), Some(&session.id), EventKind::SignedOut, client).await;
            }
        }
        Ok(())
    }

    /// Identity from the access token alone: enough for reads that only need
    /// to know who is asking.
    pub async fn authenticate(&self, access: Option<&str>) -> Result<Claims, AuthError> {
        let token = access.ok_or_else(AuthError::unauthorized)?;
        self.keys.verify(token).await.map_err(|rejection| {
            tracing::debug!(%rejection, "access token refused");
            match rejection {
                TokenRejection::Expired => {
                    AuthError::new(ErrorCode::Unauthorized, "Your access token has expired; refresh it.")
                }
                _ => AuthError::unauthorized(),
            }
        })
    }

    /// Identity plus a database check that the session is still live (not
    /// revoked, not past its idle or absolute expiry): for every
    /// security-sensitive operation.
    pub async fn authenticate_active(&self, access: Option<&str>) -> Result<(Claims, SessionRecord, UserRecord), AuthError> {
        let claims = self.authenticate(access).await?;
        let found = self.store.session_and_user_by_id(&claims.sid).await?;
        let now = self.clock.now_ms();
        let (session, user) = found
            .filter(|(s, _)| self.session_is_live(s, now) && s.user_id == claims.sub)
            .ok_or_else(AuthError::unauthorized)?;
        Ok((claims, session, user))
    }

    /// Not revoked and within its idle and absolute lifetime.
    pub(crate) fn session_is_live(&self, session: &SessionRecord, now: i64) -> bool {
        session.is_active() && !self.refresh_max_age(session.created_at, session.last_used_at, now).is_zero()
    }
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::STANDARD;

    use super::*;

    fn key() -> RefreshKey {
        RefreshKey::new(&Secret::decode("S", &STANDARD.encode([9u8; 32])).unwrap())
    }

    #[test]
    fn refresh_tokens_are_256_bit_and_rederivable_from_the_nonce() {
        let key = key();
        let (token, nonce) = key.mint();
        assert_eq!(token.expose().len(), 43, "32 bytes in unpadded base64url");
        assert_eq!(key.token_for(&nonce).expose(), token.expose());
        let (other, _) = key.mint();
        assert_ne!(other.expose(), token.expose());
    }

    #[test]
    fn refresh_token_parsing_accepts_only_our_shape() {
        let (token, _) = key().mint();
        assert!(RefreshToken::parse(token.expose()).is_some());
        for bad in ["", "short", &"a".repeat(44), &format!("{}'", &"a".repeat(42)), &"é".repeat(21)] {
            assert!(RefreshToken::parse(bad).is_none(), "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn refresh_token_parsing_accepts_exactly_43_base64url_chars(raw in "\\PC{0,64}") {
            let ok = raw.len() == 43 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            proptest::prop_assert_eq!(RefreshToken::parse(&raw).is_some(), ok);
        }
    }

    #[test]
    fn stored_hash_is_not_the_token() {
        let (token, nonce) = key().mint();
        assert_ne!(token.hash().as_slice(), token.expose().as_bytes());
        assert_ne!(token.hash(), nonce);
    }
}
