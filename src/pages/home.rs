use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{current_user::CurrentUser, i18n::t};

#[component]
pub fn HomePage() -> impl IntoView {
    let current = expect_context::<CurrentUser>();
    view! {
        <Title text=t("home-title")/>
        <section class="hero">
            <p class="eyebrow">{t("home-eyebrow")}</p>
            <h1>{t("home-heading")}</h1>
            <p class="lead">{t("home-lead")}</p>
            <div class="hero-actions">
                <Transition fallback=|| view! { <A href=crate::routes::LOGIN attr:class="button button-large">{t("nav-sign-in")}</A> }>
                    {move || Suspend::new(async move {
                        match current.0.await {
                            Some(me) => view! {
                                <A href=crate::routes::ACCOUNT attr:class="button button-large">{t("home-go-to-account")}</A>
                                <p class="hero-note">{t("home-signed-in-as")} " " <strong>{me.user.email}</strong></p>
                            }.into_any(),
                            None => view! {
                                <A href=crate::routes::REGISTER attr:class="button button-large">{t("register-title")}</A>
                                <A href=crate::routes::LOGIN attr:class="button button-large button-ghost">{t("nav-sign-in")}</A>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
        <section class="features" aria-label=t("home-features")>
            {["passwords", "tokens", "replays", "quiet"].map(|card| view! {
                <article class="card">
                    <h2>{t(&format!("home-card-{card}-title"))}</h2>
                    <p>{t(&format!("home-card-{card}-text"))}</p>
                </article>
            }).collect_view()}
        </section>
    }
}
