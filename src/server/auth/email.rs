//! Everything that goes by mail: verifying the address, resetting a
//! forgotten password, changing the address, and the "this wasn't me"
//! reports of alerts.
//!
//! Every link carries a [`LinkToken`]: 256 random bits, single use, stored
//! only as a hash, expiring. Opening a link only shows a page; the token is
//! used by the POST from that page, so a mail scanner that fetches links
//! uses nothing. A mail is queued in the same transaction as the token or
//! change it announces ([`Store::apply`]), and the answers to requests that
//! name an address are the same whether it has an account or not.
//!
//! [`Store::apply`]: crate::server::store::Store::apply

use std::time::Duration;

use super::{ActiveSession, Auth, Issued, second_factor::SignInOutcome, tokens::LinkToken};
use crate::{
    auth::{
        AuthError, Confirmed, Email, ErrorCode, InField, LinkView, NOTICE_EMAIL_SENT, NOTICE_REGISTERED, NOTICE_REPORTED,
        NOTICE_RESENT, NOTICE_RESET_SENT, NOTICE_UNDONE, Notice, Password,
    },
    routes,
    server::{
        caller::ClientInfo,
        mail::letters::{self, Origin},
        store::{Applied, EventKind, LinkTokenRecord, NewLinkToken, NewMail, RevokeReason, UserRecord, Write},
    },
};

/// What a link token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    /// Confirms a new address; `detail` is the address.
    ChangeEmail,
    /// Gives the account its old address back; `detail` is the address.
    UndoEmailChange,
    /// Signs out the session an alert was about; `detail` is its id.
    NotMe,
}

impl Purpose {
    const ALL: [Self; 5] = [Self::VerifyEmail, Self::ResetPassword, Self::ChangeEmail, Self::UndoEmailChange, Self::NotMe];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
            Self::ChangeEmail => "change_email",
            Self::UndoEmailChange => crate::server::store::UNDO_PURPOSE,
            Self::NotMe => "not_me",
        }
    }

    fn page(self) -> &'static str {
        match self {
            Self::VerifyEmail => routes::VERIFY_EMAIL,
            Self::ResetPassword => routes::RESET_PASSWORD,
            Self::ChangeEmail | Self::UndoEmailChange | Self::NotMe => routes::CONFIRM,
        }
    }

    fn of(record: &LinkTokenRecord) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == record.purpose)
    }
}

/// Mails of the kinds anyone can trigger (registration, verification,
/// reset) that one address receives per hour at most: keycard cannot be
/// used to flood an inbox.
const MAILS_PER_HOUR: i64 = 5;

/// "30 minutes", "24 hours".
fn spoken(d: Duration) -> String {
    let minutes = d.as_secs() / 60;
    let (n, unit) = match minutes {
        0 => (d.as_secs(), "second"),
        m if m % 1440 == 0 && m >= 2880 => (m / 1440, "day"),
        m if m % 60 == 0 => (m / 60, "hour"),
        m => (m, "minute"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

pub(super) fn link_invalid() -> AuthError {
    AuthError::invalid("token", "This link has expired or was already used. Ask for a new one.")
}

pub(super) fn unverified() -> AuthError {
    AuthError::new(ErrorCode::Forbidden, "Confirm your e-mail address first: open the link we sent you, or ask for a new one.")
}

fn notice(message: impl Into<String>) -> Notice {
    Notice { message: message.into() }
}

/// How a mail names the device and address a request came from.
fn origin(client: &ClientInfo) -> Origin {
    Origin { device: super::security::describe_device(&client.user_agent), ip: client.ip.clone() }
}

impl Auth {
    /// A new link for `user`, and the write that stores its token.
    pub(super) fn new_link(&self, purpose: Purpose, user: &UserRecord, detail: Option<String>, ttl: Duration) -> (String, Write) {
        let token = LinkToken::mint();
        let url = format!("{}{}?token={}", self.mail.origin, purpose.page(), token.expose());
        let write = Write::Token(NewLinkToken {
            hash: token.hash(),
            purpose: purpose.as_str(),
            user_id: user.id.clone(),
            detail,
            credential_version: user.credential_version,
            expires_at: self.clock.now_ms() + ttl.as_millis() as i64,
        });
        (url, write)
    }

    fn forgot_link(&self) -> String {
        format!("{}{}", self.mail.origin, routes::FORGOT_PASSWORD)
    }

    pub(super) fn event(&self, user_id: &str, session_id: Option<&str>, kind: EventKind, client: &ClientInfo) -> Write {
        Write::Event {
            user_id: user_id.to_owned(),
            session_id: session_id.map(str::to_owned),
            kind,
            ip: client.ip.clone(),
            user_agent: client.user_agent.clone(),
        }
    }

    /// Applies `writes` in one transaction and wakes the sender.
    pub(super) async fn commit(&self, writes: &[Write]) -> Result<Applied, AuthError> {
        let applied = self.store.apply(writes, self.clock.now_ms()).await?;
        if applied == Applied::Done && writes.iter().any(|w| matches!(w, Write::Mail(_))) {
            self.mail.queued.notify_one();
        }
        Ok(applied)
    }

    /// Whether `to` may get one more mail of the kinds anyone can trigger.
    async fn mail_allowed(&self, to: &Email) -> Result<bool, AuthError> {
        let key = format!("mail:{}", to.as_str());
        let attempt = self.store.throttle_attempt(&key, self.clock.now_ms(), 3_600_000, MAILS_PER_HOUR, MAILS_PER_HOUR).await?;
        if !attempt.admitted {
            tracing::info!("mail limit of an address reached; this mail is not sent");
        }
        Ok(attempt.admitted)
    }

    /// Registration without enumeration: a new address gets an unverified
    /// account and a verification mail, an address with an account gets a
    /// mail saying someone tried (with a way to reset the password). Both
    /// take the same path through the limits, the strength check and
    /// argon2 and get the same answer; what differs between them happens
    /// after the answer, so its time tells nothing either.
    pub async fn register(&self, email: &Email, password: Password, client: &ClientInfo) -> Result<Notice, AuthError> {
        self.admit_registration(client).await?;
        self.passwords.check_strength(&password, email).await?.in_field("password")?;
        let hash = self.passwords.hash(&password).await?;
        let mail_ok = self.mail_allowed(email).await?;
        let (auth, email, client) = (self.clone(), email.clone(), client.clone());
        self.after_answer(async move { auth.finish_registration(&email, hash, mail_ok, &client).await.map(|_| ()) });
        Ok(notice(NOTICE_REGISTERED))
    }

    /// The part of a registration that depends on whether the address has
    /// an account; the new account, if one was made.
    async fn finish_registration(
        &self,
        email: &Email,
        hash: String,
        mail_ok: bool,
        client: &ClientInfo,
    ) -> Result<Option<UserRecord>, AuthError> {
        let origin = origin(client);
        let existing = match self.store.user_by_email(email.as_str()).await? {
            Some(user) => user,
            None => {
                let now = self.clock.now_ms();
                let user = UserRecord {
                    id: super::new_id(),
                    email: email.clone(),
                    password_hash: hash,
                    created_at: now,
                    credential_version: 0,
                    email_verified_at: None,
                    locked_at: None,
                };
                let (link, token) = self.new_link(Purpose::VerifyEmail, &user, None, self.mail.verify_ttl);
                let mut writes = vec![
                    Write::InsertUser { id: user.id.clone(), email: email.as_str().into(), password_hash: user.password_hash.clone() },
                    self.event(&user.id, None, EventKind::AccountCreated, client),
                    token,
                ];
                if mail_ok {
                    writes.push(Write::Mail(letters::verify_address(email.as_str(), link, &origin, &spoken(self.mail.verify_ttl))));
                }
                match self.commit(&writes).await {
                    Ok(_) => {
                        self.registration_done().await?;
                        return Ok(Some(user));
                    }
                    // Registered a moment ago by a concurrent request.
                    Err(e) if e.code == ErrorCode::EmailTaken => {
                        self.store.user_by_email(email.as_str()).await?.ok_or(e)?
                    }
                    Err(e) => return Err(e),
                }
            }
        };
        if mail_ok {
            let (link, token) = self.new_link(Purpose::ResetPassword, &existing, None, self.mail.reset_ttl);
            let mail = letters::already_registered(email.as_str(), link, &origin);
            self.commit(&[token, Write::Mail(mail)]).await?;
        }
        Ok(None)
    }

    /// An account whose address counts as confirmed, signed in: for
    /// seeding (the benchmarks) and for operators who vouch for an address.
    /// An address that has an account already is refused.
    pub async fn create_confirmed(&self, email: &Email, password: Password, client: &ClientInfo) -> Result<Issued, AuthError> {
        self.passwords.check_strength(&password, email).await?.in_field("password")?;
        let hash = self.passwords.hash(&password).await?;
        let Some(user) = self.finish_registration(email, hash, false, client).await? else {
            return Err(AuthError::invalid("email", "That address has an account already."));
        };
        self.commit(&[Write::MarkVerified { user_id: user.id.clone() }]).await?;
        let user = self.store.user_by_id(&user.id).await?.ok_or_else(link_invalid)?;
        self.open_session(user, client).await
    }

    /// Mails a new `purpose` link to the account of `email`, if it has one
    /// that `wanted` accepts. The address's mail limit is charged for every
    /// address and the rest runs after the answer: neither the answer nor
    /// its time says whether the address has an account.
    async fn link_mail_after_answer(
        &self,
        email: &Email,
        client: &ClientInfo,
        purpose: Purpose,
        wanted: fn(&UserRecord) -> bool,
        letter: fn(&str, String, &Origin, &str) -> NewMail,
    ) -> Result<(), AuthError> {
        if !self.mail_allowed(email).await? {
            return Ok(());
        }
        let ttl = if purpose == Purpose::ResetPassword { self.mail.reset_ttl } else { self.mail.verify_ttl };
        let (auth, email, origin) = (self.clone(), email.clone(), origin(client));
        self.after_answer(async move {
            let Some(user) = auth.store.user_by_email(email.as_str()).await?.filter(|u| wanted(u)) else {
                return Ok(());
            };
            let (link, token) = auth.new_link(purpose, &user, None, ttl);
            let mail = letter(email.as_str(), link, &origin, &spoken(ttl));
            auth.commit(&[token, Write::Mail(mail)]).await.map(|_| ())
        });
        Ok(())
    }

    /// Sends a new verification link to an unverified account's address;
    /// the same answer for every address.
    pub async fn resend_verification(&self, email: &Email, client: &ClientInfo) -> Result<Notice, AuthError> {
        self.admit_from_address("resend", 1, client).await?;
        let unverified = |user: &UserRecord| user.email_verified_at.is_none();
        self.link_mail_after_answer(email, client, Purpose::VerifyEmail, unverified, letters::verify_address).await?;
        Ok(notice(NOTICE_RESENT))
    }

    /// A link token that is unused, unexpired and for `purpose`.
    async fn live_link(&self, token: &LinkToken, purposes: &[Purpose]) -> Result<(LinkTokenRecord, Purpose), AuthError> {
        let record = self.store.link_token(&token.hash()).await?.ok_or_else(link_invalid)?;
        let purpose = Purpose::of(&record).filter(|p| purposes.contains(p)).ok_or_else(link_invalid)?;
        if record.used_at.is_some() || record.expires_at <= self.clock.now_ms() {
            return Err(link_invalid());
        }
        Ok((record, purpose))
    }

    /// What a link is for, without using it (the page it opens says so).
    pub async fn describe_link(&self, token: &LinkToken) -> Result<LinkView, AuthError> {
        let all = Purpose::ALL;
        let (record, purpose) = match self.live_link(token, &all).await {
            Ok(found) => found,
            Err(_) => return Ok(LinkView { purpose: None, detail: None }),
        };
        // Only what the reader of the mail already knows.
        let detail = match purpose {
            Purpose::ChangeEmail | Purpose::UndoEmailChange => record.detail,
            _ => None,
        };
        Ok(LinkView { purpose: Some(purpose.as_str().into()), detail })
    }

    /// Confirms the address and signs this browser in.
    pub async fn verify_email(&self, token: &LinkToken, client: &ClientInfo) -> Result<SignInOutcome, AuthError> {
        let (record, _) = self.live_link(token, &[Purpose::VerifyEmail]).await?;
        let user = self.store.user_by_id(&record.user_id).await?.ok_or_else(link_invalid)?;
        // Once confirmed, a verification link signs nobody in any more.
        if user.email_verified_at.is_some() {
            return Err(link_invalid());
        }
        // Nothing changes, and the link stays usable for after the unlock.
        super::sign_in::refuse_if_locked(&user)?;
        let writes = [
            Write::UseToken { hash: token.hash() },
            Write::RevokeLinks { user_id: user.id.clone(), purpose: Some(Purpose::VerifyEmail.as_str()) },
            Write::MarkVerified { user_id: user.id.clone() },
            self.event(&user.id, None, EventKind::EmailVerified, client),
        ];
        if self.commit(&writes).await? == Applied::Stale {
            return Err(link_invalid());
        }
        let user = self.store.user_by_id(&user.id).await?.ok_or_else(link_invalid)?;
        self.sign_in_browser(user, client).await
    }

    /// A reset link to a known address; the same answer for every address.
    pub async fn forgot_password(&self, email: &Email, client: &ClientInfo) -> Result<Notice, AuthError> {
        self.admit_from_address("forgot", 1, client).await?;
        self.link_mail_after_answer(email, client, Purpose::ResetPassword, |_| true, letters::reset_password).await?;
        Ok(notice(format!("{NOTICE_RESET_SENT} It works for {}.", spoken(self.mail.reset_ttl))))
    }

    /// Sets a new password from a reset link: every session is revoked, the
    /// address counts as confirmed (the link proved it), and this browser
    /// is signed in (after its second factor, if the account has one). The
    /// link dies if the password changed since it was sent.
    pub async fn reset_password(&self, token: &LinkToken, new: Password, client: &ClientInfo) -> Result<SignInOutcome, AuthError> {
        self.admit_from_address("reset", 1, client).await?;
        let (record, _) = self.live_link(token, &[Purpose::ResetPassword]).await?;
        let user = self.store.user_by_id(&record.user_id).await?.ok_or_else(link_invalid)?;
        if user.credential_version != record.credential_version {
            return Err(link_invalid());
        }
        // Nothing changes, and the link stays usable for after the unlock.
        super::sign_in::refuse_if_locked(&user)?;
        self.passwords.check_strength(&new, &user.email).await?.in_field("new_password")?;
        let hash = self.passwords.hash(&new).await?;
        let mail = letters::password_changed(user.email.as_str(), &origin(client), self.forgot_link());
        let writes = [
            Write::UseToken { hash: token.hash() },
            Write::SetPassword { user_id: user.id.clone(), verified_version: record.credential_version, hash },
            Write::MarkVerified { user_id: user.id.clone() },
            Write::RevokeSessions { user_id: user.id.clone(), keep: None, reason: RevokeReason::PasswordChanged },
            // Every other link of the account (a pending change of address among them) dies.
            Write::RevokeLinks { user_id: user.id.clone(), purpose: None },
            self.event(&user.id, None, EventKind::PasswordReset, client),
            Write::Mail(mail),
        ];
        if self.commit(&writes).await? == Applied::Stale {
            return Err(link_invalid());
        }
        let user = self.store.user_by_id(&user.id).await?.ok_or_else(link_invalid)?;
        self.sign_in_browser(user, client).await
    }

    /// Starts a change of address: the password is checked, and the new
    /// address gets a link that makes the change.
    pub async fn change_email(
        &self,
        active: &ActiveSession,
        password: Password,
        new: Email,
        client: &ClientInfo,
    ) -> Result<Notice, AuthError> {
        self.require_recent(active)?;
        let user = &active.user;
        if new == user.email {
            return Err(AuthError::invalid("new_email", "That is already your address."));
        }
        self.check_password(user, &password, "password", client).await?;
        // An address that has an account gets nothing; the answer, and its
        // time, are the same.
        let mail_ok = self.mail_allowed(&new).await?;
        let (auth, user, session_id, client) = (self.clone(), user.clone(), active.session.id.clone(), client.clone());
        self.after_answer(async move {
            if !mail_ok || auth.store.user_by_email(new.as_str()).await?.is_some() {
                return Ok(());
            }
            let (link, token) = auth.new_link(Purpose::ChangeEmail, &user, Some(new.as_str().into()), auth.mail.verify_ttl);
            let origin = origin(&client);
            let mail = letters::confirm_new_address(new.as_str(), link, &origin, &spoken(auth.mail.verify_ttl));
            let event = auth.event(&user.id, Some(&session_id), EventKind::EmailChangeRequested, &client);
            auth.commit(&[token, Write::Mail(mail), event]).await.map(|_| ())
        });
        Ok(notice(NOTICE_EMAIL_SENT))
    }

    /// Uses a confirmation link: a new address, the undo of a change, or a
    /// "this wasn't me" report.
    pub async fn confirm(&self, token: &LinkToken, client: &ClientInfo) -> Result<Confirmed, AuthError> {
        let (record, purpose) =
            self.live_link(token, &[Purpose::ChangeEmail, Purpose::UndoEmailChange, Purpose::NotMe]).await?;
        let user = self.store.user_by_id(&record.user_id).await?.ok_or_else(link_invalid)?;
        let used = Write::UseToken { hash: token.hash() };
        // A locked account keeps its address. The lock voided its other
        // links; an undo of an earlier change of address is spared (it gives
        // the account back to the address it came from).
        if purpose == Purpose::ChangeEmail {
            super::sign_in::refuse_if_locked(&user)?;
        }
        let (writes, confirmed) = match purpose {
            Purpose::ChangeEmail => {
                // A change asked for before the password changed (a reset by
                // the owner, say) is void.
                if user.credential_version != record.credential_version {
                    return Err(link_invalid());
                }
                let new = record.detail.clone().and_then(|d| Email::parse(&d).ok()).ok_or_else(link_invalid)?;
                let window = self.mail.reset_ttl * 48;
                let (undo, undo_token) = self.new_link(Purpose::UndoEmailChange, &user, Some(user.email.as_str().into()), window);
                let mail = letters::address_changed(user.email.as_str(), new.as_str(), undo, &origin(client), &spoken(window));
                let writes = vec![
                    used,
                    Write::SetEmail { user_id: user.id.clone(), from: user.email.as_str().into(), to: new.as_str().into() },
                    // Links sent to the old address die; undo links stay, and the one below joins them.
                    Write::RevokeLinks { user_id: user.id.clone(), purpose: None },
                    self.event(&user.id, None, EventKind::EmailChanged, client),
                    undo_token,
                    Write::Mail(mail),
                ];
                (writes, Confirmed { message: format!("Your e-mail address is now {new}."), next: format!("{}?changed=email", routes::ACCOUNT) })
            }
            Purpose::UndoEmailChange => {
                let old = record.detail.clone().and_then(|d| Email::parse(&d).ok()).ok_or_else(link_invalid)?;
                let writes = vec![
                    used,
                    Write::SetEmail { user_id: user.id.clone(), from: user.email.as_str().into(), to: old.as_str().into() },
                    Write::RevokeSessions { user_id: user.id.clone(), keep: None, reason: RevokeReason::RevokedByUser },
                    // Whoever changed the address loses every link they hold
                    // (the undo of a later change among them) and every
                    // device cookie; an older undo keeps the last word.
                    Write::RevokeLinks { user_id: user.id.clone(), purpose: None },
                    Write::RevokeNewerUndos { user_id: user.id.clone(), created_at: record.created_at },
                    Write::BumpCredentials { user_id: user.id.clone() },
                    self.event(&user.id, None, EventKind::EmailChangeUndone, client),
                ];
                (writes, Confirmed { message: NOTICE_UNDONE.into(), next: format!("{}?reason=undone", routes::FORGOT_PASSWORD) })
            }
            Purpose::NotMe => {
                let session_id = record.detail.clone().ok_or_else(link_invalid)?;
                let writes = vec![
                    used,
                    Write::RevokeSession { session_id: session_id.clone(), reason: RevokeReason::RevokedByUser },
                    self.event(&user.id, Some(&session_id), EventKind::SessionReported, client),
                ];
                (writes, Confirmed { message: NOTICE_REPORTED.into(), next: format!("{}?reason=reported", routes::FORGOT_PASSWORD) })
            }
            Purpose::VerifyEmail | Purpose::ResetPassword => return Err(link_invalid()),
        };
        match self.commit(&writes).await {
            Ok(Applied::Done) => Ok(confirmed),
            Ok(Applied::Stale) => Err(link_invalid()),
            Err(e) if e.code == ErrorCode::EmailTaken => {
                Err(AuthError::invalid("token", "That address now belongs to another account; nothing was changed."))
            }
            Err(e) => Err(e),
        }
    }

    /// After a password sign-in: a browser, OS and address this account was
    /// never used from get an alert with a "this wasn't me" link.
    /// A browser with a valid device cookie of the account is known; so is
    /// one whose family and address (its /64 for IPv6) an earlier session
    /// had, unless that session was reported or replayed.
    pub(super) async fn alert_if_new_device(&self, issued: &Issued, client: &ClientInfo, known_browser: bool) -> Result<(), AuthError> {
        if known_browser {
            return Ok(());
        }
        let family = super::security::device_family(&client.user_agent);
        let address = super::limits::address_key(&client.ip);
        let earlier = self.store.sessions_of_user(&issued.user.id, 200).await?;
        let trusted = |s: &crate::server::store::SessionRecord| {
            !matches!(s.revoke_reason(), Some(RevokeReason::RevokedByUser | RevokeReason::RefreshReuseDetected))
        };
        let seen = earlier.iter().any(|s| {
            s.id != issued.session_id
                && trusted(s)
                && super::limits::address_key(&s.ip) == address
                && super::security::device_family(&s.user_agent) == family
        });
        if seen {
            return Ok(());
        }
        let (link, token) = self.new_link(Purpose::NotMe, &issued.user, Some(issued.session_id.clone()), self.mail.reset_ttl * 48);
        let mail = letters::new_sign_in(issued.user.email.as_str(), &origin(client), link);
        self.commit(&[token, Write::Mail(mail)]).await?;
        Ok(())
    }

    /// The alert of an account whose untrusted sign-in budget was spent.
    pub(super) fn lock_alert(&self, user: &UserRecord, client: &ClientInfo) -> Write {
        Write::Mail(letters::sign_in_locked(user.email.as_str(), &origin(client), self.forgot_link()))
    }

    pub(super) fn reuse_alert(&self, user: &UserRecord, client: &ClientInfo) -> Write {
        Write::Mail(letters::reuse_detected(user.email.as_str(), &origin(client), self.forgot_link()))
    }

    /// `what`: "An authenticator app was added to", ….
    pub(super) fn second_factor_alert(&self, user: &UserRecord, what: &str, client: &ClientInfo) -> Write {
        let account = format!("{}{}", self.mail.origin, routes::ACCOUNT);
        Write::Mail(letters::second_factor_changed(user.email.as_str(), what, &origin(client), account))
    }

    pub(super) fn password_changed_alert(&self, user: &UserRecord, client: &ClientInfo) -> Write {
        Write::Mail(letters::password_changed(user.email.as_str(), &origin(client), self.forgot_link()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_spoken() {
        assert_eq!(spoken(Duration::from_secs(1800)), "30 minutes");
        assert_eq!(spoken(Duration::from_secs(86_400)), "24 hours");
        assert_eq!(spoken(Duration::from_secs(86_400 * 2)), "2 days");
        assert_eq!(spoken(Duration::from_secs(60)), "1 minute");
        assert_eq!(spoken(Duration::from_secs(5)), "5 seconds");
    }

    #[test]
    fn purposes_round_trip() {
        for p in Purpose::ALL {
            let record = LinkTokenRecord {
                purpose: p.as_str().into(),
                created_at: 0,
                user_id: String::new(),
                detail: None,
                credential_version: 0,
                expires_at: 0,
                used_at: None,
            };
            assert_eq!(Purpose::of(&record), Some(p));
        }
    }
}
