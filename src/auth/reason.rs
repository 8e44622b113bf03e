//! Why a request was refused, as a type: each [`Reason`] has its code (what
//! a no-JavaScript form redirect carries, `?error=bad_credentials`), its
//! user-facing message and its kind of failure ([`ErrorCode`], hence the
//! HTTP status), written once, here. An [`AuthError`] raised for a reason
//! carries it, so nothing recognises an error by its text.

use serde::{Deserialize, Serialize};

use super::{AuthError, ErrorCode};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    EmailEmpty,
    EmailTooLong,
    EmailNoAt,
    EmailShape,
    EmailSpaces,
    PasswordEmpty,
    PasswordTooLong,
    PasswordTooShort,
    PasswordLikeEmail,
    /// zxcvbn rated the password easy to guess (the message may add why).
    PasswordWeak,
    /// A wrong password, an unknown address, or an unconfirmed account.
    BadCredentials,
    /// The password re-entered on a signed-in device is not the account's.
    WrongPassword,
    Busy,
    PasswordChanged,
    NoSuchDevice,
    LinkInvalid,
    /// Where an expired verification link sends its reader.
    Unverified,
    SameAddress,
    AddressTaken,
    TokenMissing,
    AccountLocked,
    SecondStepExpired,
    CodeEmpty,
    CodeShape,
    CodeWrong,
    SecondStepBlocked,
    ChoosePassword,
    PasskeysUnavailable,
    /// Limits: their message says how long to wait (`too_many_message`).
    SignInLimited,
    SignInBusy,
    RegisterLimited,
    RequestsLimited,
    /// Another provider (OpenID Connect): down, or its answer refused.
    ProviderUnavailable,
    ProviderRefused,
    /// It did not say (as a boolean) that the address is verified.
    ProviderUnverified,
    /// The address is outside the domains the operator allows for it.
    ProviderDomain,
    /// An account has the address: its owner signs in and links.
    ProviderAccountExists,
    /// The identity belongs to another account.
    IdentityTaken,
    /// Removing this would leave the account no way to sign in.
    LastSignInMethod,
    /// The session is bound to a key its own browser holds: its refresh
    /// cookie alone renews nothing (a copied cookie jar, or a browser whose
    /// renewal failed and will be tried again).
    SessionBound,
    /// A browser's signed answer to a challenge (binding or renewing a
    /// session) did not verify.
    ProofRefused,
    // Passkeys: their ceremonies, names and number.
    PasskeyUnreadable,
    PasskeyNotVerified,
    PasskeyExpired,
    PasskeyUnknown,
    NoSuchPasskey,
    PasskeyNameEmpty,
    PasskeyNameTooLong,
    PasskeyNameControl,
    PasskeysBusy,
    PasskeyLimit,
    PasskeyAddRefused,
    PasskeyExists,
    NoPasskey,
    // The authenticator app and the recovery codes.
    AppExists,
    AppCodeShape,
    AppCodeWrong,
    AppSetupExpired,
    AppSetupChanged,
    NoApp,
    CodesNeedFactor,
    /// Unlinking a provider the account has not linked.
    ProviderNotLinked,
}

impl Reason {
    /// Every reason, for looking one up by its code.
    pub const ALL: [Self; 62] = [
        Self::EmailEmpty,
        Self::EmailTooLong,
        Self::EmailNoAt,
        Self::EmailShape,
        Self::EmailSpaces,
        Self::PasswordEmpty,
        Self::PasswordTooLong,
        Self::PasswordTooShort,
        Self::PasswordLikeEmail,
        Self::PasswordWeak,
        Self::BadCredentials,
        Self::WrongPassword,
        Self::Busy,
        Self::PasswordChanged,
        Self::NoSuchDevice,
        Self::LinkInvalid,
        Self::Unverified,
        Self::SameAddress,
        Self::AddressTaken,
        Self::TokenMissing,
        Self::AccountLocked,
        Self::SecondStepExpired,
        Self::CodeEmpty,
        Self::CodeShape,
        Self::CodeWrong,
        Self::SecondStepBlocked,
        Self::ChoosePassword,
        Self::PasskeysUnavailable,
        Self::SignInLimited,
        Self::SignInBusy,
        Self::RegisterLimited,
        Self::RequestsLimited,
        Self::ProviderUnavailable,
        Self::ProviderRefused,
        Self::ProviderUnverified,
        Self::ProviderDomain,
        Self::ProviderAccountExists,
        Self::IdentityTaken,
        Self::LastSignInMethod,
        Self::SessionBound,
        Self::ProofRefused,
        Self::PasskeyUnreadable,
        Self::PasskeyNotVerified,
        Self::PasskeyExpired,
        Self::PasskeyUnknown,
        Self::NoSuchPasskey,
        Self::PasskeyNameEmpty,
        Self::PasskeyNameTooLong,
        Self::PasskeyNameControl,
        Self::PasskeysBusy,
        Self::PasskeyLimit,
        Self::PasskeyAddRefused,
        Self::PasskeyExists,
        Self::NoPasskey,
        Self::AppExists,
        Self::AppCodeShape,
        Self::AppCodeWrong,
        Self::AppSetupExpired,
        Self::AppSetupChanged,
        Self::NoApp,
        Self::CodesNeedFactor,
        Self::ProviderNotLinked,
    ];

    /// The code a no-JavaScript form redirect carries.
    pub fn code(self) -> &'static str {
        match self {
            Self::EmailEmpty => "email_empty",
            Self::EmailTooLong => "email_too_long",
            Self::EmailNoAt => "email_no_at",
            Self::EmailShape => "email_shape",
            Self::EmailSpaces => "email_spaces",
            Self::PasswordEmpty => "password_empty",
            Self::PasswordTooLong => "password_too_long",
            Self::PasswordTooShort => "password_too_short",
            Self::PasswordLikeEmail => "password_like_email",
            Self::PasswordWeak => "password_weak",
            Self::BadCredentials => "bad_credentials",
            Self::WrongPassword => "wrong_password",
            Self::Busy => "busy",
            Self::PasswordChanged => "password_changed",
            Self::NoSuchDevice => "no_such_device",
            Self::LinkInvalid => "link_invalid",
            Self::Unverified => "unverified",
            Self::SameAddress => "same_address",
            Self::AddressTaken => "address_taken",
            Self::TokenMissing => "token_missing",
            Self::AccountLocked => "account_locked",
            Self::SecondStepExpired => "second_step_expired",
            Self::CodeEmpty => "code_empty",
            Self::CodeShape => "code_shape",
            Self::CodeWrong => "code_wrong",
            Self::SecondStepBlocked => "second_step_blocked",
            Self::ChoosePassword => "choose_password",
            Self::PasskeysUnavailable => "passkeys_unavailable",
            Self::SignInLimited => "signin_limited",
            Self::SignInBusy => "signin_busy",
            Self::RegisterLimited => "register_limited",
            Self::RequestsLimited => "requests_limited",
            Self::ProviderUnavailable => "provider_unavailable",
            Self::ProviderRefused => "provider_refused",
            Self::ProviderUnverified => "provider_unverified",
            Self::ProviderDomain => "provider_domain",
            Self::ProviderAccountExists => "provider_account_exists",
            Self::IdentityTaken => "identity_taken",
            Self::LastSignInMethod => "last_sign_in_method",
            Self::SessionBound => "session_bound",
            Self::ProofRefused => "proof_refused",
            Self::PasskeyUnreadable => "passkey_unreadable",
            Self::PasskeyNotVerified => "passkey_not_verified",
            Self::PasskeyExpired => "passkey_expired",
            Self::PasskeyUnknown => "passkey_unknown",
            Self::NoSuchPasskey => "no_such_passkey",
            Self::PasskeyNameEmpty => "passkey_name_empty",
            Self::PasskeyNameTooLong => "passkey_name_too_long",
            Self::PasskeyNameControl => "passkey_name_control",
            Self::PasskeysBusy => "passkeys_busy",
            Self::PasskeyLimit => "passkey_limit",
            Self::PasskeyAddRefused => "passkey_add_refused",
            Self::PasskeyExists => "passkey_exists",
            Self::NoPasskey => "no_passkey",
            Self::AppExists => "app_exists",
            Self::AppCodeShape => "app_code_shape",
            Self::AppCodeWrong => "app_code_wrong",
            Self::AppSetupExpired => "app_setup_expired",
            Self::AppSetupChanged => "app_setup_changed",
            Self::NoApp => "no_app",
            Self::CodesNeedFactor => "codes_need_factor",
            Self::ProviderNotLinked => "provider_not_linked",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What the user reads. For a limit, what it counts ("failed sign-in
    /// attempts"): its message adds the wait.
    pub fn message(self) -> &'static str {
        match self {
            Self::EmailEmpty => "Enter your e-mail address.",
            Self::EmailTooLong => "That e-mail address is too long.",
            Self::EmailNoAt => "An e-mail address needs an @, like name@example.com.",
            Self::EmailShape => "That doesn't look like an e-mail address, like name@example.com.",
            Self::EmailSpaces => "An e-mail address cannot contain spaces.",
            Self::PasswordEmpty => "Enter your password.",
            Self::PasswordTooLong => "Passwords can be at most 1024 bytes long.",
            Self::PasswordTooShort => "Use at least 8 characters.",
            Self::PasswordLikeEmail => "Choose a password that is not based on your e-mail address.",
            Self::PasswordWeak => "This password is too easy to guess. Try a longer phrase of unrelated words.",
            Self::BadCredentials => super::BAD_CREDENTIALS,
            Self::WrongPassword => "That password is not correct.",
            Self::Busy => "The server is busy right now. Please try again in a moment.",
            Self::PasswordChanged => "Your password was changed meanwhile. Sign in again with the new one.",
            Self::NoSuchDevice => "There is no such signed-in device.",
            Self::LinkInvalid => "This link has expired or was already used. Ask for a new one.",
            Self::Unverified => "Confirm your e-mail address first: open the link we sent you, or ask for a new one.",
            Self::SameAddress => "That is already your address.",
            Self::AddressTaken => "That address now belongs to another account; nothing was changed.",
            Self::TokenMissing => "This link is incomplete. Open it from the mail again, or ask for a new one.",
            Self::AccountLocked => super::LOCKED_MESSAGE,
            Self::SecondStepExpired => super::SECOND_STEP_EXPIRED,
            Self::CodeEmpty => super::CODE_EMPTY,
            Self::CodeShape => super::CODE_SHAPE,
            Self::CodeWrong => super::CODE_WRONG,
            Self::SecondStepBlocked => super::SECOND_STEP_BLOCKED,
            Self::ChoosePassword => super::CHOOSE_PASSWORD,
            Self::PasskeysUnavailable => super::PASSKEYS_UNAVAILABLE,
            Self::ProviderUnavailable => "That provider cannot be reached right now. Sign in another way, or try again in a moment.",
            Self::ProviderRefused => "The sign-in with that provider did not complete. Please start it again.",
            Self::ProviderUnverified => {
                "That provider did not confirm your e-mail address, so no account was made with it. Confirm the address there, or register with a password."
            }
            Self::ProviderDomain => "Addresses at that domain cannot sign in with this provider here.",
            Self::ProviderAccountExists => {
                "An account with this e-mail address exists already. Sign in to it with its password or passkey, then link the provider from your account page."
            }
            Self::IdentityTaken => "That account at the provider is linked to another account here.",
            Self::LastSignInMethod => {
                "This is the last way to sign in to your account. Set a password (through 'Forgot your password?') or add a passkey first."
            }
            Self::SessionBound => "This session is protected by the device it was opened on, and only that browser can keep it going. Please sign in.",
            Self::ProofRefused => "The browser's proof for this session could not be verified.",
            Self::PasskeyUnreadable => "The browser's answer could not be read. Try again.",
            Self::PasskeyNotVerified => "That passkey could not be verified. Try again, or use your password.",
            Self::PasskeyExpired => "This passkey request has expired. Try again.",
            Self::PasskeyUnknown => "This passkey is not registered here (it may have been removed). Sign in with your password.",
            Self::NoSuchPasskey => "No such passkey.",
            Self::PasskeyNameEmpty => "Give the passkey a name, such as the device it is on.",
            Self::PasskeyNameTooLong => "A passkey name has at most 64 characters.",
            Self::PasskeyNameControl => "A passkey name cannot contain control characters.",
            Self::PasskeysBusy => "Too many passkey requests are under way. Try again in a few minutes.",
            Self::PasskeyLimit => "An account holds at most 20 passkeys. Remove one first.",
            Self::PasskeyAddRefused => "The passkey could not be added: the browser's answer did not verify. Try again.",
            Self::PasskeyExists => "This passkey is registered already.",
            Self::NoPasskey => "This account has no passkey.",
            Self::AppExists => "An authenticator app is already set up. Remove it first to set up another.",
            Self::AppCodeShape => "Enter the 6-digit code your authenticator app shows now.",
            Self::AppCodeWrong => "That code is not right. Check that the app's clock is correct and try the code it shows now.",
            Self::AppSetupExpired => "This setup has expired. Start again to get a new QR code.",
            Self::AppSetupChanged => "This setup changed meanwhile (in another tab?). Reload the page.",
            Self::NoApp => "No authenticator app is set up.",
            Self::CodesNeedFactor => "Set up an authenticator app or a passkey first: recovery codes stand in for them.",
            Self::ProviderNotLinked => "That provider is not linked to your account.",

            Self::SignInLimited => "failed sign-in attempts",
            Self::SignInBusy => "sign-in attempts at once",
            Self::RegisterLimited => "new accounts from here",
            Self::RequestsLimited => "requests from here",
        }
    }

    /// Whether this is a limit, whose message carries the wait.
    pub fn is_limit(self) -> bool {
        matches!(self, Self::SignInLimited | Self::SignInBusy | Self::RegisterLimited | Self::RequestsLimited)
    }

    /// The kind of failure, hence the HTTP status.
    pub fn kind(self) -> ErrorCode {
        match self {
            Self::BadCredentials | Self::SecondStepExpired => ErrorCode::Unauthorized,
            Self::WrongPassword | Self::PasswordChanged | Self::Unverified | Self::AccountLocked | Self::SecondStepBlocked => {
                ErrorCode::Forbidden
            }
            Self::Busy | Self::ProviderUnavailable => ErrorCode::Unavailable,
            Self::ProviderRefused | Self::SessionBound | Self::ProofRefused => ErrorCode::Unauthorized,
            Self::ProviderUnverified | Self::ProviderDomain | Self::ProviderAccountExists | Self::IdentityTaken => {
                ErrorCode::Forbidden
            }
            Self::SignInLimited | Self::SignInBusy | Self::RegisterLimited | Self::RequestsLimited => ErrorCode::RateLimited,
            Self::PasskeyNotVerified | Self::PasskeyUnknown => ErrorCode::Unauthorized,
            Self::PasskeysBusy => ErrorCode::Unavailable,
            _ => ErrorCode::InvalidInput,
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl AuthError {
    /// The error of `reason`: its kind, its message, and the reason itself.
    pub fn because(reason: Reason) -> Self {
        Self { reason: Some(reason), ..Self::new(reason.kind(), reason.message()) }
    }

    /// The same error, about the form field `field`.
    pub fn on(self, field: &str) -> Self {
        Self { field: Some(field.into()), ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARS};

    #[test]
    fn codes_are_unique_and_round_trip() {
        for reason in Reason::ALL {
            assert_eq!(Reason::from_code(reason.code()), Some(reason), "{reason:?}");
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.code()).replace("signin_", "sign_in_"), "{reason:?}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_passkey_limits_say_their_numbers() {
        use crate::server::auth::passkeys::{MAX_PASSKEYS, NAME_MAX_CHARS};
        assert!(Reason::PasskeyNameTooLong.message().contains(&format!("at most {NAME_MAX_CHARS} ")));
        assert!(Reason::PasskeyLimit.message().contains(&format!("at most {MAX_PASSKEYS} ")));
    }

    #[test]
    fn the_length_rules_say_their_numbers() {
        assert!(Reason::PasswordTooLong.message().contains(&PASSWORD_MAX_BYTES.to_string()));
        assert!(Reason::PasswordTooShort.message().contains(&PASSWORD_MIN_CHARS.to_string()));
    }
}
