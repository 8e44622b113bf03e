//! One module per page.

pub mod account;
pub mod example;
pub mod home;
pub mod links;
pub mod login;
pub mod not_found;
pub mod register;
pub mod second_factor;

#[cfg(feature = "ssr")]
use leptos::prelude::*;

use crate::auth::encode_query_value;

/// A parameter of this page's query string, read on the server as the
/// browser's `URLSearchParams` would: the first value of the name, decoded
/// once as a form would be (the router's own map keeps the last value and
/// decodes twice).
pub fn query_value(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let query = parts.uri.query()?;
        url::form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}

/// This page's path and query, as requested (where the language picker
/// comes back to).
pub fn here() -> String {
    #[cfg(feature = "ssr")]
    return use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.path_and_query().map(|pq| pq.as_str().to_owned()))
        .unwrap_or_else(|| "/".into());
    #[cfg(not(feature = "ssr"))]
    return "/".into();
}

/// Whether this server offers passkeys (not when its public URL's host is
/// an IP address). Without them, no page shows a passkey button the server
/// would refuse.
pub fn server_offers_passkeys() -> bool {
    #[cfg(feature = "ssr")]
    return use_context::<crate::server::state::AppState>().is_some_and(|state| state.auth.passkeys_available());
    #[cfg(not(feature = "ssr"))]
    return false;
}

/// The other identity providers the server offers (OpenID Connect).
pub fn server_providers() -> Vec<crate::auth::ProviderView> {
    #[cfg(feature = "ssr")]
    return use_context::<crate::server::state::AppState>().map(|state| state.auth.providers()).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    return Vec::new();
}

/// The error a no-JavaScript form post was sent back with
/// (`?error=…&field=…`), which the page shows where the script would have.
pub struct SentBack {
    field: Option<String>,
    message: Option<String>,
}

impl SentBack {
    pub fn read() -> Self {
        let message = crate::auth::form_error_text(&query_value("error").unwrap_or_default(), crate::i18n::lang());
        Self { field: query_value("field"), message }
    }

    /// The message for field `name`.
    pub fn on(&self, name: &str) -> Option<String> {
        self.message.clone().filter(|_| self.field.as_deref() == Some(name))
    }

    /// The message for the whole form (no field, or one it does not show).
    pub fn general(&self, shown: &[&str]) -> Option<String> {
        self.message.clone().filter(|_| self.field.as_deref().is_none_or(|f| !shown.contains(&f)))
    }
}

/// The `token` of a link's page, from the URL.
pub fn token_param() -> String {
    query_value("token").unwrap_or_default()
}

/// The catalogue key of a notice picked by a query parameter's value from a
/// fixed list: text in the URL is never shown.
pub fn query_notice(param: &'static str, known: &'static [(&'static str, &'static str)]) -> Option<&'static str> {
    query_value(param).and_then(|value| known.iter().find(|(v, _)| *v == value).map(|(_, text)| *text))
}

/// `?next=` from the URL, if it is a same-site path.
pub fn next_param() -> Option<String> {
    crate::auth::safe_next(query_value("next").as_deref())
}

/// A link to `path` that carries `next` along (between login and register).
pub fn keeping_next(path: &'static str, next: Option<&str>) -> String {
    match next {
        Some(n) => format!("{path}?next={}", encode_query_value(n)),
        None => path.into(),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use leptos::prelude::*;

    use super::query_value;

    /// The server must read the query as the browser's `URLSearchParams`
    /// does, or an island renders differently on the two sides.
    #[test]
    fn the_server_reads_the_query_as_the_browser_does() {
        let owner = Owner::new();
        owner.with(|| {
            let (parts, ()) = http::Request::get("/login?reason=expired&reason=revoked&next=%252Faccount&note=a+b").body(()).unwrap().into_parts();
            provide_context(parts);
            assert_eq!(query_value("reason").as_deref(), Some("expired"), "the first of repeated values");
            assert_eq!(query_value("next").as_deref(), Some("%2Faccount"), "decoded once");
            assert_eq!(query_value("note").as_deref(), Some("a b"));
            assert_eq!(query_value("missing"), None);
        });
    }
}
