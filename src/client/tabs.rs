//! Coordination between tabs of one browser.
//!
//! A Web Lock (`navigator.locks`) serialises refreshes: one tab refreshes, the
//! others wait and then find the clock already moved on by the broadcast. A
//! `BroadcastChannel` tells every tab about refreshes, sign-in and sign-out.
//! Where Web Locks are missing, tabs refresh independently and the server's
//! grace window keeps them from tripping reuse detection.

use std::{cell::RefCell, future::Future, pin::Pin, rc::Rc};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue, prelude::*};
use wasm_bindgen_futures::{JsFuture, future_to_promise};
use web_sys::{BroadcastChannel, MessageEvent};

use crate::auth::{SessionInfo, api};

const CHANNEL: &str = "keycard-auth";
const LOCK: &str = "keycard-refresh";

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Message {
    Refreshed {
        access_expires_at: i64,
        server_time_ms: i64,
        /// Bound to this browser's key: renewed by the browser (see `expiry`).
        #[serde(default)]
        bound: bool,
    },
    SignedIn,
    SignedOut,
}

thread_local! {
    static CHANNEL_HANDLE: RefCell<Option<BroadcastChannel>> = const { RefCell::new(None) };
}

#[wasm_bindgen]
extern "C" {
    type LockManager;
    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, callback: &js_sys::Function) -> js_sys::Promise;
}

fn lock_manager() -> Option<LockManager> {
    let locks = js_sys::Reflect::get(&window().navigator(), &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}

/// Runs `work` while holding the cross-tab refresh lock (or directly, where
/// the browser has no Web Locks or refuses the request).
pub async fn with_refresh_lock<T: 'static>(work: impl Future<Output = T> + 'static) -> T {
    let pending: Rc<RefCell<Option<Pin<Box<dyn Future<Output = T>>>>>> = Rc::new(RefCell::new(Some(Box::pin(work))));
    let result = Rc::new(RefCell::new(None));
    if let Some(locks) = lock_manager() {
        let (work, slot) = (pending.clone(), result.clone());
        let callback = Closure::once(move |_lock: JsValue| -> js_sys::Promise {
            let work = work.borrow_mut().take();
            future_to_promise(async move {
                if let Some(work) = work {
                    let value = work.await;
                    *slot.borrow_mut() = Some(value);
                }
                Ok(JsValue::UNDEFINED)
            })
        });
        let _ = JsFuture::from(locks.request(LOCK, callback.as_ref().unchecked_ref())).await;
    }
    if let Some(value) = result.borrow_mut().take() {
        return value;
    }
    let work = pending.borrow_mut().take().expect("the refresh runs exactly once");
    work.await
}

fn post(message: &Message) {
    CHANNEL_HANDLE.with(|c| {
        if let (Some(channel), Ok(text)) = (c.borrow().as_ref(), serde_json::to_string(message)) {
            let _ = channel.post_message(&JsValue::from_str(&text));
        }
    });
}

pub fn announce_refreshed(info: &SessionInfo) {
    post(&Message::Refreshed { access_expires_at: info.access_expires_at, server_time_ms: info.server_time_ms, bound: info.bound });
}

pub fn announce_signed_in() {
    post(&Message::SignedIn);
}

pub fn announce_signed_out() {
    post(&Message::SignedOut);
}

/// Another tab signed in. This page was rendered for `signed_in_as`: for
/// the same user it only follows the new session's clock; for nobody or
/// someone else, its content is out of date and it loads again (what was
/// typed on a signed-out page is worth less than showing the right account).
async fn signed_in_elsewhere(signed_in_as: Option<String>) {
    let Ok(info) = api::me().await else { return };
    if signed_in_as.as_deref() == Some(info.user.id.as_str()) {
        super::learned(&info);
    } else {
        let _ = window().location().reload();
    }
}

/// Subscribes this tab to the others' news. `signed_in_as` is the user the
/// page was rendered for.
pub fn listen(signed_in_as: Option<String>) {
    let Ok(channel) = BroadcastChannel::new(CHANNEL) else { return };
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else { return };
        let Ok(message) = serde_json::from_str::<Message>(&text) else { return };
        match message {
            Message::Refreshed { access_expires_at, server_time_ms, bound } => {
                super::expiry::set(access_expires_at, server_time_ms, bound);
                super::schedule();
            }
            Message::SignedOut => super::session_ended(crate::auth::SessionEnd::SignedOut),
            Message::SignedIn => {
                let path = window().location().pathname().unwrap_or_default();
                if crate::routes::is_guest_only(&path) {
                    let _ = window().location().assign(crate::routes::ACCOUNT);
                } else {
                    let signed_in_as = signed_in_as.clone();
                    leptos::task::spawn_local(async move { signed_in_elsewhere(signed_in_as).await });
                }
            }
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    CHANNEL_HANDLE.with(|c| *c.borrow_mut() = Some(channel));
}
