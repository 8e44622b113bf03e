//! Everything that only runs on the server: configuration, storage, passwords,
//! tokens, cookies and the HTTP layer around the Leptos application.

pub mod account;
pub mod clock;
pub mod config;
pub mod cookies;
pub mod error;
pub mod headers;
pub mod http;
pub mod keys;
pub mod passwords;
pub mod request;
pub mod retention;
pub mod secret;
pub mod sessions;
pub mod state;
pub mod store;
pub mod throttle;

pub use config::Config;
pub use state::AppState;
