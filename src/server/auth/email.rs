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

use super::{ActiveSession, Auth, Issued, SignInOutcome, outcome::refuse_if_locked, tokens::LinkToken};
use crate::{
    auth::{
        AuthError, Confirmed, Email, ErrorCode, InField, LinkView, NOTICE_EMAIL_SENT, Reason, NOTICE_REGISTERED, NOTICE_REPORTED,
        NOTICE_REPORTED_RESET, NOTICE_RESENT, NOTICE_RESET_SENT, NOTICE_UNDONE, Notice, Password,
    },
    routes,
    server::{
        client::ClientInfo,
        mail::letters::{self, FactorChange, Origin, To, spoken},
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

/// New-device alerts one account gets per hour at most.
const NEW_DEVICE_ALERTS_PER_HOUR: i64 = 10;

/// What keycard knows of the browser a sign-in comes from, for its alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    /// It carries a device cookie of the account.
    Known,
    /// It carries one that a "this wasn't me" report named.
    Distrusted,
    /// No device cookie of the account.
    New,
}

/// Mails of the kinds anyone can trigger (registration, verification,
/// reset) that one address receives per hour at most: keycard cannot be
/// used to flood an inbox.
const MAILS_PER_HOUR: i64 = 5;

/// "30 minutes", "24 hours".
pub(super) fn link_invalid() -> AuthError {
    AuthError::because(Reason::LinkInvalid).on("token")
}

/// A confirmation from a browser that did not register: the password is
/// chosen here.
fn password_needed() -> AuthError {
    AuthError::because(Reason::ChoosePassword).on("new_password")
}

fn notice(message: impl Into<String>) -> Notice {
    Notice { message: message.into() }
}

/// How a mail names the device and address a request came from.
fn origin(client: &ClientInfo) -> Origin {
    Origin { user_agent: client.user_agent.clone(), ip: client.ip.clone() }
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

    /// Applies `writes` in one transaction, mail bodies sealed, and wakes the sender.
    pub(super) async fn commit(&self, writes: &[Write]) -> Result<Applied, AuthError> {
        let sealed: Vec<Write> = writes
            .iter()
            .map(|w| match w {
                Write::Mail(mail) => Write::Mail(self.mail.seal.seal(mail)),
                other => other.clone(),
            })
            .collect();
        let applied = self.store.apply(&sealed, self.clock.now_ms()).await?;
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

    /// Whether the account `user_id` may get one more alert of `kind`: at
    /// most `max` per `window`, so whoever triggers alerts cannot flood the
    /// owner's inbox (nor bury one alert under many).
    pub(super) async fn alert_allowed(&self, user_id: &str, kind: &str, max: i64, window: Duration) -> Result<bool, AuthError> {
        let key = format!("alert:{kind}:{user_id}");
        let window = window.as_millis() as i64;
        let attempt = self.store.throttle_attempt(&key, self.clock.now_ms(), window, max, max).await?;
        if !attempt.admitted {
            tracing::info!(kind, "alert limit of an account reached; this alert is not sent");
        }
        Ok(attempt.admitted)
    }

    /// Registration without enumeration: a new address gets an unverified
    /// account and a verification mail, an address with an account gets a
    /// mail saying someone tried (with a way to reset the password). Both
    /// take the same path through the limits, the strength check and
    /// argon2 and get the same answer, a cookie for this browser included;
    /// what differs between them happens after the answer, so its time
    /// tells nothing either.
    ///
    /// The cookie (its value is returned) marks the browser that
    /// registered: only there does the verification link make the
    /// registration's password usable ([`Auth::verify_email`]).
    pub async fn register(&self, email: &Email, password: Password, client: &ClientInfo) -> Result<(Notice, LinkToken), AuthError> {
        self.admit_registration(client).await?;
        self.passwords.check_strength(&password, email).await?.in_field("password")?;
        let hash = self.passwords.hash(&password).await?;
        let mail_ok = self.mail_allowed(email).await?;
        let browser = LinkToken::mint();
        let (auth, email, client, marker) = (self.clone(), email.clone(), client.clone(), browser.hash());
        self.after_answer(async move { auth.finish_registration(&email, hash, Some(marker), mail_ok, &client).await.map(|_| ()) });
        Ok((notice(NOTICE_REGISTERED), browser))
    }

    /// The part of a registration that depends on whether the address has
    /// an account; the new account, if one was made. `browser`: the hash of
    /// the registering browser's cookie.
    async fn finish_registration(
        &self,
        email: &Email,
        hash: String,
        browser: Option<[u8; 32]>,
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
                    language: Some(client.lang.code().to_owned()),
                };
                let (link, token) = self.new_link(Purpose::VerifyEmail, &user, None, self.mail.verify_ttl);
                let mut writes = vec![
                    Write::InsertUser {
                        id: user.id.clone(),
                        email: email.as_str().into(),
                        password_hash: user.password_hash.clone(),
                        registration_browser: browser,
                        language: client.lang,
                    },
                    self.event(&user.id, None, EventKind::AccountCreated, client),
                    token,
                ];
                if mail_ok {
                    writes.push(Write::Mail(letters::verify_address(To::owner(&user), link, &origin, self.mail.verify_ttl)));
                }
                match self.commit(&writes).await {
                    Ok(_) => {
                        self.registration_done(client).await?;
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
            let mail = letters::already_registered(To::owner(&existing), link, &origin);
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
        let Some(user) = self.finish_registration(email, hash, None, false, client).await? else {
            return Err(AuthError::invalid("email", "That address has an account already."));
        };
        self.commit(&[Write::MarkVerified { user_id: user.id.clone() }]).await?;
        let user = self.store.user_by_id(&user.id).await?.ok_or_else(link_invalid)?;
        self.open_session(user, client).await
    }

    /// Mails a new `purpose` link to the account of `email`, if it has one
    /// that `wanted` accepts and the address's mail limit allows. All of it
    /// runs after the answer: neither the answer nor its time says whether
    /// the address has an account.
    pub(super) fn link_mail_after_answer(
        &self,
        email: &Email,
        client: &ClientInfo,
        purpose: Purpose,
        wanted: fn(&UserRecord) -> bool,
        letter: fn(To, String, &Origin, Duration) -> NewMail,
    ) {
        let ttl = if purpose == Purpose::ResetPassword { self.mail.reset_ttl } else { self.mail.verify_ttl };
        let (auth, email, origin) = (self.clone(), email.clone(), origin(client));
        self.after_answer(async move {
            if !auth.mail_allowed(&email).await? {
                return Ok(());
            }
            let Some(user) = auth.store.user_by_email(email.as_str()).await?.filter(|u| wanted(u)) else {
                return Ok(());
            };
            let (link, token) = auth.new_link(purpose, &user, None, ttl);
            let mail = letter(To::owner(&user), link, &origin, ttl);
            auth.commit(&[token, Write::Mail(mail)]).await.map(|_| ())
        });
    }

    /// Sends a new verification link to an unverified account's address;
    /// the same answer for every address.
    pub async fn resend_verification(&self, email: &Email, client: &ClientInfo) -> Result<Notice, AuthError> {
        self.admit_from_address("resend", 1, client).await?;
        self.resend_verification_after_answer(email, client);
        Ok(notice(NOTICE_RESENT))
    }

    /// A new verification link for `email`, if its account is unconfirmed
    /// (within the address's mail limit), after the answer.
    pub(super) fn resend_verification_after_answer(&self, email: &Email, client: &ClientInfo) {
        let unverified = |user: &UserRecord| user.email_verified_at.is_none();
        self.link_mail_after_answer(email, client, Purpose::VerifyEmail, unverified, letters::verify_address);
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

    /// What a link is for, without using it (the page it opens says so),
    /// as seen from the browser whose registration cookie is `browser`.
    pub async fn describe_link(&self, token: &LinkToken, browser: Option<&LinkToken>) -> Result<LinkView, AuthError> {
        let all = Purpose::ALL;
        let (record, purpose) = match self.live_link(token, &all).await {
            Ok(found) => found,
            Err(_) => return Ok(LinkView::default()),
        };
        let needs_password = match purpose {
            Purpose::VerifyEmail => !self.registered_here(&record.user_id, browser).await?,
            Purpose::UndoEmailChange => true,
            _ => false,
        };
        // Only what the reader of the mail already knows.
        let detail = match purpose {
            Purpose::ChangeEmail | Purpose::UndoEmailChange => record.detail,
            _ => None,
        };
        Ok(LinkView { purpose: Some(purpose.as_str().into()), detail, needs_password })
    }

    /// Whether `browser` (a registration cookie) is the one that registered `user_id`.
    async fn registered_here(&self, user_id: &str, browser: Option<&LinkToken>) -> Result<bool, AuthError> {
        Ok(match browser {
            Some(browser) => self.store.registered_from(user_id, &browser.hash()).await?,
            None => false,
        })
    }

    /// Confirms the address and signs this browser in. From the browser
    /// that registered (its cookie is `browser`), the registration's
    /// password stands; from any other, whoever registered proved nothing
    /// but that they could type the address, so their password is dropped
    /// and the person confirming chooses one (`new_password`).
    pub async fn verify_email(
        &self,
        token: &LinkToken,
        new_password: Option<Password>,
        browser: Option<&LinkToken>,
        client: &ClientInfo,
    ) -> Result<SignInOutcome, AuthError> {
        let (record, _) = self.live_link(token, &[Purpose::VerifyEmail]).await?;
        let user = self.store.user_by_id(&record.user_id).await?.ok_or_else(link_invalid)?;
        // Once confirmed, a verification link signs nobody in any more.
        if user.email_verified_at.is_some() {
            return Err(link_invalid());
        }
        // Nothing changes, and the link stays usable for after the unlock.
        refuse_if_locked(&user)?;
        let mut writes = vec![
            Write::UseToken { hash: token.hash() },
            Write::RevokeLinks { user_id: user.id.clone(), purpose: Some(Purpose::VerifyEmail.as_str()) },
            Write::MarkVerified { user_id: user.id.clone() },
            self.event(&user.id, None, EventKind::EmailVerified, client),
        ];
        if !self.registered_here(&user.id, browser).await? {
            let new = new_password.ok_or_else(password_needed)?;
            self.passwords.check_strength(&new, &user.email).await?.in_field("new_password")?;
            let hash = self.passwords.hash(&new).await?;
            writes.push(Write::SetPassword { user_id: user.id.clone(), verified_version: user.credential_version, hash });
        }
        if self.commit(&writes).await? == Applied::Stale {
            return Err(link_invalid());
        }
        let user = self.store.user_by_id(&user.id).await?.ok_or_else(link_invalid)?;
        self.sign_in_browser(user, client).await
    }

    /// A reset link to a known address; the same answer for every address.
    pub async fn forgot_password(&self, email: &Email, client: &ClientInfo) -> Result<Notice, AuthError> {
        self.admit_from_address("forgot", 1, client).await?;
        self.link_mail_after_answer(email, client, Purpose::ResetPassword, |_| true, letters::reset_password);
        Ok(notice(format!("{NOTICE_RESET_SENT} It works for {}.", spoken(self.mail.reset_ttl, crate::i18n::Lang::En))))
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
        refuse_if_locked(&user)?;
        self.passwords.check_strength(&new, &user.email).await?.in_field("new_password")?;
        let hash = self.passwords.hash(&new).await?;
        let mail = letters::password_changed(To::owner(&user), &origin(client), self.forgot_link());
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
            return Err(AuthError::because(Reason::SameAddress).on("new_email"));
        }
        self.check_password(user, &password, "password", client).await?;
        // A free address and one with a confirmed account get the same
        // answer (and time), the same event and one mail each: a link for
        // the free one, a notice for the owner of the taken one. An address
        // held by an unconfirmed account counts as free: its confirmation
        // proves the inbox, which that account never did.
        let mail_ok = self.mail_allowed(&new).await?;
        let (auth, user, session_id, client) = (self.clone(), user.clone(), active.session.id.clone(), client.clone());
        self.after_answer(async move {
            let taken_by = auth.store.user_by_email(new.as_str()).await?.filter(|u| u.email_verified_at.is_some());
            let origin = origin(&client);
            let mut writes = vec![auth.event(&user.id, Some(&session_id), EventKind::EmailChangeRequested, &client)];
            if let (true, Some(owner)) = (mail_ok, &taken_by) {
                writes.push(Write::Mail(letters::address_in_use(To::owner(owner), &origin)));
            } else if mail_ok {
                let (link, token) = auth.new_link(Purpose::ChangeEmail, &user, Some(new.as_str().into()), auth.mail.verify_ttl);
                writes.push(token);
                writes.push(Write::Mail(letters::confirm_new_address(To { address: new.as_str(), lang: user.mail_lang() }, link, &origin, auth.mail.verify_ttl)));
            }
            auth.commit(&writes).await.map(|_| ())
        });
        Ok(notice(NOTICE_EMAIL_SENT))
    }

    /// Uses a confirmation link: a new address, the undo of a change, or a
    /// "this wasn't me" report. The undo needs a new password; a report
    /// takes one if given (then every device is signed out).
    pub async fn confirm(&self, token: &LinkToken, new_password: Option<Password>, client: &ClientInfo) -> Result<Confirmed, AuthError> {
        let (record, purpose) =
            self.live_link(token, &[Purpose::ChangeEmail, Purpose::UndoEmailChange, Purpose::NotMe]).await?;
        let user = self.store.user_by_id(&record.user_id).await?.ok_or_else(link_invalid)?;
        let used = Write::UseToken { hash: token.hash() };
        // A locked account keeps its address. The lock voided its other
        // links; an undo of an earlier change of address is spared (it gives
        // the account back to the address it came from).
        if purpose == Purpose::ChangeEmail {
            refuse_if_locked(&user)?;
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
                let mail = letters::address_changed(To::owner(&user), new.as_str(), undo, &origin(client), window);
                let writes = vec![
                    used,
                    Write::RemoveUnconfirmed { email: new.as_str().into(), keep: user.id.clone() },
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
                self.undo_writes(&user, old, new_password, used, record.created_at, client).await?
            }
            Purpose::NotMe => {
                let session_id = record.detail.clone().ok_or_else(link_invalid)?;
                self.report_writes(&user, &session_id, new_password, used, client).await?
            }
            Purpose::VerifyEmail | Purpose::ResetPassword => return Err(link_invalid()),
        };
        match self.commit(&writes).await {
            Ok(Applied::Done) => Ok(confirmed),
            Ok(Applied::Stale) => Err(link_invalid()),
            Err(e) if e.code == ErrorCode::EmailTaken => {
                Err(AuthError::because(Reason::AddressTaken).on("token"))
            }
            Err(e) => Err(e),
        }
    }

    /// The undo of a change of address gives the account back to whoever
    /// holds the old address: the address (an unconfirmed account squatting
    /// on it goes), a password of their choosing, no session, no link and
    /// no way in that whoever changed the address may have added (passkeys,
    /// app, recovery codes), each named in the mail and the activity.
    async fn undo_writes(
        &self,
        user: &UserRecord,
        old: Email,
        new_password: Option<Password>,
        used: Write,
        link_created_at: i64,
        client: &ClientInfo,
    ) -> Result<(Vec<Write>, Confirmed), AuthError> {
        let new = new_password.ok_or_else(password_needed)?;
        self.passwords.check_strength(&new, &old).await?.in_field("new_password")?;
        let hash = self.passwords.hash(&new).await?;
        let removed = self.ways_in(user).await?;
        let mut writes = vec![
            used,
            Write::RemoveUnconfirmed { email: old.as_str().into(), keep: user.id.clone() },
            Write::SetEmail { user_id: user.id.clone(), from: user.email.as_str().into(), to: old.as_str().into() },
            // Bumps the credential version too: device cookies and links tied to it die.
            Write::SetPassword { user_id: user.id.clone(), verified_version: user.credential_version, hash },
            Write::RevokeSessions { user_id: user.id.clone(), keep: None, reason: RevokeReason::RevokedByUser },
            // Whoever changed the address loses every link they hold (the
            // undo of a later change among them); an older undo keeps the
            // last word.
            Write::RevokeLinks { user_id: user.id.clone(), purpose: None },
            Write::RevokeNewerUndos { user_id: user.id.clone(), created_at: link_created_at },
            Write::ClearSecondFactors { user_id: user.id.clone() },
            self.event(&user.id, None, EventKind::EmailChangeUndone, client),
        ];
        writes.extend(removed.passkeys.iter().map(|_| self.event(&user.id, None, EventKind::PasskeyRemoved, client)));
        if removed.app {
            writes.push(self.event(&user.id, None, EventKind::TotpDisabled, client));
        }
        if removed.recovery_codes > 0 {
            writes.push(self.event(&user.id, None, EventKind::RecoveryCodesRemoved, client));
        }
        let sign_in = format!("{}{}", self.mail.origin, routes::LOGIN);
        writes.push(Write::Mail(letters::change_undone(To { address: old.as_str(), lang: user.mail_lang() }, &removed, &origin(client), sign_in)));
        Ok((writes, Confirmed { message: NOTICE_UNDONE.into(), next: format!("{}?done=undone", routes::LOGIN) }))
    }

    /// The passkeys, app and recovery codes of an account, as a mail lists them.
    async fn ways_in(&self, user: &UserRecord) -> Result<letters::Removed, AuthError> {
        Ok(letters::Removed {
            passkeys: self.store.passkeys(&user.id).await?.into_iter().map(|p| p.name).collect(),
            app: self.store.totp(&user.id).await?.is_some_and(|t| t.confirmed_at.is_some()),
            recovery_codes: self.store.recovery_codes_left(&user.id).await?,
        })
    }

    /// "This wasn't me": the reported session ends, and so does every
    /// session the same browser (its device cookie) opened since, and that
    /// browser loses its exemptions from the limits and the alerts. With a
    /// new password, every device is signed out as well.
    async fn report_writes(
        &self,
        user: &UserRecord,
        session_id: &str,
        new_password: Option<Password>,
        used: Write,
        client: &ClientInfo,
    ) -> Result<(Vec<Write>, Confirmed), AuthError> {
        let reported = self.store.session(session_id).await?.filter(|s| s.user_id == user.id);
        let mut writes = vec![used, Write::RevokeSession { session_id: session_id.to_owned(), reason: RevokeReason::RevokedByUser }];
        if let Some((device_id, since)) = reported.and_then(|s| Some((s.device_id?, s.created_at))) {
            writes.push(Write::RevokeDeviceSessions {
                user_id: user.id.clone(),
                device_id: device_id.clone(),
                since,
                reason: RevokeReason::RevokedByUser,
            });
            writes.push(Write::DistrustDevice { user_id: user.id.clone(), device_id });
        }
        writes.push(self.event(&user.id, Some(session_id), EventKind::SessionReported, client));
        let Some(new) = new_password else {
            let next = format!("{}?reason=reported", routes::FORGOT_PASSWORD);
            return Ok((writes, Confirmed { message: NOTICE_REPORTED.into(), next }));
        };
        self.passwords.check_strength(&new, &user.email).await?.in_field("new_password")?;
        let hash = self.passwords.hash(&new).await?;
        writes.extend([
            Write::SetPassword { user_id: user.id.clone(), verified_version: user.credential_version, hash },
            Write::RevokeSessions { user_id: user.id.clone(), keep: None, reason: RevokeReason::PasswordChanged },
            Write::RevokeLinks { user_id: user.id.clone(), purpose: None },
            self.event(&user.id, None, EventKind::PasswordReset, client),
            self.password_changed_alert(user, client),
        ]);
        Ok((writes, Confirmed { message: NOTICE_REPORTED_RESET.into(), next: format!("{}?done=reported", routes::LOGIN) }))
    }

    /// After a password sign-in: a browser, OS and address this account was
    /// never used from get an alert with a "this wasn't me" link.
    /// A browser with a valid device cookie of the account is known; so is
    /// one whose family and address (its /64 for IPv6) an earlier session
    /// had, unless that session was reported or replayed.
    pub(super) async fn alert_if_new_device(&self, issued: &Issued, client: &ClientInfo, browser: Browser) -> Result<(), AuthError> {
        let seen = match browser {
            Browser::Known => return Ok(()),
            // A reported browser is never taken for a known one.
            Browser::Distrusted => false,
            Browser::New => {
                let family = super::security::device_family(&client.user_agent);
                let address = super::limits::address_key(&client.ip);
                let earlier = self.store.sessions_of_user(&issued.user.id, 200).await?;
                let trusted = |s: &crate::server::store::SessionRecord| {
                    !matches!(s.revoke_reason(), Some(RevokeReason::RevokedByUser | RevokeReason::RefreshReuseDetected))
                };
                earlier.iter().any(|s| {
                    s.id != issued.session_id
                        && trusted(s)
                        && super::limits::address_key(&s.ip) == address
                        && super::security::device_family(&s.user_agent) == family
                })
            }
        };
        if seen || !self.alert_allowed(&issued.user.id, "new_device", NEW_DEVICE_ALERTS_PER_HOUR, Duration::from_secs(3600)).await? {
            return Ok(());
        }
        let (link, token) = self.new_link(Purpose::NotMe, &issued.user, Some(issued.session_id.clone()), self.mail.reset_ttl * 48);
        let mail = letters::new_sign_in(To::owner(&issued.user), &origin(client), link);
        self.commit(&[token, Write::Mail(mail)]).await?;
        Ok(())
    }

    /// The alert of an account whose untrusted sign-in budget was spent.
    pub(super) fn lock_alert(&self, user: &UserRecord, client: &ClientInfo) -> Write {
        Write::Mail(letters::sign_in_locked(To::owner(user), &origin(client), self.forgot_link()))
    }

    pub(super) fn second_step_alert(&self, user: &UserRecord, blocked: bool, client: &ClientInfo) -> Write {
        Write::Mail(letters::second_step_guessed(To::owner(user), &origin(client), self.forgot_link(), blocked))
    }

    pub(super) fn reuse_alert(&self, user: &UserRecord, client: &ClientInfo) -> Write {
        Write::Mail(letters::reuse_detected(To::owner(user), &origin(client), self.forgot_link()))
    }

    pub(super) fn second_factor_alert(&self, user: &UserRecord, change: FactorChange, client: &ClientInfo) -> Write {
        let account = format!("{}{}", self.mail.origin, routes::ACCOUNT);
        Write::Mail(letters::second_factor_changed(To::owner(user), change, &origin(client), account))
    }

    pub(super) fn copied_cookie_alert(&self, user: &UserRecord, client: &ClientInfo) -> Write {
        let account = format!("{}{}", self.mail.origin, routes::ACCOUNT);
        Write::Mail(letters::copied_cookie_refused(To::owner(user), &origin(client), account))
    }

    pub(super) fn password_changed_alert(&self, user: &UserRecord, client: &ClientInfo) -> Write {
        Write::Mail(letters::password_changed(To::owner(user), &origin(client), self.forgot_link()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_spoken() {
        use crate::i18n::Lang::{De, En};
        assert_eq!(spoken(Duration::from_secs(1800), En), "30 minutes");
        assert_eq!(spoken(Duration::from_secs(86_400), En), "24 hours");
        assert_eq!(spoken(Duration::from_secs(86_400 * 2), En), "2 days");
        assert_eq!(spoken(Duration::from_secs(60), En), "1 minute");
        assert_eq!(spoken(Duration::from_secs(5), En), "5 seconds");
        assert_eq!(spoken(Duration::from_secs(3600), De), "1 Stunde");
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
