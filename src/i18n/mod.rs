//! The languages keycard speaks, and its text in each of them.
//!
//! Every sentence a person can read comes from a Fluent catalogue
//! (`src/i18n/<code>.ftl`), looked up by its key in the language of the
//! request (pages, server-function answers) or of the recipient (mails).
//! The catalogues exist on the server only: pages are rendered there, and
//! the islands get their few words as props, so the browser bundle does not
//! grow with the number of languages. Codes (error codes, form reasons,
//! event kinds) never change with the language: they are the contract.
//!
//! Which language a request gets: the `keycard_lang` cookie (set by the
//! picker in the footer, and at every sign-in from the account's saved
//! choice), else the browser's `Accept-Language`, else English.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod catalogue;
#[cfg(feature = "ssr")]
pub use catalogue::negotiate;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    De,
    Fr,
    Es,
}

impl Lang {
    pub const ALL: [Self; 4] = [Self::En, Self::De, Self::Fr, Self::Es];

    /// The BCP 47 tag (`<html lang>`, the cookie, the stored choice).
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Fr => "fr",
            Self::Es => "es",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The language's own name for itself, as the picker lists it.
    pub fn name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::De => "Deutsch",
            Self::Fr => "Français",
            Self::Es => "Español",
        }
    }
}

/// A value a message is formatted with: text, or a number (which may
/// choose the message's plural form).
#[derive(Clone, Debug)]
pub enum Arg {
    Text(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<i64> for Arg {
    fn from(value: i64) -> Self {
        Self::Num(value)
    }
}

impl From<u64> for Arg {
    fn from(value: u64) -> Self {
        Self::Num(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

/// The words the page's script writes itself (`client`), chosen on the
/// server and handed to the session keeper island as a prop: the browser
/// holds no catalogue.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientText {
    pub offline: String,
    pub failed: String,
    pub passkey_waiting: String,
    pub passkey_device: String,
    pub passkey_cancelled: String,
    pub passkey_exists: String,
    pub passkey_refused: String,
    pub passkey_failed: String,
}

impl ClientText {
    /// In the current language.
    pub fn current() -> Self {
        Self {
            offline: t("client-offline"),
            failed: t("client-failed"),
            passkey_waiting: t("passkey-waiting"),
            passkey_device: t("passkey-device"),
            passkey_cancelled: t("passkey-cancelled"),
            passkey_exists: t("passkey-exists"),
            passkey_refused: t("passkey-refused"),
            passkey_failed: t("passkey-failed"),
        }
    }
}

/// The language of what is being rendered or answered: the request's,
/// provided with the request's context on the server.
pub fn lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

/// The message `key` in the current language.
pub fn t(key: &str) -> String {
    text(lang(), key, &[])
}

/// The message `key` in the current language, with its arguments.
pub fn t_with(key: &str, args: &[(&str, Arg)]) -> String {
    text(lang(), key, args)
}

/// The message `key` in `lang`. A key missing there falls back to English
/// (the unit tests keep every catalogue complete).
pub fn text(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    #[cfg(feature = "ssr")]
    return catalogue::format(lang, key, args);
    // In the browser nothing is rendered from the catalogues: pages come
    // whole from the server, and islands get their words as props.
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (lang, args);
        key.to_owned()
    }
}

/// The keys the code composes rather than names (see the catalogue's
/// `every_key_is_used` test).
#[cfg(all(test, feature = "ssr"))]
pub(crate) fn composed_keys() -> Vec<String> {
    use crate::auth::{GENERIC_CODES, Reason, SessionEnd, generic};
    let mut keys: Vec<String> = Reason::ALL
        .iter()
        .map(|r| if r.is_limit() { format!("limit-{}", r.code()) } else { format!("reason-{}", r.code()) })
        .collect();
    keys.extend(GENERIC_CODES.iter().map(|c| format!("error-{}", generic(*c).0)));
    keys.extend(SessionEnd::ALL.iter().map(|e| format!("session-end-{}", e.reason())));
    #[cfg(feature = "ssr")]
    keys.extend(crate::server::store::EventKind::ALL.iter().map(|k| format!("activity-{}", k.as_str())));
    for letter in [
        "verify", "already-registered", "reset", "password-changed", "factor", "new-address", "address-changed",
        "address-in-use", "undone", "guessed", "new-sign-in", "locked", "reuse", "copied",
    ] {
        keys.push(format!("mail-{letter}-subject"));
    }
    for name in ["change", "undo", "not-me"] {
        keys.extend(["title", "question", "button"].map(|part| format!("confirm-{name}-{part}")));
    }
    for card in ["passwords", "tokens", "replays", "quiet"] {
        keys.extend([format!("home-card-{card}-title"), format!("home-card-{card}-text")]);
    }
    keys
}
