//! Device cookies (OWASP's scheme against aimed lockouts, see [`super::limits`]):
//! a browser that signed in to an account before proves it with a signed
//! cookie, and its attempts count on that device's own budget.

use std::time::Duration;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::server::{secret::Secret, store::UserRecord};

/// How long a browser stays trusted for an account after signing in.
pub const DEVICE_COOKIE_TTL: Duration = Duration::from_secs(365 * 86_400);

/// Signs and checks device cookies: `<device id>.<mac>`, the MAC binding the
/// device id to one account and its current password (credential version):
/// a password change or reset voids every device cookie of the account, so
/// cookies collected by someone who knew the old password are worth nothing.
pub struct DeviceKey([u8; 32]);

impl DeviceKey {
    pub fn new(secret: &Secret) -> Self {
        Self(secret.derive("device cookies"))
    }

    fn mac(&self, device: &str, user: &UserRecord) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(device.as_bytes());
        mac.update(b"\0");
        mac.update(user.id.as_bytes());
        mac.update(b"\0");
        mac.update(&user.credential_version.to_be_bytes());
        mac
    }

    /// A new device cookie for `user`.
    pub fn mint(&self, user: &UserRecord) -> DeviceCookie {
        let mut id = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut id);
        let device = URL_SAFE_NO_PAD.encode(id);
        let mac = URL_SAFE_NO_PAD.encode(self.mac(&device, user).finalize().into_bytes());
        DeviceCookie { value: format!("{device}.{mac}"), id: device }
    }

    /// The device id, if `cookie` was minted for `user` as it is now.
    pub fn check(&self, cookie: &str, user: &UserRecord) -> Option<String> {
        let (device, mac) = cookie.split_once('.')?;
        if device.len() != 22 || mac.len() != 43 {
            return None;
        }
        let given = URL_SAFE_NO_PAD.decode(mac).ok()?;
        // verify_slice compares in constant time.
        self.mac(device, user).verify_slice(&given).ok()?;
        Some(device.to_owned())
    }
}

/// A device cookie just minted: its value for the browser, its id for the session.
pub struct DeviceCookie {
    pub id: String,
    pub value: String,
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::STANDARD;

    use super::*;
    use crate::auth::Email;

    #[test]
    fn device_cookies_belong_to_one_account_its_password_and_one_secret() {
        let key = DeviceKey::new(&Secret::decode("S", &STANDARD.encode([3u8; 32])).unwrap());
        let other = DeviceKey::new(&Secret::decode("S", &STANDARD.encode([4u8; 32])).unwrap());
        let user = |id: &str, version: i64| UserRecord {
            id: id.into(),
            email: Email::parse(&format!("{id}@example.com")).unwrap(),
            password_hash: String::new(),
            created_at: 0,
            credential_version: version,
            email_verified_at: Some(0),
            locked_at: None,
            language: None,
        };
        let (a, b) = (user("user-a", 0), user("user-b", 0));
        let minted = key.mint(&a);
        let cookie = minted.value;
        let device = key.check(&cookie, &a).expect("valid for its account");
        assert_eq!(device, minted.id);
        assert_eq!(key.check(&cookie, &b), None, "another account");
        assert_eq!(key.check(&cookie, &user("user-a", 1)), None, "the password changed since");
        assert_eq!(other.check(&cookie, &a), None, "another secret");
        let (id, mac) = cookie.split_once('.').unwrap();
        let mut forged = mac.to_owned();
        forged.replace_range(0..1, if mac.starts_with('A') { "B" } else { "A" });
        assert_eq!(key.check(&format!("{id}.{forged}"), &a), None, "altered mac");
        for junk in ["", ".", "abc", &"a".repeat(66), &format!("{id}.{mac}.x")] {
            assert_eq!(key.check(junk, &a), None, "{junk}");
        }
    }
}
