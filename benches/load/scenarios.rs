//! What one backend's run measures, in order. Each scenario has a name; the
//! report finds figures by these names.

use std::{net::TcpListener, path::Path, time::Duration};

use crate::{
    lighthouse::{self, Audit},
    seed::{PASSWORD, REFRESH_POOL, SIGN_IN_ACCOUNTS, env_for, seed},
    server::Server,
    wrk::{self, Load, Measured},
};

/// How long each scenario runs.
pub const RUN: Duration = Duration::from_secs(8);

pub const ME: &str = "POST /api/auth/me";
pub const REFRESH: &str = "POST /api/auth/refresh (distinct sessions)";
pub const PAGE: &str = "GET /account (SSR)";
pub const PAGE_IDLE: &str = "GET /account (SSR), idle";
pub const LOGIN: &str = "POST /api/auth/login";
pub const PAGE_IN_STORM: &str = "GET /account (SSR), login storm";
pub const STORM: &str = "POST /api/auth/login, the storm";
pub const HEALTHZ_CRAFTED: &str = "GET /healthz, crafted registrations";
pub const CRAFTED: &str = "POST /api/auth/register, crafted passwords";
pub const SIGN_IN_UNDER_PAGES: &str = "POST /api/auth/login, sustained page load";
pub const PAGES_WITH_SIGN_INS: &str = "GET /account (SSR), sustained, with sign-ins";

pub struct Row {
    pub backend: &'static str,
    pub what: &'static str,
    pub connections: usize,
    pub measured: Measured,
}

pub struct BackendRun {
    pub rows: Vec<Row>,
    pub idle_rss_kib: u64,
    pub loaded_rss_kib: u64,
    /// Page renders the watchdog found stalled (`page render stalled` lines).
    pub stalled_renders: usize,
    /// Lighthouse's first-load audits of `/login` and `/account` (SQLite's run only).
    pub audits: Vec<Audit>,
}

/// Seeds `url`, starts the server on it and runs every scenario.
pub async fn run_backend(backend: &'static str, url: &str, binary: &Path, site: &Path, dir: &Path) -> BackendRun {
    let threads = 2;
    eprintln!("load: seeding {backend} ({REFRESH_POOL} sessions)…");
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let seeded = seed(url, port, dir, threads).await;
    let server = Server::start(binary, site, env_for(url, port), port, dir).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss_kib = server.rss_kib();
    let cookie = format!("keycard_at={}; keycard_rt={}", seeded.access, seeded.refresh);
    let signed_in = [("COOKIE", cookie.as_str())];

    // First load, on the idle server: the backend does not change what the
    // browser gets, so one backend's pages are audited.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut audits = Vec::new();
    if backend == "SQLite" && lighthouse::installed(root) {
        for (page, cookie) in [("/login", None), ("/account", Some(cookie.as_str()))] {
            eprintln!("load: {backend}: lighthouse on {page}…");
            audits.extend(lighthouse::audit(root, &server.origin, page, cookie, dir));
        }
    }

    let me = Load { threads, connections: 32, script: wrk::script(&[wrk::SIGNED_IN_POST], &signed_in), path: "/api/auth/me" };
    let refresh =
        Load { threads, connections: 32, script: wrk::script(&[wrk::THREAD_IDS, wrk::REFRESH], &[]), path: "/api/auth/refresh" };
    let per_thread = (SIGN_IN_ACCOUNTS / threads).to_string();
    let password_form = PASSWORD.replace(' ', "+");
    let login_script = wrk::script(
        &[wrk::THREAD_IDS, wrk::LOGIN],
        &[("ACCOUNTS_PER_THREAD", &per_thread), ("PASSWORD_FORM", &password_form)],
    );
    let login = Load { threads, connections: 16, script: login_script, path: "/api/auth/login" };
    let page = |connections| Load {
        threads: 1,
        connections,
        script: wrk::script(&[wrk::SIGNED_IN_PAGE], &signed_in),
        path: "/account",
    };
    let run = |load: &Load, name: &str, seconds: u64| wrk::start(load, &server.origin, dir, name, seconds);
    // A scenario that runs while `background` loads the server: the
    // background starts first and outlasts it on both ends.
    let during = |background: &Load, name: &str, foreground: &Load| {
        let behind = run(background, &format!("{name}-background"), RUN.as_secs() + 1);
        std::thread::sleep(Duration::from_millis(500));
        let measured = wrk::finish(run(foreground, name, RUN.as_secs() - 1));
        (measured, wrk::finish(behind))
    };

    let mut rows = Vec::new();
    let mut row = |what, connections, measured| rows.push(Row { backend, what, connections, measured });
    for (what, load) in [(ME, &me), (REFRESH, &refresh), (PAGE, &page(32)), (PAGE_IDLE, &page(4)), (LOGIN, &login)] {
        eprintln!("load: {backend}: {what}…");
        row(what, load.connections, wrk::finish(run(load, what, RUN.as_secs())));
    }

    // The storm: logins saturate the hashing pool while pages are read.
    eprintln!("load: {backend}: /account during a login storm…");
    let (pages, storm) = during(&login, "storm-page", &page(4));
    row(PAGE_IN_STORM, 4, pages);
    row(STORM, login.connections, storm);

    // An attacker's registrations with crafted passwords, while a monitor
    // polls /healthz: the estimator must not stall the async workers.
    eprintln!("load: {backend}: /healthz during crafted registrations…");
    let crafted_password: String = url::form_urlencoded::byte_serialize("4@8({[<3691!|70$5+%2".repeat(5).as_bytes()).collect();
    let crafted = Load {
        threads: 1,
        connections: 4,
        script: wrk::script(&[wrk::THREAD_IDS, wrk::CRAFTED], &[("PASSWORD_FORM", &crafted_password)]),
        path: "/api/auth/register",
    };
    let health = Load { threads: 1, connections: 4, script: String::new(), path: "/healthz" };
    let (polled, attack) = during(&crafted, "healthz-crafted", &health);
    row(HEALTHZ_CRAFTED, 4, polled);
    row(CRAFTED, 4, attack);

    // One user signing in, again and again, while pages keep every core busy.
    eprintln!("load: {backend}: sign-ins under sustained page load…");
    let one_user = Load { threads: 1, connections: 1, script: login.script.clone(), path: "/api/auth/login" };
    let (signing_in, pages) = during(&page(32), "signin-under-pages", &one_user);
    row(SIGN_IN_UNDER_PAGES, 1, signing_in);
    row(PAGES_WITH_SIGN_INS, 32, pages);

    let loaded_rss_kib = server.rss_kib();
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
    let stalled_renders = log.lines().filter(|l| l.contains("page render stalled")).count();
    BackendRun { rows, idle_rss_kib, loaded_rss_kib, stalled_renders, audits }
}
