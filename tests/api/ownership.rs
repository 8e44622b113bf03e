//! An account stays its owner's: the recovery paths (verification, the
//! undo of a change of address, "this wasn't me", the second step) cannot
//! be turned against the owner, and a sign-in tells nobody whether an
//! address has an account.

use std::time::Duration;

use crate::{on_both_backends, second_factor::enrol, support::*};

const OWNER_PASSWORD: &str = "violet tangerine harbour 1987";
const FIREFOX: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

fn kinds(activity: &Reply) -> Vec<String> {
    activity.json().as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect()
}

async fn activity_of(app: &TestApp, email: &str, password: &str) -> Vec<String> {
    let reader = app.client();
    assert_eq!(reader.login(email, password).await.status, 200);
    kinds(&reader.post("/api/account/activity", &[]).await)
}

/// A sign-in with a given user agent (a browser of its own).
async fn login_as(client: &Client, agent: &str, email: &str, password: &str) -> Reply {
    let request = client.raw(reqwest::Method::POST, "/api/auth/login").header("user-agent", agent);
    client.send(request.form(&[("email", email), ("password", password)])).await
}

async fn a_confirmation_from_another_browser_drops_the_password_given_at_registration(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let victim = unique_email();
    // Someone registers the victim's address with a password of their own.
    let squatter = app.client();
    assert_eq!(squatter.register(&victim, PASSWORD).await.status, 200);
    let token = app.link_token(&victim, "/verify-email").await;

    // The victim opens the link in their own browser: the page asks for a password.
    let owner = app.client();
    let described = owner.post("/api/auth/describe_link", &[("token", &token)]).await.json();
    assert_eq!(described["purpose"], "verify_email");
    assert_eq!(described["needs_password"], true);
    let refused = owner.verify(&token).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.json()["field"], "new_password");
    let weak = owner.post("/api/auth/verify_email", &[("token", &token), ("new_password", "password1")]).await;
    assert_eq!(weak.status, 400, "the strength rules hold: {}", weak.body);
    let confirmed = owner.post("/api/auth/verify_email", &[("token", &token), ("new_password", OWNER_PASSWORD)]).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    assert!(confirmed.cookie(AT).is_some(), "the confirming browser is signed in");

    // The squatter's password, polled all along, never opens the account.
    assert_eq!(squatter.login(&victim, PASSWORD).await.status, 401);
    assert_eq!(app.client().login(&victim, OWNER_PASSWORD).await.status, 200);

    // From the browser that registered, the link signs in with its password.
    let email = unique_email();
    let registering = app.client();
    assert_eq!(registering.register(&email, PASSWORD).await.status, 200);
    let token = app.link_token(&email, "/verify-email").await;
    assert_eq!(registering.post("/api/auth/describe_link", &[("token", &token)]).await.json()["needs_password"], false);
    assert_eq!(registering.verify(&token).await.status, 200);
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 200);
}

async fn an_unconfirmed_account_answers_like_a_wrong_password_and_gets_its_link_again(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "3/1m")]).await;
    let email = unique_email();
    app.client().register(&email, PASSWORD).await;
    app.wait_for_mail(&email, "Confirm your e-mail address").await;

    let right = app.client().login(&email, PASSWORD).await;
    let wrong = app.client().login(&unique_email(), PASSWORD).await;
    assert_eq!((right.status, &right.body), (wrong.status, &wrong.body), "the same answer as an unknown address");
    app.settle().await;
    let links = app.mails_to(&email).await.iter().filter(|(s, _)| s == "Confirm your e-mail address").count();
    assert_eq!(links, 2, "the right password sent the link again");

    // The right password does not reset the budget: it runs out as for guesses.
    let statuses: Vec<u16> = futures::future::join_all((0..3).map(|_| async {
        app.client().login(&email, PASSWORD).await.status.as_u16()
    }))
    .await;
    assert!(statuses.iter().all(|s| *s == 401 || *s == 429), "{statuses:?}");
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 429, "{statuses:?}");
}

async fn the_undo_of_a_change_of_address_gives_the_whole_account_back(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (intruder, old) = signed_in(&app).await;
    // The intruder adds an app of their own, then moves the address.
    let (_, _) = enrol(&intruder).await;
    let theirs = unique_email();
    assert_eq!(intruder.post("/api/account/change_email", &[("password", PASSWORD), ("new_email", &theirs)]).await.status, 200);
    app.wait_for_mail(&theirs, "Confirm your new e-mail address").await;
    let confirm = app.link_token(&theirs, "/confirm").await;
    assert_eq!(app.client().post("/api/auth/confirm", &[("token", &confirm)]).await.status, 200);
    // Meanwhile someone registers the old address.
    assert_eq!(app.client().register(&old, PASSWORD).await.status, 200);
    app.settle().await;

    let undo = app.link_token(&old, "/confirm").await;
    let owner = app.client();
    let described = owner.post("/api/auth/describe_link", &[("token", &undo)]).await.json();
    assert_eq!((described["purpose"].as_str(), described["needs_password"].as_bool()), (Some("undo_email_change"), Some(true)));
    let without = owner.post("/api/auth/confirm", &[("token", &undo)]).await;
    assert_eq!(without.status, 400, "a new password is needed: {}", without.body);
    assert_eq!(without.json()["field"], "new_password");
    let undone = owner.post("/api/auth/confirm", &[("token", &undo), ("new_password", OWNER_PASSWORD)]).await;
    assert_eq!(undone.status, 200, "the squatter does not block the undo: {}", undone.body);
    assert_eq!(undone.json()["next"], "/login?done=undone");

    // The intruder's session, password and app are gone; the owner signs
    // in with one factor, the password they just chose.
    assert_eq!(intruder.refresh().await.status, 401);
    assert_eq!(app.client().login(&old, PASSWORD).await.status, 401);
    assert_eq!(app.client().login(&theirs, PASSWORD).await.status, 401);
    let back = app.client();
    let reply = back.login(&old, OWNER_PASSWORD).await;
    assert_eq!(reply.status, 200, "no second step left: {}", reply.body);
    let factors = back.post("/api/account/factors", &[]).await.json();
    assert_eq!((factors["totp_since"].is_null(), factors["recovery_codes_left"].as_i64()), (true, Some(0)));
    let activity = kinds(&back.post("/api/account/activity", &[]).await);
    for kind in ["email_change_undone", "totp_disabled", "recovery_codes_removed"] {
        assert!(activity.iter().any(|k| k == kind), "{kind}: {activity:?}");
    }
    let mails = app.mails_to(&old).await;
    let (_, told) = mails.iter().find(|(s, _)| s == "Your account is back at this address").expect("the undo's mail");
    assert!(told.contains("- the authenticator app\n- 10 unused recovery codes"), "{told}");
    // Every link the intruder held died with it.
    assert_eq!(app.client().post("/api/auth/confirm", &[("token", &confirm)]).await.status, 400);
}

async fn this_wasnt_me_ends_every_sign_in_of_that_browser_and_distrusts_it(backend: Backend) {
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "3/1m")]).await;
    let (owner, email) = signed_in(&app).await;
    let alerts = || async { app.mails_to(&email).await.iter().filter(|(s, _)| s == "New sign-in to your account").count() };
    let intruder = app.client();
    assert_eq!(login_as(&intruder, FIREFOX, &email, PASSWORD).await.status, 200);
    let first_session = intruder.get_cookie(RT).unwrap();
    assert_eq!(alerts().await, 1);
    // A second sign-in from the same browser is not new: no alert.
    assert_eq!(login_as(&intruder, FIREFOX, &email, PASSWORD).await.status, 200);
    assert_eq!(alerts().await, 1);

    let report = app.link_token(&email, "/confirm").await;
    let reported = app.client().post("/api/auth/confirm", &[("token", &report)]).await;
    assert_eq!(reported.status, 200, "{}", reported.body);
    assert_eq!(intruder.refresh().await.status, 401, "the later sign-in of that browser ended too");
    let earlier = app.client();
    earlier.set_cookie(RT, &first_session);
    assert_eq!(earlier.refresh().await.status, 401, "the reported one ended");
    assert_eq!(owner.refresh().await.status, 200, "the owner's own browser stays signed in");

    // That browser keeps its cookie but not its exemptions: its next
    // sign-in is alerted, and once the untrusted budget is spent, it waits
    // like any stranger.
    assert_eq!(login_as(&intruder, FIREFOX, &email, PASSWORD).await.status, 200);
    assert_eq!(alerts().await, 2, "a distrusted browser's sign-in is alerted");
    intruder.remove_cookie(AT);
    intruder.remove_cookie(RT);
    for _ in 0..3 {
        assert_eq!(app.client().login(&email, "a wrong guess here").await.status, 401);
    }
    let refused = login_as(&intruder, FIREFOX, &email, PASSWORD).await;
    assert_eq!(refused.status, 429, "no lockout exemption any more: {}", refused.body);
    let trusted = owner.login(&email, PASSWORD).await;
    assert_eq!(trusted.status, 200, "the owner's browser keeps its exemption: {}", trusted.body);
}

async fn this_wasnt_me_with_a_new_password_signs_out_everywhere(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let intruder = app.client();
    assert_eq!(login_as(&intruder, FIREFOX, &email, PASSWORD).await.status, 200);
    app.wait_for_mail(&email, "New sign-in to your account").await;
    let report = app.link_token(&email, "/confirm").await;
    let reported = app.client().post("/api/auth/confirm", &[("token", &report), ("new_password", OWNER_PASSWORD)]).await;
    assert_eq!(reported.status, 200, "{}", reported.body);
    assert_eq!(reported.json()["next"], "/login?done=reported");
    assert_eq!(intruder.refresh().await.status, 401);
    assert_eq!(owner.refresh().await.status, 401, "every device was signed out");
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 401, "the old password is gone");
    assert_eq!(app.client().login(&email, OWNER_PASSWORD).await.status, 200);
    app.wait_for_mail(&email, "Your password was changed").await;
}

async fn second_step_guesses_are_capped_until_a_reset_and_the_owner_is_told(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let (totp, _) = enrol(&owner).await;
    let guesser = app.client();
    assert_eq!(guesser.login(&email, PASSWORD).await.status, 401);
    for _ in 0..5 {
        guesser.post("/api/auth/second_factor", &[("code", &totp.wrong_code())]).await;
    }
    let told = app.wait_for_mail(&email, "Someone has your password").await;
    assert!(told[0].1.contains("wrong codes"), "{}", told[0].1);

    // Fourteen more windows' worth, as counted by the store, then one more wrong code.
    let user = app.state.auth.store().user_by_email(&email).await.unwrap().unwrap();
    for _ in 0..14 {
        app.state.auth.store().second_factor_failed(&user.id).await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(guesser.login(&email, PASSWORD).await.status, 401);
    let last = guesser.post("/api/auth/second_factor", &[("code", &totp.wrong_code())]).await;
    assert_eq!(last.status, 403, "the cap: {}", last.body);
    assert!(last.json()["message"].as_str().unwrap().contains("Choose a new password"));
    // Even the owner, with the password and the right code, must reset now.
    let blocked = app.client().login(&email, PASSWORD).await;
    assert_eq!(blocked.status, 403, "{}", blocked.body);
    assert_eq!(blocked.json()["message"], last.json()["message"]);

    // `keycard users unlock` clears the second step's budget (not the cap).
    let key = keycard::server::auth::second_factor::throttle_key(&user.id);
    assert!(app.state.auth.store().throttle_locked_until(&key).await.unwrap() > 0, "the budget holds a delay");
    crate::admin::succeeded(&crate::admin::admin(&app, &["users", "unlock", &email, "--yes"]));
    assert_eq!(app.state.auth.store().throttle_locked_until(&key).await.unwrap(), 0);

    app.client().post("/api/auth/forgot_password", &[("email", &email)]).await;
    let reset = app.link_token(&email, "/reset-password").await;
    let browser = app.client();
    let after = browser.post("/api/auth/reset_password", &[("token", &reset), ("new_password", OWNER_PASSWORD)]).await;
    assert_eq!(after.status, 401, "the reset leads to the second step: {}", after.body);
    let signed = browser.post("/api/auth/second_factor", &[("code", &totp.code(1))]).await;
    assert_eq!(signed.status, 200, "the reset lifted the cap: {}", signed.body);
}

async fn second_step_codes_are_limited_per_address_too(backend: Backend) {
    // With 2 per account, an address may try 10 codes, the first 5 free:
    // the sixth earns a delay, so the seventh, at once, waits.
    let app = spawn_app(backend, &[("KEYCARD_LOGIN_LIMIT", "2/1m")]).await;
    let mut steps = Vec::new();
    for _ in 0..4 {
        let (owner, email) = signed_in(&app).await;
        let (totp, _) = enrol(&owner).await;
        let guesser = app.client();
        assert_eq!(guesser.login(&email, PASSWORD).await.status, 401);
        steps.push((guesser, totp));
    }
    let mut statuses = Vec::new();
    for (guesser, totp) in &steps {
        for _ in 0..2 {
            statuses.push(guesser.post("/api/auth/second_factor", &[("code", &totp.wrong_code())]).await.status.as_u16());
        }
    }
    assert_eq!(&statuses[..6], [400; 6], "{statuses:?}");
    assert_eq!(statuses[6], 429, "the address's seventh wrong code waits: {statuses:?}");
}

async fn concurrent_sign_ins_with_the_right_password_all_get_in(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let strangers: Vec<Client> = (0..8).map(|_| app.client()).collect();
    let replies = futures::future::join_all(strangers.iter().map(|c| c.login(&email, PASSWORD))).await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses, [200; 8], "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
    // From the owner's own browser (its device cookie) as well, as a double click would.
    let replies = futures::future::join_all((0..8).map(|_| owner.login(&email, PASSWORD))).await;
    assert!(replies.iter().all(|r| r.status == 200), "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
}

async fn a_change_of_address_records_and_mails_the_same_whether_the_address_is_free_or_taken(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_, taken) = signed_in(&app).await;
    let mut answers = Vec::new();
    for target in [unique_email(), taken.clone()] {
        let (client, email) = signed_in(&app).await;
        let before = app.mails_to(&target).await.len();
        let reply = client.post("/api/account/change_email", &[("password", PASSWORD), ("new_email", &target)]).await;
        app.settle().await;
        answers.push((reply.status, reply.body));
        assert_eq!(app.mails_to(&target).await.len(), before + 1, "one mail to {target}");
        let activity = activity_of(&app, &email, PASSWORD).await;
        assert!(activity.iter().any(|k| k == "email_change_requested"), "{activity:?}");
    }
    assert_eq!(answers[0], answers[1]);
    let mails = app.mails_to(&taken).await;
    assert_eq!(mails[0].0, "Someone tried to use your address");
    assert!(!mails[0].1.contains("?token="), "no link to take the address: {}", mails[0].1);
}

async fn an_unconfirmed_account_cannot_hold_an_address_against_its_inbox(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, _) = signed_in(&app).await;
    let wanted = unique_email();
    assert_eq!(app.client().register(&wanted, PASSWORD).await.status, 200);
    app.settle().await;
    let asked = owner.post("/api/account/change_email", &[("password", PASSWORD), ("new_email", &wanted)]).await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    app.wait_for_mail(&wanted, "Confirm your new e-mail address").await;
    let token = app.link_token(&wanted, "/confirm").await;
    let done = app.client().post("/api/auth/confirm", &[("token", &token)]).await;
    assert_eq!(done.status, 200, "the unconfirmed account gave way: {}", done.body);
    assert_eq!(owner.me().await.json()["user"]["email"], wanted);
    assert_eq!(app.client().login(&wanted, PASSWORD).await.status, 200);
}

async fn the_development_mailbox_answers_only_to_this_machines_names(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    assert_eq!(client.get("/dev/mail").await.status, 200);
    let port = app.addr.port();
    for (host, status) in [(format!("localhost:{port}"), 200), (format!("evil.example:{port}"), 404)] {
        let reply = client.send(client.raw(reqwest::Method::GET, "/dev/mail").header("host", host.clone())).await;
        assert_eq!(reply.status, status, "{host}");
    }
}

async fn an_unconfirmed_app_key_is_shown_only_to_the_session_that_began_it(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    let other = app.client();
    assert_eq!(other.login(&email, PASSWORD).await.status, 200);
    let setup = owner.post("/api/account/totp_begin", &[]).await;
    assert_eq!(setup.status, 200, "{}", setup.body);
    let key = setup.json()["secret"].as_str().unwrap().to_owned();
    assert_eq!(owner.post("/api/account/factors", &[]).await.json()["setup"]["secret"], key.as_str());
    let elsewhere = other.post("/api/account/factors", &[]).await;
    assert_eq!(elsewhere.status, 200);
    assert!(elsewhere.json()["setup"].is_null(), "another session cannot read the key: {}", elsewhere.body);
    let secret = totp_rs::Secret::try_from_base32(&key.replace(' ', "")).unwrap();
    let code = totp_rs::Builder::new().with_secret(secret).build().unwrap().generate(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()).to_string();
    let planted = other.post("/api/account/totp_confirm", &[("code", &code)]).await;
    assert_eq!(planted.status, 400, "nor finish it: {}", planted.body);
    assert_eq!(owner.post("/api/account/totp_confirm", &[("code", &code)]).await.status, 200);
}

async fn a_copy_of_the_database_holds_no_usable_link(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let email = unique_email();
    assert_eq!(app.client().register(&email, PASSWORD).await.status, 200);
    let token = app.link_token(&email, "/verify-email").await;
    let stored = app.state.auth.store().recent_mails(10).await.unwrap();
    let mail = stored.iter().find(|m| m.recipient == email).expect("the queued mail");
    assert!(mail.text_body.starts_with("sealed:") && mail.html_body.starts_with("sealed:"), "{mail:?}");
    assert!(!mail.text_body.contains(&token) && !mail.html_body.contains(&token));
    // Another server secret cannot open it.
    let other = keycard::server::mail::seal::MailSeal::new(
        &keycard::server::secret::Secret::decode("KEYCARD_SECRET", "b3RoZXItc2VydmVyLXNlY3JldC1ieXRlcy0zMiEhISE=").unwrap(),
    );
    assert!(!other.open(&mut mail.clone()));
}

on_both_backends!(
    an_unconfirmed_app_key_is_shown_only_to_the_session_that_began_it,
    a_copy_of_the_database_holds_no_usable_link,
    a_confirmation_from_another_browser_drops_the_password_given_at_registration,
    an_unconfirmed_account_answers_like_a_wrong_password_and_gets_its_link_again,
    the_undo_of_a_change_of_address_gives_the_whole_account_back,
    this_wasnt_me_ends_every_sign_in_of_that_browser_and_distrusts_it,
    this_wasnt_me_with_a_new_password_signs_out_everywhere,
    second_step_guesses_are_capped_until_a_reset_and_the_owner_is_told,
    second_step_codes_are_limited_per_address_too,
    concurrent_sign_ins_with_the_right_password_all_get_in,
    a_change_of_address_records_and_mails_the_same_whether_the_address_is_free_or_taken,
    an_unconfirmed_account_cannot_hold_an_address_against_its_inbox,
    the_development_mailbox_answers_only_to_this_machines_names,
);
