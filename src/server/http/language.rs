//! `POST /language`: the language picker in every page's footer, a plain
//! form. The choice is kept in this browser's language cookie and, for a
//! signed-in visitor, with the account (its mails, its other browsers).

use axum::{
    Form,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::{auth::safe_next, i18n::Lang, server::state::AppState};

#[derive(Deserialize)]
pub struct Choice {
    lang: String,
    /// The page the picker was on (a same-site path), to go back to.
    #[serde(default)]
    back: String,
}

pub async fn choose(State(state): State<AppState>, headers: HeaderMap, Form(choice): Form<Choice>) -> Response {
    let Some(lang) = Lang::from_code(&choice.lang) else {
        return (StatusCode::BAD_REQUEST, "keycard does not speak that language.").into_response();
    };
    // Signed in (even with an access token run out, which the page after
    // this one refreshes: that refresh then brings the new choice along).
    let credentials = state.cookies.credentials(&headers);
    if let Some(user) = state.auth.signed_in_user(&credentials).await
        && let Err(err) = state.auth.set_language(&user, lang).await
    {
        // The browser still gets its choice; the account keeps the old one.
        tracing::warn!(error = %err.message, "cannot save the account's language");
    }
    let back = safe_next(Some(&choice.back)).unwrap_or_else(|| "/".into());
    (StatusCode::SEE_OTHER, [(header::LOCATION, back)], [(header::SET_COOKIE, state.cookies.set_lang(lang))]).into_response()
}
