//! keycard: authentication for a Leptos application.
//!
//! The crate builds twice: as the `keycard` server (feature `ssr`) and as the
//! browser bundle that hydrates the islands of the server-rendered pages
//! (feature `hydrate`). Pages are whole HTML from the server, forms
//! included; only the parts marked `#[island]` run in the browser: the
//! session keeper, which also gives the forms and passkey buttons their
//! behaviour (`client::forms`), and the example page's greeting.
//! Code shared by both sides lives in `app`, `routes`, `pages`, `components`,
//! `auth`, `i18n`, `current_user` and `keeper` (the islands' facade of the browser's
//! session keeper);
//! `server` only exists on the server and `client` only in the browser.

pub mod app;
pub mod auth;
pub mod components;
pub mod current_user;
pub mod i18n;
pub mod keeper;
pub mod pages;
pub mod routes;

#[cfg(feature = "hydrate")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
