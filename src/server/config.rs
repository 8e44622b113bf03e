//! Typed configuration, read once from the environment (and `.env`) at startup.
//!
//! Every value is validated here so that the rest of the server can trust it;
//! a bad value becomes one [`ConfigError`] line naming the variable.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use url::Url;


/// How log lines are written (`KEYCARD_LOG_FORMAT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// `key=value` lines, coloured at a terminal.
    Text,
    /// One JSON object per line, for log shippers.
    Json,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Where the master secret comes from. The secret itself is loaded by
/// [`crate::server::secret::Secret::load`], never kept in the configuration.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSource {
    Inline(String),
    File(PathBuf),
    /// Development only: generated once into `data/secret.key` and reused.
    DevFile(PathBuf),
}

impl std::fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Inline(_) => f.write_str("Inline(<redacted>)"),
            Self::File(p) => write!(f, "File({})", p.display()),
            Self::DevFile(p) => write!(f, "DevFile({})", p.display()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Argon2Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for Argon2Cost {
    /// The OWASP recommendation for argon2id.
    fn default() -> Self {
        Self { memory_kib: 19_456, iterations: 2, parallelism: 1 }
    }
}

/// `count/window`, as in `10/15m`.
fn parse_count_per_window(raw: &str) -> Result<(u32, Duration), String> {
    let (count, window) = raw.split_once('/').ok_or_else(|| format!("expected e.g. 10/15m, got '{raw}'"))?;
    let count: u32 = count.trim().parse().map_err(|_| format!("'{count}' is not a count"))?;
    let window = humantime::parse_duration(window.trim()).map_err(|_| format!("'{window}' is not a duration"))?;
    if count == 0 || window.is_zero() {
        return Err("count and window must be above zero".into());
    }
    // Counts stay far inside 32 bits even multiplied by the address and
    // overall factors, and windows within a year.
    if count > 1_000_000 || window > Duration::from_secs(366 * 86_400) {
        return Err("at most 1000000 per window, and a window of at most a year".into());
    }
    Ok((count, window))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginLimit {
    pub per_account: u32,
    pub window: Duration,
}

impl Default for LoginLimit {
    fn default() -> Self {
        Self { per_account: 10, window: Duration::from_secs(15 * 60) }
    }
}

impl LoginLimit {
    /// Parses `10/15m`: failures per account, per window.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let (per_account, window) = parse_count_per_window(raw)?;
        Ok(Self { per_account, window })
    }
}

/// `KEYCARD_REGISTER_LIMIT`: registrations per client address, per window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegisterLimit {
    pub per_address: u32,
    pub window: Duration,
}

impl Default for RegisterLimit {
    fn default() -> Self {
        Self { per_address: 20, window: Duration::from_secs(3600) }
    }
}

impl RegisterLimit {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let (per_address, window) = parse_count_per_window(raw)?;
        Ok(Self { per_address, window })
    }
}

/// How mail leaves: `KEYCARD_SMTP_URL`.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub credentials: Option<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `smtps://`: TLS from the first byte (port 465).
    Tls,
    /// `smtp://`: STARTTLS, required (port 587).
    StartTls,
    /// `smtp://` to a loopback relay: no TLS (a local MTA, the test sink).
    LoopbackPlain,
}

impl std::fmt::Debug for SmtpSettings {
    /// Never prints the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .finish()
    }
}

impl SmtpSettings {
    /// `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465`.
    /// Plain `smtp://` without TLS is only accepted to a loopback address.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let url = url::Url::parse(raw).map_err(|_| "expected smtp://user:pass@host:587 or smtps://user:pass@host:465".to_owned())?;
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or("the URL names no host")?;
        let host = host.trim_start_matches('[').trim_end_matches(']').to_owned();
        let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        let (security, default_port) = match url.scheme() {
            "smtps" => (SmtpSecurity::Tls, 465),
            "smtp" if loopback => (SmtpSecurity::LoopbackPlain, 25),
            "smtp" => (SmtpSecurity::StartTls, 587),
            other => return Err(format!("unsupported scheme '{other}' (use smtp:// or smtps://)")),
        };
        let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
        let credentials = (!url.username().is_empty())
            .then(|| (decode(url.username()), decode(url.password().unwrap_or(""))));
        Ok(Self { host, port: url.port().unwrap_or(default_port), security, credentials })
    }
}

/// How long sessions and their tokens live (docs/security.md, "Tokens and sessions").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    pub access_ttl: Duration,
    /// Idle lifetime: a session unused this long has expired.
    pub refresh_ttl: Duration,
    /// How long a just-rotated refresh token is still answered.
    pub refresh_grace: Duration,
    /// Absolute lifetime, however often the session is used.
    pub session_max_age: Duration,
}

impl SessionPolicy {
    /// Time left (milliseconds in, a duration out) before a session created
    /// at `created_at` and last used at `last_used_at` expires, idle or
    /// absolute, whichever is first; zero once it has.
    pub fn remaining(&self, created_at: i64, last_used_at: i64, now: i64) -> Duration {
        let idle_end = last_used_at + self.refresh_ttl.as_millis() as i64;
        let absolute_end = created_at + self.session_max_age.as_millis() as i64;
        Duration::from_millis(idle_end.min(absolute_end).saturating_sub(now).max(0) as u64)
    }
}

/// The rules the authentication service applies, from the configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub session: SessionPolicy,
    pub login_limit: LoginLimit,
    pub register_limit: RegisterLimit,
    /// How long ended sessions and security events are kept.
    pub retention: Duration,
    /// How recent an authentication a sensitive change needs (`KEYCARD_REAUTH_WINDOW`).
    pub reauth_window: Duration,
    /// Whether sign-ins offer browsers to bind the session to a key they
    /// hold (`KEYCARD_DBSC`).
    pub bind_sessions: bool,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    /// The origin users see, without a trailing slash (`http://127.0.0.1:3000`).
    pub public_origin: String,
    pub environment: Environment,
    pub secret: SecretSource,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    pub session_max_age: Duration,
    pub refresh_grace: Duration,
    pub cookie_secure: bool,
    /// Proxies whose `X-Forwarded-For` entries are believed (`KEYCARD_TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub argon2: Argon2Cost,
    pub login_limit: LoginLimit,
    pub register_limit: RegisterLimit,
    /// Password jobs that may wait for a hashing thread (`KEYCARD_HASH_QUEUE`;
    /// default 32 per core).
    pub hash_queue: Option<usize>,
    /// How long ended sessions and security events are kept (`KEYCARD_RETENTION`).
    pub retention: Duration,
    /// How recent an authentication a sensitive change needs (`KEYCARD_REAUTH_WINDOW`).
    pub reauth_window: Duration,
    /// The SMTP relay (`KEYCARD_SMTP_URL`); `None` keeps mails in the
    /// database for the development mailbox.
    pub smtp: Option<SmtpSettings>,
    /// The sender of every mail (`KEYCARD_MAIL_FROM`).
    pub mail_from: lettre::message::Mailbox,
    /// Lifetime of a password-reset link (`KEYCARD_RESET_TTL`).
    pub reset_ttl: Duration,
    /// Lifetime of a verification link (`KEYCARD_VERIFY_TTL`).
    pub verify_ttl: Duration,
    /// Test-only (`KEYCARD_TEST_CLOCK_SKEW`, refused in production): how far
    /// this instance's own clock is made to run off, to prove that shared
    /// decisions use the database's clock.
    pub clock_skew_ms: i64,
    pub log_format: LogFormat,
    /// Where `GET /metrics` is served (`KEYCARD_METRICS_ADDR`); never the
    /// public address. `None`: no metrics.
    pub metrics_addr: Option<SocketAddr>,
    /// Other identity providers people may sign in with (`KEYCARD_OIDC_PROVIDERS`).
    pub oidc_providers: Vec<super::federation::ProviderConfig>,
    /// Offer Device Bound Session Credentials at sign-in (`KEYCARD_DBSC`;
    /// by default when the public URL is https, which browsers require).
    pub bind_sessions: bool,
    /// Serve HTTPS with this certificate chain and key (`KEYCARD_TLS_CERT`,
    /// `KEYCARD_TLS_KEY`, PEM files); `None` serves plain HTTP.
    pub tls: Option<TlsFiles>,
}

/// The PEM files of the certificate chain and private key HTTPS is served with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

fn err(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError { var, message: message.into() }
}

impl Config {
    /// Reads the process environment, after loading `.env` from the working
    /// directory if there is one (variables already set win).
    pub fn from_env() -> Result<Self, ConfigError> {
        if let Err(e) = dotenvy::dotenv() {
            if !e.not_found() {
                return Err(err(".env", e.to_string()));
            }
        }
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds the configuration from any variable lookup, so tests can feed it
    /// a map instead of mutating the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

        let environment = match var("KEYCARD_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(err("KEYCARD_ENV", format!("expected development or production, got '{other}'")));
            }
        };

        let database_url = var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/keycard.db".into());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            let scheme = database_url.split(':').next().unwrap_or_default();
            return Err(err("DATABASE_URL", format!("unsupported scheme '{scheme}' (use sqlite:// or postgres://)")));
        }

        let site_addr: SocketAddr = var("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|_| err("LEPTOS_SITE_ADDR", "expected host:port, e.g. 127.0.0.1:3000"))?;

        let public_origin = match var("KEYCARD_PUBLIC_URL") {
            Some(raw) => parse_origin(&raw).map_err(|m| err("KEYCARD_PUBLIC_URL", m))?,
            None => format!("http://{site_addr}"),
        };

        let secret = match (var("KEYCARD_SECRET"), var("KEYCARD_SECRET_FILE")) {
            (Some(_), Some(_)) => {
                return Err(err("KEYCARD_SECRET", "set either KEYCARD_SECRET or KEYCARD_SECRET_FILE, not both"));
            }
            (Some(inline), None) => SecretSource::Inline(inline),
            (None, Some(path)) => SecretSource::File(path.into()),
            (None, None) if environment == Environment::Production => {
                return Err(err("KEYCARD_SECRET", "required when KEYCARD_ENV=production (or set KEYCARD_SECRET_FILE)"));
            }
            (None, None) => SecretSource::DevFile("data/secret.key".into()),
        };

        let duration = |name: &'static str, default: &str| -> Result<Duration, ConfigError> {
            let raw = var(name).unwrap_or_else(|| default.into());
            let value = humantime::parse_duration(&raw)
                .map_err(|_| err(name, format!("invalid duration '{raw}' (use e.g. 30s, 15m, 7d)")))?;
            if value.is_zero() {
                return Err(err(name, "must be longer than zero"));
            }
            Ok(value)
        };
        let access_ttl = duration("KEYCARD_ACCESS_TTL", "15m")?;
        let refresh_ttl = duration("KEYCARD_REFRESH_TTL", "7d")?;
        let session_max_age = duration("KEYCARD_SESSION_MAX_AGE", "30d")?;
        let refresh_grace = duration("KEYCARD_REFRESH_GRACE", "10s")?;
        let retention = duration("KEYCARD_RETENTION", "90d")?;
        let reauth_window = duration("KEYCARD_REAUTH_WINDOW", "10m")?;
        if refresh_grace > access_ttl {
            return Err(err("KEYCARD_REFRESH_GRACE", "must not be longer than KEYCARD_ACCESS_TTL"));
        }
        if access_ttl >= refresh_ttl {
            return Err(err("KEYCARD_ACCESS_TTL", "must be shorter than KEYCARD_REFRESH_TTL"));
        }

        let cookie_secure = parse_bool("KEYCARD_COOKIE_SECURE", var("KEYCARD_COOKIE_SECURE"), true)?;
        if !cookie_secure && environment == Environment::Production {
            return Err(err("KEYCARD_COOKIE_SECURE", "cannot be false when KEYCARD_ENV=production"));
        }
        // The old switch: `false` changes nothing; `true` cannot say which
        // proxies to believe, so it is refused with the way forward.
        if parse_bool("KEYCARD_TRUST_PROXY", var("KEYCARD_TRUST_PROXY"), false)? {
            return Err(err(
                "KEYCARD_TRUST_PROXY",
                "replaced by KEYCARD_TRUSTED_PROXIES: list the proxies' addresses or ranges, e.g. 10.0.0.0/8",
            ));
        }
        let trusted_proxies = match var("KEYCARD_TRUSTED_PROXIES") {
            Some(raw) => parse_proxies(&raw).map_err(|m| err("KEYCARD_TRUSTED_PROXIES", m))?,
            None => Vec::new(),
        };

        let argon2 = match var("KEYCARD_ARGON2") {
            Some(raw) => parse_argon2(&raw).map_err(|m| err("KEYCARD_ARGON2", m))?,
            None => Argon2Cost::default(),
        };
        if environment == Environment::Production && !argon2.meets_owasp_minimum() {
            return Err(err(
                "KEYCARD_ARGON2",
                "below the OWASP minimum for production (at least m=19456,t=2 or m=47104,t=1; see docs/configuration.md)",
            ));
        }

        let register_limit = match var("KEYCARD_REGISTER_LIMIT") {
            Some(raw) => RegisterLimit::parse(&raw).map_err(|m| err("KEYCARD_REGISTER_LIMIT", m))?,
            None => RegisterLimit::default(),
        };

        let hash_queue = match var("KEYCARD_HASH_QUEUE") {
            None => None,
            Some(raw) => Some(
                raw.parse::<usize>()
                    .ok()
                    .filter(|n| (1..=100_000).contains(n))
                    .ok_or_else(|| err("KEYCARD_HASH_QUEUE", format!("expected a count from 1 to 100000, got '{raw}'")))?,
            ),
        };

        let clock_skew_ms = match var("KEYCARD_TEST_CLOCK_SKEW") {
            None => 0,
            Some(_) if environment == Environment::Production => {
                return Err(err("KEYCARD_TEST_CLOCK_SKEW", "is for tests only and refused when KEYCARD_ENV=production"));
            }
            Some(raw) => {
                let (sign, magnitude) = match raw.strip_prefix('-') {
                    Some(rest) => (-1, rest),
                    None => (1, raw.strip_prefix('+').unwrap_or(&raw)),
                };
                let skew = humantime::parse_duration(magnitude.trim())
                    .map_err(|_| err("KEYCARD_TEST_CLOCK_SKEW", format!("invalid duration '{raw}' (use e.g. -30s)")))?;
                sign * skew.as_millis() as i64
            }
        };

        let smtp = match var("KEYCARD_SMTP_URL") {
            Some(raw) => Some(SmtpSettings::parse(&raw).map_err(|m| err("KEYCARD_SMTP_URL", m))?),
            None if environment == Environment::Production => {
                return Err(err("KEYCARD_SMTP_URL", "required when KEYCARD_ENV=production: keycard must be able to send mail"));
            }
            None => None,
        };
        let mail_from = match var("KEYCARD_MAIL_FROM") {
            Some(raw) => raw.parse().map_err(|_| err("KEYCARD_MAIL_FROM", format!("not a mailbox: '{raw}' (use e.g. keycard <no-reply@example.com>)")))?,
            None => {
                let host = url::Url::parse(&public_origin).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
                // A public URL on an address (127.0.0.1, development) has no
                // domain to send from.
                let domain = if host.parse::<std::net::IpAddr>().is_ok() { "localhost".to_owned() } else { host };
                format!("keycard <no-reply@{domain}>")
                    .parse()
                    .map_err(|_| err("KEYCARD_MAIL_FROM", "cannot be derived from KEYCARD_PUBLIC_URL: set it"))?
            }
        };
        let reset_ttl = duration("KEYCARD_RESET_TTL", "30m")?;
        let verify_ttl = duration("KEYCARD_VERIFY_TTL", "24h")?;

        let log_format = match var("KEYCARD_LOG_FORMAT").as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => return Err(err("KEYCARD_LOG_FORMAT", format!("'{other}' is not text or json"))),
        };
        let metrics_addr = match var("KEYCARD_METRICS_ADDR") {
            None => None,
            Some(raw) => {
                let addr: SocketAddr =
                    raw.parse().map_err(|_| err("KEYCARD_METRICS_ADDR", "expected host:port, e.g. 127.0.0.1:9100"))?;
                let overlaps = addr.ip() == site_addr.ip() || addr.ip().is_unspecified() || site_addr.ip().is_unspecified();
                if addr.port() != 0 && addr.port() == site_addr.port() && overlaps {
                    return Err(err("KEYCARD_METRICS_ADDR", "must not be the public address (LEPTOS_SITE_ADDR)"));
                }
                Some(addr)
            }
        };

        let login_limit = match var("KEYCARD_LOGIN_LIMIT") {
            Some(raw) => LoginLimit::parse(&raw).map_err(|m| err("KEYCARD_LOGIN_LIMIT", m))?,
            None => LoginLimit::default(),
        };

        let bind_sessions = parse_bool("KEYCARD_DBSC", var("KEYCARD_DBSC"), public_origin.starts_with("https://"))?;
        let tls = match (var("KEYCARD_TLS_CERT"), var("KEYCARD_TLS_KEY")) {
            (Some(cert), Some(key)) => Some(TlsFiles { cert: cert.into(), key: key.into() }),
            (None, None) => None,
            (Some(_), None) => return Err(err("KEYCARD_TLS_KEY", "required with KEYCARD_TLS_CERT")),
            (None, Some(_)) => return Err(err("KEYCARD_TLS_CERT", "required with KEYCARD_TLS_KEY")),
        };

        // A variable's name is built from a provider's id: kept for the
        // life of the process, like every name here.
        let oidc_providers = super::federation::ProviderConfig::all_from(&|k| var(k))
            .map_err(|(name, message)| err(Box::leak(name.into_boxed_str()), message))?;
        Ok(Self {
            oidc_providers,
            bind_sessions,
            tls,
            login_limit,
            database_url,
            site_addr,
            public_origin,
            environment,
            secret,
            access_ttl,
            refresh_ttl,
            session_max_age,
            refresh_grace,
            cookie_secure,
            trusted_proxies,
            argon2,
            register_limit,
            hash_queue,
            retention,
            reauth_window,
            clock_skew_ms,
            smtp,
            mail_from,
            reset_ttl,
            verify_ttl,
            log_format,
            metrics_addr,
        })
    }

    pub fn policy(&self) -> Policy {
        Policy {
            session: SessionPolicy {
                access_ttl: self.access_ttl,
                refresh_ttl: self.refresh_ttl,
                refresh_grace: self.refresh_grace,
                session_max_age: self.session_max_age,
            },
            login_limit: self.login_limit,
            register_limit: self.register_limit,
            retention: self.retention,
            reauth_window: self.reauth_window,
            bind_sessions: self.bind_sessions,
        }
    }

    pub fn public_is_https(&self) -> bool {
        self.public_origin.starts_with("https://")
    }
}

fn parse_bool(name: &'static str, raw: Option<String>, default: bool) -> Result<bool, ConfigError> {
    match raw.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(other) => Err(err(name, format!("expected true or false, got '{other}'"))),
    }
}

/// Reduces a URL to its origin (`scheme://host[:port]`), refusing anything
/// that is not plain http(s) or that carries a path the origin check would
/// silently ignore.
fn parse_origin(raw: &str) -> Result<String, String> {
    let url = Url::parse(raw).map_err(|e| format!("not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("scheme must be http or https, got '{}'", url.scheme()));
    }
    if url.host_str().is_none() {
        return Err("missing host".into());
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err("must be an origin only, without path, query or fragment".into());
    }
    Ok(url.origin().ascii_serialization())
}

/// `10.0.0.1, 10.1.0.0/16 2001:db8::/32`: addresses or CIDR ranges,
/// separated by commas or spaces.
fn parse_proxies(raw: &str) -> Result<Vec<ipnet::IpNet>, String> {
    raw.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<ipnet::IpNet>()
                .or_else(|_| part.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map(|net| net.trunc())
                .map_err(|_| format!("'{part}' is not an address or a CIDR range"))
        })
        .collect()
}

impl Argon2Cost {
    /// OWASP's argon2id settings (Password Storage Cheat Sheet): any one of
    /// them, or more memory or iterations than one of them, with p=1 or more.
    pub fn meets_owasp_minimum(&self) -> bool {
        const MINIMUMS: [(u32, u32); 5] = [(47_104, 1), (19_456, 2), (12_288, 3), (9_216, 4), (7_168, 5)];
        MINIMUMS.iter().any(|&(m, t)| self.memory_kib >= m && self.iterations >= t) && self.parallelism >= 1
    }
}

fn parse_argon2(raw: &str) -> Result<Argon2Cost, String> {
    let mut cost = Argon2Cost::default();
    for part in raw.split(',') {
        let (key, value) = part.split_once('=').ok_or_else(|| format!("expected m=…,t=…,p=…, got '{raw}'"))?;
        let value: u32 = value.trim().parse().map_err(|_| format!("'{}' is not a number", value.trim()))?;
        match key.trim() {
            "m" => cost.memory_kib = value,
            "t" => cost.iterations = value,
            "p" => cost.parallelism = value,
            other => return Err(format!("unknown parameter '{other}' (use m, t, p)")),
        }
    }
    argon2::Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
        .map_err(|e| format!("rejected by argon2: {e}"))?;
    Ok(cost)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn mail_settings_parse_and_production_needs_a_relay() {
        let c = config(&[]).unwrap();
        assert!(c.smtp.is_none(), "development keeps mail in the database");
        assert_eq!(c.mail_from.to_string(), "keycard <no-reply@localhost>");
        assert_eq!((c.reset_ttl, c.verify_ttl), (Duration::from_secs(1800), Duration::from_secs(86_400)));
        let c = config(&[("KEYCARD_PUBLIC_URL", "https://auth.example.com")]).unwrap();
        assert_eq!(c.mail_from.email.to_string(), "no-reply@auth.example.com");

        let relay = SmtpSettings::parse("smtp://ada%40mail:p%40ss@mail.example.com").unwrap();
        assert_eq!((relay.host.as_str(), relay.port, relay.security), ("mail.example.com", 587, SmtpSecurity::StartTls));
        assert_eq!(relay.credentials, Some(("ada@mail".into(), "p@ss".into())));
        assert!(!format!("{relay:?}").contains("p@ss"), "the password is never printed");
        let tls = SmtpSettings::parse("smtps://mail.example.com:2465").unwrap();
        assert_eq!((tls.port, tls.security, tls.credentials), (2465, SmtpSecurity::Tls, None));
        assert_eq!(SmtpSettings::parse("smtp://127.0.0.1:2525").unwrap().security, SmtpSecurity::LoopbackPlain);
        for bad in ["mail.example.com", "http://mail.example.com", "smtp://"] {
            assert!(SmtpSettings::parse(bad).is_err(), "{bad}");
        }
        let prod = [("KEYCARD_ENV", "production"), ("KEYCARD_SECRET", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2U=")];
        assert_eq!(config(&prod).unwrap_err().var, "KEYCARD_SMTP_URL");
        assert_eq!(config(&[("KEYCARD_MAIL_FROM", "not a mailbox")]).unwrap_err().var, "KEYCARD_MAIL_FROM");
        assert_eq!(config(&[("KEYCARD_RESET_TTL", "0s")]).unwrap_err().var, "KEYCARD_RESET_TTL");
    }

    #[test]
    fn defaults_follow_the_spec() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://data/keycard.db");
        assert_eq!(c.site_addr, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(c.public_origin, "http://127.0.0.1:3000");
        assert_eq!(c.environment, Environment::Development);
        assert_eq!(c.secret, SecretSource::DevFile("data/secret.key".into()));
        assert_eq!(c.access_ttl, Duration::from_secs(15 * 60));
        assert_eq!(c.refresh_ttl, Duration::from_secs(7 * 86_400));
        assert_eq!(c.session_max_age, Duration::from_secs(30 * 86_400));
        assert_eq!(c.refresh_grace, Duration::from_secs(10));
        assert_eq!(c.reauth_window, Duration::from_secs(600));
        assert!(c.cookie_secure);
        assert!(c.trusted_proxies.is_empty());
        assert_eq!(c.register_limit, RegisterLimit::default());
        assert_eq!(c.clock_skew_ms, 0);
        assert_eq!(c.argon2, Argon2Cost { memory_kib: 19_456, iterations: 2, parallelism: 1 });
        assert_eq!(c.login_limit, LoginLimit::default());
        assert_eq!(config(&[("KEYCARD_LOGIN_LIMIT", "ten")]).unwrap_err().var, "KEYCARD_LOGIN_LIMIT");
    }

    #[test]
    fn durations_use_humantime() {
        let c = config(&[("KEYCARD_ACCESS_TTL", "3s"), ("KEYCARD_REFRESH_GRACE", "2s"), ("KEYCARD_REFRESH_TTL", "1h 30m")])
            .unwrap();
        assert_eq!(c.access_ttl, Duration::from_secs(3));
        assert_eq!(c.refresh_grace, Duration::from_secs(2));
        assert_eq!(c.refresh_ttl, Duration::from_secs(5400));
    }

    #[test]
    fn bad_duration_names_the_variable() {
        let e = config(&[("KEYCARD_ACCESS_TTL", "soon")]).unwrap_err();
        assert_eq!(e.var, "KEYCARD_ACCESS_TTL");
        assert!(e.to_string().starts_with("KEYCARD_ACCESS_TTL: invalid duration 'soon'"));
        assert_eq!(config(&[("KEYCARD_REFRESH_TTL", "0s")]).unwrap_err().var, "KEYCARD_REFRESH_TTL");
    }

    #[test]
    fn grace_longer_than_access_ttl_is_refused() {
        let e = config(&[("KEYCARD_ACCESS_TTL", "5s"), ("KEYCARD_REFRESH_GRACE", "10s")]).unwrap_err();
        assert_eq!(e.var, "KEYCARD_REFRESH_GRACE");
    }

    #[test]
    fn unknown_database_scheme_is_refused() {
        let e = config(&[("DATABASE_URL", "mysql://localhost/db")]).unwrap_err();
        assert_eq!(e.to_string(), "DATABASE_URL: unsupported scheme 'mysql' (use sqlite:// or postgres://)");
        assert!(config(&[("DATABASE_URL", "postgres://u@localhost/db")]).is_ok());
    }

    #[test]
    fn production_requires_a_secret_and_secure_cookies() {
        assert_eq!(config(&[("KEYCARD_ENV", "production")]).unwrap_err().var, "KEYCARD_SECRET");
        let secret = ("KEYCARD_SECRET", "c2VjcmV0");
        let relay = ("KEYCARD_SMTP_URL", "smtps://mail.example.com");
        assert!(config(&[("KEYCARD_ENV", "production"), secret, relay]).is_ok());
        let e = config(&[("KEYCARD_ENV", "production"), secret, ("KEYCARD_COOKIE_SECURE", "false")]).unwrap_err();
        assert_eq!(e.var, "KEYCARD_COOKIE_SECURE");
        assert_eq!(config(&[("KEYCARD_ENV", "staging")]).unwrap_err().var, "KEYCARD_ENV");
    }

    #[test]
    fn secret_sources_are_exclusive() {
        let e = config(&[("KEYCARD_SECRET", "x"), ("KEYCARD_SECRET_FILE", "/run/secret")]).unwrap_err();
        assert_eq!(e.var, "KEYCARD_SECRET");
        let c = config(&[("KEYCARD_SECRET_FILE", "/run/secret")]).unwrap();
        assert_eq!(c.secret, SecretSource::File("/run/secret".into()));
    }

    #[test]
    fn public_url_is_reduced_to_an_origin() {
        let c = config(&[("KEYCARD_PUBLIC_URL", "https://Auth.Example.com/")]).unwrap();
        assert_eq!(c.public_origin, "https://auth.example.com");
        assert!(c.public_is_https());
        assert_eq!(config(&[("KEYCARD_PUBLIC_URL", "https://example.com/app")]).unwrap_err().var, "KEYCARD_PUBLIC_URL");
        assert_eq!(config(&[("KEYCARD_PUBLIC_URL", "ftp://example.com")]).unwrap_err().var, "KEYCARD_PUBLIC_URL");
        assert_eq!(config(&[("KEYCARD_PUBLIC_URL", "not a url")]).unwrap_err().var, "KEYCARD_PUBLIC_URL");
    }

    #[test]
    fn site_addr_and_booleans_are_validated() {
        assert_eq!(config(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err().var, "LEPTOS_SITE_ADDR");
        assert_eq!(config(&[("KEYCARD_COOKIE_SECURE", "maybe")]).unwrap_err().var, "KEYCARD_COOKIE_SECURE");
        assert!(!config(&[("KEYCARD_COOKIE_SECURE", "FALSE")]).unwrap().cookie_secure);
        assert_eq!(config(&[("KEYCARD_TRUST_PROXY", "1")]).unwrap_err().var, "KEYCARD_TRUST_PROXY", "renamed: say so");
        assert!(config(&[("KEYCARD_TRUST_PROXY", "false")]).is_ok(), "the old default still starts");
    }

    #[test]
    fn log_format_and_metrics_address_are_validated() {
        assert_eq!(config(&[]).unwrap().log_format, LogFormat::Text);
        assert_eq!(config(&[]).unwrap().metrics_addr, None);
        assert_eq!(config(&[("KEYCARD_LOG_FORMAT", "JSON")]).unwrap().log_format, LogFormat::Json);
        assert_eq!(config(&[("KEYCARD_LOG_FORMAT", "xml")]).unwrap_err().var, "KEYCARD_LOG_FORMAT");
        let c = config(&[("KEYCARD_METRICS_ADDR", "127.0.0.1:9100")]).unwrap();
        assert_eq!(c.metrics_addr, Some("127.0.0.1:9100".parse().unwrap()));
        for public in ["127.0.0.1:3000", "0.0.0.0:3000"] {
            let e = config(&[("KEYCARD_METRICS_ADDR", public)]).unwrap_err();
            assert_eq!(e.var, "KEYCARD_METRICS_ADDR", "{public} is the public port");
        }
        assert!(config(&[("KEYCARD_METRICS_ADDR", "10.0.0.5:3000"), ("LEPTOS_SITE_ADDR", "127.0.0.1:3000")]).is_ok());
        assert_eq!(config(&[("KEYCARD_METRICS_ADDR", "9100")]).unwrap_err().var, "KEYCARD_METRICS_ADDR");
    }

    #[test]
    fn session_binding_follows_https_and_tls_needs_both_files() {
        assert!(!config(&[]).unwrap().bind_sessions, "browsers bind sessions over https only");
        assert!(config(&[("KEYCARD_PUBLIC_URL", "https://auth.example.com")]).unwrap().bind_sessions);
        assert!(!config(&[("KEYCARD_PUBLIC_URL", "https://auth.example.com"), ("KEYCARD_DBSC", "off")]).unwrap().bind_sessions);
        assert!(config(&[("KEYCARD_DBSC", "on")]).unwrap().bind_sessions);
        assert_eq!(config(&[("KEYCARD_DBSC", "sometimes")]).unwrap_err().var, "KEYCARD_DBSC");
        assert_eq!(config(&[]).unwrap().tls, None);
        let c = config(&[("KEYCARD_TLS_CERT", "/etc/keycard/cert.pem"), ("KEYCARD_TLS_KEY", "/etc/keycard/key.pem")]).unwrap();
        assert_eq!(c.tls, Some(TlsFiles { cert: "/etc/keycard/cert.pem".into(), key: "/etc/keycard/key.pem".into() }));
        assert_eq!(config(&[("KEYCARD_TLS_CERT", "/etc/keycard/cert.pem")]).unwrap_err().var, "KEYCARD_TLS_KEY");
        assert_eq!(config(&[("KEYCARD_TLS_KEY", "/etc/keycard/key.pem")]).unwrap_err().var, "KEYCARD_TLS_CERT");
    }

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        let c = config(&[("KEYCARD_TRUSTED_PROXIES", "10.0.0.1, 192.168.7.9/16 2001:db8::/32")]).unwrap();
        let listed: Vec<String> = c.trusted_proxies.iter().map(ToString::to_string).collect();
        assert_eq!(listed, ["10.0.0.1/32", "192.168.0.0/16", "2001:db8::/32"]);
        let e = config(&[("KEYCARD_TRUSTED_PROXIES", "10.0.0.1, proxy.internal")]).unwrap_err();
        assert_eq!(e.to_string(), "KEYCARD_TRUSTED_PROXIES: 'proxy.internal' is not an address or a CIDR range");
    }

    #[test]
    fn production_refuses_argon2_below_the_owasp_minimum() {
        let prod = [("KEYCARD_ENV", "production"), ("KEYCARD_SECRET", "c2VjcmV0"), ("KEYCARD_SMTP_URL", "smtps://mail.example.com")];
        for weak in ["m=8192,t=1,p=1", "m=19456,t=1,p=1", "m=7168,t=4,p=1"] {
            let e = config(&[prod[0], prod[1], prod[2], ("KEYCARD_ARGON2", weak)]).unwrap_err();
            assert_eq!(e.var, "KEYCARD_ARGON2", "{weak}");
        }
        for fine in ["m=19456,t=2,p=1", "m=47104,t=1,p=1", "m=7168,t=5,p=1", "m=65536,t=3,p=4"] {
            assert!(config(&[prod[0], prod[1], prod[2], ("KEYCARD_ARGON2", fine)]).is_ok(), "{fine}");
        }
        assert!(config(&[("KEYCARD_ARGON2", "m=256,t=1,p=1")]).is_ok(), "development may use cheap hashes");
    }

    #[test]
    fn the_test_clock_skew_is_signed_and_refused_in_production() {
        assert_eq!(config(&[("KEYCARD_TEST_CLOCK_SKEW", "-20s")]).unwrap().clock_skew_ms, -20_000);
        assert_eq!(config(&[("KEYCARD_TEST_CLOCK_SKEW", "+1m")]).unwrap().clock_skew_ms, 60_000);
        assert_eq!(config(&[("KEYCARD_TEST_CLOCK_SKEW", "soon")]).unwrap_err().var, "KEYCARD_TEST_CLOCK_SKEW");
        let e = config(&[("KEYCARD_ENV", "production"), ("KEYCARD_SECRET", "c2VjcmV0"), ("KEYCARD_TEST_CLOCK_SKEW", "1s")]);
        assert_eq!(e.unwrap_err().var, "KEYCARD_TEST_CLOCK_SKEW");
        assert_eq!(config(&[("KEYCARD_REGISTER_LIMIT", "many")]).unwrap_err().var, "KEYCARD_REGISTER_LIMIT");
        assert_eq!(config(&[("KEYCARD_HASH_QUEUE", "0")]).unwrap_err().var, "KEYCARD_HASH_QUEUE");
        assert_eq!(config(&[("KEYCARD_HASH_QUEUE", "8")]).unwrap().hash_queue, Some(8));
    }

    proptest::proptest! {
        #[test]
        fn any_value_is_accepted_or_named_never_a_panic(
            var in proptest::sample::select(vec![
                "DATABASE_URL", "LEPTOS_SITE_ADDR", "KEYCARD_PUBLIC_URL", "KEYCARD_ENV", "KEYCARD_ACCESS_TTL",
                "KEYCARD_REFRESH_GRACE", "KEYCARD_COOKIE_SECURE", "KEYCARD_ARGON2", "KEYCARD_LOGIN_LIMIT",
            ]),
            value in "\\PC{0,40}",
        ) {
            if let Err(e) = config(&[(var, &value)]) {
                proptest::prop_assert!(!e.message.is_empty());
            }
        }
    }

    #[test]
    fn argon2_cost_is_parsed_and_checked() {
        let c = config(&[("KEYCARD_ARGON2", "m=8192, t=1, p=1")]).unwrap();
        assert_eq!(c.argon2, Argon2Cost { memory_kib: 8192, iterations: 1, parallelism: 1 });
        assert_eq!(config(&[("KEYCARD_ARGON2", "m=lots")]).unwrap_err().var, "KEYCARD_ARGON2");
        assert_eq!(config(&[("KEYCARD_ARGON2", "x=1")]).unwrap_err().var, "KEYCARD_ARGON2");
        // argon2 itself refuses a memory cost below 8 × parallelism KiB.
        assert_eq!(config(&[("KEYCARD_ARGON2", "m=1,t=1,p=1")]).unwrap_err().var, "KEYCARD_ARGON2");
    }
}
