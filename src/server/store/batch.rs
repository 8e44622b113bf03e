//! Writes that belong together, in one transaction: whatever announces
//! itself by mail (a link token, a security event, a changed password) is
//! written with its mail, so both happen or neither does.
//!
//! A batch is a list of [`Write`]s; [`Store::apply`] runs each through the
//! writer of its table (the `impl Conn` of `users.rs`, `sessions.rs`, …),
//! the same statement that runs when the write happens alone.

use super::{Conn, EventKind, NewEvent, NewLinkToken, NewMail, RevokeReason, Store, StoreResult};
use crate::i18n::Lang;

/// One write of a batch that [`Store::apply`] runs in one transaction. The
/// conditional ones (`UseToken`, `SetPassword`, `SetEmail`) abort the whole
/// batch when their condition does not hold.
#[derive(Clone, Debug)]
pub enum Write {
    Mail(NewMail),
    Token(NewLinkToken),
    /// Marks a token used; only if it is unused and unexpired.
    UseToken { hash: [u8; 32] },
    Event { user_id: String, session_id: Option<String>, kind: EventKind, ip: String, user_agent: String },
    /// A new, unconfirmed account; `registration_browser` is the SHA-256 of
    /// the cookie of the browser that registered it.
    /// `language`: the one its pages were in, until its owner picks another.
    InsertUser { id: String, email: String, password_hash: String, registration_browser: Option<[u8; 32]>, language: Lang },
    /// The language its owner picked.
    SetLanguage { user_id: String, language: Lang },
    /// Confirms the address (and forgets which browser registered it).
    MarkVerified { user_id: String },
    /// Removes the account holding `email` if its address was never
    /// confirmed and it is not `keep`: whoever registered it never proved
    /// the inbox that is now taking the address.
    RemoveUnconfirmed { email: String, keep: String },
    /// Sets the password (and bumps the credential version), only over the
    /// version that was verified.
    SetPassword { user_id: String, verified_version: i64, hash: String },
    /// Changes the address, only from the one that was read.
    SetEmail { user_id: String, from: String, to: String },
    /// Every batch with it also writes the user's row first (`SetPassword`,
    /// `Lock`, `SetEmail`, …): a sign-in in flight on PostgreSQL waits on
    /// that row (`Store::insert_session`), so it cannot open a session the
    /// revocation misses.
    RevokeSessions { user_id: String, keep: Option<String>, reason: RevokeReason },
    /// Marks the user's unused link tokens used (of one purpose, or all):
    /// a link that changes the account cancels the others. Undo links of
    /// address changes are spared: only an older undo voids them
    /// ([`Write::RevokeNewerUndos`]), so whoever took the address cannot
    /// take the undo away from the address it came from.
    RevokeLinks { user_id: String, purpose: Option<&'static str> },
    /// Marks the user's undo links created after `created_at` used.
    RevokeNewerUndos { user_id: String, created_at: i64 },
    /// Bumps the credential version: device cookies and links tied to it die.
    BumpCredentials { user_id: String },
    RevokeSession { session_id: String, reason: RevokeReason },
    /// Locks the account; only if it is not locked already.
    Lock { user_id: String },
    Unlock { user_id: String },
    /// Forgets the failed sign-ins counted against the account (its key
    /// `account_key`), against the browsers it was used from (keys
    /// `device_prefix` + device id) and its wrong second-step codes (key
    /// `second_factor_key`): their budgets start afresh.
    ClearSignInLimits { user_id: String, account_key: String, device_prefix: &'static str, second_factor_key: String },
    /// Confirms an authenticator-app enrolment of the secret `sealed` with
    /// its first code (of time step `step`); only if it is still that
    /// enrolment, unconfirmed.
    ConfirmTotp { user_id: String, sealed: Vec<u8>, step: i64 },
    /// Replaces the user's recovery codes (by their keyed hashes).
    SetRecoveryCodes { user_id: String, hashes: Vec<[u8; 32]> },
    /// Stores these recovery codes only if the user has none: the codes of
    /// an account's first second factor. Checked inside the transaction,
    /// after the user's row is locked, so two first factors added at once
    /// issue one set, and a factor confirmed while the last other one is
    /// removed still leaves codes.
    IssueFirstRecoveryCodes { user_id: String, hashes: Vec<[u8; 32]> },
    /// Removes the authenticator app; only if there was an app. The
    /// recovery codes go with the account's last second factor.
    RemoveTotp { user_id: String },
    /// Adds a passkey; the batch fails with `StoreError::Conflict` if its
    /// credential id is registered already.
    InsertPasskey(super::PasskeyRecord),
    /// Removes one of the user's passkeys; only if the user has it.
    RemovePasskey { user_id: String, credential_id: Vec<u8> },
    /// Removes every second factor and the recovery codes; only if there was one.
    RemoveSecondFactors { user_id: String },
    /// Removes every second factor and the recovery codes, whether there was one or not.
    ClearSecondFactors { user_id: String },
    /// Revokes the user's sessions opened from the browser with device id
    /// `device_id` since `since` (a "this wasn't me" report).
    RevokeDeviceSessions { user_id: String, device_id: String, since: i64, reason: RevokeReason },
    /// The browser with device id `device_id` keeps no exemption from the
    /// sign-in limits and the new-device alerts of the user.
    DistrustDevice { user_id: String, device_id: String },
    /// Links an identity at another provider; the batch fails with
    /// `StoreError::Conflict` if it belongs to an account already.
    LinkIdentity(super::IdentityRecord),
    /// Unlinks one of the user's identities; only if the account keeps a
    /// way to sign in (a password, a passkey or another identity).
    UnlinkIdentity { user_id: String, issuer: String, subject: String },
    /// Takes a session's challenge; only if it is unused and unexpired.
    UseChallenge { hash: [u8; 32], session_id: String, purpose: super::ChallengePurpose },
    /// Gives a session its browser's key; only a live session without one.
    BindSession(super::Binding),
}

/// Why a batch was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    Done,
    /// A conditional write found its row changed (a used token, a password
    /// changed meanwhile): nothing was written.
    Stale,
}

impl Store {
    /// Runs `writes` in one transaction, at `now`.
    pub async fn apply(&self, writes: &[Write], now: i64) -> StoreResult<Applied> {
        let mut tx = self.begin().await?;
        for write in writes {
            if tx.on().write(write, now).await? == 0 {
                tx.rollback().await?;
                return Ok(Applied::Stale);
            }
        }
        tx.commit().await?;
        Ok(Applied::Done)
    }
}

impl Conn<'_> {
    /// One write of a batch. Answers 0 only for a conditional write whose
    /// condition did not hold; the others answer 1 whatever they changed.
    async fn write(&mut self, write: &Write, now: i64) -> StoreResult<u64> {
        let done = |_: u64| 1;
        Ok(match write {
            Write::Mail(mail) => self.queue_mail(mail, now).await?,
            Write::Token(token) => self.insert_link_token(token, now).await?,
            Write::UseToken { hash } => self.use_link_token(hash, now).await?,
            Write::Event { user_id, session_id, kind, ip, user_agent } => {
                let event = NewEvent { user_id: Some(user_id), session_id: session_id.as_deref(), kind: *kind, ip, user_agent };
                self.insert_event(event, now).await?
            }
            Write::InsertUser { id, email, password_hash, registration_browser, language } => {
                self.insert_user(id, email, password_hash, registration_browser.as_ref(), *language, now).await?
            }
            Write::SetLanguage { user_id, language } => done(self.set_language(user_id, *language, now).await?),
            Write::MarkVerified { user_id } => done(self.mark_verified(user_id, now).await?),
            Write::RemoveUnconfirmed { email, keep } => done(self.remove_unconfirmed(email, keep).await?),
            Write::SetPassword { user_id, verified_version, hash } => {
                self.set_password(user_id, *verified_version, hash, now).await?
            }
            Write::SetEmail { user_id, from, to } => self.set_email(user_id, from, to, now).await?,
            Write::RevokeSessions { user_id, keep, reason } => {
                done(self.revoke_sessions(user_id, keep.as_deref(), *reason, now).await?)
            }
            Write::RevokeLinks { user_id, purpose } => done(self.revoke_links(user_id, *purpose, now).await?),
            Write::RevokeNewerUndos { user_id, created_at } => done(self.revoke_newer_undos(user_id, *created_at, now).await?),
            Write::BumpCredentials { user_id } => self.bump_credentials(user_id, now).await?,
            Write::RevokeSession { session_id, reason } => done(self.revoke_session(session_id, *reason, now).await?),
            Write::Lock { user_id } => self.lock(user_id, now).await?,
            Write::Unlock { user_id } => done(self.unlock(user_id).await?),
            Write::ClearSignInLimits { user_id, account_key, device_prefix, second_factor_key } => {
                done(self.clear_sign_in_limits(user_id, account_key, device_prefix, second_factor_key).await?)
            }
            Write::ConfirmTotp { user_id, sealed, step } => {
                self.lock_user_row(user_id).await?;
                self.confirm_totp(user_id, sealed, *step, now).await?
            }
            Write::SetRecoveryCodes { user_id, hashes } => {
                self.remove_recovery_codes(user_id).await?;
                done(self.insert_recovery_codes(user_id, hashes, now).await?)
            }
            Write::IssueFirstRecoveryCodes { user_id, hashes } => {
                self.lock_user_row(user_id).await?;
                if self.recovery_codes_held(user_id).await? == 0 {
                    self.insert_recovery_codes(user_id, hashes, now).await?;
                }
                1
            }
            Write::RemoveTotp { user_id } => {
                self.lock_user_row(user_id).await?;
                let removed = self.remove_totp(user_id).await?;
                self.remove_orphaned_recovery_codes(user_id).await?;
                removed
            }
            Write::InsertPasskey(record) => {
                self.lock_user_row(&record.user_id).await?;
                self.insert_passkey(record).await?
            }
            Write::RemovePasskey { user_id, credential_id } => {
                self.lock_user_row(user_id).await?;
                let removed = self.remove_passkey(user_id, credential_id).await?;
                self.remove_orphaned_recovery_codes(user_id).await?;
                // Never the last way in of an account without a password.
                if self.leaves_no_way_in(user_id).await? { 0 } else { removed }
            }
            Write::RemoveSecondFactors { user_id } => self.remove_second_factors(user_id).await?,
            Write::ClearSecondFactors { user_id } => done(self.remove_second_factors(user_id).await?),
            Write::RevokeDeviceSessions { user_id, device_id, since, reason } => {
                done(self.revoke_device_sessions(user_id, device_id, *since, *reason, now).await?)
            }
            Write::DistrustDevice { user_id, device_id } => done(self.distrust_device(user_id, device_id, now).await?),
            Write::LinkIdentity(identity) => {
                self.lock_user_row(&identity.user_id).await?;
                self.insert_identity(identity).await?
            }
            Write::UnlinkIdentity { user_id, issuer, subject } => {
                self.lock_user_row(user_id).await?;
                let removed = self.remove_identity(user_id, issuer, subject).await?;
                if self.leaves_no_way_in(user_id).await? { 0 } else { removed }
            }
            Write::UseChallenge { hash, session_id, purpose } => self.use_challenge(hash, session_id, *purpose, now).await?,
            Write::BindSession(binding) => self.bind_session(binding).await?,
        })
    }
}
