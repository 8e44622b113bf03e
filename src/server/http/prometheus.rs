//! `GET /metrics`, in the Prometheus text format, on `KEYCARD_METRICS_ADDR`
//! only, never on the public port: the counters of `server::metrics`, and
//! gauges of state (hashing queue, outbox, database pool) read at each
//! scrape.

use std::{net::SocketAddr, sync::OnceLock, time::Duration};

use axum::{Router, extract::State, http::header, response::IntoResponse, routing::get};
use metrics::{describe_counter, describe_gauge, describe_histogram, gauge};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::server::auth::Auth;

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
    let gauges = auth.gauges().await;
    gauge!("keycard_hash_queue_depth").set(gauges.hash_queue as f64);
    let pool = gauges.pool;
    gauge!("keycard_db_pool_connections", "state" => "open").set(f64::from(pool.open));
    gauge!("keycard_db_pool_connections", "state" => "idle").set(pool.idle as f64);
    gauge!("keycard_db_pool_max_connections").set(f64::from(pool.max));
    match gauges.pending_mails {
        Ok(n) => gauge!("keycard_mail_outbox_depth").set(n as f64),
        // The gauge keeps its last value; the failed scrape of the database shows in the pool.
        Err(e) => tracing::warn!(error = %e, "metrics: could not count the outbox"),
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render())
}
