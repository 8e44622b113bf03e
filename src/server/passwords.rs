//! Password hashing and the password policy.
//!
//! argon2id is deliberately slow and memory-hungry, so it never runs on the
//! async worker threads: each hash goes to the blocking pool, and a semaphore
//! caps how many run at once. A login storm then queues behind the semaphore
//! instead of starving page rendering.

use std::sync::Arc;

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::{SaltString, rand_core::OsRng},
};
use tokio::sync::Semaphore;

use super::config::Argon2Cost;
use crate::auth::{Email, Password};

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("argon2: {0}")]
    Argon2(String),
    #[error("hashing task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// Outcome of checking a password against a stored hash.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Valid { needs_rehash: bool },
    Invalid,
}

#[derive(Clone)]
pub struct Passwords {
    params: Params,
    permits: Arc<Semaphore>,
    /// A real hash of a random password, verified against when the e-mail is
    /// unknown so that such a login costs what a wrong password costs.
    dummy_hash: Arc<str>,
}

impl Passwords {
    pub async fn new(cost: Argon2Cost) -> Result<Self, HashError> {
        let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
            .map_err(|e| HashError::Argon2(e.to_string()))?;
        // One hash per core: more would only make each one slower.
        let concurrency = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mut passwords =
            Self { params, permits: Arc::new(Semaphore::new(concurrency)), dummy_hash: Arc::from("") };
        let mut random = [0u8; 24];
        argon2::password_hash::rand_core::RngCore::fill_bytes(&mut OsRng, &mut random);
        let dummy = Password::for_verification(format!("{random:?}")).expect("a non-empty password");
        passwords.dummy_hash = Arc::from(passwords.hash(&dummy).await?);
        Ok(passwords)
    }

    fn argon2(params: Params) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }

    /// Hashes into a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
    pub async fn hash(&self, password: &Password) -> Result<String, HashError> {
        let password = password.clone();
        let params = self.params.clone();
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Self::argon2(params)
                .hash_password(password.expose().as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| HashError::Argon2(e.to_string()))
        })
        .await?
    }

    /// Checks `password` against `stored`, or against the dummy hash when there
    /// is no stored hash (unknown e-mail), so both cases take the same time.
    pub async fn verify(&self, password: &Password, stored: Option<&str>) -> Result<Verdict, HashError> {
        let known = stored.is_some();
        let stored: String = stored.map_or_else(|| self.dummy_hash.to_string(), str::to_owned);
        let password = password.clone();
        let wanted = self.params.clone();
        self.run(move || {
            let parsed = PasswordHash::new(&stored).map_err(|e| HashError::Argon2(e.to_string()))?;
            let ok = Argon2::default().verify_password(password.expose().as_bytes(), &parsed).is_ok();
            if !(ok && known) {
                return Ok(Verdict::Invalid);
            }
            Ok(Verdict::Valid { needs_rehash: is_weaker(&parsed, &wanted) })
        })
        .await?
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, HashError> {
        // The permit travels with the blocking job: a client that hangs up
        // drops its request, but the hash it started still holds its slot.
        let permit = self.permits.clone().acquire_owned().await.expect("the semaphore is never closed");
        Ok(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await?)
    }
}

/// A stored hash needs upgrading when it is not argon2id or any of its costs
/// is below the configured ones.
fn is_weaker(hash: &PasswordHash<'_>, wanted: &Params) -> bool {
    if hash.algorithm != argon2::ARGON2ID_IDENT {
        return true;
    }
    match Params::try_from(hash) {
        Ok(p) => p.m_cost() < wanted.m_cost() || p.t_cost() < wanted.t_cost() || p.p_cost() < wanted.p_cost(),
        Err(_) => true,
    }
}

/// Rejects passwords that are common, easily guessed, or built from the
/// e-mail address. Strength is judged by zxcvbn (its dictionaries of common
/// passwords, names and words, keyboard patterns, dates and repeats).
pub fn check_strength(password: &Password, email: &Email) -> Result<(), String> {
    let text = password.expose();
    let lowered = text.to_lowercase();
    let local = email.local_part();
    if lowered == email.as_str() || lowered == local || (local.chars().count() >= 4 && lowered.contains(local)) {
        return Err("Choose a password that is not based on your e-mail address.".into());
    }
    let estimate = zxcvbn::zxcvbn(text, &[email.as_str(), local]);
    if u8::from(estimate.score()) < 3 {
        let why = estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| format!(" ({})", w.to_string().trim_end_matches('.')))
            .unwrap_or_default();
        return Err(format!(
            "This password is too easy to guess{why}. Try a longer phrase of unrelated words."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> Argon2Cost {
        Argon2Cost { memory_kib: 64, iterations: 1, parallelism: 1 }
    }

    fn pw(s: &str) -> Password {
        Password::for_verification(s.into()).unwrap()
    }

    #[tokio::test]
    async fn hash_is_argon2id_phc_and_verifies() {
        let passwords = Passwords::new(cheap()).await.unwrap();
        let hash = passwords.hash(&pw("correct horse battery staple")).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{hash}");
        assert_eq!(
            passwords.verify(&pw("correct horse battery staple"), Some(&hash)).await.unwrap(),
            Verdict::Valid { needs_rehash: false }
        );
        assert_eq!(passwords.verify(&pw("wrong horse battery staple"), Some(&hash)).await.unwrap(), Verdict::Invalid);
    }

    #[tokio::test]
    async fn unknown_user_is_checked_against_the_dummy_and_fails() {
        let passwords = Passwords::new(cheap()).await.unwrap();
        assert_eq!(passwords.verify(&pw("anything at all"), None).await.unwrap(), Verdict::Invalid);
    }

    #[tokio::test]
    async fn weaker_hashes_ask_for_a_rehash() {
        let weak = Passwords::new(cheap()).await.unwrap();
        let strong = Passwords::new(Argon2Cost { memory_kib: 128, iterations: 2, parallelism: 1 }).await.unwrap();
        let old = weak.hash(&pw("correct horse battery staple")).await.unwrap();
        assert_eq!(
            strong.verify(&pw("correct horse battery staple"), Some(&old)).await.unwrap(),
            Verdict::Valid { needs_rehash: true }
        );
    }

    #[test]
    fn common_and_email_based_passwords_are_refused() {
        let email = Email::parse("marguerite@example.com").unwrap();
        for weak in ["password", "password123", "qwertyuiop", "iloveyou1", "11111111", "marguerite1999",
            "Marguerite@example.com", "letmein!!"]
        {
            assert!(check_strength(&pw(weak), &email).is_err(), "{weak} should be refused");
        }
        for strong in ["correct horse battery staple", "tangerine-Oboe-glacier-47", "Wq8#zLr!02pVn"] {
            assert!(check_strength(&pw(strong), &email).is_ok(), "{strong} should be accepted");
        }
    }
}
