//! What `keycard users …` and `keycard sessions prune` do, against the
//! configured database, while instances serve it.
//!
//! Every change is one [`Store::apply`] batch with its security event, so a
//! user sees on the account page what an administrator did, and a running
//! instance sees the change at the next request: sessions are checked in the
//! database on every refresh and every account operation.

use std::{
    fmt,
    time::{Duration, UNIX_EPOCH},
};

use super::{
    auth::{
        housekeeping,
        limits::{DEVICE_PREFIX, account_key},
    },
    clock::Clock,
    config::{Config, Policy},
    store::{ADMIN_AGENT, Applied, EventKind, Pruned, RevokeReason, Store, StoreError, UserRecord, Write},
};
use crate::auth::Email;

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("'{0}' is not an e-mail address: {1}")]
    BadAddress(String, String),
    #[error("no account has the address {0}")]
    NoAccount(Email),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// A change to one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// No session opens, by any way in, until `Unlock`; every session ends.
    Lock,
    /// Lifts a lock and forgets the account's failed sign-ins.
    Unlock,
    /// Ends every session of the account.
    SignOut,
    /// Removes the account with its sessions and activity.
    Delete,
    /// Marks the address confirmed.
    Verify,
    /// Removes the authenticator app and the recovery codes (both lost);
    /// every session ends.
    RemoveSecondFactor,
}

impl Action {
    /// The question asked before the change, on a terminal.
    pub fn question(self, email: &Email) -> String {
        match self {
            Self::Lock => format!("Lock {email} and sign out all its sessions?"),
            Self::Unlock => format!("Unlock {email} and clear its sign-in limits?"),
            Self::SignOut => format!("Sign out every session of {email}?"),
            Self::Delete => format!("Delete {email} with its sessions and activity? This cannot be undone."),
            Self::Verify => format!("Mark {email} as confirmed without a link?"),
            Self::RemoveSecondFactor => format!(
                "Remove the authenticator app, passkeys and recovery codes of {email}, so that its password alone signs in? \
                 Be sure the request comes from its owner."
            ),
        }
    }
}

/// What `keycard users find` prints.
pub struct AccountReport {
    pub user: UserRecord,
    pub last_sign_in: Option<i64>,
    pub active_sessions: usize,
    /// Until when sign-in from unrecognised browsers is paused (the
    /// account's failed-attempt budget), if it is.
    pub paused_until: Option<i64>,
    /// Since when an authenticator app protects the account, if it does.
    pub totp_since: Option<i64>,
    pub recovery_codes_left: i64,
    pub passkeys: usize,
}

/// An instant (unix ms) as `2026-12-02T06:30:00Z`.
fn at(ms: i64) -> String {
    let time = UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64);
    humantime::format_rfc3339_seconds(time).to_string()
}

impl fmt::Display for AccountReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let user = &self.user;
        writeln!(f, "account       {} (id {})", user.email, user.id)?;
        match user.locked_at {
            Some(ms) => writeln!(f, "status        locked since {}", at(ms))?,
            None => writeln!(f, "status        active")?,
        }
        if let Some(until) = self.paused_until {
            writeln!(f, "sign-in       paused for unrecognised browsers until {} (failed attempts)", at(until))?;
        }
        match user.email_verified_at {
            Some(ms) => writeln!(f, "verified      yes, {}", at(ms))?,
            None => writeln!(f, "verified      no")?,
        }
        writeln!(f, "created       {}", at(user.created_at))?;
        match self.last_sign_in {
            Some(ms) => writeln!(f, "last sign-in  {}", at(ms))?,
            None => writeln!(f, "last sign-in  never")?,
        }
        let mut factors = vec!["password".to_owned()];
        if let Some(ms) = self.totp_since {
            factors.push(format!("authenticator app (since {})", at(ms)));
        }
        match self.passkeys {
            0 => {}
            1 => factors.push("1 passkey".into()),
            n => factors.push(format!("{n} passkeys")),
        }
        if factors.len() > 1 {
            factors.push(format!("{} of 10 recovery codes left", self.recovery_codes_left));
        }
        writeln!(f, "factors       {}", factors.join(", "))?;
        write!(f, "sessions      {} active", self.active_sessions)
    }
}

pub struct Admin {
    store: Store,
    clock: Clock,
    policy: Policy,
}

impl Admin {
    /// Opens the configured database, which must exist with the schema of
    /// this binary: a command changes nothing before it is confirmed, so it
    /// does not migrate (`keycard migrate` and every instance's startup do).
    pub async fn open(config: &Config) -> Result<Self, AdminError> {
        let store = Store::connect_existing(&config.database_url).await?;
        store.check_schema().await?;
        let clock = Clock::new(0);
        clock.sync(&store).await?;
        Ok(Self { store, clock, policy: config.policy() })
    }

    /// The account with this address.
    pub async fn user(&self, address: &str) -> Result<UserRecord, AdminError> {
        let email = Email::parse(address).map_err(|e| AdminError::BadAddress(address.into(), e.message().into()))?;
        self.store.user_by_email(email.as_str()).await?.ok_or(AdminError::NoAccount(email))
    }

    /// How many sessions of `user` can still be used.
    async fn live_sessions(&self, user: &UserRecord, now: i64) -> Result<usize, AdminError> {
        let sessions = self.store.active_sessions(&user.id).await?;
        Ok(sessions.iter().filter(|s| s.is_live(now, &self.policy.session)).count())
    }

    pub async fn report(&self, user: UserRecord) -> Result<AccountReport, AdminError> {
        let now = self.clock.now_ms();
        let active_sessions = self.live_sessions(&user, now).await?;
        let last_sign_in = self.store.last_sign_in(&user.id).await?;
        let paused_until = Some(self.store.throttle_locked_until(&account_key(&user.email)).await?).filter(|t| *t > now);
        let totp_since = self.store.totp(&user.id).await?.and_then(|t| t.confirmed_at);
        let recovery_codes_left = self.store.recovery_codes_left(&user.id).await?;
        let passkeys = self.store.passkeys(&user.id).await?.len();
        Ok(AccountReport { user, last_sign_in, active_sessions, paused_until, totp_since, recovery_codes_left, passkeys })
    }

    /// Applies `action` to `user`; returns what was done, in a sentence.
    pub async fn apply(&self, action: Action, user: &UserRecord) -> Result<String, AdminError> {
        let event = |kind| Write::Event {
            user_id: user.id.clone(),
            session_id: None,
            kind,
            ip: String::new(),
            user_agent: ADMIN_AGENT.into(),
        };
        let sign_out = Write::RevokeSessions { user_id: user.id.clone(), keep: None, reason: RevokeReason::RevokedByAdmin };
        let email = &user.email;
        let now = self.clock.now_ms();
        let live = self.live_sessions(user, now).await?;
        let sessions = |n: usize| if n == 1 { "1 session".to_owned() } else { format!("{n} sessions") };
        let done = match action {
            Action::Lock => {
                let writes = [
                    Write::Lock { user_id: user.id.clone() },
                    sign_out,
                    // Pending links (a change of address among them) die too.
                    Write::RevokeLinks { user_id: user.id.clone(), purpose: None },
                    event(EventKind::LockedByAdmin),
                ];
                match self.store.apply(&writes, now).await? {
                    Applied::Done => format!("locked {email} and signed out {}", sessions(live)),
                    Applied::Stale => format!("{email} was locked already; nothing changed"),
                }
            }
            Action::Unlock => {
                let kind = if user.locked_at.is_some() { EventKind::UnlockedByAdmin } else { EventKind::LimitsClearedByAdmin };
                let writes = [
                    Write::Unlock { user_id: user.id.clone() },
                    Write::ClearSignInLimits {
                        user_id: user.id.clone(),
                        account_key: account_key(email),
                        device_prefix: DEVICE_PREFIX,
                        second_factor_key: crate::server::auth::second_factor::throttle_key(&user.id),
                    },
                    event(kind),
                ];
                self.store.apply(&writes, now).await?;
                match user.locked_at {
                    Some(_) => format!("unlocked {email} and cleared its failed sign-ins"),
                    None => format!("{email} was not locked; cleared its failed sign-ins"),
                }
            }
            Action::SignOut => {
                self.store.apply(&[sign_out, event(EventKind::SignedOutByAdmin)], now).await?;
                format!("signed out {} of {email}", sessions(live))
            }
            Action::Delete => {
                self.store.delete_user(&user.id).await?;
                format!("deleted {email} with {} and its activity", sessions(live))
            }
            Action::Verify if user.email_verified_at.is_some() => format!("{email} was confirmed already; nothing changed"),
            Action::Verify => {
                self.store.apply(&[Write::MarkVerified { user_id: user.id.clone() }, event(EventKind::VerifiedByAdmin)], now).await?;
                format!("marked {email} as confirmed")
            }
            Action::RemoveSecondFactor => {
                let writes =
                    [Write::RemoveSecondFactors { user_id: user.id.clone() }, sign_out, event(EventKind::SecondFactorRemovedByAdmin)];
                match self.store.apply(&writes, now).await? {
                    Applied::Done => format!("removed the second factors of {email} and signed out {}", sessions(live)),
                    Applied::Stale => format!("{email} has no second factor; nothing changed"),
                }
            }
        };
        tracing::info!(user = %user.id, ?action, "administrator changed an account");
        Ok(done)
    }

    /// What the hourly retention does, now.
    pub async fn prune(&self) -> Result<Pruned, AdminError> {
        Ok(housekeeping::prune(&self.store, &self.policy, self.clock.now_ms()).await?)
    }

    pub async fn close(&self) {
        self.store.close().await;
    }
}
