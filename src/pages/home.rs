use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::current_user::CurrentUser;

#[component]
pub fn HomePage() -> impl IntoView {
    let current = expect_context::<CurrentUser>();
    view! {
        <Title text="Sign-in that stays out of the way"/>
        <section class="hero">
            <p class="eyebrow">"Authentication for Rust web apps"</p>
            <h1>"Sign in once. Stay signed in. Stay safe."</h1>
            <p class="lead">
                "keycard keeps you signed in across tabs and restarts without ever handing a token to JavaScript: "
                "short-lived access tokens, rotating refresh tokens, and a client that renews them quietly before they run out."
            </p>
            <div class="hero-actions">
                <Transition fallback=|| view! { <A href=crate::routes::LOGIN attr:class="button button-large">"Sign in"</A> }>
                    {move || Suspend::new(async move {
                        match current.0.await {
                            Some(me) => view! {
                                <A href=crate::routes::ACCOUNT attr:class="button button-large">"Go to your account"</A>
                                <p class="hero-note">"Signed in as " <strong>{me.user.email}</strong></p>
                            }.into_any(),
                            None => view! {
                                <A href=crate::routes::REGISTER attr:class="button button-large">"Create an account"</A>
                                <A href=crate::routes::LOGIN attr:class="button button-large button-ghost">"Sign in"</A>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
        <section class="features" aria-label="What keycard does">
            <article class="card">
                <h2>"Passwords done properly"</h2>
                <p>"argon2id at OWASP cost, checked against a strength estimator, never truncated, and re-hashed when the cost goes up."</p>
            </article>
            <article class="card">
                <h2>"Tokens JavaScript never sees"</h2>
                <p>"A 15-minute EdDSA access token and a rotating refresh token, both in HttpOnly, SameSite cookies."</p>
            </article>
            <article class="card">
                <h2>"Replays caught"</h2>
                <p>"Each refresh token works once. A stolen one used again ends the whole session, and you see it in your activity."</p>
            </article>
            <article class="card">
                <h2>"Quietly signed in"</h2>
                <p>"Pages renew the session before rendering, and open tabs renew it together, so nobody is signed out by accident."</p>
            </article>
        </section>
    }
}
