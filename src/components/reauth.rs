//! "Confirm it's you": what a sensitive change shows when the server answers
//! `reauth_required` (docs/security.md, "Two-step sign-in and confirming it's you").

use leptos::prelude::*;

use crate::i18n::t;

/// The prompt the script opens under the refused form (from a
/// `<template>`: see `client::forms`); once the password (or a passkey,
/// when the server offers them: `passkeys`) is confirmed, the change is
/// sent again with what the form still holds, so nothing typed is lost.
#[component]
pub fn ReauthPrompt(passkeys: bool) -> impl IntoView {
    view! {
        <div class="reauth" role="group" aria-labelledby="reauth-title" data-testid="reauth">
            <p class="reauth-title" id="reauth-title">
                <strong>{t("reauth-title-sentence")}</strong>
                " "
                {if passkeys { t("reauth-why-passkeys") } else { t("reauth-why") }}
            </p>
            <div class="field">
                <label for="reauth-prompt-password">{t("reauth-password")}</label>
                <input id="reauth-prompt-password" type="password" autocomplete="current-password" aria-describedby="reauth-prompt-error"/>
                <p class="field-error" id="reauth-prompt-error" role="alert"></p>
            </div>
            <div class="reauth-actions">
                <button type="button" class="button" data-reauth="confirm">{t("reauth-confirm-continue")}</button>
                {passkeys.then(|| view! {
                    <button type="button" class="button button-ghost" data-testid="reauth-passkey" data-reauth="passkey">{t("reauth-passkey")}</button>
                })}
                <button type="button" class="button button-ghost" data-reauth="cancel">{t("cancel")}</button>
            </div>
        </div>
    }
}

/// The same confirmation as a plain form, for a page loaded without
/// JavaScript after a refused change (`?error=reauth_required`) or a
/// refused confirmation (`?reauth=1`).
#[component]
pub fn ReauthForm(error: Option<String>) -> impl IntoView {
    view! {
        <section class="panel reauth" aria-labelledby="reauth-form-title" data-testid="reauth-form">
            <h2 id="reauth-form-title">{t("reauth-title")}</h2>
            <p>{t("reauth-form-text")}</p>
            <form class="form" method="post" action="/api/account/reauth">
                <div class="field">
                    <label for="reauth-password">{t("reauth-password")}</label>
                    <input id="reauth-password" name="password" type="password" autocomplete="current-password" required/>
                    <p class="field-error" role="alert">{error}</p>
                </div>
                <button type="submit" class="button">{t("reauth-confirm")}</button>
            </form>
        </section>
    }
}
