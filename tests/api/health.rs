use crate::{on_both_backends, support::*};

async fn health_and_readiness_answer(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    assert_eq!(client.get("/healthz").await.status, 200);
    let ready = client.get("/readyz").await;
    assert_eq!(ready.status, 200, "{}", ready.body);
}

async fn jwks_serves_the_ed25519_public_key(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let reply = app.client().get("/.well-known/jwks.json").await;
    assert_eq!(reply.status, 200);
    let keys = reply.json()["keys"].as_array().unwrap().clone();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["kty"], "OKP");
    assert_eq!(keys[0]["crv"], "Ed25519");
    assert_eq!(keys[0]["alg"], "EdDSA");
    assert_eq!(keys[0]["x"].as_str().unwrap().len(), 43, "32-byte key, base64url");
}

async fn restarting_on_the_same_database_keeps_keys_and_sessions(backend: Backend) {
    let first = spawn_app(backend, &[]).await;
    let (client, _) = signed_in(&first).await;
    let jwks = first.client().get("/.well-known/jwks.json").await.body;
    let url = first.database_url.clone();
    // A second process on the same database and secret: migrations are
    // idempotent, the key is reused, the session is recognised.
    let public = first.origin();
    let second = spawn_on(&url, None, &[("KEYCARD_PUBLIC_URL", &public)]).await;
    assert_eq!(second.client().get("/.well-known/jwks.json").await.body, jwks);
    let other = second.client().with_cookies_of(&client);
    assert_eq!(other.me().await.status, 200);
    assert_eq!(other.refresh().await.status, 200);
    drop(first);
}

async fn a_different_secret_on_the_same_database_is_refused(backend: Backend) {
    let first = spawn_app(backend, &[]).await;
    let url = first.database_url.clone();
    let vars = std::collections::HashMap::from([
        ("DATABASE_URL".to_owned(), url),
        ("KEYCARD_SECRET".to_owned(), base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [7u8; 32])),
        ("LEPTOS_SITE_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
    ]);
    let config = keycard::server::Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
    let options = leptos::config::get_configuration(None).unwrap().leptos_options;
    let err = keycard::server::AppState::build(config, options).await.err().expect("startup must fail");
    assert!(err.to_string().starts_with("KEYCARD_SECRET:"), "{err}");
}

on_both_backends!(
    health_and_readiness_answer,
    jwks_serves_the_ed25519_public_key,
    restarting_on_the_same_database_keeps_keys_and_sessions,
    a_different_secret_on_the_same_database_is_refused,
);
