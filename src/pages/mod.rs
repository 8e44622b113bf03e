//! One module per page.

pub mod account;
pub mod home;
pub mod login;
pub mod not_found;
pub mod register;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::auth::{AuthError, SessionInfo};

/// The errors a sign-in form shows, split into per-field messages and one for
/// the whole form: from the last submission when the client is live, or from
/// `?error=…&field=…` after a no-JavaScript post was sent back.
pub fn form_errors(
    value: impl Fn() -> Option<Result<SessionInfo, AuthError>> + Send + Sync + 'static,
) -> (impl Fn(&'static str) -> Signal<Option<String>> + Copy, Signal<Option<String>>) {
    let query = use_query_map();
    let current = Memo::new(move |_| match value() {
        Some(Err(e)) => Some((e.field.clone(), e.message.clone())),
        Some(Ok(_)) => None,
        None => query.with(|q| q.get("error").map(|m| (q.get("field"), m))),
    });
    let for_field = move |name: &'static str| {
        Signal::derive(move || current.get().and_then(|(f, m)| (f.as_deref() == Some(name)).then_some(m)))
    };
    let general = Signal::derive(move || current.get().and_then(|(f, m)| f.is_none().then_some(m)));
    (for_field, general)
}

/// `?next=` from the URL, if it is a same-site path.
pub fn next_param() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| crate::auth::safe_next(query.with(|q| q.get("next")).as_deref()))
}
