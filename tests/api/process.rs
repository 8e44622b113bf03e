//! The `keycard` binary as a real process: started with test settings, its
//! output kept, signalled and waited for; and its commands run to the end.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use base64::{Engine, engine::general_purpose::STANDARD};

use crate::support::{Client, SECRET_BYTES};

/// A `keycard` process and everything it printed.
pub struct Process {
    pub child: Child,
    pub origin: String,
    log: Arc<Mutex<String>>,
    /// The threads reading its stdout and stderr into `log`.
    readers: Vec<std::thread::JoinHandle<()>>,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn keycard(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_keycard"));
    command.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in env {
        command.env(k, v);
    }
    command
}

impl Process {
    pub async fn start(database_url: &str, env: &[(&str, &str)]) -> Self {
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let secret = STANDARD.encode(SECRET_BYTES);
        let mut vars = vec![
            ("DATABASE_URL", database_url),
            ("LEPTOS_SITE_ADDR", addr.as_str()),
            // Instances behind one balancer share their public URL.
            ("KEYCARD_PUBLIC_URL", "http://keycard.test"),
            ("KEYCARD_SECRET", secret.as_str()),
            ("KEYCARD_ARGON2", "m=256,t=1,p=1"),
            ("KEYCARD_REGISTER_LIMIT", "100000/1h"),
            ("RUST_LOG", "debug"),
        ];
        vars.extend_from_slice(env);
        let mut child = keycard(&[], &vars).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let mut readers = Vec::new();
        for stream in [Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>, Box::new(child.stderr.take().unwrap())] {
            let log = log.clone();
            readers.push(std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    // One push per line: lines of stdout and stderr never interleave.
                    log.lock().unwrap().push_str(&format!("{line}\n"));
                }
            }));
        }
        let process = Self { child, origin: format!("http://{addr}"), log, readers };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = reqwest::get(format!("{}/readyz", process.origin)).await {
                if r.status() == 200 {
                    return process;
                }
            }
            assert!(Instant::now() < deadline, "keycard did not become ready:\n{}", process.log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn client(&self) -> Client {
        Client::new(&self.origin)
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill").args([signal, &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    /// Waits for the process to exit; returns whether it exited successfully.
    pub async fn wait(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The pipes may still hold its last lines: read them to the end.
                for reader in self.readers.drain(..) {
                    let _ = reader.join();
                }
                return status.success();
            }
            assert!(Instant::now() < deadline, "keycard did not exit:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

