//! Languages: the page's language from the cookie, the account or
//! `Accept-Language`; the picker; refusals and mails in the right one,
//! while the codes stay the contract.

use reqwest::Method;

use crate::{on_both_backends, support::*};

const LANG: &str = keycard::server::http::cookies::CookieNames::new(true).lang;

async fn get_in(client: &Client, path: &str, accept_language: &str) -> Reply {
    page(client.send(client.raw(Method::GET, path).header("accept-language", accept_language)).await)
}

/// The page's HTML without the markers leptos puts after dynamic text.
fn page(mut reply: Reply) -> Reply {
    reply.body = reply.body.replace("<!>", "");
    reply
}

async fn pages_speak_the_browsers_language_unless_a_choice_was_made(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    let english = page(client.get("/login").await);
    assert!(english.body.contains("<html lang=\"en\""), "no Accept-Language: English");
    assert!(english.body.contains(">Sign in</h1>"));

    let german = get_in(&client, "/login", "de-DE,de;q=0.9,en;q=0.8").await;
    assert!(german.body.contains("<html lang=\"de\""), "{}", &german.body[..200]);
    assert!(german.body.contains(">Anmelden</h1>") && german.body.contains("Passwort vergessen?"));
    assert!(!german.body.contains("Forgot your password?"), "nothing left in English");
    let spanish = get_in(&client, "/register", "it, es;q=0.5").await;
    assert!(spanish.body.contains("<html lang=\"es\"") && spanish.body.contains(">Crear una cuenta</h1>"));

    // The picker's choice wins over the browser's language.
    let picked = client.send(client.raw(Method::POST, "/language").form(&[("lang", "fr"), ("back", "/register?next=%2Faccount")])).await;
    assert_eq!(picked.status, 303);
    assert_eq!(picked.header("location"), Some("/register?next=%2Faccount"), "back where the picker was");
    assert_eq!(client.get_cookie(LANG).as_deref(), Some("fr"));
    let french = get_in(&client, "/register", "de").await;
    assert!(french.body.contains("<html lang=\"fr\"") && french.body.contains(">Créer un compte</h1>"));
    // The picker lists every language, the current one selected.
    assert!(french.body.contains("<option value=\"fr\" lang=\"fr\" selected"), "the current language is selected");
    for name in ["English", "Deutsch", "Français", "Español"] {
        assert!(french.body.contains(name), "{name}");
    }
}

async fn the_picker_refuses_what_it_does_not_know_and_never_leaves_the_site(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    let unknown = client.send(client.raw(Method::POST, "/language").form(&[("lang", "xx"), ("back", "/login")])).await;
    assert_eq!(unknown.status, 400);
    assert!(unknown.body.contains("does not speak"), "{}", unknown.body);
    assert_eq!(client.get_cookie(LANG), None, "nothing set");
    for back in ["https://evil.example/", "//evil.example", ""] {
        let reply = client.send(client.raw(Method::POST, "/language").form(&[("lang", "de"), ("back", back)])).await;
        assert_eq!(reply.status, 303);
        assert_eq!(reply.header("location"), Some("/"), "{back:?} stays on the site");
    }
    // A cross-site post is refused like every other POST.
    let forged = client
        .send(client.raw(Method::POST, "/language").header("origin", "https://evil.example").form(&[("lang", "es"), ("back", "/")]))
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(client.get_cookie(LANG).as_deref(), Some("de"));
    // A broken cookie is ignored.
    client.set_cookie(LANG, "zz");
    assert!(get_in(&client, "/login", "es").await.body.contains("<html lang=\"es\""));
}

async fn refusals_are_written_in_the_requests_language_and_keep_their_codes(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let client = app.client();
    let refused = client
        .send(
            client
                .raw(Method::POST, "/api/auth/login")
                .header("accept-language", "de")
                .header("accept", "application/json")
                .form(&[("email", "nobody@example.com"), ("password", "a wrong password")]),
        )
        .await;
    assert_eq!(refused.status, 401);
    let json = refused.json();
    assert_eq!(json["code"], "unauthorized", "the code is the contract");
    assert_eq!(json["reason"], "bad_credentials");
    assert!(json["message"].as_str().unwrap().starts_with("E-Mail-Adresse und Passwort passen zu keinem Konto."), "{json}");
    // Without a language, the answer is the English one it always was.
    let english = client.login("nobody@example.com", "a wrong password").await;
    assert!(english.json()["message"].as_str().unwrap().starts_with("That e-mail and password don't match an account."));

    // What used to be a sentence of its own has a code now, and is translated
    // too. (A signed-in browser has its account's language as its cookie,
    // which wins over Accept-Language: the picker sets it.)
    let (signed, _) = signed_in(&app).await;
    assert_eq!(signed.get_cookie(LANG).as_deref(), Some("en"), "registered without a language: English");
    signed.set_cookie(LANG, "fr");
    let unnamed = signed
        .send(
            signed
                .raw(Method::POST, "/api/account/passkey_rename")
                .header("accept-language", "de")
                .header("accept", "application/json")
                .form(&[("id", "AAAA"), ("name", "  ")]),
        )
        .await;
    assert_eq!(unnamed.status, 400);
    assert_eq!(unnamed.json()["reason"], "passkey_name_empty");
    assert_eq!(unnamed.json()["field"], "name");
    assert_eq!(unnamed.json()["message"], "Donnez un nom à la clé d’accès, par exemple celui de l’appareil qui la détient.");
    signed.set_cookie(LANG, "es");
    let unknown = signed.send(signed.raw(Method::POST, "/api/account/passkey_rename").form(&[("id", "AAAA"), ("name", "Portátil")])).await;
    assert_eq!(unknown.json()["reason"], "no_such_passkey");
    assert_eq!(unknown.json()["message"], "No existe esa llave de acceso.");

    // A plain form post is sent back with the code, and the page says it in
    // the reader's language.
    let page = get_in(&client, "/login?error=bad_credentials&field=password", "fr").await;
    assert!(page.body.contains("ne correspondent à aucun compte"), "the no-JavaScript page in French");
    let page = get_in(&client, "/login?error=signin_limited.42", "es").await;
    assert!(page.body.contains("Demasiados intentos fallidos de inicio de sesión. Vuelve a intentarlo dentro de 42 segundos."));
}

async fn mails_are_in_the_recipients_language_not_the_requesters(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    // Registered in French: the confirmation mail is French.
    let client = app.client();
    client.set_cookie(LANG, "fr");
    let email = unique_email();
    assert_eq!(client.register(&email, PASSWORD).await.status, 200);
    let mails = app.wait_for_mail(&email, "Confirmez votre adresse e-mail").await;
    assert!(mails[0].1.contains("Confirmer mon adresse"), "{}", mails[0].1);
    let token = app.link_token(&email, "/verify-email").await;
    assert_eq!(client.verify(&token).await.status, 200);

    // Anyone asking for a reset link, in any language, gets the owner's.
    let stranger = app.client();
    let asked = stranger
        .send(stranger.raw(Method::POST, "/api/auth/forgot_password").header("accept-language", "de").form(&[("email", email.as_str())]))
        .await;
    assert_eq!(asked.status, 200);
    app.wait_for_mail(&email, "Choisissez un nouveau mot de passe").await;

    // The owner picks Spanish while signed in: it is saved with the account,
    // and a sign-in on another browser brings it along.
    let picked = client.send(client.raw(Method::POST, "/language").form(&[("lang", "es"), ("back", "/account")])).await;
    assert_eq!(picked.status, 303);
    let other = app.client();
    let signed_in = other.login(&email, PASSWORD).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    assert_eq!(other.get_cookie(LANG).as_deref(), Some("es"), "the account's language follows it");
    let account = page(other.get("/account").await);
    assert!(account.body.contains("<html lang=\"es\"") && account.body.contains(">Tu cuenta</h1>"));
    assert!(account.body.contains("Dispositivos con sesión iniciada"));
    // And the next mail to the account is in Spanish, whoever asks for it.
    let asked = stranger
        .send(stranger.raw(Method::POST, "/api/auth/forgot_password").header("accept-language", "fr").form(&[("email", email.as_str())]))
        .await;
    assert_eq!(asked.status, 200);
    app.wait_for_mail(&email, "Elige una contraseña nueva").await;
}

async fn a_choice_made_after_the_access_token_ran_out_is_kept(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, email) = signed_in(&app).await;
    // The access cookie ran out (a tab left in the background, or no
    // JavaScript): the refresh cookie still says whose browser this is.
    client.remove_cookie(AT);
    let picked = client.send(client.raw(Method::POST, "/language").form(&[("lang", "de"), ("back", "/account")])).await;
    assert_eq!(picked.status, 303);
    // The next page refreshes the session, and keeps the choice.
    let account = page(client.get("/account").await);
    assert_eq!(account.status, 200);
    assert!(client.get_cookie(AT).is_some(), "refreshed before rendering");
    assert_eq!(client.get_cookie(LANG).as_deref(), Some("de"), "the refresh brought the saved choice, not the old one");
    assert!(account.body.contains("<html lang=\"de\""));
    let vary: Vec<&str> = account.headers.get_all("vary").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(vary.iter().any(|v| v.contains("accept-language") && v.contains("cookie")), "a cache must not mix languages: {vary:?}");
    // And it is the account's: another browser signing in gets it.
    let other = app.client();
    assert_eq!(other.login(&email, PASSWORD).await.status, 200);
    assert_eq!(other.get_cookie(LANG).as_deref(), Some("de"));
}

on_both_backends!(
    a_choice_made_after_the_access_token_ran_out_is_kept,
    pages_speak_the_browsers_language_unless_a_choice_was_made,
    the_picker_refuses_what_it_does_not_know_and_never_leaves_the_site,
    refusals_are_written_in_the_requests_language_and_keep_their_codes,
    mails_are_in_the_recipients_language_not_the_requesters,
);
