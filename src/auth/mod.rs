//! The authentication contract shared by server and browser: validated input
//! types, what the server functions answer, and the one error type they fail with.

pub mod account_api;
pub mod api;
mod form_error;
mod reason;
mod server_fn_error;

pub use form_error::{GENERIC_CODES, form_error_code, form_error_message, form_error_text, generic, localized_message, too_many_message};
pub use reason::Reason;

use serde::{Deserialize, Serialize};

/// Passwords are accepted up to this many bytes and never truncated.
pub const PASSWORD_MAX_BYTES: usize = 1024;
/// A sign-in of an account an administrator locked.
pub const LOCKED_MESSAGE: &str = "This account is locked. Contact the people who run this site to unlock it.";
/// What a sensitive change answers when the session's authentication is not recent.
pub const REAUTH_MESSAGE: &str = "For your security, confirm it's you before making this change.";
/// What a password sign-in of an account with a second factor answers.
pub const SECOND_STEP_MESSAGE: &str = "Enter the code from your authenticator app to finish signing in.";
/// What the second step says about a code it cannot take.
pub const CODE_EMPTY: &str = "Enter the 6-digit code from your authenticator app.";
pub const CODE_SHAPE: &str = "Enter the 6 digits from your authenticator app, or one of your recovery codes.";
pub const CODE_WRONG: &str = "That code is not right, or was already used. Try the code your app shows now.";
/// A second step whose pending sign-in is gone.
pub const SECOND_STEP_EXPIRED: &str = "This sign-in has expired. Enter your e-mail and password again.";
/// What passkey calls answer on a server whose public URL is an IP address.
pub const PASSKEYS_UNAVAILABLE: &str =
    "Passkeys are not available at this address. They need the site to be opened by a host name, such as localhost.";
/// The field of errors the browser's WebAuthn API gave (cancelled, refused), as opposed to the server's.
pub const BROWSER_REFUSAL_FIELD: &str = "webauthn";
/// …and must have at least this many characters.
pub const PASSWORD_MIN_CHARS: usize = 8;
const EMAIL_MAX_BYTES: usize = 254;

/// An e-mail address, trimmed and lower-cased. Input is built through
/// [`Email::parse`], so holding one from a form means the shape was
/// checked; addresses read back from the database come `From<String>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Reason> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(Reason::EmailEmpty);
        }
        if email.len() > EMAIL_MAX_BYTES {
            return Err(Reason::EmailTooLong);
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err(Reason::EmailNoAt);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        // RFC 5322 "atext" (plus non-ASCII letters for internationalised
        // addresses), dot-separated; quoted local parts are not accepted.
        let local_ok = local.split('.').all(|atom| {
            !atom.is_empty() && atom.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c))
        });
        if !local_ok || !domain_ok {
            return Err(Reason::EmailShape);
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Reason::EmailSpaces);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or(&self.0, |(local, _)| local)
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A stored address, as it is read back: normalised like [`Email::parse`]
/// does, but never refused. An address stored under older, looser rules
/// must not lock its account out.
impl From<String> for Email {
    fn from(raw: String) -> Self {
        Self::parse(&raw).unwrap_or(Self(raw))
    }
}

/// A candidate password whose length is within bounds. Its `Debug` is
/// redacted so it cannot be logged by accident; strength is judged on the
/// server (`server::passwords`), which has the dictionaries.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl Password {
    pub fn parse(raw: String) -> Result<Self, Reason> {
        if raw.len() > PASSWORD_MAX_BYTES {
            return Err(Reason::PasswordTooLong);
        }
        if raw.chars().count() < PASSWORD_MIN_CHARS {
            return Err(Reason::PasswordTooShort);
        }
        Ok(Self(raw))
    }

    /// Any non-empty input of acceptable size, for checking against a stored
    /// hash: a password set under older rules must still be able to sign in.
    pub fn for_verification(raw: String) -> Result<Self, Reason> {
        if raw.is_empty() {
            return Err(Reason::PasswordEmpty);
        }
        if raw.len() > PASSWORD_MAX_BYTES {
            return Err(Reason::PasswordTooLong);
        }
        Ok(Self(raw))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// What kind of failure an [`AuthError`] is; each maps to one HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    Unauthorized,
    Forbidden,
    EmailTaken,
    TooLarge,
    RateLimited,
    Unavailable,
    Internal,
    /// The password was right; the account's second factor is asked next
    /// (`auth/second_factor`). No session exists yet.
    SecondFactorRequired,
    /// A sensitive change needs a recent authentication: confirm the
    /// password (or a passkey) at `account/reauth`, then try again.
    ReauthRequired,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            Self::InvalidInput => 400,
            Self::Unauthorized | Self::ReauthRequired | Self::SecondFactorRequired => 401,
            Self::Forbidden => 403,
            Self::EmailTaken => 409,
            Self::TooLarge => 413,
            Self::RateLimited => 429,
            Self::Internal => 500,
            Self::Unavailable => 503,
        }
    }
}

/// The error every server function fails with, serialised as JSON:
/// `{"code":"invalid_input","message":"…","field":"email"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct AuthError {
    pub code: ErrorCode,
    pub message: String,
    /// The form field the message is about, for inline errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Seconds to wait, with [`ErrorCode::RateLimited`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// Why the session cannot be refreshed, when it is known: the sign-in
    /// page the user is sent to says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionEnd>,
    /// Why, when the error was raised for a [`Reason`]: what code compares
    /// (never the message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

/// How a session ended, as a refusal to refresh it reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionEnd {
    /// Idle or absolute lifetime passed, or ended for a reason the user did
    /// not choose on another device (a replayed token).
    Expired,
    /// Signed out from another device, or by a password change there.
    Revoked,
    /// Signed out on this device (in another tab).
    SignedOut,
    /// Signed out, or locked, by the people who run the site (`keycard users …`).
    ByAdministrator,
}

impl SessionEnd {
    /// The `reason` the sign-in page is opened with.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Expired => "expired",
            Self::Revoked => "revoked",
            Self::SignedOut => "signed_out",
            Self::ByAdministrator => "administrator",
        }
    }

    pub const ALL: [Self; 4] = [Self::Expired, Self::Revoked, Self::SignedOut, Self::ByAdministrator];

    pub fn from_reason(reason: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|end| end.reason() == reason)
    }

    /// What the sign-in page says about it, in the page's language.
    pub fn text(self) -> String {
        crate::i18n::t(&format!("session-end-{}", self.reason()))
    }

    /// What the sign-in page says about it.
    pub fn message(self) -> &'static str {
        match self {
            Self::Revoked => "This device was signed out from another device.",
            Self::SignedOut => "You are signed out.",
            Self::ByAdministrator => "This device was signed out by the people who run this site.",
            Self::Expired => "Your session has ended. Please sign in again.",
        }
    }
}

/// Names the form field a failed parse is about: `Email::parse(&raw).in_field("email")?`.
pub trait InField<T> {
    fn in_field(self, field: &str) -> Result<T, AuthError>;
}

impl<T> InField<T> for Result<T, AuthError> {
    fn in_field(self, field: &str) -> Result<T, AuthError> {
        self.map_err(|e| e.on(field))
    }
}

impl<T> InField<T> for Result<T, Reason> {
    fn in_field(self, field: &str) -> Result<T, AuthError> {
        self.map_err(|reason| AuthError::because(reason).on(field))
    }
}

impl AuthError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: None, retry_after: None, session: None, reason: None }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self { field: Some(field.into()), ..Self::new(ErrorCode::InvalidInput, message) }
    }

    pub fn malformed() -> Self {
        Self::new(ErrorCode::InvalidInput, "The request is malformed or misses a field.")
    }

    pub fn unauthorized() -> Self {
        Self::new(ErrorCode::Unauthorized, "You are not signed in, or your session has ended.")
    }

    /// 401 for a sensitive change whose session authenticated too long ago.
    pub fn reauth_required() -> Self {
        Self::new(ErrorCode::ReauthRequired, REAUTH_MESSAGE)
    }

    /// 401 for a password sign-in that waits for its second factor.
    pub fn second_factor_required() -> Self {
        Self::new(ErrorCode::SecondFactorRequired, SECOND_STEP_MESSAGE)
    }

    /// 401 for a session that exists but can no longer be used, saying why.
    pub fn session_ended(end: SessionEnd) -> Self {
        Self { session: Some(end), ..Self::new(ErrorCode::Unauthorized, end.message()) }
    }
}

/// How the account can be signed in to, as the account page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodsView {
    /// Whether it has a password (an account made through a provider has
    /// none until it sets one through the reset link).
    pub password: bool,
    /// How many passkeys it has (their panel lists them).
    pub passkeys: usize,
    pub linked: Vec<LinkedProvider>,
    /// Providers the server offers that are not linked yet.
    pub available: Vec<ProviderView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedProvider {
    pub provider: String,
    pub name: String,
    /// The address the provider reported when it was linked.
    pub email: Option<String>,
    /// Unix seconds.
    pub linked_at: i64,
}

/// A provider people may sign in with: its id (in URLs) and its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderView {
    pub id: String,
    pub name: String,
}

/// The signed-in user as pages see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: String,
    pub email: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Whether the address was confirmed by a link.
    #[serde(default)]
    pub email_verified: bool,
}

/// Notices of requests whose outcome goes by mail, the same for every
/// address; pages show them after a no-JavaScript post too (`?sent=…`).
pub const NOTICE_REGISTERED: &str = "Check your inbox: we sent a link to confirm the address. It can take a minute to arrive.";
pub const NOTICE_RESENT: &str = "If an unconfirmed account uses this address, a new link is on its way.";
pub const NOTICE_RESET_SENT: &str = "If an account uses this address, a link to choose a new password is on its way.";
pub const NOTICE_EMAIL_SENT: &str =
    "Check the inbox of the new address: the change takes effect once you open the link we sent there.";
pub const NOTICE_UNDONE: &str = "The change of address was undone: the address is back, your new password is set, every device was signed out, and the passkeys, authenticator app and recovery codes were removed. Sign in with the new password, then add your own again.";
pub const NOTICE_REPORTED: &str = "That browser was signed out. If someone else knows your password, choose a new one now.";
pub const NOTICE_REPORTED_RESET: &str = "That browser and every other device were signed out, and your new password is set. Sign in with it.";
/// A sign-in refused: a wrong password, an unknown address, or an account
/// whose address is not confirmed yet (which answers the same, so that a
/// sign-in tells nobody whether an address has an account).
pub const BAD_CREDENTIALS: &str =
    "That e-mail and password don't match an account. If you just created it, open the link we mailed you first.";
/// The second step after too many wrong codes since the last sign-in.
pub const SECOND_STEP_BLOCKED: &str = "Too many wrong codes were entered for this account since it last signed in. Choose a new password (\"Forgot your password?\") to sign in again.";
/// A confirmation link asks for a password here.
pub const CHOOSE_PASSWORD: &str = "Choose a password for your account.";

/// What a used confirmation link did, and where to go from there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmed {
    pub message: String,
    /// A same-site path: the account, or the page to choose a new password.
    pub next: String,
}

/// What a link in a mail is for, as the page it opens tells before it is
/// used; `purpose` is `None` for a link that expired or was used.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkView {
    pub purpose: Option<String>,
    /// The address a change of address is about.
    pub detail: Option<String>,
    /// Whether using the link needs a new password: a verification from a
    /// browser that did not register, the undo of a change of address.
    #[serde(default)]
    pub needs_password: bool,
}

/// What a request whose outcome goes by mail answers: the same words
/// whatever the address, so the answer tells nobody whether it has an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub message: String,
}

/// What the client learns about its session: from every call that signs in or
/// refreshes, and from `me`. The tokens themselves travel only in HttpOnly
/// cookies; this says when to refresh.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: UserView,
    pub session_id: String,
    /// Unix seconds, server clock.
    pub access_expires_at: i64,
    /// The server's clock (unix milliseconds) when it answered, to correct skew.
    pub server_time_ms: i64,
    /// The session is bound to a key this browser holds (Device Bound
    /// Session Credentials): the browser renews the access cookie itself,
    /// and the session keeper only asks once it has run out.
    #[serde(default)]
    pub bound: bool,
}

/// The account's second factors, as the account page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactorsView {
    /// Since when an authenticator app protects password sign-ins (unix seconds).
    pub totp_since: Option<i64>,
    pub recovery_codes_left: i64,
    /// An authenticator app being added, waiting for its first code.
    pub setup: Option<TotpSetup>,
    pub passkeys: Vec<PasskeyView>,
    /// False when this server cannot offer passkeys (its public URL is an IP address).
    pub passkeys_available: bool,
}

/// One passkey of the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyView {
    /// The credential id, base64url: what rename and remove are given.
    pub id: String,
    pub name: String,
    /// Unix seconds.
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// A passkey just added; the recovery codes (shown once) when it is the
/// account's first second factor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyAdded {
    pub passkey: PasskeyView,
    pub recovery_codes: Option<Vec<String>>,
}

/// A WebAuthn ceremony begun: the id to finish it with, and the options
/// for `navigator.credentials` as JSON (`{"publicKey": …, "mediation": …}`,
/// binary fields in base64url).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyChallenge {
    pub ceremony: String,
    pub options: String,
}

/// What adding an authenticator app shows: the secret as a QR code and as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    /// Base32, in groups of four, for typing into an app.
    pub secret: String,
    /// The `otpauth://` URI the QR code holds.
    pub uri: String,
    /// The QR code as an SVG document, rendered on the server.
    pub qr_svg: String,
}

/// New recovery codes: shown once, stored only as hashes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

/// One signed-in device, as the account page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub session_id: String,
    /// Browser and operating system, from the user agent ("Chrome 120 on Linux").
    pub device: String,
    pub ip: String,
    /// Unix seconds.
    pub signed_in_at: i64,
    pub last_active_at: i64,
    pub this_device: bool,
    /// Bound to a key that browser holds: copied cookies cannot continue it.
    #[serde(default)]
    pub bound: bool,
}

/// One entry of the security activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityView {
    /// Machine name, e.g. `sign_in_failed`.
    pub kind: String,
    /// Human wording, e.g. "Failed sign-in attempt".
    pub label: String,
    pub device: String,
    pub ip: String,
    /// Unix seconds.
    pub at: i64,
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters and
/// `/` pass through). Shared by both builds, so it needs no URL crate.
pub fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `path`, with `?next=` when there is a safe one to carry on to.
pub fn keeping_next_path(path: &str, next: Option<&str>) -> String {
    match safe_next(next) {
        Some(next) => format!("{path}?next={}", encode_query_value(&next)),
        None => path.to_owned(),
    }
}

/// `next` targets are same-site paths only: `/account?tab=1` passes;
/// `https://evil.example`, `//evil.example` and `/\\evil.example` do not.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\')
        && next.len() <= 512;
    ok.then(|| next.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn email_parsing_never_panics_and_normalises_once(raw in "\\PC{0,300}") {
            if let Ok(email) = Email::parse(&raw) {
                proptest::prop_assert_eq!(Email::parse(email.as_str()).unwrap(), email.clone());
                proptest::prop_assert!(!email.as_str().chars().any(|c| c.is_whitespace() || c.is_uppercase()));
            }
        }

        #[test]
        fn next_is_always_a_local_path(raw in "\\PC{0,80}") {
            if let Some(next) = safe_next(Some(&raw)) {
                proptest::prop_assert!(next.starts_with('/') && !next.starts_with("//"));
                proptest::prop_assert!(!next.contains('\\'));
            }
        }

        #[test]
        fn password_bounds_hold_for_any_input(raw in "\\PC{0,1100}") {
            if let Ok(p) = Password::parse(raw.clone()) {
                proptest::prop_assert!(p.expose().len() <= PASSWORD_MAX_BYTES && p.expose().chars().count() >= PASSWORD_MIN_CHARS);
                proptest::prop_assert_eq!(p.expose(), raw.as_str(), "never truncated");
            }
        }
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode_query_value("/account?x=1&y"), "/account%3Fx%3D1%26y");
        assert_eq!(encode_query_value("Try again in 2 seconds."), "Try%20again%20in%202%20seconds.");
        assert_eq!(encode_query_value("é"), "%C3%A9");
    }

    #[test]
    fn next_is_limited_to_same_site_paths() {
        assert_eq!(safe_next(Some("/account?x=1")).as_deref(), Some("/account?x=1"));
        for bad in ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "account", "/a\nb"] {
            assert_eq!(safe_next(Some(bad)), None, "{bad:?}");
        }
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(Email::parse("  Ada@Example.COM ").unwrap().as_str(), "ada@example.com");
        assert_eq!(Email::parse("ada@example.com").unwrap().local_part(), "ada");
        assert!(Email::parse("o'brien+tag@example.com").is_ok());
        assert!(Email::parse("zoë@exämple.com").is_ok());
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in ["", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "a da@example.com",
            "ada@exa mple.com", "ada@.example.com", "ada@example..com", "ada@example.com'--",
            "<b>ada</b>@example.com", "a..da@example.com", ".ada@example.com", "\"ada\"@example.com"]
        {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(Email::parse(&format!("{}@example.com", "a".repeat(300))).is_err());
    }

    #[test]
    fn password_bounds_are_characters_and_bytes() {
        assert!(Password::parse("short".into()).is_err());
        assert!(Password::parse("ééééééé".into()).is_err(), "7 characters, 14 bytes");
        assert!(Password::parse("éééééééé".into()).is_ok());
        assert!(Password::parse("x".repeat(1024)).is_ok());
        assert!(Password::parse("x".repeat(1025)).is_err());
        assert!(Password::for_verification(String::new()).is_err());
        assert!(Password::for_verification("short".into()).is_ok());
    }

    #[test]
    fn password_debug_is_redacted() {
        let p = Password::parse("hunter2hunter2".into()).unwrap();
        assert!(!format!("{p:?}").contains("hunter2"));
    }

    #[test]
    fn error_codes_map_to_statuses() {
        assert_eq!(ErrorCode::InvalidInput.status(), 400);
        assert_eq!(ErrorCode::Unauthorized.status(), 401);
        assert_eq!(ErrorCode::EmailTaken.status(), 409);
        assert_eq!(ErrorCode::RateLimited.status(), 429);
        assert_eq!(ErrorCode::ReauthRequired.status(), 401);
        assert_eq!(serde_json::to_string(&AuthError::reauth_required().code).unwrap(), r#""reauth_required""#);
        assert_eq!(ErrorCode::Unavailable.status(), 503);
        let json = serde_json::to_string(&AuthError::invalid("email", "bad")).unwrap();
        assert_eq!(json, r#"{"code":"invalid_input","message":"bad","field":"email"}"#);
    }
}
