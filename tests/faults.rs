//! Faults: the `keycard` binary as a real process, killed, interrupted and
//! deprived of its database. These tests stop and start the PostgreSQL
//! cluster they are given, so they run in their own binary, one at a time,
//! on a cluster of their own (`make test-faults`).

#[allow(dead_code)]
#[path = "api/support.rs"]
mod support;
#[allow(dead_code)]
#[path = "api/process.rs"]
mod process;

use std::{
    process::Command,
    sync::Arc,
    time::{Duration, Instant},
};

use base64::{Engine, engine::general_purpose::STANDARD};
use process::*;
use support::*;

#[tokio::test(flavor = "multi_thread")]
async fn invalid_configuration_stops_startup_with_one_clear_line() {
    for (var, value) in [
        ("KEYCARD_ACCESS_TTL", "soon"),
        ("DATABASE_URL", "mysql://localhost/x"),
        ("KEYCARD_ARGON2", "m=lots"),
        ("KEYCARD_SECRET", "c2hvcnQ="),
    ] {
        let output = keycard(&[], &[(var, value), ("DATABASE_URL", if var == "DATABASE_URL" { value } else { "sqlite::memory:" })])
            .output()
            .unwrap();
        assert!(!output.status.success(), "{var}={value} must stop startup");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("keycard:")).collect();
        assert_eq!(lines.len(), 1, "{var}: {stderr}");
        assert!(lines[0].contains(var), "{var}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn production_refuses_to_start_without_a_secret() {
    let output = keycard(&[], &[("KEYCARD_ENV", "production"), ("DATABASE_URL", "sqlite::memory:")]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("keycard: KEYCARD_SECRET: required when KEYCARD_ENV=production"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn help_and_migrate_commands_work() {
    let help = keycard(&["--help"], &[]).output().unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(help.status.success());
    for command in ["serve", "migrate", "keys"] {
        assert!(text.contains(command), "{text}");
    }
    let (url, _dir) = fresh_database(Backend::Sqlite).await;
    let secret = STANDARD.encode(SECRET_BYTES);
    let migrate = keycard(&["migrate"], &[("DATABASE_URL", &url), ("KEYCARD_SECRET", &secret)]).output().unwrap();
    assert!(migrate.status.success(), "{}", String::from_utf8_lossy(&migrate.stderr));
    let rotate = keycard(&["keys", "rotate"], &[("DATABASE_URL", &url), ("KEYCARD_SECRET", &secret)]).output().unwrap();
    assert!(rotate.status.success(), "{}", String::from_utf8_lossy(&rotate.stderr));
    assert!(String::from_utf8_lossy(&rotate.stdout).contains("now signing with key"));
}

#[tokio::test(flavor = "multi_thread")]
async fn logs_carry_request_ids_and_never_a_token_password_or_cookie() {
    let (url, _dir) = fresh_database(Backend::Sqlite).await;
    let mut server = Process::start(&url, &[]).await;
    let client = server.client();
    let email = unique_email();
    let new_password = "lantern orchid velvet 2031";
    let mut secrets: Vec<String> = vec![PASSWORD.into(), new_password.into(), STANDARD.encode(SECRET_BYTES)];
    let mut remember = |c: &Client| {
        for name in [AT, RT] {
            if let Some(v) = c.get_cookie(name) {
                secrets.push(v);
            }
        }
    };
    let link = register_and_verify_at(&server.origin, &client, &email, PASSWORD).await;
    remember(&client);
    assert_eq!(client.refresh().await.status, 200);
    remember(&client);
    assert_eq!(client.get("/account").await.status, 200);
    assert_eq!(client.login(&email, "a wrong password here").await.status, 401);
    let changed = client.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", new_password)]).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let reused = server.client();
    reused.set_cookie(RT, &secrets[3]);
    assert_eq!(reused.refresh().await.status, 401);
    assert_eq!(client.post("/api/auth/logout", &[]).await.status, 200);
    // Link tokens of mails are secrets too.
    secrets.push(link);

    server.signal("-TERM");
    assert!(server.wait(Duration::from_secs(10)).await, "a clean exit on SIGTERM");
    let log = server.log();
    for secret in &secrets {
        assert!(!log.contains(secret.as_str()), "a secret value reached the logs");
    }
    let requests: Vec<&str> = log.lines().filter(|l| l.contains("request{id=") && l.contains("status=")).collect();
    assert!(requests.len() >= 8, "one line per request:\n{log}");
    assert!(requests.iter().any(|l| l.contains("path=/api/auth/register") && l.contains("status=200") && l.contains("latency_ms=")));
    assert!(log.contains("shutting down"), "{log}");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_lets_in_flight_requests_finish() {
    let (url, _dir) = fresh_database(Backend::Sqlite).await;
    // A deliberately slow hash keeps several sign-ins in flight at once.
    let mut server = Process::start(&url, &[("KEYCARD_ARGON2", "m=65536,t=6,p=1")]).await;
    // One account per sign-in: concurrent sign-ins to one account from new
    // browsers run into the brute-force delays by design (tests/api/defences.rs).
    let accounts = futures::future::join_all((0..6).map(|_| signed_in_on(&server))).await;
    let clients: Vec<(Client, String)> = accounts.into_iter().map(|(_, email)| (server.client(), email)).collect();
    let logins = futures::future::join_all(clients.iter().map(|(c, email)| c.login(email, PASSWORD)));
    let signal = async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        server.signal("-TERM");
    };
    let (replies, ()) = tokio::join!(logins, signal);
    for reply in replies {
        assert_eq!(reply.status, 200, "an in-flight request was cut off");
    }
    assert!(server.wait(Duration::from_secs(20)).await);
    assert!(reqwest::get(format!("{}/healthz", server.origin)).await.is_err(), "no new connections after shutdown");
}

async fn signed_in_on(server: &Process) -> (Client, String) {
    let client = server.client();
    let email = unique_email();
    register_and_verify_at(&server.origin, &client, &email, PASSWORD).await;
    (client, email)
}

async fn kill_9_during_refresh_load(backend: Backend) {
    let (url, _dir) = fresh_database(backend).await;
    let server = Process::start(&url, &[]).await;
    let sessions: Vec<Client> = {
        let mut v = Vec::new();
        for _ in 0..12 {
            v.push(signed_in_on(&server).await.0);
        }
        v
    };
    // Each session refreshes in a loop; the last token it was *answered* is
    // what a browser would hold when the server dies.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let loops = sessions.iter().map(|client| {
        let stop = stop.clone();
        async move {
            let mut answered = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match client.try_refresh().await {
                    Some(200) => answered += 1,
                    Some(status) => panic!("refresh answered {status} during load"),
                    None => break, // the server died mid-request
                }
            }
            answered
        }
    });
    let killer = async {
        tokio::time::sleep(Duration::from_millis(800)).await;
        let mut server = server;
        let _ = server.child.kill(); // SIGKILL
        let _ = server.child.wait();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    };
    let (counts, ()) = tokio::join!(futures::future::join_all(loops), killer);
    assert!(counts.iter().sum::<u32>() > 12, "the load did run: {counts:?}");

    let restarted = Process::start(&url, &[]).await;
    for (i, client) in sessions.iter().enumerate() {
        let revived = restarted.client();
        revived.set_cookie(RT, &client.get_cookie(RT).unwrap());
        let reply = revived.refresh().await;
        assert_eq!(reply.status, 200, "session {i} lost after kill -9: {}", reply.body);
        assert_eq!(revived.me().await.status, 200);
    }
    assert_consistent(backend, &url).await;
}

/// The database after a crash: intact, no session revoked, and no session
/// whose current refresh token is also among its superseded ones (a fork).
async fn assert_consistent(backend: Backend, url: &str) {
    const FORKED: &str = "SELECT COUNT(*) FROM sessions s \
        WHERE EXISTS (SELECT 1 FROM refresh_token_history h WHERE h.token_hash = s.refresh_hash)";
    const REVOKED: &str = "SELECT COUNT(*) FROM sessions WHERE revoked_at IS NOT NULL";
    let (forked, revoked): (i64, i64) = match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.unwrap();
            assert_eq!(integrity, "ok");
            let dangling: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check").fetch_all(&pool).await.unwrap();
            assert!(dangling.is_empty(), "rows pointing nowhere: {dangling:?}");
            let counts = (
                sqlx::query_scalar(FORKED).fetch_one(&pool).await.unwrap(),
                sqlx::query_scalar(REVOKED).fetch_one(&pool).await.unwrap(),
            );
            pool.close().await;
            counts
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let counts = (
                sqlx::query_scalar(FORKED).fetch_one(&pool).await.unwrap(),
                sqlx::query_scalar(REVOKED).fetch_one(&pool).await.unwrap(),
            );
            pool.close().await;
            counts
        }
    };
    assert_eq!(forked, 0, "a session's current token is also in its history");
    assert_eq!(revoked, 0, "no session was revoked by the crash");
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_mid_load_keeps_every_answered_session_sqlite() {
    kill_9_during_refresh_load(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_mid_load_keeps_every_answered_session_postgres() {
    kill_9_during_refresh_load(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn database_outage_is_503_and_heals_by_itself() {
    let ctl = std::env::var("KEYCARD_TEST_PG_CTL").expect("run through make test-faults");
    let pg = |action: &str| assert!(Command::new(&ctl).arg(action).status().unwrap().success(), "pg {action}");
    let (url, _) = fresh_database(Backend::Postgres).await;
    let server = Process::start(&url, &[]).await;
    let (client, email) = signed_in_on(&server).await;

    pg("stop");
    let ready = server.client().get("/readyz").await;
    assert_eq!(ready.status, 503);
    let login = server.client().login(&email, PASSWORD).await;
    assert_eq!(login.status, 503, "{}", login.body);
    assert_eq!(login.json()["code"], "unavailable");
    assert!(login.json()["message"].as_str().unwrap().contains("temporarily unavailable"));
    let page = client.get("/account").await;
    assert_eq!(page.status, 503, "a page says so too");
    client.remove_cookie(AT);
    let refreshed_page = client.get("/account").await;
    assert_eq!(refreshed_page.status, 503);
    assert!(refreshed_page.body.contains("temporarily unavailable"));
    assert_eq!(server.client().get("/healthz").await.status, 200, "the process stays up");

    pg("start");
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.client().get("/readyz").await.status != 200 {
        assert!(Instant::now() < deadline, "keycard did not recover:\n{}", server.log());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(server.client().login(&email, PASSWORD).await.status, 200);
    assert_eq!(client.refresh().await.status, 200, "the session survived the outage");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_on_one_postgres_behave_as_one_service() {
    let (url, _) = fresh_database(Backend::Postgres).await;
    let env = [("KEYCARD_ACCESS_TTL", "5s"), ("KEYCARD_REFRESH_GRACE", "1s"), ("KEYCARD_LOGIN_LIMIT", "2/1m")];
    let a = Process::start(&url, &env).await;
    let b = Process::start(&url, &env).await;

    // Signed in on A, recognised on B, also for a sensitive call.
    let (on_a, email) = signed_in_on(&a).await;
    assert_eq!(b.client().with_cookies_of(&on_a).post("/api/account/sessions", &[]).await.status, 200);

    // Concurrent refreshes of one token split across A and B converge.
    let racers: Vec<Client> = (0..10).map(|i| (if i % 2 == 0 { &a } else { &b }).client().with_cookies_of(&on_a)).collect();
    let replies = futures::future::join_all(racers.iter().map(|c| c.refresh())).await;
    assert!(replies.iter().all(|r| r.status == 200));
    let tokens: std::collections::HashSet<String> = racers.iter().map(|c| c.get_cookie(RT).unwrap()).collect();
    assert_eq!(tokens.len(), 1);

    // Refresh on A, then replay the old token on B after the grace window.
    let holder = &racers[0];
    let old = holder.get_cookie(RT).unwrap();
    assert_eq!(holder.refresh().await.status, 200);
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let thief = b.client();
    thief.set_cookie(RT, &old);
    assert_eq!(thief.refresh().await.status, 401, "reuse detected on the other process");
    assert_eq!(holder.refresh().await.status, 401, "and the session is revoked for both");

    // Sign-in limits are shared.
    assert_eq!(a.client().login(&email, "wrong password one").await.status, 401);
    assert_eq!(b.client().login(&email, "wrong password two").await.status, 401);
    assert_eq!(a.client().login(&email, PASSWORD).await.status, 429);
    assert_eq!(b.client().login(&email, PASSWORD).await.status, 429);
}
