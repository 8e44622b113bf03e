//! Cross-site requests, oversized and malformed input, response headers.

use reqwest::Method;

use crate::{on_both_backends, support::*};

async fn cross_site_posts_are_refused(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    let form = [("email", email.as_str()), ("password", PASSWORD)];
    let refused: [(&str, &str); 5] = [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("origin", "http://127.0.0.1:1"),
    ];
    for (name, value) in refused {
        let reply = client.send(client.raw(Method::POST, "/api/auth/login").header(name, value).form(&form)).await;
        assert_eq!(reply.status, 403, "{name}: {value}");
        assert_eq!(reply.json()["code"], "forbidden");
        assert!(reply.cookie(AT).is_none());
    }
    // A cross-site logout cannot sign the user out.
    let logout = client.send(client.raw(Method::POST, "/api/auth/logout").header("sec-fetch-site", "cross-site")).await;
    assert_eq!(logout.status, 403);
    assert_eq!(client.me().await.status, 200);

    // Same-origin browsers and non-browser clients pass.
    let same = client
        .send(client.raw(Method::POST, "/api/auth/login").header("origin", app.origin()).header("sec-fetch-site", "same-origin").form(&form))
        .await;
    assert_eq!(same.status, 200, "{}", same.body);
    assert_eq!(client.login(&email, PASSWORD).await.status, 200);
}

async fn oversized_bodies_are_413(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    let huge = "a".repeat(1024 * 1024);
    let reply = client.post("/api/auth/login", &[("email", "a@example.com"), ("password", &huge)]).await;
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert_eq!(reply.json()["code"], "too_large");
    // The server is fine afterwards.
    assert_eq!(client.get("/healthz").await.status, 200);
}

async fn malformed_requests_are_400_with_a_message(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    let missing = client.post("/api/auth/login", &[("email", "a@example.com")]).await;
    assert_eq!(missing.status, 400, "{}", missing.body);
    assert_eq!(missing.json()["code"], "invalid_input");
    assert!(!missing.json()["message"].as_str().unwrap().is_empty());

    let bad_bytes = client
        .send(client.raw(Method::POST, "/api/auth/login").header("content-type", "application/x-www-form-urlencoded").body(vec![0xff, 0xfe, b'=', 0x00]))
        .await;
    assert_eq!(bad_bytes.status, 400, "{}", bad_bytes.body);
    assert_eq!(bad_bytes.json()["code"], "invalid_input");

    let long_email = format!("{}@example.com", "a".repeat(8000));
    for email in [long_email.as_str(), "nul\0byte@example.com", "<script>alert(1)</script>@example.com", "' OR '1'='1"] {
        let reply = client.login(email, PASSWORD).await;
        assert_eq!(reply.status, 400, "{email:?}: {}", reply.body);
    }
    // SQL metacharacters in a well-formed address are just characters.
    let reply = client.login("o'brien+x@example.com", "'; DROP TABLE users; --").await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(client.get("/readyz").await.status, 200);
}

async fn random_form_bodies_never_cause_a_server_error(backend: Backend) {
    use rand::{Rng, SeedableRng};
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    // Seeded, so a failure is reproducible.
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x6b65_7963);
    let pieces = ["email", "password", "next", "=", "&", "%", "%FF", "%00", "@", "+", "a", "é", "[", "]", "\\", "'", "\"", ";"];
    for path in ["/api/auth/login", "/api/auth/register", "/api/account/revoke_session", "/api/account/change_password"] {
        for _ in 0..40 {
            let body: String = (0..rng.gen_range(0..30)).map(|_| pieces[rng.gen_range(0..pieces.len())]).collect();
            let reply = client
                .send(client.raw(Method::POST, path).header("content-type", "application/x-www-form-urlencoded").body(body.clone()))
                .await;
            assert!(reply.status.is_client_error(), "{path} {body:?} -> {}: {}", reply.status, reply.body);
        }
    }
    assert_eq!(client.get("/readyz").await.status, 200);
}

async fn responses_carry_security_headers(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    for path in ["/", "/login", "/healthz"] {
        let reply = client.get(path).await;
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(reply.header("referrer-policy"), Some("strict-origin-when-cross-origin"), "{path}");
    }
    for path in ["/", "/login", "/register"] {
        let reply = client.get(path).await;
        assert_eq!(reply.status, 200);
        let csp = reply.header("content-security-policy").unwrap_or_default().to_owned();
        let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce in the policy");
        assert!(nonce.len() >= 16, "{csp}");
        for directive in ["default-src 'self'", "'wasm-unsafe-eval'", "frame-ancestors 'none'", "object-src 'none'"] {
            assert!(csp.contains(directive), "{path}: {csp} lacks {directive}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        // Every script carries this render's nonce.
        let scripts = reply.body.matches("<script").count();
        assert!(scripts > 0);
        assert!(reply.body.matches(&format!("nonce=\"{nonce}\"")).count() >= scripts, "{path}");
    }
    let other = client.get("/healthz").await;
    assert_eq!(other.header("content-security-policy"), Some("default-src 'none'; frame-ancestors 'none'"));
    assert_eq!(client.get("/").await.header("strict-transport-security"), None, "no HSTS over plain http");

    let api = client.post("/api/auth/me", &[]).await;
    assert_eq!(api.status, 401);
    assert_eq!(api.header("cache-control"), Some("no-store"));
}

/// A page's policy (with its nonce) belongs to that page's answer alone:
/// pages rendering while static files are served keep theirs, and the files
/// get the bare policy. (leptos' own file handler once handed a rendering
/// page's headers to a file answered at the same moment on the same thread,
/// and the page went out with `default-src 'none'`: no styles, no scripts.)
async fn every_page_keeps_its_own_policy_under_load(backend: Backend) {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("pkg/bundle.js"), "export const loaded = true;").unwrap();
    std::fs::write(site.path().join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    let root = site.path().to_str().unwrap().to_owned();
    let app = spawn_app(backend, &[("LEPTOS_SITE_ROOT", root.as_str())]).await;
    let client = &app.client();
    let paths = ["/login", "/pkg/bundle.js", "/register", "/favicon.svg", "/", "/no-such-page"];
    for _round in 0..10 {
        let replies =
            futures::future::join_all((0..60).map(|i| paths[i % paths.len()]).map(|path| async move { (path, client.get(path).await) }))
                .await;
        for (path, reply) in replies {
            let csp = reply.header("content-security-policy").unwrap_or_default();
            if path.contains('.') {
                assert_eq!(reply.status, 200, "{path}");
                assert_eq!(csp, "default-src 'none'; frame-ancestors 'none'", "{path}");
            } else {
                let expected = if path == "/no-such-page" { 404 } else { 200 };
                assert_eq!(reply.status, expected, "{path}");
                assert!(csp.contains("'nonce-"), "{path} went out with {csp:?}");
            }
        }
    }
}

async fn https_deployments_send_hsts(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_PUBLIC_URL", "https://auth.example.com")]).await;
    let reply = app.client().get("/").await;
    assert_eq!(reply.header("strict-transport-security"), Some("max-age=31536000; includeSubDomains"));
}

on_both_backends!(
    random_form_bodies_never_cause_a_server_error,
    https_deployments_send_hsts,
    cross_site_posts_are_refused,
    oversized_bodies_are_413,
    malformed_requests_are_400_with_a_message,
    responses_carry_security_headers,
    every_page_keeps_its_own_policy_under_load,
);
