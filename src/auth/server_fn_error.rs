//! How an [`AuthError`] crosses the server-function boundary: made from
//! leptos' own errors (a body that cannot be decoded, an unreachable
//! server), and on the server given its HTTP status as it leaves.

use super::{AuthError, ErrorCode};

impl leptos::server_fn::error::FromServerFnError for AuthError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // On the server, a request that cannot be decoded is the caller's mistake.
            E::Args(_) | E::MissingArg(_) => Self::malformed(),
            #[cfg(feature = "ssr")]
            E::Deserialization(_) => Self::malformed(),
            E::Request(_) => Self::new(ErrorCode::Unavailable, "Cannot reach the server. Check your connection."),
            _ => Self::new(ErrorCode::Internal, "Something went wrong. Please try again."),
        }
    }

    /// On the server, the error leaves its server function here: the
    /// answer takes its status before the body is written.
    #[cfg(feature = "ssr")]
    fn ser(&self) -> leptos::server_fn::Bytes {
        use leptos::server_fn::Encodes;
        crate::server::http::request::error_leaves(self);
        // The message in the request's language; the code stays the contract.
        let lang = crate::i18n::lang();
        let translated = (lang != crate::i18n::Lang::En)
            .then(|| super::localized_message(self, lang))
            .flatten()
            .map(|message| Self { message, ..self.clone() });
        Self::Encoder::encode(translated.as_ref().unwrap_or(self)).unwrap_or_else(|_| leptos::server_fn::Bytes::from_static(br#"{"code":"internal","message":"Something went wrong. Please try again."}"#))
    }
}
