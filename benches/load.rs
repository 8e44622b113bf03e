//! The load run of `make bench`: the release binary built by `make site`,
//! driven by wrk over loopback, on SQLite and on PostgreSQL.
//!
//! For each backend it seeds a fresh database, starts `target/release/keycard`
//! with production defaults (argon2 at the configured cost, access tokens of
//! 15 minutes), and measures throughput and p50/p99 latency of:
//! authenticated `POST /api/auth/me`, `POST /api/auth/refresh` (every request
//! rotates a different session), `POST /api/auth/login`, and the server-side
//! render of `/account`, idle and during a login storm; `/healthz` while
//! registrations with crafted passwords (the strength estimator's worst case)
//! arrive; and sign-ins while pages keep every core busy. It counts the page
//! renders the watchdog had to restart, and reads the
//! process' RSS, the release WASM sizes, and the criterion estimates that
//! `benches/hot_paths.rs` left, then prints one table and writes it, with the
//! machine and the command, to BENCHMARKS.md.

use std::{
    collections::HashMap,
    fmt::Write as _,
    fs,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use base64::{Engine, engine::general_purpose::STANDARD};
use keycard::{
    auth::Password,
    server::{AppState, Config, sessions::ClientInfo},
};

const SECRET: [u8; 32] = [11; 32];
const PASSWORD: &str = "correct horse battery staple";
/// Refresh tokens minted per backend; each is presented exactly once.
const REFRESH_POOL: usize = 60_000;
const RUN: Duration = Duration::from_secs(8);
/// Accounts the sign-in scenarios take turns with.
const SIGN_IN_ACCOUNTS: usize = 256;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let binary = root.join("target/release/keycard");
    let site = root.join("target/site");
    if !binary.exists() || !site.join("pkg").exists() {
        eprintln!("load: {} or target/site is missing: run `make bench` (it builds the site first)", binary.display());
        std::process::exit(2);
    }
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("load: wrk is not installed: run `make bench` (it installs it)");
        std::process::exit(2);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    // Kept after the run (and after a failure): server logs and wrk scripts.
    let work = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from).join("load-run");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).unwrap();

    let hash_rate = runtime.block_on(argon2_rate());
    let mut rows = Vec::new();
    let mut memory = Vec::new();
    let mut stalls = Vec::new();
    let mut backends = vec![("SQLite", format!("sqlite://{}/load.db", work.display()))];
    match std::env::var("KEYCARD_TEST_POSTGRES_URL") {
        Ok(admin) => backends.push(("PostgreSQL", runtime.block_on(fresh_postgres(&admin)))),
        Err(_) => eprintln!("load: KEYCARD_TEST_POSTGRES_URL is not set; PostgreSQL skipped (use `make bench`)"),
    }
    for (backend, url) in &backends {
        let dir = work.join(backend);
        fs::create_dir_all(&dir).unwrap();
        let run = runtime.block_on(run_backend(backend, url, &binary, &site, &dir));
        memory.push((*backend, run.idle_rss_kib, run.loaded_rss_kib));
        stalls.push((*backend, run.stalled_renders));
        rows.extend(run.rows);
    }

    let report = Report {
        machine: machine(),
        hash_rate,
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        rows,
        memory,
        stalls,
        micro: criterion_estimates(&root),
        wasm: wasm_sizes(&site),
    };
    let text = report.render();
    println!("{text}");
    fs::write(root.join("BENCHMARKS.md"), text).unwrap();
    println!("written to BENCHMARKS.md");
}

/// What the argon2 cost alone allows: hashes per second through the
/// server's own hashing threads with every one of them busy, measured in this
/// process before any server runs.
async fn argon2_rate() -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let state = state(&format!("sqlite://{}/hash.db", dir.path().display()), 0).await;
    let password = Password::parse(PASSWORD.into()).unwrap();
    let n = 60;
    let start = Instant::now();
    let all = (0..n).map(|_| state.passwords.hash(&password));
    for hashed in futures::future::join_all(all).await {
        hashed.unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn env_for(database_url: &str, port: u16) -> HashMap<&'static str, String> {
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

async fn state(database_url: &str, port: u16) -> AppState {
    let vars = env_for(database_url, port);
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("benchmark configuration");
    let options = leptos::config::get_configuration(Some(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))).unwrap().leptos_options;
    AppState::build(config, options).await.expect("state builds")
}

async fn fresh_postgres(admin: &str) -> String {
    let pool = sqlx::PgPool::connect(admin).await.expect("connect to the benchmark PostgreSQL");
    sqlx::query("DROP DATABASE IF EXISTS keycard_load").execute(&pool).await.unwrap();
    sqlx::query("CREATE DATABASE keycard_load").execute(&pool).await.unwrap();
    pool.close().await;
    format!("{}/keycard_load", admin.rsplit_once('/').unwrap().0)
}

struct Seeded {
    access: String,
    refresh: String,
}

/// Users and sessions written straight through the storage layer, as the
/// server would have: one account to read pages and `me` with, one to sign in
/// with, and `REFRESH_POOL` sessions whose tokens go to the refresh scenario.
async fn seed(database_url: &str, port: u16, dir: &Path, threads: usize) -> Seeded {
    let state = state(database_url, port).await;
    let client = ClientInfo { ip: "127.0.0.1".into(), user_agent: "keycard-bench".into(), device: None };
    let reader = state.register("reader@bench.test", PASSWORD.into(), &client).await.expect("register reader");
    // Sign-in load comes from many accounts, as it would in life: a burst of
    // concurrent attempts on one account trips its brute-force delays.
    for batch in (0..SIGN_IN_ACCOUNTS).collect::<Vec<_>>().chunks(16) {
        let emails: Vec<String> = batch.iter().map(|i| format!("user{i}@bench.test")).collect();
        let made = emails.iter().map(|email| state.register(email, PASSWORD.into(), &client));
        for made in futures::future::join_all(made).await {
            made.expect("register a sign-in account");
        }
    }
    let pool_owner = state.register("refresh@bench.test", PASSWORD.into(), &client).await.expect("register");

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
    state.store.close().await;
    Seeded { access: reader.access_token, refresh: reader.refresh_token.expose().to_owned() }
}

struct Server {
    child: Child,
    origin: String,
}

impl Server {
    async fn start(binary: &Path, site: &Path, database_url: &str, port: u16, dir: &Path) -> Self {
        let log = fs::File::create(dir.join("server.log")).unwrap();
        let child = Command::new(binary)
            .envs(env_for(database_url, port))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", site)
            .env("LEPTOS_OUTPUT_NAME", "keycard")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("start the release binary");
        let server = Self { child, origin: format!("http://127.0.0.1:{port}") };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = http.get(format!("{}/readyz", server.origin)).send().await {
                if r.status().is_success() {
                    return server;
                }
            }
            assert!(Instant::now() < deadline, "the server did not become ready; see {}", dir.join("server.log").display());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn rss_kib(&self) -> u64 {
        let status = fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// One wrk run: what to send, with how many connections.
struct Load {
    threads: usize,
    connections: usize,
    /// Lua that sets up the request (static `wrk.*` fields or a `request()`).
    script: String,
    path: &'static str,
}

#[derive(Clone, Copy)]
struct Measured {
    requests: u64,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
    failed: u64,
}

impl Measured {
    /// Successful requests per second (failures are reported apart).
    fn per_second(&self) -> f64 {
        self.requests.saturating_sub(self.failed) as f64 / self.seconds
    }
}

/// Each script reports through this `done`, in one line the harness parses.
const REPORT_LUA: &str = r#"
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("KEYCARD-RESULT %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status + e.connect + e.read + e.write + e.timeout))
end
"#;

fn wrk(load: &Load, origin: &str, dir: &Path, name: &str, seconds: u64) -> std::process::Child {
    let slug: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let script = dir.join(format!("{slug}.lua"));
    fs::write(&script, format!("{}\n{REPORT_LUA}", load.script)).unwrap();
    Command::new("wrk")
        .arg(format!("-t{}", load.threads))
        .arg(format!("-c{}", load.connections))
        .arg(format!("-d{seconds}s"))
        .arg("--timeout=10s")
        .arg("-s")
        .arg(&script)
        .arg(format!("{origin}{}", load.path))
        .arg("--")
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run wrk")
}

fn finish(child: std::process::Child) -> Measured {
    let output = child.wait_with_output().expect("wrk finishes");
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().find_map(|l| l.strip_prefix("KEYCARD-RESULT ")).unwrap_or_else(|| panic!("wrk said:\n{text}"));
    let n: Vec<u64> = line.split_whitespace().map(|v| v.parse().unwrap()).collect();
    Measured { requests: n[0], seconds: n[1] as f64 / 1e6, p50_ms: n[2] as f64 / 1e3, p99_ms: n[3] as f64 / 1e3, failed: n[4] }
}

/// A `POST` with an empty form body, signed in by `cookie`.
fn signed_in_post(cookie: &str) -> String {
    format!(
        "wrk.method = \"POST\"\nwrk.body = \"\"\n\
         wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n\
         wrk.headers[\"Cookie\"] = \"{cookie}\"\n"
    )
}

/// Numbers the wrk threads: each sees its own `id` (0, 1, …).
const THREAD_IDS_LUA: &str = r#"
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
"#;

/// Each wrk thread reads its own file of refresh tokens and presents each
/// token once: every request is a real rotation of a different session.
const REFRESH_LUA: &str = r#"
local tokens, next_token = {}, 1
function init(args)
  for line in io.lines(args[1] .. "/tokens-" .. id .. ".txt") do tokens[#tokens + 1] = line end
end
function request()
  local token = tokens[next_token] or "pool-exhausted"
  next_token = next_token + 1
  return wrk.format("POST", "/api/auth/refresh", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "keycard_rt=" .. token,
  }, "")
end
"#;

/// Each wrk thread signs in with its own share of the accounts, in turn, so
/// no account has two attempts in flight at once.
const LOGIN_LUA: &str = r#"
local n = 0
function request()
  local account = id * ACCOUNTS_PER_THREAD + n % ACCOUNTS_PER_THREAD
  n = n + 1
  return wrk.format("POST", "/api/auth/login", { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "email=user" .. account .. "%40bench.test&password=PASSWORD_FORM")
end
"#;

struct BackendRun {
    rows: Vec<Row>,
    idle_rss_kib: u64,
    loaded_rss_kib: u64,
    /// Page renders the watchdog found stalled (`page render stalled` lines).
    stalled_renders: usize,
}

/// Registrations whose password is zxcvbn's worst case: 100 characters of
/// l33t substitutions, each with a new address.
const CRAFTED_LUA: &str = r#"
local n = 0
function request()
  n = n + 1
  return wrk.format("POST", "/api/auth/register", { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "email=crafted" .. id .. "-" .. n .. "%40bench.test&password=CRAFTED_FORM")
end
"#;

struct Row {
    backend: &'static str,
    what: &'static str,
    connections: usize,
    measured: Measured,
}

async fn run_backend(backend: &'static str, url: &str, binary: &Path, site: &Path, dir: &Path) -> BackendRun {
    let threads = 2;
    eprintln!("load: seeding {backend} ({REFRESH_POOL} sessions)…");
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let seeded = seed(url, port, dir, threads).await;
    let server = Server::start(binary, site, url, port, dir).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss_kib = server.rss_kib();
    let signed_in = format!("keycard_at={}; keycard_rt={}", seeded.access, seeded.refresh);

    let me = Load { threads, connections: 32, script: signed_in_post(&signed_in), path: "/api/auth/me" };
    let refresh = Load { threads, connections: 32, script: format!("{THREAD_IDS_LUA}{REFRESH_LUA}"), path: "/api/auth/refresh" };
    let login_script = format!("{THREAD_IDS_LUA}{LOGIN_LUA}")
        .replace("ACCOUNTS_PER_THREAD", &(SIGN_IN_ACCOUNTS / threads).to_string())
        .replace("PASSWORD_FORM", &PASSWORD.replace(' ', "+"));
    let login = Load { threads, connections: 16, script: login_script, path: "/api/auth/login" };
    let page = |connections| Load {
        threads: 1,
        connections,
        script: format!("wrk.headers[\"Cookie\"] = \"{signed_in}\"\n"),
        path: "/account",
    };

    let mut rows = Vec::new();
    let mut measure = |what, load: &Load| {
        eprintln!("load: {backend}: {what}…");
        let measured = finish(wrk(load, &server.origin, dir, what, RUN.as_secs()));
        rows.push(Row { backend, what, connections: load.connections, measured });
    };
    measure("POST /api/auth/me", &me);
    measure("POST /api/auth/refresh (distinct sessions)", &refresh);
    measure("GET /account (SSR)", &page(32));
    measure("GET /account (SSR), idle", &page(4));
    measure("POST /api/auth/login", &login);

    // The storm: logins saturate the hashing pool while pages are read.
    eprintln!("load: {backend}: /account during a login storm…");
    // The storm outlasts the page run on both ends.
    let storm = wrk(&login, &server.origin, dir, "storm", RUN.as_secs() + 1);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let during = finish(wrk(&page(4), &server.origin, dir, "storm-page", RUN.as_secs() - 1));
    let storm = finish(storm);
    rows.push(Row { backend, what: "GET /account (SSR), login storm", connections: 4, measured: during });
    rows.push(Row { backend, what: "POST /api/auth/login, the storm", connections: 16, measured: storm });

    // An attacker's registrations with crafted passwords, while a monitor
    // polls /healthz: the estimator must not stall the async workers.
    eprintln!("load: {backend}: /healthz during crafted registrations…");
    let crafted_password: String = url::form_urlencoded::byte_serialize("4@8({[<3691!|70$5+%2".repeat(5).as_bytes()).collect();
    let crafted = Load {
        threads: 1,
        connections: 4,
        script: format!("{THREAD_IDS_LUA}{CRAFTED_LUA}").replace("CRAFTED_FORM", &crafted_password),
        path: "/api/auth/register",
    };
    let health = Load { threads: 1, connections: 4, script: String::new(), path: "/healthz" };
    let attack = wrk(&crafted, &server.origin, dir, "crafted", RUN.as_secs() + 1);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let polled = finish(wrk(&health, &server.origin, dir, "healthz-crafted", RUN.as_secs() - 1));
    let attack = finish(attack);
    rows.push(Row { backend, what: "GET /healthz, crafted registrations", connections: 4, measured: polled });
    rows.push(Row { backend, what: "POST /api/auth/register, crafted passwords", connections: 4, measured: attack });

    // One user signing in, again and again, while pages keep every core busy.
    eprintln!("load: {backend}: sign-ins under sustained page load…");
    let one_user = Load { threads: 1, connections: 1, script: login.script.clone(), path: "/api/auth/login" };
    let pages = wrk(&page(32), &server.origin, dir, "sustained-pages", RUN.as_secs() + 1);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let signing_in = finish(wrk(&one_user, &server.origin, dir, "signin-under-pages", RUN.as_secs() - 1));
    let pages = finish(pages);
    rows.push(Row { backend, what: "POST /api/auth/login, sustained page load", connections: 1, measured: signing_in });
    rows.push(Row { backend, what: "GET /account (SSR), sustained, with sign-ins", connections: 32, measured: pages });

    let loaded_rss_kib = server.rss_kib();
    let log = fs::read_to_string(dir.join("server.log")).unwrap_or_default();
    let stalled_renders = log.lines().filter(|l| l.contains("page render stalled")).count();
    BackendRun { rows, idle_rss_kib, loaded_rss_kib, stalled_renders }
}

/// Median time per iteration (ns) of each criterion benchmark this run left.
fn criterion_estimates(root: &Path) -> Vec<(String, f64)> {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let base = target.join("criterion");
    let mut found = Vec::new();
    for (group, name) in [
        ("access_token", "sign"),
        ("access_token", "verify"),
        ("access_token", "verify_remembered"),
        ("refresh_rotation", "sqlite"),
        ("refresh_rotation", "sqlite_x32"),
        ("refresh_rotation", "postgres"),
        ("refresh_rotation", "postgres_x32"),
        ("password", "hash_default_cost"),
    ] {
        let path = base.join(group).join(name).join("new/estimates.json");
        let Ok(text) = fs::read_to_string(&path) else { continue };
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        // The concurrent cases time 32 rotations per iteration.
        let per_iteration = name.rsplit_once("_x").and_then(|(_, n)| n.parse::<f64>().ok()).unwrap_or(1.0);
        if let Some(ns) = json["median"]["point_estimate"].as_f64() {
            found.push((format!("{group}/{name}"), ns / per_iteration));
        }
    }
    found
}

struct Wasm {
    raw: u64,
    gzip: Option<u64>,
    brotli: Option<u64>,
}

fn wasm_sizes(site: &Path) -> Wasm {
    let wasm = site.join("pkg/keycard.wasm");
    let size = |p: PathBuf| fs::metadata(p).ok().map(|m| m.len());
    Wasm {
        raw: size(wasm.clone()).unwrap_or(0),
        gzip: size(wasm.with_extension("wasm.gz")),
        brotli: size(wasm.with_extension("wasm.br")),
    }
}

fn machine() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| t.lines().find_map(|l| l.strip_prefix("model name").map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())))
        .unwrap_or_else(|| "unknown CPU".into());
    let memory = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| t.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<u64>().unwrap_or(0)))
        .unwrap_or(0);
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{cores} × {cpu}, {:.0} GiB memory, Linux {}", memory as f64 / 1048576.0, kernel.trim())
}

struct Report {
    machine: String,
    /// Hashes per second with every hashing thread busy.
    hash_rate: f64,
    cores: usize,
    rows: Vec<Row>,
    memory: Vec<(&'static str, u64, u64)>,
    /// Page renders the watchdog restarted, per backend.
    stalls: Vec<(&'static str, usize)>,
    micro: Vec<(String, f64)>,
    wasm: Wasm,
}

impl Report {
    fn find(&self, backend: &str, what: &str) -> Option<&Measured> {
        self.rows.iter().find(|r| r.backend == backend && r.what == what).map(|r| &r.measured)
    }

    fn render(&self) -> String {
        let mut out = String::new();
        let w = &mut out;
        writeln!(w, "# keycard benchmarks\n").unwrap();
        writeln!(w, "Produced by `make bench` (criterion micro-benchmarks in `benches/hot_paths.rs`, then the").unwrap();
        writeln!(w, "load run in `benches/load.rs`: wrk against `target/release/keycard` over loopback). The").unwrap();
        writeln!(w, "server and the load generator share the machine. Every figure below is from the last run.\n").unwrap();
        writeln!(w, "- Machine: {}", self.machine).unwrap();
        writeln!(w, "- Server settings: production defaults (argon2id m=19456 KiB, t=2, p=1; 15 min access tokens);").unwrap();
        writeln!(w, "  SQLite in WAL mode with `synchronous=FULL`, so every rotation is on disk before it is answered.").unwrap();
        writeln!(w, "- Load: wrk, {}s per scenario; `/api/auth/refresh` presents each of {REFRESH_POOL} pre-made", RUN.as_secs()).unwrap();
        writeln!(w, "  sessions' tokens once, so every request is a rotation of a different session.\n").unwrap();

        writeln!(w, "## Load (HTTP, release binary)\n").unwrap();
        writeln!(w, "| backend | request | connections | requests/s | p50 ms | p99 ms | failed |").unwrap();
        writeln!(w, "|---|---|---:|---:|---:|---:|---:|").unwrap();
        for r in &self.rows {
            let m = &r.measured;
            writeln!(
                w,
                "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {} |",
                r.backend, r.what, r.connections, m.per_second(), m.p50_ms, m.p99_ms, m.failed
            )
            .unwrap();
        }

        writeln!(w, "\n## Micro-benchmarks (criterion, median per operation)\n").unwrap();
        writeln!(w, "`_x32`: 32 sessions rotated at once, time per rotation (the machine's {} cores).\n", self.cores).unwrap();
        writeln!(w, "| benchmark | time | per second |").unwrap();
        writeln!(w, "|---|---:|---:|").unwrap();
        for (name, ns) in &self.micro {
            writeln!(w, "| {name} | {} | {:.0} |", human_time(*ns), 1e9 / ns).unwrap();
        }

        writeln!(w, "\n## Size and memory\n").unwrap();
        writeln!(w, "| what | size |").unwrap();
        writeln!(w, "|---|---:|").unwrap();
        let kb = |b: Option<u64>| b.map_or_else(|| "not built".to_owned(), |b| format!("{:.1} KB", b as f64 / 1000.0));
        writeln!(w, "| release WASM, raw | {} |", kb(Some(self.wasm.raw))).unwrap();
        writeln!(w, "| release WASM, gzip -9 (served) | {} |", kb(self.wasm.gzip)).unwrap();
        writeln!(w, "| release WASM, brotli -q 11 (served) | {} |", kb(self.wasm.brotli)).unwrap();
        for (backend, idle, loaded) in &self.memory {
            writeln!(w, "| RSS on {backend}, idle after start | {:.1} MB |", *idle as f64 / 1024.0).unwrap();
            writeln!(w, "| RSS on {backend}, after the load run | {:.1} MB |", *loaded as f64 / 1024.0).unwrap();
        }

        writeln!(w, "\n## Against the targets\n").unwrap();
        writeln!(w, "| target | figure | met |").unwrap();
        writeln!(w, "|---|---|:---:|").unwrap();
        let mut check = |target: &str, figure: String, met: bool| {
            writeln!(w, "| {target} | {figure} | {} |", if met { "yes" } else { "no" }).unwrap();
        };
        if let Some((_, ns)) = self.micro.iter().find(|(n, _)| n == "refresh_rotation/sqlite") {
            let one = 1e9 / ns;
            check(
                "rotation ≥ 2,400/s, one at a time (each waits for its own fsync), SQLite",
                format!("{one:.0}/s one after another (criterion)"),
                one >= 2400.0,
            );
        }
        if let Some((_, ns)) = self.micro.iter().find(|(n, _)| n == "refresh_rotation/sqlite_x32") {
            let per_core = 1e9 / ns / self.cores as f64;
            check(
                "rotation ≥ 2,400/s per core, SQLite, durable",
                format!("{:.0}/s 32 at once ÷ {} cores = {per_core:.0}/s (criterion)", 1e9 / ns, self.cores),
                per_core >= 2400.0,
            );
        }
        if let Some(m) = self.find("SQLite", "POST /api/auth/refresh (distinct sessions)") {
            let per_core = m.per_second() / self.cores as f64;
            check("rotation over HTTP, per core, SQLite", format!("{:.0}/s ÷ {} cores = {per_core:.0}/s", m.per_second(), self.cores), per_core >= 2400.0);
        }
        for backend in ["SQLite", "PostgreSQL"] {
            if let Some(m) = self.find(backend, "POST /api/auth/me") {
                check(&format!("`/api/auth/me` ≥ 10,000/s ({backend})"), format!("{:.0}/s", m.per_second()), m.per_second() >= 10_000.0);
            }
        }
        let bound = self.hash_rate;
        for backend in ["SQLite", "PostgreSQL"] {
            if let Some(m) = self.find(backend, "POST /api/auth/login") {
                let share = m.per_second() / bound;
                check(
                    &format!("login ≥ 90% of the argon2 bound ({backend})"),
                    format!(
                        "{:.1}/s of {bound:.1} hashes/s (all hashing threads busy, same run) = {:.0}%",
                        m.per_second(),
                        share * 100.0
                    ),
                    share >= 0.9,
                );
            }
        }
        for backend in ["SQLite", "PostgreSQL"] {
            if let (Some(idle), Some(storm)) =
                (self.find(backend, "GET /account (SSR), idle"), self.find(backend, "GET /account (SSR), login storm"))
            {
                let ratio = storm.p99_ms / idle.p99_ms;
                check(
                    &format!("`/account` p99 in a login storm ≤ 3× idle ({backend})"),
                    format!("{:.2} ms vs {:.2} ms = {ratio:.1}×", storm.p99_ms, idle.p99_ms),
                    ratio <= 3.0,
                );
            }
        }
        for backend in ["SQLite", "PostgreSQL"] {
            if let (Some(idle), Some(crafted)) =
                (self.find(backend, "GET /account (SSR), idle"), self.find(backend, "GET /healthz, crafted registrations"))
            {
                check(
                    &format!("`/healthz` p99 during crafted registrations ≤ 50 ms ({backend})"),
                    format!("{:.2} ms (idle page p99 {:.2} ms)", crafted.p99_ms, idle.p99_ms),
                    crafted.p99_ms <= 50.0,
                );
            }
            if let Some(m) = self.find(backend, "POST /api/auth/login, sustained page load") {
                check(
                    &format!("sign-in p99 under sustained page load ≤ 2 s ({backend})"),
                    format!("{:.0} ms ({:.1} sign-ins/s, {} failed)", m.p99_ms, m.per_second(), m.failed),
                    m.p99_ms <= 2000.0 && m.requests > 0,
                );
            }
        }
        for (backend, stalled) in &self.stalls {
            check(&format!("page renders that stalled ({backend})"), format!("{stalled}"), *stalled == 0);
        }
        if let Some(br) = self.wasm.brotli {
            check("release WASM ≤ 160 KB brotli", kb(Some(br)), br <= 160_000);
        }
        for (backend, idle, _) in &self.memory {
            check(&format!("RSS ≤ 40 MB idle ({backend})"), format!("{:.1} MB", *idle as f64 / 1024.0), *idle <= 40 * 1024);
        }
        out
    }
}

fn human_time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}
