//! Passkeys (WebAuthn, docs/security.md "Passkeys"), verified by `webauthn-rs`.
//!
//! The relying party is `KEYCARD_PUBLIC_URL`'s host. Browsers refuse an IP
//! address there, so on a public URL such as `http://127.0.0.1:3000`
//! passkeys are off (said once at startup, and on the account page) and
//! everything else works as before.
//!
//! Every ceremony (adding a passkey, signing in, confirming it's you, the
//! second step of a password sign-in) keeps its challenge in the database:
//! it expires after five minutes, is taken once, and can finish on any
//! instance. Passkeys are registered as discoverable credentials with user
//! verification required, so one passkey is two factors (something held,
//! and the PIN or biometric that unlocked it): a passkey sign-in claims
//! `mfa`.

use std::time::Duration;

use rand::RngCore;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

use super::{ActiveSession, Auth, AuthMethod, FirstFactor, Issued, outcome::refuse_if_locked, reauth::Renewed};
use crate::{
    auth::{AuthError, ErrorCode, PasskeyAdded, PasskeyChallenge, PasskeyView, Reason},
    server::{
        client::ClientInfo,
        error::internal,
        mail::letters::FactorChange,
        store::{EventKind, NewCeremony, PasskeyRecord, UserRecord, Write},
    },
};

/// How long a ceremony waits for the browser's answer.
pub const CEREMONY_TTL: Duration = Duration::from_secs(5 * 60);
/// The longest passkey name kept, in characters.
pub const NAME_MAX_CHARS: usize = 64;
/// Passkey ceremonies (each a row until it expires) an address may begin
/// per window of the registration limit, as a multiple of its budget.
const SIGN_IN_BUDGET_TIMES: u32 = 10;
/// Ceremonies under way (begun, unused, unexpired) across every account and
/// address: past this, a new one waits, so no number of addresses can grow
/// the table without end.
const MAX_LIVE_CEREMONIES: i64 = 10_000;
/// The most passkeys one account may hold.
pub const MAX_PASSKEYS: usize = 20;

const SIGN_IN: &str = "sign_in";
const REGISTER: &str = "register";
const REAUTH: &str = "reauth";
const SECOND_STEP: &str = "second_step";


/// The relying party of `origin` (`KEYCARD_PUBLIC_URL`), or why there is none.
pub fn relying_party(origin: &str) -> Result<Webauthn, String> {
    let url = Url::parse(origin).map_err(|e| format!("KEYCARD_PUBLIC_URL is not a URL: {e}"))?;
    let host = url.host_str().ok_or("KEYCARD_PUBLIC_URL has no host")?.to_owned();
    if host.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>().is_ok() {
        return Err(format!("KEYCARD_PUBLIC_URL's host {host} is an IP address; browsers accept passkeys only for a host name"));
    }
    WebauthnBuilder::new(&host, &url)
        .and_then(|b| b.rp_name("keycard").timeout(CEREMONY_TTL).build())
        .map_err(|e| format!("passkeys cannot use {origin}: {e}"))
}

fn unavailable() -> AuthError {
    AuthError::because(Reason::PasskeysUnavailable).on("passkey")
}

fn unreadable() -> AuthError {
    AuthError::because(Reason::PasskeyUnreadable).on("passkey")
}

fn not_verified() -> AuthError {
    AuthError::because(Reason::PasskeyNotVerified)
}

fn expired() -> AuthError {
    AuthError::because(Reason::PasskeyExpired).on("passkey")
}

fn no_such_passkey() -> AuthError {
    AuthError::because(Reason::NoSuchPasskey).on("passkey")
}

/// A passkey's id as pages and forms carry it.
fn encode_id(id: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, id)
}

fn decode_id(raw: &str) -> Result<Vec<u8>, AuthError> {
    base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, raw.trim())
        .ok()
        .filter(|id| !id.is_empty() && id.len() <= 1023)
        .ok_or_else(no_such_passkey)
}

/// A passkey name as typed: trimmed; control characters are refused.
pub fn parse_name(raw: &str) -> Result<String, AuthError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(AuthError::because(Reason::PasskeyNameEmpty).on("name"));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(AuthError::because(Reason::PasskeyNameTooLong).on("name"));
    }
    if name.chars().any(char::is_control) {
        return Err(AuthError::because(Reason::PasskeyNameControl).on("name"));
    }
    Ok(name.to_owned())
}

fn user_handle(user: &UserRecord) -> Result<Uuid, AuthError> {
    Uuid::parse_str(&user.id).map_err(|e| internal(format!("user id is not a UUID: {e}")))
}

fn passkey_of(record: &PasskeyRecord) -> Result<Passkey, AuthError> {
    serde_json::from_str(&record.credential).map_err(|e| internal(format!("a stored passkey does not parse: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, AuthError> {
    serde_json::to_string(value).map_err(|e| internal(format!("serialising WebAuthn state: {e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, AuthError> {
    serde_json::from_str(raw).map_err(|e| internal(format!("stored WebAuthn state does not parse: {e}")))
}

/// The browser's answer to a ceremony, as JSON (`PublicKeyCredential.toJSON()`).
fn browser_answer<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, AuthError> {
    if raw.len() > 16 * 1024 {
        return Err(unreadable());
    }
    serde_json::from_str(raw).map_err(|e| {
        tracing::debug!(error = %e, "a passkey answer does not parse");
        unreadable()
    })
}

/// A passkey that just proved its user: which one, and how it is kept.
struct Proven {
    credential_id: Vec<u8>,
    /// Backup eligible: a synced passkey.
    synced: bool,
}

impl Auth {
    fn webauthn(&self) -> Result<&Webauthn, AuthError> {
        self.passkeys.as_ref().as_ref().ok_or_else(unavailable)
    }

    pub fn passkeys_available(&self) -> bool {
        self.passkeys.is_some()
    }

    /// Keeps a ceremony's state for its finish; answers the browser's options.
    async fn keep_ceremony(
        &self,
        purpose: &str,
        user_id: Option<&str>,
        state: String,
        options: String,
    ) -> Result<PasskeyChallenge, AuthError> {
        let now = self.clock.now_ms();
        // One account's ceremonies count on its own budget too (the same
        // as an address's), so a session cannot write rows without end from
        // many addresses.
        if let Some(user_id) = user_id {
            let limit = self.policy.register_limit;
            let budget = i64::from(limit.per_address.saturating_mul(SIGN_IN_BUDGET_TIMES));
            let key = format!("passkey_account:{user_id}");
            let attempt = self.store.throttle_attempt(&key, now, limit.window.as_millis() as i64, budget, budget).await?;
            if !attempt.admitted {
                return Err(super::limits::too_many(attempt.locked_until - now, crate::auth::Reason::RequestsLimited));
            }
        }
        if self.store.live_ceremonies(now).await? >= MAX_LIVE_CEREMONIES {
            tracing::warn!("{MAX_LIVE_CEREMONIES} passkey ceremonies are under way; new ones wait");
            return Err(AuthError {
                retry_after: Some(CEREMONY_TTL.as_secs()),
                ..AuthError::because(Reason::PasskeysBusy)
            });
        }
        let mut raw = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let id = encode_id(&raw);
        let ceremony = NewCeremony {
            id: &id,
            purpose,
            user_id,
            state: &state,
            expires_at: now + CEREMONY_TTL.as_millis() as i64,
        };
        self.store.insert_ceremony(&ceremony, now).await?;
        Ok(PasskeyChallenge { ceremony: id, options })
    }

    /// Takes a ceremony of `purpose` once; one begun for a user finishes
    /// only for that user.
    async fn take_ceremony(&self, id: &str, purpose: &str, user_id: Option<&str>) -> Result<String, AuthError> {
        if id.is_empty() || id.len() > 64 {
            return Err(expired());
        }
        let taken = self.store.take_ceremony(id, purpose, self.clock.now_ms()).await?.ok_or_else(expired)?;
        if taken.user_id.as_deref() != user_id {
            return Err(expired());
        }
        Ok(taken.state)
    }

    /// The account's passkeys, as the account page lists them.
    pub(super) async fn passkey_views(&self, user_id: &str) -> Result<Vec<PasskeyView>, AuthError> {
        let records = self.store.passkeys(user_id).await?;
        Ok(records
            .iter()
            .map(|r| PasskeyView {
                id: encode_id(&r.credential_id),
                name: r.name.clone(),
                created_at: r.created_at / 1000,
                last_used_at: r.last_used_at.map(|at| at / 1000),
            })
            .collect())
    }

    /// Starts adding a passkey to the signed-in account.
    pub async fn begin_passkey_registration(&self, active: &ActiveSession, client: &ClientInfo) -> Result<PasskeyChallenge, AuthError> {
        self.require_recent(active)?;
        let webauthn = self.webauthn()?;
        self.admit_from_address("passkey", SIGN_IN_BUDGET_TIMES, client).await?;
        let user = &active.user;
        let existing = self.store.passkeys(&user.id).await?;
        if existing.len() >= MAX_PASSKEYS {
            return Err(AuthError::because(Reason::PasskeyLimit).on("passkey"));
        }
        let exclude = existing.iter().map(|r| r.credential_id.clone().into()).collect();
        let (options, state) = webauthn
            .start_passkey_registration(user_handle(user)?, user.email.as_str(), user.email.as_str(), Some(exclude))
            .map_err(|e| internal(format!("starting a passkey registration: {e}")))?;
        // Discoverable, so the passkey signs in without typing the address
        // (and through the browser's autofill).
        let mut options = serde_json::to_value(&options).map_err(|e| internal(format!("passkey options: {e}")))?;
        options["publicKey"]["authenticatorSelection"]["residentKey"] = "required".into();
        options["publicKey"]["authenticatorSelection"]["requireResidentKey"] = true.into();
        self.keep_ceremony(REGISTER, Some(&user.id), to_json(&state)?, options.to_string()).await
    }

    /// Finishes adding a passkey: the browser's answer to the ceremony `ceremony`.
    pub async fn finish_passkey_registration(
        &self,
        active: &ActiveSession,
        ceremony: &str,
        credential: &str,
        name: &str,
        client: &ClientInfo,
    ) -> Result<PasskeyAdded, AuthError> {
        self.require_recent(active)?;
        let webauthn = self.webauthn()?;
        let name = parse_name(name)?;
        let user = &active.user;
        let answer: RegisterPublicKeyCredential = browser_answer(credential)?;
        let state: PasskeyRegistration = from_json(&self.take_ceremony(ceremony, REGISTER, Some(&user.id)).await?)?;
        let passkey = webauthn.finish_passkey_registration(&answer, &state).map_err(|e| {
            tracing::info!(error = %e, user = %user.id, "a passkey registration was refused");
            AuthError::because(Reason::PasskeyAddRefused).on("passkey")
        })?;
        let now = self.clock.now_ms();
        let record = PasskeyRecord {
            credential_id: passkey.cred_id().to_vec(),
            user_id: user.id.clone(),
            name,
            credential: to_json(&passkey)?,
            created_at: now,
            last_used_at: None,
        };
        let view = PasskeyView { id: encode_id(&record.credential_id), name: record.name.clone(), created_at: now / 1000, last_used_at: None };
        // The account's first second factor: from now on a password alone
        // no longer signs in, so recovery codes are the way back when the
        // passkey is lost. Whether it is the first is decided in the batch.
        let (codes, hashes) = self.new_recovery_codes(&user.id);
        let writes = [
            self.second_factor_alert(user, FactorChange::PasskeyAdded(&record.name), client),
            Write::InsertPasskey(record),
            Write::IssueFirstRecoveryCodes { user_id: user.id.clone(), hashes: hashes.clone() },
            self.event(&user.id, Some(&active.session.id), EventKind::PasskeyAdded, client),
        ];
        // The passkey, its event, its mail and the codes: all or nothing.
        match self.commit(&writes).await {
            // A unique key taken (`StoreError::Conflict`): the credential id.
            Err(e) if e.code == ErrorCode::EmailTaken => {
                return Err(AuthError::because(Reason::PasskeyExists).on("passkey"));
            }
            other => other?,
        };
        let codes = self.issued(&user.id, codes, &hashes).await?;
        if !codes.is_empty() {
            self.record(Some(&user.id), Some(&active.session.id), EventKind::RecoveryCodesGenerated, client).await;
        }
        Ok(PasskeyAdded { passkey: view, recovery_codes: (!codes.is_empty()).then_some(codes) })
    }

    /// Renames one of the account's passkeys.
    pub async fn rename_passkey(&self, active: &ActiveSession, id: &str, name: &str) -> Result<(), AuthError> {
        let name = parse_name(name)?;
        if !self.store.rename_passkey(&active.user.id, &decode_id(id)?, &name).await? {
            return Err(no_such_passkey());
        }
        Ok(())
    }

    /// Removes one of the account's passkeys.
    pub async fn remove_passkey(&self, active: &ActiveSession, id: &str, client: &ClientInfo) -> Result<(), AuthError> {
        self.require_recent(active)?;
        let user = &active.user;
        let credential_id = decode_id(id)?;
        let name = self.store.passkey(&credential_id).await?.filter(|r| r.user_id == user.id).map(|r| r.name);
        let Some(name) = name else {
            return Err(no_such_passkey());
        };
        // An account without a password keeps one way to sign in.
        if !user.has_password() && self.store.other_sign_in_methods(&user.id).await? == 1 {
            return Err(AuthError::because(crate::auth::Reason::LastSignInMethod).on("passkey"));
        }
        let writes = [
            Write::RemovePasskey { user_id: user.id.clone(), credential_id },
            self.event(&user.id, Some(&active.session.id), EventKind::PasskeyRemoved, client),
            self.second_factor_alert(user, FactorChange::PasskeyRemoved(&name), client),
        ];
        if self.commit(&writes).await? == super::super::store::Applied::Stale {
            return Err(no_such_passkey());
        }
        Ok(())
    }

    /// Starts a sign-in with a passkey the browser finds (discoverable):
    /// from a button (`conditional` false) or the e-mail field's autofill.
    pub async fn begin_passkey_sign_in(&self, conditional: bool, client: &ClientInfo) -> Result<PasskeyChallenge, AuthError> {
        self.webauthn()?;
        // Anyone may begin one, and each is a row until it expires: an
        // address gets ten times the registration budget (every visit of
        // the sign-in page begins one, for the autofill).
        self.admit_from_address("passkey", SIGN_IN_BUDGET_TIMES, client).await?;
        let (mut options, state) = self
            .webauthn()?
            .start_discoverable_authentication()
            .map_err(|e| internal(format!("starting a passkey sign-in: {e}")))?;
        if !conditional {
            options.mediation = None;
        }
        self.keep_ceremony(SIGN_IN, None, to_json(&state)?, to_json(&options)?).await
    }

    /// Finishes a passkey sign-in: a session, as after a password and a
    /// second factor (a passkey is both).
    pub async fn finish_passkey_sign_in(&self, ceremony: &str, credential: &str, client: &ClientInfo) -> Result<Issued, AuthError> {
        let webauthn = self.webauthn()?;
        let answer: PublicKeyCredential = browser_answer(credential)?;
        let state: DiscoverableAuthentication = from_json(&self.take_ceremony(ceremony, SIGN_IN, None).await?)?;
        let (handle, credential_id) = webauthn.identify_discoverable_authentication(&answer).map_err(|_| not_verified())?;
        let record = self.store.passkey(credential_id).await?;
        let record = record
            .filter(|r| Uuid::parse_str(&r.user_id).is_ok_and(|id| id == handle))
            .ok_or_else(|| AuthError::because(Reason::PasskeyUnknown))?;
        let mut passkey = passkey_of(&record)?;
        let result = webauthn.finish_discoverable_authentication_v2(&answer, state, &passkey);
        let user = self.store.user_by_id(&record.user_id).await?.ok_or_else(|| AuthError::because(Reason::PasskeyUnknown))?;
        let proven = self.passkey_checked(&record, &mut passkey, result, &user, client).await?;
        refuse_if_locked(&user)?;
        let device = client.device.as_deref().and_then(|c| self.device_key.check(c, &user));
        self.finish_sign_in(user, device, client, AuthMethod::Passkey { synced: proven.synced }).await
    }

    /// Records the outcome of a passkey's authentication: its counter and
    /// last use when it verified, a failed attempt when it did not.
    async fn passkey_checked(
        &self,
        record: &PasskeyRecord,
        passkey: &mut Passkey,
        result: Result<webauthn_rs::prelude::AuthenticationResult, webauthn_rs::prelude::WebauthnError>,
        user: &UserRecord,
        client: &ClientInfo,
    ) -> Result<Proven, AuthError> {
        let result = match result {
            Ok(result) => result,
            Err(webauthn_rs::prelude::WebauthnError::CredentialPossibleCompromise) => {
                // The signature counter went backwards: two copies of one
                // key may be in use. Refused, and said where operators look.
                tracing::warn!(user = %user.id, passkey = %encode_id(&record.credential_id), "a passkey's counter went backwards: possibly cloned");
                self.record(Some(&user.id), None, EventKind::SignInFailed, client).await;
                return Err(not_verified());
            }
            Err(e) => {
                tracing::info!(error = %e, user = %user.id, "a passkey did not verify");
                self.record(Some(&user.id), None, EventKind::SignInFailed, client).await;
                return Err(not_verified());
            }
        };
        let changed = passkey.update_credential(&result) == Some(true);
        let credential = if changed { Some(to_json(passkey)?) } else { None };
        let now = self.clock.now_ms();
        if !self.store.passkey_used(&record.credential_id, &record.credential, credential.as_deref(), now).await? {
            tracing::warn!(user = %user.id, passkey = %encode_id(&record.credential_id), "a passkey was removed or used again while this use was checked");
            self.record(Some(&user.id), None, EventKind::SignInFailed, client).await;
            return Err(not_verified());
        }
        Ok(Proven { credential_id: record.credential_id.clone(), synced: result.backup_eligible() })
    }

    /// Starts a ceremony for one of `user`'s own passkeys (confirming it's
    /// you, the second step): the browser offers only those.
    async fn begin_for_user(&self, user: &UserRecord, purpose: &str, client: &ClientInfo) -> Result<PasskeyChallenge, AuthError> {
        let webauthn = self.webauthn()?;
        self.admit_from_address("passkey", SIGN_IN_BUDGET_TIMES, client).await?;
        let records = self.store.passkeys(&user.id).await?;
        if records.is_empty() {
            return Err(AuthError::because(Reason::NoPasskey).on("passkey"));
        }
        let passkeys = records.iter().map(passkey_of).collect::<Result<Vec<_>, _>>()?;
        let (options, state) = webauthn
            .start_passkey_authentication(&passkeys)
            .map_err(|e| internal(format!("starting a passkey authentication: {e}")))?;
        self.keep_ceremony(purpose, Some(&user.id), to_json(&state)?, to_json(&options)?).await
    }

    /// Finishes a ceremony of [`Auth::begin_for_user`].
    async fn finish_for_user(
        &self,
        user: &UserRecord,
        purpose: &str,
        ceremony: &str,
        credential: &str,
        client: &ClientInfo,
    ) -> Result<Proven, AuthError> {
        let webauthn = self.webauthn()?;
        let answer: PublicKeyCredential = browser_answer(credential)?;
        let state: PasskeyAuthentication = from_json(&self.take_ceremony(ceremony, purpose, Some(&user.id)).await?)?;
        let record = self.store.passkey(answer.get_credential_id()).await?;
        let record = record.filter(|r| r.user_id == user.id).ok_or_else(not_verified)?;
        let mut passkey = passkey_of(&record)?;
        let result = webauthn.finish_passkey_authentication(&answer, &state);
        self.passkey_checked(&record, &mut passkey, result, user, client).await
    }

    /// Starts confirming it's you with a passkey, before a sensitive change.
    pub async fn begin_passkey_reauth(&self, active: &ActiveSession, client: &ClientInfo) -> Result<PasskeyChallenge, AuthError> {
        self.begin_for_user(&active.user, REAUTH, client).await
    }

    /// Confirms it's you with a passkey: the session's authentication is renewed.
    pub async fn finish_passkey_reauth(
        &self,
        active: &ActiveSession,
        ceremony: &str,
        credential: &str,
        client: &ClientInfo,
    ) -> Result<Renewed, AuthError> {
        let proven = self.finish_for_user(&active.user, REAUTH, ceremony, credential, client).await?;
        tracing::debug!(passkey = %encode_id(&proven.credential_id), "confirmed it's you with a passkey");
        // The passkey's own key type (`hwk`/`swk`), not `mfa`: see `merge_amr`.
        let key_type = if proven.synced { "swk" } else { "hwk" };
        self.renew_authentication(active, key_type, client).await
    }

    /// Starts the second step of a password sign-in with a passkey.
    pub async fn begin_passkey_second_step(&self, pending: Option<&str>, client: &ClientInfo) -> Result<PasskeyChallenge, AuthError> {
        let (_, _, user) = self.live_pending(pending).await?;
        self.begin_for_user(&user, SECOND_STEP, client).await
    }

    /// The second step of a password sign-in, done with a passkey.
    pub async fn finish_passkey_second_step(
        &self,
        pending: Option<&str>,
        ceremony: &str,
        credential: &str,
        client: &ClientInfo,
    ) -> Result<Issued, AuthError> {
        let (hash, pending, user) = self.live_pending(pending).await?;
        let proven = self.finish_for_user(&user, SECOND_STEP, ceremony, credential, client).await?;
        let method = AuthMethod::ThenPasskey { first: FirstFactor::from_code(&pending.first_factor), synced: proven.synced };
        self.finish_pending(&hash, pending, user, method, client).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passkeys_need_a_host_name() {
        assert!(relying_party("http://localhost:3000").is_ok());
        assert!(relying_party("https://auth.example.com").is_ok());
        for origin in ["http://127.0.0.1:3000", "http://[::1]:3000", "http://10.0.0.2"] {
            let refused = relying_party(origin).err().unwrap_or_default();
            assert!(refused.contains("IP address"), "{origin}: {refused}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_name("  Laptop  ").unwrap(), "Laptop");
        assert!(parse_name("   ").is_err());
        assert!(parse_name(&"x".repeat(NAME_MAX_CHARS + 1)).is_err());
        assert_eq!(parse_name(&"é".repeat(NAME_MAX_CHARS)).unwrap().chars().count(), NAME_MAX_CHARS);
        assert!(parse_name("a\u{7}b").is_err());
    }

    #[test]
    fn ids_round_trip_and_garbage_is_refused() {
        assert_eq!(decode_id(&encode_id(b"\x01\x02\xff")).unwrap(), b"\x01\x02\xff");
        for bad in ["", "!!!", "a"] {
            assert!(decode_id(bad).is_err(), "{bad:?}");
        }
    }
}
