//! Sign-in with other identity providers: OpenID Connect, authorization
//! code with PKCE (S256), `state` and `nonce`, through the `openidconnect`
//! crate (reqwest over rustls, no redirects followed).
//!
//! Each provider the operator configures (`KEYCARD_OIDC_PROVIDERS`) is
//! discovered on first use and again after [`DISCOVERY_TTL`]; its keys come
//! with the discovery. A provider that cannot be reached fails its own
//! sign-ins with a clear reason and touches nothing else. This module speaks
//! the protocol; who may sign in or link is decided in
//! `server::auth::federated`.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
    core::{CoreClient, CoreProviderMetadata, CoreResponseType, CoreUserInfoClaims},
    reqwest,
};

use crate::auth::{AuthError, Reason};

/// How long a discovery (endpoints and keys) is used before it is fetched again.
pub const DISCOVERY_TTL: Duration = Duration::from_secs(60 * 60);
/// How long a provider may take to answer one request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// One provider, as the operator configured it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderConfig {
    /// Short name in URLs and configuration (`google`, `corp`).
    pub id: String,
    /// What the buttons say: "Continue with {name}".
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// If not empty, only addresses at these domains may sign in with it.
    pub email_domains: Vec<String>,
    /// Whether a sign-in whose ID token says `mfa` in `amr` counts as the
    /// account's second step. Off unless the operator trusts the provider's.
    pub trust_mfa: bool,
}

impl ProviderConfig {
    /// Reads `KEYCARD_OIDC_PROVIDERS` (ids, comma-separated) and each id's
    /// `KEYCARD_OIDC_<ID>_ISSUER`, `_CLIENT_ID`, `_CLIENT_SECRET`, `_NAME`,
    /// `_EMAIL_DOMAINS` and `_TRUST_MFA`. Errors name the variable.
    pub fn all_from(var: &dyn Fn(&str) -> Option<String>) -> Result<Vec<Self>, (String, String)> {
        let Some(list) = var("KEYCARD_OIDC_PROVIDERS") else { return Ok(Vec::new()) };
        let mut providers: Vec<Self> = Vec::new();
        for id in list.split(',').map(str::trim).filter(|id| !id.is_empty()) {
            let valid = id.len() <= 32 && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid {
                return Err(("KEYCARD_OIDC_PROVIDERS".into(), format!("'{id}' is not an id: use a-z, 0-9 and '-', at most 32")));
            }
            let prefix = format!("KEYCARD_OIDC_{}_", id.to_ascii_uppercase().replace('-', "_"));
            let required = |what: &str| {
                let name = format!("{prefix}{what}");
                var(&name).filter(|v| !v.trim().is_empty()).map(|v| v.trim().to_owned()).ok_or_else(|| (name, "required".to_owned()))
            };
            let issuer = required("ISSUER")?;
            check_issuer(&issuer).map_err(|m| (format!("{prefix}ISSUER"), m))?;
            if let Some(other) = providers.iter().find(|p| p.issuer == issuer || p.id == id) {
                return Err(("KEYCARD_OIDC_PROVIDERS".into(), format!("'{id}' repeats provider '{}' (each issuer once)", other.id)));
            }
            let trust_mfa = match var(&format!("{prefix}TRUST_MFA")).as_deref().map(str::trim) {
                None | Some("") | Some("false") | Some("0") => false,
                Some("true") | Some("1") => true,
                Some(other) => return Err((format!("{prefix}TRUST_MFA"), format!("expected true or false, got '{other}'"))),
            };
            let email_domains = var(&format!("{prefix}EMAIL_DOMAINS"))
                .unwrap_or_default()
                .split(',')
                .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
                .filter(|d| !d.is_empty())
                .collect();
            providers.push(Self {
                id: id.to_owned(),
                name: var(&format!("{prefix}NAME")).map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()).unwrap_or_else(|| id.to_owned()),
                issuer,
                client_id: required("CLIENT_ID")?,
                client_secret: required("CLIENT_SECRET")?,
                email_domains,
                trust_mfa,
            });
        }
        Ok(providers)
    }

    /// Whether `email` may sign in with this provider.
    pub fn allows(&self, email: &str) -> bool {
        let domain = email.rsplit_once('@').map_or("", |(_, d)| d);
        self.email_domains.is_empty() || self.email_domains.iter().any(|d| d == domain)
    }
}

/// An issuer is an `https` URL; plain `http` only on this machine (tests,
/// a provider run beside keycard in development).
fn check_issuer(issuer: &str) -> Result<(), String> {
    let url = url::Url::parse(issuer).map_err(|e| format!("not a URL: {e}"))?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err("must be an https URL (http only for localhost)".into()),
    }
}

type Client = CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

struct Provider {
    config: ProviderConfig,
    /// The issuer's origin, which pages allow their forms to lead to.
    issuer_origin: Option<String>,
    discovered: tokio::sync::Mutex<Option<(Instant, Arc<Client>)>>,
    /// The origin of its authorization endpoint, once discovered: pages
    /// allow their forms to lead there (CSP `form-action` covers the
    /// redirect a form post answers with).
    authorization_origin: std::sync::RwLock<Option<String>>,
}

/// The configured providers, and the HTTP client that talks to them.
pub struct Federation {
    providers: Vec<Provider>,
    http: reqwest::Client,
    /// `KEYCARD_PUBLIC_URL`, for the redirect URIs.
    origin: String,
}

/// A sign-in sent to a provider: where the browser goes, and what its
/// return is checked against.
pub struct Started {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Who the provider says signed in, from a verified ID token (and the
/// userinfo endpoint, for the address when the token has none).
#[derive(Debug)]
pub struct Verified {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    /// Only a JSON `true`: a string is refused while parsing.
    pub email_verified: bool,
    /// The ID token's `amr` says `mfa`.
    pub mfa: bool,
}

fn unavailable(provider: &str, what: &str, e: impl std::fmt::Display) -> AuthError {
    tracing::warn!(provider, error = %e, "{what}");
    AuthError::because(Reason::ProviderUnavailable)
}

fn refused(provider: &str, what: &str, e: impl std::fmt::Display) -> AuthError {
    tracing::warn!(provider, error = %e, "{what}");
    AuthError::because(Reason::ProviderRefused)
}

impl Federation {
    pub fn new(configs: Vec<ProviderConfig>, origin: &str) -> Self {
        let http = reqwest::Client::builder()
            // Following redirects would let a provider's answer send keycard anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(REQUEST_TIMEOUT)
            .build()
            .expect("a TLS client builds");
        let providers = configs
            .into_iter()
            .map(|config| Provider {
                issuer_origin: url::Url::parse(&config.issuer).ok().map(|u| u.origin().ascii_serialization()),
                config,
                discovered: Default::default(),
                authorization_origin: Default::default(),
            })
            .collect();
        Self { providers, http, origin: origin.trim_end_matches('/').to_owned() }
    }

    pub fn providers(&self) -> impl Iterator<Item = &ProviderConfig> {
        self.providers.iter().map(|p| &p.config)
    }

    pub fn provider(&self, id: &str) -> Option<&ProviderConfig> {
        self.find(id).map(|p| &p.config)
    }

    fn find(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.config.id == id)
    }

    /// The one redirect URI of provider `id`: a response that comes back to
    /// it was sent for this provider (RFC 9700 §4.4 mix-up defence when the
    /// provider sends no `iss`).
    pub fn redirect_uri(&self, id: &str) -> String {
        format!("{}/auth/oidc/{id}/callback", self.origin)
    }

    /// The provider's client, discovered now if it never was or `stale`, or
    /// when its discovery is older than [`DISCOVERY_TTL`].
    async fn client(&self, provider: &Provider, stale: bool) -> Result<Arc<Client>, AuthError> {
        let mut discovered = provider.discovered.lock().await;
        if let Some((_, client)) = discovered.as_ref().filter(|(at, _)| !stale && at.elapsed() < DISCOVERY_TTL) {
            return Ok(client.clone());
        }
        let id = &provider.config.id;
        let issuer = IssuerUrl::new(provider.config.issuer.clone()).map_err(|e| unavailable(id, "issuer URL", e))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| unavailable(id, "provider discovery failed", e))?;
        let redirect = RedirectUrl::new(self.redirect_uri(id)).map_err(|e| unavailable(id, "redirect URI", e))?;
        let origin = metadata.authorization_endpoint().url().origin().ascii_serialization();
        *provider.authorization_origin.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(origin);
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(provider.config.client_id.clone()),
            Some(ClientSecret::new(provider.config.client_secret.clone())),
        )
        .set_redirect_uri(redirect);
        let client = Arc::new(client);
        *discovered = Some((Instant::now(), client.clone()));
        Ok(client)
    }

    /// Where a page's forms may lead besides itself: each provider's
    /// issuer and, once discovered, its authorization endpoint.
    pub fn form_targets(&self) -> Vec<String> {
        let mut targets: Vec<String> = Vec::new();
        for provider in &self.providers {
            let endpoint = provider.authorization_origin.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
            for origin in provider.issuer_origin.clone().into_iter().chain(endpoint) {
                if !targets.contains(&origin) {
                    targets.push(origin);
                }
            }
        }
        targets
    }

    /// Discovers every provider now (at startup), so that the first page
    /// already allows its authorization endpoint; failures are logged and
    /// tried again at the first sign-in.
    pub async fn warm(&self) {
        for provider in &self.providers {
            let _ = self.client(provider, false).await;
        }
    }

    /// Starts a sign-in with provider `id`.
    pub async fn start(&self, id: &str) -> Result<Started, AuthError> {
        let provider = self.find(id).ok_or_else(|| AuthError::because(Reason::ProviderRefused))?;
        let client = self.client(provider, false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(AuthenticationFlow::<CoreResponseType>::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .add_scope(Scope::new("email".into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Finishes a sign-in with provider `id`: trades the code (with the
    /// PKCE verifier) for tokens and verifies the ID token (signature,
    /// issuer, audience, expiry, nonce). Keys that do not verify it are
    /// fetched again once: the provider may have rotated them.
    pub async fn finish(&self, id: &str, code: &str, nonce: &str, pkce_verifier: &str) -> Result<Verified, AuthError> {
        let provider = self.find(id).ok_or_else(|| AuthError::because(Reason::ProviderRefused))?;
        let client = self.client(provider, false).await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| unavailable(id, "the provider has no token endpoint", e))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| refused(id, "the provider refused the code", e))?;
        let id_token = tokens.id_token().ok_or_else(|| refused(id, "no ID token", "the token response has none"))?;
        let nonce = Nonce::new(nonce.to_owned());
        let claims = match id_token.claims(&client.id_token_verifier(), &nonce) {
            Ok(claims) => claims.clone(),
            Err(first) => {
                let fresh = self.client(provider, true).await?;
                id_token
                    .claims(&fresh.id_token_verifier(), &nonce)
                    .map_err(|e| refused(id, "the ID token did not verify", format!("{first}; after rediscovery: {e}")))?
                    .clone()
            }
        };
        let mfa = claims.auth_method_refs().is_some_and(|amr| amr.iter().any(|m| m.as_str() == "mfa"));
        let (mut email, mut email_verified) = (claims.email().map(|e| e.as_str().to_owned()), claims.email_verified());
        if email.is_none() {
            // Providers that follow the core claims strictly send the address
            // from the userinfo endpoint only.
            let info: CoreUserInfoClaims = client
                .user_info(tokens.access_token().clone(), Some(claims.subject().clone()))
                .map_err(|e| refused(id, "the provider has no userinfo endpoint", e))?
                .request_async(&self.http)
                .await
                .map_err(|e| refused(id, "the userinfo request failed", e))?;
            email = info.email().map(|e| e.as_str().to_owned());
            email_verified = info.email_verified();
        }
        Ok(Verified {
            issuer: claims.issuer().as_str().to_owned(),
            subject: claims.subject().as_str().to_owned(),
            email,
            email_verified: email_verified == Some(true),
            mfa,
        })
    }

    /// The issuer provider `id` was configured with (what an RFC 9207 `iss`
    /// on its response must equal).
    pub fn issuer(&self, id: &str) -> Option<&str> {
        self.provider(id).map(|p| p.issuer.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: std::collections::HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn providers_are_read_with_their_settings() {
        let var = lookup(&[
            ("KEYCARD_OIDC_PROVIDERS", "corp, gitlab-eu"),
            ("KEYCARD_OIDC_CORP_ISSUER", "https://id.example.com/realms/corp"),
            ("KEYCARD_OIDC_CORP_CLIENT_ID", "keycard"),
            ("KEYCARD_OIDC_CORP_CLIENT_SECRET", "s3cret"),
            ("KEYCARD_OIDC_CORP_NAME", "Example Corp"),
            ("KEYCARD_OIDC_CORP_EMAIL_DOMAINS", "@Example.com, example.org"),
            ("KEYCARD_OIDC_CORP_TRUST_MFA", "true"),
            ("KEYCARD_OIDC_GITLAB_EU_ISSUER", "https://gitlab.example.eu"),
            ("KEYCARD_OIDC_GITLAB_EU_CLIENT_ID", "id"),
            ("KEYCARD_OIDC_GITLAB_EU_CLIENT_SECRET", "secret"),
        ]);
        let all = ProviderConfig::all_from(&var).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!((all[0].name.as_str(), all[0].trust_mfa), ("Example Corp", true));
        assert_eq!(all[0].email_domains, ["example.com", "example.org"]);
        assert!(all[0].allows("ada@example.org") && !all[0].allows("ada@example.net"));
        assert_eq!((all[1].name.as_str(), all[1].trust_mfa), ("gitlab-eu", false));
        assert!(all[1].allows("anyone@anywhere.test"));
    }

    #[test]
    fn bad_settings_name_their_variable() {
        let base = [
            ("KEYCARD_OIDC_PROVIDERS", "corp"),
            ("KEYCARD_OIDC_CORP_CLIENT_ID", "id"),
            ("KEYCARD_OIDC_CORP_CLIENT_SECRET", "secret"),
        ];
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut pairs = base.to_vec();
            pairs.extend_from_slice(extra);
            ProviderConfig::all_from(&lookup(&pairs)).unwrap_err().0
        };
        assert_eq!(with(&[]), "KEYCARD_OIDC_CORP_ISSUER");
        assert_eq!(with(&[("KEYCARD_OIDC_CORP_ISSUER", "http://id.example.com")]), "KEYCARD_OIDC_CORP_ISSUER", "plain http");
        assert_eq!(
            with(&[("KEYCARD_OIDC_CORP_ISSUER", "https://id.example.com"), ("KEYCARD_OIDC_CORP_TRUST_MFA", "yes")]),
            "KEYCARD_OIDC_CORP_TRUST_MFA"
        );
        let bad_id = lookup(&[("KEYCARD_OIDC_PROVIDERS", "Corp!")]);
        assert_eq!(ProviderConfig::all_from(&bad_id).unwrap_err().0, "KEYCARD_OIDC_PROVIDERS");
        assert!(check_issuer("http://127.0.0.1:4010").is_ok());
    }

    #[test]
    fn one_issuer_is_one_provider() {
        let var = lookup(&[
            ("KEYCARD_OIDC_PROVIDERS", "a,b"),
            ("KEYCARD_OIDC_A_ISSUER", "https://id.example.com"),
            ("KEYCARD_OIDC_A_CLIENT_ID", "x"),
            ("KEYCARD_OIDC_A_CLIENT_SECRET", "x"),
            ("KEYCARD_OIDC_B_ISSUER", "https://id.example.com"),
            ("KEYCARD_OIDC_B_CLIENT_ID", "y"),
            ("KEYCARD_OIDC_B_CLIENT_SECRET", "y"),
        ]);
        assert_eq!(ProviderConfig::all_from(&var).unwrap_err().0, "KEYCARD_OIDC_PROVIDERS");
    }
}
