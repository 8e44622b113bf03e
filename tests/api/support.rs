//! `spawn_app`: the real server on port 0 against a fresh database, and a
//! small HTTP client whose cookie jar the tests can inspect and tamper with.

use std::{collections::HashMap, net::SocketAddr, sync::Mutex};

use base64::{Engine, engine::general_purpose::STANDARD};
use cookie::Cookie;
use keycard::server::{AppState, Config, http};
use reqwest::{StatusCode, header::HeaderMap};

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates one test per backend from an `async fn(Backend)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() { super::$name($crate::support::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() {
                if $crate::support::postgres_missing() {
                    return;
                }
                super::$name($crate::support::Backend::Postgres).await
            })*
        }
    };
}

pub const SECRET_BYTES: [u8; 32] = [42; 32];

/// A plain `cargo test` has no PostgreSQL: its cases are skipped with a note
/// (and pass). `make test` starts a throwaway PostgreSQL and runs them all.
pub fn postgres_missing() -> bool {
    let missing = std::env::var_os("KEYCARD_TEST_POSTGRES_URL").is_none();
    if missing {
        eprintln!("skipped: KEYCARD_TEST_POSTGRES_URL is not set; `make test-rust` runs the PostgreSQL cases");
    }
    missing
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub database_url: String,
    _dir: Option<tempfile::TempDir>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // The watchdog hides a stalled render from the client by running it
        // again; the suite must not hide it too.
        let stalls = http::render_stalls();
        if stalls > 0 && !std::thread::panicking() {
            panic!("{stalls} page render(s) stalled in this test run (see `page render stalled` in the log)");
        }
    }
}

/// A fresh, empty database URL for `backend`.
pub async fn fresh_database(backend: Backend) -> (String, Option<tempfile::TempDir>) {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            (format!("sqlite://{}/keycard.db", dir.path().display()), Some(dir))
        }
        Backend::Postgres => {
            let admin = std::env::var("KEYCARD_TEST_POSTGRES_URL").expect(
                "KEYCARD_TEST_POSTGRES_URL is not set: run the tests with `make test-rust`, \
                 which starts a throwaway PostgreSQL",
            );
            let name = format!("keycard_{}", uuid::Uuid::new_v4().simple());
            let pool = sqlx::PgPool::connect(&admin).await.expect("connect to the test PostgreSQL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&pool).await.unwrap();
            pool.close().await;
            let base = admin.rsplit_once('/').unwrap().0;
            (format!("{base}/{name}"), None)
        }
    }
}

pub async fn spawn_app(backend: Backend, env: &[(&str, &str)]) -> TestApp {
    let (url, dir) = fresh_database(backend).await;
    spawn_on(&url, dir, env).await
}

/// Starts a server on an existing database (several instances may share one).
pub async fn spawn_on(database_url: &str, dir: Option<tempfile::TempDir>, env: &[(&str, &str)]) -> TestApp {
    // Server logs in test output, when RUST_LOG asks for them.
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut vars: HashMap<String, String> = HashMap::from([
        ("DATABASE_URL".into(), database_url.to_owned()),
        ("LEPTOS_SITE_ADDR".into(), addr.to_string()),
        ("KEYCARD_SECRET".into(), STANDARD.encode(SECRET_BYTES)),
        // Cheap hashing keeps the suite fast; the cost itself is covered by unit tests.
        ("KEYCARD_ARGON2".into(), "m=256,t=1,p=1".into()),
        // Tests create many accounts from one address; the limit has its own tests.
        ("KEYCARD_REGISTER_LIMIT".into(), "100000/1h".into()),
    ]);
    for (k, v) in env {
        vars.insert((*k).into(), (*v).into());
    }
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test configuration");
    let mut options = leptos::config::get_configuration(None).unwrap().leptos_options;
    options.output_name = "keycard".into();
    options.site_addr = addr;
    // Static files come from a directory of the test's own, when it names one.
    if let Some(root) = vars.get("LEPTOS_SITE_ROOT") {
        options.site_root = root.as_str().into();
    }
    let state = AppState::build(config, options).await.expect("server starts");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let tls = state.config.tls.as_ref().map(|files| http::tls::server_config(files).expect("test certificate"));
    tokio::spawn(http::serve(state.clone(), listener, tls, async {
        let _ = rx.await;
    }));
    TestApp { addr, state, database_url: database_url.to_owned(), _dir: dir, shutdown: Some(tx) }
}

impl TestApp {
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn client(&self) -> Client {
        Client::new(&self.origin())
    }
}

/// One answer, with its Set-Cookie headers parsed.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub set_cookies: Vec<Cookie<'static>>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn cookie(&self, name: &str) -> Option<&Cookie<'static>> {
        self.set_cookies.iter().find(|c| c.name() == name)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// An HTTP client with a visible cookie jar (names to values).
pub struct Client {
    http: reqwest::Client,
    base: String,
    pub jar: Mutex<HashMap<String, String>>,
}

// The names the server uses (with the default `KEYCARD_COOKIE_SECURE=true`).
pub const AT: &str = keycard::server::http::cookies::CookieNames::new(true).access;
pub const RT: &str = keycard::server::http::cookies::CookieNames::new(true).refresh;
pub const DEVICE: &str = keycard::server::http::cookies::CookieNames::new(true).device;

impl Client {
    pub fn new(base: &str) -> Self {
        // A stalled response fails its test instead of hanging the whole run.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .unwrap();
        Self { http, base: base.to_owned(), jar: Mutex::new(HashMap::new()) }
    }

    pub fn get_cookie(&self, name: &str) -> Option<String> {
        self.jar.lock().unwrap().get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.jar.lock().unwrap().insert(name.into(), value.into());
    }

    /// Takes over another client's auth cookies: the same browser, talking
    /// to another instance or after a restart.
    pub fn with_cookies_of(self, other: &Client) -> Self {
        for name in [AT, RT] {
            if let Some(value) = other.get_cookie(name) {
                self.set_cookie(name, &value);
            }
        }
        self
    }

    pub fn remove_cookie(&self, name: &str) {
        self.jar.lock().unwrap().remove(name);
    }

    fn cookie_header(&self) -> Option<String> {
        let jar = self.jar.lock().unwrap();
        (!jar.is_empty()).then(|| jar.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "))
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let described = format!("{:?}", request);
        self.try_send(request).await.unwrap_or_else(|| panic!("no complete answer (stalled or refused): {described}"))
    }

    /// Like [`Client::send`], but `None` when the server is gone (killed mid-request).
    pub async fn try_send(&self, request: reqwest::RequestBuilder) -> Option<Reply> {
        let request = match self.cookie_header() {
            Some(cookies) => request.header("cookie", cookies),
            None => request,
        };
        let response = request.send().await.ok()?;
        let status = response.status();
        let headers = response.headers().clone();
        let set_cookies: Vec<Cookie<'static>> = headers
            .get_all("set-cookie")
            .iter()
            .map(|v| Cookie::parse(v.to_str().unwrap().to_owned()).expect("valid Set-Cookie"))
            .collect();
        {
            let mut jar = self.jar.lock().unwrap();
            for c in &set_cookies {
                if c.max_age() == Some(cookie::time::Duration::ZERO) {
                    jar.remove(c.name());
                } else {
                    jar.insert(c.name().into(), c.value().into());
                }
            }
        }
        let body = response.text().await.ok()?;
        Some(Reply { status, headers, set_cookies, body })
    }

    /// A refresh that reports the status, or `None` if the server died meanwhile.
    #[allow(dead_code, reason = "used by tests/faults.rs, which shares this module")]
    pub async fn try_refresh(&self) -> Option<u16> {
        let request = self.http.post(format!("{}/api/auth/refresh", self.base));
        self.try_send(request).await.map(|r| r.status.as_u16())
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        self.send(self.http.post(format!("{}{path}", self.base)).form(form)).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.http.get(format!("{}{path}", self.base))).await
    }

    /// A request with extra headers (cross-site checks, raw bodies).
    pub fn raw(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    pub async fn register(&self, email: &str, password: &str) -> Reply {
        self.post("/api/auth/register", &[("email", email), ("password", password)]).await
    }

    /// Uses a verification link's token: confirmed and signed in.
    pub async fn verify(&self, token: &str) -> Reply {
        self.post("/api/auth/verify_email", &[("token", token)]).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.post("/api/auth/login", &[("email", email), ("password", password)]).await
    }

    pub async fn refresh(&self) -> Reply {
        self.post("/api/auth/refresh", &[]).await
    }

    pub async fn me(&self) -> Reply {
        self.post("/api/auth/me", &[]).await
    }
}

/// The claims of the access token `client` holds (not verified: the server did that).
pub fn access_claims(client: &Client) -> serde_json::Value {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let token = client.get_cookie(AT).expect("an access cookie");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

pub const PASSWORD: &str = "correct horse battery staple";

pub fn unique_email() -> String {
    format!("user-{}@example.com", uuid::Uuid::new_v4().simple())
}

/// A signed-in client for a new account: registered, and verified through
/// the link of its mail.
pub async fn signed_in(app: &TestApp) -> (Client, String) {
    let client = app.client();
    let email = unique_email();
    register_and_verify(app, &client, &email, PASSWORD).await;
    (client, email)
}

/// Registers `email` and opens its verification link in `client`.
pub async fn register_and_verify(app: &TestApp, client: &Client, email: &str, password: &str) {
    register_and_verify_at(&app.origin(), client, email, password).await;
}

/// [`register_and_verify`] against a server at `origin`; returns the link's token.
pub async fn register_and_verify_at(origin: &str, client: &Client, email: &str, password: &str) -> String {
    let reply = client.register(email, password).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let token = try_link_token(origin, email, "/verify-email").await.expect("a verification mail");
    let reply = client.verify(&token).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    token
}

/// The token of a link in the mails to `to`, as the development mailbox
/// (`/dev/mail`) lists them: from the newest mail that has a link to `page`.
/// Waits a little for the mail to be written.
pub async fn try_link_token(origin: &str, to: &str, page: &str) -> Option<String> {
    let mailbox = Client::new(origin);
    // Up to 20 s: a busy test run (many tests at once, each hashing
    // passwords) can hold a mail back for seconds.
    for _ in 0..200 {
        let html = mailbox.get("/dev/mail").await.body;
        for article in html.split("<article").skip(1) {
            if !article.contains(&format!("<span data-testid=\"to\">{to}</span>")) {
                continue;
            }
            let marker = format!("{page}?token=");
            if let Some(at) = article.find(&marker) {
                let token: String = article[at + marker.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                return Some(token);
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    None
}

/// The mails to `to` in the development mailbox: (subject, text).
pub async fn mails_to(origin: &str, to: &str) -> Vec<(String, String)> {
    let html = Client::new(origin).get("/dev/mail").await.body;
    html.split("<article")
        .skip(1)
        .filter(|a| a.contains(&format!("<span data-testid=\"to\">{to}</span>")))
        .map(|a| {
            let between = |open: &str, close: &str| {
                a.split_once(open).and_then(|(_, rest)| rest.split_once(close)).map(|(x, _)| x.to_owned()).unwrap_or_default()
            };
            let text = between("<pre", "</pre>");
            let text = text.split_once('>').map_or(text.as_str(), |(_, t)| t).to_owned();
            (between("<h2>", "</h2>"), text)
        })
        .collect()
}

impl TestApp {
    pub async fn link_token(&self, to: &str, page: &str) -> String {
        try_link_token(&self.origin(), to, page).await.unwrap_or_else(|| panic!("no mail to {to} with a link to {page}"))
    }

    pub async fn mails_to(&self, to: &str) -> Vec<(String, String)> {
        mails_to(&self.origin(), to).await
    }

    /// Waits (a few seconds at most) until the newest mail to `to` has
    /// `subject`; returns the mails to `to`, newest first. Mails that
    /// depend on whether an address has an account are queued after the
    /// answer, so they may arrive a moment later.
    pub async fn wait_for_mail(&self, to: &str, subject: &str) -> Vec<(String, String)> {
        for _ in 0..50 {
            let mails = self.mails_to(to).await;
            if mails.first().is_some_and(|(s, _)| s == subject) {
                return mails;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("no mail \"{subject}\" to {to}: {:?}", self.mails_to(to).await)
    }

    /// Waits for the work a request left for after its answer (queued
    /// mails) to be done, so that counting mails counts all of them.
    pub async fn settle(&self) {
        self.state.auth.settled().await;
    }
}

/// A real SMTP server on loopback (`end2end/mail/sink.mjs`: npm
/// `smtp-server`), writing each mail it receives as JSON into a folder.
pub struct MailSink {
    pub port: u16,
    dir: std::path::PathBuf,
    _owned: Option<tempfile::TempDir>,
    child: std::process::Child,
}

impl Drop for MailSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl MailSink {
    /// Starts a sink on a free port; `None` (with a note) when Node or the
    /// end-to-end packages are missing: `make test` installs them.
    pub fn start() -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_owned();
        Self::spawn(0, path, Some(dir))
    }

    /// Starts a sink on `port`, writing into `dir` (to come back on the
    /// port a server was already told about).
    pub fn start_on(port: u16, dir: &std::path::Path) -> Option<Self> {
        Self::spawn(port, dir.to_owned(), None)
    }

    fn spawn(port: u16, dir: std::path::PathBuf, owned: Option<tempfile::TempDir>) -> Option<Self> {
        use std::io::BufRead;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("end2end");
        // `make test` installs the sink and insists on it; a plain `cargo test` may skip.
        let required = std::env::var_os("KEYCARD_TEST_REQUIRE_SMTP").is_some();
        if !root.join("node_modules/smtp-server").exists() {
            assert!(!required, "end2end/node_modules lacks smtp-server: run `make tools-test`");
            eprintln!("skipped: end2end/node_modules lacks smtp-server; `make test` installs it");
            return None;
        }
        let mut child = std::process::Command::new("node")
            .arg(root.join("mail/sink.mjs"))
            .arg(port.to_string())
            .arg(&dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .map_err(|e| {
                assert!(!required, "cannot run node: {e}");
                eprintln!("skipped: cannot run node ({e}); `make test` installs it");
            })
            .ok()?;
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().strip_prefix("listening ").and_then(|p| p.parse().ok()).expect("the sink says its port");
        Some(Self { port, dir, _owned: owned, child })
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every mail received so far, oldest first.
    pub fn mails(&self) -> Vec<serde_json::Value> {
        let mut names: Vec<_> = std::fs::read_dir(&self.dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
            .collect();
        names.sort();
        names.iter().map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()).collect()
    }

    /// Waits (up to `within`) until `count` mails to `to` arrived; returns them.
    pub async fn wait_for(&self, to: &str, count: usize, within: std::time::Duration) -> Vec<serde_json::Value> {
        let deadline = std::time::Instant::now() + within;
        loop {
            let found: Vec<_> = self.mails().into_iter().filter(|m| m["envelopeTo"][0] == to).collect();
            if found.len() >= count || std::time::Instant::now() > deadline {
                return found;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

/// The token of the first link to `page` in a mail's text.
pub fn token_in(mail: &serde_json::Value, page: &str) -> Option<String> {
    let text = mail["text"].as_str()?;
    let marker = format!("{page}?token=");
    let at = text.find(&marker)?;
    Some(text[at + marker.len()..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect())
}

/// A real OpenID provider on loopback (`end2end/oidc/provider.mjs`: npm
/// `oidc-provider`), whose login page signs in whoever's name is typed.
pub struct OidcProvider {
    pub port: u16,
    child: std::process::Child,
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl OidcProvider {
    /// Starts one on a free port. `make test` installs the package; a plain
    /// `cargo test` without it fails here with what to run.
    pub fn start() -> Self {
        Self::run("oidc/provider.mjs", &[])
    }

    /// A provider that misbehaves as `mode` says (`end2end/oidc/rogue.mjs`:
    /// `honest`, `expired`, `foreign-audience`); it has no login page.
    pub fn rogue(mode: &str) -> Self {
        Self::run("oidc/rogue.mjs", &[mode])
    }

    fn run(script: &str, args: &[&str]) -> Self {
        use std::io::BufRead;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("end2end");
        assert!(root.join("node_modules/oidc-provider").exists(), "end2end/node_modules lacks oidc-provider: run `make tools-test`");
        let mut child = std::process::Command::new("node")
            .arg(root.join(script))
            .arg("0")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("node runs the test provider");
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let port = lines
            .find_map(|line| line.ok()?.strip_prefix("listening ").and_then(|p| p.trim().parse().ok()))
            .expect("the provider says its port");
        // Whatever it prints later is read and dropped: a closed pipe would end it.
        std::thread::spawn(move || lines.for_each(drop));
        Self { port, child }
    }

    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The settings that configure it in keycard as provider `id`.
    pub fn env(&self, id: &str) -> Vec<(String, String)> {
        let prefix = format!("KEYCARD_OIDC_{}_", id.to_ascii_uppercase());
        vec![
            (format!("{prefix}ISSUER"), self.issuer()),
            (format!("{prefix}CLIENT_ID"), "keycard".into()),
            (format!("{prefix}CLIENT_SECRET"), "keycard-secret".into()),
            (format!("{prefix}NAME"), format!("Test provider {id}")),
        ]
    }

    /// Signs in at the provider as `login` (its login page, then its
    /// consent page), starting from the authorization URL keycard sent the
    /// browser to; answers where the provider sends the browser back.
    pub async fn sign_in(&self, authorize_url: &str, login: &str) -> String {
        let browser = Client::new(&self.issuer());
        let mut url = authorize_url.to_owned();
        for _ in 0..12 {
            let path = url.strip_prefix(&self.issuer()).unwrap_or(&url).to_owned();
            let reply = browser.get(&path).await;
            if let Some(location) = reply.header("location") {
                let next = if location.starts_with('/') { format!("{}{location}", self.issuer()) } else { location.to_owned() };
                if !next.starts_with(&self.issuer()) {
                    return next;
                }
                url = next;
                continue;
            }
            // A page with a form: the login (its hidden `prompt` and the
            // name typed) or the consent.
            assert_eq!(reply.status, 200, "the provider's page: {}", reply.body);
            let action = between(&reply.body, "action=\"", "\"").expect("a form");
            let mut fields: Vec<(String, String)> = hidden_fields(&reply.body);
            if reply.body.contains("name=\"login\"") {
                fields.push(("login".into(), login.into()));
                fields.push(("password".into(), "any".into()));
            }
            let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let posted = browser.post(action.strip_prefix(&self.issuer()).unwrap_or(&action), &form).await;
            let location = posted.header("location").unwrap_or_else(|| panic!("the provider answered the form: {}", posted.body));
            url = if location.starts_with('/') { format!("{}{location}", self.issuer()) } else { location.to_owned() };
            if !url.starts_with(&self.issuer()) {
                return url;
            }
        }
        panic!("the provider never sent the browser back");
    }
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(text[from..to].to_owned())
}

fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input")
        .skip(1)
        .filter(|tag| tag.contains("type=\"hidden\""))
        .filter_map(|tag| Some((between(tag, "name=\"", "\"")?, between(tag, "value=\"", "\"").unwrap_or_default())))
        .collect()
}
