//! The browser's WebAuthn API, for passkeys. The server's options arrive
//! as JSON (binary fields in base64url) and the browser's answer goes back
//! as JSON: `PublicKeyCredential.parseCreationOptionsFromJSON`,
//! `parseRequestOptionsFromJSON` and `toJSON` do the conversions, so no
//! byte juggling happens here. One ceremony runs at a time: starting one
//! aborts the one before (the autofill request waits in the background
//! while the sign-in page is open).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
let current = null;

function take() {
    if (current) {
        current.abort();
    }
    current = new AbortController();
    return current.signal;
}

export function supported() {
    return typeof PublicKeyCredential !== "undefined"
        && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function"
        && typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function"
        && typeof PublicKeyCredential.prototype.toJSON === "function";
}

export async function autofillAvailable() {
    return supported()
        && typeof PublicKeyCredential.isConditionalMediationAvailable === "function"
        && await PublicKeyCredential.isConditionalMediationAvailable();
}

export function abort() {
    if (current) {
        current.abort();
        current = null;
    }
}

export async function create(options) {
    const parsed = JSON.parse(options);
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(parsed.publicKey);
    const credential = await navigator.credentials.create({ publicKey, signal: take() });
    return answer(credential);
}

export async function get(options) {
    const parsed = JSON.parse(options);
    const request = { publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(parsed.publicKey), signal: take() };
    if (parsed.mediation) {
        request.mediation = parsed.mediation;
    }
    const credential = await navigator.credentials.get(request);
    return answer(credential);
}

// Some password managers hand back objects of their own: without toJSON
// (or with nothing at all) there is no answer to send.
function answer(credential) {
    if (!credential || typeof credential.toJSON !== "function") {
        throw new DOMException("no usable credential", "NotSupportedError");
    }
    return JSON.stringify(credential.toJSON());
}
"#)]
extern "C" {
    fn supported() -> bool;
    #[wasm_bindgen(js_name = autofillAvailable)]
    async fn autofill_available_js() -> JsValue;
    #[wasm_bindgen(js_name = abort)]
    fn abort_js();
    #[wasm_bindgen(catch, js_name = create)]
    async fn create_js(options: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = get)]
    async fn get_js(options: &str) -> Result<JsValue, JsValue>;
}

/// Why the browser gave no passkey.
pub enum Refusal {
    /// Aborted by this page (another ceremony started): nothing to say.
    Aborted,
    /// What to tell the user.
    Said(String),
}

fn refusal(error: JsValue) -> Refusal {
    let name = js_sys::Reflect::get(&error, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    match name.as_str() {
        "AbortError" => Refusal::Aborted,
        // Cancelled, timed out, or the device refused to verify the user.
        "NotAllowedError" => Refusal::Said(super::text(|t| &t.passkey_cancelled)),
        "InvalidStateError" => Refusal::Said(super::text(|t| &t.passkey_exists)),
        "SecurityError" => Refusal::Said(super::text(|t| &t.passkey_refused)),
        _ => Refusal::Said(super::text(|t| &t.passkey_failed)),
    }
}

pub fn available() -> bool {
    supported()
}

pub async fn autofill_available() -> bool {
    available() && autofill_available_js().await.as_bool().unwrap_or(false)
}

pub fn abort() {
    if available() {
        abort_js();
    }
}

/// Creates a passkey with the server's options; the browser's answer as JSON.
pub async fn create(options: &str) -> Result<String, Refusal> {
    create_js(options).await.map(|v| v.as_string().unwrap_or_default()).map_err(refusal)
}

/// Asks for a passkey with the server's options; the browser's answer as JSON.
pub async fn get(options: &str) -> Result<String, Refusal> {
    get_js(options).await.map(|v| v.as_string().unwrap_or_default()).map_err(refusal)
}
