//! The database each backend's run starts from, written through the
//! authentication service as the server would have: one account to read
//! pages and `me` with, the accounts the sign-in scenarios take turns with,
//! and a pool of sessions whose refresh tokens the refresh scenario presents.

use std::{collections::HashMap, fmt::Write as _, fs, path::Path, time::Instant};

use base64::{Engine, engine::general_purpose::STANDARD};
use keycard::{
    auth::{Email, Password},
    server::{AppState, Auth, Config, client::ClientInfo},
};

const SECRET: [u8; 32] = [11; 32];
pub const PASSWORD: &str = "correct horse battery staple";
/// Refresh tokens minted per backend; each is presented exactly once.
pub const REFRESH_POOL: usize = 60_000;
/// Accounts the sign-in scenarios take turns with.
pub const SIGN_IN_ACCOUNTS: usize = 256;

/// What the argon2 cost alone allows: hashes per second through the
/// server's own hashing threads with every one of them busy, measured in this
/// process before any server runs.
pub async fn argon2_rate() -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let state = state(&format!("sqlite://{}/hash.db", dir.path().display()), 0).await;
    let password = Password::parse(PASSWORD.into()).unwrap();
    let n = 60;
    let start = Instant::now();
    let all = (0..n).map(|_| state.passwords().hash(&password));
    for hashed in futures::future::join_all(all).await {
        hashed.unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// The server's environment: production defaults, except for limits that a
/// load generator on one address would trip.
pub fn env_for(database_url: &str, port: u16) -> HashMap<&'static str, String> {
    HashMap::from([
        ("DATABASE_URL", database_url.to_owned()),
        ("KEYCARD_SECRET", STANDARD.encode(SECRET)),
        ("KEYCARD_COOKIE_SECURE", "false".to_owned()),
        // Tokens minted while seeding must carry the issuer the server checks.
        ("KEYCARD_PUBLIC_URL", format!("http://127.0.0.1:{port}")),
        // The storm signs in from one address thousands of times.
        ("KEYCARD_LOGIN_LIMIT", "1000000/1m".to_owned()),
        ("KEYCARD_REGISTER_LIMIT", "1000000/1m".to_owned()),
    ])
}

async fn state(database_url: &str, port: u16) -> Auth {
    let vars = env_for(database_url, port);
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("benchmark configuration");
    let options = leptos::config::get_configuration(Some(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))).unwrap().leptos_options;
    AppState::build(config, options).await.expect("state builds").auth
}

pub async fn fresh_postgres(admin: &str) -> String {
    let pool = sqlx::PgPool::connect(admin).await.expect("connect to the benchmark PostgreSQL");
    sqlx::query("DROP DATABASE IF EXISTS keycard_load").execute(&pool).await.unwrap();
    sqlx::query("CREATE DATABASE keycard_load").execute(&pool).await.unwrap();
    pool.close().await;
    format!("{}/keycard_load", admin.rsplit_once('/').unwrap().0)
}

pub struct Seeded {
    pub access: String,
    pub refresh: String,
}

/// Seeds `database_url`; the refresh tokens go to `tokens-<thread>.txt` in
/// `dir`, one file per wrk thread.
pub async fn seed(database_url: &str, port: u16, dir: &Path, threads: usize) -> Seeded {
    let state = state(database_url, port).await;
    let client = ClientInfo { ip: "127.0.0.1".into(), user_agent: "keycard-bench".into(), device: None, ..ClientInfo::default() };
    let register = |email: String| {
        let (state, client) = (&state, &client);
        async move {
            let email = Email::parse(&email).unwrap();
            state.create_confirmed(&email, Password::parse(PASSWORD.into()).unwrap(), client).await
        }
    };
    let reader = register("reader@bench.test".into()).await.expect("register reader");
    // Sign-in load comes from many accounts, as it would in life: a burst of
    // concurrent attempts on one account trips its brute-force delays.
    for batch in (0..SIGN_IN_ACCOUNTS).collect::<Vec<_>>().chunks(16) {
        let emails = batch.iter().map(|i| format!("user{i}@bench.test"));
        let made = emails.into_iter().map(register);
        for made in futures::future::join_all(made).await {
            made.expect("register a sign-in account");
        }
    }
    let pool_owner = register("refresh@bench.test".into()).await.expect("register");

    let mut files: Vec<String> = vec![String::new(); threads];
    let mut minted = 0;
    while minted < REFRESH_POOL {
        let batch: Vec<_> = (0..64).map(|_| state.open_session(pool_owner.user.clone(), &client)).collect();
        for issued in futures::future::join_all(batch).await {
            let issued = issued.expect("open a session");
            writeln!(files[minted % threads], "{}", issued.refresh_token.expose()).unwrap();
            minted += 1;
        }
    }
    for (i, text) in files.iter().enumerate() {
        fs::write(dir.join(format!("tokens-{i}.txt")), text).unwrap();
    }
    state.store().close().await;
    Seeded { access: reader.access_token, refresh: reader.refresh_token.expose().to_owned() }
}
