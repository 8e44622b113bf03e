//! BENCHMARKS.md: the load rows, the criterion estimates, sizes and memory,
//! and every target of `make bench` judged against this run's figures.

use std::{
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
};

use crate::{
    lighthouse::Audit,
    scenarios::{self, RUN, Row},
    seed::REFRESH_POOL,
    wrk::Measured,
};

pub struct Report {
    pub machine: String,
    /// Hashes per second with every hashing thread busy.
    pub hash_rate: f64,
    pub cores: usize,
    pub rows: Vec<Row>,
    pub memory: Vec<(&'static str, u64, u64)>,
    /// Page renders the watchdog restarted, per backend.
    pub stalls: Vec<(&'static str, usize)>,
    pub micro: Vec<(String, f64)>,
    pub wasm: Wasm,
    pub audits: Vec<Audit>,
}

/// One target: its name (`{backend}` is filled in for each backend) and how
/// this run's figures judge it: the figure as written, and whether it is met;
/// `None` where the run did not measure it.
struct Target {
    name: &'static str,
    per_backend: bool,
    judge: fn(&Report, &str) -> Option<(String, bool)>,
}

const BACKENDS: [&str; 2] = ["SQLite", "PostgreSQL"];

/// What `make bench` holds keycard to.
const TARGETS: &[Target] = &[
    Target {
        name: "rotation ≥ 2,400/s, one at a time (each waits for its own fsync), SQLite",
        per_backend: false,
        judge: |r, _| {
            let one = 1e9 / r.micro("refresh_rotation/sqlite")?;
            Some((format!("{one:.0}/s one after another (criterion)"), one >= 2400.0))
        },
    },
    Target {
        name: "rotation ≥ 2,400/s per core, SQLite, durable",
        per_backend: false,
        judge: |r, _| {
            let all = 1e9 / r.micro("refresh_rotation/sqlite_x32")?;
            let per_core = all / r.cores as f64;
            Some((format!("{all:.0}/s 32 at once ÷ {} cores = {per_core:.0}/s (criterion)", r.cores), per_core >= 2400.0))
        },
    },
    Target {
        name: "rotation over HTTP, per core, SQLite",
        per_backend: false,
        judge: |r, _| {
            let m = r.find("SQLite", scenarios::REFRESH)?;
            let per_core = m.per_second() / r.cores as f64;
            Some((format!("{:.0}/s ÷ {} cores = {per_core:.0}/s", m.per_second(), r.cores), per_core >= 2400.0))
        },
    },
    Target {
        name: "`/api/auth/me` ≥ 10,000/s ({backend})",
        per_backend: true,
        judge: |r, backend| {
            let m = r.find(backend, scenarios::ME)?;
            Some((format!("{:.0}/s", m.per_second()), m.per_second() >= 10_000.0))
        },
    },
    Target {
        name: "login ≥ 90% of the argon2 bound ({backend})",
        per_backend: true,
        judge: |r, backend| {
            let m = r.find(backend, scenarios::LOGIN)?;
            let share = m.per_second() / r.hash_rate;
            let figure = format!(
                "{:.1}/s of {:.1} hashes/s (all hashing threads busy, same run) = {:.0}%",
                m.per_second(),
                r.hash_rate,
                share * 100.0
            );
            Some((figure, share >= 0.9))
        },
    },
    Target {
        name: "`/account` p99 in a login storm ≤ 3× idle ({backend})",
        per_backend: true,
        judge: |r, backend| {
            let (idle, storm) = (r.find(backend, scenarios::PAGE_IDLE)?, r.find(backend, scenarios::PAGE_IN_STORM)?);
            let ratio = storm.p99_ms / idle.p99_ms;
            Some((format!("{:.2} ms vs {:.2} ms = {ratio:.1}×", storm.p99_ms, idle.p99_ms), ratio <= 3.0))
        },
    },
    Target {
        name: "`/healthz` p99 during crafted registrations ≤ 50 ms ({backend})",
        per_backend: true,
        judge: |r, backend| {
            let (idle, crafted) = (r.find(backend, scenarios::PAGE_IDLE)?, r.find(backend, scenarios::HEALTHZ_CRAFTED)?);
            Some((format!("{:.2} ms (idle page p99 {:.2} ms)", crafted.p99_ms, idle.p99_ms), crafted.p99_ms <= 50.0))
        },
    },
    Target {
        name: "sign-in p99 under sustained page load ≤ 2 s ({backend})",
        per_backend: true,
        judge: |r, backend| {
            let m = r.find(backend, scenarios::SIGN_IN_UNDER_PAGES)?;
            let figure = format!("{:.0} ms ({:.1} sign-ins/s, {} failed)", m.p99_ms, m.per_second(), m.failed);
            Some((figure, m.p99_ms <= 2000.0 && m.requests > 0))
        },
    },
    Target {
        name: "page renders that stalled ({backend})",
        per_backend: true,
        judge: |r, backend| {
            let (_, stalled) = r.stalls.iter().find(|(b, _)| *b == backend)?;
            Some((stalled.to_string(), *stalled == 0))
        },
    },
    Target {
        name: "release WASM ≤ 100 KB brotli",
        per_backend: false,
        judge: |r, _| {
            let br = r.wasm.brotli?;
            Some((kb(Some(br)), br <= 100_000))
        },
    },
    Target {
        name: "`/login` first load: LCP ≤ 1.5 s, performance ≥ 99 (Lighthouse, mobile)",
        per_backend: false,
        judge: |r, _| {
            let a = r.audit("/login")?;
            Some((format!("LCP {:.2} s, performance {:.0}", a.lcp_ms / 1000.0, a.performance), a.lcp_ms <= 1500.0 && a.performance >= 99.0))
        },
    },
    Target {
        name: "`/login` and `/account`: accessibility, best practices, SEO 100 (Lighthouse)",
        per_backend: false,
        judge: |r, _| {
            if r.audits.len() < 2 {
                return None;
            }
            let figure = r.audits.iter().map(|a| format!("{} {:.0}/{:.0}/{:.0}", a.page, a.accessibility, a.best_practices, a.seo)).collect::<Vec<_>>();
            let met = r.audits.iter().all(|a| a.accessibility >= 100.0 && a.best_practices >= 100.0 && a.seo >= 100.0);
            Some((figure.join(", "), met))
        },
    },
    Target {
        name: "RSS ≤ 40 MB idle ({backend})",
        per_backend: true,
        judge: |r, backend| {
            let (_, idle, _) = r.memory.iter().find(|(b, _, _)| *b == backend)?;
            Some((format!("{:.1} MB", *idle as f64 / 1024.0), *idle <= 40 * 1024))
        },
    },
];

fn kb(bytes: Option<u64>) -> String {
    bytes.map_or_else(|| "not built".to_owned(), |b| format!("{:.1} KB", b as f64 / 1000.0))
}

/// Median time per operation (ns) of every criterion benchmark the run left
/// under `target/criterion/<group>/<name>/new/estimates.json`.
pub fn criterion_estimates(root: &Path) -> Vec<(String, f64)> {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let dirs = |path: PathBuf| -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> =
            fs::read_dir(path).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        found.sort();
        found
    };
    let name_of = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let mut found = Vec::new();
    for group in dirs(target.join("criterion")) {
        for bench in dirs(group.clone()) {
            let Ok(text) = fs::read_to_string(bench.join("new/estimates.json")) else { continue };
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            let name = name_of(&bench);
            // The concurrent cases (`_x32`) time 32 operations per iteration.
            let per_iteration = name.rsplit_once("_x").and_then(|(_, n)| n.parse::<f64>().ok()).unwrap_or(1.0);
            if let Some(ns) = json["median"]["point_estimate"].as_f64() {
                found.push((format!("{}/{name}", name_of(&group)), ns / per_iteration));
            }
        }
    }
    found
}

pub struct Wasm {
    raw: u64,
    gzip: Option<u64>,
    brotli: Option<u64>,
}

pub fn wasm_sizes(site: &Path) -> Wasm {
    // `keycard.wasm`, or `keycard.<content hash>.wasm`.
    let wasm = fs::read_dir(site.join("pkg"))
        .ok()
        .and_then(|files| {
            files.flatten().map(|f| f.path()).find(|p| {
                p.extension().is_some_and(|e| e == "wasm")
                    && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("keycard"))
            })
        })
        .unwrap_or_else(|| site.join("pkg/keycard.wasm"));
    let size = |p: PathBuf| fs::metadata(p).ok().map(|m| m.len());
    Wasm {
        raw: size(wasm.clone()).unwrap_or(0),
        gzip: size(wasm.with_extension("wasm.gz")),
        brotli: size(wasm.with_extension("wasm.br")),
    }
}

pub fn machine() -> String {
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

impl Report {
    fn find(&self, backend: &str, what: &str) -> Option<&Measured> {
        self.rows.iter().find(|r| r.backend == backend && r.what == what).map(|r| &r.measured)
    }

    fn audit(&self, page: &str) -> Option<&Audit> {
        self.audits.iter().find(|a| a.page == page)
    }

    fn micro(&self, name: &str) -> Option<f64> {
        self.micro.iter().find(|(n, _)| n == name).map(|(_, ns)| *ns)
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let w = &mut out;
        writeln!(w, "# keycard benchmarks\n").unwrap();
        writeln!(w, "Produced by `make bench` (criterion micro-benchmarks in `benches/hot_paths.rs`, then the").unwrap();
        writeln!(w, "load run in `benches/load/`: wrk against `target/release/keycard` over loopback). The").unwrap();
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
        writeln!(w, "| release WASM, raw | {} |", kb(Some(self.wasm.raw))).unwrap();
        writeln!(w, "| release WASM, gzip -9 (served) | {} |", kb(self.wasm.gzip)).unwrap();
        writeln!(w, "| release WASM, brotli -q 11 (served) | {} |", kb(self.wasm.brotli)).unwrap();
        for (backend, idle, loaded) in &self.memory {
            writeln!(w, "| RSS on {backend}, idle after start | {:.1} MB |", *idle as f64 / 1024.0).unwrap();
            writeln!(w, "| RSS on {backend}, after the load run | {:.1} MB |", *loaded as f64 / 1024.0).unwrap();
        }

        writeln!(w, "\n## First load (Lighthouse 12, mobile: simulated slow 4G and a mid-range phone)\n").unwrap();
        if self.audits.is_empty() {
            writeln!(w, "Not measured: Lighthouse did not run (see the output of `make bench`).").unwrap();
        } else {
            writeln!(w, "| page | performance | LCP | TBT | bytes | accessibility | best practices | SEO |").unwrap();
            writeln!(w, "|---|---:|---:|---:|---:|---:|---:|---:|").unwrap();
            for a in &self.audits {
                writeln!(
                    w,
                    "| {} | {:.0} | {:.2} s | {:.0} ms | {} | {:.0} | {:.0} | {:.0} |",
                    a.page, a.performance, a.lcp_ms / 1000.0, a.tbt_ms, kb(Some(a.total_bytes as u64)), a.accessibility, a.best_practices, a.seo
                )
                .unwrap();
            }
            for a in self.audits.iter().filter(|a| !a.failing.is_empty()) {
                writeln!(w, "\n{} lost points on: {}", a.page, a.failing.join(", ")).unwrap();
            }
        }

        writeln!(w, "\n## Against the targets\n").unwrap();
        writeln!(w, "| target | figure | met |").unwrap();
        writeln!(w, "|---|---|:---:|").unwrap();
        for target in TARGETS {
            let backends: &[&str] = if target.per_backend { &BACKENDS } else { &[""] };
            for backend in backends {
                if let Some((figure, met)) = (target.judge)(self, backend) {
                    let name = target.name.replace("{backend}", backend);
                    writeln!(w, "| {name} | {figure} | {} |", if met { "yes" } else { "no" }).unwrap();
                }
            }
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
