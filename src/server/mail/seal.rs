//! Mail bodies are sealed at rest: they hold live links (verification,
//! reset, undo), and the database keeps every other token only as a hash.
//! A body is sealed as it is queued and opened only by the sender (and the
//! development mailbox), with a key derived from the server secret, which
//! is never in the database; once sent or given up, it is wiped.

use base64::{Engine, engine::general_purpose::STANDARD};
use chacha20poly1305::{
    ChaCha20Poly1305, KeyInit, Nonce,
    aead::{Aead, Payload},
};
use rand::RngCore;

use crate::server::{
    secret::Secret,
    store::{MailRecord, NewMail},
};

const PREFIX: &str = "sealed:v1:";
const NONCE_LEN: usize = 12;

pub struct MailSeal([u8; 32]);

impl MailSeal {
    pub fn new(secret: &Secret) -> Self {
        Self(secret.derive("outbox mail bodies"))
    }

    /// What binds a body to its mail: the recipient and the subject.
    fn bound(recipient: &str, subject: &str) -> Vec<u8> {
        [recipient.as_bytes(), b"\0", subject.as_bytes()].concat()
    }

    fn seal_one(&self, aad: &[u8], body: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let cipher = ChaCha20Poly1305::new((&self.0).into());
        let sealed = cipher
            .encrypt(&Nonce::from(nonce), Payload { msg: body.as_bytes(), aad })
            .expect("sealing a mail body cannot fail");
        format!("{PREFIX}{}", STANDARD.encode([nonce.as_slice(), &sealed].concat()))
    }

    fn open_one(&self, aad: &[u8], stored: &str) -> Option<String> {
        // Mails queued before sealing existed are plain.
        let Some(encoded) = stored.strip_prefix(PREFIX) else { return Some(stored.to_owned()) };
        let bytes = STANDARD.decode(encoded).ok()?;
        let (nonce, ciphertext) = bytes.split_at_checked(NONCE_LEN)?;
        let nonce = Nonce::from(<[u8; NONCE_LEN]>::try_from(nonce).ok()?);
        let cipher = ChaCha20Poly1305::new((&self.0).into());
        String::from_utf8(cipher.decrypt(&nonce, Payload { msg: ciphertext, aad }).ok()?).ok()
    }

    /// The mail with both bodies sealed.
    pub fn seal(&self, mail: &NewMail) -> NewMail {
        let aad = Self::bound(&mail.recipient, &mail.subject);
        NewMail { text: self.seal_one(&aad, &mail.text), html: self.seal_one(&aad, &mail.html), ..mail.clone() }
    }

    /// Opens both bodies of a stored mail in place; false (bodies left as
    /// they were) if one does not open under this secret.
    pub fn open(&self, mail: &mut MailRecord) -> bool {
        let aad = Self::bound(&mail.recipient, &mail.subject);
        match (self.open_one(&aad, &mail.text_body), self.open_one(&aad, &mail.html_body)) {
            (Some(text), Some(html)) => {
                mail.text_body = text;
                mail.html_body = html;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal(byte: u8) -> MailSeal {
        MailSeal::new(&Secret::decode("S", &STANDARD.encode([byte; 32])).unwrap())
    }

    fn record(mail: &NewMail) -> MailRecord {
        MailRecord {
            id: "m".into(),
            recipient: mail.recipient.clone(),
            subject: mail.subject.clone(),
            text_body: mail.text.clone(),
            html_body: mail.html.clone(),
            created_at: 0,
            attempts: 0,
            sent_at: None,
        }
    }

    #[test]
    fn sealed_bodies_hold_no_link_and_open_only_for_their_mail_and_secret() {
        let mail = NewMail {
            recipient: "ada@example.com".into(),
            subject: "Choose a new password".into(),
            text: "https://k.example/reset-password?token=abc".into(),
            html: "<a href=\"https://k.example/reset-password?token=abc\">x</a>".into(),
        };
        let sealed = seal(1).seal(&mail);
        assert!(sealed.text.starts_with(PREFIX) && !sealed.text.contains("token=") && !sealed.html.contains("token="));
        let mut stored = record(&sealed);
        assert!(seal(1).open(&mut stored));
        assert_eq!((stored.text_body.as_str(), stored.html_body.as_str()), (mail.text.as_str(), mail.html.as_str()));
        assert!(!seal(2).open(&mut record(&sealed)), "another secret");
        let mut moved = record(&sealed);
        moved.recipient = "eve@example.com".into();
        assert!(!seal(1).open(&mut moved), "bound to its recipient");
        let mut plain = record(&mail);
        assert!(seal(1).open(&mut plain), "mails from before sealing read as they are");
        assert_eq!(plain.text_body, mail.text);
    }
}
