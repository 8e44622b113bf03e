//! Refresh-token rotation, in the order of docs/security.md.

use std::time::Duration;

use crate::{on_both_backends, support::*};

async fn session_of(app: &TestApp, client: &Client) -> keycard::server::store::SessionRecord {
    let me = client.me().await;
    let sid = me.json()["session_id"].as_str().unwrap().to_owned();
    app.state.auth.store().session(&sid).await.unwrap().unwrap()
}

async fn current_refresh_token_rotates(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, _) = signed_in(&app).await;
    let (at0, rt0) = (client.get_cookie(AT).unwrap(), client.get_cookie(RT).unwrap());
    let reply = client.refresh().await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let (at1, rt1) = (client.get_cookie(AT).unwrap(), client.get_cookie(RT).unwrap());
    assert_ne!(at0, at1);
    assert_ne!(rt0, rt1);
    assert!(reply.json()["access_expires_at"].is_i64());
    assert!(!reply.body.contains(&rt1) && !reply.body.contains(&at1));
    // The new token rotates in turn.
    assert_eq!(client.refresh().await.status, 200);
}

async fn previous_token_within_grace_gets_the_current_token(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, _) = signed_in(&app).await;
    let rt0 = client.get_cookie(RT).unwrap();
    assert_eq!(client.refresh().await.status, 200);
    let rt1 = client.get_cookie(RT).unwrap();

    // A second tab still holding rt0, within the grace window.
    let late = app.client();
    late.set_cookie(RT, &rt0);
    let reply = late.refresh().await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(late.get_cookie(RT).unwrap(), rt1, "the late tab converges on the current token");
    assert!(late.get_cookie(AT).is_some());
    assert!(session_of(&app, &client).await.is_active());
    // …and both tabs keep working.
    assert_eq!(client.refresh().await.status, 200);
    assert_eq!(client.me().await.status, 200);
}

async fn many_parallel_refreshes_with_one_token_never_fork_or_revoke(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, _) = signed_in(&app).await;
    let rt0 = client.get_cookie(RT).unwrap();
    let racers: Vec<Client> = (0..24)
        .map(|_| {
            let c = app.client();
            c.set_cookie(RT, &rt0);
            c
        })
        .collect();
    let replies = futures::future::join_all(racers.iter().map(|c| c.refresh())).await;
    for r in &replies {
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let tokens: std::collections::HashSet<String> = racers.iter().map(|c| c.get_cookie(RT).unwrap()).collect();
    assert_eq!(tokens.len(), 1, "every racer ends with the same current token");
    let survivor = &racers[0];
    assert!(session_of(&app, survivor).await.is_active());
    assert_eq!(survivor.refresh().await.status, 200, "the converged token is the live one");
}

async fn reuse_after_grace_revokes_the_whole_session(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_ACCESS_TTL", "5s"), ("KEYCARD_REFRESH_GRACE", "1s")]).await;
    let (client, _) = signed_in(&app).await;
    let session = session_of(&app, &client).await;
    let rt0 = client.get_cookie(RT).unwrap();
    assert_eq!(client.refresh().await.status, 200);
    tokio::time::sleep(Duration::from_millis(1300)).await;

    let thief = app.client();
    thief.set_cookie(RT, &rt0);
    let reply = thief.refresh().await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(reply.cookie(RT).unwrap().max_age(), Some(cookie::time::Duration::ZERO));

    // The legitimate holder's current token died with the session.
    assert_eq!(client.refresh().await.status, 401);
    let after = app.state.auth.store().session(&session.id).await.unwrap().unwrap();
    assert_eq!(after.revoked_reason.as_deref(), Some("refresh_reuse_detected"));
    let events = app.state.auth.store().recent_events(&session.user_id, 10).await.unwrap();
    assert_eq!(events[0].kind, "refresh_reuse_detected");
}

async fn an_older_token_is_reuse_even_within_grace_of_its_successor(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_ACCESS_TTL", "5s"), ("KEYCARD_REFRESH_GRACE", "1s")]).await;
    let (client, _) = signed_in(&app).await;
    let rt0 = client.get_cookie(RT).unwrap();
    tokio::time::sleep(Duration::from_millis(1300)).await;
    assert_eq!(client.refresh().await.status, 200); // rt0 -> rt1, rt0 superseded now
    tokio::time::sleep(Duration::from_millis(1300)).await;
    assert_eq!(client.refresh().await.status, 200); // rt1 -> rt2, within grace of rt1 only
    let thief = app.client();
    thief.set_cookie(RT, &rt0);
    assert_eq!(thief.refresh().await.status, 401);
    assert_eq!(client.refresh().await.status, 401, "the session is revoked");
}

async fn a_token_two_rotations_old_is_reuse_even_inside_the_grace_window(backend: Backend) {
    // The whole chain happens well within the grace window: only the
    // previous token is honoured, an older one is reuse.
    let app = spawn_app(backend, &[("KEYCARD_REFRESH_GRACE", "60s")]).await;
    let (client, _) = signed_in(&app).await;
    let rt0 = client.get_cookie(RT).unwrap();
    assert_eq!(client.refresh().await.status, 200); // rt0 -> rt1
    let rt1 = client.get_cookie(RT).unwrap();
    assert_eq!(client.refresh().await.status, 200); // rt1 -> rt2, at once
    let tab = app.client();
    tab.set_cookie(RT, &rt1);
    assert_eq!(tab.refresh().await.status, 200, "the previous token is still honoured");
    assert!(session_of(&app, &client).await.revoked_at.is_none());
    let thief = app.client();
    thief.set_cookie(RT, &rt0);
    assert_eq!(thief.refresh().await.status, 401);
    assert_eq!(session_of(&app, &client).await.revoked_reason.as_deref(), Some("refresh_reuse_detected"));
    assert_eq!(client.refresh().await.status, 401, "the session is revoked");
}

async fn unknown_or_garbage_refresh_tokens_are_401_without_side_effects(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, _) = signed_in(&app).await;
    let probe = app.client();
    for junk in ["", "x", &"A".repeat(43), "'; DELETE FROM sessions; --", &"é".repeat(100)] {
        probe.set_cookie(RT, junk);
        let reply = probe.refresh().await;
        assert_eq!(reply.status, 401, "{junk:?}: {}", reply.body);
    }
    assert_eq!(app.client().refresh().await.status, 401, "no cookie at all");
    assert_eq!(client.refresh().await.status, 200, "the real session is untouched");
}

async fn idle_sessions_expire(backend: Backend) {
    let app = spawn_app(
        backend,
        &[("KEYCARD_ACCESS_TTL", "1s"), ("KEYCARD_REFRESH_GRACE", "1s"), ("KEYCARD_REFRESH_TTL", "2s")],
    )
    .await;
    let (client, _) = signed_in(&app).await;
    let rt_age = client.refresh().await.cookie(RT).unwrap().max_age().unwrap().whole_seconds();
    assert!(rt_age <= 2, "refresh cookie lives as long as the idle timeout, got {rt_age}");
    tokio::time::sleep(Duration::from_millis(2300)).await;
    assert_eq!(client.refresh().await.status, 401);
}

async fn sessions_end_at_their_absolute_age_even_when_used(backend: Backend) {
    let app = spawn_app(
        backend,
        &[
            ("KEYCARD_ACCESS_TTL", "1s"),
            ("KEYCARD_REFRESH_GRACE", "1s"),
            ("KEYCARD_REFRESH_TTL", "1h"),
            ("KEYCARD_SESSION_MAX_AGE", "3s"),
        ],
    )
    .await;
    let (client, _) = signed_in(&app).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let reply = client.refresh().await;
    assert_eq!(reply.status, 200);
    let rt_age = reply.cookie(RT).unwrap().max_age().unwrap().whole_seconds();
    assert!(rt_age <= 2, "Max-Age counts down to the absolute expiry, got {rt_age}");
    tokio::time::sleep(Duration::from_millis(1800)).await;
    assert_eq!(client.refresh().await.status, 401);
}

/// A refresh that loses to a revocation landing between its read and its
/// rotation is told why the session ended, as a later one would be: the
/// tab's sign-in page must not say "expired" for "signed out elsewhere".
async fn a_refresh_racing_a_revocation_is_told_it_was_revoked(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let mut refused = 0;
    for _ in 0..4 {
        let mut devices = Vec::new();
        for _ in 0..8 {
            let device = app.client();
            assert_eq!(device.login(&email, PASSWORD).await.status, 200);
            devices.push(device);
        }
        let refreshes = futures::future::join_all(devices.iter().map(|d| d.refresh()));
        let (replies, revoked) = tokio::join!(refreshes, owner.post("/api/account/revoke_other_sessions", &[]));
        assert_eq!(revoked.status, 200, "{}", revoked.body);
        for (reply, device) in replies.iter().zip(&devices) {
            if reply.status == 401 {
                refused += 1;
                assert_eq!(reply.json()["session"], "revoked", "{}", reply.body);
            } else {
                // It came first; the next one finds the session over.
                assert_eq!(reply.status, 200, "{}", reply.body);
                assert_eq!(device.refresh().await.json()["session"], "revoked");
            }
        }
    }
    assert!(refused > 0, "some refresh came after the revocation");
}

on_both_backends!(
    a_refresh_racing_a_revocation_is_told_it_was_revoked,
    current_refresh_token_rotates,
    previous_token_within_grace_gets_the_current_token,
    many_parallel_refreshes_with_one_token_never_fork_or_revoke,
    reuse_after_grace_revokes_the_whole_session,
    an_older_token_is_reuse_even_within_grace_of_its_successor,
    a_token_two_rotations_old_is_reuse_even_inside_the_grace_window,
    unknown_or_garbage_refresh_tokens_are_401_without_side_effects,
    idle_sessions_expire,
    sessions_end_at_their_absolute_age_even_when_used,
);
