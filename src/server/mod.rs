//! Everything that only runs on the server: configuration, storage, passwords,
//! tokens, the authentication service, and the HTTP layer around the Leptos
//! application.

pub mod admin;
pub mod auth;
pub mod clock;
pub mod client;
pub mod config;
pub mod error;
pub mod federation;
pub mod http;
pub mod jwt;
pub mod mail;
pub mod metrics;
pub mod passwords;
pub mod secret;
pub mod state;
pub mod store;

pub use auth::Auth;
pub use config::Config;
pub use state::AppState;
