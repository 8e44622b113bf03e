//! The two auth cookies and the device cookie: names, attributes, and
//! reading them back.

use std::time::Duration;

use cookie::{Cookie, SameSite};
use http::{HeaderMap, HeaderValue, header::COOKIE};

use crate::i18n::Lang;
use crate::server::auth::{AccessToken, Credentials, Issued, RefreshToken, device::DEVICE_COOKIE_TTL, tokens::LinkToken};

/// How long a chosen language is remembered.
const LANG_COOKIE_TTL: Duration = Duration::from_secs(365 * 24 * 3600);

#[derive(Clone, Copy, Debug)]
pub struct CookieNames {
    pub access: &'static str,
    pub refresh: &'static str,
    /// Marks a browser that signed in to an account before (`server::auth::device`).
    pub device: &'static str,
    /// A password sign-in waiting for its second factor (`server::auth::second_factor`).
    pub pending: &'static str,
    /// Marks the browser that registered an account, until its address is
    /// confirmed (`server::auth::email`).
    pub registration: &'static str,
    /// Binds a sign-in sent to another provider to this browser (`server::auth::federated`).
    pub federated: &'static str,
    /// The language this browser's pages are in (`crate::i18n`).
    pub lang: &'static str,
    secure: bool,
}

impl CookieNames {
    /// `__Host-` names with `Secure` by default; plain names without `Secure`
    /// when `KEYCARD_COOKIE_SECURE=false` (browsers refuse the prefix otherwise).
    pub const fn new(secure: bool) -> Self {
        if secure {
            Self {
                access: "__Host-keycard_at",
                refresh: "__Host-keycard_rt",
                device: "__Host-keycard_device",
                pending: "__Host-keycard_2fa",
                registration: "__Host-keycard_reg",
                federated: "__Host-keycard_oidc",
                lang: "__Host-keycard_lang",
                secure,
            }
        } else {
            Self {
                access: "keycard_at",
                refresh: "keycard_rt",
                device: "keycard_device",
                pending: "keycard_2fa",
                registration: "keycard_reg",
                federated: "keycard_oidc",
                lang: "keycard_lang",
                secure,
            }
        }
    }

    fn build(&self, name: &'static str, value: &str, max_age: Duration) -> HeaderValue {
        let cookie = Cookie::build((name, value))
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
            .path("/")
            .max_age(cookie::time::Duration::seconds(max_age.as_secs() as i64))
            .build();
        HeaderValue::from_str(&cookie.to_string()).expect("cookie values are base64url and always valid headers")
    }

    /// The attributes every cookie here is set with, as a bound session's
    /// instructions name them (no lifetime: that is the cookie's own).
    pub fn attributes(&self) -> &'static str {
        if self.secure { "Path=/; Secure; HttpOnly; SameSite=Lax" } else { "Path=/; HttpOnly; SameSite=Lax" }
    }

    pub fn set_access(&self, token: &str, max_age: Duration) -> HeaderValue {
        self.build(self.access, token, max_age)
    }

    pub fn set_refresh(&self, token: &str, max_age: Duration) -> HeaderValue {
        self.build(self.refresh, token, max_age)
    }

    /// The cookies for a sign-in or refresh: the access token lives until its
    /// `exp` (the access TTL, or less near the session's end), the refresh
    /// token until the session would expire; and a device cookie when the
    /// sign-in made this browser trusted. Signing out leaves the device cookie.
    pub fn signed_in(&self, issued: &Issued) -> Vec<HeaderValue> {
        let mut cookies = vec![
            self.set_access(&issued.access_token, issued.access_max_age),
            self.set_refresh(issued.refresh_token.expose(), issued.refresh_max_age),
        ];
        if let Some(device) = &issued.device_cookie {
            cookies.push(self.build(self.device, device, DEVICE_COOKIE_TTL));
        }
        // The account's language follows it to every browser it signs in on
        // (and, at the next refresh, to those already signed in). An account
        // that never chose one leaves each browser its own.
        if let Some(lang) = issued.user.language() {
            cookies.push(self.set_lang(lang));
        }
        cookies
    }

    /// This browser's language, for a year.
    pub fn set_lang(&self, lang: Lang) -> HeaderValue {
        self.build(self.lang, lang.code(), LANG_COOKIE_TTL)
    }

    /// The language of a request: its cookie's, else the best of
    /// `Accept-Language`, else English.
    pub fn lang_of(&self, headers: &HeaderMap) -> Lang {
        read(headers, self.lang)
            .and_then(|tag| Lang::from_code(&tag))
            .or_else(|| {
                let accepted = headers.get(http::header::ACCEPT_LANGUAGE)?.to_str().ok()?;
                crate::i18n::negotiate(accepted)
            })
            .unwrap_or_default()
    }

    /// Expires both cookies, with the same name, path and attributes.
    pub fn clear(&self) -> [HeaderValue; 2] {
        [self.build(self.access, "", Duration::ZERO), self.build(self.refresh, "", Duration::ZERO)]
    }

    /// The cookie of a pending sign-in, for its lifetime.
    pub fn set_pending(&self, token: &str, max_age: Duration) -> HeaderValue {
        self.build(self.pending, token, max_age)
    }

    pub fn clear_pending(&self) -> HeaderValue {
        self.build(self.pending, "", Duration::ZERO)
    }

    pub fn pending_from(&self, headers: &HeaderMap) -> Option<String> {
        read(headers, self.pending)
    }

    /// The cookie of the browser that registered, for as long as its link lives.
    pub fn set_registration(&self, token: &str, max_age: Duration) -> HeaderValue {
        self.build(self.registration, token, max_age)
    }

    pub fn registration_from(&self, headers: &HeaderMap) -> Option<LinkToken> {
        read(headers, self.registration).as_deref().and_then(LinkToken::parse)
    }

    /// The cookie of a sign-in sent to another provider, for as long as it may take.
    pub fn set_federated(&self, token: &str, max_age: Duration) -> HeaderValue {
        self.build(self.federated, token, max_age)
    }

    pub fn clear_federated(&self) -> HeaderValue {
        self.build(self.federated, "", Duration::ZERO)
    }

    pub fn federated_from(&self, headers: &HeaderMap) -> Option<LinkToken> {
        read(headers, self.federated).as_deref().and_then(LinkToken::parse)
    }

    /// The request's Cookie header with the tokens of `issued` in place of
    /// the ones it was sent, and every other cookie as it was: what a page
    /// refreshed on the way in renders from.
    pub fn with_tokens(&self, headers: &HeaderMap, issued: &Issued) -> HeaderValue {
        let mut text = format!("{}={}; {}={}", self.access, issued.access_token, self.refresh, issued.refresh_token.expose());
        for cookie in sent(headers).filter(|c| c.name() != self.access && c.name() != self.refresh) {
            text.push_str(&format!("; {}={}", cookie.name(), cookie.value()));
        }
        // Tokens are base64url, and the rest came in a header that was
        // visible ASCII: the header is always valid.
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// Expires the device cookie (its account is gone).
    pub fn clear_device(&self) -> HeaderValue {
        self.build(self.device, "", Duration::ZERO)
    }

    pub fn clear_lang(&self) -> HeaderValue {
        self.build(self.lang, "", Duration::ZERO)
    }

    /// The tokens the request carries, typed; a cookie that is not of a
    /// token's shape counts as missing.
    pub fn credentials(&self, headers: &HeaderMap) -> Credentials {
        Credentials {
            access: read(headers, self.access).as_deref().and_then(AccessToken::parse),
            refresh: read(headers, self.refresh).as_deref().and_then(RefreshToken::parse),
        }
    }

    pub fn device_from(&self, headers: &HeaderMap) -> Option<String> {
        read(headers, self.device)
    }
}

/// The value of cookie `name` in the request, if present and non-empty.
/// Malformed cookie pairs are skipped rather than failing the request.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    sent(headers).find(|c| c.name() == name).map(|c| c.value().to_owned()).filter(|v| !v.is_empty())
}

/// Every cookie the request carries, over all its Cookie headers.
fn sent(headers: &HeaderMap) -> impl Iterator<Item = Cookie<'static>> + '_ {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse(v.to_owned()).filter_map(Result::ok))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_cookies_use_the_host_prefix_and_every_attribute() {
        let names = CookieNames::new(true);
        let set = names.set_access("abc", Duration::from_secs(900));
        let text = set.to_str().unwrap();
        assert!(text.starts_with("__Host-keycard_at=abc"));
        for attr in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=900"] {
            assert!(text.contains(attr), "{text} lacks {attr}");
        }
        assert!(!text.contains("Domain"), "__Host- cookies must not carry a Domain");
    }

    #[test]
    fn insecure_mode_drops_prefix_and_secure() {
        let names = CookieNames::new(false);
        let text = names.set_refresh("xyz", Duration::from_secs(60)).to_str().unwrap().to_owned();
        assert!(text.starts_with("keycard_rt=xyz"));
        assert!(!text.contains("Secure"));
        assert!(text.contains("HttpOnly"));
    }

    #[test]
    fn clearing_keeps_attributes_with_zero_max_age() {
        let [at, rt] = CookieNames::new(true).clear();
        for c in [at, rt] {
            let text = c.to_str().unwrap();
            assert!(text.contains("Max-Age=0") && text.contains("Path=/") && text.contains("Secure"), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn reading_any_cookie_header_never_panics(raw in "[ -~]{0,400}") {
            if let Ok(value) = HeaderValue::from_str(&raw) {
                let mut headers = HeaderMap::new();
                headers.insert(COOKIE, value);
                let names = CookieNames::new(true);
                if let Some(v) = read(&headers, names.access) {
                    proptest::prop_assert!(!v.is_empty());
                }
                let _ = names.credentials(&headers);
            }
        }
    }

    #[test]
    fn reading_tolerates_noise() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("theme=dark; junk; __Host-keycard_at=tok; other=1"));
        headers.append(COOKIE, HeaderValue::from_static("__Host-keycard_rt=ref"));
        let names = CookieNames::new(true);
        assert_eq!(read(&headers, names.access).as_deref(), Some("tok"));
        assert_eq!(read(&headers, names.refresh).as_deref(), Some("ref"));
        assert_eq!(read(&headers, "missing"), None);
        let credentials = names.credentials(&headers);
        assert_eq!(credentials.access.as_ref().map(AccessToken::expose), Some("tok"));
        assert!(credentials.refresh.is_none(), "not of a refresh token's shape");
    }
}
