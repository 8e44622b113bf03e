//! Password hashing and the password policy.
//!
//! argon2id is deliberately slow and memory-hungry, so it never runs on the
//! async worker threads. Hashes go to a small pool of dedicated threads, one
//! per core (more would only make each hash slower), which:
//! - run at the lowest priority that still guarantees progress (SCHED_BATCH
//!   at nice 19 on Linux), so that in a login storm page rendering and token
//!   refreshes get the CPU first, and a sign-in during sustained page load
//!   still gets its small share instead of waiting for the load to end;
//! - keep their argon2 working memory (19 MiB at the default cost) from one
//!   hash to the next while jobs are waiting, and give it back when the queue
//!   is empty: a storm reuses two blocks instead of allocating one per hash
//!   (the blocking pool left a freed block in many threads' malloc arenas,
//!   hundreds of MB of RSS after a storm), and an idle server holds none.
//!
//! A job whose caller has gone away (the client hung up) while it was queued
//! is skipped; a job already running finishes and keeps its thread busy.
//!
//! The password strength estimator runs on these threads too: zxcvbn's
//! l33t-substitution search grows combinatorially with the input, so a
//! crafted 100-character password costs it over a second. Its input is cut
//! to [`STRENGTH_INPUT_MAX`] characters, and it never runs on an async worker.
//! The queue in front of the threads is bounded ([`QUEUE_PER_THREAD`]): when
//! it is full, callers get [`HashError::Busy`] (503 with `Retry-After`) at once
//! instead of piling up behind a flood.

use std::{
    panic::{AssertUnwindSafe, catch_unwind},
    sync::{
        Arc, Mutex, PoisonError, RwLock,
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
use crate::auth::{AuthError, Email, Password, Reason};

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("argon2: {0}")]
    Argon2(String),
    #[error("the password hashing threads have stopped")]
    Stopped,
    #[error("the password hashing queue is full")]
    Busy,
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

/// Jobs that may wait per hashing thread, by default; more are refused with
/// [`HashError::Busy`]. At the default cost a hash takes about 50 ms, so a
/// full queue is about 1.6 s of work.
pub const QUEUE_PER_THREAD: usize = 32;

/// Characters of a password the strength estimator looks at. zxcvbn's time
/// grows steeply with length for l33t-heavy input (a 100-character one took
/// over a second); past this length a password is judged by its start, which
/// errs on the safe side: a weak start is refused, however long the rest.
pub const STRENGTH_INPUT_MAX: usize = 40;

#[derive(Clone)]
pub struct Passwords {
    params: Params,
    jobs: mpsc::SyncSender<Job>,
    /// Jobs sent to the hashing threads and not yet taken by one.
    queued: Arc<AtomicUsize>,
    /// A real hash of a random password, verified against when the e-mail is
    /// unknown so that such a login costs what a wrong password costs. Its
    /// costs are those most stored hashes have ([`Passwords::calibrate_dummy`]):
    /// right after `KEYCARD_ARGON2` is raised, that is still the old cost.
    dummy_hash: Arc<RwLock<Arc<str>>>,
}

impl Passwords {
    pub async fn new(cost: Argon2Cost) -> Result<Self, HashError> {
        Self::with_queue(cost, hashing_threads() * QUEUE_PER_THREAD).await
    }

    /// With at most `queue` jobs waiting (`KEYCARD_HASH_QUEUE`).
    pub async fn with_queue(cost: Argon2Cost, queue: usize) -> Result<Self, HashError> {
        let params =
            Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None).map_err(HashError::argon2)?;
        let queued = Arc::new(AtomicUsize::new(0));
        let jobs = start_hashing_threads(hashing_threads(), queue, Arc::clone(&queued))?;
        let passwords = Self { params: params.clone(), jobs, queued, dummy_hash: Arc::new(RwLock::new(Arc::from(""))) };
        passwords.set_dummy(params).await?;
        Ok(passwords)
    }

    /// Hashes into a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
    pub async fn hash(&self, password: &Password) -> Result<String, HashError> {
        self.hash_with(password, self.params.clone()).await
    }

    async fn hash_with(&self, password: &Password, params: Params) -> Result<String, HashError> {
        let password = password.clone();
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

    async fn set_dummy(&self, params: Params) -> Result<(), HashError> {
        let mut random = [0u8; 24];
        argon2::password_hash::rand_core::RngCore::fill_bytes(&mut OsRng, &mut random);
        let dummy = Password::for_verification(format!("{random:?}")).expect("a non-empty password");
        let hash = self.hash_with(&dummy, params).await?;
        *self.dummy_hash.write().unwrap_or_else(PoisonError::into_inner) = Arc::from(hash);
        Ok(())
    }

    /// Gives the dummy hash the costs most of `stored` (a sample of the
    /// stored hashes) have, so that an unknown e-mail costs what a typical
    /// account costs even while accounts still carry an older cost. With no
    /// sample, the configured cost. Returns the costs chosen.
    pub async fn calibrate_dummy(&self, stored: &[String]) -> Result<(u32, u32, u32), HashError> {
        let mut counts: std::collections::HashMap<(u32, u32, u32), usize> = std::collections::HashMap::new();
        for hash in stored {
            if let Some(params) = PasswordHash::new(hash).ok().and_then(|h| Params::try_from(&h).ok()) {
                *counts.entry((params.m_cost(), params.t_cost(), params.p_cost())).or_default() += 1;
            }
        }
        let wanted = (self.params.m_cost(), self.params.t_cost(), self.params.p_cost());
        // Ties go to the configured cost, then to the dearer one.
        let chosen = counts
            .into_iter()
            .max_by_key(|&(cost, n)| (n, cost == wanted, cost))
            .map_or(wanted, |(cost, _)| cost);
        if self.dummy_cost() != Some(chosen) {
            let params = Params::new(chosen.0, chosen.1, chosen.2, None).map_err(HashError::argon2)?;
            self.set_dummy(params).await?;
        }
        Ok(chosen)
    }

    fn dummy_cost(&self) -> Option<(u32, u32, u32)> {
        let dummy = self.dummy_hash.read().unwrap_or_else(PoisonError::into_inner).clone();
        let params = Params::try_from(&PasswordHash::new(&dummy).ok()?).ok()?;
        Some((params.m_cost(), params.t_cost(), params.p_cost()))
    }

    /// Checks `password` against `stored`, or against the dummy hash when there
    /// is no stored hash (unknown e-mail), so both cases take the same time.
    pub async fn verify(&self, password: &Password, stored: Option<&str>) -> Result<Verdict, HashError> {
        // An account without a password of its own answers as an unknown one.
        let stored = stored.filter(|hash| *hash != crate::server::store::NO_PASSWORD);
        let known = stored.is_some();
        let stored: String = match stored {
            Some(hash) => hash.to_owned(),
            None => self.dummy_hash.read().unwrap_or_else(PoisonError::into_inner).to_string(),
        };
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
        let sent = std::time::Instant::now();
        let job: Job = Box::new(move |memory| {
            super::metrics::hash_waited(sent.elapsed());
            if !reply.is_closed() {
                let _ = reply.send(work(memory));
            }
        });
        self.queued.fetch_add(1, Ordering::AcqRel);
        if let Err(refused) = self.jobs.try_send(job) {
            self.queued.fetch_sub(1, Ordering::AcqRel);
            return Err(match refused {
                mpsc::TrySendError::Full(_) => {
                    super::metrics::hash_refused();
                    HashError::Busy
                }
                mpsc::TrySendError::Disconnected(_) => HashError::Stopped,
            });
        }
        answer.await.map_err(|_| HashError::Stopped)
    }

    /// Jobs waiting for a hashing thread now.
    pub fn queued(&self) -> usize {
        self.queued.load(Ordering::Acquire)
    }

    /// [`check_strength`] on a hashing thread.
    pub async fn check_strength(&self, password: &Password, email: &Email) -> Result<Result<(), AuthError>, HashError> {
        let (password, email) = (password.clone(), email.clone());
        self.run(move |_| check_strength(&password, &email)).await
    }
}

/// One hashing thread per core: more would only make each hash slower.
fn hashing_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Starts `count` hashing threads that take jobs until every sender is gone;
/// at most `capacity` jobs wait. `queued` counts jobs sent and not yet taken.
fn start_hashing_threads(
    count: usize,
    capacity: usize,
    queued: Arc<AtomicUsize>,
) -> Result<mpsc::SyncSender<Job>, HashError> {
    let (jobs, queue) = mpsc::sync_channel::<Job>(capacity);
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
/// SCHED_BATCH at nice 19. Nice 19 weighs 15 against a page thread's 1024,
/// and a batch thread never preempts a thread that wakes up, so page renders
/// and refreshes take the CPU from it at once. Unlike SCHED_IDLE (used
/// before), the scheduler still gives it a share when every core is busy
/// with pages: SCHED_IDLE starved sign-ins for as long as page load lasted
/// (a 6.5 s login p99 during a PostgreSQL storm), and an unprivileged
/// process cannot leave SCHED_IDLE again to rescue a starved hash.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: sched_setscheduler reads the parameter struct and has no other
    // memory effects; with pid 0 it applies to the calling thread alone, as
    // setpriority does with this thread's id.
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        let _ = libc::sched_setscheduler(0, libc::SCHED_BATCH, &param);
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 19);
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
/// passwords, names and words, keyboard patterns, dates and repeats), on at
/// most [`STRENGTH_INPUT_MAX`] characters. Slow on crafted input: call it
/// through [`Passwords::check_strength`], never on an async worker.
fn check_strength(password: &Password, email: &Email) -> Result<(), AuthError> {
    let text = password.expose();
    let lowered = text.to_lowercase();
    let local = email.local_part();
    if lowered == email.as_str() || lowered == local || (local.chars().count() >= 4 && lowered.contains(local)) {
        return Err(AuthError::because(Reason::PasswordLikeEmail));
    }
    let judged = match text.char_indices().nth(STRENGTH_INPUT_MAX) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let estimate = zxcvbn::zxcvbn(judged, &[email.as_str(), local]);
    if u8::from(estimate.score()) < 3 {
        let why = estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| format!(" ({})", w.to_string().trim_end_matches('.')))
            .unwrap_or_default();
        // The reason's message, with zxcvbn's word on why.
        return Err(AuthError {
            message: format!("This password is too easy to guess{why}. Try a longer phrase of unrelated words."),
            ..AuthError::because(Reason::PasswordWeak)
        });
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

    #[tokio::test]
    async fn the_dummy_takes_the_cost_most_stored_hashes_have() {
        let old = Passwords::new(cheap()).await.unwrap();
        let raised = Passwords::new(Argon2Cost { memory_kib: 128, iterations: 2, parallelism: 1 }).await.unwrap();
        assert_eq!(raised.dummy_cost(), Some((128, 2, 1)), "an empty database: the configured cost");
        let mut stored = Vec::new();
        for _ in 0..3 {
            stored.push(old.hash(&pw("correct horse battery staple")).await.unwrap());
        }
        stored.push(raised.hash(&pw("correct horse battery staple")).await.unwrap());
        stored.push("not a hash".into());
        // Right after the raise most accounts still have the old cost, and
        // so does the dummy an unknown e-mail is checked against.
        assert_eq!(raised.calibrate_dummy(&stored).await.unwrap(), (64, 1, 1));
        assert_eq!(raised.dummy_cost(), Some((64, 1, 1)));
        assert_eq!(raised.verify(&pw("anything at all"), None).await.unwrap(), Verdict::Invalid);
        // Once most have been re-hashed, the dummy follows.
        for _ in 0..3 {
            stored.push(raised.hash(&pw("correct horse battery staple")).await.unwrap());
        }
        assert_eq!(raised.calibrate_dummy(&stored).await.unwrap(), (128, 2, 1));
        assert_eq!(raised.calibrate_dummy(&[]).await.unwrap(), (128, 2, 1));
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once() {
        let passwords = Passwords::new(cheap()).await.unwrap();
        // Park every hashing thread, then fill the queue behind them.
        let threads = hashing_threads();
        let gate = Arc::new(std::sync::Barrier::new(threads + 1));
        let started = Arc::new(AtomicUsize::new(0));
        let mut parked = Vec::new();
        for _ in 0..threads {
            let (gate, started, passwords) = (Arc::clone(&gate), Arc::clone(&started), passwords.clone());
            parked.push(tokio::spawn(async move {
                passwords
                    .run(move |_| {
                        started.fetch_add(1, Ordering::AcqRel);
                        gate.wait();
                    })
                    .await
            }));
        }
        while started.load(Ordering::Acquire) < threads {
            tokio::task::yield_now().await;
        }
        let mut waiting = Vec::new();
        for _ in 0..threads * QUEUE_PER_THREAD {
            let passwords = passwords.clone();
            waiting.push(tokio::spawn(async move { passwords.hash(&pw("correct horse battery staple")).await }));
        }
        while passwords.queued.load(Ordering::Acquire) < threads * QUEUE_PER_THREAD {
            tokio::task::yield_now().await;
        }
        assert!(matches!(passwords.hash(&pw("one too many")).await, Err(HashError::Busy)));
        assert!(matches!(passwords.check_strength(&pw("one too many"), &Email::parse("a@example.com").unwrap()).await, Err(HashError::Busy)));
        gate.wait();
        for job in parked {
            job.await.unwrap().unwrap();
        }
        for job in waiting {
            assert!(job.await.unwrap().is_ok(), "queued jobs all finish");
        }
    }

    #[tokio::test]
    async fn crafted_long_passwords_are_judged_quickly_on_the_hashing_threads() {
        let passwords = Passwords::new(cheap()).await.unwrap();
        let email = Email::parse("marguerite@example.com").unwrap();
        let crafted = "4@8({[<3691!|70$5+%2".repeat(5);
        // Judged by its first STRENGTH_INPUT_MAX characters; the verdict is
        // the same as for that prefix alone.
        let prefix: String = crafted.chars().take(STRENGTH_INPUT_MAX).collect();
        assert_eq!(
            passwords.check_strength(&pw(&crafted), &email).await.unwrap().is_ok(),
            check_strength(&pw(&prefix), &email).is_ok()
        );
        let weak_start = format!("password{}", "x".repeat(200));
        assert!(passwords.check_strength(&pw(&weak_start), &email).await.unwrap().is_err());
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
