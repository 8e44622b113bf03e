//! Prometheus metrics, served at `GET /metrics` on `KEYCARD_METRICS_ADDR`
//! only, never on the public port.
//!
//! The flows count what they do through the functions here; with no
//! recorder installed (metrics off, or the in-process tests) the counts go
//! nowhere at no cost. Labels are fixed words, routes from the route table
//! and status codes: no address, e-mail, token or id is ever one. Gauges of
//! state (hashing queue, outbox, database pool) are read at each scrape.

use std::{
    collections::HashSet,
    net::SocketAddr,
    sync::OnceLock,
    time::Duration,
};

use axum::{Router, extract::State, http::header, response::IntoResponse, routing::get};
use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::auth::Auth;

/// Buckets of the latency histograms, in seconds: from a cached page to an
/// argon2 hash waiting in a full queue.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

/// How often histograms are compacted between scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Installs the process-wide recorder, once; later calls get the same handle.
pub fn install() -> Result<PrometheusHandle, String> {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &BUCKETS)
        .and_then(|b| b.install_recorder())
        .map_err(|e| format!("KEYCARD_METRICS_ADDR: cannot start the metrics recorder: {e}"))?;
    describe();
    Ok(HANDLE.get_or_init(|| handle).clone())
}

fn describe() {
    describe_counter!("keycard_http_requests_total", "HTTP requests answered, by method, route and status.");
    describe_histogram!("keycard_http_request_duration_seconds", "Time to answer an HTTP request, by method, route and status.");
    describe_counter!(
        "keycard_sign_ins_total",
        "Password sign-ins by outcome: success, second_factor, bad_credentials (unconfirmed accounts too), rate_limited, locked, second_step_blocked, busy, error."
    );
    describe_counter!(
        "keycard_refreshes_total",
        "Refresh-token uses by outcome: rotated, grace, recovered, reuse_detected, expired, revoked, invalid."
    );
    describe_counter!("keycard_rate_limited_total", "Requests refused by a limit: sign_in, register, requests (mail and links).");
    describe_gauge!("keycard_hash_queue_depth", "Password jobs waiting for a hashing thread.");
    describe_histogram!("keycard_hash_wait_seconds", "Time a password job waited for a hashing thread.");
    describe_counter!("keycard_hash_refused_total", "Password jobs refused because the hashing queue was full.");
    describe_gauge!("keycard_mail_outbox_depth", "Mails waiting to be sent.");
    describe_counter!("keycard_mail_deliveries_total", "Mail delivery attempts by outcome: sent, retry, gave_up.");
    describe_gauge!("keycard_db_pool_connections", "Database connections of this instance, by state: open, idle.");
    describe_gauge!("keycard_db_pool_max_connections", "The most database connections this instance opens.");
}

/// Serves `GET /metrics` on `listener` until the process ends.
pub async fn serve(auth: Auth, handle: PrometheusHandle, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let upkeep = handle.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(UPKEEP_EVERY);
        loop {
            tick.tick().await;
            upkeep.run_upkeep();
        }
    });
    let app = Router::new().route("/metrics", get(scrape)).with_state((auth, handle));
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await
}

async fn scrape(State((auth, handle)): State<(Auth, PrometheusHandle)>) -> impl IntoResponse {
    gauge!("keycard_hash_queue_depth").set(auth.passwords.queued() as f64);
    let pool = auth.store.pool_usage();
    gauge!("keycard_db_pool_connections", "state" => "open").set(f64::from(pool.open));
    gauge!("keycard_db_pool_connections", "state" => "idle").set(pool.idle as f64);
    gauge!("keycard_db_pool_max_connections").set(f64::from(pool.max));
    match auth.store.pending_mails().await {
        Ok(n) => gauge!("keycard_mail_outbox_depth").set(n as f64),
        // The gauge keeps its last value; the failed scrape of the database shows in the pool.
        Err(e) => tracing::warn!(error = %e, "metrics: could not count the outbox"),
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render())
}

/// The route label of a request: the route table's pattern, the server
/// function's path for `/api/…`, or one of two fixed words.
pub fn route_label(matched: Option<&str>, path: &str) -> String {
    static SERVER_FNS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    match matched {
        Some(pattern) if pattern.starts_with("/api/{") => {
            let known = SERVER_FNS.get_or_init(|| leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p).collect());
            if known.contains(path) { path.to_owned() } else { "/api/unknown".to_owned() }
        }
        Some(pattern) => pattern.to_owned(),
        None if path.starts_with("/pkg/") => "/pkg/*".to_owned(),
        None => "unmatched".to_owned(),
    }
}

pub fn request(method: &str, route: String, status: u16, elapsed: Duration) {
    let method = match method {
        "GET" | "POST" | "HEAD" | "PUT" | "DELETE" | "OPTIONS" | "PATCH" => method.to_owned(),
        _ => "other".to_owned(),
    };
    let status = status.to_string();
    histogram!("keycard_http_request_duration_seconds", "method" => method.clone(), "route" => route.clone(), "status" => status.clone())
        .record(elapsed.as_secs_f64());
    counter!("keycard_http_requests_total", "method" => method, "route" => route, "status" => status).increment(1);
}

pub fn sign_in(outcome: &'static str) {
    counter!("keycard_sign_ins_total", "outcome" => outcome).increment(1);
}

pub fn refresh(outcome: &'static str) {
    counter!("keycard_refreshes_total", "outcome" => outcome).increment(1);
}

pub fn rate_limited(limit: &'static str) {
    counter!("keycard_rate_limited_total", "limit" => limit).increment(1);
}

pub fn hash_waited(wait: Duration) {
    histogram!("keycard_hash_wait_seconds").record(wait.as_secs_f64());
}

pub fn hash_refused() {
    counter!("keycard_hash_refused_total").increment(1);
}

pub fn mail_delivery(outcome: &'static str) {
    counter!("keycard_mail_deliveries_total", "outcome" => outcome).increment(1);
}

#[cfg(test)]
mod tests {
    use super::route_label;

    #[test]
    fn route_labels_come_from_the_route_table_never_from_the_request() {
        assert_eq!(route_label(Some("/account"), "/account"), "/account");
        assert_eq!(route_label(Some("/api/{*fn_name}"), "/api/auth/login"), "/api/auth/login");
        assert_eq!(route_label(Some("/api/{*fn_name}"), "/api/alice@example.com"), "/api/unknown");
        assert_eq!(route_label(None, "/pkg/keycard.wasm"), "/pkg/*");
        assert_eq!(route_label(None, "/users/alice@example.com"), "unmatched");
    }
}
