//! The pages' forms in the browser (hydrate only).
//!
//! Every form is server-rendered HTML that works on its own: a plain
//! `<form method="post">` to its server function, answered with a redirect.
//! With this script running, a form marked `data-enhance` is sent with
//! `fetch` instead, and the answer (JSON, with the place the plain post
//! would have gone in [`NEXT_HEADER`]) is acted on in the page:
//!
//! - refused: the message is shown next to its field, or above the button,
//!   and nothing typed is lost. A form of buttons only (nothing typed) is
//!   shown the page the plain post would have shown instead, which also
//!   brings its lists up to date;
//! - refused for want of a recent sign-in (`reauth_required`): the
//!   "Confirm it's you" prompt opens under the form, and the form is sent
//!   again once the password (or a passkey) was confirmed;
//! - refused with a 401 by a form marked `data-authed`: one refresh of the
//!   session (shared with the keeper) and one retry;
//! - done: the page it goes on to. The same page is fetched and its `<main>`
//!   swapped in (no page load: the lists and notices are the server's);
//!   another page is loaded. A form marked `data-announce` (a sign-in or
//!   sign-out) tells the other tabs and always loads the next page, whose
//!   keeper starts with the new session. `data-codes="<section id>"` shows
//!   the recovery codes of the answer in that section, this once.
//!
//! The passkey buttons (sign-in and its autofill, the second step, adding
//! one on the account page) are here too: they need the browser's WebAuthn.
//! One listener on the document serves every form, including those a swap
//! brings in.

use wasm_bindgen::{JsCast, prelude::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlButtonElement, HtmlFormElement, HtmlInputElement};

use super::{refresh, set_leaving, tabs, webauthn};
use crate::{
    auth::{AuthError, BROWSER_REFUSAL_FIELD, ErrorCode, PasskeyAdded, Reason, RecoveryCodes, SessionInfo, api, account_api, safe_next},
    routes::{self, NEXT_HEADER},
};

/// What the server answered a form: its status, where the form goes on
/// to, and the body (JSON). Status 0: the server could not be reached.
struct Answer {
    status: u16,
    next: Option<String>,
    body: String,
}

impl Answer {
    fn error(&self) -> Option<AuthError> {
        if self.status == 0 {
            return Some(AuthError::new(ErrorCode::Unavailable, super::text(|t| &t.offline)));
        }
        (self.status >= 400).then(|| {
            serde_json::from_str(&self.body)
                .unwrap_or_else(|_| AuthError::new(ErrorCode::Internal, super::text(|t| &t.failed)))
        })
    }
}

/// Starts the forms' behaviour on this page.
pub fn start() {
    let document = leptos::prelude::document();
    let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        let Some(form) = event.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        if form.has_attribute("data-passkey-add") {
            event.prevent_default();
            leptos::task::spawn_local(add_passkey(form));
        } else if form.has_attribute("data-enhance") {
            event.prevent_default();
            leptos::task::spawn_local(send(form));
        }
    });
    let _ = document.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    on_submit.forget();
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Ok(Some(toggle)) = target.closest(".password-toggle") {
            toggle_password(&toggle);
        }
    });
    let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
    passkey_buttons();
}

/// The password field's show/hide button.
fn toggle_password(toggle: &Element) {
    let Some(input) = toggle.get_attribute("aria-controls").and_then(|id| by_id::<HtmlInputElement>(&id)) else { return };
    let show = input.type_() == "password";
    input.set_type(if show { "text" } else { "password" });
    let _ = toggle.set_attribute("aria-pressed", if show { "true" } else { "false" });
    toggle.set_text_content(toggle.get_attribute(if show { "data-hide" } else { "data-show" }).as_deref());
}

fn by_id<T: JsCast>(id: &str) -> Option<T> {
    leptos::prelude::document().get_element_by_id(id).and_then(|e| e.dyn_into::<T>().ok())
}

fn find<T: JsCast>(root: &Element, selector: &str) -> Option<T> {
    root.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<T>().ok())
}

/// Every element under `root` matching `selector`, as `T`.
fn all<T: JsCast>(root: &Element, selector: &str) -> Vec<T> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<T>().ok()).collect()
}

/// Posts `body` (form-encoded) to `url`, asking for JSON.
async fn post(url: &str, body: &str) -> Answer {
    let failed = |_| Answer { status: 0, next: None, body: String::new() };
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&body.into());
    let headers = web_sys::Headers::new().expect("headers");
    let _ = headers.set("content-type", "application/x-www-form-urlencoded");
    let _ = headers.set("accept", "application/json");
    init.set_headers(&headers);
    let response = match JsFuture::from(leptos::prelude::window().fetch_with_str_and_init(url, &init)).await {
        Ok(r) => r.unchecked_into::<web_sys::Response>(),
        Err(e) => return failed(e),
    };
    let next = response.headers().get(NEXT_HEADER).ok().flatten();
    let body = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    Answer { status: response.status(), next, body }
}

/// The form's fields, form-encoded.
fn form_body(form: &HtmlFormElement) -> String {
    web_sys::FormData::new_with_form(form)
        .ok()
        .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok())
        .map(|params| String::from(params.to_string()))
        .unwrap_or_default()
}

/// Sends `form` and acts on the answer (see the module's description).
async fn send(form: HtmlFormElement) {
    let button = find::<HtmlButtonElement>(&form, "button[type=submit]");
    if button.as_ref().is_some_and(HtmlButtonElement::disabled) {
        return;
    }
    let label = button.as_ref().and_then(|b| b.text_content());
    if let Some(b) = &button {
        b.set_disabled(true);
        if let Some(pending) = b.get_attribute("data-pending") {
            b.set_text_content(Some(&pending));
        }
    }
    clear_errors(&form);
    // A sign-in or sign-out loads the next page once it is done: a refresh
    // that fails meanwhile (the sign-out came first) must not leave before.
    let changes_session = form.has_attribute("data-announce");
    if changes_session {
        set_leaving(true);
    }
    let (url, body) = (form.action(), form_body(&form));
    let signs_out = form.get_attribute("data-announce").as_deref() == Some("signed-out");
    let mut answer = send_post(&url, &body, signs_out).await;
    let mut refused_refresh = None;
    if form.has_attribute("data-authed") && answer.error().is_some_and(|e| e.code == ErrorCode::Unauthorized) {
        // A session that ended sends the keeper to the sign-in page; any
        // other failure (offline, busy) is said here.
        match refresh(true).await {
            Ok(()) => answer = send_post(&url, &body, signs_out).await,
            Err(err) => refused_refresh = Some(err),
        }
    }
    if let Some(b) = &button {
        b.set_disabled(false);
        b.set_text_content(label.as_deref());
    }
    if changes_session && (refused_refresh.is_some() || answer.error().is_some()) {
        set_leaving(false);
    }
    if let Some(err) = refused_refresh {
        return show_error(&form, &err);
    }
    match answer.error() {
        None => done(&form, &answer).await,
        Some(err) => refused(&form, err, answer.next.as_deref()).await,
    }
}

/// Posts a form. One that signs out does so holding the tabs' refresh lock,
/// and tells the other tabs before letting go: no tab can refresh between
/// the sign-out and the news of it (with the cookies gone, that refresh
/// could only say "expired").
async fn send_post(url: &str, body: &str, signs_out: bool) -> Answer {
    if !signs_out {
        return post(url, body).await;
    }
    let (url, body) = (url.to_owned(), body.to_owned());
    tabs::with_refresh_lock(async move {
        let answer = post(&url, &body).await;
        if answer.error().is_none() {
            tabs::announce_signed_out();
        }
        answer
    })
    .await
}

/// The labelled section `form` is in (its heading's id): where focus goes
/// once the page's content is swapped in.
fn section_of(form: &HtmlFormElement) -> Option<String> {
    form.closest("section[aria-labelledby]").ok().flatten()?.get_attribute("aria-labelledby")
}

/// The form worked: go on. A sign-in or sign-out tells the other tabs,
/// and always loads the next page, whose keeper starts with the new session.
async fn done(form: &HtmlFormElement, answer: &Answer) {
    let next = answer.next.as_deref().unwrap_or(routes::ACCOUNT);
    match form.get_attribute("data-announce").as_deref() {
        Some("signed-in") => return signed_in(next),
        // The other tabs were told while the sign-out held the lock.
        Some("signed-out") => return leave(next),
        _ => {}
    }
    let codes = form.get_attribute("data-codes").map(|section| {
        let codes = serde_json::from_str::<RecoveryCodes>(&answer.body).map(|c| c.codes).unwrap_or_default();
        (section, codes)
    });
    go_on(next, section_of(form)).await;
    if let Some((section, codes)) = codes.filter(|(_, codes)| !codes.is_empty()) {
        show_codes(&section, &codes);
    }
}

/// The form was refused: the prompt to confirm it's you, the page the
/// plain post would show (a form with nothing typed, or the second step),
/// or the message in the form.
async fn refused(form: &HtmlFormElement, err: AuthError, next: Option<&str>) {
    if err.code == ErrorCode::ReauthRequired {
        return open_reauth(form);
    }
    if let Some(next) = next {
        let typed = form.query_selector("input:not([type=hidden])").ok().flatten().is_some();
        if !typed || !same_page(next) {
            return go_on(next, section_of(form)).await;
        }
    }
    show_error(form, &err);
}

fn clear_errors(form: &HtmlFormElement) {
    for el in all::<web_sys::HtmlElement>(form, "[data-reason]") {
        el.set_hidden(true);
    }
    for el in all::<Element>(form, "[aria-invalid]") {
        let _ = el.remove_attribute("aria-invalid");
    }
    for el in all::<Element>(form, ".field-error, .form-error") {
        el.set_text_content(None);
    }
}

/// The message under its field, or above the form's button; and what the
/// form keeps for the error's reason (`data-reason`).
fn show_error(form: &HtmlFormElement, err: &AuthError) {
    if let Some(reason) = err.reason {
        if let Some(el) = find::<web_sys::HtmlElement>(form, &format!("[data-reason=\"{}\"]", reason.code())) {
            el.set_hidden(false);
        }
    }
    let field = err.field.as_deref().and_then(|name| find::<HtmlInputElement>(form, &format!("[name=\"{name}\"]:not([type=hidden])")));
    if let Some(input) = field {
        let _ = input.set_attribute("aria-invalid", "true");
        if let Some(slot) = by_id::<Element>(&format!("{}-error", input.id())) {
            slot.set_text_content(Some(&err.message));
            return;
        }
    }
    let slot = find::<Element>(form, ".form-error").unwrap_or_else(|| {
        let p = leptos::prelude::document().create_element("p").expect("p");
        p.set_class_name("form-error");
        let _ = p.set_attribute("role", "alert");
        let _ = form.append_with_node_1(&p);
        p
    });
    slot.set_text_content(Some(&err.message));
}

fn path_of(url: &str) -> String {
    web_sys::Url::new_with_base(url, &leptos::prelude::window().location().href().unwrap_or_default())
        .map(|u| u.pathname())
        .unwrap_or_default()
}

fn same_page(url: &str) -> bool {
    path_of(url) == leptos::prelude::window().location().pathname().unwrap_or_default()
}

/// Goes on to `url`: another page is loaded; this page's own content is
/// fetched and swapped in, without a page load, and focus goes to the
/// section labelled `focus` (the one the user acted in).
async fn go_on(url: &str, focus: Option<String>) {
    if !same_page(url) || !swap(url, focus).await {
        leave(url);
    }
}

/// Fetches the page at `url` and puts its `<main>` in place of this one's;
/// `false` when it cannot (the page sent the browser elsewhere).
async fn swap(url: &str, focus: Option<String>) -> bool {
    let window = leptos::prelude::window();
    let Ok(response) = JsFuture::from(window.fetch_with_str(url)).await.map(|r| r.unchecked_into::<web_sys::Response>()) else {
        return false;
    };
    if !response.ok() || !same_page(&response.url()) {
        return false;
    }
    let Some(html) = (match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    }) else {
        return false;
    };
    let Ok(parser) = web_sys::DomParser::new() else { return false };
    let Ok(fresh) = parser.parse_from_string(&html, web_sys::SupportedType::TextHtml) else { return false };
    let (Some(new_main), Some(main)) = (fresh.get_element_by_id("main"), by_id::<Element>("main")) else { return false };
    main.set_inner_html(&new_main.inner_html());
    local_times(&main);
    if let Some(section) = focus.and_then(|id| find::<web_sys::HtmlElement>(&main, &format!("section[aria-labelledby=\"{id}\"]"))) {
        // Its notice if it has one (read out as it takes focus), else the section.
        let target = find::<web_sys::HtmlElement>(&section, "[role=status]").unwrap_or(section);
        let _ = target.set_attribute("tabindex", "-1");
        let _ = target.focus();
    }
    // Notices written for a page without this script.
    for el in all::<Element>(&main, "[data-no-script]") {
        el.remove();
    }
    passkey_buttons();
    true
}

/// Clones the page's `<template id=…>`.
fn from_template(id: &str) -> Option<Element> {
    let template = by_id::<web_sys::HtmlTemplateElement>(id)?;
    template.content().first_element_child()?.clone_node_with_deep(true).ok()?.dyn_into().ok()
}

/// Recovery codes just made, shown this once in section `section`.
fn show_codes(section: &str, codes: &[String]) {
    let (Some(section), Some(block)) = (by_id::<Element>(section), from_template("recovery-codes")) else { return };
    if let Some(list) = find::<Element>(&block, "ul") {
        for code in codes {
            let document = leptos::prelude::document();
            let (item, text) = (document.create_element("li").expect("li"), document.create_element("code").expect("code"));
            text.set_text_content(Some(code));
            let _ = item.append_with_node_1(&text);
            let _ = list.append_with_node_1(&item);
        }
    }
    let _ = section.append_with_node_1(&block);
}

/// "Confirm it's you", under `form`: once confirmed, the form is sent again
/// with what it still holds.
fn open_reauth(form: &HtmlFormElement) {
    if let Ok(Some(open)) = leptos::prelude::document().query_selector("[data-testid=reauth]") {
        open.remove();
    }
    let Some(prompt) = from_template("reauth-prompt") else { return };
    let _ = form.insert_adjacent_element("afterend", &prompt);
    let password = find::<HtmlInputElement>(&prompt, "input[type=password]");
    if let Some(input) = &password {
        let _ = input.focus();
    }
    let confirm = {
        let (form, prompt) = (form.clone(), prompt.clone());
        move || {
            let (form, prompt) = (form.clone(), prompt.clone());
            // One confirmation at a time (a double click, Enter and a click).
            if prompt.has_attribute("data-busy") {
                return;
            }
            let _ = prompt.set_attribute("data-busy", "");
            let value = find::<HtmlInputElement>(&prompt, "input[type=password]").map(|i| i.value()).unwrap_or_default();
            leptos::task::spawn_local(async move {
                let body = web_sys::UrlSearchParams::new().expect("params");
                body.append("password", &value);
                let mut answer = post("/api/account/reauth", &String::from(body.to_string())).await;
                if answer.error().is_some_and(|e| e.code == ErrorCode::Unauthorized) && refresh(true).await.is_ok() {
                    answer = post("/api/account/reauth", &String::from(body.to_string())).await;
                }
                reauth_answered(&form, &prompt, answer.error());
            });
        }
    };
    on(&prompt, "[data-reauth=confirm]", "click", {
        let confirm = confirm.clone();
        move |_| confirm()
    });
    on(&prompt, "input[type=password]", "keydown", move |event| {
        // Enter confirms here, not the change's own form.
        if event.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(|k| k.key() == "Enter") {
            event.prevent_default();
            confirm();
        }
    });
    on(&prompt, "[data-reauth=cancel]", "click", {
        let prompt = prompt.clone();
        move |_| prompt.remove()
    });
    match find::<Element>(&prompt, "[data-reauth=passkey]") {
        Some(button) if !webauthn::available() => button.remove(),
        Some(_) => {
            let (form, prompt_) = (form.clone(), prompt.clone());
            on(&prompt, "[data-reauth=passkey]", "click", move |_| {
                let (form, prompt) = (form.clone(), prompt_.clone());
                leptos::task::spawn_local(async move {
                    let result = ceremony(
                        super::authed(account_api::reauth_passkey_begin).await,
                        false,
                        async |ceremony: String, credential: String| {
                            super::authed(move || account_api::reauth_passkey(ceremony.clone(), credential.clone())).await
                        },
                    )
                    .await;
                    match result {
                        Ok(Some(_)) => reauth_answered(&form, &prompt, None),
                        Ok(None) => {}
                        Err(err) => reauth_answered(&form, &prompt, Some(err)),
                    }
                });
            });
        }
        None => {}
    }
}

fn reauth_answered(form: &HtmlFormElement, prompt: &Element, error: Option<AuthError>) {
    let _ = prompt.remove_attribute("data-busy");
    match error {
        None => {
            prompt.remove();
            let _ = form.request_submit();
        }
        Some(err) => {
            if let Some(slot) = find::<Element>(prompt, ".field-error") {
                slot.set_text_content(Some(&err.message));
            }
        }
    }
}

/// Runs `handler` on `event` of the element under `root` matching `selector`.
fn on(root: &Element, selector: &str, event: &str, handler: impl Fn(web_sys::Event) + 'static) {
    if let Some(el) = find::<Element>(root, selector) {
        let closure = Closure::<dyn Fn(web_sys::Event)>::new(handler);
        let _ = el.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        closure.forget();
    }
}

/// One passkey ceremony: the server's challenge (`begin`), the browser's
/// passkey (a new one when `create`), and `finish` with the ceremony's id
/// and the browser's answer. `None` when this page aborted it.
async fn ceremony<T, Fut>(
    begin: Result<crate::auth::PasskeyChallenge, AuthError>,
    create: bool,
    finish: impl FnOnce(String, String) -> Fut,
) -> Result<Option<T>, AuthError>
where
    Fut: std::future::Future<Output = Result<T, AuthError>>,
{
    let challenge = begin?;
    let answer = if create { webauthn::create(&challenge.options).await } else { webauthn::get(&challenge.options).await };
    match answer {
        Ok(credential) => finish(challenge.ceremony, credential).await.map(Some),
        Err(webauthn::Refusal::Aborted) => Ok(None),
        Err(webauthn::Refusal::Said(message)) => Err(AuthError::invalid(BROWSER_REFUSAL_FIELD, message)),
    }
}

/// `?next=` of this page, if it is a same-site path.
fn next_param() -> Option<String> {
    let search = leptos::prelude::window().location().search().ok()?;
    safe_next(web_sys::UrlSearchParams::new_with_str(&search).ok()?.get("next").as_deref())
}

/// Signed in: tell the other tabs, and load `next`.
fn signed_in(next: &str) {
    tabs::announce_signed_in();
    leave(next);
}

/// Signed in by a passkey: on to this page's `?next=`, or the account.
fn signed_in_by_passkey(_: SessionInfo) {
    signed_in(&next_param().unwrap_or_else(|| routes::ACCOUNT.into()));
}

fn passkey_error(button: &Element, err: Option<&AuthError>) {
    if let Some(slot) = button.parent_element().and_then(|p| find::<Element>(&p, "[data-testid=passkey-error]")) {
        slot.set_text_content(err.map(|e| e.message.as_str()));
    }
}

/// Shows the passkey buttons this browser can use (the server renders them
/// invisible), and gives them their ceremonies.
fn passkey_buttons() {
    let document = leptos::prelude::document();
    if !webauthn::available() {
        return;
    }
    let Some(html) = document.document_element() else { return };
    for el in all::<Element>(&html, ".passkey-waiting") {
        let _ = el.class_list().remove_1("passkey-waiting");
    }
    if let Some(form) = find::<HtmlFormElement>(&html, "form[data-passkey-add]") {
        form.set_hidden(false);
        if let Ok(Some(note)) = document.query_selector("[data-testid=passkeys-need-script]") {
            note.remove();
        }
    }
    if let Ok(Some(button)) = document.query_selector("[data-passkey=sign-in]") {
        let on_click = Closure::<dyn Fn()>::new({
            let button = button.clone();
            move || leptos::task::spawn_local(sign_in_with_button(button.clone()))
        });
        let _ = button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
        leptos::task::spawn_local(async move {
            if webauthn::autofill_available().await {
                autofill(button).await;
            }
        });
    }
    if let Ok(Some(button)) = document.query_selector("[data-passkey=second-step]") {
        let on_click = Closure::<dyn Fn()>::new({
            let button = button.clone();
            move || {
                let button = button.clone();
                leptos::task::spawn_local(async move {
                    disable(&button, true);
                    passkey_error(&button, None);
                    let next = next_param();
                    let result = ceremony(api::second_factor_passkey_begin().await, false, move |c, credential| {
                        api::second_factor_passkey(c, credential, next)
                    })
                    .await;
                    disable(&button, false);
                    match result {
                        Ok(Some(info)) => signed_in_by_passkey(info),
                        Ok(None) => {}
                        Err(err) => passkey_error(&button, Some(&err)),
                    }
                });
            }
        });
        let _ = button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
    }
}

fn disable(button: &Element, disabled: bool) {
    if let Some(b) = button.dyn_ref::<HtmlButtonElement>() {
        b.set_disabled(disabled);
    }
}

async fn sign_in_passkey(autofill: bool) -> Result<Option<SessionInfo>, AuthError> {
    let next = next_param();
    ceremony(api::passkey_begin(autofill).await, false, move |c, credential| api::passkey_finish(c, credential, next)).await
}

thread_local! {
    /// Whether the sign-in page's passkey button has a request open.
    static BUTTON_BUSY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The sign-in page's passkey button. Its request takes the autofill's
/// place (aborting it); once it ends without signing in, the autofill is
/// offered again.
async fn sign_in_with_button(button: Element) {
    BUTTON_BUSY.set(true);
    disable(&button, true);
    let pending = button.text_content();
    button.set_text_content(Some(&super::text(|t| &t.passkey_waiting)));
    passkey_error(&button, None);
    let result = sign_in_passkey(false).await;
    BUTTON_BUSY.set(false);
    disable(&button, false);
    button.set_text_content(pending.as_deref());
    match result {
        Ok(Some(info)) => signed_in_by_passkey(info),
        Ok(None) => {}
        Err(err) => {
            passkey_error(&button, Some(&err));
            let refused_to_begin = err.reason == Some(Reason::PasskeysUnavailable) || err.code == ErrorCode::RateLimited;
            if !refused_to_begin && webauthn::autofill_available().await {
                autofill(button).await;
            }
        }
    }
}

/// The e-mail field's autofill: a passkey the browser offers there signs
/// in at once. A passkey the server refused at its finish (its ceremony is
/// spent) is followed by a fresh request, a bounded number of times per
/// visit; a request the server declined to begin is not repeated. What
/// the browser says of it (the user looked away) is not worth a word.
async fn autofill(button: Element) {
    for _ in 0..10 {
        // The button's request has the browser now: it re-arms this when done.
        if BUTTON_BUSY.get() {
            return;
        }
        match sign_in_passkey(true).await {
            Ok(Some(info)) => return signed_in_by_passkey(info),
            Ok(None) => return,
            Err(err) if err.reason == Some(Reason::PasskeysUnavailable) || err.code == ErrorCode::RateLimited => return,
            Err(err) => {
                if err.field.as_deref() != Some(BROWSER_REFUSAL_FIELD) {
                    passkey_error(&button, Some(&err));
                }
                if err.code != ErrorCode::Unauthorized && err.field.as_deref() != Some("passkey") {
                    return;
                }
            }
        }
    }
}

/// The account page's "Add a passkey": a new passkey in this browser,
/// named by the form; the recovery codes of a first second factor are
/// shown this once.
async fn add_passkey(form: HtmlFormElement) {
    let Some(button) = find::<HtmlButtonElement>(&form, "button[type=submit]") else { return };
    if button.disabled() {
        return;
    }
    let label = button.text_content();
    button.set_disabled(true);
    button.set_text_content(Some(&super::text(|t| &t.passkey_device)));
    let name = find::<HtmlInputElement>(&form, "input[name=name]").map(|i| i.value()).unwrap_or_default();
    let result: Result<Option<PasskeyAdded>, AuthError> = ceremony(super::authed(account_api::passkey_register_begin).await, true, async |c, credential| {
        super::authed(move || account_api::passkey_register(c.clone(), credential.clone(), name.clone())).await
    })
    .await;
    button.set_disabled(false);
    button.set_text_content(label.as_deref());
    match result {
        Ok(Some(added)) => {
            go_on(routes::ACCOUNT, section_of(&form)).await;
            if let Some(codes) = added.recovery_codes {
                show_codes("passkeys", &codes);
            }
        }
        Ok(None) => {}
        Err(err) if err.code == ErrorCode::ReauthRequired => open_reauth(&form),
        Err(err) => {
            if let Ok(Some(slot)) = leptos::prelude::document().query_selector("#passkeys [data-testid=passkey-error]") {
                slot.set_text_content(Some(&err.message));
            }
        }
    }
}

/// Shows the times of swapped-in content in the visitor's zone, as the
/// page's own inline script did for the first content (`app::LOCAL_TIMES`).
fn local_times(root: &Element) {
    let window = leptos::prelude::window();
    if let Ok(f) = js_sys::Reflect::get(&window, &"keycardTimes".into())
        && let Some(f) = f.dyn_ref::<js_sys::Function>()
    {
        let _ = f.call1(&window, root);
    }
}

/// Leaves the page with a full load, so every bit of signed-in state is
/// read again (or goes).
fn leave(to: &str) {
    let _ = leptos::prelude::window().location().assign(to);
}
