//! The authentication service: every rule about accounts, sessions and
//! tokens, behind one [`Auth`]. The web layer (server functions, the page
//! middleware) reads the request into typed values ([`Email`],
//! [`crate::auth::Password`], [`Credentials`], [`ClientInfo`]) and calls in;
//! nothing here knows about cookies or HTTP.
//!
//! By flow:
//! - [`sign_in`]: password sign-in, opening sessions;
//! - [`refresh`]: refresh-token rotation with reuse detection, sign-out;
//! - [`security`]: the account's security centre (devices, password,
//!   deletion, activity);
//! - [`email`]: everything that goes by mail: registration and
//!   verification, password reset, change of address, "this wasn't me",
//!   alerts;
//! - [`reauth`]: re-authentication before sensitive changes;
//! - [`second_factor`]: authenticator apps, recovery codes, the second step of a sign-in;
//! - [`passkeys`]: WebAuthn: adding passkeys, signing in and confirming it's you with one;
//! - [`limits`]: brute-force limits on sign-in and registration;
//! - [`device`]: the device cookies the limits trust;
//! - [`housekeeping`]: pruning what the database need not keep;
//! - [`tokens`]: the credentials themselves.
//!
//! Every time here is the database's ([`Clock`]), so instances whose clocks
//! disagree agree on grace windows and expiry.

pub mod device;
pub mod email;
pub mod housekeeping;
pub mod limits;
pub mod passkeys;
pub mod reauth;
pub mod refresh;
pub mod second_factor;
pub mod security;
pub mod sign_in;
pub mod tokens;

use std::{sync::Arc, time::Duration};

pub use tokens::{AccessToken, Credentials, RefreshKey, RefreshToken};

use self::device::DeviceKey;
use super::{
    client::ClientInfo,
    clock::Clock,
    config::Policy,
    jwt::{Claims, Keyring, TokenRejection},
    passwords::Passwords,
    secret::Secret,
    store::{EventKind, NewEvent, RevokeReason, SessionRecord, Store, UserRecord},
};
use crate::auth::{AuthError, ErrorCode, SessionEnd, UserView};

/// Accounts, sessions and tokens. Cheap to clone; every clone shares the
/// same store, keys and hashing threads.
#[derive(Clone)]
pub struct Auth {
    pub store: Store,
    /// Signs and verifies access tokens.
    pub keys: Arc<Keyring>,
    pub passwords: Passwords,
    /// The database's clock, shared by every instance.
    pub clock: Clock,
    pub policy: Policy,
    pub mail: Arc<MailSettings>,
    /// Work left for after an answer (mails whose existence must not show
    /// in the answer's time), counted so shutdown can wait for it.
    after_answer: Arc<Pending>,
    refresh_key: Arc<RefreshKey>,
    device_key: Arc<DeviceKey>,
    factor_keys: Arc<second_factor::FactorKeys>,
    /// The WebAuthn relying party; `None` when the public URL's host is an
    /// IP address (passkeys are off then).
    passkeys: Arc<Option<webauthn_rs::Webauthn>>,
}

/// A count of running tasks, and a signal when it drops to zero.
#[derive(Default)]
struct Pending {
    running: std::sync::atomic::AtomicUsize,
    idle: tokio::sync::Notify,
}

/// What the mail flows need: where links point, how long they live, and
/// the sender to wake when a mail was queued.
pub struct MailSettings {
    /// `KEYCARD_PUBLIC_URL`, without a trailing slash.
    pub origin: String,
    pub reset_ttl: Duration,
    pub verify_ttl: Duration,
    /// Notified after a mail is queued (the sender, if one runs here).
    pub queued: Arc<tokio::sync::Notify>,
    /// Seals mail bodies as they are queued (they hold live links).
    pub seal: Arc<super::mail::seal::MailSeal>,
}

/// A request whose access token verified and whose session the database
/// says is live: what every operation acting for the user starts from.
pub struct ActiveSession {
    pub claims: Claims,
    pub session: SessionRecord,
    pub user: UserRecord,
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
    UserView {
        id: user.id.clone(),
        email: user.email.as_str().into(),
        created_at: user.created_at / 1000,
        email_verified: user.email_verified_at.is_some(),
    }
}

/// How a session that can no longer be used ended, as the browser holding
/// it is told: signed out from another device (one of the user's devices
/// revoked it, or changed the password), or simply ended (it ran out, was
/// signed out on this browser, or was ended because its token was replayed).
pub fn session_end(session: &SessionRecord) -> SessionEnd {
    match session.revoke_reason() {
        Some(RevokeReason::RevokedByUser | RevokeReason::PasswordChanged) => SessionEnd::Revoked,
        Some(RevokeReason::RevokedByAdmin) => SessionEnd::ByAdministrator,
        _ => SessionEnd::Expired,
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl Auth {
    pub fn new(
        store: Store,
        keys: Arc<Keyring>,
        passwords: Passwords,
        clock: Clock,
        secret: &Secret,
        policy: Policy,
        mail: MailSettings,
    ) -> Self {
        // Said once, at startup: the account page says it to users.
        let passkeys = passkeys::relying_party(&mail.origin).map_err(|why| tracing::warn!("passkeys are off: {why}")).ok();
        Self {
            store,
            keys,
            passwords,
            clock,
            policy,
            mail: Arc::new(mail),
            after_answer: Arc::default(),
            refresh_key: Arc::new(RefreshKey::new(secret)),
            device_key: Arc::new(DeviceKey::new(secret)),
            factor_keys: Arc::new(second_factor::FactorKeys::new(secret)),
            passkeys: Arc::new(passkeys),
        }
    }

    pub(crate) async fn record(&self, user_id: Option<&str>, session_id: Option<&str>, kind: EventKind, client: &ClientInfo) {
        let event = NewEvent { user_id, session_id, kind, ip: &client.ip, user_agent: &client.user_agent };
        if let Err(e) = self.store.record_event(event, self.clock.now_ms()).await {
            // The action itself succeeded; losing its log line is not worth failing it.
            tracing::warn!(error = %e, kind = kind.as_str(), "could not record a security event");
        }
    }

    /// Runs `work` after the answer was sent; a failure is logged.
    pub(super) fn after_answer(&self, work: impl std::future::Future<Output = Result<(), AuthError>> + Send + 'static) {
        use std::sync::atomic::Ordering;
        let pending = self.after_answer.clone();
        pending.running.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            if let Err(e) = work.await {
                tracing::warn!(error = %e.message, "work after an answer failed");
            }
            if pending.running.fetch_sub(1, Ordering::SeqCst) == 1 {
                pending.idle.notify_waiters();
            }
        });
    }

    /// Resolves once no work left for after an answer is running (at
    /// shutdown, so no queued mail is lost; in tests, before counting mails).
    pub async fn settled(&self) {
        use std::sync::atomic::Ordering;
        loop {
            let idle = self.after_answer.idle.notified();
            if self.after_answer.running.load(Ordering::SeqCst) == 0 {
                return;
            }
            idle.await;
        }
    }

    /// Whether `session` can still be used, now.
    pub fn is_live(&self, session: &SessionRecord) -> bool {
        session.is_live(self.clock.now_ms(), &self.policy.session)
    }

    /// Identity from the access token alone: enough for reads that only need
    /// to know who is asking.
    pub async fn authenticate(&self, access: Option<&AccessToken>) -> Result<Claims, AuthError> {
        let token = access.ok_or_else(AuthError::unauthorized)?;
        self.keys.verify(token.expose()).await.map_err(|rejection| {
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
    pub async fn active_session(&self, access: Option<&AccessToken>) -> Result<ActiveSession, AuthError> {
        let claims = self.authenticate(access).await?;
        let found = self.store.session_and_user_by_id(&claims.sid).await?;
        let (session, user) = found
            .filter(|(s, _)| self.is_live(s) && s.user_id == claims.sub)
            .ok_or_else(AuthError::unauthorized)?;
        Ok(ActiveSession { claims, session, user })
    }
}
