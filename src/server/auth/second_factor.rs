//! A second factor for password sign-ins (docs/security.md, "Two-step sign-in"): an authenticator app
//! (TOTP, RFC 6238: 30-second steps, 6 digits, one step of clock skew
//! either way) and ten single-use recovery codes.
//!
//! A password sign-in of an account with a second factor opens no session:
//! it starts a *pending sign-in* (a random token in an HttpOnly cookie, kept
//! as its SHA-256; single use, five minutes, dead after five wrong codes),
//! and the session opens only once a code is given. Codes are counted on
//! the account's own budget like passwords (the first five of a window
//! free, then growing delays, then locked until the window ends) and on the
//! client address's, so knowing the password buys a handful of guesses per
//! window, not a million. Windows do not add up forever either: after
//! [`SECOND_STEP_CAP`] wrong codes since the account last signed in, the
//! second step is refused until the password is reset, and the owner is
//! told by mail at the [`ALERT_AT`]th wrong code ("someone has your
//! password") and at the cap.
//!
//! Nothing in the database lets its reader produce a code: app secrets are
//! sealed (ChaCha20-Poly1305 under a key derived from the server secret,
//! bound to the user), recovery codes are kept as keyed hashes.

use std::time::Duration;

use chacha20poly1305::{
    ChaCha20Poly1305, KeyInit, Nonce,
    aead::{Aead, Payload},
};
use hmac::{Hmac, Mac};
use rand::{Rng, RngCore};
use sha2::Sha256;

use super::{
    ActiveSession, Auth, AuthMethod, FirstFactor, Issued, Pending,
    outcome::{pending_expired, refuse_if_locked, second_step_blocked},
};
use crate::{
    auth::{AuthError, FactorsView, Reason, RecoveryCodes, TotpSetup},
    server::{
        client::ClientInfo,
        mail::letters::FactorChange,
        secret::Secret,
        store::{Applied, EventKind, PendingSignIn, TotpRecord, UserRecord, Write},
    },
};

pub const RECOVERY_CODE_COUNT: usize = 10;
/// How long a pending sign-in waits for its code.
pub const PENDING_TTL: Duration = Duration::from_secs(5 * 60);
const PENDING_MAX_FAILURES: i64 = 5;
/// Wrong codes since the last successful sign-in after which the second
/// step is refused until the password is reset: with three codes valid at
/// a time, one chance in about 16,000 to guess one before that.
pub const SECOND_STEP_CAP: i64 = 20;
/// The wrong code since the last sign-in at which the owner is mailed.
pub const ALERT_AT: i64 = PENDING_MAX_FAILURES;
/// How long an enrolment waits for its first code.
const SETUP_TTL_MS: i64 = 15 * 60 * 1000;
const TOTP_STEP_SECS: u64 = 30;
const SECRET_BYTES: usize = 20;
/// Recovery codes: ten characters of an alphabet without look-alikes (50 bits).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const RECOVERY_LEN: usize = 10;
const NONCE_LEN: usize = 12;
/// Throttle keys of second-factor attempts are this and the user id (or
/// `ip:` and the client's address).
const THROTTLE_PREFIX: &str = "second_factor:";

/// The throttle key of an account's budget for second-step codes.
pub fn throttle_key(user_id: &str) -> String {
    format!("{THROTTLE_PREFIX}{user_id}")
}

/// The keys of the second factors, derived from the server secret.
pub struct FactorKeys {
    seal: [u8; 32],
    recovery: [u8; 32],
}

impl FactorKeys {
    pub fn new(secret: &Secret) -> Self {
        Self { seal: secret.derive("totp secrets"), recovery: secret.derive("recovery codes") }
    }

    /// `nonce ‖ ciphertext` of an app secret, bound to its user.
    fn seal(&self, user_id: &str, secret: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let cipher = ChaCha20Poly1305::new((&self.seal).into());
        let sealed = cipher
                .encrypt(&Nonce::from(nonce), Payload { msg: secret, aad: user_id.as_bytes() })
            .expect("sealing a short secret cannot fail");
        [nonce.as_slice(), &sealed].concat()
    }

    /// The app secret, if `sealed` was sealed for this user under this key.
    fn open(&self, user_id: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        let (nonce, ciphertext) = sealed.split_at_checked(NONCE_LEN)?;
        let nonce = Nonce::from(<[u8; NONCE_LEN]>::try_from(nonce).ok()?);
        let cipher = ChaCha20Poly1305::new((&self.seal).into());
        cipher.decrypt(&nonce, Payload { msg: ciphertext, aad: user_id.as_bytes() }).ok()
    }

    fn recovery_hash(&self, user_id: &str, code: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.recovery).expect("HMAC takes any key length");
        mac.update(user_id.as_bytes());
        mac.update(b":");
        mac.update(code.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// What the user typed at the second step, by its shape.
#[derive(Debug, PartialEq, Eq)]
pub enum Code {
    Totp(String),
    Recovery(String),
}

impl Code {
    /// Spaces and dashes are ignored, letters compared in lower case.
    pub fn parse(raw: &str) -> Result<Self, AuthError> {
        let clean: String =
            raw.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_lowercase()).take(64).collect();
        if clean.len() == 6 && clean.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self::Totp(clean))
        } else if clean.len() == RECOVERY_LEN && clean.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)) {
            Ok(Self::Recovery(clean))
        } else if clean.is_empty() {
            Err(AuthError::because(Reason::CodeEmpty).on("code"))
        } else {
            Err(AuthError::because(Reason::CodeShape).on("code"))
        }
    }
}

fn new_recovery_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: String = (0..RECOVERY_LEN).map(|_| RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char).collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// The app secret as people type it: base32 in groups of four.
fn grouped(base32: &str) -> String {
    base32.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join(" ")
}

fn totp(secret: Vec<u8>, account: &str) -> Result<totp_rs::Totp, AuthError> {
    totp_rs::Builder::new()
        .with_secret(secret)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(TOTP_STEP_SECS)
        .with_issuer(Some("keycard"))
        .with_account_name(account)
        .build()
        .map_err(|e| crate::server::error::internal(format!("authenticator-app secret refused: {e}")))
}

fn qr_svg(uri: &str) -> Result<String, AuthError> {
    let code = qrcode::QrCode::new(uri.as_bytes()).map_err(|e| crate::server::error::internal(format!("QR code: {e}")))?;
    let document = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(200, 200).quiet_zone(true).build();
    // Inline in HTML the XML declaration has no place: the `<svg>` element only.
    Ok(document.find("<svg").map_or(document.clone(), |start| document[start..].to_owned()))
}

fn wrong_code(reason: Reason) -> AuthError {
    AuthError::because(reason).on("code")
}

impl Auth {
    fn open_totp(&self, user: &UserRecord, record: &TotpRecord) -> Result<totp_rs::Totp, AuthError> {
        let secret = self
            .factor_keys
            .open(&user.id, &record.sealed_secret)
            .ok_or_else(|| crate::server::error::internal("an authenticator-app secret does not open with this server's secret"))?;
        totp(secret, user.email.as_str())
    }

    fn setup_view(&self, user: &UserRecord, record: &TotpRecord) -> Result<TotpSetup, AuthError> {
        let app = self.open_totp(user, record)?;
        let uri = app.to_url().map_err(|e| crate::server::error::internal(format!("otpauth URI: {e}")))?;
        Ok(TotpSetup { secret: grouped(&app.secret().to_base32()), qr_svg: qr_svg(&uri)?, uri })
    }

    /// An enrolment that `active` may still finish: unconfirmed, not
    /// expired, begun by this very session, within its re-authentication
    /// window. Its key is shown to nobody else: another session of the
    /// account (someone signed in elsewhere) cannot read it and plant it in
    /// an app of their own.
    fn own_setup<'a>(&self, active: &ActiveSession, record: Option<&'a TotpRecord>) -> Option<&'a TotpRecord> {
        let now = self.clock.now_ms();
        record.filter(|r| {
            r.confirmed_at.is_none()
                && now - r.created_at < SETUP_TTL_MS
                && r.setup_session.as_deref() == Some(active.session.id.as_str())
                && self.require_recent(active).is_ok()
        })
    }

    /// The account's second factors, and an enrolment under way in this session.
    pub async fn factors(&self, active: &ActiveSession) -> Result<FactorsView, AuthError> {
        let user = &active.user;
        let record = self.store.totp(&user.id).await?;
        let setup = match self.own_setup(active, record.as_ref()) {
            Some(r) => Some(self.setup_view(user, r)?),
            None => None,
        };
        Ok(FactorsView {
            totp_since: record.as_ref().and_then(|r| r.confirmed_at).map(|at| at / 1000),
            recovery_codes_left: self.store.recovery_codes_left(&user.id).await?,
            setup,
            passkeys: self.passkey_views(&user.id).await?,
            passkeys_available: self.passkeys_available(),
        })
    }

    /// Starts adding an authenticator app: a new secret, shown until its
    /// first code confirms it.
    pub async fn begin_totp(&self, active: &ActiveSession) -> Result<TotpSetup, AuthError> {
        self.require_recent(active)?;
        let user = &active.user;
        let mut secret = vec![0u8; SECRET_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        let sealed = self.factor_keys.seal(&user.id, &secret);
        let now = self.clock.now_ms();
        if !self.store.begin_totp(&user.id, &sealed, &active.session.id, now).await? {
            return Err(wrong_code(Reason::AppExists));
        }
        let record = TotpRecord { sealed_secret: sealed, created_at: now, confirmed_at: None, last_step: 0, setup_session: None };
        self.setup_view(user, &record)
    }

    /// Confirms the enrolment with the app's first code; answers the
    /// recovery codes, which are shown this once (none when the account
    /// already had a second factor: its codes stay).
    pub async fn confirm_totp(&self, active: &ActiveSession, code: &str, client: &ClientInfo) -> Result<RecoveryCodes, AuthError> {
        self.require_recent(active)?;
        let user = &active.user;
        let record = self.store.totp(&user.id).await?;
        let now = self.clock.now_ms();
        let Some(record) = self.own_setup(active, record.as_ref()).cloned() else {
            return Err(wrong_code(Reason::AppSetupExpired));
        };
        let Code::Totp(code) = Code::parse(code)? else {
            return Err(wrong_code(Reason::AppCodeShape));
        };
        let Some(step) = self.open_totp(user, &record)?.check(&code, (now / 1000) as u64) else {
            return Err(wrong_code(Reason::AppCodeWrong));
        };
        // The account's first second factor brings the recovery codes; with
        // a passkey already there, the codes saved then stay valid.
        let (codes, hashes) = self.new_recovery_codes(&user.id);
        let writes = [
            Write::ConfirmTotp { user_id: user.id.clone(), sealed: record.sealed_secret, step: step as i64 },
            Write::IssueFirstRecoveryCodes { user_id: user.id.clone(), hashes: hashes.clone() },
            self.event(&user.id, Some(&active.session.id), EventKind::TotpEnabled, client),
            self.second_factor_alert(user, FactorChange::AppAdded, client),
        ];
        if self.commit(&writes).await? == Applied::Stale {
            return Err(wrong_code(Reason::AppSetupChanged));
        }
        Ok(RecoveryCodes { codes: self.issued(&user.id, codes, &hashes).await? })
    }

    /// `codes` if the batch that offered them stored them (the account had
    /// none), else nothing: the codes saved earlier stay the ones that work.
    pub(super) async fn issued(&self, user_id: &str, codes: Vec<String>, hashes: &[[u8; 32]]) -> Result<Vec<String>, AuthError> {
        match hashes.first() {
            Some(first) if self.store.holds_recovery_code(user_id, first).await? => Ok(codes),
            _ => Ok(Vec::new()),
        }
    }

    /// Removes the authenticator app (and the recovery codes, unless a
    /// passkey remains a second factor).
    pub async fn remove_totp(&self, active: &ActiveSession, client: &ClientInfo) -> Result<(), AuthError> {
        self.require_recent(active)?;
        let user = &active.user;
        let writes = [
            Write::RemoveTotp { user_id: user.id.clone() },
            self.event(&user.id, Some(&active.session.id), EventKind::TotpDisabled, client),
            self.second_factor_alert(user, FactorChange::AppRemoved, client),
        ];
        if self.commit(&writes).await? == Applied::Stale {
            return Err(wrong_code(Reason::NoApp));
        }
        Ok(())
    }

    /// Replaces the recovery codes with ten new ones.
    pub async fn regenerate_recovery_codes(&self, active: &ActiveSession, client: &ClientInfo) -> Result<RecoveryCodes, AuthError> {
        self.require_recent(active)?;
        let user = &active.user;
        if !self.store.has_second_factor(&user.id).await? {
            return Err(wrong_code(Reason::CodesNeedFactor));
        }
        let (codes, hashes) = self.new_recovery_codes(&user.id);
        let writes = [
            Write::SetRecoveryCodes { user_id: user.id.clone(), hashes },
            self.event(&user.id, Some(&active.session.id), EventKind::RecoveryCodesGenerated, client),
            self.second_factor_alert(user, FactorChange::RecoveryCodesRenewed, client),
        ];
        self.commit(&writes).await?;
        Ok(RecoveryCodes { codes })
    }

    pub(super) fn new_recovery_codes(&self, user_id: &str) -> (Vec<String>, Vec<[u8; 32]>) {
        let codes: Vec<String> = (0..RECOVERY_CODE_COUNT).map(|_| new_recovery_code()).collect();
        let hashes = codes.iter().map(|c| self.factor_keys.recovery_hash(user_id, &c.replace('-', ""))).collect();
        (codes, hashes)
    }

    /// After the right password of an account with a second factor: a
    /// pending sign-in instead of a session.
    pub(super) async fn begin_second_step(
        &self,
        user: &UserRecord,
        device_id: Option<String>,
        first: FirstFactor,
    ) -> Result<Pending, AuthError> {
        let mut raw = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let token = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, raw);
        let now = self.clock.now_ms();
        let pending = PendingSignIn {
            user_id: user.id.clone(),
            credential_version: user.credential_version,
            device_id,
            expires_at: now + PENDING_TTL.as_millis() as i64,
            failures: 0,
            used_at: None,
            first_factor: first.code().into(),
        };
        self.store.insert_pending_sign_in(&super::tokens::digest(&token), &pending, now).await?;
        Ok(Pending { token, max_age: PENDING_TTL })
    }

    /// The second step of a password sign-in: the code of the app, or a
    /// recovery code, for the pending sign-in whose cookie is `token`.
    pub async fn complete_second_step(&self, token: Option<&str>, code: &str, client: &ClientInfo) -> Result<Issued, AuthError> {
        let (hash, pending, user) = self.live_pending(token).await?;
        let now = self.clock.now_ms();
        let code = Code::parse(code)?;

        // The account's budget for codes, shared by every pending sign-in,
        // and the client address's, shared by every account.
        let limit = self.policy.login_limit;
        let key = throttle_key(&user.id);
        let address = format!("{THROTTLE_PREFIX}ip:{}", super::limits::address_key(&client.ip));
        let window = limit.window.as_millis() as i64;
        let per_account = i64::from(limit.per_account);
        let per_address = per_account.saturating_mul(5);
        // A pending sign-in's own wrong codes cost nothing; past them, delays
        // grow as for passwords until the window's limit.
        for (key, max, free) in [(&key, per_account, PENDING_MAX_FAILURES), (&address, per_address, per_address / 2)] {
            let attempt = self.store.throttle_attempt(key, now, window, max, free).await?;
            if !attempt.admitted {
                return Err(super::limits::too_many(attempt.locked_until - now, Reason::SignInLimited));
            }
        }

        let accepted = match &code {
            Code::Totp(digits) => match self.store.totp(&user.id).await?.filter(|r| r.confirmed_at.is_some()) {
                Some(record) => match self.open_totp(&user, &record)?.check(digits, (now / 1000) as u64) {
                    // A code is accepted once: a replay within its window is refused.
                    Some(step) => self.store.use_totp_step(&user.id, &record.sealed_secret, step as i64).await?,
                    None => false,
                },
                None => false,
            },
            Code::Recovery(chars) => {
                self.store.use_recovery_code(&user.id, &self.factor_keys.recovery_hash(&user.id, chars), now).await?
            }
        };
        if !accepted {
            let failures = self.store.pending_sign_in_failed(&hash).await?;
            self.record(Some(&user.id), None, EventKind::SecondFactorFailed, client).await;
            let since_sign_in = self.store.second_factor_failed(&user.id).await?;
            if since_sign_in == ALERT_AT || since_sign_in == SECOND_STEP_CAP {
                self.second_step_guessed(&user, since_sign_in == SECOND_STEP_CAP, client).await;
            }
            if since_sign_in >= SECOND_STEP_CAP {
                return Err(second_step_blocked());
            }
            if failures >= PENDING_MAX_FAILURES {
                return Err(pending_expired());
            }
            return Err(AuthError::because(Reason::CodeWrong).on("code"));
        }
        self.store.throttle_clear(&key).await?;
        self.store.throttle_forgive(&address).await?;
        if matches!(code, Code::Recovery(_)) {
            self.record(Some(&user.id), None, EventKind::RecoveryCodeUsed, client).await;
        }
        let method = AuthMethod::ThenCode { first: FirstFactor::from_code(&pending.first_factor) };
        self.finish_pending(&hash, pending, user, method, client).await
    }

    /// The pending sign-in whose cookie is `token`, if it can still be
    /// finished, and its user: its hash, the record and the user.
    pub(super) async fn live_pending(&self, token: Option<&str>) -> Result<([u8; 32], PendingSignIn, UserRecord), AuthError> {
        let hash = super::tokens::digest(token.filter(|t| t.len() == 43).ok_or_else(pending_expired)?);
        let now = self.clock.now_ms();
        let pending = self.store.pending_sign_in(&hash).await?;
        let pending = pending
            .filter(|p| p.used_at.is_none() && p.expires_at > now && p.failures < PENDING_MAX_FAILURES)
            .ok_or_else(pending_expired)?;
        let user = self.store.user_by_id(&pending.user_id).await?;
        let user = user.filter(|u| u.credential_version == pending.credential_version).ok_or_else(pending_expired)?;
        refuse_if_locked(&user)?;
        self.refuse_if_guessed(&user).await?;
        Ok((hash, pending, user))
    }

    /// Refuses the second step of an account that saw too many wrong codes
    /// since it last signed in.
    pub(super) async fn refuse_if_guessed(&self, user: &UserRecord) -> Result<(), AuthError> {
        if self.store.second_factor_failures(&user.id).await? >= SECOND_STEP_CAP {
            return Err(second_step_blocked());
        }
        Ok(())
    }

    /// Tells the owner that someone who has the password is guessing codes
    /// (at most one such mail per sign-in window), and records it.
    async fn second_step_guessed(&self, user: &UserRecord, blocked: bool, client: &ClientInfo) {
        let mut writes = vec![self.event(&user.id, None, EventKind::SecondFactorGuessed, client)];
        match self.alert_allowed(&user.id, "second_step", 1, self.policy.login_limit.window).await {
            Ok(true) => writes.push(self.second_step_alert(user, blocked, client)),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e.message, "could not check the alert limit"),
        }
        if let Err(e) = self.commit(&writes).await {
            tracing::warn!(error = %e.message, "could not tell the owner about wrong second-step codes");
        }
    }

    /// Ends the pending sign-in `hash`, once, with the session its second
    /// factor (proven by `method`) earned.
    pub(super) async fn finish_pending(
        &self,
        hash: &[u8; 32],
        pending: PendingSignIn,
        user: UserRecord,
        method: AuthMethod,
        client: &ClientInfo,
    ) -> Result<Issued, AuthError> {
        if !self.store.finish_pending_sign_in(hash, self.clock.now_ms()).await? {
            return Err(pending_expired());
        }
        self.finish_sign_in(user, pending.device_id, client, method).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> FactorKeys {
        FactorKeys::new(&Secret::decode("KEYCARD_SECRET", "a2V5Y2FyZC11bml0LXRlc3Qtc2VjcmV0LWJ5dGVzISE=").unwrap())
    }

    #[test]
    fn sealed_secrets_open_only_for_their_user_and_key() {
        let keys = keys();
        let sealed = keys.seal("user-1", b"twenty bytes secret!");
        assert_eq!(keys.open("user-1", &sealed).as_deref(), Some(b"twenty bytes secret!".as_slice()));
        assert_eq!(keys.open("user-2", &sealed), None, "bound to the user");
        let other = FactorKeys::new(&Secret::decode("KEYCARD_SECRET", "b3RoZXItc2VydmVyLXNlY3JldC1ieXRlcy0zMiEhISE=").unwrap());
        assert_eq!(other.open("user-1", &sealed), None, "bound to the server secret");
        assert_eq!(keys.open("user-1", &sealed[..5]), None);
        assert_ne!(keys.seal("user-1", b"x"), keys.seal("user-1", b"x"), "a fresh nonce each time");
    }

    #[test]
    fn codes_are_told_apart_by_shape() {
        assert_eq!(Code::parse(" 123 456 ").unwrap(), Code::Totp("123456".into()));
        assert_eq!(Code::parse("ABCDE-FGHJK").unwrap(), Code::Recovery("abcdefghjk".into()));
        for bad in ["", "12345", "1234567", "abcde-fghi0", "' OR 1=1 --", &"9".repeat(5000)] {
            assert!(Code::parse(bad).is_err(), "{bad:?}");
        }
        let code = new_recovery_code();
        assert_eq!(code.len(), RECOVERY_LEN + 1);
        assert!(matches!(Code::parse(&code), Ok(Code::Recovery(_))), "{code}");
    }

    #[test]
    fn recovery_hashes_depend_on_user_and_code() {
        let keys = keys();
        assert_eq!(keys.recovery_hash("u", "abcdefghjk"), keys.recovery_hash("u", "abcdefghjk"));
        assert_ne!(keys.recovery_hash("u", "abcdefghjk"), keys.recovery_hash("v", "abcdefghjk"));
        assert_ne!(keys.recovery_hash("u", "abcdefghjk"), keys.recovery_hash("u", "abcdefghjm"));
    }

    #[test]
    fn app_secrets_are_grouped_for_typing() {
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
