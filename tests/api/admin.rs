//! The operator's commands (`keycard users …`, `keycard sessions prune`):
//! the real binary, run against the database of a server that is serving,
//! and what its users see next.

use std::process::{Output, Stdio};

use base64::{Engine, engine::general_purpose::STANDARD};

use crate::{on_both_backends, process::keycard, support::*};

/// Runs `keycard ARGS` against `app`'s database, with no terminal.
pub fn admin(app: &TestApp, args: &[&str]) -> Output {
    admin_on(&app.database_url, &[], args)
}

/// Runs `keycard ARGS` against `database_url` with the settings `env`.
fn admin_on(database_url: &str, env: &[(&str, &str)], args: &[&str]) -> Output {
    let secret = STANDARD.encode(SECRET_BYTES);
    let mut vars = vec![("DATABASE_URL", database_url), ("KEYCARD_SECRET", secret.as_str())];
    vars.extend_from_slice(env);
    keycard(args, &vars).stdin(Stdio::null()).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A failed command's one line (`keycard: …`) on stderr.
fn refusal(output: &Output) -> String {
    assert!(!output.status.success(), "expected a failure; printed {}", stdout(output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("keycard: ")).collect();
    assert_eq!(lines.len(), 1, "one clear line: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    lines[0].to_owned()
}

pub fn succeeded(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    stdout(output)
}

/// The kinds of the user's latest security events, newest first.
async fn activity(client: &Client) -> Vec<String> {
    let reply = client.post("/api/account/activity", &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json().as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect()
}

async fn find_reports_an_account(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_client, email) = signed_in(&app).await;
    let report = succeeded(&admin(&app, &["users", "find", &email.to_uppercase()]));
    assert!(report.contains(&format!("account       {email}")), "{report}");
    assert!(report.contains("status        active"), "{report}");
    assert!(report.contains("verified      yes, 20"), "{report}");
    assert!(report.contains("factors       password"), "{report}");
    assert!(report.contains("sessions      1 active"), "{report}");
    assert!(!report.contains("last sign-in  never"), "{report}");

    let unverified = unique_email();
    assert_eq!(app.client().register(&unverified, PASSWORD).await.status, 200);
    app.settle().await;
    let report = succeeded(&admin(&app, &["users", "find", &unverified]));
    assert!(report.contains("verified      no") && report.contains("last sign-in  never"), "{report}");
    assert!(report.contains("sessions      0 active"), "{report}");

    let missing = refusal(&admin(&app, &["users", "find", "nobody@example.com"]));
    assert_eq!(missing, "keycard: no account has the address nobody@example.com");
    let bad = refusal(&admin(&app, &["users", "find", "not-an-address"]));
    assert!(bad.starts_with("keycard: 'not-an-address' is not an e-mail address"), "{bad}");
}

async fn sign_out_ends_every_session_of_a_running_server_at_once(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (laptop, email) = signed_in(&app).await;
    let phone = app.client();
    assert_eq!(phone.login(&email, PASSWORD).await.status, 200);
    let (bystander, _) = signed_in(&app).await;

    let done = succeeded(&admin(&app, &["users", "sign-out", &email, "--yes"]));
    assert_eq!(done.trim(), format!("signed out 2 sessions of {email}"));
    for client in [&laptop, &phone] {
        let refreshed = client.refresh().await;
        assert_eq!(refreshed.status, 401, "{}", refreshed.body);
        assert_eq!(refreshed.json()["session"], "by_administrator", "the sign-in page says who ended the session");
        assert_eq!(client.post("/api/account/sessions", &[]).await.status, 401, "the access token is refused too");
    }
    assert_eq!(bystander.refresh().await.status, 200, "other accounts keep their sessions");

    // The user signs in again and sees what happened.
    assert_eq!(laptop.login(&email, PASSWORD).await.status, 200);
    let kinds = activity(&laptop).await;
    assert_eq!(kinds[1], "signed_out_by_admin", "{kinds:?}");
    let reply = laptop.post("/api/account/activity", &[]).await;
    let event = &reply.json()[1];
    assert_eq!(event["label"], "Signed out everywhere by an administrator");
    assert_eq!(event["device"], "An administrator");
}

async fn lock_refuses_every_way_in_until_unlock(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    // A change of address asked for before the lock (by whoever holds the
    // session) does not go through after it.
    let new_address = unique_email();
    let asked = client.post("/api/account/change_email", &[("new_email", &new_address), ("password", PASSWORD)]).await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    let change = app.link_token(&new_address, "/confirm").await;

    let done = succeeded(&admin(&app, &["users", "lock", &email, "-y"]));
    assert_eq!(done.trim(), format!("locked {email} and signed out 1 session"));
    assert_eq!(client.refresh().await.status, 401);
    let refused = client.login(&email, PASSWORD).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(refused.json()["message"], keycard::auth::LOCKED_MESSAGE);
    assert!(refused.cookie(RT).is_none_or(|c| c.value().is_empty()), "no session opened");
    let wrong = client.login(&email, "not the password at all").await;
    assert_eq!(wrong.status, 401, "a wrong password does not learn that the account is locked");
    let confirmed = app.client().post("/api/auth/confirm", &[("token", &change)]).await;
    assert_eq!(confirmed.status, 400, "the pending change died with the lock: {}", confirmed.body);
    assert!(app.state.auth.store().user_by_email(&new_address).await.unwrap().is_none());

    // A reset link does not get around the lock, and is not spent by trying.
    assert_eq!(app.client().post("/api/auth/forgot_password", &[("email", &email)]).await.status, 200);
    let token = app.link_token(&email, "/reset-password").await;
    let form = [("token", token.as_str()), ("new_password", "lantern orchid velvet 2031")];
    let reset = app.client().post("/api/auth/reset_password", &form).await;
    assert_eq!(reset.status, 403, "{}", reset.body);
    let again = succeeded(&admin(&app, &["users", "lock", &email, "--yes"]));
    assert_eq!(again.trim(), format!("{email} was locked already; nothing changed"));
    assert!(succeeded(&admin(&app, &["users", "find", &email])).contains("status        locked since 20"));

    let done = succeeded(&admin(&app, &["users", "unlock", &email, "--yes"]));
    assert_eq!(done.trim(), format!("unlocked {email} and cleared its failed sign-ins"));
    let reset = app.client().post("/api/auth/reset_password", &form).await;
    assert_eq!(reset.status, 200, "the unspent link works after the unlock: {}", reset.body);
    assert_eq!(client.login(&email, "lantern orchid velvet 2031").await.status, 200);
    let kinds = activity(&client).await;
    for kind in ["unlocked_by_admin", "locked_by_admin"] {
        assert!(kinds.contains(&kind.to_owned()), "{kind}: {kinds:?}");
    }
}

/// A verification link sent while the account is locked confirms nothing
/// until the unlock, and is not spent by trying.
async fn a_locked_account_is_not_confirmed_by_its_link(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let email = unique_email();
    let client = app.client();
    assert_eq!(client.register(&email, PASSWORD).await.status, 200);
    app.settle().await;
    succeeded(&admin(&app, &["users", "lock", &email, "--yes"]));
    assert_eq!(client.post("/api/auth/resend_verification", &[("email", &email)]).await.status, 200);
    app.settle().await;
    let token = app.link_token(&email, "/verify-email").await;
    let refused = client.verify(&token).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(refused.json()["message"], keycard::auth::LOCKED_MESSAGE);
    assert!(succeeded(&admin(&app, &["users", "find", &email])).contains("verified      no"));
    succeeded(&admin(&app, &["users", "unlock", &email, "--yes"]));
    assert_eq!(client.verify(&token).await.status, 200, "the unspent link works after the unlock");
}

async fn unlock_lifts_a_lockout_by_failed_sign_ins(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "3/15m")]).await;
    let (owner, email) = signed_in(&app).await;
    // The owner's own browser spends its own budget too…
    for _ in 0..3 {
        let _ = owner.login(&email, "the owner mistyping it").await;
    }
    assert_eq!(owner.login(&email, PASSWORD).await.status, 429);
    let stranger = app.client();
    for _ in 0..3 {
        let _ = stranger.login(&email, "a guess that is wrong").await;
    }
    let locked_out = app.client().login(&email, PASSWORD).await;
    assert_eq!(locked_out.status, 429, "{}", locked_out.body);
    let report = succeeded(&admin(&app, &["users", "find", &email]));
    assert!(report.contains("sign-in       paused for unrecognised browsers until 20"), "{report}");

    let done = succeeded(&admin(&app, &["users", "unlock", &email, "--yes"]));
    assert_eq!(done.trim(), format!("{email} was not locked; cleared its failed sign-ins"));
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 200, "the owner gets in at once");
    assert_eq!(owner.login(&email, PASSWORD).await.status, 200, "…and from the browser whose budget was spent");
    let kinds = activity(&owner).await;
    assert!(kinds.contains(&"limits_cleared_by_admin".to_owned()), "{kinds:?}");
    assert!(!kinds.contains(&"unlocked_by_admin".to_owned()), "it was not locked: {kinds:?}");
}

/// Who acted is told by the event's kind: a client calling itself what the
/// admin commands store as their user agent is still just a client.
async fn no_client_can_pass_for_an_administrator(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    let stranger = app.client();
    let request = stranger
        .raw(reqwest::Method::POST, "/api/auth/login")
        .header("user-agent", keycard::server::store::ADMIN_AGENT)
        .form(&[("email", email.as_str()), ("password", "a guess that is wrong")]);
    assert_eq!(stranger.send(request).await.status, 401);
    let reply = client.post("/api/account/activity", &[]).await;
    let failed = &reply.json()[0];
    assert_eq!(failed["kind"], "sign_in_failed");
    assert_ne!(failed["device"], "An administrator");
}

async fn delete_removes_the_account_and_its_sessions(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    let done = succeeded(&admin(&app, &["users", "delete", &email, "--yes"]));
    assert_eq!(done.trim(), format!("deleted {email} with 1 session and its activity"));
    assert_eq!(client.refresh().await.status, 401);
    assert_eq!(client.login(&email, PASSWORD).await.status, 401);
    assert!(app.state.auth.store().user_by_email(&email).await.unwrap().is_none());
    let missing = refusal(&admin(&app, &["users", "delete", &email, "--yes"]));
    assert_eq!(missing, format!("keycard: no account has the address {email}"));
    // The address is free for a new account.
    assert_eq!(app.client().register(&email, PASSWORD).await.status, 200);
    app.settle().await;
    assert!(succeeded(&admin(&app, &["users", "find", &email])).contains("verified      no"));
}

async fn verify_confirms_an_address_without_its_link(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let email = unique_email();
    let client = app.client();
    assert_eq!(client.register(&email, PASSWORD).await.status, 200);
    app.settle().await;
    assert_eq!(client.login(&email, PASSWORD).await.status, 401, "unverified");
    let done = succeeded(&admin(&app, &["users", "verify", &email, "--yes"]));
    assert_eq!(done.trim(), format!("marked {email} as confirmed"));
    assert_eq!(client.login(&email, PASSWORD).await.status, 200);
    assert!(activity(&client).await.contains(&"verified_by_admin".to_owned()));
    let again = succeeded(&admin(&app, &["users", "verify", &email, "--yes"]));
    assert_eq!(again.trim(), format!("{email} was confirmed already; nothing changed"));
}

async fn changes_need_a_confirmation(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    for action in ["lock", "unlock", "sign-out", "delete", "verify", "remove-second-factor"] {
        let refused = refusal(&admin(&app, &["users", action, &email]));
        assert_eq!(refused, "keycard: not confirmed: add --yes to run this without a terminal; nothing changed", "{action}");
    }
    assert_eq!(refusal(&admin(&app, &["sessions", "prune"])).contains("add --yes"), true);
    assert_eq!(client.refresh().await.status, 200, "nothing changed");
    assert!(succeeded(&admin(&app, &["users", "find", &email])).contains("status        active"));
}

/// Runs `keycard ARGS` on a pseudo-terminal (util-linux `script`), typing
/// `answer` at its prompt; returns what the terminal showed.
fn admin_at_terminal(app: &TestApp, args: &[&str], answer: &str) -> (bool, String) {
    let command = std::iter::once(env!("CARGO_BIN_EXE_keycard")).chain(args.iter().copied()).collect::<Vec<_>>().join(" ");
    let mut child = std::process::Command::new("script")
        .args(["--quiet", "--return", "--command", &command, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.database_url)
        .env("KEYCARD_SECRET", STANDARD.encode(SECRET_BYTES))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux script");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(answer.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
}

async fn a_terminal_is_asked_before_a_change(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    let (ok, shown) = admin_at_terminal(&app, &["users", "sign-out", &email], "n\n");
    assert!(!ok, "{shown}");
    assert!(shown.contains(&format!("Sign out every session of {email}? [y/N]")), "{shown}");
    assert!(shown.contains("not confirmed; nothing changed"), "{shown}");
    assert_eq!(client.refresh().await.status, 200, "nothing changed");

    let (ok, shown) = admin_at_terminal(&app, &["users", "sign-out", &email], "y\n");
    assert!(ok, "{shown}");
    assert!(shown.contains(&format!("signed out 1 session of {email}")), "{shown}");
    assert_eq!(client.refresh().await.status, 401);
}

async fn prune_does_what_retention_does(backend: Backend) {
    let retention = [("KEYCARD_RETENTION", "1s")];
    let app = spawn_app(backend, &retention).await;
    let admin = |args: &[&str]| admin_on(&app.database_url, &retention, args);
    let (client, _) = signed_in(&app).await;
    assert_eq!(client.post("/api/auth/logout", &[]).await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let done = succeeded(&admin(&["sessions", "prune", "--yes"]));
    assert!(done.starts_with("pruned 1 ended sessions, "), "{done}");
    let again = succeeded(&admin(&["sessions", "prune", "--yes"]));
    assert!(again.starts_with("pruned 0 ended sessions, 0 superseded tokens, 0 events"), "{again}");
}

/// A user who lost both the phone and the recovery codes: once the operator
/// is sure who asks, the password alone signs in again.
async fn remove_second_factor_is_the_way_back_when_everything_is_lost(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    crate::second_factor::enrol(&owner).await;
    let report = succeeded(&admin(&app, &["users", "find", &email]));
    assert!(report.contains("factors       password, authenticator app (since 20"), "{report}");
    assert!(report.contains("10 of 10 recovery codes left"), "{report}");
    assert_eq!(app.client().login(&email, PASSWORD).await.json()["code"], "second_factor_required");

    let done = succeeded(&admin(&app, &["users", "remove-second-factor", &email, "--yes"]));
    assert_eq!(done.trim(), format!("removed the second factors of {email} and signed out 1 session"));
    assert_eq!(owner.post("/api/account/sessions", &[]).await.status, 401, "every session ended");
    let client = app.client();
    assert_eq!(client.login(&email, PASSWORD).await.status, 200);
    assert!(activity(&client).await.contains(&"second_factor_removed_by_admin".to_owned()));
    assert!(succeeded(&admin(&app, &["users", "find", &email])).contains("factors       password\n"));
    let again = succeeded(&admin(&app, &["users", "remove-second-factor", &email, "--yes"]));
    assert_eq!(again.trim(), format!("{email} has no second factor; nothing changed"));
}

on_both_backends!(
    remove_second_factor_is_the_way_back_when_everything_is_lost,
    find_reports_an_account,
    sign_out_ends_every_session_of_a_running_server_at_once,
    lock_refuses_every_way_in_until_unlock,
    a_locked_account_is_not_confirmed_by_its_link,
    unlock_lifts_a_lockout_by_failed_sign_ins,
    delete_removes_the_account_and_its_sessions,
    verify_confirms_an_address_without_its_link,
    changes_need_a_confirmation,
    no_client_can_pass_for_an_administrator,
    a_terminal_is_asked_before_a_change,
    prune_does_what_retention_does,
);

/// On PostgreSQL, a sign-in that reaches the database while a lock is in
/// flight waits for it and opens nothing (without `FOR SHARE` it read the
/// row from before the lock, and its session escaped the revocation).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sign_in_racing_a_lock_opens_no_session() {
    if postgres_missing() {
        return;
    }
    let app = spawn_app(Backend::Postgres, &[]).await;
    let (_, email) = signed_in(&app).await;
    let user = app.state.auth.store().user_by_email(&email).await.unwrap().unwrap();
    let keycard::server::store::Store::Postgres(pool) = app.state.auth.store() else { unreachable!() };

    // The lock's writes, held open.
    let mut lock = pool.begin().await.unwrap();
    sqlx::query("UPDATE users SET locked_at = 1 WHERE id = $1").bind(&user.id).execute(&mut *lock).await.unwrap();
    sqlx::query("UPDATE sessions SET revoked_at = 1, revoked_reason = 'revoked_by_admin' WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(&user.id)
        .execute(&mut *lock)
        .await
        .unwrap();
    let client = app.client();
    let sign_in = tokio::spawn(async move { client.login(&email, PASSWORD).await.status });
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert!(!sign_in.is_finished(), "the sign-in waits for the lock's transaction");
    lock.commit().await.unwrap();

    assert_ne!(sign_in.await.unwrap(), 200);
    let live = app.state.auth.store().active_sessions(&user.id).await.unwrap();
    assert!(live.is_empty(), "a session escaped the lock: {live:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_database_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("sqlite://{}/nothing-here.db", dir.path().display());
    let line = refusal(&admin_on(&missing, &[], &["users", "find", "a@example.com"]));
    assert!(line.starts_with("keycard: DATABASE_URL: no database at "), "{line}");
    assert!(!dir.path().join("nothing-here.db").exists(), "no empty database was created");

    // A database keycard never migrated (or an older one) is not changed by
    // a command: it says what to run.
    let empty = dir.path().join("empty.db");
    std::fs::File::create(&empty).unwrap();
    let line = refusal(&admin_on(&format!("sqlite://{}", empty.display()), &[], &["users", "find", "a@example.com"]));
    assert!(line.contains("run `keycard migrate` first"), "{line}");

    let port = crate::process::free_port();
    let down = format!("postgres://postgres@127.0.0.1:{port}/keycard");
    let line = refusal(&admin_on(&down, &[], &["users", "sign-out", "a@example.com", "--yes"]));
    assert!(line.starts_with("keycard: the database is unavailable"), "{line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn help_lists_the_operator_commands() {
    // A command is listed as a line of its own: "  lock  Lock an account…".
    let listed = |args: &[&str], command: &str| {
        let help = keycard(args, &[]).output().unwrap();
        assert!(help.status.success());
        let text = String::from_utf8_lossy(&help.stdout).into_owned();
        assert!(text.lines().any(|l| l.trim_start().starts_with(&format!("{command} "))), "{command}: {text}");
    };
    for command in ["find", "lock", "unlock", "sign-out", "delete", "verify"] {
        listed(&["users", "--help"], command);
    }
    for command in ["users", "sessions", "serve", "migrate"] {
        listed(&["--help"], command);
    }
    listed(&["sessions", "--help"], "prune");
}
