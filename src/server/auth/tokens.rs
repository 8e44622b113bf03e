//! The credentials a request carries, typed at the edge: the access token
//! (a JWT, checked by [`crate::server::jwt`]) and the opaque refresh token.
//! The cookies are read into these once; nothing past the edge handles raw
//! cookie strings.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::server::secret::Secret;

/// Access tokens are JWTs of a few hundred bytes; anything far longer is
/// refused before it is parsed.
const ACCESS_TOKEN_MAX: usize = 4096;

/// The key refresh tokens are derived with (from the master secret).
pub struct RefreshKey([u8; 32]);

impl RefreshKey {
    pub fn new(secret: &Secret) -> Self {
        Self(secret.derive("refresh tokens"))
    }

    /// token = base64url(HMAC-SHA256(key, nonce)). The database stores the
    /// nonce and the token's hash; without the secret neither yields a token.
    pub(super) fn token_for(&self, nonce: &[u8]) -> RefreshToken {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(nonce);
        RefreshToken(URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
    }

    /// A fresh token from 256 random bits.
    pub(super) fn mint(&self) -> (RefreshToken, [u8; 32]) {
        let mut nonce = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        (self.token_for(&nonce), nonce)
    }
}

/// The SHA-256 of a token's text: what the database keeps of a
/// single-use token (links, pending sign-ins, a provider sign-in's state).
pub fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// An opaque refresh token. Not `Debug`, so it cannot be logged.
pub struct RefreshToken(String);

impl RefreshToken {
    /// Accepts only the shape we issue (43 base64url characters), so garbage
    /// never reaches the database.
    pub fn parse(raw: &str) -> Option<Self> {
        (raw.len() == 43 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            .then(|| Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub(super) fn hash(&self) -> [u8; 32] {
        digest(&self.0)
    }
}

/// The token of a link in a mail (verification, reset, confirmations):
/// 256 random bits, of which the database keeps only the SHA-256. Not
/// `Debug`, so it cannot be logged.
pub struct LinkToken(String);

impl LinkToken {
    pub fn mint() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Accepts only the shape we issue (43 base64url characters).
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        (raw.len() == 43 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            .then(|| Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> [u8; 32] {
        digest(&self.0)
    }
}

/// An access token as presented: bounded in size, not yet verified. Not
/// `Debug`, so it cannot be logged.
pub struct AccessToken(String);

impl AccessToken {
    pub fn parse(raw: &str) -> Option<Self> {
        (!raw.is_empty() && raw.len() <= ACCESS_TOKEN_MAX && raw.is_ascii()).then(|| Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// What a request presents to prove who it is: either token may be missing.
#[derive(Default)]
pub struct Credentials {
    pub access: Option<AccessToken>,
    pub refresh: Option<RefreshToken>,
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::STANDARD;

    use super::*;

    fn key() -> RefreshKey {
        RefreshKey::new(&Secret::decode("S", &STANDARD.encode([9u8; 32])).unwrap())
    }

    #[test]
    fn refresh_tokens_are_256_bit_and_rederivable_from_the_nonce() {
        let key = key();
        let (token, nonce) = key.mint();
        assert_eq!(token.expose().len(), 43, "32 bytes in unpadded base64url");
        assert_eq!(key.token_for(&nonce).expose(), token.expose());
        let (other, _) = key.mint();
        assert_ne!(other.expose(), token.expose());
    }

    #[test]
    fn refresh_token_parsing_accepts_only_our_shape() {
        let (token, _) = key().mint();
        assert!(RefreshToken::parse(token.expose()).is_some());
        for bad in ["", "short", &"a".repeat(44), &format!("{}'", &"a".repeat(42)), &"é".repeat(21)] {
            assert!(RefreshToken::parse(bad).is_none(), "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn refresh_token_parsing_accepts_exactly_43_base64url_chars(raw in "\\PC{0,64}") {
            let ok = raw.len() == 43 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            proptest::prop_assert_eq!(RefreshToken::parse(&raw).is_some(), ok);
        }
    }

    #[test]
    fn access_tokens_are_bounded_before_they_are_parsed() {
        assert!(AccessToken::parse("a.b.c").is_some());
        assert!(AccessToken::parse("").is_none());
        assert!(AccessToken::parse(&"a".repeat(ACCESS_TOKEN_MAX + 1)).is_none());
        assert!(AccessToken::parse("é.b.c").is_none());
    }

    #[test]
    fn link_tokens_are_256_bit_and_parse_back() {
        let token = LinkToken::mint();
        assert_eq!(token.expose().len(), 43);
        assert_eq!(LinkToken::parse(token.expose()).unwrap().hash(), token.hash());
        assert_ne!(LinkToken::mint().expose(), token.expose());
        for bad in ["", "short", &"a".repeat(44), "../../etc/passwd"] {
            assert!(LinkToken::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn stored_hash_is_not_the_token() {
        let (token, nonce) = key().mint();
        assert_ne!(token.hash().as_slice(), token.expose().as_bytes());
        assert_ne!(token.hash(), nonce);
    }
}
