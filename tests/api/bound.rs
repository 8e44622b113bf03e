//! Sessions bound to a device (Device Bound Session Credentials,
//! docs/security.md), against a "browser" written here from the W3C
//! draft: a P-256 key, and `dbsc+jwt` answers to the server's challenges
//! signed with it (ES256, JOSE's raw r‖s signature).

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD as B64};
use p256::ecdsa::{Signature, SigningKey, signature::Signer};
use reqwest::Method;
use serde_json::{Value, json};

use crate::{on_both_backends, support::*};

const BINDING_ON: [(&str, &str); 1] = [("KEYCARD_DBSC", "on")];
const BIND: &str = "/auth/session/bind";
const RENEW: &str = "/auth/session/renew";

/// The key a browser keeps for a session.
pub struct BrowserKey(SigningKey);

impl BrowserKey {
    pub fn new() -> Self {
        Self(SigningKey::random(&mut rand::rngs::OsRng))
    }

    fn jwk(&self) -> Value {
        let point = self.0.verifying_key().to_encoded_point(false);
        json!({ "kty": "EC", "crv": "P-256", "x": B64.encode(point.x().unwrap()), "y": B64.encode(point.y().unwrap()) })
    }

    /// A signed answer to `challenge`; the registration's carries the public key.
    pub fn answer(&self, challenge: &str, with_key: bool) -> String {
        let mut header = json!({ "alg": "ES256", "typ": "dbsc+jwt" });
        if with_key {
            header["jwk"] = self.jwk();
        }
        let signing_input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(json!({ "jti": challenge }).to_string()));
        let signature: Signature = self.0.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", B64.encode(signature.to_bytes()))
    }
}

/// A structured-field parameter of a header value: `name="value"`.
fn param(header: &str, name: &str) -> String {
    let start = header.find(&format!("{name}=\"")).unwrap_or_else(|| panic!("no {name} in {header}")) + name.len() + 2;
    header[start..].split('"').next().unwrap().to_owned()
}

/// The challenge a sign-in's answer offered, checking the offer's shape.
pub fn offered(reply: &Reply) -> String {
    let offer = reply.header("secure-session-registration").expect("a sign-in offers a binding");
    assert!(offer.starts_with("(ES256 RS256);"), "{offer}");
    assert_eq!(param(offer, "path"), BIND);
    param(offer, "challenge")
}

pub async fn bind(client: &Client, proof: &str) -> Reply {
    client.send(client.raw(Method::POST, BIND).header("secure-session-response", proof)).await
}

pub async fn renew(client: &Client, session_id: &str, proof: Option<&str>) -> Reply {
    let mut request = client.raw(Method::POST, RENEW).header("sec-secure-session-id", session_id);
    if let Some(proof) = proof {
        request = request.header("secure-session-response", proof);
    }
    client.send(request).await
}

/// The challenge of a `Secure-Session-Challenge` header, checking it names the session.
pub fn challenge_of(reply: &Reply, session_id: &str) -> String {
    let header = reply.header("secure-session-challenge").unwrap_or_else(|| panic!("no challenge: {reply:?}"));
    assert_eq!(param(header, "id"), session_id);
    header[1..].split('"').next().unwrap().to_owned()
}

/// A new account signed in with its password on a fresh client, its
/// session bound to `key`. Returns the client, the address and the session id.
async fn bound_session(app: &TestApp, key: &BrowserKey) -> (Client, String, String) {
    let (setup, email) = signed_in(app).await;
    drop(setup);
    let client = app.client();
    let login = client.login(&email, PASSWORD).await;
    assert_eq!(login.status, 200, "{}", login.body);
    let reply = bind(&client, &key.answer(&offered(&login), true)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let sid = access_claims(&client)["sid"].as_str().unwrap().to_owned();
    // The first renewal with the key binds it.
    let renewed = renew(&client, &sid, Some(&key.answer(&challenge_of(&reply, &sid), false))).await;
    assert_eq!(renewed.status, 200, "{}", renewed.body);
    (client, email, sid)
}

async fn session(app: &TestApp, sid: &str) -> keycard::server::store::SessionRecord {
    app.state.auth.session(sid).await.unwrap().expect("the session exists")
}

async fn event_kinds(app: &TestApp, client: &Client) -> Vec<String> {
    let user = access_claims(client)["sub"].as_str().unwrap().to_owned();
    app.state.auth.store().recent_events(&user, 50).await.unwrap().into_iter().map(|e| e.kind).collect()
}

async fn a_signed_answer_binds_the_session_it_was_offered_to(backend: Backend) {
    let app = spawn_app(backend, &BINDING_ON).await;
    let (setup, email) = signed_in(&app).await;
    drop(setup);
    let client = app.client();
    let login = client.login(&email, PASSWORD).await;
    let challenge = offered(&login);
    let sid = access_claims(&client)["sid"].as_str().unwrap().to_owned();
    assert!(access_claims(&client).get("cnf").is_none(), "not bound yet");
    assert!(!session(&app, &sid).await.is_bound());

    let key = BrowserKey::new();
    let reply = bind(&client, &key.answer(&challenge, true)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let instructions = reply.json();
    assert_eq!(instructions["session_identifier"], sid.as_str());
    assert_eq!(instructions["refresh_url"], RENEW);
    assert_eq!(instructions["scope"]["include_site"], false);
    let credential = &instructions["credentials"][0];
    assert_eq!((credential["type"].as_str(), credential["name"].as_str()), (Some("cookie"), Some(AT)));
    assert_eq!(credential["attributes"], "Path=/; Secure; HttpOnly; SameSite=Lax", "the cookie's attributes, without a lifetime");
    // The key is registered, not yet binding: the browser has not shown it
    // took the instructions. Until it does, the session refreshes as before.
    assert!(reply.cookie(AT).is_none());
    let registered = session(&app, &sid).await;
    assert!(registered.bound_key.is_some() && !registered.is_bound());
    assert_eq!(client.refresh().await.status, 200, "a registration not taken up changes nothing");
    // Its first renewal with the key binds it: the access token says so
    // (RFC 7800 `cnf.jkt`), and so do the account page and `me`.
    client.remove_cookie(AT);
    let first = renew(&client, &sid, Some(&key.answer(&challenge_of(&reply, &sid), false))).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(access_claims(&client)["cnf"]["jkt"].as_str().is_some_and(|t| t.len() == 43));
    let stored = session(&app, &sid).await;
    assert!(stored.is_bound() && stored.bound_at.is_some());
    assert!(event_kinds(&app, &client).await.contains(&"session_bound".to_owned()));
    let devices = client.post("/api/account/sessions", &[]).await.json();
    let this = devices.as_array().unwrap().iter().find(|d| d["this_device"] == true).unwrap();
    assert_eq!(this["bound"], true);
    assert_eq!(client.me().await.json()["bound"], true);

    // The challenge was single use: no second key, no second binding.
    let again = bind(&client, &BrowserKey::new().answer(&challenge, true)).await;
    assert_eq!(again.status, 401);
    assert_eq!(again.json()["reason"], "proof_refused");
    assert_eq!(session(&app, &sid).await.bound_key, stored.bound_key, "still the first key");
}

async fn a_bound_session_renews_with_its_keys_proof_only(backend: Backend) {
    let app = spawn_app(backend, &BINDING_ON).await;
    let key = BrowserKey::new();
    let (client, _, sid) = bound_session(&app, &key).await;
    let refresh_before = client.get_cookie(RT).unwrap();
    client.remove_cookie(AT);

    // No proof: a challenge for this session, and no cookie.
    let asked = renew(&client, &sid, None).await;
    assert_eq!(asked.status, 403);
    assert!(asked.set_cookies.is_empty());
    let challenge = challenge_of(&asked, &sid);

    // Another key's signature over it: refused, with a new challenge.
    let forged = renew(&client, &sid, Some(&BrowserKey::new().answer(&challenge, false))).await;
    assert_eq!(forged.status, 403);
    assert!(forged.cookie(AT).is_none());
    let fresh = challenge_of(&forged, &sid);

    // The bound key's: new cookies; the refresh token rotated.
    let renewed = renew(&client, &sid, Some(&key.answer(&fresh, false))).await;
    assert_eq!(renewed.status, 200, "{}", renewed.body);
    assert!(renewed.cookie(AT).is_some() && renewed.cookie(RT).is_some());
    assert_ne!(client.get_cookie(RT).unwrap(), refresh_before);
    assert_eq!(access_claims(&client)["sid"], sid.as_str());
    assert!(access_claims(&client)["cnf"]["jkt"].is_string());
    assert_eq!(client.me().await.status, 200);

    // A used challenge does not work twice; a binding's challenge does not renew.
    client.remove_cookie(AT);
    let replayed = renew(&client, &sid, Some(&key.answer(&fresh, false))).await;
    assert_eq!(replayed.status, 403);
    assert!(replayed.cookie(AT).is_none());
    // The challenge a renewal sends along works once, saving the round trip.
    let next = challenge_of(&renewed, &sid);
    let proactive = renew(&client, &sid, Some(&key.answer(&next, false))).await;
    assert_eq!(proactive.status, 200);

    // Another session's id with this key's proof over this session's challenge: nothing.
    let (other, _, other_sid) = bound_session(&app, &BrowserKey::new()).await;
    let asked = renew(&other, &other_sid, None).await;
    let theirs = challenge_of(&asked, &other_sid);
    let crossed = renew(&client, &sid, Some(&key.answer(&theirs, false))).await;
    assert_eq!(crossed.status, 403, "a challenge of another session");

    // The session keeper's refresh with a valid bound access token: the
    // session as it is, nothing rotated.
    let kept = client.get_cookie(RT).unwrap();
    let answer = client.refresh().await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.json()["bound"], true);
    assert_eq!(client.get_cookie(RT).unwrap(), kept);
}

async fn a_copied_cookie_jar_can_neither_use_nor_end_a_bound_session(backend: Backend) {
    let app = spawn_app(backend, &BINDING_ON).await;
    let key = BrowserKey::new();
    let (owner, email, sid) = bound_session(&app, &key).await;
    let copied_refresh = owner.get_cookie(RT).unwrap();
    // The thief copied every cookie; the access token has run out since.
    let thief = app.client();
    for (name, value) in owner.jar.lock().unwrap().iter() {
        thief.set_cookie(name, value);
    }
    thief.remove_cookie(AT);

    let refused = thief.refresh().await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.json()["reason"], "session_bound");
    assert!(refused.cookie(AT).is_none());
    // A page renders signed out; its cookies are not cleared (its own browser would retry).
    let page = thief.get("/account").await;
    assert_eq!(page.status, 303, "a protected page sends the copy to sign in");
    assert!(page.header("location").is_some_and(|l| l.starts_with("/login")));
    assert!(page.cookie(RT).is_none());
    // Signing out with the copy ends nothing.
    assert_eq!(thief.post("/api/auth/logout", &[]).await.status, 200);
    assert!(session(&app, &sid).await.is_active(), "the copy cannot end the session");

    // The owner is told, once for a burst of tries.
    app.wait_for_mail(&email, "Someone tried to use a copy of your sign-in").await;
    let again = app.client();
    again.set_cookie(RT, &owner.get_cookie(RT).unwrap());
    assert_eq!(again.refresh().await.status, 401);
    app.settle().await;
    let alerts = app.mails_to(&email).await.into_iter().filter(|(s, _)| s.contains("copy of your sign-in")).count();
    assert_eq!(alerts, 1);
    let kinds = event_kinds(&app, &owner).await;
    assert_eq!(kinds.iter().filter(|k| *k == "copied_cookie_refused").count(), 1);

    // The owner's browser renews with its key, and the copy's token, now
    // an old one, is still a copy: refused, the session not revoked.
    owner.remove_cookie(AT);
    let asked = renew(&owner, &sid, None).await;
    let renewed = renew(&owner, &sid, Some(&key.answer(&challenge_of(&asked, &sid), false))).await;
    assert_eq!(renewed.status, 200);
    thief.set_cookie(RT, &copied_refresh);
    assert_eq!(thief.refresh().await.json()["reason"], "session_bound");
    assert!(session(&app, &sid).await.is_active());
    assert_eq!(owner.me().await.status, 200, "the owner stays signed in");
}

async fn bindings_that_do_not_verify_leave_the_session_as_it_was(backend: Backend) {
    let app = spawn_app(backend, &BINDING_ON).await;
    let (setup, email) = signed_in(&app).await;
    drop(setup);
    let (a, b) = (app.client(), app.client());
    let challenge_a = offered(&a.login(&email, PASSWORD).await);
    let challenge_b = offered(&b.login(&email, PASSWORD).await);
    let sid_a = access_claims(&a)["sid"].as_str().unwrap().to_owned();
    let key = BrowserKey::new();

    // Signed by another key than the one it carries.
    let mut tampered = key.answer(&challenge_a, true);
    let other = BrowserKey::new().answer(&challenge_a, true);
    tampered.replace_range(tampered.rfind('.').unwrap().., &other[other.rfind('.').unwrap()..]);
    // A binding for another session (B's challenge, with A's cookies).
    let foreign = key.answer(&challenge_b, true);
    // No key, a made-up challenge, garbage, an oversized header.
    let keyless = key.answer(&challenge_a, false);
    let made_up = key.answer("not-a-challenge", true);
    for proof in [tampered.as_str(), foreign.as_str(), keyless.as_str(), made_up.as_str(), "garbage", &"a".repeat(10_000)] {
        let reply = bind(&a, proof).await;
        assert_eq!(reply.status, 401, "{proof:.40}: {}", reply.body);
        assert!(session(&app, &sid_a).await.bound_key.is_none(), "never bound half-way");
    }
    // No answer at all, or no signed-in session.
    assert_eq!(a.send(a.raw(Method::POST, BIND)).await.status, 401);
    let stranger = app.client();
    assert_eq!(bind(&stranger, &key.answer(&challenge_a, true)).await.status, 401);

    // None of that spent the right challenges: each binds its own session.
    assert_eq!(bind(&a, &key.answer(&challenge_a, true)).await.status, 200);
    assert_eq!(bind(&b, &BrowserKey::new().answer(&challenge_b, true)).await.status, 200);

    // A renewal naming an unknown or unbound session is told to stop.
    let unknown = renew(&a, "no-such-session", None).await;
    assert_eq!(unknown.status, 200);
    assert_eq!(unknown.json(), json!({ "session_identifier": "no-such-session", "continue": false }));
    assert_eq!(a.send(a.raw(Method::POST, RENEW)).await.status, 400, "no session named");
}

/// Anyone may ask for a renewal challenge: asking stores nothing, so no
/// amount of asking takes the owner's own challenge away.
async fn challenges_asked_for_in_bulk_lock_nobody_out(backend: Backend) {
    let app = spawn_app(backend, &BINDING_ON).await;
    let key = BrowserKey::new();
    let (client, _, sid) = bound_session(&app, &key).await;
    let held = challenge_of(&renew(&client, &sid, None).await, &sid);
    let stranger = app.client();
    for _ in 0..50 {
        let asked = renew(&stranger, &sid, None).await;
        assert_eq!(asked.status, 403);
        assert_ne!(challenge_of(&asked, &sid), held);
    }
    client.remove_cookie(AT);
    let renewed = renew(&client, &sid, Some(&key.answer(&held, false))).await;
    assert_eq!(renewed.status, 200, "{}", renewed.body);
    // A made-up challenge, or one altered, is no challenge.
    for forged in ["9999999999999.AAAA.AAAA", &format!("{held}x"), &held.replacen('1', "2", 1)] {
        let reply = renew(&client, &sid, Some(&key.answer(forged, false))).await;
        assert_eq!(reply.status, 403, "{forged}");
    }
}

/// A browser that signed in again since has the new session's cookies:
/// the old session is told to stop, and nothing of the new one is touched.
async fn a_renewal_never_flips_a_browser_back_to_an_older_session(backend: Backend) {
    let app = spawn_app(backend, &BINDING_ON).await;
    let key = BrowserKey::new();
    let (client, email, old_sid) = bound_session(&app, &key).await;
    assert_eq!(client.login(&email, PASSWORD).await.status, 200);
    let new_refresh = client.get_cookie(RT).unwrap();
    let stop = renew(&client, &old_sid, None).await;
    assert_eq!(stop.json(), json!({ "session_identifier": old_sid, "continue": false }));
    assert!(stop.set_cookies.is_empty(), "the new session's cookies are left alone");
    assert_eq!(client.get_cookie(RT).unwrap(), new_refresh);
}

async fn a_bound_session_that_ended_is_told_to_stop(backend: Backend) {
    let app = spawn_app(backend, &BINDING_ON).await;
    let key = BrowserKey::new();
    let (client, _, sid) = bound_session(&app, &key).await;
    // Its own browser signs out with its access token.
    assert_eq!(client.post("/api/auth/logout", &[]).await.status, 200);
    assert!(!session(&app, &sid).await.is_active());
    let stop = renew(&client, &sid, None).await;
    assert_eq!(stop.status, 200);
    assert_eq!(stop.json()["continue"], false);
    assert!(stop.set_cookies.is_empty());
}

async fn without_binding_nothing_is_offered_and_refresh_is_as_before(backend: Backend) {
    // The default on a plain-http public URL: browsers bind over https only.
    let app = spawn_app(backend, &[]).await;
    let (setup, email) = signed_in(&app).await;
    drop(setup);
    let client = app.client();
    let login = client.login(&email, PASSWORD).await;
    assert!(login.header("secure-session-registration").is_none());
    assert_eq!(bind(&client, &BrowserKey::new().answer("anything", true)).await.status, 401);
    let before = client.get_cookie(RT).unwrap();
    assert_eq!(client.refresh().await.status, 200);
    assert_ne!(client.get_cookie(RT).unwrap(), before);
    assert_eq!(client.me().await.json()["bound"], false);
}

/// Password, second step, passkey, mailed link, another provider: every
/// sign-in's answer offers to bind the session it opens.
async fn every_way_of_signing_in_offers_a_binding(backend: Backend) {
    let provider = OidcProvider::start();
    let mut env: Vec<(String, String)> = provider.env("test");
    env.extend([
        ("KEYCARD_OIDC_PROVIDERS".to_owned(), "test".to_owned()),
        ("KEYCARD_DBSC".to_owned(), "on".to_owned()),
        // Passkeys need a host name.
        ("KEYCARD_PUBLIC_URL".to_owned(), "http://localhost:3000".to_owned()),
    ]);
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let app = spawn_app(backend, &pairs).await;

    // A mailed link (the verification), then a password.
    let (email, owner) = (unique_email(), app.client());
    assert_eq!(owner.register(&email, PASSWORD).await.status, 200);
    let verified = owner.verify(&app.link_token(&email, "/verify-email").await).await;
    assert_eq!(verified.status, 200, "{}", verified.body);
    offered(&verified);
    offered(&app.client().login(&email, PASSWORD).await);

    // A passkey.
    let mut key = crate::passkeys::SoftKey::new();
    assert_eq!(crate::passkeys::add_passkey(&owner, &mut key, "laptop").await.status, 200);
    let by_passkey = crate::passkeys::passkey_sign_in(&app.client(), &mut key).await;
    assert_eq!(by_passkey.status, 200, "{}", by_passkey.body);
    offered(&by_passkey);

    // Another provider (a new account there).
    let browser = app.client();
    let back = crate::federation::through(&app, &browser, &provider, "test", &unique_email(), false).await;
    assert_eq!(back.status, 303, "{}", back.body);
    offered(&back);

    // The second step, after the password, once the account has an app.
    let (totp, _) = crate::second_factor::enrol(&owner).await;
    let client = app.client();
    assert_eq!(client.login(&email, PASSWORD).await.status, 401, "the second step is next");
    let second = client.post("/api/auth/second_factor", &[("code", &totp.code(1))]).await;
    assert_eq!(second.status, 200, "{}", second.body);
    offered(&second);
}

on_both_backends!(
    every_way_of_signing_in_offers_a_binding,
    a_signed_answer_binds_the_session_it_was_offered_to,
    a_bound_session_renews_with_its_keys_proof_only,
    a_copied_cookie_jar_can_neither_use_nor_end_a_bound_session,
    bindings_that_do_not_verify_leave_the_session_as_it_was,
    a_bound_session_that_ended_is_told_to_stop,
    challenges_asked_for_in_bulk_lock_nobody_out,
    a_renewal_never_flips_a_browser_back_to_an_older_session,
    without_binding_nothing_is_offered_and_refresh_is_as_before,
);

/// keycard serves HTTPS itself with the certificate files of its
/// configuration (here one made by `openssl` for `localhost`).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn keycard_serves_https_with_the_configured_certificate() {
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls::{self, pki_types::{CertificateDer, ServerName, pem::PemObject}};

    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = std::process::Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1"])
        .args(["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout").arg(&key).arg("-out").arg(&cert)
        .output()
        .expect("openssl runs");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let (cert_path, key_path) = (cert.to_str().unwrap().to_owned(), key.to_str().unwrap().to_owned());
    let env = [("KEYCARD_TLS_CERT", cert_path.as_str()), ("KEYCARD_TLS_KEY", key_path.as_str())];
    let app = spawn_app(Backend::Sqlite, &env).await;

    let mut roots = rustls::RootCertStore::empty();
    roots.add(CertificateDer::from_pem_file(&cert).unwrap()).unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let mut tls = connector.connect(ServerName::try_from("localhost").unwrap(), tcp).await.expect("the handshake verifies");
    tls.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    tls.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("ok"), "{answer}");

    // Plain HTTP on the same port gets no page.
    let plain = reqwest::Client::new().get(format!("http://{}/healthz", app.addr)).send().await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());

    // A missing file is one clear error naming it.
    let missing = keycard::server::config::TlsFiles { cert: dir.path().join("none.pem"), key };
    let error = keycard::server::http::tls::server_config(&missing).unwrap_err();
    assert!(error.contains("none.pem"), "{error}");
}
