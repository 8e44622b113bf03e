//! Re-authentication before sensitive changes (docs/security.md): a change of a
//! session that authenticated longer ago than `KEYCARD_REAUTH_WINDOW` is
//! refused with 401 `reauth_required` and changes nothing, until the user
//! confirms the password at `account/reauth`.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::{on_both_backends, support::*};

const WINDOW: [(&str, &str); 1] = [("KEYCARD_REAUTH_WINDOW", "2s")];
const NEW_PASSWORD: &str = "a different horse entirely";

/// A client signed in with the password, whose authentication has just
/// left the window.
async fn stale_session(app: &TestApp) -> (Client, String) {
    let (_, email) = signed_in(app).await;
    let client = app.client();
    assert_eq!(client.login(&email, PASSWORD).await.status, 200);
    tokio::time::sleep(Duration::from_millis(2300)).await;
    (client, email)
}

fn assert_reauth_required(reply: &Reply, what: &str) {
    assert_eq!(reply.status, 401, "{what}: {}", reply.body);
    assert_eq!(reply.json()["code"], "reauth_required", "{what}");
    assert!(reply.cookie(AT).is_none() && reply.cookie(RT).is_none(), "{what}: the session is left alone");
}

async fn a_fresh_sign_in_may_make_sensitive_changes(backend: Backend) {
    let app = spawn_app(backend, &WINDOW).await;
    let (client, _) = signed_in(&app).await;
    let reply = client.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

async fn stale_sessions_are_refused_every_sensitive_change_and_nothing_changes(backend: Backend) {
    let app = spawn_app(backend, &WINDOW).await;
    let (client, email) = stale_session(&app).await;
    let new_email = unique_email();

    let reply = client.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)]).await;
    assert_reauth_required(&reply, "change_password");
    let reply = client.post("/api/account/change_email", &[("password", PASSWORD), ("new_email", &new_email)]).await;
    assert_reauth_required(&reply, "change_email");
    let reply = client.post("/api/account/delete", &[("password", PASSWORD)]).await;
    assert_reauth_required(&reply, "delete");

    // Nothing changed: the old password signs in, the account is there,
    // no link went to the new address, and this session still works.
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 200);
    assert_eq!(app.client().login(&email, NEW_PASSWORD).await.status, 401);
    app.settle().await;
    assert!(app.mails_to(&new_email).await.is_empty());
    assert_eq!(client.post("/api/account/sessions", &[]).await.status, 200, "reading is not a sensitive change");
    assert_eq!(client.me().await.json()["user"]["email"], json!(email));

    // Without JavaScript, the account page is told to ask for the password.
    let form = client
        .send(client.raw(Method::POST, "/api/account/delete").header("accept", "text/html").form(&[("password", PASSWORD)]))
        .await;
    assert_eq!(form.status, 302, "{}", form.body);
    assert_eq!(form.header("location"), Some("/account?error=reauth_required"));
    let page = client.get("/account?error=reauth_required").await;
    assert!(page.body.contains("data-testid=\"reauth-form\""), "the confirmation form is on the page");
    assert!(page.body.contains("action=\"/api/account/reauth\""));
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 200, "still not deleted");
}

async fn confirming_the_password_renews_the_authentication(backend: Backend) {
    let app = spawn_app(backend, &WINDOW).await;
    let (client, email) = stale_session(&app).await;
    let before = access_claims(&client);

    let wrong = client.post("/api/account/reauth", &[("password", "not my password at all")]).await;
    assert_eq!(wrong.status, 403, "{}", wrong.body);
    assert_eq!(wrong.json()["field"], "password");
    let reply = client.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)]).await;
    assert_reauth_required(&reply, "after a wrong confirmation");

    let right = client.post("/api/account/reauth", &[("password", PASSWORD)]).await;
    assert_eq!(right.status, 200, "{}", right.body);
    assert!(right.json()["access_expires_at"].as_i64().is_some());
    assert!(right.cookie(RT).is_none(), "only the access token is re-issued");
    let after = access_claims(&client);
    assert!(after["auth_time"].as_i64() > before["auth_time"].as_i64(), "{before} {after}");
    assert_eq!(after["amr"], json!(["pwd"]));
    assert_eq!(after["sid"], before["sid"], "the same session");

    let reply = client.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(app.client().login(&email, NEW_PASSWORD).await.status, 200);

    // A refresh keeps the renewed time; the activity says what happened.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(client.refresh().await.status, 200);
    assert_eq!(access_claims(&client)["auth_time"], after["auth_time"]);
    let kinds: Vec<String> = client.post("/api/account/activity", &[]).await.json().as_array().unwrap().iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned()).collect();
    assert!(kinds.contains(&"reauthenticated".to_owned()), "{kinds:?}");
}

/// A confirmation is a password check: it counts against the same limits,
/// so a stolen session cannot be used to guess the password.
async fn confirmations_are_limited_like_sign_ins(backend: Backend) {
    let app = spawn_app(backend, &[WINDOW[0], ("KEYCARD_LOGIN_LIMIT", "4/1m")]).await;
    let (client, _) = stale_session(&app).await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(client.post("/api/account/reauth", &[("password", "a wrong guess here")]).await.status);
    }
    assert_eq!(statuses, [403, 403, 403, 403]);
    let locked = client.post("/api/account/reauth", &[("password", PASSWORD)]).await;
    assert_eq!(locked.status, 429, "even the right password waits: {}", locked.body);
    assert!(locked.header("retry-after").is_some());
    let reply = client.post("/api/account/delete", &[("password", PASSWORD)]).await;
    assert_reauth_required(&reply, "still stale");
}

async fn a_confirmation_needs_a_live_session(backend: Backend) {
    let app = spawn_app(backend, &WINDOW).await;
    let stranger = app.client();
    assert_eq!(stranger.post("/api/account/reauth", &[("password", PASSWORD)]).await.status, 401);

    let (client, _) = stale_session(&app).await;
    let other = app.client().with_cookies_of(&client);
    assert_eq!(client.post("/api/auth/logout", &[]).await.status, 200);
    let reply = other.post("/api/account/reauth", &[("password", PASSWORD)]).await;
    assert_eq!(reply.status, 401, "a signed-out session is not renewed: {}", reply.body);
    assert_eq!(reply.json()["code"], "unauthorized");
}

async fn plain_form_confirmations_go_back_to_the_account_page(backend: Backend) {
    let app = spawn_app(backend, &WINDOW).await;
    let (client, _) = stale_session(&app).await;
    let html = |password: &str| {
        client.raw(Method::POST, "/api/account/reauth").header("accept", "text/html").form(&[("password", password.to_owned())])
    };
    let wrong = client.send(html("not my password at all")).await;
    assert_eq!(wrong.status, 302);
    assert_eq!(wrong.header("location"), Some("/account?reauth=1&error=wrong_password&field=password"));
    let right = client.send(html(PASSWORD)).await;
    assert_eq!(right.status, 302, "{}", right.body);
    assert_eq!(right.header("location"), Some("/account?confirmed=1"));
    let reply = client.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

on_both_backends!(
    a_fresh_sign_in_may_make_sensitive_changes,
    stale_sessions_are_refused_every_sensitive_change_and_nothing_changes,
    confirming_the_password_renews_the_authentication,
    confirmations_are_limited_like_sign_ins,
    a_confirmation_needs_a_live_session,
    plain_form_confirmations_go_back_to_the_account_page,
);
