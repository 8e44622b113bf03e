//! The account security centre over HTTP: devices, password, deletion,
//! activity, and the database check behind every sensitive operation.

use crate::{on_both_backends, support::*};

fn session_ids(reply: &Reply) -> Vec<(String, bool)> {
    reply.json().as_array().unwrap().iter().map(|d| (d["session_id"].as_str().unwrap().to_owned(), d["this_device"].as_bool().unwrap())).collect()
}

/// Two devices of one account.
async fn two_devices(app: &TestApp) -> (Client, Client, String) {
    let (a, email) = signed_in(app).await;
    let b = app.client();
    assert_eq!(b.login(&email, PASSWORD).await.status, 200);
    (a, b, email)
}

async fn sessions_list_marks_this_device_and_describes_it(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (a, _b, _) = two_devices(&app).await;
    let reply = a
        .send(a.raw(reqwest::Method::POST, "/api/account/sessions").header("user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let list = session_ids(&reply);
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|(_, this)| *this).count(), 1);
    let device = &reply.json()[0];
    assert_eq!(device["ip"], "127.0.0.1");
    assert!(device["signed_in_at"].as_i64().unwrap() > 1_700_000_000);
}

async fn revoking_a_device_ends_it_at_once_for_sensitive_calls_and_at_its_next_refresh(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (a, b, _) = two_devices(&app).await;
    let b_id = session_ids(&b.post("/api/account/sessions", &[]).await).into_iter().find(|(_, this)| *this).unwrap().0;
    let reply = a.post("/api/account/revoke_session", &[("session_id", &b_id)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    // B's access token still verifies (that is what a JWT is for) …
    assert_eq!(b.me().await.status, 200);
    // … but every sensitive operation checks the session in the database,
    assert_eq!(b.post("/api/account/sessions", &[]).await.status, 401);
    assert_eq!(b.post("/api/account/revoke_other_sessions", &[]).await.status, 401);
    assert_eq!(b.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", "x y z w v u t s")]).await.status, 401);
    // … and its refresh token is dead.
    assert_eq!(b.refresh().await.status, 401);
    assert_eq!(session_ids(&a.post("/api/account/sessions", &[]).await).len(), 1);
}

async fn a_session_of_another_user_cannot_be_revoked(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (mallory, _) = signed_in(&app).await;
    let (victim, _) = signed_in(&app).await;
    let victim_id = session_ids(&victim.post("/api/account/sessions", &[]).await)[0].0.clone();
    let reply = mallory.post("/api/account/revoke_session", &[("session_id", &victim_id)]).await;
    assert_eq!(reply.status, 400, "looks like an unknown session: {}", reply.body);
    assert_eq!(victim.post("/api/account/sessions", &[]).await.status, 200);
    for junk in ["", "' OR 1=1 --", &"x".repeat(5000)] {
        assert_eq!(mallory.post("/api/account/revoke_session", &[("session_id", junk)]).await.status, 400);
    }
}

async fn sign_out_everywhere_else_keeps_this_device(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (a, b, email) = two_devices(&app).await;
    let c = app.client();
    assert_eq!(c.login(&email, PASSWORD).await.status, 200);
    let reply = a.post("/api/account/revoke_other_sessions", &[]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json(), 2);
    assert_eq!(b.refresh().await.status, 401);
    assert_eq!(c.refresh().await.status, 401);
    assert_eq!(a.refresh().await.status, 200);
}

async fn changing_the_password_needs_the_current_one_and_signs_out_the_others(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (a, b, email) = two_devices(&app).await;
    let new = "amber falcon quartz meadow";
    let wrong = a.post("/api/account/change_password", &[("current_password", "not it at all"), ("new_password", new)]).await;
    assert_eq!(wrong.status, 403);
    assert_eq!(wrong.json()["field"], "current_password");
    let weak = a.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", "password1")]).await;
    assert_eq!(weak.status, 400);
    assert_eq!(weak.json()["field"], "new_password");

    let ok = a.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", new)]).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(b.refresh().await.status, 401, "other devices are signed out");
    assert_eq!(a.refresh().await.status, 200, "this one stays");
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 401);
    assert_eq!(app.client().login(&email, new).await.status, 200);
}

async fn deleting_the_account_removes_everything(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (a, b, email) = two_devices(&app).await;
    let user_id = a.me().await.json()["user"]["id"].as_str().unwrap().to_owned();
    assert_eq!(a.post("/api/account/delete", &[("password", "wrong one here")]).await.status, 403);
    let reply = a.post("/api/account/delete", &[("password", PASSWORD)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.cookie(AT).unwrap().max_age(), Some(cookie::time::Duration::ZERO));
    assert_eq!(reply.cookie(DEVICE).unwrap().max_age(), Some(cookie::time::Duration::ZERO));
    assert!(app.state.auth.store().user_by_id(&user_id).await.unwrap().is_none());
    assert!(app.state.auth.store().active_sessions(&user_id).await.unwrap().is_empty());
    assert!(app.state.auth.store().recent_events(&user_id, 10).await.unwrap().is_empty());
    assert_eq!(b.refresh().await.status, 401);
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 401);
    // The address is free again.
    assert_eq!(app.client().register(&email, PASSWORD).await.status, 200);
}

async fn activity_lists_recent_security_events_newest_first(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (a, b, email) = two_devices(&app).await;
    app.client().login(&email, "a wrong guess here").await;
    b.post("/api/auth/logout", &[]).await;
    let reply = a.post("/api/account/activity", &[]).await;
    assert_eq!(reply.status, 200);
    let kinds: Vec<String> = reply.json().as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect();
    assert_eq!(kinds, ["signed_out", "sign_in_failed", "signed_in", "signed_in", "email_verified", "account_created"]);
    assert_eq!(reply.json()[1]["label"], "Failed sign-in attempt");
}

async fn sensitive_calls_without_a_session_are_401(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let anonymous = app.client();
    for path in ["/api/account/sessions", "/api/account/revoke_other_sessions", "/api/account/activity"] {
        assert_eq!(anonymous.post(path, &[]).await.status, 401, "{path}");
    }
    assert_eq!(anonymous.post("/api/account/delete", &[("password", PASSWORD)]).await.status, 401);
}

on_both_backends!(
    sessions_list_marks_this_device_and_describes_it,
    revoking_a_device_ends_it_at_once_for_sensitive_calls_and_at_its_next_refresh,
    a_session_of_another_user_cannot_be_revoked,
    sign_out_everywhere_else_keeps_this_device,
    changing_the_password_needs_the_current_one_and_signs_out_the_others,
    deleting_the_account_removes_everything,
    activity_lists_recent_security_events_newest_first,
    sensitive_calls_without_a_session_are_401,
);
