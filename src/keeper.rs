//! What islands ask of the browser's session keeper (`client`, hydrate
//! only): authenticated calls with one refresh and retry. On the server
//! these are plain calls. Islands use this facade; `client` never imports
//! it, so the two do not form a circle.

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
