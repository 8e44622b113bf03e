//! Sessions bound to a device: Device Bound Session Credentials (a W3C
//! draft; docs/security.md, "Sessions bound to a device").
//!
//! A sign-in offers the browser a single-use challenge ([`Auth::offer_binding`]).
//! A browser that supports it makes a key pair it cannot export, signs the
//! challenge and sends the public key ([`Auth::bind_session`]). The access
//! cookie stays short-lived; the browser renews it itself before sending
//! requests, answering a fresh challenge with the key ([`Auth::renew_bound`]),
//! which rotates the refresh token as a refresh does. The first such
//! renewal binds the session: the browser took its instructions, so from
//! then on the session belongs to that key. A registration the browser
//! did not take leaves the session as it was.
//!
//! The rule that stops a copied cookie jar: a bound session's refresh
//! cookie alone renews nothing ([`Auth::refuse_bound`]). It is
//! refused, recorded and announced, and the session stays with the key:
//! once the copied access cookie has run out, whoever copied the jar can
//! neither use the session nor end it.

use std::time::Duration;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use jsonwebtoken::{
    Algorithm, DecodingKey, Validation,
    jwk::{Jwk, ThumbprintHash},
};
use rand::RngCore;
use serde::Deserialize;
use sha2::Sha256;

use super::{AccessToken, Auth, Issued, RefreshToken, tokens::{LinkToken, digest}};
use crate::{
    auth::{AuthError, Reason},
    server::{
        client::ClientInfo,
        metrics,
        secret::Secret,
        store::{Applied, Binding, ChallengePurpose, EventKind, NewChallenge, SessionRecord, UserRecord, Write},
    },
};

/// How long a browser has to answer a challenge.
pub const CHALLENGE_TTL: Duration = Duration::from_secs(5 * 60);

/// The `typ` of a browser's signed answer.
const PROOF_TYPE: &str = "dbsc+jwt";

/// How often, at most, the owner is told of copied cookies of one session.
const ALERT_EVERY: Duration = Duration::from_secs(3600);

/// The payload of a browser's signed answer: the challenge it answers.
#[derive(Deserialize)]
struct Proof {
    jti: String,
}

/// A session that took its browser's key, and the challenge its first
/// renewal will sign (browsers keep it, which saves a round trip).
pub struct Bound {
    pub session_id: String,
    pub next_challenge: String,
}

/// What the renewal endpoint answers.
pub enum Renewal {
    /// Sign this first: no proof came, or one that did not verify (an
    /// expired or used challenge, a signature of another key).
    Challenge(String),
    /// The proof verified: new tokens, and the next renewal's challenge.
    Renewed { issued: Box<Issued>, next_challenge: String },
    /// The session is over (or was never bound): the browser stops renewing it.
    Ended,
}

/// The key a proof is checked with, and its algorithm (ES256 or RS256,
/// fixed by the key's type).
fn verifier(jwk: &Jwk) -> Result<(DecodingKey, Algorithm), AuthError> {
    let algorithm = match &jwk.algorithm {
        jsonwebtoken::jwk::AlgorithmParameters::EllipticCurve(ec)
            if ec.curve == jsonwebtoken::jwk::EllipticCurve::P256 => Algorithm::ES256,
        jsonwebtoken::jwk::AlgorithmParameters::RSA(_) => Algorithm::RS256,
        _ => return Err(refused("the key is neither P-256 nor RSA")),
    };
    let key = DecodingKey::from_jwk(jwk).map_err(|_| refused("the key does not parse"))?;
    Ok((key, algorithm))
}

fn refused(why: &str) -> AuthError {
    tracing::info!(why, "session proof refused");
    AuthError::because(Reason::ProofRefused)
}

/// Checks a browser's signed answer with `jwk` (its own, for a binding;
/// the bound one, for a renewal): the type, an algorithm the key allows,
/// the signature. Returns the challenge it answers.
fn verify_proof(proof: &str, jwk: &Jwk) -> Result<String, AuthError> {
    if proof.len() > 8 * 1024 {
        return Err(refused("too long"));
    }
    let header = jsonwebtoken::decode_header(proof).map_err(|_| refused("not a JWT"))?;
    if header.typ.as_deref() != Some(PROOF_TYPE) {
        return Err(refused("wrong typ"));
    }
    let (key, algorithm) = verifier(jwk)?;
    if header.alg != algorithm {
        return Err(refused("the algorithm does not fit the key"));
    }
    let mut validation = Validation::new(algorithm);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_aud = false;
    let data = jsonwebtoken::decode::<Proof>(proof, &key, &validation).map_err(|_| refused("bad signature"))?;
    Ok(data.claims.jti)
}

/// The key renewal challenges are made with (from the master secret).
///
/// A renewal challenge is `EXPIRES.NONCE.MAC`: its expiry (unix ms), 128
/// random bits and an HMAC over both and the session id. Anyone may ask the
/// renewal endpoint for one, so asking stores nothing: a challenge is
/// checked by its MAC and expiry, and only its use is stored (once).
pub struct ChallengeKey([u8; 32]);

impl ChallengeKey {
    pub fn new(secret: &Secret) -> Self {
        Self(secret.derive("bound session challenges"))
    }

    fn mac(&self, session_id: &str, expires_at: i64, nonce: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        for part in [session_id.as_bytes(), expires_at.to_string().as_bytes(), nonce.as_bytes()] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac
    }

    fn mint(&self, session_id: &str, now: i64) -> String {
        let expires_at = now + CHALLENGE_TTL.as_millis() as i64;
        let mut nonce = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let nonce = URL_SAFE_NO_PAD.encode(nonce);
        let mac = URL_SAFE_NO_PAD.encode(self.mac(session_id, expires_at, &nonce).finalize().into_bytes());
        format!("{expires_at}.{nonce}.{mac}")
    }

    /// The expiry of a challenge made here for this session, if it is one
    /// and has not expired at `now`.
    fn check(&self, challenge: &str, session_id: &str, now: i64) -> Option<i64> {
        let mut parts = challenge.splitn(3, '.');
        let (expires, nonce, mac) = (parts.next()?, parts.next()?, parts.next()?);
        let expires_at: i64 = expires.parse().ok()?;
        let mac = URL_SAFE_NO_PAD.decode(mac).ok()?;
        self.mac(session_id, expires_at, nonce).verify_slice(&mac).ok()?;
        (expires_at > now).then_some(expires_at)
    }
}

impl Auth {
    /// The challenge a sign-in offers to bind its new session, when
    /// binding is on (`KEYCARD_DBSC`). Stored: only a sign-in makes one.
    pub(super) async fn offer_binding(&self, session_id: &str, now: i64) -> Result<Option<String>, AuthError> {
        if !self.policy.bind_sessions {
            return Ok(None);
        }
        let challenge = LinkToken::mint();
        let stored = NewChallenge {
            hash: challenge.hash(),
            session_id: session_id.to_owned(),
            purpose: ChallengePurpose::Bind,
            expires_at: now + CHALLENGE_TTL.as_millis() as i64,
        };
        self.store.insert_challenge(&stored, now).await?;
        Ok(Some(challenge.expose().to_owned()))
    }

    /// Gives the session of `access` the key in `proof` (a `dbsc+jwt`
    /// carrying its public key and signed by it), if the proof answers the
    /// challenge offered to this very session. All or nothing, and not yet
    /// binding: the session is bound once its browser first renews it with
    /// that key ([`Auth::renew_bound`]), which proves the browser took the
    /// session's instructions. Until then it refreshes as before.
    pub async fn bind_session(&self, access: Option<&AccessToken>, proof: &str) -> Result<Bound, AuthError> {
        let result = self.bind_session_once(access, proof).await;
        metrics::session_binding(if result.is_ok() { "registered" } else { "refused" });
        result
    }

    async fn bind_session_once(&self, access: Option<&AccessToken>, proof: &str) -> Result<Bound, AuthError> {
        let active = self.active_session(access).await?;
        let header = jsonwebtoken::decode_header(proof).map_err(|_| refused("not a JWT"))?;
        let jwk = header.jwk.ok_or_else(|| refused("no public key"))?;
        let challenge = verify_proof(proof, &jwk)?;
        let thumbprint = jwk.thumbprint(ThumbprintHash::SHA256).map_err(|_| refused("no thumbprint for the key"))?;
        let key = serde_json::to_string(&jwk).map_err(|_| refused("the key does not serialise"))?;
        let session = &active.session;
        let writes = [
            Write::UseChallenge { hash: digest(&challenge), session_id: session.id.clone(), purpose: ChallengePurpose::Bind },
            Write::BindSession(Binding { session_id: session.id.clone(), key, thumbprint }),
        ];
        let now = self.clock.now_ms();
        if self.store.apply(&writes, now).await? == Applied::Stale {
            // Unknown, used, expired or another session's challenge; or
            // the session has a key already, or was ended meanwhile.
            return Err(refused("the challenge is not this session's, or the session cannot take a key"));
        }
        tracing::info!(session = %session.id, "session registered its browser's key");
        Ok(Bound { session_id: session.id.clone(), next_challenge: self.challenge_key.mint(&session.id, now) })
    }

    /// The renewal of a session with a key: without a proof, a challenge
    /// to sign; with one, new tokens if it answers a live challenge of this
    /// session with the session's key. The first such renewal binds the
    /// session. `presented`: the refresh cookie the browser sent along; if
    /// it is another session's, this one is told to stop (the browser
    /// signed in again since, and must not be flipped back to it).
    pub async fn renew_bound(&self, session_id: &str, proof: Option<&str>, presented: Option<&RefreshToken>, client: &ClientInfo) -> Result<Renewal, AuthError> {
        let Some((mut session, user)) = self.store.session_and_user_by_id(session_id).await? else {
            return Ok(Renewal::Ended);
        };
        let Some(key) = session.bound_key.clone().filter(|_| self.is_live(&session)) else {
            return Ok(Renewal::Ended);
        };
        if let Some(token) = presented {
            if self.store.session_by_refresh_hash(&token.hash()).await?.is_some_and(|other| other.id != session.id) {
                return Ok(Renewal::Ended);
            }
        }
        let now = self.clock.now_ms();
        let Some(proof) = proof else {
            metrics::bound_renewal("challenged");
            return Ok(Renewal::Challenge(self.challenge_key.mint(&session.id, now)));
        };
        let jwk: Jwk = serde_json::from_str(&key).map_err(|_| crate::server::error::internal("a bound key does not parse"))?;
        let answered = verify_proof(proof, &jwk)
            .ok()
            .and_then(|challenge| self.challenge_key.check(&challenge, &session.id, now).map(|expires_at| (challenge, expires_at)));
        let used = match answered {
            Some((challenge, expires_at)) => {
                let used = NewChallenge { hash: digest(&challenge), session_id: session.id.clone(), purpose: ChallengePurpose::Renew, expires_at };
                self.store.use_renewal_challenge(&used, now).await?
            }
            None => false,
        };
        if !used {
            metrics::bound_renewal("refused");
            return Ok(Renewal::Challenge(self.challenge_key.mint(&session.id, now)));
        }
        // The current token is re-derived from its nonce: the browser's
        // cookie is not needed, and a copy of it changes nothing.
        let current = self.refresh_key.token_for(&session.refresh_nonce).hash();
        let (next, nonce) = self.refresh_key.mint();
        if !session.is_bound() {
            if self.store.confirm_binding(&session.id, now).await? {
                tracing::info!(session = %session.id, "session bound to its browser's key");
                metrics::session_binding("bound");
                self.record(Some(&user.id), Some(&session.id), EventKind::SessionBound, client).await;
            }
            session.bound_at = Some(now);
        }
        let issued = self.issue(session, user, next, now, now)?;
        if !self.store.rotate_refresh(&issued.session_id, &current, &issued.refresh_token.hash(), &nonce, now).await? {
            // A concurrent renewal won; the browser tries again.
            metrics::bound_renewal("raced");
            return Err(AuthError::because(Reason::Busy));
        }
        metrics::bound_renewal("renewed");
        let next_challenge = self.challenge_key.mint(&issued.session_id, now);
        Ok(Renewal::Renewed { issued: Box::new(issued), next_challenge })
    }

    /// The answer to a bound session's refresh cookie presented without
    /// its key's proof: refused, and the session left to its browser. From
    /// anyone but the holder of a valid access token of the same session
    /// (`holder`), it is a copy: recorded and announced (at most once an
    /// hour per session).
    pub(super) async fn refuse_bound(&self, session: &SessionRecord, user: &UserRecord, holder: Option<&str>, client: &ClientInfo) -> AuthError {
        if holder == Some(session.id.as_str()) {
            return AuthError::because(Reason::SessionBound);
        }
        metrics::copied_cookie_refused();
        tracing::warn!(session = %session.id, user = %user.id, "a bound session's refresh cookie came without its key's proof");
        let since = self.clock.now_ms() - ALERT_EVERY.as_millis() as i64;
        match self.store.session_event_since(&user.id, &session.id, EventKind::CopiedCookieRefused, since).await {
            Ok(true) => {}
            Ok(false) => {
                let writes = [
                    self.event(&user.id, Some(&session.id), EventKind::CopiedCookieRefused, client),
                    self.copied_cookie_alert(user, client),
                ];
                if let Err(e) = self.commit(&writes).await {
                    tracing::warn!(error = %e, "cannot record a copied cookie");
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot look up earlier copied cookies"),
        }
        AuthError::because(Reason::SessionBound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renewal_challenge_holds_for_its_session_until_it_expires() {
        let key = ChallengeKey([7; 32]);
        let challenge = key.mint("session-a", 1_000);
        let expires = 1_000 + CHALLENGE_TTL.as_millis() as i64;
        assert_eq!(key.check(&challenge, "session-a", 1_001), Some(expires));
        assert_eq!(key.check(&challenge, "session-b", 1_001), None, "another session's");
        assert_eq!(key.check(&challenge, "session-a", expires), None, "expired");
        let (stamp, rest) = challenge.split_once('.').unwrap();
        let later = format!("{}.{rest}", stamp.parse::<i64>().unwrap() + 60_000);
        assert_eq!(key.check(&later, "session-a", 1_001), None, "its expiry moved");
        assert_eq!(ChallengeKey([8; 32]).check(&challenge, "session-a", 1_001), None, "another server secret");
        for garbage in ["", "..", "1.2", "x.y.z", "1.a.%%%"] {
            assert_eq!(key.check(garbage, "session-a", 0), None, "{garbage}");
        }
        assert_ne!(key.mint("session-a", 1_000), challenge, "each one fresh");
    }

    #[test]
    fn proofs_of_the_wrong_shape_are_refused_before_any_key_is_used() {
        let jwk: Jwk = serde_json::from_value(serde_json::json!({
            "kty": "EC", "crv": "P-256",
            "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
        }))
        .unwrap();
        for proof in ["", "not.a.jwt", "eyJhbGciOiJub25lIn0.e30.", &"a".repeat(9000)] {
            assert_eq!(verify_proof(proof, &jwk).unwrap_err().reason, Some(Reason::ProofRefused), "{proof:.20}");
        }
        // A JWT of another type (an access token's `at+jwt`) is refused too.
        let other_type = "eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJqdGkiOiJjIn0.c2ln";
        assert!(verify_proof(other_type, &jwk).is_err());
        // The algorithm must be the key's: HS256 with a public key's bytes is the classic confusion.
        let hs256 = "eyJhbGciOiJIUzI1NiIsInR5cCI6ImRic2Mrand0In0.eyJqdGkiOiJjIn0.c2ln";
        assert!(verify_proof(hs256, &jwk).is_err());
    }
}
