//! The master secret and the keys derived from it.
//!
//! The secret never reaches the database: signing keys and refresh tokens are
//! derived from it, so a reader of the database alone can neither mint access
//! tokens nor replay refresh tokens.

use std::{fs, io::Write, os::unix::fs::OpenOptionsExt, path::Path};

use base64::{Engine, engine::general_purpose::STANDARD};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;

use super::config::SecretSource;

const MIN_LEN: usize = 32;

/// The master secret. Deliberately neither `Debug` nor `Serialize`, so it
/// cannot end up in a log line or a response by accident.
pub struct Secret(Box<[u8]>);

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("{var}: not valid base64")]
    NotBase64 { var: &'static str },
    #[error("{var}: too short ({len} bytes, need at least {MIN_LEN} random bytes, base64-encoded)")]
    TooShort { var: &'static str, len: usize },
    #[error("{var}: cannot read {path}: {source}")]
    Read { var: &'static str, path: String, source: std::io::Error },
    #[error("KEYCARD_SECRET: cannot create the development secret {path}: {source}")]
    Create { path: String, source: std::io::Error },
}

impl Secret {
    pub fn load(source: &SecretSource) -> Result<Self, SecretError> {
        match source {
            SecretSource::Inline(value) => Self::decode("KEYCARD_SECRET", value),
            SecretSource::File(path) => {
                let text = fs::read_to_string(path).map_err(|source| SecretError::Read {
                    var: "KEYCARD_SECRET_FILE",
                    path: path.display().to_string(),
                    source,
                })?;
                Self::decode("KEYCARD_SECRET_FILE", &text)
            }
            SecretSource::DevFile(path) => Self::load_or_create_dev(path),
        }
    }

    pub fn decode(var: &'static str, text: &str) -> Result<Self, SecretError> {
        let bytes = STANDARD.decode(text.trim()).map_err(|_| SecretError::NotBase64 { var })?;
        if bytes.len() < MIN_LEN {
            return Err(SecretError::TooShort { var, len: bytes.len() });
        }
        Ok(Self(bytes.into_boxed_slice()))
    }

    /// Reuses the development secret if it exists, otherwise creates it with
    /// mode 0600. `create_new` keeps two processes starting at once from
    /// writing different secrets.
    fn load_or_create_dev(path: &Path) -> Result<Self, SecretError> {
        let create_err = |source| SecretError::Create { path: path.display().to_string(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(create_err)?;
        }
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        match fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
            Ok(mut file) => {
                file.write_all(STANDARD.encode(bytes).as_bytes()).map_err(create_err)?;
                file.sync_all().map_err(create_err)?;
                tracing::info!(path = %path.display(), "generated a development secret");
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(create_err(e)),
        }
        let text = fs::read_to_string(path).map_err(|source| SecretError::Read {
            var: "KEYCARD_SECRET",
            path: path.display().to_string(),
            source,
        })?;
        Self::decode("KEYCARD_SECRET", &text)
    }

    /// A 32-byte key for one purpose, independent of every other purpose.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        Hkdf::<Sha256>::new(Some(b"keycard v1"), &self.0)
            .expand(purpose.as_bytes(), &mut out)
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        out
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn short_or_garbled_secrets_are_refused() {
        assert!(matches!(Secret::decode("KEYCARD_SECRET", "c2hvcnQ="), Err(SecretError::TooShort { len: 5, .. })));
        assert!(matches!(Secret::decode("KEYCARD_SECRET", "%%%"), Err(SecretError::NotBase64 { .. })));
        assert!(Secret::decode("KEYCARD_SECRET", &STANDARD.encode([7u8; 32])).is_ok());
    }

    #[test]
    fn derived_keys_depend_on_purpose_and_secret() {
        let a = Secret::decode("S", &STANDARD.encode([1u8; 32])).unwrap();
        let b = Secret::decode("S", &STANDARD.encode([2u8; 32])).unwrap();
        assert_eq!(a.derive("x"), a.derive("x"));
        assert_ne!(a.derive("x"), a.derive("y"));
        assert_ne!(a.derive("x"), b.derive("x"));
    }

    #[test]
    fn dev_secret_is_created_once_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/secret.key");
        let first = Secret::load(&SecretSource::DevFile(path.clone())).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let second = Secret::load(&SecretSource::DevFile(path)).unwrap();
        assert_eq!(first.derive("k"), second.derive("k"));
    }
}
