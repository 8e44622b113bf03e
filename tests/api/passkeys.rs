//! Passkeys (docs/security.md), against a software authenticator written here from
//! the WebAuthn specification: a P-256 key, the authenticator data and
//! CBOR it signs, and `clientDataJSON` with the server's challenge. The
//! server verifies it with webauthn-rs exactly as it verifies a browser's.

use std::time::Duration;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD as B64};
use p256::ecdsa::{Signature, SigningKey, signature::Signer};
use rand::RngCore;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::{on_both_backends, support::*};

/// Passkeys need a host name: the relying party of every test here.
const ORIGIN: &str = "http://localhost:3000";
const AT_LOCALHOST: [(&str, &str); 1] = [("KEYCARD_PUBLIC_URL", ORIGIN)];

/// Authenticator-data flags (WebAuthn §6.1).
const USER_PRESENT: u8 = 0x01;
const USER_VERIFIED: u8 = 0x04;
const BACKUP_ELIGIBLE: u8 = 0x08;
const BACKED_UP: u8 = 0x10;
const ATTESTED: u8 = 0x40;

fn cbor_head(major: u8, len: usize) -> Vec<u8> {
    match len {
        0..24 => vec![major << 5 | len as u8],
        24..256 => vec![major << 5 | 24, len as u8],
        _ => vec![major << 5 | 25, (len >> 8) as u8, len as u8],
    }
}

fn cbor_bytes(bytes: &[u8]) -> Vec<u8> {
    [cbor_head(2, bytes.len()), bytes.to_vec()].concat()
}

fn cbor_text(text: &str) -> Vec<u8> {
    [cbor_head(3, text.len()), text.as_bytes().to_vec()].concat()
}

/// A passkey held by a software authenticator.
pub struct SoftKey {
    key: SigningKey,
    pub id: Vec<u8>,
    counter: u32,
    /// The user handle the server gave at registration.
    user_handle: Option<String>,
    /// A synced passkey (backup eligible and backed up).
    pub synced: bool,
    /// Whether the authenticator verifies its user (PIN, biometric).
    pub verifies_user: bool,
    /// The origin the "browser" reports in `clientDataJSON`.
    pub origin: String,
}

impl SoftKey {
    pub fn new() -> Self {
        let mut id = vec![0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut id);
        Self {
            key: SigningKey::random(&mut rand::rngs::OsRng),
            id,
            counter: 0,
            user_handle: None,
            synced: false,
            verifies_user: true,
            origin: ORIGIN.into(),
        }
    }

    fn flags(&self) -> u8 {
        let verified = if self.verifies_user { USER_VERIFIED } else { 0 };
        let backup = if self.synced { BACKUP_ELIGIBLE | BACKED_UP } else { 0 };
        USER_PRESENT | verified | backup
    }

    fn client_data(&self, kind: &str, options: &Value) -> Vec<u8> {
        let challenge = options["publicKey"]["challenge"].as_str().expect("a challenge");
        json!({ "type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": false }).to_string().into_bytes()
    }

    fn auth_data(&mut self, options: &Value, extra_flags: u8) -> Vec<u8> {
        let rp_id = options["publicKey"]["rp"]["id"].as_str().or(options["publicKey"]["rpId"].as_str()).expect("an rp id");
        self.counter += 1;
        [Sha256::digest(rp_id.as_bytes()).to_vec(), vec![self.flags() | extra_flags], self.counter.to_be_bytes().to_vec()].concat()
    }

    /// The COSE_Key (RFC 9053) of the public key: EC2, ES256, P-256, x, y.
    fn cose_key(&self) -> Vec<u8> {
        let point = self.key.verifying_key().to_encoded_point(false);
        let mut key = vec![0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21];
        key.extend(cbor_bytes(point.x().unwrap()));
        key.push(0x22);
        key.extend(cbor_bytes(point.y().unwrap()));
        key
    }

    /// `navigator.credentials.create()`: the answer to `options`, as the
    /// browser's `toJSON()` gives it.
    pub fn create(&mut self, options: &Value) -> String {
        self.user_handle = Some(options["publicKey"]["user"]["id"].as_str().expect("a user handle").to_owned());
        let client_data = self.client_data("webauthn.create", options);
        let mut auth_data = self.auth_data(options, ATTESTED);
        auth_data.extend([0u8; 16]); // AAGUID
        auth_data.extend((self.id.len() as u16).to_be_bytes());
        auth_data.extend(&self.id);
        auth_data.extend(self.cose_key());
        let attestation =
            [vec![0xa3], cbor_text("fmt"), cbor_text("none"), cbor_text("attStmt"), vec![0xa0], cbor_text("authData"), cbor_bytes(&auth_data)]
                .concat();
        json!({
            "id": B64.encode(&self.id),
            "rawId": B64.encode(&self.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": B64.encode(&client_data),
                "attestationObject": B64.encode(&attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        })
        .to_string()
    }

    /// `navigator.credentials.get()`: a signed assertion for `options`.
    pub fn get(&mut self, options: &Value) -> String {
        let client_data = self.client_data("webauthn.get", options);
        let auth_data = self.auth_data(options, 0);
        let signed = [auth_data.clone(), Sha256::digest(&client_data).to_vec()].concat();
        let signature: Signature = self.key.sign(&signed);
        json!({
            "id": B64.encode(&self.id),
            "rawId": B64.encode(&self.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": B64.encode(&client_data),
                "authenticatorData": B64.encode(&auth_data),
                "signature": B64.encode(signature.to_der().as_bytes()),
                "userHandle": self.user_handle.clone(),
            },
            "clientExtensionResults": {},
        })
        .to_string()
    }
}

/// A ceremony's id and the options for the browser.
fn challenge(reply: &Reply) -> (String, Value) {
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    let options = serde_json::from_str(body["options"].as_str().expect("options")).expect("options are JSON");
    (body["ceremony"].as_str().unwrap().to_owned(), options)
}

/// Adds `key` to the account `client` is signed in to; the answer.
pub async fn add_passkey(client: &Client, key: &mut SoftKey, name: &str) -> Reply {
    let (ceremony, options) = challenge(&client.post("/api/account/passkey_register_begin", &[]).await);
    let credential = key.create(&options);
    client.post("/api/account/passkey_register", &[("ceremony", &ceremony), ("credential", &credential), ("name", name)]).await
}

/// A sign-in ceremony begun, and the answer `key` gives it.
async fn sign_in_answer(client: &Client, key: &mut SoftKey) -> (String, String) {
    let (ceremony, options) = challenge(&client.post("/api/auth/passkey_begin", &[("autofill", "false")]).await);
    assert!(options["publicKey"]["allowCredentials"].as_array().is_none_or(Vec::is_empty), "discoverable: no list of credentials");
    (ceremony, key.get(&options))
}

async fn finish_sign_in(client: &Client, ceremony: &str, credential: &str) -> Reply {
    client.post("/api/auth/passkey_finish", &[("ceremony", ceremony), ("credential", credential)]).await
}

pub async fn passkey_sign_in(client: &Client, key: &mut SoftKey) -> Reply {
    let (ceremony, credential) = sign_in_answer(client, key).await;
    finish_sign_in(client, &ceremony, &credential).await
}

async fn factors(client: &Client) -> Value {
    let reply = client.post("/api/account/factors", &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

fn kinds(reply: &Reply) -> Vec<String> {
    reply.json().as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect()
}

async fn a_passkey_is_added_and_signs_in_as_two_factors(backend: Backend) {
    let app = spawn_app(backend, &AT_LOCALHOST).await;
    let (owner, email) = signed_in(&app).await;
    assert_eq!(factors(&owner).await["passkeys_available"], true);
    // The page offers to add one (once the browser says it can).
    let page = owner.get("/account").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-testid=\"passkeys-need-script\""), "{}", page.body);
    assert!(!page.body.contains("data-testid=\"passkeys-off\""));
    let mut key = SoftKey::new();
    let added = add_passkey(&owner, &mut key, "  Work laptop ").await;
    assert_eq!(added.status, 200, "{}", added.body);
    let added = added.json();
    assert_eq!(added["passkey"]["name"], "Work laptop");
    let codes = added["recovery_codes"].as_array().expect("the first second factor comes with recovery codes");
    assert_eq!(codes.len(), 10);
    let listed = factors(&owner).await;
    assert_eq!(listed["passkeys"].as_array().unwrap().len(), 1);
    assert_eq!(listed["passkeys"][0]["last_used_at"], Value::Null);
    assert_eq!(listed["recovery_codes_left"], 10);

    // A new browser signs in with the passkey alone: two factors.
    let browser = app.client();
    let reply = passkey_sign_in(&browser, &mut key).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["user"]["email"], json!(email));
    let claims = access_claims(&browser);
    assert_eq!(claims["amr"], json!(["hwk", "mfa"]), "a device-bound passkey: {claims}");
    assert!(claims["auth_time"].as_i64().unwrap() > 0);
    assert!(factors(&browser).await["passkeys"][0]["last_used_at"].as_i64().is_some());

    // A synced passkey is a software-secured key.
    let mut synced = SoftKey::new();
    synced.synced = true;
    assert_eq!(add_passkey(&owner, &mut synced, "Phone").await.status, 200);
    let phone = app.client();
    assert_eq!(passkey_sign_in(&phone, &mut synced).await.status, 200);
    assert_eq!(access_claims(&phone)["amr"], json!(["swk", "mfa"]));

    // The account now has a second factor: the password alone opens no
    // session, and a passkey serves as the second step.
    let second = app.client();
    let reply = second.login(&email, PASSWORD).await;
    assert_eq!(reply.json()["code"], "second_factor_required", "{}", reply.body);
    assert!(second.get_cookie(AT).is_none());
    let (ceremony, options) = challenge(&second.post("/api/auth/second_factor_passkey_begin", &[]).await);
    let allowed = options["publicKey"]["allowCredentials"].as_array().expect("the account's own passkeys");
    assert_eq!(allowed.len(), 2);
    let credential = key.get(&options);
    let reply = second.post("/api/auth/second_factor_passkey", &[("ceremony", &ceremony), ("credential", &credential)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(access_claims(&second)["amr"], json!(["pwd", "hwk", "mfa"]));

    let activity = kinds(&owner.post("/api/account/activity", &[]).await);
    assert_eq!(activity.iter().filter(|k| *k == "passkey_added").count(), 2, "{activity:?}");
}

async fn ceremonies_are_used_once_and_finish_on_any_instance(backend: Backend) {
    let first = spawn_app(backend, &AT_LOCALHOST).await;
    let second = spawn_on(&first.database_url, None, &AT_LOCALHOST).await;
    let (owner, _) = signed_in(&first).await;
    let mut key = SoftKey::new();
    assert_eq!(add_passkey(&owner, &mut key, "Key").await.status, 200);

    // Begun on one instance, finished on the other.
    let on_first = Client::new(&first.origin());
    let (ceremony, credential) = sign_in_answer(&on_first, &mut key).await;
    let on_second = Client::new(&second.origin());
    let reply = finish_sign_in(&on_second, &ceremony, &credential).await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    // The same answer again, on either instance: the ceremony is spent.
    for origin in [first.origin(), second.origin()] {
        let replay = Client::new(&origin);
        let reply = finish_sign_in(&replay, &ceremony, &credential).await;
        assert_eq!(reply.status, 400, "{}", reply.body);
        assert_eq!(reply.json()["field"], "passkey");
        assert!(replay.get_cookie(AT).is_none() && replay.get_cookie(RT).is_none(), "a replay opens nothing");
    }

    // A ceremony is only good for its purpose: one begun to add a passkey
    // does not sign anyone in.
    let (register, _) = challenge(&owner.post("/api/account/passkey_register_begin", &[]).await);
    let (_, options) = challenge(&on_first.post("/api/auth/passkey_begin", &[("autofill", "true")]).await);
    assert_eq!(options["mediation"], "conditional", "the autofill's request");
    let stranger = first.client();
    let reply = finish_sign_in(&stranger, &register, &key.get(&options)).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(stranger.get_cookie(AT).is_none());
}

async fn forged_and_malformed_answers_are_refused(backend: Backend) {
    let app = spawn_app(backend, &AT_LOCALHOST).await;
    let (owner, _) = signed_in(&app).await;
    let mut key = SoftKey::new();
    assert_eq!(add_passkey(&owner, &mut key, "Key").await.status, 200);
    let refused = |reply: &Reply, client: &Client, what: &str| {
        assert!(matches!(reply.status.as_u16(), 400 | 401 | 413), "{what}: {} {}", reply.status, reply.body);
        assert!(reply.json()["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: a clear message");
        assert!(client.get_cookie(AT).is_none() && client.get_cookie(RT).is_none(), "{what}: no session");
    };

    // Not an answer at all.
    for garbage in ["", "{", "null", "[]", "{\"id\":1}", &"x".repeat(12_000), &"x".repeat(100_000)] {
        let client = app.client();
        let (ceremony, _) = sign_in_answer(&client, &mut SoftKey::new()).await;
        let reply = finish_sign_in(&client, &ceremony, garbage).await;
        // Past the server's body limit: 413, before anything is parsed.
        let expected = if garbage.len() > 50_000 { 413 } else { 400 };
        assert_eq!(reply.status, expected, "{garbage:.20}: {}", reply.body);
        refused(&reply, &client, "garbage");
    }

    // A signature that does not verify.
    let client = app.client();
    let (ceremony, credential) = sign_in_answer(&client, &mut key).await;
    let mut answer: Value = serde_json::from_str(&credential).unwrap();
    let mut signature = B64.decode(answer["response"]["signature"].as_str().unwrap()).unwrap();
    let last = signature.len() - 1;
    signature[last] ^= 0x01;
    answer["response"]["signature"] = B64.encode(&signature).into();
    refused(&finish_sign_in(&client, &ceremony, &answer.to_string()).await, &client, "bogus signature");

    // The authenticator did not verify its user: one factor is not enough.
    key.verifies_user = false;
    let client = app.client();
    let (ceremony, credential) = sign_in_answer(&client, &mut key).await;
    refused(&finish_sign_in(&client, &ceremony, &credential).await, &client, "no user verification");
    key.verifies_user = true;

    // Signed for another site.
    key.origin = "http://evil.example".into();
    let client = app.client();
    let (ceremony, credential) = sign_in_answer(&client, &mut key).await;
    refused(&finish_sign_in(&client, &ceremony, &credential).await, &client, "another origin");
    key.origin = ORIGIN.into();

    // A key the server never saw, and a known key claiming another user.
    let client = app.client();
    let mut unknown = SoftKey::new();
    unknown.user_handle = key.user_handle.clone();
    let (ceremony, credential) = sign_in_answer(&client, &mut unknown).await;
    refused(&finish_sign_in(&client, &ceremony, &credential).await, &client, "unknown key");
    let (other, _) = signed_in(&app).await;
    let mut theirs = SoftKey::new();
    assert_eq!(add_passkey(&other, &mut theirs, "Theirs").await.status, 200);
    let client = app.client();
    let saved = key.user_handle.clone();
    key.user_handle = theirs.user_handle.clone();
    let (ceremony, credential) = sign_in_answer(&client, &mut key).await;
    refused(&finish_sign_in(&client, &ceremony, &credential).await, &client, "another user's handle");
    key.user_handle = saved;

    // After all that, the real passkey still signs in.
    assert_eq!(passkey_sign_in(&app.client(), &mut key).await.status, 200);

    // The same key cannot be added to a second account.
    let reply = add_passkey(&other, &mut key, "Stolen").await;
    assert_eq!(reply.status, 400, "{}", reply.body);
}

async fn passkey_changes_need_a_recent_authentication(backend: Backend) {
    let app = spawn_app(backend, &[AT_LOCALHOST[0], ("KEYCARD_REAUTH_WINDOW", "2s")]).await;
    let (owner, _) = signed_in(&app).await;
    let mut key = SoftKey::new();
    assert_eq!(add_passkey(&owner, &mut key, "Key").await.status, 200);
    let id = factors(&owner).await["passkeys"][0]["id"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(2300)).await;

    let reply = owner.post("/api/account/passkey_register_begin", &[]).await;
    assert_eq!(reply.json()["code"], "reauth_required", "{}", reply.body);
    let reply = owner.post("/api/account/passkey_remove", &[("id", &id)]).await;
    assert_eq!(reply.json()["code"], "reauth_required", "{}", reply.body);
    assert_eq!(factors(&owner).await["passkeys"].as_array().unwrap().len(), 1, "nothing was removed");
    // Renaming is not sensitive.
    assert_eq!(owner.post("/api/account/passkey_rename", &[("id", &id), ("name", "Old key")]).await.status, 200);

    // Confirming it's you with the passkey renews the session's authentication.
    let (ceremony, options) = challenge(&owner.post("/api/account/reauth_passkey_begin", &[]).await);
    let reply = owner.post("/api/account/reauth_passkey", &[("ceremony", &ceremony), ("credential", &key.get(&options))]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let amr = access_claims(&owner)["amr"].clone();
    assert!(amr.as_array().unwrap().contains(&json!("hwk")), "{amr}");
    let reply = owner.post("/api/account/passkey_remove", &[("id", &id)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let left = factors(&owner).await;
    assert!(left["passkeys"].as_array().unwrap().is_empty());
    assert_eq!(left["recovery_codes_left"], 0, "the recovery codes went with the last second factor");
    let activity = kinds(&owner.post("/api/account/activity", &[]).await);
    assert!(activity.contains(&"passkey_removed".to_owned()) && activity.contains(&"reauthenticated".to_owned()), "{activity:?}");

    // The removed passkey signs in no more.
    let client = app.client();
    let reply = passkey_sign_in(&client, &mut key).await;
    assert_eq!(reply.status, 401, "{}", reply.body);
}

async fn names_are_checked_and_other_accounts_passkeys_are_out_of_reach(backend: Backend) {
    let app = spawn_app(backend, &AT_LOCALHOST).await;
    let (owner, _) = signed_in(&app).await;
    let mut key = SoftKey::new();
    for bad in ["", "   ", &"n".repeat(65), "tab\there"] {
        let reply = add_passkey(&owner, &mut key, bad).await;
        assert_eq!(reply.status, 400, "{bad:?}: {}", reply.body);
        assert_eq!(reply.json()["field"], "name");
    }
    assert!(factors(&owner).await["passkeys"].as_array().unwrap().is_empty(), "a refused name adds nothing");
    assert_eq!(add_passkey(&owner, &mut key, "Mine").await.status, 200);
    let id = factors(&owner).await["passkeys"][0]["id"].as_str().unwrap().to_owned();

    let (other, _) = signed_in(&app).await;
    assert_eq!(other.post("/api/account/passkey_rename", &[("id", &id), ("name", "Gotcha")]).await.status, 400);
    assert_eq!(other.post("/api/account/passkey_remove", &[("id", &id)]).await.status, 400);
    assert_eq!(other.post("/api/account/passkey_remove", &[("id", "not base64!")]).await.status, 400);
    assert_eq!(factors(&owner).await["passkeys"][0]["name"], "Mine");
    // Someone else's reauth ceremony cannot be finished with this account's key.
    let (ceremony, options) = challenge(&owner.post("/api/account/reauth_passkey_begin", &[]).await);
    let reply = other.post("/api/account/reauth_passkey", &[("ceremony", &ceremony), ("credential", &key.get(&options))]).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    // Signed out, nothing is reachable.
    let anonymous = app.client();
    assert_eq!(anonymous.post("/api/account/passkey_register_begin", &[]).await.status, 401);
    assert_eq!(anonymous.post("/api/account/reauth_passkey_begin", &[]).await.status, 401);
    assert_eq!(anonymous.post("/api/auth/second_factor_passkey_begin", &[]).await.status, 401);
}

async fn passkeys_are_off_on_an_ip_address_and_nothing_else_is(backend: Backend) {
    // The default public URL, http://127.0.0.1:3000.
    let app = spawn_app(backend, &[]).await;
    let (owner, email) = signed_in(&app).await;
    assert_eq!(factors(&owner).await["passkeys_available"], false);
    // The page says why, and offers no passkey control that could only fail.
    let page = owner.get("/account").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-testid=\"passkeys-off\""), "{}", page.body);
    assert!(!page.body.contains("data-testid=\"passkeys-need-script\""), "no offer to add a passkey");
    for path in ["/api/auth/passkey_begin", "/api/account/passkey_register_begin"] {
        let reply = owner.post(path, &[("autofill", "false")]).await;
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
        assert!(reply.json()["message"].as_str().unwrap().contains("host name"), "{}", reply.body);
    }
    assert_eq!(app.client().login(&email, PASSWORD).await.status, 200);
}

/// Confirming it's you and the second step hold states of the same shape:
/// only the ceremony's purpose tells them apart, and it must.
async fn a_ceremony_of_one_purpose_finishes_no_other(backend: Backend) {
    let app = spawn_app(backend, &AT_LOCALHOST).await;
    let (owner, email) = signed_in(&app).await;
    let mut key = SoftKey::new();
    assert_eq!(add_passkey(&owner, &mut key, "Key").await.status, 200);
    let pending = app.client();
    assert_eq!(pending.login(&email, PASSWORD).await.json()["code"], "second_factor_required");

    let (reauth, options) = challenge(&owner.post("/api/account/reauth_passkey_begin", &[]).await);
    let credential = key.get(&options);
    let reply = pending.post("/api/auth/second_factor_passkey", &[("ceremony", &reauth), ("credential", &credential)]).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(pending.get_cookie(AT).is_none(), "a reauth ceremony does not finish a sign-in");

    let (second, options) = challenge(&pending.post("/api/auth/second_factor_passkey_begin", &[]).await);
    let credential = key.get(&options);
    let reply = owner.post("/api/account/reauth_passkey", &[("ceremony", &second), ("credential", &credential)]).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    let reply = finish_sign_in(&app.client(), &second, &credential).await;
    assert_eq!(reply.status, 400, "nor does a second step's ceremony sign in: {}", reply.body);
}

async fn a_locked_account_is_not_signed_in_by_its_passkey(backend: Backend) {
    let app = spawn_app(backend, &AT_LOCALHOST).await;
    let (owner, email) = signed_in(&app).await;
    let mut key = SoftKey::new();
    assert_eq!(add_passkey(&owner, &mut key, "Key").await.status, 200);
    crate::admin::succeeded(&crate::admin::admin(&app, &["users", "lock", &email, "--yes"]));
    let client = app.client();
    let reply = passkey_sign_in(&client, &mut key).await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(client.get_cookie(AT).is_none());
    crate::admin::succeeded(&crate::admin::admin(&app, &["users", "unlock", &email, "--yes"]));
    assert_eq!(passkey_sign_in(&app.client(), &mut key).await.status, 200);
}

/// Recovery codes belong to the account's second factors together: they
/// outlive one of them, and go with the last.
async fn recovery_codes_stay_while_any_second_factor_does(backend: Backend) {
    let app = spawn_app(backend, &AT_LOCALHOST).await;
    let (owner, email) = signed_in(&app).await;
    let mut key = SoftKey::new();
    let added = add_passkey(&owner, &mut key, "Key").await.json();
    let saved = added["recovery_codes"][0].as_str().unwrap().to_owned();
    let (_, codes) = crate::second_factor::enrol(&owner).await;
    assert!(codes.is_empty(), "the app brings no new codes: the saved ones stay valid");
    assert_eq!(factors(&owner).await["recovery_codes_left"], 10);
    assert_eq!(owner.post("/api/account/totp_remove", &[]).await.status, 200);
    assert_eq!(factors(&owner).await["recovery_codes_left"], 10, "a passkey is still a second factor");

    // A saved code still gets in after the password.
    let client = app.client();
    assert_eq!(client.login(&email, PASSWORD).await.json()["code"], "second_factor_required");
    assert_eq!(client.post("/api/auth/second_factor", &[("code", &saved)]).await.status, 200);

    // The operator's way back removes passkeys too: the password alone signs in.
    let done = crate::admin::succeeded(&crate::admin::admin(&app, &["users", "remove-second-factor", &email, "--yes"]));
    assert!(done.starts_with(&format!("removed the second factors of {email}")), "{done}");
    let client = app.client();
    assert_eq!(client.login(&email, PASSWORD).await.status, 200);
    let left = factors(&client).await;
    assert!(left["passkeys"].as_array().unwrap().is_empty(), "{left}");
    assert_eq!(left["recovery_codes_left"], 0);
    assert_eq!(passkey_sign_in(&app.client(), &mut key).await.status, 401);
}

/// Beginning a passkey sign-in needs no account and writes a row: an
/// address may begin ten times its registration budget per window.
async fn anyone_may_begin_a_passkey_sign_in_but_not_without_end(backend: Backend) {
    let app = spawn_app(backend, &[AT_LOCALHOST[0], ("KEYCARD_REGISTER_LIMIT", "2/1h")]).await;
    let client = app.client();
    for n in 0..20 {
        let reply = client.post("/api/auth/passkey_begin", &[("autofill", "true")]).await;
        assert_eq!(reply.status, 200, "begin {n}: {}", reply.body);
    }
    let reply = client.post("/api/auth/passkey_begin", &[("autofill", "true")]).await;
    assert_eq!(reply.status, 429, "{}", reply.body);
    assert!(reply.header("retry-after").is_some());
}

/// An app confirmed while the last passkey is removed, at the same moment:
/// whichever commits first, the account ends with a second factor and
/// recovery codes, never an app without codes, and never two sets.
async fn a_factor_added_while_the_last_other_goes_keeps_recovery_codes(backend: Backend) {
    let app = spawn_app(backend, &AT_LOCALHOST).await;
    for _ in 0..3 {
        let (owner, _) = signed_in(&app).await;
        let mut key = SoftKey::new();
        let added = add_passkey(&owner, &mut key, "Key").await.json();
        let id = added["passkey"]["id"].as_str().unwrap().to_owned();
        let setup = owner.post("/api/account/totp_begin", &[]).await;
        let totp = crate::second_factor::App::from_setup(&setup.json());
        let code = totp.code(0);
        let (confirmed, removed) = futures::future::join(
            owner.post("/api/account/totp_confirm", &[("code", &code)]),
            owner.post("/api/account/passkey_remove", &[("id", &id)]),
        )
        .await;
        assert_eq!((confirmed.status.as_u16(), removed.status.as_u16()), (200, 200), "{} {}", confirmed.body, removed.body);
        let left = factors(&owner).await;
        assert!(!left["totp_since"].is_null(), "{left}");
        assert_eq!(left["recovery_codes_left"], 10, "one set of codes stands with the app: {left}");
        // Codes shown now are the ones that work; none shown means the saved ones still do.
        let shown = confirmed.json()["codes"].as_array().unwrap().len();
        assert!(shown == 0 || shown == 10, "{shown}");
    }
}

/// A signed-in account's ceremonies count on the account's own budget as
/// well: changing address does not buy more.
async fn an_account_may_not_begin_ceremonies_without_end_from_many_addresses(backend: Backend) {
    let app = spawn_app(backend, &[AT_LOCALHOST[0], ("KEYCARD_REGISTER_LIMIT", "1/1h"), ("KEYCARD_TRUSTED_PROXIES", "127.0.0.1")])
        .await;
    let (owner, _) = signed_in(&app).await;
    let mut statuses = Vec::new();
    for n in 0..11 {
        let request =
            owner.raw(reqwest::Method::POST, "/api/account/passkey_register_begin").header("x-forwarded-for", format!("203.0.113.{n}"));
        statuses.push(owner.send(request).await.status.as_u16());
    }
    // Ten per address and per account in the window: each address is new.
    assert_eq!(&statuses[..10], [200; 10], "{statuses:?}");
    assert_eq!(statuses[10], 429, "{statuses:?}");
}

on_both_backends!(
    a_factor_added_while_the_last_other_goes_keeps_recovery_codes,
    an_account_may_not_begin_ceremonies_without_end_from_many_addresses,
    a_ceremony_of_one_purpose_finishes_no_other,
    a_locked_account_is_not_signed_in_by_its_passkey,
    recovery_codes_stay_while_any_second_factor_does,
    anyone_may_begin_a_passkey_sign_in_but_not_without_end,
    a_passkey_is_added_and_signs_in_as_two_factors,
    ceremonies_are_used_once_and_finish_on_any_instance,
    forged_and_malformed_answers_are_refused,
    passkey_changes_need_a_recent_authentication,
    names_are_checked_and_other_accounts_passkeys_are_out_of_reach,
    passkeys_are_off_on_an_ip_address_and_nothing_else_is,
);
