//! Mail over a real SMTP server on loopback: delivery, the outbox's
//! guarantees (once, across restarts and instances, through an outage),
//! and every rule of the flows that go by mail (docs/security.md, "Mail").

use std::time::Duration;

use crate::{on_both_backends, support::*};

const WAIT: Duration = Duration::from_secs(15);

/// A port nothing listens on (yet).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn pending(app: &TestApp) -> i64 {
    app.state.auth.store().pending_mails().await.unwrap()
}

/// The outbox once the sender has recorded what the relay took: the relay
/// (and so the test) sees a mail a moment before its `sent_at` is written.
async fn pending_after_delivery(app: &TestApp) -> i64 {
    for _ in 0..50 {
        if pending(app).await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    pending(app).await
}

async fn mail_reaches_the_relay_once_with_text_and_html(backend: Backend) {
    let Some(sink) = MailSink::start() else { return };
    let app = spawn_app(backend, &[("KEYCARD_SMTP_URL", &sink.url())]).await;
    let email = unique_email();
    let client = app.client();
    assert_eq!(client.register(&email, PASSWORD).await.status, 200);
    let mails = sink.wait_for(&email, 1, WAIT).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0];
    assert_eq!(mail["subject"], "Confirm your e-mail address");
    assert!(mail["from"].as_str().unwrap().contains("no-reply@"), "{mail}");
    assert!(mail["text"].as_str().unwrap().contains("127.0.0.1"), "says from which address");
    assert!(mail["html"].as_str().unwrap().contains("<a href=\""), "an HTML part with the link");
    let token = token_in(mail, "/verify-email").expect("a verification link");
    assert_eq!(token.len(), 43, "256 bits");
    // The link signs in the browser that registered; the outbox holds nothing more to send.
    assert_eq!(client.verify(&token).await.status, 200);
    assert_eq!(pending_after_delivery(&app).await, 0);
    // Sent, the mail's bodies (which held a live link) are gone from the
    // database, and pruning drops the used token.
    let stored = app.state.auth.store().recent_mails(10).await.unwrap();
    assert!(stored.iter().all(|m| m.sent_at.is_some() && m.text_body.is_empty() && m.html_body.is_empty()), "{stored:?}");
    assert!(app.state.auth.prune().await.unwrap().links >= 1);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(sink.wait_for(&email, 1, Duration::ZERO).await.len(), 1, "sent once");
}

async fn a_relay_that_is_down_delays_mail_and_loses_none(backend: Backend) {
    let port = free_port();
    let app = spawn_app(backend, &[("KEYCARD_SMTP_URL", &format!("smtp://127.0.0.1:{port}"))]).await;
    let email = unique_email();
    // The request does not wait for the relay, nor fail because of it.
    assert_eq!(app.client().register(&email, PASSWORD).await.status, 200);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(pending(&app).await, 1, "the mail waits in the outbox");
    let dir = tempfile::tempdir().unwrap();
    let Some(sink) = MailSink::start_on(port, dir.path()) else { return };
    let mails = sink.wait_for(&email, 1, Duration::from_secs(30)).await;
    assert_eq!(mails.len(), 1, "delivered once the relay is back");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(sink.wait_for(&email, 1, Duration::ZERO).await.len(), 1, "and only once");
    assert_eq!(pending_after_delivery(&app).await, 0);
}

async fn mails_pending_at_a_restart_go_out_after_it(backend: Backend) {
    // The first instance queues the mail and goes before anything sends it.
    let (url, dir) = fresh_database(backend).await;
    let before = spawn_on(&url, None, &[]).await;
    let email = unique_email();
    assert_eq!(before.client().register(&email, PASSWORD).await.status, 200);
    drop(before);
    let Some(sink) = MailSink::start() else { return };
    let after = spawn_on(&url, dir, &[("KEYCARD_SMTP_URL", &sink.url())]).await;
    let mails = sink.wait_for(&email, 1, WAIT).await;
    assert_eq!(mails.len(), 1, "the mail outlived the instance that queued it");
    assert_eq!(pending_after_delivery(&after).await, 0);
}

async fn two_instances_send_each_mail_once(backend: Backend) {
    let Some(sink) = MailSink::start() else { return };
    let (url, dir) = fresh_database(backend).await;
    let a = spawn_on(&url, dir, &[("KEYCARD_SMTP_URL", &sink.url())]).await;
    let b = spawn_on(&url, None, &[("KEYCARD_SMTP_URL", &sink.url())]).await;
    let emails: Vec<String> = (0..24).map(|_| unique_email()).collect();
    let sends = emails.iter().enumerate().map(|(i, email)| {
        let client = if i % 2 == 0 { a.client() } else { b.client() };
        async move { client.register(email, PASSWORD).await.status }
    });
    for status in futures::future::join_all(sends).await {
        assert_eq!(status, 200);
    }
    let deadline = std::time::Instant::now() + WAIT;
    while sink.mails().len() < emails.len() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mails = sink.mails();
    let mut ids: Vec<&str> = mails.iter().map(|m| m["messageId"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), emails.len(), "every mail arrived, none twice");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), emails.len(), "no Message-ID twice");
    assert_eq!(pending_after_delivery(&a).await, 0);
}

async fn forgot_password_answers_the_same_for_every_address(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_, email) = signed_in(&app).await;
    let known = app.client().post("/api/auth/forgot_password", &[("email", &email)]).await;
    let unknown = app.client().post("/api/auth/forgot_password", &[("email", &unique_email())]).await;
    assert_eq!(known.status, 200, "{}", known.body);
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    app.wait_for_mail(&email, "Choose a new password").await;
    let bad = app.client().post("/api/auth/forgot_password", &[("email", "not-an-address")]).await;
    assert_eq!(bad.status, 400);
}

async fn a_reset_link_is_single_use_signs_everyone_out_and_signs_this_browser_in(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (other, email) = signed_in(&app).await;
    app.client().post("/api/auth/forgot_password", &[("email", &email)]).await;
    let token = app.link_token(&email, "/reset-password").await;
    // A mail scanner fetching the link uses nothing; the page is never cached.
    let scanned = app.client().get(&format!("/reset-password?token={token}")).await;
    assert_eq!(scanned.status, 200);
    assert_eq!(scanned.header("cache-control"), Some("no-store"));
    assert!(scanned.body.contains("Set the new password"), "the form is shown");

    // Any browser, not only the one that asked.
    let browser = app.client();
    let weak = browser.post("/api/auth/reset_password", &[("token", &token), ("new_password", "password1")]).await;
    assert_eq!(weak.status, 400, "the strength rules hold: {}", weak.body);
    let reply = browser.post("/api/auth/reset_password", &[("token", &token), ("new_password", "violet tangerine harbour 1987")]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.cookie(AT).is_some(), "this browser is signed in");
    assert_eq!(browser.post("/api/account/sessions", &[]).await.status, 200);
    assert_eq!(other.refresh().await.status, 401, "every other session ended");
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 401);
    assert_eq!(app.client().login(&email, "violet tangerine harbour 1987").await.status, 200);
    app.wait_for_mail(&email, "Your password was changed").await;

    let again = app.client().post("/api/auth/reset_password", &[("token", &token), ("new_password", "another fine passphrase 9")]).await;
    assert_eq!(again.status, 400, "used once: {}", again.body);
    assert_eq!(again.json()["field"], "token");
    for junk in ["", "short", &"A".repeat(43), "../../etc/passwd"] {
        let reply = app.client().post("/api/auth/reset_password", &[("token", junk), ("new_password", "another fine passphrase 9")]).await;
        assert_eq!(reply.status, 400, "{junk}: {}", reply.body);
    }
}

async fn a_reset_link_expires_and_dies_when_the_password_changes_otherwise(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_RESET_TTL", "1s")]).await;
    let (client, email) = signed_in(&app).await;
    app.client().post("/api/auth/forgot_password", &[("email", &email)]).await;
    let expired = app.link_token(&email, "/reset-password").await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let reply = app.client().post("/api/auth/reset_password", &[("token", &expired), ("new_password", "violet tangerine harbour 1987")]).await;
    assert_eq!(reply.status, 400, "expired: {}", reply.body);

    let app = spawn_app(backend, &[]).await;
    let (client2, email) = signed_in(&app).await;
    drop(client);
    app.client().post("/api/auth/forgot_password", &[("email", &email)]).await;
    let token = app.link_token(&email, "/reset-password").await;
    let changed = client2.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", "another fine passphrase 9")]).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let reply = app.client().post("/api/auth/reset_password", &[("token", &token), ("new_password", "violet tangerine harbour 1987")]).await;
    assert_eq!(reply.status, 400, "the password changed since the link was sent: {}", reply.body);
    assert_eq!(app.client().login(&email, "another fine passphrase 9").await.status, 200);
}

async fn an_unverified_account_can_ask_for_the_link_again(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let email = unique_email();
    let client = app.client();
    client.register(&email, PASSWORD).await;
    let first = app.link_token(&email, "/verify-email").await;
    let resent = app.client().post("/api/auth/resend_verification", &[("email", &email)]).await;
    let unknown = app.client().post("/api/auth/resend_verification", &[("email", &unique_email())]).await;
    assert_eq!(resent.status, 200);
    assert_eq!((resent.status, &resent.body), (unknown.status, &unknown.body));
    app.settle().await;
    let second = app.link_token(&email, "/verify-email").await;
    assert_ne!(first, second, "a new link");
    // The first link still confirms nothing twice: once the address is confirmed, none does.
    assert_eq!(client.verify(&second).await.status, 200);
    assert_eq!(app.client().verify(&first).await.status, 400, "confirming used up every verification link");
    let mails = app.mails_to(&email).await.len();
    // Verified: asking again sends nothing.
    app.client().post("/api/auth/resend_verification", &[("email", &email)]).await;
    app.settle().await;
    assert_eq!(app.mails_to(&email).await.len(), mails);
}

async fn an_inbox_cannot_be_flooded(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_, email) = signed_in(&app).await;
    let before = app.mails_to(&email).await.len();
    for _ in 0..12 {
        assert_eq!(app.client().post("/api/auth/forgot_password", &[("email", &email)]).await.status, 200);
        assert_eq!(app.client().register(&email, PASSWORD).await.status, 200);
    }
    app.settle().await;
    let after = app.mails_to(&email).await.len();
    // The verification mail counted too: five per hour in all.
    assert_eq!(after - before, 4, "at most five such mails an hour reach one address");
}

async fn mail_requests_are_limited_per_address(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_REGISTER_LIMIT", "3/1m")]).await;
    for n in 1..=3 {
        let reply = app.client().post("/api/auth/forgot_password", &[("email", &unique_email())]).await;
        assert_eq!(reply.status, 200, "request {n}");
    }
    let refused = app.client().post("/api/auth/forgot_password", &[("email", &unique_email())]).await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(refused.header("retry-after").is_some());
}

async fn changing_the_address_needs_the_password_the_new_inbox_and_can_be_undone(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, old) = signed_in(&app).await;
    let new = unique_email();
    let wrong = client.post("/api/account/change_email", &[("password", "not my password"), ("new_email", &new)]).await;
    assert_eq!(wrong.status, 403, "{}", wrong.body);
    let same = client.post("/api/account/change_email", &[("password", PASSWORD), ("new_email", &old)]).await;
    assert_eq!(same.status, 400);
    let asked = client.post("/api/account/change_email", &[("password", PASSWORD), ("new_email", &new)]).await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert_eq!(client.me().await.json()["user"]["email"], old, "nothing changes before the new inbox confirms");

    app.wait_for_mail(&new, "Confirm your new e-mail address").await;
    let token = app.link_token(&new, "/confirm").await;
    assert_eq!(app.client().get(&format!("/confirm?token={token}")).await.status, 200, "opening the link uses nothing");
    let done = app.client().post("/api/auth/confirm", &[("token", &token)]).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(app.client().login(&new, PASSWORD).await.status, 200);
    assert_eq!(app.client().login(&old, PASSWORD).await.status, 401);
    assert_eq!(app.client().post("/api/auth/confirm", &[("token", &token)]).await.status, 400, "single use");

    // The old address was told, with an undo link, which takes a new password.
    let undo = app.link_token(&old, "/confirm").await;
    let undone = app.client().post("/api/auth/confirm", &[("token", &undo), ("new_password", "violet tangerine harbour 1987")]).await;
    assert_eq!(undone.status, 200, "{}", undone.body);
    assert_eq!(undone.json()["next"], "/login?done=undone");
    assert_eq!(client.refresh().await.status, 401, "every device was signed out");
    assert_eq!(app.client().login(&old, PASSWORD).await.status, 401, "the password whoever changed the address knew is gone");
    assert_eq!(app.client().login(&old, "violet tangerine harbour 1987").await.status, 200, "the old address is back");
}

/// Someone who knows the password moves the address twice (A → B → C) and
/// uses the undo that went to B: the owner's older undo from A still gives
/// A back, and voids the newer one. A reset voids a pending change.
async fn an_undo_or_a_reset_voids_every_other_link(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (intruder, a) = signed_in(&app).await;
    let (b, c) = (unique_email(), unique_email());
    for (from, to) in [(&a, &b), (&b, &c)] {
        let asked = intruder.post("/api/account/change_email", &[("password", PASSWORD), ("new_email", to)]).await;
        assert_eq!(asked.status, 200, "{}", asked.body);
        app.wait_for_mail(to, "Confirm your new e-mail address").await;
        let confirm = app.link_token(to, "/confirm").await;
        assert_eq!(app.client().post("/api/auth/confirm", &[("token", &confirm)]).await.status, 200);
        app.wait_for_mail(from, "Your e-mail address was changed").await;
    }
    let undo_a = app.link_token(&a, "/confirm").await;
    let undo_b = app.link_token(&b, "/confirm").await;
    let intruders = "another fine passphrase 9";
    let owners = "violet tangerine harbour 1987";
    let back_to_b = app.client().post("/api/auth/confirm", &[("token", &undo_b), ("new_password", intruders)]).await;
    assert_eq!(back_to_b.status, 200, "the intruder goes back to B: {}", back_to_b.body);
    let owner_undo = app.client().post("/api/auth/confirm", &[("token", &undo_a), ("new_password", owners)]).await;
    assert_eq!(owner_undo.status, 200, "the owner's older undo still works: {}", owner_undo.body);
    assert_eq!(app.client().login(&a, owners).await.status, 200, "A is the address, with the owner's password");
    assert_eq!(app.client().login(&a, intruders).await.status, 401);
    assert_eq!(app.client().login(&b, intruders).await.status, 401);

    // A change asked for, then a reset by the owner: the change is void.
    let (owner, d) = signed_in(&app).await;
    let e = unique_email();
    assert_eq!(owner.post("/api/account/change_email", &[("password", PASSWORD), ("new_email", &e)]).await.status, 200);
    app.wait_for_mail(&e, "Confirm your new e-mail address").await;
    let change = app.link_token(&e, "/confirm").await;
    app.client().post("/api/auth/forgot_password", &[("email", &d)]).await;
    app.wait_for_mail(&d, "Choose a new password").await;
    let reset = app.link_token(&d, "/reset-password").await;
    let done = app.client().post("/api/auth/reset_password", &[("token", &reset), ("new_password", "violet tangerine harbour 1987")]).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(app.client().post("/api/auth/confirm", &[("token", &change)]).await.status, 400, "void after the reset");
}

async fn a_sign_in_from_a_new_device_is_mailed_and_can_be_signed_out(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_, email) = signed_in(&app).await;
    let before = app.mails_to(&email).await.len();
    let intruder = app.client();
    let reply = intruder
        .send(
            intruder
                .raw(reqwest::Method::POST, "/api/auth/login")
                .header("user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0")
                .form(&[("email", email.as_str()), ("password", PASSWORD)]),
        )
        .await;
    assert_eq!(reply.status, 200);
    let mails = app.mails_to(&email).await;
    assert_eq!(mails.len(), before + 1, "{mails:?}");
    assert_eq!(mails[0].0, "New sign-in to your account");
    assert!(mails[0].1.contains("Firefox 128 on Windows"), "{}", mails[0].1);
    // The same browser and address again is not new.
    assert_eq!(
        app.client()
            .send(app.client().raw(reqwest::Method::POST, "/api/auth/login")
                .header("user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:129.0) Gecko/20100101 Firefox/129.0")
                .form(&[("email", email.as_str()), ("password", PASSWORD)]))
            .await
            .status,
        200
    );
    assert_eq!(app.mails_to(&email).await.len(), before + 1, "no alert for a device seen before");

    let token = app.link_token(&email, "/confirm").await;
    let reported = app.client().post("/api/auth/confirm", &[("token", &token)]).await;
    assert_eq!(reported.status, 200, "{}", reported.body);
    assert_eq!(reported.json()["next"], "/forgot-password?reason=reported");
    assert_eq!(intruder.refresh().await.status, 401, "that session is gone");
}

async fn security_changes_are_mailed(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "3/1m"), ("KEYCARD_REFRESH_GRACE", "1s")]).await;
    let (client, email) = signed_in(&app).await;
    // Password changed.
    let reply = client.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", "violet tangerine harbour 1987")]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    // Refresh reuse.
    let old = client.get_cookie(RT).unwrap();
    assert_eq!(client.refresh().await.status, 200);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let thief = app.client();
    thief.set_cookie(RT, &old);
    assert_eq!(thief.refresh().await.status, 401);
    // Locked after failed attempts from new devices.
    for _ in 0..3 {
        app.client().login(&email, "a wrong guess here").await;
    }
    let subjects: Vec<String> = app.mails_to(&email).await.into_iter().map(|(s, _)| s).collect();
    for expected in ["Your password was changed", "A session of yours was ended for your safety", "Sign-in to your account was paused"] {
        assert!(subjects.iter().any(|s| s == expected), "{expected}: {subjects:?}");
    }
}

async fn the_development_mailbox_lists_mails_and_is_absent_in_production(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let email = unique_email();
    app.client().register(&email, PASSWORD).await;
    app.settle().await;
    let page = app.client().get("/dev/mail").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&email) && page.body.contains("/verify-email?token="));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    // Through a proxy every visitor would look local: refused.
    let proxied = app.client().send(app.client().raw(reqwest::Method::GET, "/dev/mail").header("x-forwarded-for", "203.0.113.9")).await;
    assert_eq!(proxied.status, 404);

    let production = spawn_app(
        backend,
        &[
            ("KEYCARD_ENV", "production"),
            ("KEYCARD_ARGON2", "m=19456,t=2,p=1"),
            ("KEYCARD_SMTP_URL", &format!("smtp://127.0.0.1:{}", free_port())),
        ],
    )
    .await;
    assert_eq!(production.client().get("/dev/mail").await.status, 404);
}

on_both_backends!(
    mail_reaches_the_relay_once_with_text_and_html,
    a_relay_that_is_down_delays_mail_and_loses_none,
    mails_pending_at_a_restart_go_out_after_it,
    two_instances_send_each_mail_once,
    forgot_password_answers_the_same_for_every_address,
    a_reset_link_is_single_use_signs_everyone_out_and_signs_this_browser_in,
    a_reset_link_expires_and_dies_when_the_password_changes_otherwise,
    an_unverified_account_can_ask_for_the_link_again,
    an_inbox_cannot_be_flooded,
    mail_requests_are_limited_per_address,
    changing_the_address_needs_the_password_the_new_inbox_and_can_be_undone,
    an_undo_or_a_reset_voids_every_other_link,
    a_sign_in_from_a_new_device_is_mailed_and_can_be_signed_out,
    security_changes_are_mailed,
    the_development_mailbox_lists_mails_and_is_absent_in_production,
);
