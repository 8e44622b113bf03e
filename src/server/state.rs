//! What the web layer needs, built once at startup: the authentication
//! service, the configuration, the cookie names and Leptos' options.

use crate::server::federation::Federation;
use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use tokio::sync::Notify;

use super::{
    auth::{Auth, MailSettings},
    mail::{seal::MailSeal, sender},
    clock::Clock,
    config::Config,
    http::cookies::CookieNames,
    jwt::{KeyError, Keyring},
    passwords::{HashError, Passwords},
    secret::{Secret, SecretError},
    store::{Store, StoreError},
};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    pub auth: Auth,
    pub cookies: CookieNames,
}

/// Stored hashes sampled to give the dummy hash the usual cost.
const DUMMY_SAMPLE: i64 = 200;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Keys(#[from] KeyError),
    #[error("KEYCARD_ARGON2: {0}")]
    Hash(#[from] HashError),
    #[error("KEYCARD_SMTP_URL: {0}")]
    Mail(String),
}

impl AppState {
    /// Connects and migrates the database, loads the signing keys and
    /// prepares the password hasher.
    pub async fn build(config: Config, leptos_options: LeptosOptions) -> Result<Self, StartupError> {
        let secret = Arc::new(Secret::load(&config.secret)?);
        let store = Store::connect(&config.database_url).await?;
        store.migrate().await?;
        let clock = Clock::new(config.clock_skew_ms);
        let offset = clock.sync(&store).await?;
        if offset.abs() > 1000 {
            tracing::warn!(offset_ms = offset, "this machine's clock differs from the database's; using the database's");
        }
        clock.keep_in_sync(store.clone());
        let keys =
            Keyring::load(store.clone(), clock.clone(), secret.clone(), config.public_origin.clone(), config.access_ttl)
                .await?;
        let passwords = match config.hash_queue {
            Some(queue) => Passwords::with_queue(config.argon2, queue).await?,
            None => Passwords::new(config.argon2).await?,
        };
        passwords.calibrate_dummy(&store.sample_password_hashes(DUMMY_SAMPLE).await?).await?;
        let queued = Arc::new(Notify::new());
        let seal = Arc::new(MailSeal::new(&secret));
        match &config.smtp {
            Some(smtp) => sender::start(store.clone(), clock.clone(), smtp.clone(), config.mail_from.clone(), seal.clone(), queued.clone())
                .map_err(StartupError::Mail)?,
            None => tracing::info!("no KEYCARD_SMTP_URL: mails are kept in the database and listed at /dev/mail"),
        }
        let federation = Federation::new(config.oidc_providers.clone(), &config.public_origin);
        let mail = MailSettings {
            origin: config.public_origin.clone(),
            reset_ttl: config.reset_ttl,
            verify_ttl: config.verify_ttl,
            queued,
            seal,
        };
        Ok(Self {
            leptos_options,
            cookies: CookieNames::new(config.cookie_secure),
            auth: Auth::new(store, Arc::new(keys), passwords, clock, &secret, config.policy(), mail, federation),
            config: Arc::new(config),
        })
    }
}
