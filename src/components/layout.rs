//! The header and footer around every page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::current_user::CurrentUser;

#[component]
pub fn Header() -> impl IntoView {
    let current = expect_context::<CurrentUser>();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "keycard"
            </A>
            <nav aria-label="Main">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match current.0.await {
                            Some(me) => view! {
                                <span class="nav-user" title="Signed in">{me.user.email}</span>
                                <A href=crate::routes::ACCOUNT attr:class="button button-ghost">"Account"</A>
                            }.into_any(),
                            None => view! {
                                <A href=crate::routes::LOGIN attr:class="button button-ghost">"Sign in"</A>
                                <A href=crate::routes::REGISTER attr:class="button">"Create account"</A>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </nav>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"keycard — argon2id passwords, short-lived EdDSA access tokens, rotating refresh tokens in HttpOnly cookies."</p>
            <p><a href="/.well-known/jwks.json">"Public signing keys (JWKS)"</a></p>
        </footer>
    }
}
