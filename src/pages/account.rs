use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::{app::CurrentUser, auth::api::Logout};

#[component]
pub fn AccountPage() -> impl IntoView {
    let current = expect_context::<CurrentUser>();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            crate::auth::announce_signed_out();
            current.refetch();
            use_navigate()("/login?reason=signed_out", Default::default());
        }
    });

    view! {
        <Title text="Your account"/>
        <section class="panel">
            <Suspense fallback=|| view! { <p>"Loading your account…"</p> }>
                {move || Suspend::new(async move {
                    match current.0.await {
                        Some(me) => view! {
                            <h1>"Your account"</h1>
                            <dl class="facts">
                                <dt>"E-mail"</dt>
                                <dd data-testid="account-email">{me.user.email}</dd>
                            </dl>
                            <ActionForm action=logout attr:class="inline-form">
                                <button type="submit" class="button button-ghost">"Sign out"</button>
                            </ActionForm>
                        }.into_any(),
                        None => view! {
                            <h1>"Your account"</h1>
                            <p>"You are not signed in. " <a href="/login?next=%2Faccount">"Sign in"</a></p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
