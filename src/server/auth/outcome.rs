//! What every flow shares: who a request acts for ([`ActiveSession`]), how
//! a sign-in ends ([`SignInOutcome`], [`Issued`]), how the user proved who
//! they are ([`AuthMethod`]), and the refusals more than one flow answers
//! (the lock check, a wrong password, the second step's). A leaf: it
//! knows the stored records and the contract's types, no flow.

use std::time::Duration;

use super::tokens::RefreshToken;
use crate::{
    auth::{AuthError, Reason, SessionEnd, UserView},
    server::{
        jwt::Claims,
        store::{RevokeReason, SessionRecord, UserRecord},
    },
};

/// A request whose access token verified and whose session the database
/// says is live: what every operation acting for the user starts from.
pub struct ActiveSession {
    pub claims: Claims,
    pub session: SessionRecord,
    pub user: UserRecord,
}

/// Tokens handed to a client that signed in or refreshed.
pub struct Issued {
    pub user: UserRecord,
    pub session_id: String,
    pub session_created_at: i64,
    pub access_token: String,
    /// Unix seconds.
    pub access_expires_at: i64,
    /// How long the access token lives from now: the access TTL, or less
    /// near the end of the session's absolute lifetime.
    pub access_max_age: Duration,
    pub refresh_token: RefreshToken,
    pub refresh_max_age: Duration,
    /// A new device cookie, when this sign-in makes the browser trusted.
    pub device_cookie: Option<String>,
    /// The session is bound to a key its browser holds (`bound`).
    pub bound: bool,
    /// A new session's offer to bind it to its browser's key: the challenge
    /// to sign (`bound`).
    pub bind_challenge: Option<String>,
}

impl Issued {
    pub fn user_view(&self) -> UserView {
        user_view(&self.user)
    }
}

pub fn user_view(user: &UserRecord) -> UserView {
    UserView {
        id: user.id.clone(),
        email: user.email.as_str().into(),
        created_at: user.created_at / 1000,
        email_verified: user.email_verified_at.is_some(),
    }
}

/// How a session that can no longer be used ended, as the browser holding
/// it is told: signed out from another device (one of the user's devices
/// revoked it, or changed the password), or simply ended (it ran out, was
/// signed out on this browser, or was ended because its token was replayed).
pub fn session_end(session: &SessionRecord) -> SessionEnd {
    match session.revoke_reason() {
        Some(RevokeReason::RevokedByUser | RevokeReason::PasswordChanged) => SessionEnd::Revoked,
        Some(RevokeReason::RevokedByAdmin) => SessionEnd::ByAdministrator,
        _ => SessionEnd::Expired,
    }
}

/// A wrong password, an unknown address and an unconfirmed account all
/// answer this.
pub fn bad_credentials() -> AuthError {
    AuthError::because(Reason::BadCredentials)
}

/// How the user of a new session proved who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMethod {
    Password,
    /// A single-use link mailed to the account's address (verification,
    /// reset): RFC 8176 has no value of its own for it; it is a one-time
    /// secret delivered out of band, hence `otp`.
    MailedLink,
    /// A first factor, then the code of an authenticator app or a
    /// recovery code (both one-time passwords): two factors.
    ThenCode { first: FirstFactor },
    /// A passkey, unlocked on its device by a PIN or biometric (user
    /// verification is required): two factors. `synced` passkeys (backup
    /// eligible: a password manager's, copied between devices) are a
    /// software-secured key (`swk`); the others stay on their hardware (`hwk`).
    Passkey { synced: bool },
    /// A first factor, then a passkey as the second step.
    ThenPasskey { first: FirstFactor, synced: bool },
    /// Another identity provider (OpenID Connect) vouched for the user:
    /// `fed` (keycard's own value; RFC 8176 has none), with `mfa` when the
    /// operator trusts that provider's report of a second factor.
    Federated { mfa: bool },
}

impl AuthMethod {
    /// Its RFC 8176 `amr` value, as sessions store it.
    pub fn amr(self) -> &'static str {
        match self {
            Self::Password => "pwd",
            Self::MailedLink => "otp",
            Self::ThenCode { first: FirstFactor::Password } => "pwd,otp,mfa",
            Self::ThenCode { first: FirstFactor::MailedLink } => "otp,mfa",
            Self::ThenCode { first: FirstFactor::Provider } => "fed,otp,mfa",
            Self::Passkey { synced: true } => "swk,mfa",
            Self::Passkey { synced: false } => "hwk,mfa",
            Self::ThenPasskey { first: FirstFactor::Password, synced: true } => "pwd,swk,mfa",
            Self::ThenPasskey { first: FirstFactor::Password, synced: false } => "pwd,hwk,mfa",
            Self::ThenPasskey { first: FirstFactor::MailedLink, synced: true } => "otp,swk,mfa",
            Self::ThenPasskey { first: FirstFactor::MailedLink, synced: false } => "otp,hwk,mfa",
            Self::ThenPasskey { first: FirstFactor::Provider, synced: true } => "fed,swk,mfa",
            Self::ThenPasskey { first: FirstFactor::Provider, synced: false } => "fed,hwk,mfa",
            Self::Federated { mfa: false } => "fed",
            Self::Federated { mfa: true } => "fed,mfa",
        }
    }
}

/// What a pending second step followed, as `pending_sign_ins` stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstFactor {
    Password,
    MailedLink,
    Provider,
}

impl FirstFactor {
    pub fn code(self) -> &'static str {
        match self {
            Self::Password => "pwd",
            Self::MailedLink => "otp",
            Self::Provider => "fed",
        }
    }

    /// A stored code; rows from before it was stored followed a password.
    pub fn from_code(code: &str) -> Self {
        match code {
            "otp" => Self::MailedLink,
            "fed" => Self::Provider,
            _ => Self::Password,
        }
    }
}

/// Refuses an account an administrator locked, before anything of it
/// changes. Callers have established who the user is first (the right
/// password, a live link): only they learn that the account is locked.
pub fn refuse_if_locked(user: &UserRecord) -> Result<(), AuthError> {
    match user.locked_at {
        Some(_) => Err(AuthError::because(Reason::AccountLocked)),
        None => Ok(()),
    }
}

/// Too many wrong codes since the last sign-in: only a reset helps.
pub fn second_step_blocked() -> AuthError {
    AuthError::because(Reason::SecondStepBlocked)
}

/// The pending sign-in is gone (used, expired, or too many wrong codes).
pub fn pending_expired() -> AuthError {
    AuthError::because(Reason::SecondStepExpired)
}

/// A pending sign-in just begun: the token for its cookie.
pub struct Pending {
    pub token: String,
    pub max_age: Duration,
}

/// How a password sign-in ended: signed in, or waiting for a second factor.
pub enum SignInOutcome {
    SignedIn(Issued),
    SecondFactor(Pending),
}
