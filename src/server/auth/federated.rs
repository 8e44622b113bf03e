//! Signing in with another identity provider, and linking one to an
//! account. The protocol is `server::federation`'s; here are the rules:
//!
//! - An identity is its (issuer, subject): a sign-in finds the account it
//!   was linked to, never an account with the same address.
//! - A first sign-in makes an account only when the provider says, as a
//!   boolean, that the address is verified, the address is allowed for that
//!   provider, and no confirmed account has it. An unconfirmed account
//!   holding it is removed (whoever registered never proved the inbox; see
//!   the registration rules in `email.rs`): it never receives the identity.
//! - An account with the address is linked only by its owner: signed in
//!   (with its second step), recently, from the account page.
//! - A flow finishes once, in the browser that started it, at the provider
//!   it was sent to (`state` bound to a cookie, `iss` checked when sent).
//! - Sessions it opens are like any other; an account with a second
//!   factor still takes its second step (unless the operator trusts the
//!   provider's `mfa`).

use std::time::Duration;

use super::{
    ActiveSession, Auth, AuthMethod, FirstFactor, SignInOutcome, new_id,
    outcome::refuse_if_locked,
    tokens::{LinkToken, digest},
};
use crate::{
    auth::{AuthError, Email, ErrorCode, LinkedProvider, ProviderView, Reason, MethodsView},
    server::{
        client::ClientInfo,
        mail::letters::FactorChange,
        federation::Verified,
        store::{Applied, EventKind, IdentityRecord, NO_PASSWORD, NewFlow, UserRecord, Write},
    },
};

/// How long a sign-in sent to a provider may take to come back.
pub const FLOW_TTL: Duration = Duration::from_secs(10 * 60);
/// Sign-ins one address may send to providers per registration window, in
/// registrations (`KEYCARD_REGISTER_LIMIT`): each is a row until it expires.
const FLOWS_PER_ADDRESS_TIMES: u32 = 10;

/// A sign-in sent to a provider: where the browser goes, and the cookie
/// that binds the flow to it.
pub struct Sent {
    pub url: String,
    pub browser: LinkToken,
}

/// What a provider's redirect back carries.
pub struct Returned<'a> {
    pub code: Option<&'a str>,
    pub state: Option<&'a str>,
    /// RFC 9207: the issuer of the response, when the provider sends it.
    pub iss: Option<&'a str>,
    /// The provider's error (the user cancelled, say).
    pub error: Option<&'a str>,
}

/// How a flow ended.
pub enum Federated {
    /// A sign-in (or the second step it needs), and where to go next.
    SignIn(SignInOutcome, Option<String>),
    /// A provider was linked to the signed-in account.
    Linked,
}

fn refused() -> AuthError {
    AuthError::because(Reason::ProviderRefused)
}

impl Auth {
    /// Where pages' forms may lead besides keycard (see `Federation::form_targets`).
    pub fn form_targets(&self) -> Vec<String> {
        self.federation.form_targets()
    }

    /// Discovers the providers in the background, at startup.
    pub fn warm_providers(&self) {
        let federation = self.federation.clone();
        tokio::spawn(async move { federation.warm().await });
    }

    /// The providers this server offers.
    pub fn providers(&self) -> Vec<ProviderView> {
        self.federation.providers().map(|p| ProviderView { id: p.id.clone(), name: p.name.clone() }).collect()
    }

    /// What the pages and mails call provider `id` (its id, if it is no
    /// longer configured).
    fn provider_name(&self, id: &str) -> String {
        self.federation.provider(id).map_or_else(|| id.to_owned(), |p| p.name.clone())
    }

    /// Sends a sign-in to provider `id` (or, with `link`, a linking of it to
    /// the signed-in account, which needs a recent authentication).
    pub async fn begin_federated(
        &self,
        id: &str,
        link: Option<&ActiveSession>,
        next: Option<&str>,
        client: &ClientInfo,
    ) -> Result<Sent, AuthError> {
        if let Some(active) = link {
            self.require_recent(active)?;
        }
        // Anyone may start one, and each is a row until it expires.
        self.admit_from_address("federated", FLOWS_PER_ADDRESS_TIMES, client).await?;
        let started = self.federation.start(id).await?;
        let browser = LinkToken::mint();
        let flow = NewFlow {
            state_hash: digest(&started.state),
            provider: id,
            browser_hash: browser.hash(),
            nonce: &started.nonce,
            pkce_verifier: &started.pkce_verifier,
            link_user_id: link.map(|a| a.user.id.as_str()),
            link_session_id: link.map(|a| a.session.id.as_str()),
            next_path: next,
            expires_at: self.clock.now_ms() + FLOW_TTL.as_millis() as i64,
        };
        self.store.insert_flow(&flow, self.clock.now_ms()).await?;
        Ok(Sent { url: started.url, browser })
    }

    /// Finishes a flow of provider `id` that came back with `returned`, in
    /// the browser holding `browser` (the flow's cookie).
    pub async fn finish_federated(
        &self,
        id: &str,
        returned: Returned<'_>,
        browser: Option<&LinkToken>,
        client: &ClientInfo,
    ) -> Result<Federated, AuthError> {
        let state = returned.state.filter(|s| !s.is_empty() && s.len() <= 512).ok_or_else(refused)?;
        let flow = self.store.take_flow(&digest(state), self.clock.now_ms()).await?.ok_or_else(refused)?;
        // Sent to another provider, or started in another browser: not ours to finish.
        if flow.provider != id || browser.is_none_or(|b| b.hash().as_slice() != flow.browser_hash.as_slice()) {
            tracing::warn!(provider = id, "a provider's response came back to the wrong provider or browser");
            return Err(refused());
        }
        if let Some(error) = returned.error {
            tracing::info!(provider = id, error, "the provider answered with an error");
            return Err(refused());
        }
        let expected = self.federation.issuer(id).ok_or_else(refused)?;
        if returned.iss.is_some_and(|iss| iss != expected) {
            tracing::warn!(provider = id, "a response named another issuer (mix-up)");
            return Err(refused());
        }
        let code = returned.code.filter(|c| !c.is_empty() && c.len() <= 2048).ok_or_else(refused)?;
        let verified = self.federation.finish(id, code, &flow.nonce, &flow.pkce_verifier).await?;
        match (flow.link_user_id, flow.link_session_id) {
            (Some(user_id), Some(session_id)) => {
                self.link_identity(id, &user_id, &session_id, verified, client).await?;
                Ok(Federated::Linked)
            }
            _ => Ok(Federated::SignIn(self.sign_in_federated(id, verified, client).await?, flow.next_path)),
        }
    }

    async fn sign_in_federated(&self, id: &str, verified: Verified, client: &ClientInfo) -> Result<SignInOutcome, AuthError> {
        let provider = self.federation.provider(id).ok_or_else(refused)?;
        let user = match self.store.identity(&verified.issuer, &verified.subject).await? {
            Some(identity) => {
                self.store.identity_used(&identity.issuer, &identity.subject, self.clock.now_ms()).await?;
                self.store.user_by_id(&identity.user_id).await?.ok_or_else(refused)?
            }
            None => {
                // A new account: its first session is no news to its owner
                // (no new-device alert), as after a registration's link.
                let user = self.create_from(id, &verified, client).await?;
                let issued = self.sign_in_new_browser(user, client, AuthMethod::Federated { mfa: false }).await?;
                return Ok(SignInOutcome::SignedIn(issued));
            }
        };
        refuse_if_locked(&user)?;
        let trusted_mfa = provider.trust_mfa && verified.mfa;
        let device = client.device.as_deref().and_then(|c| self.device_key.check(c, &user));
        if !trusted_mfa && self.store.has_second_factor(&user.id).await? {
            self.refuse_if_guessed(&user).await?;
            return Ok(SignInOutcome::SecondFactor(self.begin_second_step(&user, device, FirstFactor::Provider).await?));
        }
        let method = AuthMethod::Federated { mfa: trusted_mfa };
        Ok(SignInOutcome::SignedIn(self.finish_sign_in(user, device, client, method).await?))
    }

    /// A first sign-in with an identity no account has: a new account, if
    /// the provider vouches for the address and nobody owns it here.
    async fn create_from(&self, id: &str, verified: &Verified, client: &ClientInfo) -> Result<UserRecord, AuthError> {
        let provider = self.federation.provider(id).ok_or_else(refused)?;
        let email = verified
            .email
            .as_deref()
            .and_then(|e| Email::parse(e).ok())
            .filter(|_| verified.email_verified)
            .ok_or_else(|| AuthError::because(Reason::ProviderUnverified))?;
        if !provider.allows(email.as_str()) {
            return Err(AuthError::because(Reason::ProviderDomain));
        }
        if self.store.user_by_email(email.as_str()).await?.is_some_and(|u| u.email_verified_at.is_some()) {
            return Err(AuthError::because(Reason::ProviderAccountExists));
        }
        let user_id = new_id();
        let now = self.clock.now_ms();
        let writes = [
            Write::RemoveUnconfirmed { email: email.as_str().to_owned(), keep: user_id.clone() },
            Write::InsertUser {
                id: user_id.clone(),
                email: email.as_str().to_owned(),
                password_hash: NO_PASSWORD.to_owned(),
                registration_browser: None,
                language: client.lang,
            },
            Write::MarkVerified { user_id: user_id.clone() },
            Write::LinkIdentity(self.identity_record(id, &user_id, verified, now)),
            self.event(&user_id, None, EventKind::AccountCreated, client),
            self.event(&user_id, None, EventKind::IdentityLinked, client),
        ];
        match self.commit(&writes).await {
            Ok(Applied::Done) => {}
            // Someone took the address, or the identity, meanwhile.
            Ok(Applied::Stale) => return Err(AuthError::because(Reason::ProviderAccountExists)),
            Err(e) if e.code == ErrorCode::EmailTaken => return Err(AuthError::because(Reason::ProviderAccountExists)),
            Err(e) => return Err(e),
        }
        tracing::info!(user = %user_id, provider = id, "account created through a provider");
        self.store.user_by_id(&user_id).await?.ok_or_else(refused)
    }

    fn identity_record(&self, id: &str, user_id: &str, verified: &Verified, now: i64) -> IdentityRecord {
        IdentityRecord {
            issuer: verified.issuer.clone(),
            subject: verified.subject.clone(),
            provider: id.to_owned(),
            user_id: user_id.to_owned(),
            email: verified.email.clone(),
            created_at: now,
            last_used_at: Some(now),
        }
    }

    /// Links the identity to the account that asked, if its session is
    /// still live and recent, and the identity is nobody else's.
    async fn link_identity(&self, id: &str, user_id: &str, session_id: &str, verified: Verified, client: &ClientInfo) -> Result<(), AuthError> {
        let (session, user) = self.store.session_and_user_by_id(session_id).await?.ok_or_else(AuthError::unauthorized)?;
        if !self.is_live(&session) || session.user_id != user_id {
            return Err(AuthError::unauthorized());
        }
        if self.clock.now_ms() - session.auth_time > self.policy.reauth_window.as_millis() as i64 + FLOW_TTL.as_millis() as i64 {
            return Err(AuthError::reauth_required());
        }
        if let Some(existing) = self.store.identity(&verified.issuer, &verified.subject).await? {
            return if existing.user_id == user.id { Ok(()) } else { Err(AuthError::because(Reason::IdentityTaken)) };
        }
        let name = self.provider_name(id);
        let writes = [
            Write::LinkIdentity(self.identity_record(id, &user.id, &verified, self.clock.now_ms())),
            self.event(&user.id, Some(session_id), EventKind::IdentityLinked, client),
            self.second_factor_alert(&user, FactorChange::ProviderLinked(&name), client),
        ];
        // The identity's key is unique: a racing link of it to another account conflicts.
        match self.commit(&writes).await {
            Err(e) if e.code == ErrorCode::EmailTaken => Err(AuthError::because(Reason::IdentityTaken)),
            other => other.map(|_| ()),
        }
    }

    /// How the account can be signed in to.
    pub async fn sign_in_methods(&self, active: &ActiveSession) -> Result<MethodsView, AuthError> {
        let identities = self.store.identities_of(&active.user.id).await?;
        let linked = identities
            .iter()
            .map(|i| LinkedProvider {
                provider: i.provider.clone(),
                name: self.provider_name(&i.provider),
                email: i.email.clone(),
                linked_at: i.created_at / 1000,
            })
            .collect();
        let mut available = self.providers();
        available.retain(|p| !identities.iter().any(|i| i.provider == p.id));
        let passkeys = self.store.passkeys(&active.user.id).await?.len();
        Ok(MethodsView { password: active.user.has_password(), passkeys, linked, available })
    }

    /// Unlinks provider `id` from the account (recent authentication
    /// needed); never the last way to sign in.
    pub async fn unlink_provider(&self, active: &ActiveSession, id: &str, client: &ClientInfo) -> Result<(), AuthError> {
        self.require_recent(active)?;
        let user = &active.user;
        let linked = self.store.identities_of(&user.id).await?;
        let identity = linked.iter().find(|i| i.provider == id).ok_or_else(|| AuthError::because(Reason::ProviderNotLinked).on("provider"))?;
        let name = self.provider_name(id);
        let writes = [
            Write::UnlinkIdentity { user_id: user.id.clone(), issuer: identity.issuer.clone(), subject: identity.subject.clone() },
            self.event(&user.id, Some(&active.session.id), EventKind::IdentityUnlinked, client),
            self.second_factor_alert(user, FactorChange::ProviderUnlinked(&name), client),
        ];
        match self.commit(&writes).await? {
            Applied::Done => Ok(()),
            Applied::Stale => Err(AuthError::because(Reason::LastSignInMethod).on("provider")),
        }
    }
}
