//! An example of a page of your own behind keycard: `/account/example`.
//!
//! Being under `/account` in the routes table (`crate::routes`) is all the
//! protection it needs: the page middleware refreshes an expired access token
//! before rendering and sends signed-out visitors to sign in, as for the
//! account page. Its server function reads the signed-in user with
//! `ctx.active_user()`, which also checks that the session is still live, and
//! passes the same cross-site check as every other `POST`. In the browser,
//! `authed` refreshes and retries once when the access token has expired.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{auth::AuthError, i18n::t, keeper::authed};

/// A greeting for the signed-in user.
#[server(prefix = "/api", endpoint = "example/greeting")]
pub async fn greeting() -> Result<String, AuthError> {
    let ctx = crate::server::http::request::RequestContext::current()?;
    let user = ctx.active_user().await?;
    use crate::i18n::{Arg, t_with};
    Ok(t_with("example-greeting", &[("email", Arg::from(user.email.as_str()))]))
}

#[component]
pub fn ExamplePage() -> impl IntoView {
    view! {
        <Title text=t("example-title")/>
        <Greeting title=t("example-title") loading=t("example-loading")/>
    }
}

/// An island: its call goes through `authed` in the browser too. Its words
/// come as props, in the page's language: the browser has no catalogue.
#[island]
fn Greeting(title: String, loading: String) -> impl IntoView {
    let greeting = Resource::new(|| (), |_| authed(greeting));
    view! {
        <section class="panel narrow">
            <h1>{title}</h1>
            <Suspense fallback=move || view! { <p>{loading.clone()}</p> }>
                {move || Suspend::new(async move {
                    match greeting.await {
                        Ok(text) => view! { <p data-testid="greeting">{text}</p> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
