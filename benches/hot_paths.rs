//! Micro-benchmarks of the work behind every request: access-token signing
//! and verification, refresh rotation per storage backend (durably committed:
//! SQLite runs with `synchronous=FULL`), one at a time and 32 at once, and one
//! password hash at the configured argon2 cost.
//!
//! Run through `make bench`, which starts the throwaway PostgreSQL the
//! PostgreSQL case needs; without `KEYCARD_TEST_POSTGRES_URL` that case is
//! skipped with a note.

use std::{
    collections::HashMap,
    hint::black_box,
    sync::{Arc, Mutex},
    time::Instant,
};

use base64::{Engine, engine::general_purpose::STANDARD};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use futures::future::join_all;
use keycard::{
    auth::{Email, Password},
    server::{AppState, Auth, Config, auth::RefreshToken, client::ClientInfo, store::now_ms},
};
use tokio::runtime::Runtime;

/// Sessions rotated at once in the throughput case.
const CONCURRENT: usize = 32;


/// How the benchmark's tokens say their user authenticated.
const PWD: keycard::server::jwt::Authenticated<'static> = keycard::server::jwt::Authenticated { at_secs: 0, amr: "pwd", bound_to: None };

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// The authentication service on `database_url` with the default
/// (production) settings.
async fn state(database_url: &str) -> Auth {
    let vars = HashMap::from([
        ("DATABASE_URL", database_url.to_owned()),
        ("KEYCARD_SECRET", STANDARD.encode([7u8; 32])),
        ("KEYCARD_LOGIN_LIMIT", "1000000/1m".to_owned()),
        ("KEYCARD_REGISTER_LIMIT", "1000000/1m".to_owned()),
    ]);
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("benchmark configuration");
    let options = leptos::config::get_configuration(Some(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))).unwrap().leptos_options;
    AppState::build(config, options).await.expect("state builds").auth
}

fn client() -> ClientInfo {
    ClientInfo { ip: "127.0.0.1".into(), user_agent: "criterion".into(), device: None, ..ClientInfo::default() }
}

fn tokens(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let state = rt.block_on(state(&format!("sqlite://{}/bench.db", dir.path().display())));
    let mut group = c.benchmark_group("access_token");
    group.bench_function("sign", |b| b.iter(|| state.keys().sign(black_box("user"), black_box("session"), now_ms() / 1000, i64::MAX, PWD)));
    // A token seen for the first time: the full check, signature included.
    let keys = &state.keys();
    group.bench_function("verify", |b| {
        b.to_async(&rt).iter_batched(
            || keys.sign("user", "session", now_ms() / 1000, i64::MAX, PWD).unwrap().0,
            |token| async move { keys.verify(black_box(&token)).await.unwrap() },
            BatchSize::SmallInput,
        )
    });
    // The same token again (every later call of its lifetime): remembered.
    let (token, _) = state.keys().sign("user", "session", now_ms() / 1000, i64::MAX, PWD).unwrap();
    group.bench_function("verify_remembered", |b| {
        b.to_async(&rt).iter(|| async { state.keys().verify(black_box(&token)).await.unwrap() })
    });
    group.finish();
}

/// Rotations of `sessions` sessions of one user, all at once, per iteration;
/// each presents the token its previous rotation issued, so every one takes
/// the real path: look up, sign, swap, commit. With one session this is the
/// latency of a rotation; with many, the throughput of concurrent ones
/// (which SQLite group-commits).
fn rotation_on(c: &mut Criterion, name: &str, database_url: &str, sessions: usize) {
    let rt = runtime();
    let state = rt.block_on(state(database_url));
    let email = Email::parse(&format!("{name}@bench.test")).unwrap();
    let password = Password::parse("correct horse battery staple".into()).unwrap();
    let first = rt.block_on(state.create_confirmed(&email, password, &client())).expect("register");
    let mut chains = vec![first.refresh_token];
    while chains.len() < sessions {
        let more = rt.block_on(state.open_session(first.user.clone(), &client())).expect("open a session");
        chains.push(more.refresh_token);
    }
    // The newest token of each session, carried from one batch of iterations to the next.
    let chains = Arc::new(Mutex::new(chains));
    let mut group = c.benchmark_group("refresh_rotation");
    group.throughput(Throughput::Elements(sessions as u64));
    group.bench_function(name, |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (state, chains) = (state.clone(), chains.clone());
            async move {
                let client = client();
                let mut current: Vec<RefreshToken> = std::mem::take(&mut *chains.lock().unwrap());
                let start = Instant::now();
                for _ in 0..iters {
                    let next = join_all(current.iter().map(|token| state.refresh(Some(token), None, &client))).await;
                    current = next.into_iter().map(|n| n.expect("rotation").refresh_token).collect();
                }
                let elapsed = start.elapsed();
                *chains.lock().unwrap() = current;
                elapsed
            }
        })
    });
    group.finish();
}

fn rotation(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}/bench.db", dir.path().display());
    rotation_on(c, "sqlite", &sqlite, 1);
    rotation_on(c, &format!("sqlite_x{CONCURRENT}"), &sqlite, CONCURRENT);
    match std::env::var("KEYCARD_TEST_POSTGRES_URL") {
        Ok(url) => {
            rotation_on(c, "postgres", &url, 1);
            rotation_on(c, &format!("postgres_x{CONCURRENT}"), &url, CONCURRENT);
        }
        Err(_) => eprintln!("refresh_rotation/postgres skipped: KEYCARD_TEST_POSTGRES_URL is not set (use `make bench`)"),
    }
}

fn passwords(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let state = rt.block_on(state(&format!("sqlite://{}/bench.db", dir.path().display())));
    let password = Password::parse("correct horse battery staple".into()).unwrap();
    let mut group = c.benchmark_group("password");
    group.sample_size(20);
    group.bench_function("hash_default_cost", |b| {
        b.to_async(&rt).iter(|| async { state.passwords().hash(black_box(&password)).await.unwrap() })
    });
    group.finish();
}

criterion_group!(benches, tokens, rotation, passwords);
criterion_main!(benches);
