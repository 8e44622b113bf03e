//! Several instances on one database with one secret: no sticky sessions.

use std::time::Duration;

use crate::{on_both_backends, support::*};

async fn pair(backend: Backend, env: &[(&str, &str)]) -> (TestApp, TestApp) {
    let a = spawn_app(backend, env).await;
    let public = a.origin();
    let mut shared = vec![("KEYCARD_PUBLIC_URL", public.as_str())];
    shared.extend_from_slice(env);
    let b = spawn_on(&a.database_url, None, &shared).await;
    (a, b)
}

async fn a_session_from_one_instance_is_recognised_by_another(backend: Backend) {
    let (a, b) = pair(backend, &[]).await;
    let (on_a, _) = signed_in(&a).await;
    let on_b = b.client().with_cookies_of(&on_a);
    assert_eq!(on_b.me().await.status, 200);
    let sessions = on_b.post("/api/account/sessions", &[]).await;
    assert_eq!(sessions.status, 200, "{}", sessions.body);
    assert_eq!(on_b.refresh().await.status, 200, "B rotates a token A issued");
    assert_eq!(a.client().with_cookies_of(&on_b).me().await.status, 200, "and A accepts B's");
}

async fn reuse_on_another_instance_is_detected(backend: Backend) {
    let (a, b) = pair(backend, &[("KEYCARD_ACCESS_TTL", "5s"), ("KEYCARD_REFRESH_GRACE", "1s")]).await;
    let (on_a, _) = signed_in(&a).await;
    let old = on_a.get_cookie(RT).unwrap();
    assert_eq!(on_a.refresh().await.status, 200);
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let thief = b.client();
    thief.set_cookie(RT, &old);
    assert_eq!(thief.refresh().await.status, 401);
    assert_eq!(on_a.refresh().await.status, 401, "the session is revoked everywhere");
}

async fn concurrent_refreshes_split_across_instances_converge(backend: Backend) {
    let (a, b) = pair(backend, &[]).await;
    let (on_a, _) = signed_in(&a).await;
    let racers: Vec<Client> = (0..16).map(|i| (if i % 2 == 0 { &a } else { &b }).client().with_cookies_of(&on_a)).collect();
    let replies = futures::future::join_all(racers.iter().map(|c| c.refresh())).await;
    assert!(replies.iter().all(|r| r.status == 200), "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
    let tokens: std::collections::HashSet<String> = racers.iter().map(|c| c.get_cookie(RT).unwrap()).collect();
    assert_eq!(tokens.len(), 1, "one current token, whichever instance answered");
    assert_eq!(racers[1].refresh().await.status, 200);
}

async fn rotating_the_signing_key_keeps_older_tokens_valid(backend: Backend) {
    let (a, b) = pair(backend, &[]).await;
    let (old, _) = signed_in(&a).await;
    let secret = keycard::server::secret::Secret::decode(
        "KEYCARD_SECRET",
        &base64::Engine::encode(&base64::engine::general_purpose::STANDARD, SECRET_BYTES),
    )
    .unwrap();
    let new_kid = keycard::server::jwt::Keyring::add_key(a.state.auth.store(), a.state.auth.clock(), &secret).await.unwrap();
    a.state.auth.keys().reload().await.unwrap();

    let (fresh, _) = signed_in(&a).await;
    let header = |c: &Client| c.get_cookie(AT).unwrap().split('.').next().unwrap().to_owned();
    assert_ne!(header(&old), header(&fresh), "new tokens name the new key");
    let jwks = a.client().get("/.well-known/jwks.json").await.json();
    let kids: Vec<&str> = jwks["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap()).collect();
    assert_eq!(kids.len(), 2, "both keys are published while old tokens live");
    assert!(kids.contains(&new_kid.as_str()));
    // The old token still works on A, and B learns the new key on first sight.
    assert_eq!(old.me().await.status, 200);
    assert_eq!(b.client().with_cookies_of(&fresh).me().await.status, 200);
}

on_both_backends!(
    a_session_from_one_instance_is_recognised_by_another,
    reuse_on_another_instance_is_detected,
    concurrent_refreshes_split_across_instances_converge,
    rotating_the_signing_key_keeps_older_tokens_valid,
);
