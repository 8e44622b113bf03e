//! A second factor for password sign-ins (docs/security.md): authenticator apps
//! (TOTP), recovery codes, and the pending step between the password and
//! the code. The tests compute codes from the enrolled secret, as an app would.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Method;
use serde_json::{Value, json};

use crate::{on_both_backends, support::*};

pub const PENDING: &str = keycard::server::http::cookies::CookieNames::new(true).pending;

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

/// The app of an enrolled account: computes its codes.
pub struct App(totp_rs::Totp);

impl App {
    pub fn from_setup(setup: &Value) -> Self {
        let key = setup["secret"].as_str().unwrap().replace(' ', "");
        let secret = totp_rs::Secret::try_from_base32(&key).expect("the key is base32");
        Self(totp_rs::Builder::new().with_secret(secret).build().unwrap())
    }

    /// The code `steps` 30-second steps from now (the server accepts one either way).
    pub fn code(&self, steps: i64) -> String {
        self.0.generate((now_secs() as i64 + steps * 30) as u64).to_string()
    }

    /// A code that is wrong at every step the server accepts now.
    pub fn wrong_code(&self) -> String {
        let near: Vec<String> = (-2..=2).map(|s| self.code(s)).collect();
        (0..).map(|n| format!("{:06}", n * 7919 % 1_000_000)).find(|c| !near.contains(c)).unwrap()
    }
}

/// Adds an authenticator app to the signed-in `client`'s account; returns
/// the app and the recovery codes.
pub async fn enrol(client: &Client) -> (App, Vec<String>) {
    let setup = client.post("/api/account/totp_begin", &[]).await;
    assert_eq!(setup.status, 200, "{}", setup.body);
    let app = App::from_setup(&setup.json());
    let confirmed = client.post("/api/account/totp_confirm", &[("code", &app.code(0))]).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let codes = confirmed.json()["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    (app, codes)
}

/// An account with an app, and a browser that has just given its password.
async fn at_second_step(app: &TestApp, email: &str) -> Client {
    let client = app.client();
    let reply = client.login(email, PASSWORD).await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(reply.json()["code"], "second_factor_required");
    client
}

fn kinds(client_activity: &Reply) -> Vec<String> {
    client_activity.json().as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect()
}

async fn an_app_is_added_by_its_first_code_and_recovery_codes_are_shown_once(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    let before = client.post("/api/account/factors", &[]).await.json();
    assert_eq!(
        before,
        json!({"totp_since": null, "recovery_codes_left": 0, "setup": null, "passkeys": [], "passkeys_available": false})
    );

    let setup = client.post("/api/account/totp_begin", &[]).await;
    assert_eq!(setup.status, 200, "{}", setup.body);
    let setup = setup.json();
    let uri = setup["uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/keycard:") && uri.contains("issuer=keycard"), "{uri}");
    assert!(uri.contains(&setup["secret"].as_str().unwrap().replace(' ', "")), "the QR code holds the key shown");
    assert!(setup["qr_svg"].as_str().unwrap().starts_with("<svg"), "an SVG for the page");
    let pending = client.post("/api/account/factors", &[]).await.json();
    assert_eq!(pending["setup"]["secret"], setup["secret"], "the page shows the setup until it is confirmed");
    assert_eq!(pending["totp_since"], Value::Null);
    let totp = App::from_setup(&setup);

    let wrong = client.post("/api/account/totp_confirm", &[("code", &totp.wrong_code())]).await;
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    assert_eq!(wrong.json()["field"], "code");
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 200, "not on before it is confirmed");

    let confirmed = client.post("/api/account/totp_confirm", &[("code", &totp.code(0))]).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let codes: Vec<String> = confirmed.json()["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), 10);
    assert_eq!(codes.iter().collect::<std::collections::HashSet<_>>().len(), 10, "all different");
    assert!(codes.iter().all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'), "{codes:?}");

    let after = client.post("/api/account/factors", &[]).await.json();
    assert!(after["totp_since"].as_i64().is_some());
    assert_eq!(after["recovery_codes_left"], 10);
    assert_eq!(after["setup"], Value::Null, "the key is never shown again");
    let again = client.post("/api/account/totp_begin", &[]).await;
    assert_eq!(again.status, 400, "one app at a time: {}", again.body);
    assert!(kinds(&client.post("/api/account/activity", &[]).await).contains(&"totp_enabled".to_owned()));
    let mails = app.wait_for_mail(&email, "The sign-in protection of your account changed").await;
    assert!(mails.iter().any(|(_, text)| text.contains("An authenticator app was added")), "{mails:?}");
}

async fn a_password_alone_opens_no_session_for_an_account_with_an_app(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let (totp, _) = enrol(&owner).await;

    let client = app.client();
    let reply = client.login(&email, PASSWORD).await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(reply.json()["code"], "second_factor_required");
    assert!(reply.cookie(AT).is_none() && reply.cookie(RT).is_none(), "no session yet");
    let pending = reply.cookie(PENDING).expect("the pending sign-in's cookie");
    assert!(pending.http_only().unwrap_or(false) && pending.secure().unwrap_or(false));
    assert!(pending.max_age().unwrap() <= cookie::time::Duration::minutes(5));
    assert_eq!(client.me().await.status, 401);
    let pending = client.get_cookie(PENDING).unwrap();

    // The code of the next step: the enrolment used this one.
    let done = client.post("/api/auth/second_factor", &[("code", &totp.code(1))]).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.cookie(AT).is_some() && done.cookie(RT).is_some());
    assert_eq!(done.cookie(PENDING).and_then(|c| c.max_age()), Some(cookie::time::Duration::ZERO), "the pending cookie is cleared");
    assert_eq!(access_claims(&client)["amr"], json!(["pwd", "otp", "mfa"]));
    assert_eq!(client.me().await.json()["user"]["email"], json!(email));

    // The pending sign-in was used: presenting it again opens nothing.
    let replay = app.client();
    replay.set_cookie(PENDING, &pending);
    let reply = replay.post("/api/auth/second_factor", &[("code", &totp.code(0))]).await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(reply.json()["message"], keycard::auth::SECOND_STEP_EXPIRED);
    assert!(reply.cookie(AT).is_none());
}

async fn a_code_is_accepted_once(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let (totp, _) = enrol(&owner).await;
    let code = totp.code(1);
    let first = at_second_step(&app, &email).await;
    assert_eq!(first.post("/api/auth/second_factor", &[("code", &code)]).await.status, 200);
    let second = at_second_step(&app, &email).await;
    let replay = second.post("/api/auth/second_factor", &[("code", &code)]).await;
    assert_eq!(replay.status, 400, "a used code is refused within its window: {}", replay.body);
    assert!(replay.cookie(AT).is_none());
    // So is the code of the step before it: steps only move forward.
    let older = second.post("/api/auth/second_factor", &[("code", &totp.code(0))]).await;
    assert_eq!(older.status, 400, "{}", older.body);
}

async fn recovery_codes_sign_in_once_each(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let (_, codes) = enrol(&owner).await;

    let client = at_second_step(&app, &email).await;
    let reply = client.post("/api/auth/second_factor", &[("code", &codes[0])]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(client.post("/api/account/factors", &[]).await.json()["recovery_codes_left"], 9);
    assert!(kinds(&client.post("/api/account/activity", &[]).await).contains(&"recovery_code_used".to_owned()));

    let again = at_second_step(&app, &email).await;
    let reply = again.post("/api/auth/second_factor", &[("code", &codes[0])]).await;
    assert_eq!(reply.status, 400, "a used recovery code is refused: {}", reply.body);
    // Typed in capitals and without the dash, another code works.
    let typed = codes[1].replace('-', " ").to_uppercase();
    assert_eq!(again.post("/api/auth/second_factor", &[("code", &typed)]).await.status, 200);

    // New codes replace the old ones.
    let renewed = owner.post("/api/account/recovery_codes", &[]).await;
    assert_eq!(renewed.status, 200, "{}", renewed.body);
    let fresh = renewed.json()["codes"][0].as_str().unwrap().to_owned();
    let old = at_second_step(&app, &email).await;
    assert_eq!(old.post("/api/auth/second_factor", &[("code", &codes[2])]).await.status, 400, "old codes died");
    assert_eq!(old.post("/api/auth/second_factor", &[("code", &fresh)]).await.status, 200);
}

/// A pending sign-in dies after five wrong codes; every wrong code is
/// recorded; past those five, the account's budget for codes (shared by
/// every pending sign-in) makes the next attempt wait, as for passwords.
async fn wrong_codes_end_the_step_and_are_limited_per_account(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let (totp, _) = enrol(&owner).await;
    let client = at_second_step(&app, &email).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(client.post("/api/auth/second_factor", &[("code", &totp.wrong_code())]).await.status.as_u16());
    }
    assert_eq!(statuses, [400, 400, 400, 400, 401], "the fifth wrong code ends the step");
    let reply = client.post("/api/auth/second_factor", &[("code", &totp.code(1))]).await;
    assert_eq!(reply.status, 401, "even the right code: the password is asked again: {}", reply.body);
    assert!(reply.cookie(AT).is_none());
    let failed = kinds(&owner.post("/api/account/activity", &[]).await).iter().filter(|k| *k == "second_factor_failed").count();
    assert_eq!(failed, 5);

    // A new pending sign-in does not start the count afresh: its first
    // wrong code earns a delay, and the right code right after it waits.
    let next = at_second_step(&app, &email).await;
    assert_eq!(next.post("/api/auth/second_factor", &[("code", &totp.wrong_code())]).await.status, 400);
    let limited = next.post("/api/auth/second_factor", &[("code", &totp.code(1))]).await;
    assert_eq!(limited.status, 429, "{}", limited.body);
    assert!(limited.header("retry-after").is_some());
}

async fn the_second_step_needs_its_own_pending_sign_in(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let (totp, _) = enrol(&owner).await;
    let stranger = app.client();
    for cookie in [None, Some("garbage"), Some("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] {
        if let Some(value) = cookie {
            stranger.set_cookie(PENDING, value);
        }
        let reply = stranger.post("/api/auth/second_factor", &[("code", &totp.code(1))]).await;
        assert_eq!(reply.status, 401, "{cookie:?}: {}", reply.body);
        assert!(reply.cookie(AT).is_none());
    }
    // Malformed codes are refused before anything is counted.
    let client = at_second_step(&app, &email).await;
    for junk in ["", "12345", "' OR 1=1 --", &"7".repeat(10_000)] {
        let reply = client.post("/api/auth/second_factor", &[("code", junk)]).await;
        assert_eq!(reply.status, 400, "{junk:.20}: {}", reply.body);
    }
    assert_eq!(client.post("/api/auth/second_factor", &[("code", &totp.code(1))]).await.status, 200, "the step is still alive");
    // A password change since the password was given ends the step.
    let late = at_second_step(&app, &email).await;
    let changed = owner.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", "another fine passphrase 9")]).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(late.post("/api/auth/second_factor", &[("code", &totp.code(1))]).await.status, 401);
}

async fn a_step_begun_on_one_instance_finishes_on_another(backend: Backend) {
    let a = spawn_app(backend, &[]).await;
    let public = a.origin();
    let b = spawn_on(&a.database_url, None, &[("KEYCARD_PUBLIC_URL", public.as_str())]).await;
    let (owner, email) = signed_in(&a).await;
    let (totp, _) = enrol(&owner).await;
    let on_a = at_second_step(&a, &email).await;
    let on_b = b.client();
    on_b.set_cookie(PENDING, &on_a.get_cookie(PENDING).unwrap());
    let reply = on_b.post("/api/auth/second_factor", &[("code", &totp.code(1))]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(a.client().with_cookies_of(&on_b).me().await.status, 200);
}

async fn changing_the_second_factor_needs_a_recent_sign_in(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_REAUTH_WINDOW", "2s")]).await;
    let (owner, email) = signed_in(&app).await;
    enrol(&owner).await;
    let (other, _) = signed_in(&app).await;
    tokio::time::sleep(Duration::from_millis(2300)).await;
    for (client, path) in [(&owner, "/api/account/totp_remove"), (&owner, "/api/account/recovery_codes"), (&other, "/api/account/totp_begin")] {
        let reply = client.post(path, &[]).await;
        assert_eq!(reply.status, 401, "{path}: {}", reply.body);
        assert_eq!(reply.json()["code"], "reauth_required", "{path}");
    }
    assert_eq!(owner.post("/api/account/factors", &[]).await.json()["recovery_codes_left"], 10, "nothing changed");
    at_second_step(&app, &email).await;

    assert_eq!(owner.post("/api/account/reauth", &[("password", PASSWORD)]).await.status, 200);
    let removed = owner.post("/api/account/totp_remove", &[]).await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 200, "a password alone signs in again");
    assert!(kinds(&owner.post("/api/account/activity", &[]).await).contains(&"totp_disabled".to_owned()));
}

async fn without_javascript_the_second_step_is_a_page(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let (totp, _) = enrol(&owner).await;
    let client = app.client();
    let html = |path: &str| client.raw(Method::POST, path).header("accept", "text/html");
    let login = client
        .send(html("/api/auth/login").form(&[("email", email.as_str()), ("password", PASSWORD), ("next", "/account/example")]))
        .await;
    assert_eq!(login.status, 302, "{}", login.body);
    assert_eq!(login.header("location"), Some("/login/second-factor?next=/account/example"));
    let page = client.get("/login/second-factor?next=/account/example").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("action=\"/api/auth/second_factor\"") && page.body.contains("name=\"code\""), "{}", page.body);

    let wrong = client.send(html("/api/auth/second_factor").form(&[("code", totp.wrong_code().as_str()), ("next", "/account/example")])).await;
    assert_eq!(wrong.status, 302);
    let back = wrong.header("location").unwrap();
    assert!(back.starts_with("/login/second-factor?error=") && back.ends_with("&field=code&next=/account/example"), "{back}");
    let right = client.send(html("/api/auth/second_factor").form(&[("code", totp.code(1).as_str()), ("next", "/account/example")])).await;
    assert_eq!(right.status, 302, "{}", right.body);
    assert_eq!(right.header("location"), Some("/account/example"));
    assert!(right.cookie(AT).is_some());
}



/// A reset link proves the mailbox, not the second factor: the new password
/// is set, and the browser still has to give a code to get in.
async fn a_reset_link_does_not_skip_the_second_factor(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let (totp, _) = enrol(&owner).await;
    let client = app.client();
    assert_eq!(client.post("/api/auth/forgot_password", &[("email", &email)]).await.status, 200);
    let token = app.link_token(&email, "/reset-password").await;
    let new_password = "a brand new passphrase 77";
    let reply = client.post("/api/auth/reset_password", &[("token", token.as_str()), ("new_password", new_password)]).await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(reply.json()["code"], "second_factor_required");
    assert!(reply.cookie(AT).is_none() && reply.cookie(PENDING).is_some());
    assert_eq!(owner.post("/api/account/sessions", &[]).await.status, 401, "the reset signed every device out");
    let done = client.post("/api/auth/second_factor", &[("code", &totp.code(1))]).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(at_second_step_with(&app, &email, new_password).await.json()["code"], "second_factor_required");
}

async fn at_second_step_with(app: &TestApp, email: &str, password: &str) -> Reply {
    app.client().login(email, password).await
}

on_both_backends!(
    an_app_is_added_by_its_first_code_and_recovery_codes_are_shown_once,
    a_password_alone_opens_no_session_for_an_account_with_an_app,
    a_code_is_accepted_once,
    recovery_codes_sign_in_once_each,
    wrong_codes_end_the_step_and_are_limited_per_account,
    the_second_step_needs_its_own_pending_sign_in,
    a_step_begun_on_one_instance_finishes_on_another,
    changing_the_second_factor_needs_a_recent_sign_in,
    without_javascript_the_second_step_is_a_page,
    a_reset_link_does_not_skip_the_second_factor,
);
