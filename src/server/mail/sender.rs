//! The sender task: claims due mails from the outbox, delivers them over
//! SMTP and stamps them sent; a failed delivery is tried again later, with
//! a growing pause (1 s, 2 s, 4 s … at most 10 minutes), for as long as it
//! takes. Every instance may run one: claims are leases, so a mail is taken
//! by one sender at a time, and a sender that dies mid-delivery lets its
//! lease run out for another.
//!
//! A mail can still go out twice if a sender dies after the relay accepted
//! it and before it was stamped sent; its `Message-ID` stays the same, so
//! the receiving side can tell.

use std::{sync::Arc, time::Duration};

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
    transport::smtp::authentication::Credentials,
};
use tokio::sync::Notify;

use super::seal::MailSeal;
use crate::server::{
    clock::Clock,
    metrics,
    config::{SmtpSecurity, SmtpSettings},
    store::{MailRecord, Store},
};

/// How long a claim holds: four times the longest a delivery may take. One
/// mail is claimed at a time, so no claim waits behind other deliveries.
const LEASE_MS: i64 = 60_000;
const SEND_TIMEOUT: Duration = Duration::from_secs(15);
/// How often the outbox is read when nothing woke the sender.
const POLL: Duration = Duration::from_secs(2);
const MAX_PAUSE_MS: i64 = 10 * 60_000;

type Transport = AsyncSmtpTransport<Tokio1Executor>;

fn transport(smtp: &SmtpSettings) -> Result<Transport, lettre::transport::smtp::Error> {
    let builder = match smtp.security {
        SmtpSecurity::Tls => Transport::relay(&smtp.host)?,
        SmtpSecurity::StartTls => Transport::starttls_relay(&smtp.host)?,
        SmtpSecurity::LoopbackPlain => Transport::builder_dangerous(&smtp.host),
    };
    let mut builder = builder.port(smtp.port).timeout(Some(SEND_TIMEOUT));
    if let Some((user, password)) = &smtp.credentials {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.build())
}

/// The pause before the next attempt, after `attempts` failed ones.
pub fn pause_after(attempts: i64) -> Duration {
    let ms = 1000i64.saturating_mul(1 << (attempts - 1).clamp(0, 20));
    Duration::from_millis(ms.min(MAX_PAUSE_MS) as u64)
}

fn message(mail: &MailRecord, from: &Mailbox, domain: &str) -> Result<Message, String> {
    let to: Mailbox = mail.recipient.parse().map_err(|e| format!("recipient: {e}"))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&mail.subject)
        .message_id(Some(format!("<{}@{domain}>", mail.id)))
        .multipart(MultiPart::alternative_plain_html(mail.text_body.clone(), mail.html_body.clone()))
        .map_err(|e| e.to_string())
}

/// Starts the sender; `wake` makes it look at the outbox at once.
pub fn start(
    store: Store,
    clock: Clock,
    smtp: SmtpSettings,
    from: Mailbox,
    seal: Arc<MailSeal>,
    wake: Arc<Notify>,
) -> Result<(), String> {
    let transport = transport(&smtp).map_err(|e| e.to_string())?;
    let domain = from.email.domain().to_owned();
    tracing::info!(host = %smtp.host, port = smtp.port, security = ?smtp.security, "mail goes out over SMTP");
    tokio::spawn(async move {
        loop {
            let claimed = match store.claim_mails(clock.now_ms(), LEASE_MS, 1).await {
                Ok(claimed) => claimed,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the outbox; trying again shortly");
                    Vec::new()
                }
            };
            let more = !claimed.is_empty();
            for mut mail in claimed {
                let opened = seal.open(&mut mail);
                deliver(&store, &clock, &transport, &from, &domain, mail, opened).await;
            }
            if !more {
                tokio::select! {
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(POLL) => {}
                }
            }
        }
    });
    Ok(())
}

/// Why a delivery failed, and whether trying again can help.
struct Failure {
    error: String,
    permanent: bool,
}

/// Delivers `mail`, whose bodies were `opened` (a mail sealed under another
/// secret cannot be, and is given up on).
async fn deliver(store: &Store, clock: &Clock, transport: &Transport, from: &Mailbox, domain: &str, mail: MailRecord, opened: bool) {
    let built = if opened { message(&mail, from, domain) } else { Err("its bodies do not open with this server's secret".into()) };
    let sent = match built {
        Ok(message) => transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| Failure { permanent: e.is_permanent(), error: e.to_string() }),
        Err(error) => Err(Failure { error, permanent: true }),
    };
    let now = clock.now_ms();
    let recorded = match sent {
        Ok(()) => {
            tracing::info!(mail = %mail.id, attempts = mail.attempts, "mail delivered to the relay");
            metrics::mail_delivery("sent");
            store.mail_sent(&mail.id, mail.attempts, now).await
        }
        Err(Failure { error, permanent: true }) => {
            tracing::error!(mail = %mail.id, attempts = mail.attempts, %error, "the relay refused a mail for good; it is not tried again");
            metrics::mail_delivery("gave_up");
            store.mail_failed(&mail.id, mail.attempts, None, &error, now).await
        }
        Err(Failure { error, permanent: false }) => {
            let pause = pause_after(mail.attempts);
            tracing::warn!(mail = %mail.id, attempts = mail.attempts, retry_in_ms = pause.as_millis() as u64, %error, "mail delivery failed");
            metrics::mail_delivery("retry");
            store.mail_failed(&mail.id, mail.attempts, Some(now + pause.as_millis() as i64), &error, now).await
        }
    };
    if let Err(e) = recorded {
        // The lease runs out and the mail is claimed again.
        tracing::warn!(mail = %mail.id, error = %e, "cannot record the delivery of a mail");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_to_ten_minutes() {
        let pauses: Vec<u64> = [1, 2, 3, 4, 10, 11, 50].iter().map(|n| pause_after(*n).as_secs()).collect();
        assert_eq!(pauses, [1, 2, 4, 8, 512, 600, 600]);
    }
}
