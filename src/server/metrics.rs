//! The counters the flows keep: each function here counts one thing. With
//! no recorder installed (metrics off, or the in-process tests) the counts
//! go nowhere at no cost. Labels are fixed words, routes from the route
//! table and status codes: no address, e-mail, token or id is ever one.
//! They are served by `server::http::prometheus`, which also reads the gauges
//! of state.

use std::{collections::HashSet, sync::OnceLock, time::Duration};

use metrics::{counter, histogram};

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

/// A browser's attempt to bind a session to its key (`bound`, `refused`).
pub fn session_binding(outcome: &'static str) {
    counter!("keycard_session_bindings_total", "outcome" => outcome).increment(1);
}

/// A bound session's renewal: a challenge sent, a proof that verified, or one refused.
pub fn bound_renewal(outcome: &'static str) {
    counter!("keycard_bound_renewals_total", "outcome" => outcome).increment(1);
}

/// A bound session's refresh cookie refused for coming without its key's proof.
pub fn copied_cookie_refused() {
    counter!("keycard_copied_cookies_refused_total").increment(1);
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
