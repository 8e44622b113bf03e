//! Password hashing and the password policy.
//!
//! argon2id is deliberately slow and memory-hungry, so it never runs on the
//! async worker threads. Hashes go to a small pool of dedicated threads, one
//! per core (more would only make each hash slower), which:
//! - run at the lowest scheduling priority (SCHED_IDLE on Linux), so that in
//!   a login storm page rendering and token refreshes get the CPU first and
//!   logins take what is left;
//! - keep their argon2 working memory (19 MiB at the default cost) from one
//!   hash to the next while jobs are waiting, and give it back when the queue
//!   is empty: a storm reuses two blocks instead of allocating one per hash
//!   (the blocking pool left a freed block in many threads' malloc arenas,
//!   hundreds of MB of RSS after a storm), and an idle server holds none.
//!
//! A job whose caller has gone away (the client hung up) while it was queued
//! is skipped; a job already running finishes and keeps its thread busy.

use std::{
    panic::{AssertUnwindSafe, catch_unwind},
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicUsize, Ordering},
        mpsc,
    },
};

use argon2::{
    Algorithm, Argon2, Block, Params, PasswordHash, Version,
    password_hash::{Output, ParamsString, SaltString, rand_core::OsRng},
};
use tokio::sync::oneshot;

use super::config::Argon2Cost;
use crate::auth::{Email, Password};

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("argon2: {0}")]
    Argon2(String),
    #[error("the password hashing threads have stopped")]
    Stopped,
}

impl HashError {
    fn argon2(e: impl std::fmt::Display) -> Self {
        Self::Argon2(e.to_string())
    }
}

/// Outcome of checking a password against a stored hash.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Valid { needs_rehash: bool },
    Invalid,
}

/// Work for a hashing thread, given that thread's argon2 memory.
type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

#[derive(Clone)]
pub struct Passwords {
    params: Params,
    jobs: mpsc::Sender<Job>,
    /// Jobs sent to the hashing threads and not yet taken by one.
    queued: Arc<AtomicUsize>,
    /// A real hash of a random password, verified against when the e-mail is
    /// unknown so that such a login costs what a wrong password costs.
    dummy_hash: Arc<str>,
}

impl Passwords {
    pub async fn new(cost: Argon2Cost) -> Result<Self, HashError> {
        let params =
            Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None).map_err(HashError::argon2)?;
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let queued = Arc::new(AtomicUsize::new(0));
        let jobs = start_hashing_threads(threads, Arc::clone(&queued))?;
        let mut passwords = Self { params, jobs, queued, dummy_hash: Arc::from("") };
        let mut random = [0u8; 24];
        argon2::password_hash::rand_core::RngCore::fill_bytes(&mut OsRng, &mut random);
        let dummy = Password::for_verification(format!("{random:?}")).expect("a non-empty password");
        passwords.dummy_hash = Arc::from(passwords.hash(&dummy).await?);
        Ok(passwords)
    }

    /// Hashes into a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
    pub async fn hash(&self, password: &Password) -> Result<String, HashError> {
        let password = password.clone();
        let params = self.params.clone();
        self.run(move |memory| {
            let salt = SaltString::generate(&mut OsRng);
            let mut salt_bytes = [0u8; 64];
            let salt_bytes = salt.as_salt().decode_b64(&mut salt_bytes).map_err(HashError::argon2)?;
            let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
            compute(Algorithm::Argon2id, Version::V0x13, &params, password.expose(), salt_bytes, &mut out, memory)?;
            let phc = PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(&params).map_err(HashError::argon2)?,
                salt: Some(salt.as_salt()),
                hash: Some(Output::new(&out).map_err(HashError::argon2)?),
            };
            Ok(phc.to_string())
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
        self.run(move |memory| {
            let parsed = PasswordHash::new(&stored).map_err(HashError::argon2)?;
            let ok = matches(&parsed, password.expose(), memory)?;
            if !(ok && known) {
                return Ok(Verdict::Invalid);
            }
            Ok(Verdict::Valid { needs_rehash: is_weaker(&parsed, &wanted) })
        })
        .await?
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |memory| {
            if !reply.is_closed() {
                let _ = reply.send(work(memory));
            }
        });
        self.queued.fetch_add(1, Ordering::AcqRel);
        if self.jobs.send(job).is_err() {
            self.queued.fetch_sub(1, Ordering::AcqRel);
            return Err(HashError::Stopped);
        }
        answer.await.map_err(|_| HashError::Stopped)
    }
}

/// Starts `count` hashing threads that take jobs until every sender is gone.
/// `queued` counts jobs sent and not yet taken.
fn start_hashing_threads(count: usize, queued: Arc<AtomicUsize>) -> Result<mpsc::Sender<Job>, HashError> {
    let (jobs, queue) = mpsc::channel::<Job>();
    let queue = Arc::new(Mutex::new(queue));
    for n in 0..count {
        let (queue, queued) = (Arc::clone(&queue), Arc::clone(&queued));
        std::thread::Builder::new()
            .name(format!("argon2-{n}"))
            .spawn(move || {
                lower_priority();
                let mut memory = Vec::new();
                loop {
                    let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok(job) = next else { return };
                    queued.fetch_sub(1, Ordering::AcqRel);
                    // A panicking job loses its answer (its caller sees
                    // `Stopped`), not the thread.
                    let _ = catch_unwind(AssertUnwindSafe(|| job(&mut memory)));
                    if queued.load(Ordering::Acquire) == 0 && !memory.is_empty() {
                        // Nothing waiting: the working memory goes back to
                        // the system before this thread sleeps.
                        memory = Vec::new();
                        release_free_memory();
                    }
                }
            })
            .map_err(|e| HashError::Argon2(format!("cannot start a hashing thread: {e}")))?;
    }
    Ok(jobs)
}

/// glibc keeps a large freed block inside the thread's malloc arena once its
/// adaptive mmap threshold has grown past the block's size; returning the
/// arenas' free pages is what makes the block's memory leave the RSS.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only hands free pages back to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Hashing yields to the rest of the server: this thread runs under
/// SCHED_IDLE, so any other thread of the machine that wakes up (a page
/// render, a refresh) takes the CPU from it at once, and hashes use the time
/// nothing else wants. (nice 10 left pages waiting for the hash's time slice
/// to end: their p99 in a login storm was up to 3.4 times the idle one.)
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: sched_setscheduler reads the parameter struct and has no other
    // memory effects; with pid 0 it applies to the calling thread alone.
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        if libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) != 0 {
            libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 19);
        }
    }
}

/// argon2 of `password` and `salt` into `out`, in `memory` (grown as needed).
fn compute(
    algorithm: Algorithm,
    version: Version,
    params: &Params,
    password: &str,
    salt: &[u8],
    out: &mut [u8],
    memory: &mut Vec<Block>,
) -> Result<(), HashError> {
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    Argon2::new(algorithm, version, params.clone())
        .hash_password_into_with_memory(password.as_bytes(), salt, out, &mut memory[..blocks])
        .map_err(HashError::argon2)
}

/// Whether `password` hashes to the stored PHC hash, under the stored
/// algorithm, version and costs; the comparison takes constant time.
fn matches(stored: &PasswordHash<'_>, password: &str, memory: &mut Vec<Block>) -> Result<bool, HashError> {
    let Ok(algorithm) = Algorithm::try_from(stored.algorithm) else { return Ok(false) };
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else { return Ok(false) };
    let version = match stored.version {
        Some(v) => Version::try_from(v).map_err(HashError::argon2)?,
        None => Version::default(),
    };
    let params = Params::try_from(stored).map_err(HashError::argon2)?;
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(HashError::argon2)?;
    let mut out = [0u8; Output::MAX_LENGTH];
    let out = &mut out[..expected.len()];
    compute(algorithm, version, &params, password, salt_bytes, out, memory)?;
    // `Output` compares in constant time.
    Ok(Output::new(out).map_err(HashError::argon2)? == expected)
}

/// A stored hash needs upgrading when it is not argon2id version 0x13, or
/// any of its costs is below the configured ones.
fn is_weaker(hash: &PasswordHash<'_>, wanted: &Params) -> bool {
    if hash.algorithm != argon2::ARGON2ID_IDENT || hash.version != Some(Version::V0x13.into()) {
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
    async fn hashes_interoperate_with_the_argon2_crate() {
        use argon2::{PasswordHasher, PasswordVerifier};
        let passwords = Passwords::new(cheap()).await.unwrap();
        let ours = passwords.hash(&pw("correct horse battery staple")).await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"correct horse battery staple", &parsed).is_ok());
        assert!(Argon2::default().verify_password(b"correct horse battery stapler", &parsed).is_err());

        // Hashes made elsewhere, with other costs, versions and output
        // lengths, verify here, and their weakness is noticed.
        for (algorithm, version, params) in [
            (Algorithm::Argon2id, Version::V0x13, Params::new(32, 1, 1, Some(16)).unwrap()),
            (Algorithm::Argon2id, Version::V0x10, Params::new(128, 3, 2, Some(64)).unwrap()),
            (Algorithm::Argon2i, Version::V0x13, Params::new(64, 1, 1, None).unwrap()),
        ] {
            let salt = SaltString::generate(&mut OsRng);
            let theirs = Argon2::new(algorithm, version, params)
                .hash_password(b"correct horse battery staple", &salt)
                .unwrap()
                .to_string();
            let verdict = passwords.verify(&pw("correct horse battery staple"), Some(&theirs)).await.unwrap();
            assert_eq!(verdict, Verdict::Valid { needs_rehash: true }, "{theirs}");
            let wrong = passwords.verify(&pw("correct horse battery stapler"), Some(&theirs)).await.unwrap();
            assert_eq!(wrong, Verdict::Invalid, "{theirs}");
        }
    }

    #[tokio::test]
    async fn unusable_stored_hashes_are_refused_or_reported() {
        let passwords = Passwords::new(cheap()).await.unwrap();
        let scrypt = "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E";
        assert_eq!(passwords.verify(&pw("anything at all"), Some(scrypt)).await.unwrap(), Verdict::Invalid);
        assert!(passwords.verify(&pw("anything at all"), Some("not a hash")).await.is_err());
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
