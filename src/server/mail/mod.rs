//! Outbound mail: what keycard's mails say ([`letters`]) and the task that
//! delivers the outbox over SMTP ([`sender`]).
//!
//! A mail is never sent from a request: the request writes it to the outbox
//! in the transaction of what it announces, and wakes the sender. A relay
//! that is down therefore delays mail; it never fails a request or loses a
//! mail. Without `KEYCARD_SMTP_URL` (development only) no sender runs and
//! the mails stay in the database, listed at `/dev/mail`.

pub mod letters;
pub mod seal;
pub mod sender;
