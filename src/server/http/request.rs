//! What a server function needs from the HTTP request it runs in, and what it
//! writes back to the response (cookies, cache policy).

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use http::{HeaderMap, HeaderValue, header, request::Parts};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use crate::server::{
    auth::{ActiveSession, Auth, Credentials, Issued, reauth::Renewed},
    client::ClientInfo,
    state::AppState,
    store::UserRecord,
};
use crate::{
    routes::NEXT_HEADER,
    auth::{AuthError, Reason, SessionInfo, encode_query_value, form_error_code, keeping_next_path, safe_next},
    server::auth::SignInOutcome,
};

const USER_AGENT_MAX: usize = 512;

/// The request a server function runs in.
pub struct RequestContext {
    pub state: AppState,
    pub parts: Parts,
    response: ResponseOptions,
}

impl RequestContext {
    pub fn current() -> Result<Self, AuthError> {
        let missing = |what| crate::server::error::internal(format!("{what} missing from the server function context"));
        let ctx = Self {
            state: use_context::<AppState>().ok_or_else(|| missing("AppState"))?,
            parts: use_context::<Parts>().ok_or_else(|| missing("request parts"))?,
            response: use_context::<ResponseOptions>().ok_or_else(|| missing("ResponseOptions"))?,
        };
        ctx.response.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        Ok(ctx)
    }

    pub fn auth(&self) -> &Auth {
        &self.state.auth
    }

    /// The tokens the request's cookies carry.
    pub fn credentials(&self) -> Credentials {
        self.state.cookies.credentials(&self.parts.headers)
    }

    /// The signed-in session of this request, checked in the database:
    /// where a server function acting for the user starts.
    pub async fn active_session(&self) -> Result<ActiveSession, AuthError> {
        self.auth().active_session(self.credentials().access.as_ref()).await
    }

    /// The signed-in user of this request ([`RequestContext::active_session`]).
    pub async fn active_user(&self) -> Result<UserRecord, AuthError> {
        Ok(self.active_session().await?.user)
    }

    pub fn client(&self) -> ClientInfo {
        client(&self.state, &self.parts.headers, &self.parts.extensions)
    }

    /// Sets the cookies and describes the sign-in for the client.
    pub fn signed_in(&self, issued: &Issued) -> SessionInfo {
        let now = self.auth().now_ms();
        for (name, value) in super::bound::sign_in_headers(&self.state.cookies, issued) {
            self.response.append_header(name, value);
        }
        SessionInfo {
            user: issued.user_view(),
            session_id: issued.session_id.clone(),
            access_expires_at: issued.access_expires_at,
            server_time_ms: now,
            bound: issued.bound,
        }
    }

    /// Sets the access cookie re-issued after a re-authentication.
    pub fn renewed(&self, active: &ActiveSession, renewed: &Renewed) -> SessionInfo {
        let cookie = self.state.cookies.set_access(&renewed.access_token, renewed.access_max_age);
        self.response.append_header(header::SET_COOKIE, cookie);
        SessionInfo {
            user: crate::server::auth::user_view(&active.user),
            session_id: active.session.id.clone(),
            access_expires_at: renewed.access_expires_at,
            server_time_ms: self.auth().now_ms(),
            bound: active.session.is_bound(),
        }
    }

    /// Answers a sign-in's typed outcome, for every way of signing in
    /// (password, second step, passkey, link, reset):
    /// - signed in: both cookies, and the session for the client;
    /// - a second step is next: the pending sign-in's cookie, and 401
    ///   `second_factor_required`;
    /// - refused: the error.
    ///
    /// A pending sign-in this browser held ends with a sign-in, or when it
    /// expired. A plain form post gets a redirect instead of JSON: on to
    /// `next` (or the account, or the second step), or back to `form`.
    pub fn answer_sign_in(
        &self,
        outcome: Result<SignInOutcome, AuthError>,
        form: &str,
        next: Option<&str>,
    ) -> Result<SessionInfo, AuthError> {
        let held_pending = self.pending_sign_in().is_some();
        let result = match outcome {
            Ok(SignInOutcome::SignedIn(issued)) => {
                if held_pending {
                    self.clear_pending();
                }
                Ok(self.signed_in(&issued))
            }
            Ok(SignInOutcome::SecondFactor(pending)) => {
                self.response.append_header(header::SET_COOKIE, self.state.cookies.set_pending(&pending.token, pending.max_age));
                self.go_on(&keeping_next_path(crate::routes::SECOND_FACTOR, next));
                return Err(AuthError::second_factor_required());
            }
            Err(e) => {
                if held_pending && e.reason == Some(Reason::SecondStepExpired) {
                    self.clear_pending();
                }
                Err(e)
            }
        };
        let done = safe_next(next).unwrap_or_else(|| crate::routes::ACCOUNT.into());
        self.answer_form_post(&result, &done, form, next);
        result
    }

    /// The pending sign-in this browser waits to finish, if any.
    pub fn pending_sign_in(&self) -> Option<String> {
        self.state.cookies.pending_from(&self.parts.headers)
    }

    /// Marks this browser as the one that registered (see `Auth::register`).
    pub fn registered(&self, browser: &crate::server::auth::tokens::LinkToken) {
        let max_age = self.auth().registration_ttl();
        self.response.append_header(header::SET_COOKIE, self.state.cookies.set_registration(browser.expose(), max_age));
    }

    /// The registration cookie of this browser, if it has one of our shape.
    pub fn registration(&self) -> Option<crate::server::auth::tokens::LinkToken> {
        self.state.cookies.registration_from(&self.parts.headers)
    }

    pub fn clear_pending(&self) {
        self.response.append_header(header::SET_COOKIE, self.state.cookies.clear_pending());
    }

    pub fn clear_cookies(&self) {
        for cookie in self.state.cookies.clear() {
            self.response.append_header(header::SET_COOKIE, cookie);
        }
    }

    /// After the account is deleted, this browser keeps nothing of it (its
    /// language, which the account set, included).
    pub fn clear_all_cookies(&self) {
        self.clear_cookies();
        self.response.append_header(header::SET_COOKIE, self.state.cookies.clear_device());
        self.response.append_header(header::SET_COOKIE, self.state.cookies.clear_lang());
        self.forget_registration();
    }

    /// The registration cookie has done its work (the address is confirmed).
    pub fn forget_registration(&self) {
        if self.registration().is_some() {
            self.response.append_header(header::SET_COOKIE, self.state.cookies.set_registration("", std::time::Duration::ZERO));
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

    /// Where a form post goes on to: a plain form post (no JavaScript) is
    /// redirected there; a `fetch` call gets its JSON with the place in
    /// [`NEXT_HEADER`], which the page's script follows (`client::forms`).
    fn go_on(&self, to: &str) {
        if self.wants_html() {
            self.redirect(to);
        } else {
            // A `next` may hold non-ASCII text, which a header cannot: it
            // goes percent-encoded, the same path to the browser.
            let encoded = percent_encoding::utf8_percent_encode(to, percent_encoding::CONTROLS).to_string();
            if let Ok(value) = HeaderValue::from_str(&encoded) {
                self.response.insert_header(header::HeaderName::from_static(NEXT_HEADER), value);
            }
        }
    }

    /// Answers a form post: on to `done` when it worked, otherwise back to
    /// the `form` page with the error's code and field (and `next`), so the
    /// page shows the message and nothing typed but the passwords is lost.
    pub fn answer_form_post<T>(&self, result: &Result<T, AuthError>, done: &str, form: &str, next: Option<&str>) {
        match result {
            Ok(_) => self.go_on(done),
            Err(err) => self.go_on(&back_with_error(form, err, next)),
        }
    }
}

/// Where a refused plain form post goes back to: the `form` page with the
/// error's code and field (and `next`), which the page turns back into the
/// message.
pub fn back_with_error(form: &str, err: &AuthError, next: Option<&str>) -> String {
    // `form` may carry a query of its own (a link's token).
    let sep = if form.contains('?') { '&' } else { '?' };
    let mut url = format!("{form}{sep}error={}", encode_query_value(&form_error_code(err)));
    if let Some(field) = &err.field {
        url.push_str(&format!("&field={}", encode_query_value(field)));
    }
    if let Some(next) = safe_next(next) {
        url.push_str(&format!("&next={}", encode_query_value(&next)));
    }
    url
}

/// Where a server function's error leaves it, on its way to be written as
/// the JSON body: the answer gets the error's status (and `Retry-After`).
/// This runs for errors raised before our code ran too, such as a body that
/// cannot be decoded. A plain form post keeps its redirect: the one the
/// server function chose, or leptos' back to the page the form was on.
pub fn error_leaves(err: &AuthError) {
    let (Some(response), Some(parts)) = (use_context::<ResponseOptions>(), use_context::<Parts>()) else {
        return;
    };
    response.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let redirected = response.0.read().map_or(true, |set| set.status.is_some())
        || (wants_html(&parts.headers) && parts.headers.contains_key(header::REFERER));
    if redirected {
        return;
    }
    response.set_status(http::StatusCode::from_u16(err.code.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
    if let Some(secs) = err.retry_after {
        response.insert_header(header::RETRY_AFTER, HeaderValue::from(secs));
    }
}

pub fn wants_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// Who sent a request: for server functions and the page middleware alike.
pub fn client(state: &AppState, headers: &HeaderMap, extensions: &http::Extensions) -> ClientInfo {
    let socket = extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let mut client = client_info(headers, socket, &state.config.trusted_proxies);
    client.device = state.cookies.device_from(headers);
    client.lang = state.cookies.lang_of(headers);
    client
}

/// The client's address and its user agent, truncated.
///
/// The address is the socket's, unless that is a trusted proxy: then the
/// `X-Forwarded-For` entries (of every header line, in order) are walked
/// from the right, past every trusted proxy, to the first address that is
/// not one. Entries left of it were written by the client and are ignored.
pub fn client_info(headers: &HeaderMap, socket: Option<SocketAddr>, trusted: &[ipnet::IpNet]) -> ClientInfo {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(&canonical(*ip)));
    let mut ip = socket.map(|s| canonical(s.ip()));
    if ip.is_some_and(|ip| is_trusted(&ip)) {
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|hop| !hop.is_empty())
            .collect();
        for hop in hops.iter().rev() {
            // An entry a trusted proxy wrote that is not an address: the
            // proxy is the last hop we can vouch for.
            let Ok(hop) = hop.parse::<IpAddr>().map(canonical) else { break };
            ip = Some(hop);
            if !is_trusted(&hop) {
                break;
            }
        }
    }
    let ip = ip.map_or_else(|| "unknown".into(), |ip| ip.to_string());
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(USER_AGENT_MAX).collect())
        .unwrap_or_default();
    ClientInfo { ip, user_agent, ..ClientInfo::default() }
}

/// IPv4 addresses that arrive IPv4-mapped on a dual-stack socket, as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<ipnet::IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn forwarded_for_is_only_honoured_from_a_trusted_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 203.0.113.9"));
        let proxy = Some("10.0.0.1:5000".parse().unwrap());
        assert_eq!(client_info(&headers, proxy, &[]).ip, "10.0.0.1", "no list: the socket");
        assert_eq!(client_info(&headers, proxy, &nets(&["10.0.0.0/8"])).ip, "203.0.113.9");
        let stranger = Some("198.51.100.7:5000".parse().unwrap());
        assert_eq!(client_info(&headers, stranger, &nets(&["10.0.0.0/8"])).ip, "198.51.100.7", "not a proxy of ours");
        headers.insert("x-forwarded-for", HeaderValue::from_static("not-an-ip"));
        assert_eq!(client_info(&headers, proxy, &nets(&["10.0.0.0/8"])).ip, "10.0.0.1");
    }

    #[test]
    fn the_client_is_the_right_most_untrusted_hop_across_header_lines() {
        // The client wrote a line of its own; the proxies appended theirs.
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", HeaderValue::from_static("6.6.6.6"));
        headers.append("x-forwarded-for", HeaderValue::from_static("203.0.113.9, 10.1.2.3"));
        let proxy = Some("10.0.0.1:443".parse().unwrap());
        let trusted = nets(&["10.0.0.0/8"]);
        assert_eq!(client_info(&headers, proxy, &trusted).ip, "203.0.113.9");
        // A line after the proxies' is one the nearest proxy appended: the
        // address it saw, which wins.
        headers.append("x-forwarded-for", HeaderValue::from_static("7.7.7.7"));
        assert_eq!(client_info(&headers, proxy, &trusted).ip, "7.7.7.7");
        // Every hop trusted: the left-most one.
        let mut inner = HeaderMap::new();
        inner.insert("x-forwarded-for", HeaderValue::from_static("10.9.9.9, 10.1.1.1"));
        assert_eq!(client_info(&inner, proxy, &trusted).ip, "10.9.9.9");
        // IPv6 proxies, IPv4-mapped sockets.
        let mut v6 = HeaderMap::new();
        v6.insert("x-forwarded-for", HeaderValue::from_static("2001:db8:1:2::99"));
        let mapped = Some("[::ffff:10.0.0.1]:443".parse().unwrap());
        assert_eq!(client_info(&v6, mapped, &trusted).ip, "2001:db8:1:2::99");
    }

    #[test]
    fn user_agent_is_truncated() {
        let mut headers = HeaderMap::new();
        headers.insert(header::USER_AGENT, HeaderValue::from_str(&"x".repeat(5000)).unwrap());
        assert_eq!(client_info(&headers, None, &[]).user_agent.len(), USER_AGENT_MAX);
    }
}
