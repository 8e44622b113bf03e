use crate::{on_both_backends, support::*};

fn assert_auth_cookies(reply: &Reply, access_ttl: i64) {
    let at = reply.cookie(AT).expect("access cookie set");
    let rt = reply.cookie(RT).expect("refresh cookie set");
    for c in [at, rt] {
        assert_eq!(c.http_only(), Some(true), "{c}");
        assert_eq!(c.secure(), Some(true), "{c}");
        assert_eq!(c.same_site(), Some(cookie::SameSite::Lax), "{c}");
        assert_eq!(c.path(), Some("/"), "{c}");
        assert_eq!(c.domain(), None, "{c}");
    }
    assert_eq!(at.max_age().unwrap().whole_seconds(), access_ttl);
    let rt_age = rt.max_age().unwrap().whole_seconds();
    assert!(rt_age > 6 * 86_400 && rt_age <= 7 * 86_400, "refresh Max-Age {rt_age}");
}

async fn the_verification_link_signs_in_with_both_cookies(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    let email = unique_email();
    let reply = client.register(&format!("  {}  ", email.to_uppercase()), PASSWORD).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.cookie(AT).is_none() && reply.cookie(RT).is_none(), "registering signs nobody in");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert!(reply.json()["message"].as_str().unwrap().starts_with("Check your inbox"));

    let token = app.link_token(&email, "/verify-email").await;
    // Unverified: the right password is refused until the address is
    // confirmed, with the answer of a wrong password.
    let early = app.client().login(&email, PASSWORD).await;
    assert_eq!(early.status, 401, "{}", early.body);
    assert_eq!(early.json()["message"], keycard::auth::BAD_CREDENTIALS);
    assert!(early.cookie(AT).is_none());

    let reply = client.verify(&token).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_auth_cookies(&reply, 900);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let body = reply.json();
    assert_eq!(body["user"]["email"], email, "stored trimmed and lower-cased");
    assert_eq!(body["user"]["email_verified"], true);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let expires = body["access_expires_at"].as_i64().unwrap();
    assert!((expires - now - 900).abs() <= 2, "access_expires_at {expires}");
    assert!((body["server_time_ms"].as_i64().unwrap() / 1000 - now).abs() <= 2);
    for token in [client.get_cookie(AT).unwrap(), client.get_cookie(RT).unwrap()] {
        assert!(!reply.body.contains(&token), "a token leaked into the body");
    }

    let me = client.me().await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.json()["user"]["email"], email);
    assert_eq!(me.json()["access_expires_at"], expires);
    // The link was used: a second use (or another browser) gets nothing.
    let again = app.client().verify(&token).await;
    assert_eq!(again.status, 400, "{}", again.body);
    assert!(again.cookie(AT).is_none());
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 200);
}

async fn registering_a_taken_address_answers_the_same_and_tells_the_owner(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_, email) = signed_in(&app).await;
    let taken = app.client().register(&email.to_uppercase(), "another fine passphrase 9").await;
    let fresh = app.client().register(&unique_email(), "another fine passphrase 9").await;
    assert_eq!(taken.status, 200, "{}", taken.body);
    assert_eq!((taken.status, &taken.body), (fresh.status, &fresh.body), "nothing tells the two apart");
    assert!(taken.cookie(AT).is_none());
    let mails = app.wait_for_mail(&email, "Someone tried to register with your address").await;
    assert!(mails[0].1.contains("/reset-password?token="));
    // The account is untouched: the old password still signs in, the new one does not.
    assert_eq!(app.client().login(&email, "another fine passphrase 9").await.status, 401);
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 200);
}

async fn weak_or_malformed_registrations_are_refused_with_the_field(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    let email = unique_email();
    for (password, why) in [("password1", "common"), ("short", "too short"), (email.as_str(), "the e-mail itself")] {
        let reply = client.register(&email, password).await;
        assert_eq!(reply.status, 400, "{why}: {}", reply.body);
        assert_eq!(reply.json()["field"], "password", "{why}");
    }
    let too_long = "x".repeat(1025);
    assert_eq!(client.register(&email, &too_long).await.json()["field"], "password");
    for bad in ["", "not-an-email", "a@b", "robert'); DROP TABLE users;--@example.com"] {
        let reply = client.register(bad, PASSWORD).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.body);
        assert_eq!(reply.json()["field"], "email");
    }
    // Nothing was created by the refused attempts.
    assert_eq!(client.login(&email, PASSWORD).await.status, 401);
}

async fn a_1024_byte_unicode_password_is_accepted_whole(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    let email = unique_email();
    let password: String = "🔑 clé ключ ".chars().cycle().take(1000).collect::<String>();
    let password = &password[..password.char_indices().take_while(|(i, c)| i + c.len_utf8() <= 1024).last().map(|(i, c)| i + c.len_utf8()).unwrap()];
    assert!(password.len() <= 1024 && password.len() > 1000);
    register_and_verify(&app, &client, &email, password).await;
    // Never truncated: a prefix of the password does not sign in.
    assert_eq!(app.client().login(&email, &password[..password.len() - 4]).await.status, 401);
    assert_eq!(app.client().login(&email, password).await.status, 200);
}

async fn login_sets_cookies_and_unknown_email_looks_like_wrong_password(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_, email) = signed_in(&app).await;

    let ok = app.client().login(&email.to_uppercase(), PASSWORD).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_auth_cookies(&ok, 900);

    let wrong = app.client().login(&email, "not the password at all").await;
    let unknown = app.client().login(&unique_email(), "not the password at all").await;
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, wrong.status);
    assert_eq!(unknown.body, wrong.body);
    assert!(wrong.cookie(AT).is_none() && unknown.cookie(AT).is_none());
}

async fn login_records_failed_and_successful_attempts(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    app.client().login(&email, "definitely wrong password").await;
    let me = client.me().await.json();
    let user_id = me["user"]["id"].as_str().unwrap();
    let kinds: Vec<String> =
        app.state.auth.store().recent_events(user_id, 10).await.unwrap().into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, ["sign_in_failed", "signed_in", "email_verified", "account_created"]);
}

async fn a_weaker_stored_hash_is_upgraded_at_the_next_login(backend: Backend) {
    // Registered while the cost was lower; the operator then raised it.
    let (url, dir) = fresh_database(backend).await;
    let before = spawn_on(&url, dir, &[("KEYCARD_ARGON2", "m=64,t=1,p=1")]).await;
    let (_, email) = signed_in(&before).await;
    let old = before.state.auth.store().user_by_email(&email).await.unwrap().unwrap().password_hash;
    assert!(old.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{old}");

    let after = spawn_on(&url, None, &[("KEYCARD_ARGON2", "m=256,t=2,p=1")]).await;
    assert_eq!(after.client().login(&email, "definitely wrong password").await.status, 401);
    let unchanged = after.state.auth.store().user_by_email(&email).await.unwrap().unwrap().password_hash;
    assert_eq!(unchanged, old, "a wrong password changes nothing");
    assert_eq!(after.client().login(&email, PASSWORD).await.status, 200);
    let new = after.state.auth.store().user_by_email(&email).await.unwrap().unwrap().password_hash;
    assert!(new.starts_with("$argon2id$v=19$m=256,t=2,p=1$"), "{new}");
    assert_eq!(after.client().login(&email, PASSWORD).await.status, 200, "the new hash verifies");
}

async fn logout_revokes_the_session_on_the_server(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, _) = signed_in(&app).await;
    let old_refresh = client.get_cookie(RT).unwrap();
    let reply = client.post("/api/auth/logout", &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    for name in [AT, RT] {
        let c = reply.cookie(name).expect("cleared");
        assert_eq!(c.max_age(), Some(cookie::time::Duration::ZERO));
        assert_eq!((c.http_only(), c.secure(), c.path()), (Some(true), Some(true), Some("/")));
    }
    // The refresh token is dead server-side, not just forgotten by the client.
    let replay = app.client();
    replay.set_cookie(RT, &old_refresh);
    let refused = replay.refresh().await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.cookie(RT).unwrap().max_age(), Some(cookie::time::Duration::ZERO));
    // Signing out again is harmless.
    assert_eq!(client.post("/api/auth/logout", &[]).await.status, 200);
}

on_both_backends!(
    the_verification_link_signs_in_with_both_cookies,
    registering_a_taken_address_answers_the_same_and_tells_the_owner,
    weak_or_malformed_registrations_are_refused_with_the_field,
    a_1024_byte_unicode_password_is_accepted_whole,
    login_sets_cookies_and_unknown_email_looks_like_wrong_password,
    login_records_failed_and_successful_attempts,
    a_weaker_stored_hash_is_upgraded_at_the_next_login,
    logout_revokes_the_session_on_the_server,
);
