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

use crate::server::{config::Environment, mail::letters::escape, state::AppState};

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

/// Only in development, and only to this machine, never through a proxy
/// (which would make every visitor look local): the mailbox holds every
/// account's links.
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
    if state.config.environment != Environment::Development || !local || proxied {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mails = match state.auth.store.recent_mails(SHOWN).await {
        Ok(mails) => mails,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the development mailbox");
            return super::unavailable_page();
        }
    };
    let mut body = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Development mailbox · keycard</title>\
         <link rel=\"stylesheet\" href=\"/pkg/keycard.css\"></head><body><main class=\"main\"><section class=\"panel\">\
         <h1>Development mailbox</h1><p>Mails keycard would have sent (no <code>KEYCARD_SMTP_URL</code> is set), newest first.</p>",
    );
    if mails.is_empty() {
        body.push_str("<p data-testid=\"empty\">No mail yet.</p>");
    }
    for mail in &mails {
        let at = time_text(mail.created_at);
        body.push_str(&format!(
            "<article class=\"mail\" data-testid=\"mail\"><h2>{}</h2><p class=\"device-meta\">To <span data-testid=\"to\">{}</span> · {at}{}</p><pre class=\"mail-text\">{}</pre></article>",
            escape(&mail.subject),
            escape(&mail.recipient),
            if mail.sent_at.is_some() { " · sent" } else { "" },
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
    fn links_are_made_clickable_and_the_rest_escaped() {
        let html = linked("Open\nhttps://k.example/verify-email?token=a&b=1\n<b>x</b>");
        assert!(html.contains("<a href=\"https://k.example/verify-email?token=a&amp;b=1\">"));
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"));
    }
}
