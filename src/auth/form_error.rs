//! Errors a no-JavaScript form post is sent back with.
//!
//! The redirect carries a short code (`?error=bad_credentials`), never text:
//! a link someone else crafted cannot make a keycard page say anything
//! keycard did not write. The code is the error's [`Reason`]; both the
//! server and the hydrated client turn it back into the message, so the
//! page reads the same either way.

use super::{AuthError, ErrorCode, Reason};
use crate::i18n::{Arg, Lang, text};

/// "Too many failed sign-in attempts. Try again in 42 seconds."
pub fn too_many_message(limit: Reason, secs: u64) -> String {
    format!("Too many {}. Try again in {secs} second{}.", limit.message(), if secs == 1 { "" } else { "s" })
}

/// The kinds of failure a form redirect may carry when no reason says more.
pub const GENERIC_CODES: [ErrorCode; 10] = [
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
];

/// The code of a kind of failure in a form redirect, and its message.
pub fn generic(code: ErrorCode) -> (&'static str, &'static str) {
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

/// The code a form redirect carries for `err`: its reason's (with the wait,
/// for a limit), or else its kind's.
pub fn form_error_code(err: &AuthError) -> String {
    match (err.reason, err.retry_after) {
        (Some(limit), Some(secs)) if limit.is_limit() => format!("{}.{}", limit.code(), secs.clamp(1, 86_400)),
        (Some(reason), _) if !reason.is_limit() => reason.code().into(),
        _ => generic(err.code).0.into(),
    }
}

/// The message for a code from the URL; `None` for anything keycard does not send.
pub fn form_error_message(code: &str) -> Option<String> {
    if let Some((name, secs)) = code.split_once('.') {
        let limit = Reason::from_code(name).filter(|r| r.is_limit())?;
        let secs: u64 = secs.parse().ok().filter(|s| (1..=86_400).contains(s))?;
        return Some(too_many_message(limit, secs));
    }
    if let Some(reason) = Reason::from_code(code).filter(|r| !r.is_limit()) {
        return Some(reason.message().into());
    }
    GENERIC_CODES
    .into_iter()
    .map(generic)
    .find(|(c, _)| *c == code)
    .map(|(_, message)| message.into())
}

/// [`form_error_message`] in `lang`, from the catalogues (`crate::i18n`):
/// the same code, the same sense, in the reader's words.
pub fn form_error_text(code: &str, lang: Lang) -> Option<String> {
    form_error_message(code)?;
    Some(match code.split_once('.') {
        Some((name, secs)) => {
            let secs: i64 = secs.parse().unwrap_or(1);
            let what = text(lang, &format!("limit-{name}"), &[]);
            let wait = text(lang, "wait-seconds", &[("n", Arg::Num(secs))]);
            text(lang, "too-many", &[("what", Arg::Text(what)), ("wait", Arg::Text(wait))])
        }
        None if Reason::from_code(code).is_some() => text(lang, &format!("reason-{code}"), &[]),
        None => text(lang, &format!("error-{code}"), &[]),
    })
}

/// The message of `err` in `lang`: that of its reason, or of how its
/// session ended, or of its kind when it says no more than its kind.
/// `None` for a message of its own that the catalogues do not have yet:
/// it stays as written (in English) rather than say something vaguer.
pub fn localized_message(err: &AuthError, lang: Lang) -> Option<String> {
    match (err.reason, err.session) {
        (Some(_), _) => form_error_text(&form_error_code(err), lang),
        (None, Some(end)) => Some(text(lang, &format!("session-end-{}", end.reason()), &[])),
        (None, None) if err.message == generic(err.code).1 => form_error_text(&form_error_code(err), lang),
        (None, None) => None,
    }
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
            let reason = Email::parse(raw).unwrap_err();
            let err = AuthError::because(reason).on("email");
            assert_ne!(form_error_code(&err), "invalid", "{reason}");
            assert_eq!(round_trip(&err), reason.message());
        }
        for raw in ["short", &"x".repeat(2000)] {
            let reason = Password::parse(raw.to_owned()).unwrap_err();
            assert_eq!(round_trip(&AuthError::because(reason).on("password")), reason.message());
        }
        for reason in [Reason::CodeEmpty, Reason::CodeShape, Reason::CodeWrong] {
            assert_eq!(round_trip(&AuthError::because(reason).on("code")), reason.message(), "the second step's messages survive too");
        }
        let reason = Password::for_verification(String::new()).unwrap_err();
        assert_eq!(round_trip(&AuthError::because(reason).on("password")), reason.message());
    }

    #[test]
    fn dynamic_messages_keep_what_matters() {
        let weak = AuthError {
            message: "This password is too easy to guess (a common word). Try a longer phrase of unrelated words.".into(),
            ..AuthError::because(Reason::PasswordWeak).on("password")
        };
        assert_eq!(round_trip(&weak), Reason::PasswordWeak.message());
        let limited = AuthError {
            retry_after: Some(42),
            message: too_many_message(Reason::SignInLimited, 42),
            ..AuthError::because(Reason::SignInLimited)
        };
        assert_eq!(form_error_code(&limited), "signin_limited.42");
        assert_eq!(round_trip(&limited), "Too many failed sign-in attempts. Try again in 42 seconds.");
        assert_eq!(form_error_code(&AuthError::reauth_required()), "reauth_required");
        assert_eq!(round_trip(&AuthError::reauth_required()), crate::auth::REAUTH_MESSAGE);
        let unknown = AuthError::new(ErrorCode::Unavailable, "Some text we did not list.");
        assert_eq!(round_trip(&unknown), "The service is temporarily unavailable. Please try again shortly.");
        // Text alone is never taken for a reason.
        let look_alike = AuthError::new(ErrorCode::Unauthorized, crate::auth::BAD_CREDENTIALS);
        assert_eq!(form_error_code(&look_alike), "unauthorized");
    }

    /// The English catalogue says what the code says: the two cannot drift.
    #[cfg(feature = "ssr")]
    #[test]
    fn the_english_catalogue_matches_the_messages_of_the_codes() {
        let mut codes: Vec<String> = Reason::ALL.iter().filter(|r| !r.is_limit()).map(|r| r.code().to_owned()).collect();
        codes.extend(GENERIC_CODES.iter().map(|c| generic(*c).0.to_owned()));
        codes.extend(Reason::ALL.iter().filter(|r| r.is_limit()).flat_map(|r| [format!("{}.1", r.code()), format!("{}.42", r.code())]));
        for code in codes {
            assert_eq!(form_error_text(&code, Lang::En), form_error_message(&code), "{code}");
        }
        assert_eq!(form_error_text("forged text", Lang::De), None, "text in the URL is never shown in any language");
        assert_eq!(form_error_text("wrong_password", Lang::De).as_deref(), Some("Dieses Passwort ist nicht korrekt."));
        // A message of its own is not replaced by a vaguer one.
        let own = AuthError::invalid("session", "Which session to renew is missing.");
        assert_eq!(localized_message(&own, Lang::Fr), None);
        let ended = AuthError::session_ended(crate::auth::SessionEnd::Revoked);
        assert_eq!(localized_message(&ended, Lang::Es).as_deref(), Some("Se cerró la sesión de este dispositivo desde otro dispositivo."));
        assert_eq!(localized_message(&AuthError::unauthorized(), Lang::De).as_deref(), Some("Du bist nicht angemeldet, oder deine Sitzung ist beendet."));
    }

    #[test]
    fn text_in_the_url_is_never_shown() {
        for forged in [
            "Your account is locked. Call +1 555 0100",
            "That e-mail and password don't match an account.",
            "signin_limited.99999999",
            "signin_limited.x",
            "bad_credentials.5",
            "nonsense.5",
            "",
        ] {
            assert_eq!(form_error_message(forged), None, "{forged}");
        }
    }
}
