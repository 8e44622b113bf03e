//! Who is asking: recorded on sessions and security events, and what the
//! limits count. Read from the request by [`super::http::request::client`].

#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: String,
    /// The device cookie the request carried, unchecked (see `server::auth::device`).
    pub device: Option<String>,
    /// The language of the request (`crate::i18n`): a new account's, and
    /// its first mail's.
    pub lang: crate::i18n::Lang,
}
