//! Everything a request handler needs, built once at startup.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::{
    config::Config,
    cookies::CookieNames,
    keys::{KeyError, Keyring},
    passwords::{HashError, Passwords},
    secret::{Secret, SecretError},
    sessions::RefreshKey,
    store::{Store, StoreError},
};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    pub store: Store,
    pub keys: Arc<Keyring>,
    pub passwords: Passwords,
    pub refresh_key: Arc<RefreshKey>,
    pub cookies: CookieNames,
}

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
}

impl AppState {
    /// Connects and migrates the database, loads the signing keys and
    /// prepares the password hasher.
    pub async fn build(config: Config, leptos_options: LeptosOptions) -> Result<Self, StartupError> {
        let secret = Arc::new(Secret::load(&config.secret)?);
        let store = Store::connect(&config.database_url).await?;
        store.migrate().await?;
        let keys = Keyring::load(store.clone(), secret.clone(), config.public_origin.clone(), config.access_ttl).await?;
        let passwords = Passwords::new(config.argon2).await?;
        Ok(Self {
            leptos_options,
            cookies: CookieNames::new(config.cookie_secure),
            refresh_key: Arc::new(RefreshKey::new(&secret)),
            config: Arc::new(config),
            store,
            keys: Arc::new(keys),
            passwords,
        })
    }
}
