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
//! `benches/hot_paths.rs` left, audits the first load of `/login` and
//! `/account` with Lighthouse ([`lighthouse`]), then prints one table and writes it, with the
//! machine and the command, to BENCHMARKS.md.
//!
//! [`seed`] fills the database, [`server`] runs the binary, [`wrk`] drives
//! the scripts in `scripts/`, [`scenarios`] is what is measured and
//! [`report`] writes BENCHMARKS.md with its targets.

mod lighthouse;
mod report;
mod scenarios;
mod seed;
mod server;
mod wrk;

use std::{fs, path::PathBuf, process::Command};

use report::{Report, criterion_estimates, machine, wasm_sizes};
use scenarios::run_backend;
use seed::{argon2_rate, fresh_postgres};

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
    let mut audits = Vec::new();
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
        audits.extend(run.audits);
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
        audits,
    };
    let text = report.render();
    println!("{text}");
    fs::write(root.join("BENCHMARKS.md"), text).unwrap();
    println!("written to BENCHMARKS.md");
}
