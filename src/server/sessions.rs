//! Accounts and sessions: register, sign in, refresh-token rotation with reuse
//! detection, sign out, and authenticating a request.
//!
//! Rotation follows SPEC §4 in order:
//! 1. the current token of an active, unexpired session rotates;
//! 2. a token rotated away less than `KEYCARD_REFRESH_GRACE` ago (a concurrent
//!    request of the same client) is answered with the session's *current*
//!    token, re-derived from its nonce, so every racer ends up holding the same
//!    valid token and nothing is revoked;
//! 3. an older token of the session is a replay: the session is revoked;
//! 4. anything else is simply not signed in.

use std::time::Duration;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::{
    keys::{Claims, TokenRejection},
    passwords::{Verdict, check_strength},
    secret::Secret,
    state::AppState,
    store::{EventKind, NewEvent, NewSession, SessionRecord, StoreError, UserRecord, now_ms},
};
use crate::auth::{AuthError, Email, ErrorCode, Password, UserView};

/// Who is asking: recorded on sessions and security events.
#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: String,
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
    pub refresh_token: RefreshToken,
    pub refresh_max_age: Duration,
}

impl Issued {
    pub fn user_view(&self) -> UserView {
        user_view(&self.user)
    }
}

pub fn user_view(user: &UserRecord) -> UserView {
    UserView { id: user.id.clone(), email: user.email.clone(), created_at: user.created_at / 1000 }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl AppState {
    fn now_and_secs() -> (i64, i64) {
        let now = now_ms();
        (now, now / 1000)
    }

    pub(crate) async fn record(&self, user_id: Option<&str>, session_id: Option<&str>, kind: EventKind, client: &ClientInfo) {
        let event = NewEvent { user_id, session_id, kind, ip: &client.ip, user_agent: &client.user_agent };
        if let Err(e) = self.store.record_event(event, now_ms()).await {
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

    pub(crate) fn session_expired(&self, session: &SessionRecord, now: i64) -> bool {
        self.refresh_max_age(session.created_at, session.last_used_at, now).is_zero()
    }

    /// Starts a session for a user whose identity is already established
    /// (registration, a checked password; the benchmarks seed sessions with it).
    pub async fn open_session(&self, user: UserRecord, client: &ClientInfo) -> Result<Issued, AuthError> {
        let (now, now_secs) = Self::now_and_secs();
        let session_id = new_id();
        let (refresh_token, nonce) = self.refresh_key.mint();
        self.store
            .insert_session(
                NewSession {
                    id: &session_id,
                    user_id: &user.id,
                    user_agent: &client.user_agent,
                    ip: &client.ip,
                    refresh_hash: &refresh_token.hash(),
                    refresh_nonce: &nonce,
                },
                now,
            )
            .await?;
        let (access_token, access_expires_at) = self.keys.sign(&user.id, &session_id, now_secs)?;
        Ok(Issued {
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
        check_strength(&password, &email).map_err(|m| AuthError::invalid("password", m))?;
        let hash = self.passwords.hash(&password).await?;
        let (now, _) = Self::now_and_secs();
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
        let user = UserRecord { id, email: email.as_str().into(), password_hash: hash, created_at: now };
        self.record(Some(&user.id), None, EventKind::AccountCreated, client).await;
        let issued = self.open_session(user, client).await?;
        self.record(Some(&issued.user.id), Some(&issued.session_id), EventKind::SignedIn, client).await;
        Ok(issued)
    }

    /// Unknown e-mail and wrong password take the same path through argon2
    /// and end in the same error, so neither the answer nor its timing tells
    /// whether an account exists.
    pub async fn login(&self, email: &str, password: String, client: &ClientInfo) -> Result<Issued, AuthError> {
        let bad_credentials = || {
            AuthError::new(ErrorCode::Unauthorized, "That e-mail and password don't match an account.")
        };
        let email = Email::parse(email).map_err(|m| AuthError::invalid("email", m))?;
        let password = Password::for_verification(password).map_err(|m| AuthError::invalid("password", m))?;
        self.begin_password_attempt(&email, client).await?;
        let user = self.store.user_by_email(email.as_str()).await?;
        let verdict = self.passwords.verify(&password, user.as_ref().map(|u| u.password_hash.as_str())).await?;
        let (user, needs_rehash) = match (user, verdict) {
            (Some(user), Verdict::Valid { needs_rehash }) => (user, needs_rehash),
            (user, _) => {
                self.record(user.as_ref().map(|u| u.id.as_str()), None, EventKind::SignInFailed, client).await;
                return Err(bad_credentials());
            }
        };
        self.password_accepted(&email, client).await?;
        if needs_rehash {
            let hash = self.passwords.hash(&password).await?;
            self.store.replace_password_hash(&user.id, &user.password_hash, &hash, now_ms()).await?;
        }
        let issued = self.open_session(user, client).await?;
        self.record(Some(&issued.user.id), Some(&issued.session_id), EventKind::SignedIn, client).await;
        Ok(issued)
    }

    /// Rotates a refresh token (see the module documentation for the cases).
    pub async fn refresh(&self, presented: Option<&str>, client: &ClientInfo) -> Result<Issued, AuthError> {
        let token = presented.and_then(RefreshToken::parse).ok_or_else(AuthError::unauthorized)?;
        let hash = token.hash();
        let now = now_ms();

        if let Some((session, user)) = self.store.session_and_user_by_refresh_hash(&hash).await? {
            if !session.is_active() || self.session_expired(&session, now) {
                return Err(AuthError::unauthorized());
            }
            // Everything that can fail happens before the rotation commits:
            // once it has, the client must get the new token, or its retry
            // with the old one would later look like reuse.
            let (next, nonce) = self.refresh_key.mint();
            let issued = self.issue(session, user, next, now, now)?;
            if self.store.rotate_refresh(&issued.session_id, &hash, &issued.refresh_token.hash(), &nonce, now).await? {
                return Ok(issued);
            }
            // Another request rotated this token a moment ago: fall through to
            // the history, where it now is.
        }

        let Some(hit) = self.store.refresh_history(&hash).await? else {
            return Err(AuthError::unauthorized());
        };
        let session = hit.session;
        if !session.is_active() || self.session_expired(&session, now) {
            return Err(AuthError::unauthorized());
        }
        // Only the token the current one replaced (the history row stamped
        // with the session's latest rotation), and only within the grace.
        let previous = hit.superseded_at == session.rotated_at;
        if previous && now - hit.superseded_at <= self.config.refresh_grace.as_millis() as i64 {
            let current = self.refresh_key.token_for(&session.refresh_nonce);
            let last_used = session.last_used_at;
            return self.issue_for(session, current, last_used, now).await;
        }

        self.store.revoke_session(&session.id, "refresh_reuse_detected", now).await?;
        tracing::warn!(session = %session.id, user = %session.user_id, "refresh token reuse detected; session revoked");
        self.record(Some(&session.user_id), Some(&session.id), EventKind::RefreshReuseDetected, client).await;
        Err(AuthError::new(
            ErrorCode::Unauthorized,
            "This session was ended because an old sign-in token was used again. Please sign in.",
        ))
    }

    async fn issue_for(
        &self,
        session: SessionRecord,
        refresh_token: RefreshToken,
        last_used_at: i64,
        now: i64,
    ) -> Result<Issued, AuthError> {
        let user = self.store.user_by_id(&session.user_id).await?.ok_or_else(AuthError::unauthorized)?;
        self.issue(session, user, refresh_token, last_used_at, now)
    }

    fn issue(
        &self,
        session: SessionRecord,
        user: UserRecord,
        refresh_token: RefreshToken,
        last_used_at: i64,
        now: i64,
    ) -> Result<Issued, AuthError> {
        let (access_token, access_expires_at) = self.keys.sign(&user.id, &session.id, now / 1000)?;
        Ok(Issued {
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
            if self.store.revoke_session(&session.id, "signed_out", now_ms()).await? {
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

    /// Identity plus a database check that the session is still active: for
    /// every security-sensitive operation.
    pub async fn authenticate_active(&self, access: Option<&str>) -> Result<(Claims, SessionRecord, UserRecord), AuthError> {
        let claims = self.authenticate(access).await?;
        let found = self.store.session_and_user_by_id(&claims.sid).await?;
        let (session, user) =
            found.filter(|(s, _)| s.is_active() && s.user_id == claims.sub).ok_or_else(AuthError::unauthorized)?;
        Ok((claims, session, user))
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
