//! What a server function needs from the HTTP request it runs in, and what it
//! writes back to the response (cookies, cache policy).

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use http::{HeaderMap, HeaderValue, header, request::Parts};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::{sessions::{ClientInfo, Issued}, state::AppState};
use crate::auth::{AuthError, SessionInfo};

const USER_AGENT_MAX: usize = 512;

/// The request a server function runs in.
pub struct RequestContext {
    pub state: AppState,
    pub parts: Parts,
    response: ResponseOptions,
}

impl RequestContext {
    pub fn current() -> Result<Self, AuthError> {
        let missing = |what| super::error::internal(format!("{what} missing from the server function context"));
        let ctx = Self {
            state: use_context::<AppState>().ok_or_else(|| missing("AppState"))?,
            parts: use_context::<Parts>().ok_or_else(|| missing("request parts"))?,
            response: use_context::<ResponseOptions>().ok_or_else(|| missing("ResponseOptions"))?,
        };
        ctx.response.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        Ok(ctx)
    }

    pub fn access_cookie(&self) -> Option<String> {
        self.state.cookies.access_from(&self.parts.headers)
    }

    pub fn refresh_cookie(&self) -> Option<String> {
        self.state.cookies.refresh_from(&self.parts.headers)
    }

    pub fn client(&self) -> ClientInfo {
        client_info(&self.parts.headers, self.parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0), self.state.config.trust_proxy)
    }

    /// Sets both cookies and describes the sign-in for the client.
    pub fn signed_in(&self, issued: &Issued) -> SessionInfo {
        for cookie in self.state.cookies.signed_in(issued, self.state.config.access_ttl) {
            self.response.append_header(header::SET_COOKIE, cookie);
        }
        SessionInfo {
            user: issued.user_view(),
            session_id: issued.session_id.clone(),
            access_expires_at: issued.access_expires_at,
            server_time_ms: super::store::now_ms(),
        }
    }

    pub fn clear_cookies(&self) {
        for cookie in self.state.cookies.clear() {
            self.response.append_header(header::SET_COOKIE, cookie);
        }
    }

    /// A plain HTML form post (no JavaScript) is answered with a redirect;
    /// `fetch` calls from the hydrated client get JSON.
    pub fn wants_html(&self) -> bool {
        wants_html(&self.parts.headers)
    }

    pub fn redirect(&self, to: &str) {
        leptos_axum::redirect(to);
    }
}

pub fn wants_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// The client's address (the socket's, or the last `X-Forwarded-For` hop when
/// a proxy is trusted) and its user agent, truncated.
pub fn client_info(headers: &HeaderMap, socket: Option<SocketAddr>, trust_proxy: bool) -> ClientInfo {
    let forwarded = trust_proxy
        .then(|| headers.get("x-forwarded-for")?.to_str().ok()?.rsplit(',').next().map(|s| s.trim().to_owned()))
        .flatten()
        .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok());
    let ip = forwarded.or_else(|| socket.map(|s| s.ip().to_string())).unwrap_or_else(|| "unknown".into());
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(USER_AGENT_MAX).collect())
        .unwrap_or_default();
    ClientInfo { ip, user_agent }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_is_only_honoured_when_trusted() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 203.0.113.9"));
        let socket = Some("10.0.0.1:5000".parse().unwrap());
        assert_eq!(client_info(&headers, socket, false).ip, "10.0.0.1");
        assert_eq!(client_info(&headers, socket, true).ip, "203.0.113.9");
        headers.insert("x-forwarded-for", HeaderValue::from_static("not-an-ip"));
        assert_eq!(client_info(&headers, socket, true).ip, "10.0.0.1");
    }

    #[test]
    fn user_agent_is_truncated() {
        let mut headers = HeaderMap::new();
        headers.insert(header::USER_AGENT, HeaderValue::from_str(&"x".repeat(5000)).unwrap());
        assert_eq!(client_info(&headers, None, false).user_agent.len(), USER_AGENT_MAX);
    }
}
