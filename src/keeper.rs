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

