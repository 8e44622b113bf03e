//! What the people who run keycard read: `/metrics` on its own address,
//! parsed by Prometheus' own parser after a scripted journey, and JSON log
//! lines. The `keycard` binary runs as a process: the metrics recorder is
//! process-wide, so a server of its own keeps the counts exact.

use std::{
    io::Write,
    process::{Command, Stdio},
    time::Duration,
};

use serde_json::Value;

use crate::{on_both_backends, process::Process, support::*};

/// Prometheus' Python client, from `make tools-test` (`.tools/py`).
fn python() -> String {
    std::env::var("KEYCARD_TEST_PYTHON").expect(
        "KEYCARD_TEST_PYTHON is not set: run the tests with `make test-rust`, which installs \
         prometheus_client into .tools/py and points this at it",
    )
}

/// The samples of a text exposition, as prometheus_client's parser reads them.
fn parse_exposition(text: &str) -> Vec<Value> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/metrics_samples.py");
    let mut child = Command::new(python()).arg(script).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the Prometheus parser refused /metrics: {}\n{text}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice::<Value>(&output.stdout).unwrap().as_array().unwrap().clone()
}

/// The sum of the samples `name` whose labels include `labels`; `None` if
/// there is none.
fn sample(samples: &[Value], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let values: Vec<f64> = samples
        .iter()
        .filter(|s| s["name"] == name && labels.iter().all(|(k, v)| s["labels"][*k] == *v))
        .map(|s| s["value"].as_f64().unwrap())
        .collect();
    (!values.is_empty()).then(|| values.iter().sum())
}

fn json_lines(log: &str) -> Vec<Value> {
    log.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let line: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {l}"));
            assert!(line.is_object() && line["timestamp"].is_string() && line["level"].is_string(), "{l}");
            line
        })
        .collect()
}

async fn metrics_count_a_journey_and_name_no_one(backend: Backend) {
    let (url, _dir) = fresh_database(backend).await;
    let env = [
        ("KEYCARD_LOG_FORMAT", "json"),
        ("KEYCARD_METRICS_ADDR", "127.0.0.1:0"),
        ("KEYCARD_REFRESH_GRACE", "1s"),
        ("KEYCARD_LOGIN_LIMIT", "3/15m"),
        ("KEYCARD_DBSC", "on"),
        // What `cargo leptos build` compiles in; a binary built by plain
        // cargo (this one) otherwise has leptos print a warning line.
        ("LEPTOS_OUTPUT_NAME", "keycard"),
    ];
    let mut server = Process::start(&url, &env).await;
    let metrics_addr = json_lines(&server.log())
        .into_iter()
        .find(|l| l["message"] == "metrics listening at /metrics")
        .and_then(|l| l["metrics_addr"].as_str().map(str::to_owned))
        .expect("the metrics address is logged");

    // A journey: sign up, one wrong and one right password, a rotation, a replay.
    let client = server.client();
    let email = unique_email();
    let mut secrets = vec![email.clone(), register_and_verify_at(&server.origin, &client, &email, PASSWORD).await];
    assert_eq!(client.login(&email, "not the password at all").await.status, 401);
    assert_eq!(client.login(&email, PASSWORD).await.status, 200);
    let replayed = client.get_cookie(RT).unwrap();
    assert_eq!(client.refresh().await.status, 200);
    secrets.extend([replayed.clone(), client.get_cookie(RT).unwrap(), client.get_cookie(AT).unwrap()]);
    // The same token again at once: a concurrent request, answered in the grace.
    let racer = server.client();
    racer.set_cookie(RT, &replayed);
    assert_eq!(racer.refresh().await.status, 200, "grace");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let thief = server.client();
    thief.set_cookie(RT, &replayed);
    assert_eq!(thief.refresh().await.status, 401, "reuse detected");
    assert_eq!(client.refresh().await.status, 401, "the session ended with the reuse");
    // A guesser runs into the sign-in limit (3 per account here).
    let guesser = server.client();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(guesser.login(&email, "guessing away at it").await.status.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429], "the owner's mistake counted on its own browser's budget");

    assert_eq!(client.get("/metrics").await.status, 404, "never on the public port");
    let scraped = reqwest::get(format!("http://{metrics_addr}/metrics")).await.unwrap();
    assert_eq!(scraped.status(), 200);
    assert!(scraped.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = scraped.text().await.unwrap();
    let samples = parse_exposition(&text);

    let count = |name: &str, labels: &[(&str, &str)]| sample(&samples, name, labels).unwrap_or(0.0);
    assert_eq!(count("keycard_sign_ins_total", &[("outcome", "success")]), 1.0, "{text}");
    assert_eq!(count("keycard_sign_ins_total", &[("outcome", "bad_credentials")]), 4.0, "{text}");
    assert_eq!(count("keycard_sign_ins_total", &[("outcome", "rate_limited")]), 1.0, "{text}");
    assert_eq!(count("keycard_rate_limited_total", &[("limit", "sign_in")]), 1.0, "{text}");
    assert_eq!(count("keycard_refreshes_total", &[("outcome", "rotated")]), 1.0, "{text}");
    assert_eq!(count("keycard_refreshes_total", &[("outcome", "grace")]), 1.0, "{text}");
    assert_eq!(count("keycard_refreshes_total", &[("outcome", "reuse_detected")]), 1.0, "{text}");
    // The session the reuse revoked.
    assert_eq!(count("keycard_refreshes_total", &[("outcome", "revoked")]), 1.0, "{text}");
    assert_eq!(count("keycard_refreshes_total", &[("outcome", "expired")]), 0.0, "{text}");
    let login = [("method", "POST"), ("route", "/api/auth/login")];
    assert_eq!(count("keycard_http_requests_total", &[login[0], login[1], ("status", "200")]), 1.0, "{text}");
    assert_eq!(count("keycard_http_requests_total", &[login[0], login[1], ("status", "401")]), 4.0, "{text}");
    assert_eq!(count("keycard_http_requests_total", &[login[0], login[1], ("status", "429")]), 1.0, "{text}");
    assert_eq!(count("keycard_http_request_duration_seconds_count", &login), 6.0, "{text}");
    assert_eq!(count("keycard_http_request_duration_seconds_bucket", &[login[0], login[1], ("le", "+Inf")]), 6.0, "{text}");
    assert_eq!(count("keycard_http_requests_total", &[("route", "unmatched"), ("status", "404")]), 1.0, "{text}");
    // Registration (its strength estimate and its hash) and the five checked
    // passwords ran on the hashing threads; the refused attempt did not.
    assert_eq!(count("keycard_hash_wait_seconds_count", &[]), 7.0, "{text}");
    assert_eq!(sample(&samples, "keycard_hash_queue_depth", &[]), Some(0.0), "nothing waits once all is answered:\n{text}");
    // Without a relay the verification mail stays in the outbox.
    assert!(count("keycard_mail_outbox_depth", &[]) >= 1.0, "{text}");
    assert!(count("keycard_db_pool_connections", &[("state", "open")]) >= 1.0, "{text}");
    assert!(count("keycard_db_pool_max_connections", &[]) >= 8.0, "{text}");

    // No user data in any name, label or value.
    for secret in &secrets {
        assert!(!text.contains(secret.as_str()), "{secret} is in /metrics");
    }
    assert!(!text.contains('@') && !text.contains("127.0.0.1"), "an address is in /metrics:\n{text}");

    // A session bound to its browser's key (through a mailed link's
    // sign-in): a binding, a refused one, a challenge, a renewal, a copy.
    use crate::bound::{BrowserKey, bind, challenge_of, offered, renew};
    let (browser, key, email) = (server.client(), BrowserKey::new(), unique_email());
    assert_eq!(browser.register(&email, PASSWORD).await.status, 200);
    let token = try_link_token(&server.origin, &email, "/verify-email").await.expect("a verification link");
    let challenge = offered(&browser.verify(&token).await);
    assert_eq!(bind(&browser, &key.answer(&challenge, true)).await.status, 200);
    assert_eq!(bind(&browser, &key.answer(&challenge, true)).await.status, 401, "used");
    let sid = access_claims(&browser)["sid"].as_str().unwrap().to_owned();
    let asked = renew(&browser, &sid, None).await;
    assert_eq!(renew(&browser, &sid, Some(&key.answer(&challenge_of(&asked, &sid), false))).await.status, 200);
    let copy = server.client();
    copy.set_cookie(RT, &browser.get_cookie(RT).unwrap());
    assert_eq!(copy.refresh().await.status, 401);
    let text = reqwest::get(format!("http://{metrics_addr}/metrics")).await.unwrap().text().await.unwrap();
    let samples = parse_exposition(&text);
    let count = |name: &str, labels: &[(&str, &str)]| sample(&samples, name, labels).unwrap_or(0.0);
    assert_eq!(count("keycard_session_bindings_total", &[("outcome", "registered")]), 1.0, "{text}");
    assert_eq!(count("keycard_session_bindings_total", &[("outcome", "bound")]), 1.0, "{text}");
    assert_eq!(count("keycard_session_bindings_total", &[("outcome", "refused")]), 1.0, "{text}");
    assert_eq!(count("keycard_bound_renewals_total", &[("outcome", "challenged")]), 1.0, "{text}");
    assert_eq!(count("keycard_bound_renewals_total", &[("outcome", "renewed")]), 1.0, "{text}");
    assert_eq!(count("keycard_copied_cookies_refused_total", &[]), 1.0, "{text}");

    // Every line of the log is one JSON object; requests carry their fields
    // and the id of their span.
    server.signal("-TERM");
    assert!(server.wait(Duration::from_secs(10)).await);
    let lines = json_lines(&server.log());
    let logins: Vec<&Value> =
        lines.iter().filter(|l| l["message"] == "request" && l["path"] == "/api/auth/login").collect();
    assert_eq!(logins.len(), 6, "{lines:?}");
    assert_eq!(logins[0]["status"], 401);
    assert_eq!(logins[0]["method"], "POST");
    assert!(logins[0]["latency_ms"].is_number());
    assert!(logins[0]["span"]["id"].as_str().is_some_and(|id| id.len() == 32), "{}", logins[0]);
    assert!(lines.iter().any(|l| l["message"] == "stopped"));
    let log = server.log();
    for secret in &secrets[1..] {
        assert!(!log.contains(secret.as_str()), "a token reached the log");
    }
}

on_both_backends!(metrics_count_a_journey_and_name_no_one);
