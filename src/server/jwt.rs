//! Access tokens: EdDSA (Ed25519) JWTs, their signing keys and the JWKS.
//!
//! A key's private half is derived from the master secret and its `kid`; the
//! database holds only the kid and the public half. Every instance sharing the
//! database and the secret therefore signs and verifies with the same keys,
//! and a reader of the database cannot mint tokens.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, RwLock,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{SigningKey, pkcs8::EncodePrivateKey};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{
    secret::Secret,
    clock::Clock,
    store::{Store, StoreError},
};

pub const AUDIENCE: &str = "keycard";
pub const TOKEN_TYPE: &str = "at+jwt";
/// Clock leeway when checking `exp`.
pub const LEEWAY_SECS: u64 = 5;
/// How often a running instance re-reads the key table on its own. An
/// instance may go on signing with a just-retired key for this long.
pub const RELOAD_EVERY: Duration = Duration::from_secs(60);
/// Tokens naming unknown kids make us re-read the key table at most this
/// often (periodic reloads do not count against it).
const RELOAD_INTERVAL: Duration = Duration::from_secs(1);
/// Verified tokens remembered, so that a token presented again (every call a
/// page makes) skips the signature check until it expires.
const VERIFIED_CACHE: usize = 4096;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    /// When the user last authenticated in this session (unix seconds,
    /// OpenID Connect's `auth_time`).
    #[serde(default)]
    pub auth_time: i64,
    /// How (RFC 8176 values: `pwd`, `otp`), so that a service verifying the
    /// token through the JWKS can ask for more.
    #[serde(default)]
    pub amr: Vec<String>,
    /// For a session bound to a key its browser holds (Device Bound
    /// Session Credentials): the key's RFC 7638 thumbprint (RFC 7800's
    /// confirmation claim, `{"jkt": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnf: Option<Confirmation>,
}

/// The key a token's session is bound to (RFC 7800 `cnf`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    pub jkt: String,
}

impl Claims {
    /// Whether the token's session is bound to a key its browser holds.
    pub fn is_bound(&self) -> bool {
        self.cnf.is_some()
    }
}

/// How and when the user of a token's session authenticated.
#[derive(Clone, Copy, Debug)]
pub struct Authenticated<'a> {
    pub at_secs: i64,
    /// RFC 8176 values, comma-separated.
    pub amr: &'a str,
    /// The thumbprint of the key the session is bound to, if it is.
    pub bound_to: Option<&'a str>,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "KEYCARD_SECRET: does not match the signing keys in the database \
         (every instance sharing a database must share the secret)"
    )]
    SecretMismatch,
    #[error("signing failed: {0}")]
    Sign(String),
}

/// Why a presented access token was refused. Never shown to the client in
/// detail; useful in tests and logs.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenRejection {
    #[error("malformed token")]
    Malformed,
    #[error("wrong token type")]
    WrongType,
    #[error("unknown key id")]
    UnknownKey,
    #[error("expired")]
    Expired,
    #[error("invalid: {0}")]
    Invalid(String),
}

struct VerifyingKey {
    key: DecodingKey,
    public: [u8; 32],
}

struct Active {
    kid: String,
    key: EncodingKey,
}

struct KeySet {
    active: Active,
    verifying: HashMap<String, VerifyingKey>,
}

pub struct Keyring {
    store: Store,
    /// Expiry is judged by the database's clock, as tokens are stamped with it.
    clock: Clock,
    secret: Arc<Secret>,
    issuer: String,
    access_ttl: Duration,
    keys: RwLock<KeySet>,
    /// When an unknown kid last made us re-read the keys.
    last_lookup: Mutex<Option<Instant>>,
    validation: Validation,
    /// Claims of tokens that passed every check, with the kid that signed
    /// them, by the SHA-256 of the whole token: a token differing in any byte
    /// is not found here.
    verified: Mutex<HashMap<[u8; 32], (String, Claims)>>,
    /// Bumped by every reload (under the `verified` lock): a verification
    /// that began under an older key set does not enter the cache.
    generation: AtomicU64,
}

fn signing_key(secret: &Secret, kid: &str) -> SigningKey {
    SigningKey::from_bytes(&secret.derive(&format!("access-token signing key {kid}")))
}

/// Whether `exp` has not passed at `now` (unix seconds), with the leeway.
fn unexpired_at(claims: &Claims, now: i64) -> bool {
    claims.exp + LEEWAY_SECS as i64 >= now
}

fn new_kid() -> String {
    let mut bytes = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

impl Keyring {
    /// Loads the keys, creating the first one if the database has none.
    pub async fn load(
        store: Store,
        clock: Clock,
        secret: Arc<Secret>,
        issuer: String,
        access_ttl: Duration,
    ) -> Result<Self, KeyError> {
        if !store.signing_keys().await?.iter().any(|k| k.retired_at.is_none()) {
            Self::add_key(&store, &clock, &secret).await?;
        }
        let keys = Self::read(&store, &clock, &secret, access_ttl).await?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&issuer]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        // `exp` is required, but checked against the database's clock below,
        // not this machine's.
        validation.validate_exp = false;
        Ok(Self {
            store,
            clock,
            secret,
            issuer,
            access_ttl,
            keys: RwLock::new(keys),
            last_lookup: Mutex::new(None),
            validation,
            verified: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
        })
    }

    /// Creates a new active key and retires the others. Tokens signed with a
    /// retired key stay valid until they expire: retired keys keep verifying
    /// for one access-token lifetime.
    pub async fn add_key(store: &Store, clock: &Clock, secret: &Secret) -> Result<String, KeyError> {
        let kid = new_kid();
        let public = signing_key(secret, &kid).verifying_key().to_bytes();
        store.add_signing_key(&kid, &public, clock.now_ms()).await?;
        Ok(kid)
    }

    async fn read(store: &Store, clock: &Clock, secret: &Secret, access_ttl: Duration) -> Result<KeySet, KeyError> {
        let now = clock.now_ms();
        // A retired key may still sign until every instance has reloaded, and
        // its tokens live one access lifetime (plus leeway) after that.
        let keep_for = (access_ttl + RELOAD_EVERY + Duration::from_secs(LEEWAY_SECS)).as_millis() as i64;
        let mut active = None;
        let mut verifying = HashMap::new();
        for record in store.signing_keys().await? {
            let private = signing_key(secret, &record.kid);
            let public = private.verifying_key().to_bytes();
            let matches = record.public_key.as_slice() == public.as_slice();
            match record.retired_at {
                None if active.is_none() => {
                    if !matches {
                        return Err(KeyError::SecretMismatch);
                    }
                    let der = private.to_pkcs8_der().map_err(|e| KeyError::Sign(e.to_string()))?;
                    active = Some(Active { kid: record.kid.clone(), key: EncodingKey::from_ed_der(der.as_bytes()) });
                }
                Some(retired) if now - retired > keep_for => continue,
                _ => {}
            }
            if matches {
                verifying.insert(record.kid, VerifyingKey { key: DecodingKey::from_ed_der(&public), public });
            } else {
                tracing::warn!(kid = %record.kid, "skipping a signing key made with another secret");
            }
        }
        let active = active.ok_or_else(|| KeyError::Sign("no active signing key".into()))?;
        Ok(KeySet { active, verifying })
    }

    /// Re-reads the key table (after a rotation by another instance or `keycard keys rotate`).
    pub async fn reload(&self) -> Result<(), KeyError> {
        let keys = Self::read(&self.store, &self.clock, &self.secret, self.access_ttl).await?;
        let kept: Vec<String> = keys.verifying.keys().cloned().collect();
        *self.keys.write().expect("key lock poisoned") = keys;
        // A key may have gone from the table: its tokens are checked afresh.
        // Tokens of the keys still here stay remembered, so reloads (also
        // those a flood of made-up kids causes) do not flush valid tokens.
        let mut verified = self.verified.lock().expect("cache lock poisoned");
        self.generation.fetch_add(1, Ordering::AcqRel);
        verified.retain(|_, (kid, _)| kept.contains(kid));
        Ok(())
    }

    /// Signs an access token for a session; returns it with its `exp` (unix seconds).
    /// The token never outlives `not_after` (unix seconds): the end of its
    /// session's absolute lifetime.
    pub fn sign(
        &self,
        user_id: &str,
        session_id: &str,
        now_secs: i64,
        not_after: i64,
        authenticated: Authenticated<'_>,
    ) -> Result<(String, i64), KeyError> {
        let exp = (now_secs + self.access_ttl.as_secs() as i64).min(not_after);
        let mut jti = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut jti);
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: AUDIENCE.into(),
            sub: user_id.into(),
            sid: session_id.into(),
            iat: now_secs,
            exp,
            jti: URL_SAFE_NO_PAD.encode(jti),
            auth_time: authenticated.at_secs,
            amr: authenticated.amr.split(',').filter(|m| !m.is_empty()).map(str::to_owned).collect(),
            cnf: authenticated.bound_to.map(|jkt| Confirmation { jkt: jkt.to_owned() }),
        };
        let keys = self.keys.read().expect("key lock poisoned");
        let mut header = Header::new(Algorithm::EdDSA);
        header.typ = Some(TOKEN_TYPE.into());
        header.kid = Some(keys.active.kid.clone());
        let token = jsonwebtoken::encode(&header, &claims, &keys.active.key).map_err(|e| KeyError::Sign(e.to_string()))?;
        Ok((token, exp))
    }

    /// Verifies signature, algorithm, kid, typ, iss, aud and exp. A token
    /// that passed before is found by its digest and only its expiry is
    /// checked again.
    pub async fn verify(&self, token: &str) -> Result<Claims, TokenRejection> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let known = self.verified.lock().expect("cache lock poisoned").get(&digest).map(|(_, c)| c.clone());
        if let Some(claims) = known {
            return self.unexpired(claims);
        }
        let generation = self.generation.load(Ordering::Acquire);
        let (kid, claims) = self.verify_signed(token).await?;
        self.remember(digest, generation, kid, &claims);
        Ok(claims)
    }

    /// Caches a verified token, unless the keys were reloaded since its
    /// verification began (`generation`): it was checked against the old
    /// set, perhaps with a key now gone, and is answered but not remembered.
    fn remember(&self, digest: [u8; 32], generation: u64, kid: String, claims: &Claims) {
        let mut verified = self.verified.lock().expect("cache lock poisoned");
        if self.generation.load(Ordering::Acquire) != generation {
            return;
        }
        if verified.len() >= VERIFIED_CACHE {
            let now = self.clock.now_ms() / 1000;
            verified.retain(|_, (_, c)| unexpired_at(c, now));
            if verified.len() >= VERIFIED_CACHE / 2 {
                verified.clear();
            }
        }
        verified.insert(digest, (kid, claims.clone()));
    }

    async fn verify_signed(&self, token: &str) -> Result<(String, Claims), TokenRejection> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenRejection::Malformed)?;
        if header.alg != Algorithm::EdDSA {
            return Err(TokenRejection::Invalid("algorithm".into()));
        }
        if header.typ.as_deref() != Some(TOKEN_TYPE) {
            return Err(TokenRejection::WrongType);
        }
        let kid = header.kid.ok_or(TokenRejection::UnknownKey)?;
        if let Some(result) = self.verify_with(&kid, token) {
            return result.map(|claims| (kid, claims));
        }
        // A kid we have not seen may come from a key another instance just
        // created. Re-read the table, but not more often than RELOAD_INTERVAL,
        // so a flood of made-up kids cannot turn into a flood of queries.
        let due = {
            let mut last = self.last_lookup.lock().expect("lookup lock poisoned");
            let due = last.is_none_or(|at| at.elapsed() >= RELOAD_INTERVAL);
            if due {
                *last = Some(Instant::now());
            }
            due
        };
        if due && self.reload().await.is_ok() {
            if let Some(result) = self.verify_with(&kid, token) {
                return result.map(|claims| (kid, claims));
            }
        }
        Err(TokenRejection::UnknownKey)
    }

    fn verify_with(&self, kid: &str, token: &str) -> Option<Result<Claims, TokenRejection>> {
        let keys = self.keys.read().expect("key lock poisoned");
        let key = keys.verifying.get(kid)?;
        let decoded = jsonwebtoken::decode::<Claims>(token, &key.key, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| TokenRejection::Invalid(format!("{:?}", e.kind())));
        Some(decoded.and_then(|claims| self.unexpired(claims)))
    }

    /// The claims, if `exp` has not passed by the database's clock.
    fn unexpired(&self, claims: Claims) -> Result<Claims, TokenRejection> {
        if unexpired_at(&claims, self.clock.now_ms() / 1000) { Ok(claims) } else { Err(TokenRejection::Expired) }
    }

    /// The public keys as a JSON Web Key Set.
    pub fn jwks(&self) -> serde_json::Value {
        let keys = self.keys.read().expect("key lock poisoned");
        let mut list: Vec<_> = keys
            .verifying
            .iter()
            .map(|(kid, key)| {
                serde_json::json!({
                    "kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA",
                    "kid": kid, "x": URL_SAFE_NO_PAD.encode(key.public),
                })
            })
            .collect();
        list.sort_by(|a, b| a["kid"].as_str().cmp(&b["kid"].as_str()));
        serde_json::json!({ "keys": list })
    }
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::STANDARD;

    use super::*;
    use crate::server::store::{now_ms, with_pool};

    const PWD: Authenticated<'static> = Authenticated { at_secs: 0, amr: "pwd", bound_to: None };

    async fn keyring() -> (Keyring, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/keys.db", dir.path().display())).await.unwrap();
        store.migrate().await.unwrap();
        let secret = Arc::new(Secret::decode("S", &STANDARD.encode([3u8; 32])).unwrap());
        let ring = Keyring::load(store, Clock::new(0), secret, "http://127.0.0.1:3000".into(), Duration::from_secs(900))
            .await
            .unwrap();
        (ring, dir)
    }

    #[test]
    fn arbitrary_and_altered_tokens_are_refused_without_panicking() {
        use proptest::prelude::*;
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (ring, _dir) = rt.block_on(keyring());
        let (token, _) = ring.sign("user", "session", now_ms() / 1000, i64::MAX, PWD).unwrap();
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(512));
        let inputs = (".{0,400}", any::<proptest::sample::Index>(), any::<u8>());
        runner
            .run(&inputs, |(junk, at, byte)| {
                prop_assert!(rt.block_on(ring.verify(&junk)).is_err(), "{junk:?}");
                // One byte of a genuine token changed, anywhere.
                let mut altered = token.clone().into_bytes();
                let i = at.index(altered.len());
                prop_assume!(altered[i] != byte);
                altered[i] = byte;
                if let Ok(altered) = String::from_utf8(altered) {
                    prop_assert!(rt.block_on(ring.verify(&altered)).is_err(), "{altered}");
                }
                Ok(())
            })
            .unwrap();
        assert!(rt.block_on(ring.verify(&token)).is_ok(), "the genuine token still verifies");
    }

    #[tokio::test]
    async fn a_verified_token_is_remembered_until_it_expires() {
        let (ring, _dir) = keyring().await;
        let now = now_ms() / 1000;
        let (token, _) = ring.sign("user", "session", now, i64::MAX, PWD).unwrap();
        let first = ring.verify(&token).await.unwrap();
        assert_eq!(ring.verified.lock().unwrap().len(), 1);
        assert_eq!(ring.verify(&token).await.unwrap(), first);

        // One byte off is a different token: checked in full, and refused.
        let mut tampered = token.clone().into_bytes();
        let last = tampered.len() - 2;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(ring.verify(&tampered).await.is_err());
        assert_eq!(ring.verified.lock().unwrap().len(), 1, "refused tokens are not remembered");

        // A remembered token past its expiry (and the leeway) is expired.
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        ring.verified.lock().unwrap().get_mut(&digest).unwrap().1.exp = now - LEEWAY_SECS as i64 - 1;
        assert!(matches!(ring.verify(&token).await, Err(TokenRejection::Expired)));
    }

    #[tokio::test]
    async fn access_tokens_never_outlive_their_session() {
        let (ring, _dir) = keyring().await;
        let now = now_ms() / 1000;
        let (token, exp) = ring.sign("user", "session", now, now + 60, PWD).unwrap();
        assert_eq!(exp, now + 60, "the session ends before the access TTL would");
        assert_eq!(ring.verify(&token).await.unwrap().exp, now + 60);
        assert_eq!(ring.sign("user", "session", now, i64::MAX, PWD).unwrap().1, now + 900);
    }

    #[tokio::test]
    async fn a_verification_racing_a_reload_is_not_remembered() {
        let (ring, _dir) = keyring().await;
        let (token, _) = ring.sign("user", "session", now_ms() / 1000, i64::MAX, PWD).unwrap();
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        // The verification began, then the keys were reloaded before it
        // could remember its token.
        let began = ring.generation.load(Ordering::Acquire);
        let (kid, claims) = ring.verify_signed(&token).await.unwrap();
        ring.reload().await.unwrap();
        ring.remember(digest, began, kid, &claims);
        assert!(ring.verified.lock().unwrap().is_empty(), "checked against the old keys: not cached");
        // Verified afresh, it is.
        ring.verify(&token).await.unwrap();
        assert_eq!(ring.verified.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn tokens_of_a_removed_key_leave_the_cache_and_no_longer_verify() {
        let (ring, _dir) = keyring().await;
        let (token, _) = ring.sign("user", "session", now_ms() / 1000, i64::MAX, PWD).unwrap();
        ring.verify(&token).await.unwrap();
        // A new key, and the old one retired long enough ago to be dropped.
        Keyring::add_key(&ring.store, &ring.clock, &ring.secret).await.unwrap();
        with_pool!(&ring.store, pool => sqlx::query("UPDATE signing_keys SET retired_at = 1 WHERE retired_at IS NOT NULL")
            .execute(pool).await.map(|_| ())).unwrap();
        ring.reload().await.unwrap();
        assert!(ring.verified.lock().unwrap().is_empty());
        assert_eq!(ring.verify(&token).await, Err(TokenRejection::UnknownKey));
    }

    #[tokio::test]
    async fn made_up_kids_neither_flush_the_cache_nor_flood_the_database() {
        let (ring, _dir) = keyring().await;
        let (token, _) = ring.sign("user", "session", now_ms() / 1000, i64::MAX, PWD).unwrap();
        ring.verify(&token).await.unwrap();
        let before = ring.generation.load(Ordering::Acquire);
        let started = Instant::now();
        let mut header = Header::new(Algorithm::EdDSA);
        header.typ = Some(TOKEN_TYPE.into());
        let other = EncodingKey::from_ed_der(signing_key(&ring.secret, "x").to_pkcs8_der().unwrap().as_bytes());
        for n in 0..200 {
            header.kid = Some(format!("made-up-{n}"));
            let claims = serde_json::json!({"sub": "u", "exp": now_ms() / 1000 + 60});
            let forged = jsonwebtoken::encode(&header, &claims, &other).unwrap();
            assert_eq!(ring.verify(&forged).await, Err(TokenRejection::UnknownKey));
        }
        // Each reload is one read of the key table: at most one per second.
        let reloads = ring.generation.load(Ordering::Acquire) - before;
        assert!(reloads <= started.elapsed().as_secs() + 1, "{reloads} reloads");
        assert!(reloads >= 1, "the first unknown kid is looked up at once");
        assert_eq!(ring.verified.lock().unwrap().len(), 1, "the valid token is still remembered");
    }
}
