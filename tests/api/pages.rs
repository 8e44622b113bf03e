//! Pages: server-side redirects and refreshing before rendering.

use reqwest::Method;

use crate::{on_both_backends, support::*};

async fn the_example_page_is_protected_and_renders_for_its_user(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let anonymous = app.client().get("/account/example").await;
    assert_eq!(anonymous.status, 303);
    assert_eq!(anonymous.header("location"), Some("/login?next=%2Faccount%2Fexample"));
    assert_eq!(app.client().post("/api/example/greeting", &[]).await.status, 401);

    let (client, email) = signed_in(&app).await;
    let page = client.get("/account/example").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("Hello, {email}!")), "{}", page.body);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    // Refreshed before rendering, like the account page.
    client.remove_cookie(AT);
    let refreshed = client.get("/account/example").await;
    assert_eq!(refreshed.status, 200);
    assert!(refreshed.cookie(AT).is_some());
    assert!(refreshed.body.contains(&format!("Hello, {email}!")), "rendered with the refreshed token");
    // The server function passes the same cross-site check as every POST.
    let forged = client.send(client.raw(Method::POST, "/api/example/greeting").header("origin", "https://evil.example")).await;
    assert_eq!(forged.status, 403);
    let own = client.post("/api/example/greeting", &[]).await;
    assert_eq!(own.status, 200, "{}", own.body);
}

async fn anonymous_account_request_redirects_to_login(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let reply = app.client().get("/account").await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.header("location"), Some("/login?next=%2Faccount"));
}

async fn signed_in_users_are_sent_on_from_login(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, _) = signed_in(&app).await;
    assert_eq!(client.get("/login").await.header("location"), Some("/account"));
    assert_eq!(client.get("/register?next=%2F%3Fwelcome%3D1").await.header("location"), Some("/?welcome=1"));
    assert_eq!(client.get("/login?next=%2F%2Fevil.example").await.header("location"), Some("/account"));
    assert_eq!(client.get("/login?next=https%3A%2F%2Fevil.example").await.header("location"), Some("/account"));
}

async fn account_page_renders_signed_in(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    let reply = client.get("/account").await;
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains(&email), "the page shows the user");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    for token in [client.get_cookie(AT).unwrap(), client.get_cookie(RT).unwrap()] {
        assert!(!reply.body.contains(&token), "a token leaked into the HTML");
    }
}

async fn page_with_only_a_refresh_token_is_refreshed_before_rendering(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    let old_refresh = client.get_cookie(RT).unwrap();
    client.remove_cookie(AT);
    let reply = client.get("/account").await;
    assert_eq!(reply.status, 200, "rendered, not redirected");
    assert!(reply.body.contains(&email));
    assert!(reply.cookie(AT).is_some() && reply.cookie(RT).is_some(), "new cookies on the page response");
    assert_ne!(client.get_cookie(RT).unwrap(), old_refresh);
    assert!(!reply.body.contains(&client.get_cookie(AT).unwrap()));
    assert_eq!(client.me().await.status, 200);
    assert_eq!(client.refresh().await.status, 200, "the rotated token is the live one");
}

async fn page_with_a_dead_refresh_token_goes_to_login_with_a_reason(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, _) = signed_in(&app).await;
    let refresh = client.get_cookie(RT).unwrap();
    client.post("/api/auth/logout", &[]).await;
    client.set_cookie(RT, &refresh);
    let reply = client.get("/account").await;
    assert_eq!(reply.status, 303);
    assert_eq!(reply.header("location"), Some("/login?next=%2Faccount&reason=expired"));
    assert_eq!(reply.cookie(RT).unwrap().max_age(), Some(cookie::time::Duration::ZERO));
}

async fn a_device_signed_out_elsewhere_is_signed_out_on_its_next_page(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (a, email) = signed_in(&app).await;
    let b = app.client();
    assert_eq!(b.login(&email, PASSWORD).await.status, 200);
    assert_eq!(a.post("/api/account/revoke_other_sessions", &[]).await.status, 200);
    // B's access token is still unexpired, but the page checks the session.
    let page = b.get("/account").await;
    assert_eq!(page.status, 303);
    assert_eq!(page.header("location"), Some("/login?next=%2Faccount&reason=revoked"));
    assert_eq!(page.cookie(AT).unwrap().max_age(), Some(cookie::time::Duration::ZERO));
    assert!(b.get_cookie(RT).is_none());
    let login = b.get("/login").await;
    assert_eq!(login.status, 200, "the login page is shown, not bounced to /account");
}

/// The same device with its access token expired: the page refreshes, the
/// refresh is refused, and the refusal says the session was revoked, not
/// that it ran out (the browser's own refresh gets the same answer).
async fn a_device_signed_out_elsewhere_is_told_so_after_its_access_token_expired(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (a, email) = signed_in(&app).await;
    let b = app.client();
    assert_eq!(b.login(&email, PASSWORD).await.status, 200);
    let refresh = b.get_cookie(RT).unwrap();
    assert_eq!(a.post("/api/account/change_password", &[("current_password", PASSWORD), ("new_password", "violet tangerine harbour 1987")]).await.status, 200);
    b.remove_cookie(AT);
    let page = b.get("/account").await;
    assert_eq!(page.status, 303);
    assert_eq!(page.header("location"), Some("/login?next=%2Faccount&reason=revoked"));

    b.set_cookie(RT, &refresh);
    let reply = b.refresh().await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.json()["code"], "unauthorized");
    assert_eq!(reply.json()["session"], "revoked", "{}", reply.body);
    assert_eq!(reply.cookie(RT).unwrap().max_age(), Some(cookie::time::Duration::ZERO));

    // A session that ended on its own browser is not "signed out elsewhere".
    let (c, _) = signed_in(&app).await;
    let own = c.get_cookie(RT).unwrap();
    c.post("/api/auth/logout", &[]).await;
    c.set_cookie(RT, &own);
    assert_eq!(c.refresh().await.json()["session"], "expired");
}

async fn plain_form_posts_get_redirects(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_, email) = signed_in(&app).await;
    let client = app.client();
    let html = |path: &str| {
        client.raw(Method::POST, path).header("accept", "text/html").header("referer", format!("{}/login", app.origin()))
    };
    let ok = client.send(html("/api/auth/login").form(&[("email", email.as_str()), ("password", PASSWORD), ("next", "/?from=form")])).await;
    assert_eq!(ok.status, 302, "{}", ok.body);
    assert_eq!(ok.header("location"), Some("/?from=form"));
    assert!(ok.cookie(AT).is_some());

    let evil = client.send(html("/api/auth/login").form(&[("email", email.as_str()), ("password", PASSWORD), ("next", "//evil.example")])).await;
    assert_eq!(evil.header("location"), Some("/account"));

    let failed = client.send(html("/api/auth/login").form(&[("email", email.as_str()), ("password", "wrong password here")])).await;
    assert_eq!(failed.status, 302);
    let location = failed.header("location").unwrap();
    assert!(location.starts_with("/login?error="), "{location}");

    let out = client.send(html("/api/auth/logout")).await;
    assert_eq!(out.status, 302);
    assert_eq!(out.header("location"), Some("/login?reason=signed_out"));
}

async fn plain_form_posts_on_the_account_page_come_back_with_the_error(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, _) = signed_in(&app).await;
    let html = |path: &str| {
        client.raw(Method::POST, path).header("accept", "text/html").header("referer", format!("{}/account", app.origin()))
    };
    let unknown = client.send(html("/api/account/revoke_session").form(&[("session_id", "no-such-session")])).await;
    assert_eq!(unknown.status, 302, "{}", unknown.body);
    let location = unknown.header("location").unwrap();
    assert!(location.starts_with("/account?error="), "{location}");

    let others = client.send(html("/api/account/revoke_other_sessions")).await;
    assert_eq!(others.status, 302, "{}", others.body);
    assert_eq!(others.header("location"), Some("/account"));
}

/// The page's script sends forms with `fetch` (client::forms): the answer
/// is JSON, and says in `x-keycard-next` where the plain post would have
/// been redirected, for success and refusal alike.
async fn fetched_form_posts_say_where_the_form_goes_on(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_, email) = signed_in(&app).await;
    let client = app.client();
    let fetched = |path: &str| client.raw(Method::POST, path).header("accept", "application/json");
    let failed = client.send(fetched("/api/auth/login").form(&[("email", email.as_str()), ("password", "wrong password here")])).await;
    assert_eq!(failed.status, 401, "{}", failed.body);
    assert_eq!(failed.json()["code"], "unauthorized");
    assert!(failed.header("x-keycard-next").is_some_and(|l| l.starts_with("/login?error=")), "{:?}", failed.header("x-keycard-next"));

    let ok = client.send(fetched("/api/auth/login").form(&[("email", email.as_str()), ("password", PASSWORD), ("next", "/?from=form")])).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["user"]["email"], email.as_str());
    assert_eq!(ok.header("x-keycard-next"), Some("/?from=form"));
    let evil = client.send(fetched("/api/auth/login").form(&[("email", email.as_str()), ("password", PASSWORD), ("next", "//evil.example")])).await;
    assert_eq!(evil.header("x-keycard-next"), Some("/account"), "next never leaves the site");
    let unicode = client.send(fetched("/api/auth/login").form(&[("email", email.as_str()), ("password", PASSWORD), ("next", "/account/example?name=zoë")])).await;
    assert_eq!(unicode.header("x-keycard-next"), Some("/account/example?name=zo%C3%AB"), "a header holds ASCII only");

    let unknown = client.send(fetched("/api/account/revoke_session").form(&[("session_id", "no-such-session")])).await;
    assert_eq!(unknown.json()["reason"], "no_such_device", "{}", unknown.body);
    assert_eq!(unknown.header("x-keycard-next"), Some("/account?error=no_such_device&field=session_id"));
    let password = client.send(fetched("/api/account/change_password").form(&[("current_password", "not it at all"), ("new_password", "violet tangerine harbour 1987")])).await;
    assert_eq!(password.json()["field"], "current_password", "{}", password.body);

    let out = client.send(fetched("/api/auth/logout")).await;
    assert_eq!(out.status, 200, "{}", out.body);
    assert_eq!(out.header("x-keycard-next"), Some("/login?reason=signed_out"));
}

/// Pages and JSON answers go out compressed to clients that accept it, and
/// as they are to those that do not; pages say what they are to search engines.
async fn pages_and_answers_are_compressed_when_accepted(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    let plain = client.get("/login").await;
    assert_eq!(plain.header("content-encoding"), None);
    assert!(plain.body.contains(&format!("<meta name=\"description\" content=\"{}\"", keycard::i18n::text(keycard::i18n::Lang::En, "meta-description", &[]))), "{}", plain.body);
    for encoding in ["br", "gzip"] {
        let page = client.send(client.raw(reqwest::Method::GET, "/login").header("accept-encoding", encoding)).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.header("content-encoding"), Some(encoding), "page, {encoding}");
        // Vary may come as several fields (RFC 9110: one list): the page's
        // own (its language) and the compression's.
        let vary = page.headers.get_all("vary").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(", ");
        assert!(vary.to_ascii_lowercase().contains("accept-encoding"), "{vary}");
        assert!(page.header("content-security-policy").is_some(), "security headers stay");
        let answer = client.send(
            client.raw(reqwest::Method::POST, "/api/auth/login").header("accept-encoding", encoding)
                .form(&[("email", "nobody@example.com"), ("password", "not a password of anyone")]),
        ).await;
        assert_eq!(answer.status, 401, "the status survives compression");
        assert_eq!(answer.header("content-encoding"), Some(encoding), "answer, {encoding}");
    }
}

on_both_backends!(
    pages_and_answers_are_compressed_when_accepted,
    fetched_form_posts_say_where_the_form_goes_on,
    the_example_page_is_protected_and_renders_for_its_user,
    plain_form_posts_on_the_account_page_come_back_with_the_error,
    a_device_signed_out_elsewhere_is_signed_out_on_its_next_page,
    a_device_signed_out_elsewhere_is_told_so_after_its_access_token_expired,
    anonymous_account_request_redirects_to_login,
    signed_in_users_are_sent_on_from_login,
    account_page_renders_signed_in,
    page_with_only_a_refresh_token_is_refreshed_before_rendering,
    page_with_a_dead_refresh_token_goes_to_login_with_a_reason,
    plain_form_posts_get_redirects,
);
