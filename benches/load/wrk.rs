//! Driving wrk: a scenario is a Lua script from `scripts/` with its
//! placeholders filled in, and every run reports through `scripts/report.lua`.

use std::{
    fs,
    path::Path,
    process::{Child, Command, Stdio},
};

pub const REPORT: &str = include_str!("scripts/report.lua");
pub const THREAD_IDS: &str = include_str!("scripts/thread_ids.lua");
pub const SIGNED_IN_POST: &str = include_str!("scripts/signed_in_post.lua");
pub const SIGNED_IN_PAGE: &str = include_str!("scripts/signed_in_page.lua");
pub const REFRESH: &str = include_str!("scripts/refresh.lua");
pub const LOGIN: &str = include_str!("scripts/login.lua");
pub const CRAFTED: &str = include_str!("scripts/crafted.lua");

/// Joins script parts and fills in their `{{NAME}}` placeholders.
pub fn script(parts: &[&str], values: &[(&str, &str)]) -> String {
    let mut text = parts.join("\n");
    for (name, value) in values {
        text = text.replace(&format!("{{{{{name}}}}}"), value);
    }
    assert!(!text.contains("{{"), "a placeholder was left unfilled:\n{text}");
    text
}

/// One wrk run: what to send, with how many connections.
pub struct Load {
    pub threads: usize,
    pub connections: usize,
    /// Lua that sets up the request (static `wrk.*` fields or a `request()`).
    pub script: String,
    pub path: &'static str,
}

#[derive(Clone, Copy)]
pub struct Measured {
    pub requests: u64,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub failed: u64,
}

impl Measured {
    /// Successful requests per second (failures are reported apart).
    pub fn per_second(&self) -> f64 {
        self.requests.saturating_sub(self.failed) as f64 / self.seconds
    }
}

/// Starts wrk on `load` for `seconds`; the script is kept in `dir`.
pub fn start(load: &Load, origin: &str, dir: &Path, name: &str, seconds: u64) -> Child {
    let slug: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let script = dir.join(format!("{slug}.lua"));
    fs::write(&script, format!("{}\n{REPORT}", load.script)).unwrap();
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

/// Waits for a run and reads its report line.
pub fn finish(child: Child) -> Measured {
    let output = child.wait_with_output().expect("wrk finishes");
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().find_map(|l| l.strip_prefix("KEYCARD-RESULT ")).unwrap_or_else(|| panic!("wrk said:\n{text}"));
    let n: Vec<u64> = line.split_whitespace().map(|v| v.parse().unwrap()).collect();
    Measured { requests: n[0], seconds: n[1] as f64 / 1e6, p50_ms: n[2] as f64 / 1e3, p99_ms: n[3] as f64 / 1e3, failed: n[4] }
}
