//! The browser's way to another identity provider and back:
//! `POST /auth/oidc/{provider}/start` (a plain form: the sign-in page's
//! buttons, the account page's "Link") and `GET /auth/oidc/{provider}/callback`
//! (where the provider sends the browser). Both answer with redirects, so
//! they work without JavaScript; what they decide is `Auth`'s
//! (`server::auth::federated`).

use axum::{
    Form,
    extract::{FromRequest, Path, Query, Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::request::{back_with_error, client};
use crate::{
    auth::{AuthError, encode_query_value, keeping_next_path, safe_next},
    routes,
    server::{
        auth::{
            SignInOutcome,
            federated::{Federated, Returned},
        },
        state::AppState,
    },
};

#[derive(Deserialize)]
pub struct StartForm {
    next: Option<String>,
    /// Present on the account page's form: link to the signed-in account.
    link: Option<String>,
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    iss: Option<String>,
    error: Option<String>,
}

fn see_other(to: &str, cookies: Vec<HeaderValue>) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(header::CACHE_CONTROL, "no-store")]).into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

pub async fn start(State(state): State<AppState>, Path(id): Path<String>, request: Request) -> Response {
    let (headers, extensions) = (request.headers().clone(), request.extensions().clone());
    let Ok(Form(form)) = Form::<StartForm>::from_request(request, &state).await else {
        return see_other(&back_with_error(routes::LOGIN, &AuthError::malformed(), None), Vec::new());
    };
    let next = safe_next(form.next.as_deref());
    let linking = form.link.is_some();
    let back = if linking { routes::ACCOUNT } else { routes::LOGIN };
    let active = if linking {
        match state.auth.active_session(state.cookies.credentials(&headers).access.as_ref()).await {
            Ok(active) => Some(active),
            Err(e) => return see_other(&back_with_error(routes::LOGIN, &e, None), Vec::new()),
        }
    } else {
        None
    };
    let who = client(&state, &headers, &extensions);
    match state.auth.begin_federated(&id, active.as_ref(), next.as_deref(), &who).await {
        Ok(sent) => {
            let cookie = state.cookies.set_federated(sent.browser.expose(), crate::server::auth::federated::FLOW_TTL);
            see_other(&sent.url, vec![cookie])
        }
        Err(e) => see_other(&back_with_error(back, &e, None), Vec::new()),
    }
}

pub async fn callback(State(state): State<AppState>, Path(id): Path<String>, Query(query): Query<CallbackQuery>, request: Request) -> Response {
    let (headers, extensions) = (request.headers(), request.extensions());
    let who = client(&state, headers, extensions);
    let browser = state.cookies.federated_from(headers);
    let returned = Returned {
        code: query.code.as_deref(),
        state: query.state.as_deref(),
        iss: query.iss.as_deref(),
        error: query.error.as_deref(),
    };
    let mut cookies = vec![state.cookies.clear_federated()];
    match state.auth.finish_federated(&id, returned, browser.as_ref(), &who).await {
        Ok(Federated::Linked) => see_other(&format!("{}?linked={}", routes::ACCOUNT, encode_query_value(&id)), cookies),
        Ok(Federated::SignIn(SignInOutcome::SignedIn(issued), next)) => {
            let to = safe_next(next.as_deref()).unwrap_or_else(|| routes::ACCOUNT.into());
            let mut response = see_other(&to, cookies);
            response.headers_mut().extend(super::bound::sign_in_headers(&state.cookies, &issued));
            response
        }
        Ok(Federated::SignIn(SignInOutcome::SecondFactor(pending), next)) => {
            cookies.push(state.cookies.set_pending(&pending.token, pending.max_age));
            see_other(&keeping_next_path(routes::SECOND_FACTOR, next.as_deref()), cookies)
        }
        Err(e) => {
            // A linking's refusal goes back to the account page it came from.
            let signed_in = state.auth.authenticate(state.cookies.credentials(headers).access.as_ref()).await.is_ok();
            see_other(&back_with_error(if signed_in { routes::ACCOUNT } else { routes::LOGIN }, &e, None), cookies)
        }
    }
}
