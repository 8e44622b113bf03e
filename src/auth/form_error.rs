//! Errors a no-JavaScript form post is sent back with.
//!
//! The redirect carries a short code (`?error=bad_credentials`), never text:
//! a link someone else crafted cannot make a keycard page say anything
//! keycard did not write. Both the server and the hydrated client turn the
//! code back into the message, so the page reads the same either way.

use super::{AuthError, ErrorCode, LOCKED_MESSAGE, PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARS};

/// Messages whose text is fixed, by code.
fn fixed() -> [(&'static str, String); 26] {
    [
        ("email_empty", "Enter your e-mail address.".into()),
        ("email_too_long", "That e-mail address is too long.".into()),
        ("email_no_at", "An e-mail address needs an @, like name@example.com.".into()),
        ("email_shape", "That doesn't look like an e-mail address, like name@example.com.".into()),
        ("email_spaces", "An e-mail address cannot contain spaces.".into()),
        ("password_empty", "Enter your password.".into()),
        ("password_too_long", format!("Passwords can be at most {PASSWORD_MAX_BYTES} bytes long.")),
        ("password_too_short", format!("Use at least {PASSWORD_MIN_CHARS} characters.")),
        ("password_like_email", "Choose a password that is not based on your e-mail address.".into()),
        ("bad_credentials", super::BAD_CREDENTIALS.into()),
        ("wrong_password", "That password is not correct.".into()),
        ("busy", "The server is busy right now. Please try again in a moment.".into()),
        ("password_changed", "Your password was changed meanwhile. Sign in again with the new one.".into()),
        ("no_such_device", "There is no such signed-in device.".into()),
        ("link_invalid", "This link has expired or was already used. Ask for a new one.".into()),
        ("unverified", "Confirm your e-mail address first: open the link we sent you, or ask for a new one.".into()),
        ("same_address", "That is already your address.".into()),
        ("address_taken", "That address now belongs to another account; nothing was changed.".into()),
        ("token_missing", "This link is incomplete. Open it from the mail again, or ask for a new one.".into()),
        ("account_locked", LOCKED_MESSAGE.into()),
        ("second_step_expired", super::SECOND_STEP_EXPIRED.into()),
        ("code_empty", super::CODE_EMPTY.into()),
        ("code_shape", super::CODE_SHAPE.into()),
        ("code_wrong", super::CODE_WRONG.into()),
        ("second_step_blocked", super::SECOND_STEP_BLOCKED.into()),
        ("choose_password", super::CHOOSE_PASSWORD.into()),
    ]
}

const WEAK_PREFIX: &str = "This password is too easy to guess";
const WEAK: &str = "This password is too easy to guess. Try a longer phrase of unrelated words.";
/// What a sign-in limit counts, in its message.
pub const SIGN_IN_ATTEMPTS: &str = "failed sign-in attempts";
/// What a sign-in limit counts when attempts are still being checked (none
/// may have failed), in its message.
pub const SIGN_INS_AT_ONCE: &str = "sign-in attempts at once";
/// What a registration limit counts, in its message.
pub const NEW_ACCOUNTS: &str = "new accounts from here";
/// What the limit on mail-sending requests counts, in its message.
pub const REQUESTS: &str = "requests from here";
/// Rate-limit messages carry their wait: `<code>.<seconds>`.
const LIMITS: [(&str, &str); 4] = [
    ("signin_limited", SIGN_IN_ATTEMPTS),
    ("signin_busy", SIGN_INS_AT_ONCE),
    ("register_limited", NEW_ACCOUNTS),
    ("requests_limited", REQUESTS),
];

/// "Too many failed sign-in attempts. Try again in 42 seconds."
pub fn too_many_message(what: &str, secs: u64) -> String {
    format!("Too many {what}. Try again in {secs} second{}.", if secs == 1 { "" } else { "s" })
}

fn generic(code: ErrorCode) -> (&'static str, &'static str) {
    match code {
        ErrorCode::InvalidInput => ("invalid", "Please check what you entered and try again."),
        ErrorCode::Unauthorized => ("unauthorized", "You are not signed in, or your session has ended."),
        ErrorCode::Forbidden => ("forbidden", "That is not allowed."),
        ErrorCode::EmailTaken => ("taken", "That already exists."),
        ErrorCode::TooLarge => ("too_large", "The request is too large."),
        ErrorCode::RateLimited => ("limited", "Too many attempts. Please wait a little and try again."),
        ErrorCode::Unavailable => ("unavailable", "The service is temporarily unavailable. Please try again shortly."),
        ErrorCode::Internal => ("internal", "Something went wrong on our side. Please try again."),
        ErrorCode::ReauthRequired => ("reauth_required", super::REAUTH_MESSAGE),
        ErrorCode::SecondFactorRequired => ("second_factor_required", super::SECOND_STEP_MESSAGE),
    }
}

/// The code a form redirect carries for `err`.
pub fn form_error_code(err: &AuthError) -> String {
    if let Some((code, _)) = fixed().into_iter().find(|(_, message)| *message == err.message) {
        return code.into();
    }
    if err.message.starts_with(WEAK_PREFIX) {
        return "password_weak".into();
    }
    if let (ErrorCode::RateLimited, Some(secs)) = (err.code, err.retry_after) {
        if let Some((code, _)) = LIMITS.iter().find(|(_, what)| err.message.starts_with(&format!("Too many {what}."))) {
            return format!("{code}.{}", secs.clamp(1, 86_400));
        }
    }
    generic(err.code).0.into()
}

/// The message for a code from the URL; `None` for anything keycard does not send.
pub fn form_error_message(code: &str) -> Option<String> {
    if let Some((_, message)) = fixed().into_iter().find(|(c, _)| *c == code) {
        return Some(message);
    }
    if code == "password_weak" {
        return Some(WEAK.into());
    }
    if let Some((name, secs)) = code.split_once('.') {
        let (_, what) = LIMITS.iter().find(|(c, _)| *c == name)?;
        let secs: u64 = secs.parse().ok().filter(|s| (1..=86_400).contains(s))?;
        return Some(too_many_message(what, secs));
    }
    [
        ErrorCode::InvalidInput,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::EmailTaken,
        ErrorCode::TooLarge,
        ErrorCode::RateLimited,
        ErrorCode::Unavailable,
        ErrorCode::Internal,
        ErrorCode::ReauthRequired,
        ErrorCode::SecondFactorRequired,
    ]
    .into_iter()
    .map(generic)
    .find(|(c, _)| *c == code)
    .map(|(_, message)| message.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Email, Password};

    fn round_trip(err: &AuthError) -> String {
        form_error_message(&form_error_code(err)).expect("every code we send has a message")
    }

    #[test]
    fn the_messages_of_the_input_rules_survive_the_round_trip() {
        for raw in ["", &"a".repeat(300), "no-at-sign", "a@b", "a b@example.com"] {
            let message = Email::parse(raw).unwrap_err();
            let err = AuthError::invalid("email", message.clone());
            assert_ne!(form_error_code(&err), "invalid", "{message}");
            assert_eq!(round_trip(&err), message);
        }
        for raw in ["short", &"x".repeat(2000)] {
            let message = Password::parse(raw.to_owned()).unwrap_err();
            assert_eq!(round_trip(&AuthError::invalid("password", message.clone())), message);
        }
        for message in [crate::auth::CODE_EMPTY, crate::auth::CODE_SHAPE, crate::auth::CODE_WRONG] {
            assert_eq!(round_trip(&AuthError::invalid("code", message)), message, "the second step's messages survive too");
        }
        let message = Password::for_verification(String::new()).unwrap_err();
        assert_eq!(round_trip(&AuthError::invalid("password", message.clone())), message);
    }

    #[test]
    fn dynamic_messages_keep_what_matters() {
        let weak = AuthError::invalid("password", "This password is too easy to guess (a common word). Try a longer phrase of unrelated words.");
        assert_eq!(round_trip(&weak), WEAK);
        let limited = AuthError {
            retry_after: Some(42),
            ..AuthError::new(ErrorCode::RateLimited, "Too many failed sign-in attempts. Try again in 42 seconds.")
        };
        assert_eq!(form_error_code(&limited), "signin_limited.42");
        assert_eq!(round_trip(&limited), limited.message);
        assert_eq!(form_error_code(&AuthError::reauth_required()), "reauth_required");
        assert_eq!(round_trip(&AuthError::reauth_required()), crate::auth::REAUTH_MESSAGE);
        let unknown = AuthError::new(ErrorCode::Unavailable, "Some text we did not list.");
        assert_eq!(round_trip(&unknown), "The service is temporarily unavailable. Please try again shortly.");
    }

    #[test]
    fn text_in_the_url_is_never_shown() {
        for forged in [
            "Your account is locked. Call +1 555 0100",
            "That e-mail and password don't match an account.",
            "signin_limited.99999999",
            "signin_limited.x",
            "nonsense.5",
            "",
        ] {
            assert_eq!(form_error_message(forged), None, "{forged}");
        }
    }
}
