//! Attacks on the access token: each forged or altered token is refused.

use base64::{Engine, engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD}};
use ed25519_dalek::{Signer, SigningKey};
use hmac::{Hmac, Mac};
use keycard::server::secret::Secret;
use serde_json::{Value, json};

use crate::{on_both_backends, support::*};

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

fn signing_key(secret: [u8; 32], kid: &str) -> SigningKey {
    let secret = Secret::decode("KEYCARD_SECRET", &STANDARD.encode(secret)).unwrap();
    SigningKey::from_bytes(&secret.derive(&format!("access-token signing key {kid}")))
}

fn eddsa(header: &Value, claims: &Value, key: &SigningKey) -> String {
    let input = format!("{}.{}", b64(header), b64(claims));
    let sig = key.sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
}

struct Forge {
    kid: String,
    public_x: String,
    claims: Value,
}

impl Forge {
    fn header(&self) -> Value {
        json!({ "alg": "EdDSA", "typ": "at+jwt", "kid": self.kid })
    }

    fn with(&self, edit: impl FnOnce(&mut Value)) -> Value {
        let mut claims = self.claims.clone();
        edit(&mut claims);
        claims
    }
}

async fn setup(app: &TestApp) -> (Client, Forge) {
    let (client, _) = signed_in(app).await;
    let token = client.get_cookie(AT).unwrap();
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    let jwks = app.client().get("/.well-known/jwks.json").await.json();
    let kid = jwks["keys"][0]["kid"].as_str().unwrap().to_owned();
    let public_x = jwks["keys"][0]["x"].as_str().unwrap().to_owned();
    (client, Forge { kid, public_x, claims })
}

async fn me_with(app: &TestApp, token: &str) -> u16 {
    let client = app.client();
    client.set_cookie(AT, token);
    client.me().await.status.as_u16()
}

async fn issued_tokens_carry_the_contract_claims(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (client, forge) = setup(&app).await;
    let token = client.get_cookie(AT).unwrap();
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(token.split('.').next().unwrap()).unwrap()).unwrap();
    assert_eq!(header, json!({ "alg": "EdDSA", "typ": "at+jwt", "kid": forge.kid }));
    let c = &forge.claims;
    assert_eq!(c["iss"], app.origin());
    assert_eq!(c["aud"], "keycard");
    for claim in ["sub", "sid", "jti"] {
        assert!(c[claim].as_str().is_some_and(|s| !s.is_empty()), "{claim}");
    }
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 900);
    // This session was opened by the mailed verification link.
    assert_eq!(c["amr"], json!(["otp"]));
    assert_eq!(c["auth_time"], c["iat"]);
    // The baseline: a token we sign ourselves the same way is accepted, so the
    // refusals below are about what was changed, not about the forging.
    let resigned = eddsa(&forge.header(), &forge.claims, &signing_key(SECRET_BYTES, &forge.kid));
    assert_eq!(me_with(&app, &resigned).await, 200);
}

async fn forged_and_altered_access_tokens_are_refused(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_, forge) = setup(&app).await;
    let key = signing_key(SECRET_BYTES, &forge.kid);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;

    let none = format!("{}.{}.", b64(&json!({ "alg": "none", "typ": "at+jwt", "kid": forge.kid })), b64(&forge.claims));
    let hs256 = {
        let header = json!({ "alg": "HS256", "typ": "at+jwt", "kid": forge.kid });
        let input = format!("{}.{}", b64(&header), b64(&forge.claims));
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&URL_SAFE_NO_PAD.decode(&forge.public_x).unwrap()).unwrap();
        mac.update(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
    };
    let tampered = {
        let good = eddsa(&forge.header(), &forge.claims, &key);
        let parts: Vec<&str> = good.split('.').collect();
        let other = forge.with(|c| c["sub"] = json!("someone-else"));
        format!("{}.{}.{}", parts[0], b64(&other), parts[2])
    };
    let cases: Vec<(&str, String)> = vec![
        ("alg none", none),
        ("HS256 keyed with the public key", hs256),
        ("unknown kid", eddsa(&json!({ "alg": "EdDSA", "typ": "at+jwt", "kid": "made-up" }), &forge.claims, &signing_key(SECRET_BYTES, "made-up"))),
        ("no kid", eddsa(&json!({ "alg": "EdDSA", "typ": "at+jwt" }), &forge.claims, &key)),
        ("real kid, other secret", eddsa(&forge.header(), &forge.claims, &signing_key([1; 32], &forge.kid))),
        ("wrong iss", eddsa(&forge.header(), &forge.with(|c| c["iss"] = json!("https://evil.example")), &key)),
        ("wrong aud", eddsa(&forge.header(), &forge.with(|c| c["aud"] = json!("another-service")), &key)),
        ("wrong typ", eddsa(&json!({ "alg": "EdDSA", "typ": "JWT", "kid": forge.kid }), &forge.claims, &key)),
        ("no typ", eddsa(&json!({ "alg": "EdDSA", "kid": forge.kid }), &forge.claims, &key)),
        ("expired beyond leeway", eddsa(&forge.header(), &forge.with(|c| { c["iat"] = json!(now - 1000); c["exp"] = json!(now - 60) }), &key)),
        ("no exp", eddsa(&forge.header(), &forge.with(|c| { c.as_object_mut().unwrap().remove("exp"); }), &key)),
        ("tampered payload", tampered),
        ("garbage", "not.a.jwt".into()),
        ("empty segments", "..".into()),
    ];
    for (name, token) in cases {
        assert_eq!(me_with(&app, &token).await, 401, "{name} must be refused");
    }
}

async fn an_expired_access_token_is_401_and_refresh_recovers(backend: Backend) {
    // exp is in whole seconds and the leeway is 5 s, so a 1 s token is
    // refused at the latest 7 s after it was issued.
    let app = spawn_app(backend, &[("KEYCARD_ACCESS_TTL", "1s"), ("KEYCARD_REFRESH_GRACE", "1s")]).await;
    let (client, _) = signed_in(&app).await;
    tokio::time::sleep(std::time::Duration::from_millis(7200)).await;
    let reply = client.me().await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(reply.json()["code"], "unauthorized");
    assert_eq!(client.refresh().await.status, 200);
    assert_eq!(client.me().await.status, 200);
}

/// `amr` and `auth_time` say how and when the user signed in, and refreshes
/// keep them: a refresh is not an authentication.
async fn tokens_say_how_and_when_their_user_authenticated(backend: Backend) {
    let app = spawn_app(backend, &[]).await;
    let (_, email) = signed_in(&app).await;
    let client = app.client();
    assert_eq!(client.login(&email, PASSWORD).await.status, 200);
    let signed_in = access_claims(&client);
    assert_eq!(signed_in["amr"], json!(["pwd"]));
    assert_eq!(signed_in["auth_time"], signed_in["iat"]);

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(client.refresh().await.status, 200);
    let refreshed = access_claims(&client);
    assert!(refreshed["iat"].as_i64() > signed_in["iat"].as_i64(), "a new token");
    assert_eq!(refreshed["auth_time"], signed_in["auth_time"]);
    assert_eq!(refreshed["amr"], json!(["pwd"]));
}

on_both_backends!(
    tokens_say_how_and_when_their_user_authenticated,
    issued_tokens_carry_the_contract_claims,
    forged_and_altered_access_tokens_are_refused,
    an_expired_access_token_is_401_and_refresh_recovers,
);
