//! The header and footer around every page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    current_user::CurrentUser,
    i18n::{Lang, lang, t},
};

#[component]
pub fn Header() -> impl IntoView {
    let current = expect_context::<CurrentUser>();
    view! {
        <a class="skip-link" href="#main">{t("skip-to-content")}</a>
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "keycard"
            </A>
            <nav aria-label=t("nav-label")>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match current.0.await {
                            Some(me) => view! {
                                <span class="nav-user" title=t("nav-signed-in")>{me.user.email}</span>
                                <A href=crate::routes::ACCOUNT attr:class="button button-ghost">{t("nav-account")}</A>
                            }.into_any(),
                            None => view! {
                                <A href=crate::routes::LOGIN attr:class="button button-ghost">{t("nav-sign-in")}</A>
                                <A href=crate::routes::REGISTER attr:class="button">{t("nav-create-account")}</A>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </nav>
        </header>
    }
}

/// What keycard is, its public keys, and the language picker: a plain
/// form, so it works without JavaScript (`server::http::language`).
#[component]
pub fn Footer() -> impl IntoView {
    let current = lang();
    view! {
        <footer class="site-footer">
            <p>{t("footer-about")}</p>
            <p><a href="/.well-known/jwks.json">{t("footer-keys")}</a></p>
            <form method="post" action=crate::routes::LANGUAGE class="language-picker" data-testid="language-picker">
                <input type="hidden" name="back" value=crate::pages::here()/>
                <label for="language">{t("footer-language")}</label>
                <select id="language" name="lang">
                    {Lang::ALL.map(|l| view! {
                        <option value=l.code() lang=l.code() selected=l == current>{l.name()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button button-ghost">{t("footer-language-change")}</button>
            </form>
        </footer>
    }
}
