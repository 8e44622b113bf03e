//! Sign-in with another provider (OpenID Connect), against a real provider
//! on loopback: accounts are found by (issuer, subject), never by address;
//! an address with an account is linked only by its signed-in owner; the
//! flow finishes once, in the browser that started it, for the provider it
//! was sent to.

use crate::{
    on_both_backends,
    passkeys::{SoftKey, add_passkey},
    second_factor::enrol,
    support::*,
};

const FLOW: &str = keycard::server::http::cookies::CookieNames::new(true).federated;

async fn app_with(backend: Backend, providers: &[(&str, &OidcProvider)]) -> TestApp {
    let mut env: Vec<(String, String)> = vec![(
        "KEYCARD_OIDC_PROVIDERS".into(),
        providers.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(","),
    )];
    for (id, provider) in providers {
        env.extend(provider.env(id));
    }
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    spawn_app(backend, &pairs).await
}

/// Presses "Continue with …" (or, with `link`, the account page's "Link"):
/// answers where keycard sends the browser.
async fn start(client: &Client, id: &str, link: bool) -> Reply {
    let form: &[(&str, &str)] = if link { &[("link", "1")] } else { &[] };
    client.post(&format!("/auth/oidc/{id}/start"), form).await
}

/// A whole round trip: keycard, the provider's pages as `login`, back to keycard.
pub async fn through(app: &TestApp, client: &Client, provider: &OidcProvider, id: &str, login: &str, link: bool) -> Reply {
    let sent = start(client, id, link).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let authorize = sent.header("location").unwrap().to_owned();
    assert!(authorize.starts_with(&provider.issuer()), "sent to the provider: {authorize}");
    let back = provider.sign_in(&authorize, login).await;
    // Back to keycard's public URL (which may name localhost for passkeys).
    let path = back[back.find("/auth/oidc/").expect("back to keycard")..].to_owned();
    let _ = app;
    client.get(&path).await
}

fn error_of(reply: &Reply) -> String {
    let location = reply.header("location").unwrap_or_default();
    location.split("error=").nth(1).map(|e| e.split('&').next().unwrap().to_owned()).unwrap_or_default()
}

async fn a_first_sign_in_makes_a_confirmed_account_and_the_next_finds_it(backend: Backend) {
    let provider = OidcProvider::start();
    let app = app_with(backend, &[("test", &provider)]).await;
    // The sign-in page's forms may lead to the provider (CSP form-action
    // covers the redirect a form post is answered with).
    let page = app.client().get("/login").await;
    let policy = page.header("content-security-policy").unwrap_or_default().to_owned();
    assert!(policy.contains(&format!("form-action 'self' {}", provider.issuer())), "{policy}");
    let email = unique_email();
    let client = app.client();
    let back = through(&app, &client, &provider, "test", &email, false).await;
    assert_eq!((back.status.as_u16(), back.header("location")), (303, Some("/account")), "{}", back.body);
    assert!(client.get_cookie(AT).is_some() && client.get_cookie(RT).is_some(), "signed in");
    assert!(client.get_cookie(FLOW).is_none(), "the flow's cookie is gone");
    let me = client.me().await.json();
    assert_eq!((me["user"]["email"].as_str(), me["user"]["email_verified"].as_bool()), (Some(email.as_str()), Some(true)));
    assert_eq!(access_claims(&client)["amr"], serde_json::json!(["fed"]));
    let first = me["user"]["id"].clone();
    // A new account's first session is no news: no new-device alert.
    app.settle().await;
    assert!(app.mails_to(&email).await.is_empty(), "{:?}", app.mails_to(&email).await);

    // Again, from another browser: the same account, no second one.
    let other = app.client();
    let again = through(&app, &other, &provider, "test", &email, false).await;
    assert_eq!(again.status, 303);
    assert_eq!(other.me().await.json()["user"]["id"], first);
    // It has no password: none signs in to it.
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 401);
    let methods = client.post("/api/account/sign_in_methods", &[]).await.json();
    assert_eq!(methods["password"], false);
    assert_eq!(methods["linked"][0]["provider"], "test");
    let activity = client.post("/api/account/activity", &[]).await.json();
    let kinds: Vec<&str> = activity.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"account_created") && kinds.contains(&"identity_linked"), "{kinds:?}");
}

async fn an_address_with_an_account_is_never_linked_by_itself(backend: Backend) {
    let provider = OidcProvider::start();
    let app = app_with(backend, &[("test", &provider)]).await;
    let (owner, email) = signed_in(&app).await;
    let stranger = app.client();
    let back = through(&app, &stranger, &provider, "test", &email, false).await;
    assert_eq!(error_of(&back), "provider_account_exists", "{:?}", back.header("location"));
    assert!(stranger.get_cookie(AT).is_none(), "no session");
    let user = app.state.auth.store().user_by_email(&email).await.unwrap().unwrap();
    assert!(app.state.auth.store().identities_of(&user.id).await.unwrap().is_empty(), "nothing linked");
    // The owner is untouched.
    assert_eq!(owner.me().await.status, 200);
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 200);
}

async fn an_unconfirmed_squatter_never_receives_the_identity(backend: Backend) {
    let provider = OidcProvider::start();
    let app = app_with(backend, &[("test", &provider)]).await;
    let email = unique_email();
    let squatter = app.client();
    assert_eq!(squatter.register(&email, PASSWORD).await.status, 200);
    app.settle().await;
    let squatted = app.state.auth.store().user_by_email(&email).await.unwrap().unwrap();

    let owner = app.client();
    let back = through(&app, &owner, &provider, "test", &email, false).await;
    assert_eq!(back.header("location"), Some("/account"), "{:?}", back.header("location"));
    let me = owner.me().await.json();
    assert_ne!(me["user"]["id"].as_str(), Some(squatted.id.as_str()), "a new account, not the squatter's");
    assert!(app.state.auth.store().user_by_id(&squatted.id).await.unwrap().is_none(), "the squatter's account is gone");
    // The squatter's password opens nothing.
    assert_eq!(squatter.login(&email, PASSWORD).await.status, 401);
}

async fn an_address_the_provider_does_not_vouch_for_makes_no_account(backend: Backend) {
    let provider = OidcProvider::start();
    let app = app_with(backend, &[("test", &provider)]).await;
    for (login, reason) in [("unverified:", "provider_unverified"), ("stringy:", "provider_refused")] {
        let email = unique_email();
        let client = app.client();
        let back = through(&app, &client, &provider, "test", &format!("{login}{email}"), false).await;
        assert_eq!(error_of(&back), reason, "{login}: {:?}", back.header("location"));
        assert!(client.get_cookie(AT).is_none(), "{login}: no session");
        assert!(app.state.auth.store().user_by_email(&email).await.unwrap().is_none(), "{login}: no account");
    }
}

async fn a_response_finishes_once_in_its_browser_for_its_provider(backend: Backend) {
    let (one, two) = (OidcProvider::start(), OidcProvider::start());
    let app = app_with(backend, &[("one", &one), ("two", &two)]).await;
    let email = unique_email();

    // Brought back to another browser (a login CSRF): refused.
    let starter = app.client();
    let sent = start(&starter, "one", false).await;
    let back = one.sign_in(sent.header("location").unwrap(), &email).await;
    let path = back.strip_prefix(&app.origin()).unwrap().to_owned();
    let victim = app.client();
    let reply = victim.get(&path).await;
    assert_eq!(error_of(&reply), "provider_refused");
    assert!(victim.get_cookie(AT).is_none());
    // …and the flow is spent: its own browser cannot use it any more either.
    assert_eq!(error_of(&starter.get(&path).await), "provider_refused");

    // Replayed after it worked: refused.
    let client = app.client();
    let sent = start(&client, "one", false).await;
    let back = one.sign_in(sent.header("location").unwrap(), &email).await;
    let path = back.strip_prefix(&app.origin()).unwrap().to_owned();
    assert_eq!(client.get(&path).await.header("location"), Some("/account"));
    let replay = app.client();
    replay.set_cookie(FLOW, &client.get_cookie(FLOW).unwrap_or_default());
    assert_eq!(error_of(&replay.get(&path).await), "provider_refused");

    // Sent to provider one, brought back to provider two's address: refused (mix-up).
    let client = app.client();
    let sent = start(&client, "one", false).await;
    let back = one.sign_in(sent.header("location").unwrap(), &email).await;
    let mixed = back.strip_prefix(&app.origin()).unwrap().replace("/auth/oidc/one/", "/auth/oidc/two/");
    assert_eq!(error_of(&client.get(&mixed).await), "provider_refused");

    // An `iss` that is not the provider's: refused (RFC 9207).
    let client = app.client();
    let sent = start(&client, "one", false).await;
    let back = one.sign_in(sent.header("location").unwrap(), &email).await;
    let forged = back.strip_prefix(&app.origin()).unwrap().replace("iss=", "iss=x");
    assert_eq!(error_of(&client.get(&forged).await), "provider_refused");

    // A made-up state, or none: refused.
    for path in ["/auth/oidc/one/callback?code=abc&state=made-up", "/auth/oidc/one/callback"] {
        assert_eq!(error_of(&app.client().get(path).await), "provider_refused", "{path}");
    }
    // Another site cannot start a sign-in in the user's browser.
    let cross = app.client();
    let request = cross.raw(reqwest::Method::POST, "/auth/oidc/one/start").header("sec-fetch-site", "cross-site").form(&[("next", "/")]);
    assert_eq!(cross.send(request).await.status, 403);
}

async fn the_owner_links_recently_signed_in_and_is_told(backend: Backend) {
    let sink = MailSink::start().expect("the SMTP sink");
    let provider = OidcProvider::start();
    let mut env: Vec<(String, String)> = vec![("KEYCARD_OIDC_PROVIDERS".into(), "test".into()), ("KEYCARD_SMTP_URL".into(), sink.url())];
    env.extend(provider.env("test"));
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let app = spawn_app(backend, &pairs).await;
    // Registered and confirmed through the mail the sink received.
    let (owner, email) = (app.client(), unique_email());
    assert_eq!(owner.register(&email, PASSWORD).await.status, 200);
    let confirm = sink.wait_for(&email, 1, std::time::Duration::from_secs(10)).await;
    let token = token_in(&confirm[0], "/verify-email").expect("a verification link");
    assert_eq!(owner.verify(&token).await.status, 200);
    assert_eq!(owner.me().await.status, 200);
    let at_provider = format!("{}-elsewhere", unique_email());

    // Not signed in: nothing to link to.
    let stranger = app.client();
    let refused = start(&stranger, "test", true).await;
    assert!(refused.header("location").unwrap().starts_with("/login?error="), "{:?}", refused.header("location"));

    let back = through(&app, &owner, &provider, "test", &at_provider, true).await;
    assert_eq!(back.header("location"), Some("/account?linked=test"), "{:?}", back.header("location"));
    let methods = owner.post("/api/account/sign_in_methods", &[]).await.json();
    assert_eq!((methods["password"].as_bool(), methods["linked"][0]["provider"].as_str()), (Some(true), Some("test")));
    let mut told = false;
    for _ in 0..100 {
        told = sink.mails().iter().any(|m| m["envelopeTo"][0] == email.as_str() && m["text"].as_str().unwrap().contains("was linked to"));
        if told {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(told, "the owner is told");

    // The identity now signs in to the owner's account, whatever address it reports.
    let elsewhere = app.client();
    assert_eq!(through(&app, &elsewhere, &provider, "test", &at_provider, false).await.header("location"), Some("/account"));
    assert_eq!(elsewhere.me().await.json()["user"]["email"], email.as_str());

    // Linked to another account too? No.
    let (second, _) = signed_in(&app).await;
    let taken = through(&app, &second, &provider, "test", &at_provider, true).await;
    assert_eq!(error_of(&taken), "identity_taken");

    // Unlinking: the identity signs in nowhere afterwards (it reports an address nobody has: a new account).
    let unlinked = owner.post("/api/account/unlink_provider", &[("provider", "test")]).await;
    assert_eq!(unlinked.status, 200, "{}", unlinked.body);
    assert!(owner.post("/api/account/sign_in_methods", &[]).await.json()["linked"].as_array().unwrap().is_empty());
}

async fn linking_needs_a_recent_authentication(backend: Backend) {
    let provider = OidcProvider::start();
    let mut env: Vec<(String, String)> = vec![("KEYCARD_OIDC_PROVIDERS".into(), "test".into())];
    env.extend(provider.env("test"));
    env.push(("KEYCARD_REAUTH_WINDOW".into(), "1s".into()));
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let app = spawn_app(backend, &pairs).await;
    let (owner, _) = signed_in(&app).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let refused = start(&owner, "test", true).await;
    assert_eq!(error_of(&refused), "reauth_required", "{:?}", refused.header("location"));
    assert!(refused.header("location").unwrap().starts_with("/account?"));
}

async fn the_last_way_to_sign_in_cannot_be_unlinked(backend: Backend) {
    let provider = OidcProvider::start();
    let app = app_with(backend, &[("test", &provider)]).await;
    let client = app.client();
    through(&app, &client, &provider, "test", &unique_email(), false).await;
    let refused = client.post("/api/account/unlink_provider", &[("provider", "test")]).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.json()["reason"], "last_sign_in_method");
    assert_eq!(client.post("/api/account/sign_in_methods", &[]).await.json()["linked"].as_array().unwrap().len(), 1);
}

async fn a_second_factor_is_still_asked_for(backend: Backend) {
    let provider = OidcProvider::start();
    let app = app_with(backend, &[("test", &provider)]).await;
    let (owner, _) = signed_in(&app).await;
    let at_provider = unique_email();
    assert_eq!(through(&app, &owner, &provider, "test", &at_provider, true).await.header("location"), Some("/account?linked=test"));
    let (_, recovery_codes) = enrol(&owner).await;

    let client = app.client();
    let back = through(&app, &client, &provider, "test", &at_provider, false).await;
    assert_eq!(back.header("location"), Some(keycard::routes::SECOND_FACTOR), "{:?}", back.header("location"));
    assert!(client.get_cookie(AT).is_none(), "no session before the second step");
    // The code finishes it, and the token says how: the provider, then a one-time code.
    let finished = client.post("/api/auth/second_factor", &[("code", &recovery_codes[0])]).await;
    assert_eq!(finished.status, 200, "{}", finished.body);
    assert_eq!(access_claims(&client)["amr"], serde_json::json!(["fed", "otp", "mfa"]));
}

async fn a_provider_that_is_down_fails_only_its_own_sign_in(backend: Backend) {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://127.0.0.1:{}", closed.local_addr().unwrap().port());
    drop(closed);
    let app = spawn_app(
        backend,
        &[
            ("KEYCARD_OIDC_PROVIDERS", "down"),
            ("KEYCARD_OIDC_DOWN_ISSUER", &issuer),
            ("KEYCARD_OIDC_DOWN_CLIENT_ID", "keycard"),
            ("KEYCARD_OIDC_DOWN_CLIENT_SECRET", "x"),
        ],
    )
    .await;
    let client = app.client();
    let sent = start(&client, "down", false).await;
    assert_eq!(error_of(&sent), "provider_unavailable", "{:?}", sent.header("location"));
    assert!(sent.header("location").unwrap().starts_with("/login?"));
    // Unknown providers are refused the same way, and passwords still work.
    assert_eq!(error_of(&start(&client, "nobody", false).await), "provider_refused");
    let (signed, _) = signed_in(&app).await;
    assert_eq!(signed.me().await.status, 200);
}

async fn an_account_made_through_a_provider_sets_a_password_by_the_reset_link(backend: Backend) {
    let provider = OidcProvider::start();
    let app = app_with(backend, &[("test", &provider)]).await;
    let email = unique_email();
    let client = app.client();
    assert_eq!(through(&app, &client, &provider, "test", &email, false).await.header("location"), Some("/account"));
    assert_eq!(app.client().post("/api/auth/forgot_password", &[("email", &email)]).await.status, 200);
    app.settle().await;
    let token = app.link_token(&email, "/reset-password").await;
    let chosen = "violet tangerine harbour 1987";
    let reset = app.client().post("/api/auth/reset_password", &[("token", &token), ("new_password", chosen)]).await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    let signed = app.client();
    assert_eq!(signed.login(&email, chosen).await.status, 200);
    let methods = signed.post("/api/account/sign_in_methods", &[]).await.json();
    assert_eq!((methods["password"].as_bool(), methods["linked"].as_array().map(Vec::len)), (Some(true), Some(1)));
    // With a password, the provider may go.
    assert_eq!(signed.post("/api/account/unlink_provider", &[("provider", "test")]).await.status, 200);
}

async fn a_passkey_is_not_removed_when_it_is_the_last_way_in(backend: Backend) {
    let provider = OidcProvider::start();
    let mut env: Vec<(String, String)> = vec![
        ("KEYCARD_OIDC_PROVIDERS".into(), "test".into()),
        ("KEYCARD_PUBLIC_URL".into(), "http://localhost:3000".into()),
    ];
    env.extend(provider.env("test"));
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let app = spawn_app(backend, &pairs).await;
    let client = app.client();
    through(&app, &client, &provider, "test", &unique_email(), false).await;
    let mut key = SoftKey::new();
    assert_eq!(add_passkey(&client, &mut key, "Key").await.status, 200);
    // With a passkey left, the provider may go; then the passkey may not.
    assert_eq!(client.post("/api/account/unlink_provider", &[("provider", "test")]).await.status, 200);
    let factors = client.post("/api/account/factors", &[]).await.json();
    let id = factors["passkeys"][0]["id"].as_str().unwrap().to_owned();
    let refused = client.post("/api/account/passkey_remove", &[("id", &id)]).await;
    assert_eq!(refused.json()["reason"], "last_sign_in_method", "{}", refused.body);
    assert_eq!(client.post("/api/account/factors", &[]).await.json()["passkeys"].as_array().unwrap().len(), 1);
}

/// Runs `sql` on the app's database (a test arranging what no request can).
async fn execute(app: &TestApp, sql: &'static str) {
    use keycard::server::store::Store;
    match app.state.auth.store() {
        Store::Sqlite(pool, _) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        Store::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .unwrap();
}

async fn an_id_token_for_another_nonce_signs_nobody_in(backend: Backend) {
    let provider = OidcProvider::start();
    let app = app_with(backend, &[("test", &provider)]).await;
    let client = app.client();
    let sent = start(&client, "test", false).await;
    let back = provider.sign_in(sent.header("location").unwrap(), &unique_email()).await;
    // The flow expected another nonce than the one the provider signed.
    execute(&app, "UPDATE federated_flows SET nonce = 'not-the-one-sent'").await;
    let reply = client.get(&back[back.find("/auth/oidc/").unwrap()..]).await;
    assert_eq!(error_of(&reply), "provider_refused", "{:?}", reply.header("location"));
    assert!(client.get_cookie(AT).is_none());
}

/// A provider whose ID token ran out, or was made for another client,
/// signs nobody in; the same provider's honest answer does.
async fn an_expired_or_foreign_id_token_signs_nobody_in(backend: Backend) {
    for (mode, signs_in) in [("honest", true), ("expired", false), ("foreign-audience", false)] {
        let rogue = OidcProvider::rogue(mode);
        let app = app_with(backend, &[("rogue", &rogue)]).await;
        let client = app.client();
        let back = through(&app, &client, &rogue, "rogue", "unused", false).await;
        if signs_in {
            assert_eq!(back.header("location"), Some("/account"), "{mode}: {:?}", back.header("location"));
            assert!(client.get_cookie(AT).is_some(), "{mode}");
        } else {
            assert_eq!(error_of(&back), "provider_refused", "{mode}: {:?}", back.header("location"));
            assert!(client.get_cookie(AT).is_none(), "{mode}");
        }
    }
}

/// A code the provider sent to another redirect URI than keycard's own
/// (an authorization request altered on its way) is worth nothing here:
/// keycard redeems it with its one exact redirect URI, which the provider
/// holds against the one the code was issued for.
async fn a_code_issued_for_an_altered_redirect_uri_signs_nobody_in(backend: Backend) {
    let provider = OidcProvider::start();
    let app = app_with(backend, &[("test", &provider)]).await;
    let client = app.client();
    let sent = start(&client, "test", false).await;
    let authorize = sent.header("location").unwrap().to_owned();
    let ours = format!("{}/auth/oidc/test/callback", app.origin());
    let encoded = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    assert!(authorize.contains(&format!("redirect_uri={}", encoded(&ours))), "exactly its own: {authorize}");
    // The same callback on another host name: one the test provider allows,
    // as a careless provider would.
    let altered_uri = ours.replace("127.0.0.1", "localhost");
    let altered = authorize.replace(&encoded(&ours), &encoded(&altered_uri));
    let back = provider.sign_in(&altered, &unique_email()).await;
    assert!(back.starts_with(&altered_uri), "the provider sent the code to the altered URI: {back}");
    let reply = client.get(&back[back.find("/auth/oidc/").unwrap()..]).await;
    assert_eq!(error_of(&reply), "provider_refused", "{:?}", reply.header("location"));
    assert!(client.get_cookie(AT).is_none());
}

async fn a_linking_finishes_after_the_access_token_expired(backend: Backend) {
    let provider = OidcProvider::start();
    let mut env: Vec<(String, String)> = vec![
        ("KEYCARD_OIDC_PROVIDERS".into(), "test".into()),
    ];
    env.extend(provider.env("test"));
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let app = spawn_app(backend, &pairs).await;
    let (owner, _) = signed_in(&app).await;
    let sent = start(&owner, "test", true).await;
    let back = provider.sign_in(sent.header("location").unwrap(), &unique_email()).await;
    // The access token runs out while the person is at the provider: the
    // browser drops its cookie (Max-Age), and keycard refreshes on the way in.
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    owner.remove_cookie(AT);
    let reply = owner.get(&back[back.find("/auth/oidc/").unwrap()..]).await;
    assert_eq!(reply.header("location"), Some("/account?linked=test"), "{:?}", reply.header("location"));
}

on_both_backends!(
    an_expired_or_foreign_id_token_signs_nobody_in,
    a_code_issued_for_an_altered_redirect_uri_signs_nobody_in,
    a_linking_finishes_after_the_access_token_expired,
    an_id_token_for_another_nonce_signs_nobody_in,
    a_passkey_is_not_removed_when_it_is_the_last_way_in,
    an_account_made_through_a_provider_sets_a_password_by_the_reset_link,
    a_first_sign_in_makes_a_confirmed_account_and_the_next_finds_it,
    an_address_with_an_account_is_never_linked_by_itself,
    an_unconfirmed_squatter_never_receives_the_identity,
    an_address_the_provider_does_not_vouch_for_makes_no_account,
    a_response_finishes_once_in_its_browser_for_its_provider,
    the_owner_links_recently_signed_in_and_is_told,
    linking_needs_a_recent_authentication,
    the_last_way_to_sign_in_cannot_be_unlinked,
    a_second_factor_is_still_asked_for,
    a_provider_that_is_down_fails_only_its_own_sign_in,
);
