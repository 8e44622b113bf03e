//! Brute-force limits on sign-in.

use std::time::Duration;

use crate::{on_both_backends, support::*};

async fn failed_logins_get_growing_delays_then_429_even_with_the_right_password(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "6/20s")]).await;
    let (_, email) = signed_in(&app).await;
    let client = app.client();
    for attempt in 1..=4 {
        let reply = client.login(&email, "wrong password, again").await;
        assert_eq!(reply.status, 401, "attempt {attempt}: {}", reply.body);
    }
    // The fourth failure locked the account for a second.
    let locked = client.login(&email, PASSWORD).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    assert_eq!(locked.header("retry-after"), Some("1"));
    assert_eq!(locked.json()["code"], "rate_limited");
    assert!(locked.cookie(AT).is_none(), "the right password does not get in while locked");

    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(client.login(&email, "wrong password, again").await.status, 401);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(client.login(&email, "wrong password, again").await.status, 401);
    let locked = client.login(&email, PASSWORD).await;
    assert_eq!(locked.status, 429, "the sixth failure locks for the window");
}

async fn the_lock_lifts_when_the_window_passes(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "2/2s")]).await;
    let (_, email) = signed_in(&app).await;
    let client = app.client();
    assert_eq!(client.login(&email, "wrong password one").await.status, 401);
    assert_eq!(client.login(&email, "wrong password two").await.status, 401);
    let locked = client.login(&email, PASSWORD).await;
    assert_eq!(locked.status, 429);
    assert_eq!(locked.header("retry-after"), Some("2"));
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(client.login(&email, PASSWORD).await.status, 200);
}

async fn unknown_accounts_are_limited_the_same_way(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "2/1m")]).await;
    let (_, email) = signed_in(&app).await;
    let client = app.client();
    let unknown = unique_email();
    for target in [&email, &unknown] {
        client.login(target, "wrong password one").await;
        client.login(target, "wrong password two").await;
    }
    let a = client.login(&email, "anything at all").await;
    let b = client.login(&unknown, "anything at all").await;
    assert_eq!((a.status.as_u16(), b.status.as_u16()), (429, 429));
    assert_eq!(a.json()["code"], b.json()["code"]);
}

async fn the_address_limit_spans_accounts(backend: Backend) {
    // Failures from one address count together, whatever the accounts. With
    // 2 per account, an address may fail 10 times, the first 5 free: the
    // sixth locks it, so even a fresh account's right password waits.
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "2/1m")]).await;
    let client = app.client();
    for _ in 0..6 {
        assert_eq!(client.login(&unique_email(), "wrong password one").await.status, 401);
    }
    let (_, email) = signed_in(&app).await;
    let reply = client.login(&email, PASSWORD).await;
    assert_eq!(reply.status, 429, "the address is locked: {}", reply.body);
    assert_eq!(reply.header("retry-after"), Some("1"));
}

async fn counters_are_shared_by_instances_on_one_database(backend: Backend) {
    let a = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "2/1m")]).await;
    let public = a.origin();
    let b = spawn_on(&a.database_url, None, &[("KEYCARD_LOGIN_LIMIT", "2/1m"), ("KEYCARD_PUBLIC_URL", &public)]).await;
    let (_, email) = signed_in(&a).await;
    assert_eq!(a.client().login(&email, "wrong password one").await.status, 401);
    assert_eq!(b.client().login(&email, "wrong password two").await.status, 401);
    assert_eq!(a.client().login(&email, PASSWORD).await.status, 429);
    assert_eq!(b.client().login(&email, PASSWORD).await.status, 429);
}

async fn a_burst_of_parallel_guesses_gets_no_more_than_the_limit(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "5/1m")]).await;
    let (_, email) = signed_in(&app).await;
    let clients: Vec<Client> = (0..40).map(|_| app.client()).collect();
    let replies = futures::future::join_all(clients.iter().map(|c| c.login(&email, "one of many guesses"))).await;
    let verified = replies.iter().filter(|r| r.status == 401).count();
    let refused = replies.iter().filter(|r| r.status == 429).count();
    assert_eq!(verified + refused, 40);
    assert!(verified <= 5, "{verified} guesses were checked; the limit is 5");
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 429);
}

on_both_backends!(
    a_burst_of_parallel_guesses_gets_no_more_than_the_limit,
    failed_logins_get_growing_delays_then_429_even_with_the_right_password,
    the_lock_lifts_when_the_window_passes,
    unknown_accounts_are_limited_the_same_way,
    the_address_limit_spans_accounts,
    counters_are_shared_by_instances_on_one_database,
);
