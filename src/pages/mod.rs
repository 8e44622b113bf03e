//! One module per page.

pub mod account;
pub mod example;
pub mod home;
pub mod links;
pub mod login;
pub mod not_found;
pub mod register;
pub mod second_factor;

use leptos::prelude::*;

use crate::{
    auth::{AuthError, encode_query_value},
    keeper::announce_signed_in,
};

/// A parameter of this page's query string. Pages are islands: the
/// browser has no router, and a page's URL only changes with a new page
/// load, so both sides read it once and must read it alike: the first
/// value of the name, decoded once as a form would be (`URLSearchParams`
/// in the browser, the same parse of the request's URI on the server; the
/// router's own map keeps the last value and decodes twice).
pub fn query_value(name: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let search = window().location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
    }
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let query = parts.uri.query()?;
        url::form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
    }
    #[cfg(not(any(feature = "hydrate", feature = "ssr")))]
    {
        let _ = name;
        None
    }
}

/// Whether this server offers passkeys (not when its public URL's host is
/// an IP address). Known while the page renders on the server; an island
/// that offers passkeys takes it as a prop, so the browser neither shows a
/// passkey button the server would refuse nor asks for a ceremony.
pub fn server_offers_passkeys() -> bool {
    #[cfg(feature = "ssr")]
    return use_context::<crate::server::state::AppState>().is_some_and(|state| state.auth.passkeys_available());
    #[cfg(not(feature = "ssr"))]
    return false;
}

/// The other identity providers the server offers (OpenID Connect), known
/// while the page renders on the server; islands take them as a prop.
pub fn server_providers() -> Vec<crate::auth::ProviderView> {
    #[cfg(feature = "ssr")]
    return use_context::<crate::server::state::AppState>().map(|state| state.auth.providers()).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    return Vec::new();
}

/// The errors a sign-in form shows, split into per-field messages and one for
/// the whole form: from the last submission when the client is live, or from
/// `?error=…&field=…` after a no-JavaScript post was sent back.
pub fn form_errors<T: Send + Sync + 'static>(
    value: impl Fn() -> Option<Result<T, AuthError>> + Send + Sync + 'static,
) -> (impl Fn(&'static str) -> Signal<Option<String>> + Copy, Signal<Option<String>>) {
    let sent_back = crate::auth::form_error_message(&query_value("error").unwrap_or_default()).map(|message| (query_value("field"), message));
    let current = Memo::new(move |_| match value() {
        Some(Err(e)) => Some((e.field.clone(), e.message.clone())),
        Some(Ok(_)) => None,
        None => sent_back.clone(),
    });
    let for_field = move |name: &'static str| {
        Signal::derive(move || current.get().and_then(|(f, m)| (f.as_deref() == Some(name)).then_some(m)))
    };
    let general = Signal::derive(move || current.get().and_then(|(f, m)| f.is_none().then_some(m)));
    (for_field, general)
}

/// Leaves the page with a full load, so every bit of signed-in state is
/// read again (or goes).
pub fn leave(to: &str) {
    #[cfg(feature = "hydrate")]
    let _ = window().location().assign(to);
    #[cfg(not(feature = "hydrate"))]
    let _ = to;
}

/// The `token` of a link's page, from the URL.
pub fn token_param() -> Memo<String> {
    let token = query_value("token").unwrap_or_default();
    Memo::new(move |_| token.clone())
}

/// A notice picked by a query parameter's value from a fixed list: text in
/// the URL is never shown.
pub fn query_notice(param: &'static str, known: &'static [(&'static str, &'static str)]) -> impl Fn() -> Option<&'static str> + Copy + Send + Sync {
    let notice = query_value(param).and_then(|value| known.iter().find(|(v, _)| *v == value).map(|(_, text)| *text));
    move || notice
}

/// `?next=` from the URL, if it is a same-site path.
pub fn next_param() -> Memo<Option<String>> {
    let next = crate::auth::safe_next(query_value("next").as_deref());
    Memo::new(move |_| next.clone())
}

/// Once a sign-in form succeeds in the live client: tell the other tabs
/// and go on to `next` (or the account) with a full page load, which
/// renders the page signed in.
pub fn go_on_after_sign_in(
    succeeded: impl Fn() -> bool + Send + Sync + 'static,
    next: Memo<Option<String>>,
) {
    Effect::new(move |_| {
        if succeeded() {
            announce_signed_in();
            leave(&next.get_untracked().unwrap_or_else(|| crate::routes::ACCOUNT.into()));
        }
    });
}

/// Once a sign-in answers that the account's second factor is next: its
/// page (the browser holds the pending sign-in), carrying `next` along.
pub fn go_to_second_step<T: Send + Sync + 'static>(
    value: impl Fn() -> Option<Result<T, AuthError>> + Send + Sync + 'static,
    next: Memo<Option<String>>,
) {
    Effect::new(move |_| {
        if let Some(Err(e)) = value() {
            if e.code == crate::auth::ErrorCode::SecondFactorRequired {
                let to = crate::auth::keeping_next_path(crate::routes::SECOND_FACTOR, next.get_untracked().as_deref());
                leave(&to);
            }
        }
    });
}

/// A link to `path` that carries `next` along (between login and register).
pub fn keeping_next(path: &'static str, next: Memo<Option<String>>) -> impl Fn() -> String + Send + Sync + Copy {
    move || match next.get() {
        Some(n) => format!("{path}?next={}", encode_query_value(&n)),
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
