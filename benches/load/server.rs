//! The release binary under test, as its own process.

use std::{
    collections::HashMap,
    fs,
    path::Path,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

pub struct Server {
    child: Child,
    pub origin: String,
}

impl Server {
    /// Starts `binary` with `env` on `port` and waits until it is ready.
    pub async fn start(binary: &Path, site: &Path, env: HashMap<&'static str, String>, port: u16, dir: &Path) -> Self {
        let log = fs::File::create(dir.join("server.log")).unwrap();
        let child = Command::new(binary)
            .envs(env)
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

    /// The process' resident memory, from /proc.
    pub fn rss_kib(&self) -> u64 {
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
