//! First load, as Lighthouse sees it: the pinned npm `lighthouse` (installed
//! by `make bench` into `.tools/lighthouse`) drives Debian's Chromium
//! against the running release server, with its default mobile settings
//! (a mid-range phone on a simulated slow 4G network).

use std::{
    path::{Path, PathBuf},
    process::Command,
};

/// One page's audit.
pub struct Audit {
    pub page: &'static str,
    /// Category scores, 0 to 100.
    pub performance: f64,
    pub accessibility: f64,
    pub best_practices: f64,
    pub seo: f64,
    pub lcp_ms: f64,
    pub tbt_ms: f64,
    pub total_bytes: f64,
    /// The audits that kept a category below 100, for the report.
    pub failing: Vec<String>,
}

fn binary(root: &Path) -> PathBuf {
    root.join(".tools/lighthouse/node_modules/.bin/lighthouse")
}

pub fn installed(root: &Path) -> bool {
    binary(root).exists()
}

/// Audits `origin` + `page`; `cookie` signs the browser in (sent with every
/// request). `None` when Lighthouse could not run; why is printed.
pub fn audit(root: &Path, origin: &str, page: &'static str, cookie: Option<&str>, dir: &Path) -> Option<Audit> {
    let name = page.trim_matches('/').replace('/', "-");
    let report = dir.join(format!("lighthouse-{name}.json"));
    let mut command = Command::new(binary(root));
    command
        .arg(format!("{origin}{page}"))
        .args(["--output=json", "--quiet", "--only-categories=performance,accessibility,best-practices,seo"])
        .arg(format!("--output-path={}", report.display()))
        .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage")
        .env("CHROME_PATH", "/usr/bin/chromium");
    if let Some(cookie) = cookie {
        command.arg(format!("--extra-headers={}", serde_json::json!({ "Cookie": cookie })));
    }
    match command.status() {
        Ok(status) if status.success() => {}
        other => {
            eprintln!("load: lighthouse on {page} did not run: {other:?}");
            return None;
        }
    }
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).ok()?).ok()?;
    let score = |category: &str| json["categories"][category]["score"].as_f64().map(|s| s * 100.0);
    let numeric = |audit: &str| json["audits"][audit]["numericValue"].as_f64();
    let mut failing = Vec::new();
    for category in ["accessibility", "best-practices", "seo"] {
        for reference in json["categories"][category]["auditRefs"].as_array().into_iter().flatten() {
            let id = reference["id"].as_str().unwrap_or_default();
            let weighted = reference["weight"].as_f64().unwrap_or(0.0) > 0.0;
            if weighted && json["audits"][id]["score"].as_f64().is_some_and(|s| s < 1.0) {
                failing.push(format!("{category}: {id}"));
            }
        }
    }
    Some(Audit {
        page,
        performance: score("performance")?,
        accessibility: score("accessibility")?,
        best_practices: score("best-practices")?,
        seo: score("seo")?,
        lcp_ms: numeric("largest-contentful-paint")?,
        tbt_ms: numeric("total-blocking-time")?,
        total_bytes: numeric("total-byte-weight")?,
        failing,
    })
}
