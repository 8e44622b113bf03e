//! Defences that cannot be turned against the user: bounded hashing,
//! registration limits, sign-ins racing password changes, client addresses
//! behind proxies, lockouts an attacker cannot aim, lost refresh answers,
//! one clock across instances, and session lifetimes everywhere.

use std::time::Duration;

use keycard::server::{
    client::ClientInfo,
    store::{Applied, Write},
};

use crate::{on_both_backends, support::*};

fn client_info() -> ClientInfo {
    ClientInfo { ip: "127.0.0.1".into(), user_agent: String::new(), device: None, ..ClientInfo::default() }
}

async fn session_id(client: &Client) -> String {
    client.me().await.json()["session_id"].as_str().unwrap().to_owned()
}

async fn registration_is_limited_per_address(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_REGISTER_LIMIT", "3/1m"), ("KEYCARD_TRUSTED_PROXIES", "127.0.0.1")]).await;
    let from = |ip: &str| {
        let client = app.client();
        let request = client
            .raw(reqwest::Method::POST, "/api/auth/register")
            .header("x-forwarded-for", ip)
            .form(&[("email", unique_email()), ("password", PASSWORD.into())]);
        async move { client.send(request).await }
    };
    for n in 1..=3 {
        assert_eq!(from("203.0.113.5").await.status, 200, "registration {n}");
    }
    let refused = from("203.0.113.5").await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert_eq!(refused.json()["code"], "rate_limited");
    let wait: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(refused.cookie(AT).is_none());
    // Another address has its own budget; an IPv6 client its /64's.
    assert_eq!(from("198.51.100.20").await.status, 200);
    for n in 1..=3 {
        assert_eq!(from(&format!("2001:db8:7:7::{n}")).await.status, 200);
    }
    assert_eq!(from("2001:db8:7:7:ffff::1").await.status, 429, "the same /64");
    assert_eq!(from("2001:db8:7:8::1").await.status, 200, "the next /64");
}

async fn a_full_hashing_queue_answers_503_with_retry_after(backend: Backend) {
    // A short queue, dearer hashes, and more concurrent sign-ins than the
    // hashing threads and the queue hold.
    let app = spawn_app(
        backend,
        &[("KEYCARD_ARGON2", "m=8192,t=2,p=1"), ("KEYCARD_HASH_QUEUE", "2"), ("KEYCARD_LOGIN_LIMIT", "100000/1m")],
    )
    .await;
    let burst = 40;
    let clients: Vec<(Client, String)> = (0..burst).map(|_| (app.client(), unique_email())).collect();
    let replies = futures::future::join_all(clients.iter().map(|(c, email)| c.login(email, "wrong password here"))).await;
    let busy: Vec<&Reply> = replies.iter().filter(|r| r.status == 503).collect();
    assert!(!busy.is_empty(), "some were refused: {:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
    for reply in &busy {
        assert_eq!(reply.header("retry-after"), Some("2"));
        assert_eq!(reply.json()["code"], "unavailable");
    }
    for reply in replies.iter().filter(|r| r.status != 503) {
        assert_eq!(reply.status, 401, "the others were checked: {}", reply.body);
    }
    assert_eq!(app.client().get("/healthz").await.status, 200);
}

async fn a_sign_in_racing_a_password_change_opens_no_session(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    // The sign-in read the account (and verified the old password)…
    let before = app.state.auth.store().user_by_email(&email).await.unwrap().unwrap();
    // …the password changed and the other sessions were revoked…
    let changed = client
        .post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", "an entirely new passphrase 42")])
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    // …and only then does the sign-in try to open its session.
    let late = app.state.auth.open_session(before.clone(), &client_info()).await;
    assert_eq!(late.err().map(|e| e.code), Some(keycard::auth::ErrorCode::Unauthorized));
    let sessions = app.state.auth.store().active_sessions(&before.id).await.unwrap();
    assert_eq!(sessions.len(), 1, "only the device that changed the password");
    // A sign-in that verifies the new password works.
    assert_eq!(app.client().login(&email, "an entirely new passphrase 42").await.status, 200);
}

async fn a_password_change_over_a_stale_credential_is_refused(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_client, email) = signed_in(&app).await;
    let user = app.state.auth.store().user_by_email(&email).await.unwrap().unwrap();
    let set = |hash: &str| Write::SetPassword { user_id: user.id.clone(), verified_version: user.credential_version, hash: hash.into() };
    let store = app.state.auth.store();
    assert_eq!(store.apply(&[set("x")], 1).await.unwrap(), Applied::Done);
    assert_eq!(store.apply(&[set("y")], 2).await.unwrap(), Applied::Stale, "the version the second change verified is gone");
}

async fn a_sign_in_racing_account_deletion_opens_no_session(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    let before = app.state.auth.store().user_by_email(&email).await.unwrap().unwrap();
    assert_eq!(client.post("/api/account/delete", &[("password", PASSWORD)]).await.status, 200);
    let late = app.state.auth.open_session(before, &client_info()).await;
    assert_eq!(late.err().map(|e| e.code), Some(keycard::auth::ErrorCode::Unauthorized), "refused, not a database error");
}

async fn client_addresses_come_from_trusted_proxies_only(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")]).await;
    let (_, email) = signed_in(&app).await;
    let client = app.client();
    // The client wrote its own line; the two proxies appended theirs.
    let request = client
        .raw(reqwest::Method::POST, "/api/auth/login")
        .header("x-forwarded-for", "6.6.6.6")
        .header("x-forwarded-for", "203.0.113.77, 10.2.3.4")
        .form(&[("email", email.as_str()), ("password", PASSWORD)]);
    assert_eq!(client.send(request).await.status, 200);
    let devices = client.post("/api/account/sessions", &[]).await.json();
    assert_eq!(devices[0]["ip"], "203.0.113.77");

    // Without a list, the header is ignored.
    let plain = spawn_app(backend, &[]).await;
    let (_, email) = signed_in(&plain).await;
    let other = plain.client();
    let request = other
        .raw(reqwest::Method::POST, "/api/auth/login")
        .header("x-forwarded-for", "203.0.113.77")
        .form(&[("email", email.as_str()), ("password", PASSWORD)]);
    assert_eq!(other.send(request).await.status, 200);
    assert_eq!(other.post("/api/account/sessions", &[]).await.json()[0]["ip"], "127.0.0.1");
}

async fn an_attacker_cannot_lock_the_owner_out(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "4/1m")]).await;
    let (owner, email) = signed_in(&app).await;
    assert!(owner.get_cookie(DEVICE).is_some(), "signing in made the browser trusted");
    // Signed out, the owner's browser keeps its device cookie.
    assert_eq!(owner.post("/api/auth/logout", &[]).await.status, 200);
    assert!(owner.get_cookie(DEVICE).is_some());

    let attacker = app.client();
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(attacker.login(&email, "a wrong guess indeed").await.status.as_u16());
    }
    assert!(statuses.contains(&429), "the attacker is slowed down: {statuses:?}");
    let stranger = app.client().login(&email, PASSWORD).await;
    assert_eq!(stranger.status, 429, "a new browser waits, even with the right password");

    let back = owner.login(&email, PASSWORD).await;
    assert_eq!(back.status, 200, "the owner's own browser gets in: {}", back.body);
    let kinds: Vec<String> = owner
        .post("/api/account/activity", &[])
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert!(kinds.contains(&"sign_in_locked".to_owned()), "{kinds:?}");
}

async fn foreign_forged_and_outdated_device_cookies_are_untrusted(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "4/1m")]).await;
    let (other, _) = signed_in(&app).await;
    let foreign = other.get_cookie(DEVICE).unwrap();
    // A browser whose cookie predates a password change.
    let (changed, changed_email) = signed_in(&app).await;
    let outdated = changed.get_cookie(DEVICE).unwrap();
    let reply = changed
        .post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", "an entirely new passphrase 42")])
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let cases = [
        ("another account's cookie", foreign.as_str(), signed_in(&app).await.1),
        ("a made-up cookie", "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", signed_in(&app).await.1),
        ("a cookie from before the password change", outdated.as_str(), changed_email),
    ];
    for (what, cookie, victim) in cases {
        let attacker = app.client();
        attacker.set_cookie(DEVICE, cookie);
        for _ in 0..4 {
            attacker.login(&victim, "a wrong guess indeed").await;
        }
        // Trusted, the cookie would have had a budget of its own; untrusted,
        // its guesses spent the account's budget for unknown browsers.
        let stranger = app.client().login(&victim, "an entirely new passphrase 42").await;
        assert_eq!(stranger.status, 429, "{what}: {}", stranger.body);
    }
}

async fn two_tabs_recovering_one_lost_answer_both_stay_signed_in(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_ACCESS_TTL", "5s"), ("KEYCARD_REFRESH_GRACE", "1s")]).await;
    let (browser, _) = signed_in(&app).await;
    let sid = session_id(&browser).await;
    let previous = browser.get_cookie(RT).unwrap();
    assert_eq!(browser.refresh().await.status, 200);
    tokio::time::sleep(Duration::from_millis(1300)).await;
    // Both tabs of the browser come back at once with the previous token.
    let tabs: Vec<Client> = (0..2).map(|_| app.client().with_cookies_of(&browser)).collect();
    for tab in &tabs {
        tab.set_cookie(RT, &previous);
        tab.set_cookie(DEVICE, &browser.get_cookie(DEVICE).unwrap());
    }
    let replies = futures::future::join_all(tabs.iter().map(|t| t.refresh())).await;
    for reply in &replies {
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    assert!(app.state.auth.store().session(&sid).await.unwrap().unwrap().is_active());
    assert_eq!(tabs[0].get_cookie(RT), tabs[1].get_cookie(RT), "both tabs hold the current token");
}

async fn a_fast_instance_clock_cannot_shorten_the_sign_in_delays(backend: Backend) {
    // B's own clock runs 2 minutes fast: by it, every lock A set is over.
    let (a, b) = skewed_pair(backend, "+2m").await;
    let (_, email) = signed_in(&a).await;
    let on_a = a.client();
    for _ in 0..4 {
        on_a.login(&email, "a wrong guess indeed").await;
    }
    let on_b = b.client();
    let reply = on_b.login(&email, "a wrong guess indeed").await;
    assert_eq!(reply.status, 429, "the delay A set holds on B: {}", reply.body);
}

async fn parallel_guesses_cannot_skip_the_delays(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "10/1m")]).await;
    let (_, email) = signed_in(&app).await;
    let guessers: Vec<Client> = (0..12).map(|_| app.client()).collect();
    let replies = futures::future::join_all(guessers.iter().map(|c| c.login(&email, "a wrong guess indeed"))).await;
    let checked = replies.iter().filter(|r| r.status == 401).count();
    let refused = replies.iter().filter(|r| r.status == 429).count();
    assert_eq!(checked + refused, 12);
    // Three free failures, then the fourth sets a delay that every other
    // concurrent guess runs into.
    assert_eq!(checked, 4, "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
}

async fn a_lost_refresh_answer_is_recovered_by_the_same_browser(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_ACCESS_TTL", "5s"), ("KEYCARD_REFRESH_GRACE", "1s")]).await;
    let (browser, _) = signed_in(&app).await;
    let sid = session_id(&browser).await;
    let previous = browser.get_cookie(RT).unwrap();
    // The rotation commits, but the browser never sees the answer.
    assert_eq!(browser.refresh().await.status, 200);
    browser.set_cookie(RT, &previous);
    tokio::time::sleep(Duration::from_millis(1300)).await;

    let back = browser.refresh().await;
    assert_eq!(back.status, 200, "recovered, not a logout: {}", back.body);
    assert_ne!(browser.get_cookie(RT).unwrap(), previous, "a fresh token");
    assert!(app.state.auth.store().session(&sid).await.unwrap().unwrap().is_active());
    assert_eq!(browser.refresh().await.status, 200, "and it rotates on");

    // A token older than the previous one is a replay, from this browser too.
    let replay = browser.get_cookie(RT).unwrap();
    assert_eq!(browser.refresh().await.status, 200);
    assert_eq!(browser.refresh().await.status, 200);
    browser.set_cookie(RT, &replay);
    tokio::time::sleep(Duration::from_millis(1300)).await;
    assert_eq!(browser.refresh().await.status, 401);
    assert!(!app.state.auth.store().session(&sid).await.unwrap().unwrap().is_active(), "reuse detected");
}

async fn the_previous_token_from_another_client_within_grace_is_recorded(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (browser, _) = signed_in(&app).await;
    let previous = browser.get_cookie(RT).unwrap();
    assert_eq!(browser.refresh().await.status, 200);
    let elsewhere = app.client();
    elsewhere.set_cookie(RT, &previous);
    let request = elsewhere.raw(reqwest::Method::POST, "/api/auth/refresh").header("user-agent", "curl/8.0");
    assert_eq!(elsewhere.send(request).await.status, 200, "within grace it is still answered");
    let activity = browser.post("/api/account/activity", &[]).await.json();
    let kinds: Vec<&str> = activity.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"refresh_from_other_client"), "{kinds:?}");
}

/// Two instances on one database; B's own clock is off by `skew`.
async fn skewed_pair(backend: Backend, skew: &str) -> (TestApp, TestApp) {
    let env = [("KEYCARD_ACCESS_TTL", "5s"), ("KEYCARD_REFRESH_GRACE", "1s"), ("KEYCARD_REFRESH_TTL", "1m")];
    let a = spawn_app(backend, &env).await;
    let public = a.origin();
    let mut skewed = vec![("KEYCARD_PUBLIC_URL", public.as_str()), ("KEYCARD_TEST_CLOCK_SKEW", skew)];
    skewed.extend_from_slice(&env);
    let b = spawn_on(&a.database_url, None, &skewed).await;
    (a, b)
}

async fn a_slow_instance_clock_cannot_widen_the_grace_window(backend: Backend) {
    // B's own clock runs 30 s slow: by it, the rotation on A is in the future.
    let (a, b) = skewed_pair(backend, "-30s").await;
    let (on_a, _) = signed_in(&a).await;
    let sid = session_id(&on_a).await;
    let old = on_a.get_cookie(RT).unwrap();
    assert_eq!(on_a.refresh().await.status, 200);
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let thief = b.client();
    thief.set_cookie(RT, &old);
    assert_eq!(thief.refresh().await.status, 401, "past the grace by the database's clock");
    assert!(!a.state.auth.store().session(&sid).await.unwrap().unwrap().is_active(), "reuse detected");
}

async fn a_fast_instance_clock_cannot_end_sessions_early(backend: Backend) {
    // B's own clock runs 2 minutes fast: by it, the session (idle timeout
    // 1 minute) would have expired already.
    let (a, b) = skewed_pair(backend, "+2m").await;
    let (on_a, _) = signed_in(&a).await;
    let on_b = b.client().with_cookies_of(&on_a);
    assert_eq!(on_b.refresh().await.status, 200);
    assert_eq!(on_b.post("/api/account/sessions", &[]).await.status, 200);
}

async fn an_access_token_never_outlives_its_session(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_SESSION_MAX_AGE", "3s"), ("KEYCARD_ACCESS_TTL", "10m")]).await;
    let client = app.client();
    let email = unique_email();
    client.register(&email, PASSWORD).await;
    let reply = client.verify(&app.link_token(&email, "/verify-email").await).await;
    let info = reply.json();
    let lifetime = info["access_expires_at"].as_i64().unwrap() * 1000 - info["server_time_ms"].as_i64().unwrap();
    assert!(lifetime <= 3_000, "the token ends with the session, not after 10 minutes: {lifetime} ms");
    let max_age: i64 = reply.cookie(AT).unwrap().max_age().unwrap().whole_seconds();
    assert!(max_age <= 3, "{max_age}");
}

async fn sensitive_operations_check_session_expiry_not_only_revocation(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_SESSION_MAX_AGE", "2s")]).await;
    let (client, email) = signed_in(&app).await;
    let sid = session_id(&client).await;
    let user = app.state.auth.store().user_by_email(&email).await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(2300)).await;
    // A token made to outlive the session (as one signed before this fix
    // could): the session is over, so sensitive operations refuse it.
    let now = app.state.auth.now_ms() / 1000;
    let password = keycard::server::jwt::Authenticated { at_secs: now, amr: "pwd", bound_to: None };
    let (token, _) = app.state.auth.keys().sign(&user.id, &sid, now, i64::MAX, password).unwrap();
    client.set_cookie(AT, &token);
    assert_eq!(client.post("/api/account/sessions", &[]).await.status, 401);
    let changed = client
        .post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", "an entirely new passphrase 42")])
        .await;
    assert_eq!(changed.status, 401, "{}", changed.body);
}

async fn protected_pages_cover_their_subpaths(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let reply = app.client().get("/account/devices").await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert!(reply.header("location").unwrap().starts_with("/login?next=%2Faccount%2Fdevices"));
    assert_ne!(app.client().get("/accounts").await.status, 303, "a sibling path is not under /account");
}

/// The cap for all addresses together cannot be spent by a few dozen
/// addresses using their whole budgets: each counts there for a share only.
async fn a_few_dozen_addresses_cannot_close_registration_for_everyone(backend: Backend) {
    // 2 per address: 100 accounts in all before everyone waits.
    let app = spawn_app(backend, &[("KEYCARD_REGISTER_LIMIT", "2/1h"), ("KEYCARD_TRUSTED_PROXIES", "127.0.0.1")]).await;
    let from = |ip: String| {
        let client = app.client();
        let request = client
            .raw(reqwest::Method::POST, "/api/auth/register")
            .header("x-forwarded-for", ip)
            .form(&[("email", unique_email()), ("password", PASSWORD.into())]);
        async move { client.send(request).await.status.as_u16() }
    };
    for n in 0..50 {
        for _ in 0..2 {
            assert_eq!(from(format!("198.51.100.{n}")).await, 200, "address {n}");
        }
    }
    app.settle().await;
    assert_eq!(from("203.0.113.77".into()).await, 200, "a newcomer can still register");
}

on_both_backends!(
    a_few_dozen_addresses_cannot_close_registration_for_everyone,
    registration_is_limited_per_address,
    a_sign_in_racing_a_password_change_opens_no_session,
    a_password_change_over_a_stale_credential_is_refused,
    a_sign_in_racing_account_deletion_opens_no_session,
    client_addresses_come_from_trusted_proxies_only,
    an_attacker_cannot_lock_the_owner_out,
    foreign_forged_and_outdated_device_cookies_are_untrusted,
    two_tabs_recovering_one_lost_answer_both_stay_signed_in,
    a_fast_instance_clock_cannot_shorten_the_sign_in_delays,
    parallel_guesses_cannot_skip_the_delays,
    a_lost_refresh_answer_is_recovered_by_the_same_browser,
    the_previous_token_from_another_client_within_grace_is_recorded,
    a_slow_instance_clock_cannot_widen_the_grace_window,
    a_fast_instance_clock_cannot_end_sessions_early,
    an_access_token_never_outlives_its_session,
    sensitive_operations_check_session_expiry_not_only_revocation,
    protected_pages_cover_their_subpaths,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_hashing_queue_answers_503() {
    a_full_hashing_queue_answers_503_with_retry_after(Backend::Sqlite).await;
}
