//! One module per page.

pub mod account;
pub mod example;
pub mod home;
pub mod links;
pub mod login;
pub mod not_found;
pub mod register;
pub mod second_factor;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::{
    current_user::CurrentUser,
    auth::{AuthError, encode_query_value},
    keeper::announce_signed_in,
};

/// The errors a sign-in form shows, split into per-field messages and one for
/// the whole form: from the last submission when the client is live, or from
/// `?error=…&field=…` after a no-JavaScript post was sent back.
pub fn form_errors<T: Send + Sync + 'static>(
    value: impl Fn() -> Option<Result<T, AuthError>> + Send + Sync + 'static,
) -> (impl Fn(&'static str) -> Signal<Option<String>> + Copy, Signal<Option<String>>) {
    let query = use_query_map();
    let current = Memo::new(move |_| match value() {
        Some(Err(e)) => Some((e.field.clone(), e.message.clone())),
        Some(Ok(_)) => None,
        None => query.with(|q| {
            let message = crate::auth::form_error_message(&q.get("error")?)?;
            Some((q.get("field"), message))
        }),
    });
    let for_field = move |name: &'static str| {
        Signal::derive(move || current.get().and_then(|(f, m)| (f.as_deref() == Some(name)).then_some(m)))
    };
    let general = Signal::derive(move || current.get().and_then(|(f, m)| f.is_none().then_some(m)));
    (for_field, general)
}

/// Leaves the page with a full load, so every bit of signed-in state is
/// read again (or goes).
pub fn leave(to: &str) {
    #[cfg(feature = "hydrate")]
    let _ = window().location().assign(to);
    #[cfg(not(feature = "hydrate"))]
    let _ = to;
}

/// The `token` of a link's page, from the URL.
pub fn token_param() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("token")).unwrap_or_default())
}

/// A notice picked by a query parameter's value from a fixed list: text in
/// the URL is never shown.
pub fn query_notice(param: &'static str, known: &'static [(&'static str, &'static str)]) -> impl Fn() -> Option<&'static str> + Copy + Send + Sync {
    let query = use_query_map();
    move || {
        let value = query.with(|q| q.get(param))?;
        known.iter().find(|(v, _)| *v == value).map(|(_, text)| *text)
    }
}

/// `?next=` from the URL, if it is a same-site path.
pub fn next_param() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| crate::auth::safe_next(query.with(|q| q.get("next")).as_deref()))
}

/// Once a sign-in form succeeds in the live client: tell the other tabs,
/// reload who is signed in, and go on to `next` (or the account).
pub fn go_on_after_sign_in(
    succeeded: impl Fn() -> bool + Send + Sync + 'static,
    next: Memo<Option<String>>,
) {
    let current = expect_context::<CurrentUser>();
    Effect::new(move |_| {
        if succeeded() {
            announce_signed_in();
            current.refetch();
            use_navigate()(&next.get_untracked().unwrap_or_else(|| crate::routes::ACCOUNT.into()), Default::default());
        }
    });
}

/// Once a sign-in answers that the account's second factor is next: its
/// page (the browser holds the pending sign-in), carrying `next` along.
pub fn go_to_second_step<T: Send + Sync + 'static>(
    value: impl Fn() -> Option<Result<T, AuthError>> + Send + Sync + 'static,
    next: Memo<Option<String>>,
) {
    Effect::new(move |_| {
        if let Some(Err(e)) = value() {
            if e.code == crate::auth::ErrorCode::SecondFactorRequired {
                let to = crate::auth::keeping_next_path(crate::routes::SECOND_FACTOR, next.get_untracked().as_deref());
                use_navigate()(&to, Default::default());
            }
        }
    });
}

/// A link to `path` that carries `next` along (between login and register).
pub fn keeping_next(path: &'static str, next: Memo<Option<String>>) -> impl Fn() -> String + Send + Sync + Copy {
    move || match next.get() {
        Some(n) => format!("{path}?next={}", encode_query_value(&n)),
        None => path.into(),
    }
}
