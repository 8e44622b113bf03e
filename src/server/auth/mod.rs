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

pub mod bound;
pub mod device;
pub mod email;
pub mod federated;
pub mod housekeeping;
pub mod limits;
pub mod outcome;
pub mod passkeys;
pub mod reauth;
pub mod refresh;
pub mod second_factor;
pub mod security;
pub mod sign_in;
pub mod tokens;

use std::{sync::Arc, time::Duration};

pub use outcome::{ActiveSession, AuthMethod, FirstFactor, Issued, Pending, SignInOutcome, session_end, user_view};
pub use tokens::{AccessToken, Credentials, RefreshKey, RefreshToken};

use self::device::DeviceKey;
use super::{
    client::ClientInfo,
    clock::Clock,
    config::Policy,
    jwt::{Claims, Keyring, TokenRejection},
    passwords::Passwords,
    secret::Secret,
    store::{EventKind, NewEvent, SessionRecord, Store, UserRecord},
};
use crate::auth::{AuthError, ErrorCode};

/// Accounts, sessions and tokens. Cheap to clone; every clone shares the
/// same store, keys and hashing threads.
#[derive(Clone)]
///
/// Its parts are private: the web edge, the admin commands and the metrics
/// call the methods below, which say what they need.
pub struct Auth {
    store: Store,
    /// Signs and verifies access tokens.
    keys: Arc<Keyring>,
    passwords: Passwords,
    /// The database's clock, shared by every instance.
    clock: Clock,
    policy: Policy,
    mail: Arc<MailSettings>,
    /// Work left for after an answer (mails whose existence must not show
    /// in the answer's time), counted so shutdown can wait for it.
    after_answer: Arc<Running>,
    refresh_key: Arc<RefreshKey>,
    device_key: Arc<DeviceKey>,
    factor_keys: Arc<second_factor::FactorKeys>,
    /// The WebAuthn relying party; `None` when the public URL's host is an
    /// IP address (passkeys are off then).
    passkeys: Arc<Option<webauthn_rs::Webauthn>>,
    /// Other identity providers (OpenID Connect).
    federation: Arc<super::federation::Federation>,
    /// Makes and checks the challenges of bound sessions' renewals.
    challenge_key: Arc<bound::ChallengeKey>,
}

/// The gauges `/metrics` reads at each scrape.
pub struct Gauges {
    /// Password hashes waiting for a hashing thread.
    pub hash_queue: usize,
    pub pool: super::store::PoolUsage,
    /// Mails not sent yet, or why they could not be counted.
    pub pending_mails: Result<i64, String>,
}

/// A count of running tasks, and a signal when it drops to zero.
#[derive(Default)]
struct Running {
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
        federation: super::federation::Federation,
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
            federation: Arc::new(federation),
            challenge_key: Arc::new(bound::ChallengeKey::new(secret)),
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

    /// Now, by the database's clock (unix ms).
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The public keys access tokens are verified with (`/.well-known/jwks.json`).
    pub fn jwks(&self) -> serde_json::Value {
        self.keys.jwks()
    }

    /// Picks up signing keys rotated by `keycard keys rotate` or by another
    /// instance, every [`super::jwt::RELOAD_EVERY`].
    pub fn reload_keys_on_schedule(&self) {
        let keys = self.keys.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(super::jwt::RELOAD_EVERY);
            loop {
                tick.tick().await;
                if let Err(e) = keys.reload().await {
                    tracing::warn!(error = %e, "could not reload signing keys");
                }
            }
        });
    }

    /// Readiness: whether the database answers.
    pub async fn ready(&self) -> Result<(), super::store::StoreError> {
        self.store.ping().await
    }

    /// How long a registration's link, and its browser's cookie, live.
    pub fn registration_ttl(&self) -> Duration {
        self.mail.verify_ttl
    }

    /// The session `id`, as stored (a page decides from it whether the
    /// browser is still signed in).
    pub async fn session(&self, id: &str) -> Result<Option<SessionRecord>, AuthError> {
        Ok(self.store.session(id).await?)
    }

    pub async fn user(&self, id: &str) -> Result<Option<UserRecord>, AuthError> {
        Ok(self.store.user_by_id(id).await?)
    }

    /// The latest mails, newest first, their bodies opened (the development
    /// mailbox); a body sealed under another secret says so.
    pub async fn recent_mails(&self, limit: i64) -> Result<Vec<super::store::MailRecord>, AuthError> {
        let mut mails = self.store.recent_mails(limit).await?;
        for mail in &mut mails {
            if !self.mail.seal.open(mail) {
                mail.text_body = "(sealed under another secret)".into();
            }
        }
        Ok(mails)
    }

    /// What the metrics endpoint reports besides the counters.
    pub async fn gauges(&self) -> Gauges {
        Gauges {
            hash_queue: self.passwords.queued(),
            pool: self.store.pool_usage(),
            pending_mails: self.store.pending_mails().await.map_err(|e| e.to_string()),
        }
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    /// At shutdown: waits for work left for after an answer (queued
    /// mails), then closes the pool.
    pub async fn shut_down(&self) {
        self.settled().await;
        self.store.close().await;
    }

    /// The storage itself, for tests and tools that arrange or inspect rows
    /// directly. The server's own code goes through the methods of `Auth`.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The shared clock, for tests and tools (see [`Auth::store`]).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The signing keys, for tests and tools (see [`Auth::store`]).
    pub fn keys(&self) -> &Keyring {
        &self.keys
    }

    /// The password hashing threads, for the benchmarks' measure of what
    /// argon2 alone allows (see [`Auth::store`]).
    pub fn passwords(&self) -> &Passwords {
        &self.passwords
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
