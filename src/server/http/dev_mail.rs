//! `GET /dev/mail`: the development mailbox. Without `KEYCARD_SMTP_URL` the
//! mails stay in the outbox; this page lists the latest with their full
//! text, links clickable, so a newcomer running `make run` can open their
//! verification link. In production, and to any other machine, it does not
//! exist (404).

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

use crate::{
    i18n::text,
    server::{config::Environment, mail::letters::escape, state::AppState},
};

const SHOWN: i64 = 50;

/// Escaped text, with every `http(s)://…` word made a link.
fn linked(text: &str) -> String {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            let trimmed = word.trim_end();
            if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
                let url = escape(trimmed);
                format!("<a href=\"{url}\">{url}</a>{}", &word[trimmed.len()..])
            } else {
                escape(word)
            }
        })
        .collect()
}

/// Whether the request names a host this server answers to: a loopback
/// name, or the public URL's host. A page on another name that resolves to
/// this machine (DNS rebinding) could otherwise read the mailbox.
fn host_allowed(headers: &axum::http::HeaderMap, public_origin: &str) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    let Ok(asked) = url::Url::parse(&format!("http://{host}")) else { return false };
    let public = url::Url::parse(public_origin).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    match asked.host_str().map(str::to_ascii_lowercase) {
        Some(name) => matches!(name.as_str(), "localhost" | "127.0.0.1" | "[::1]") || Some(name) == public,
        None => false,
    }
}

/// Only in development, only to this machine and under a name of its own,
/// never through a proxy (which would make every visitor look local): the
/// mailbox holds every account's links.
pub(super) async fn mailbox(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
) -> Response {
    let local = match peer.ip() {
        std::net::IpAddr::V4(v4) => v4.is_loopback(),
        std::net::IpAddr::V6(v6) => v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
    };
    let proxied = headers.contains_key("x-forwarded-for") || headers.contains_key(header::FORWARDED);
    let named = host_allowed(&headers, &state.config.public_origin);
    if state.config.environment != Environment::Development || !local || proxied || !named {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mails = match state.auth.recent_mails(SHOWN).await {
        Ok(mails) => mails,
        Err(e) => {
            tracing::warn!(error = %e.message, "cannot read the development mailbox");
            return super::unavailable_page(state.cookies.lang_of(&headers));
        }
    };
    // The developer's language, as for any page.
    let lang = state.cookies.lang_of(&headers);
    let say = |key: &str| escape(&text(lang, key, &[]));
    let mut body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} · keycard</title>\
         <link rel=\"stylesheet\" href=\"/pkg/keycard.css\"></head><body><main class=\"main\"><section class=\"panel\">\
         <h1>{}</h1><p>{}</p>",
        lang.code(),
        say("dev-mail-title"),
        say("dev-mail-title"),
        say("dev-mail-text"),
    );
    if mails.is_empty() {
        body.push_str(&format!("<p data-testid=\"empty\">{}</p>", say("dev-mail-empty")));
    }
    for mail in &mails {
        let at = time_text(mail.created_at);
        body.push_str(&format!(
            "<article class=\"mail\" data-testid=\"mail\"><h2>{}</h2><p class=\"device-meta\">{} <span data-testid=\"to\">{}</span> · {at}{}</p><pre class=\"mail-text\">{}</pre></article>",
            escape(&mail.subject),
            say("dev-mail-to"),
            escape(&mail.recipient),
            if mail.sent_at.is_some() { format!(" · {}", say("dev-mail-sent")) } else { String::new() },
            linked(&mail.text_body)
        ));
    }
    body.push_str("</section></main></body></html>");
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CACHE_CONTROL, "no-store"),
        // Our stylesheet, and nothing else: the page runs no script.
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'self'; frame-ancestors 'none'"),
    ];
    (headers, body).into_response()
}

fn time_text(ms: i64) -> String {
    humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms.max(0) as u64)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_and_the_public_host_may_read_the_mailbox() {
        let with_host = |host: &str| {
            let mut headers = axum::http::HeaderMap::new();
            headers.insert(header::HOST, host.parse().unwrap());
            headers
        };
        for ok in ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST", "keycard.test:8443"] {
            assert!(host_allowed(&with_host(ok), "https://keycard.test:8443"), "{ok}");
        }
        for refused in ["evil.example:3000", "127.0.0.1.evil.example", "keycard.test.evil.example", "", "a b"] {
            assert!(!host_allowed(&with_host(refused), "https://keycard.test:8443"), "{refused}");
        }
        assert!(!host_allowed(&axum::http::HeaderMap::new(), "http://127.0.0.1:3000"), "no Host at all");
    }

    #[test]
    fn links_are_made_clickable_and_the_rest_escaped() {
        let html = linked("Open\nhttps://k.example/verify-email?token=a&b=1\n<b>x</b>");
        assert!(html.contains("<a href=\"https://k.example/verify-email?token=a&amp;b=1\">"));
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"));
    }
}
