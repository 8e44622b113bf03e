//! What pages ask of the browser's session keeper (`client`, hydrate only):
//! authenticated calls with one refresh and retry, and telling the other
//! tabs about a sign-in or sign-out. On the server these are plain calls and
//! no-ops. Pages use this facade; `client` never imports it, so the two do
//! not form a circle.

use crate::auth::AuthError;

/// Runs an authenticated server call. In the browser a 401 triggers one
/// shared refresh and one retry (see `client`); on the server, pages were
/// already refreshed before rendering, so the call runs as is.
pub async fn authed<T, F, Fut>(call: F) -> Result<T, AuthError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, AuthError>>,
{
    // The browser is single-threaded, so the client's !Send refresh machinery
    // may be wrapped to satisfy resources and actions that ask for Send.
    #[cfg(feature = "hydrate")]
    return send_wrapper::SendWrapper::new(crate::client::authed(call)).await;
    #[cfg(not(feature = "hydrate"))]
    return call().await;
}

/// Tells the other tabs of this browser that this one signed in.
pub fn announce_signed_in() {
    #[cfg(feature = "hydrate")]
    crate::client::tabs::announce_signed_in();
}

/// Tells the other tabs of this browser that this one signed out.
pub fn announce_signed_out() {
    #[cfg(feature = "hydrate")]
    crate::client::tabs::announce_signed_out();
}


/// Whether this browser can use passkeys: false while the page is
/// rendered on the server and hydrated (so both render alike; passkeys
/// need JavaScript), then the browser's answer.
pub fn passkeys_supported() -> leptos::prelude::ReadSignal<bool> {
    use leptos::prelude::*;
    let supported = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| supported.set(crate::client::webauthn::available()));
    supported.read_only()
}

/// Whether the browser offers passkeys in the autofill of a field marked
/// `autocomplete="username webauthn"` (conditional mediation).
pub async fn passkey_autofill_available() -> bool {
    #[cfg(feature = "hydrate")]
    return crate::client::webauthn::autofill_available().await;
    #[cfg(not(feature = "hydrate"))]
    return false;
}

/// Ends the passkey request this page has open (the autofill's), if any.
pub fn abort_passkey() {
    #[cfg(feature = "hydrate")]
    crate::client::webauthn::abort();
}

/// One passkey ceremony: `begin` asks the server for it, the browser
/// creates a passkey (`create`) or finds one, and `finish` hands the
/// ceremony's id and the browser's answer (JSON) to the server call that
/// ends it. `None` when this page aborted it (a newer ceremony took over).
pub async fn passkey_ceremony<T, Fut>(
    begin: impl std::future::Future<Output = Result<crate::auth::PasskeyChallenge, AuthError>>,
    create: bool,
    finish: impl FnOnce(String, String) -> Fut,
) -> Result<Option<T>, AuthError>
where
    Fut: std::future::Future<Output = Result<T, AuthError>>,
{
    let challenge = begin.await?;
    #[cfg(feature = "hydrate")]
    {
        use crate::client::webauthn::{self, Refusal};
        let answer = if create { webauthn::create(&challenge.options).await } else { webauthn::get(&challenge.options).await };
        match answer {
            Ok(credential) => finish(challenge.ceremony, credential).await.map(Some),
            Err(Refusal::Aborted) => Ok(None),
            Err(Refusal::Said(message)) => Err(AuthError::invalid(crate::auth::BROWSER_REFUSAL_FIELD, message)),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (challenge, create, finish);
        Err(AuthError::invalid("passkey", "Passkeys need JavaScript."))
    }
}
