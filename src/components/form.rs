//! Form fields with labels, inline errors and accessible descriptions,
//! rendered on the server. In the browser, `client::forms` writes the
//! errors of a refused form into the same places.

use leptos::prelude::*;

use crate::i18n::t;

/// A labelled input. `error` is shown under the field and linked to it with
/// `aria-describedby`, so screen readers announce it with the field.
#[component]
pub fn Field(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(default = None)] error: Option<String>,
    /// The input's id, when two forms of a page have a field of one name.
    #[prop(optional)]
    id: Option<&'static str>,
    /// The keyboard a phone shows (`numeric` for a code of digits).
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let id = id.map_or_else(|| format!("field-{name}"), str::to_owned);
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                inputmode=inputmode
                autocomplete=autocomplete
                required
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=error_id.clone()
            />
            <p class="field-error" id=error_id role="alert">{error}</p>
        </div>
    }
}

/// A password input with a show/hide toggle. The toggle needs the page's
/// script (`client::forms`); without it the field is a plain password input.
#[component]
pub fn PasswordField(
    name: &'static str,
    #[prop(into)] label: String,
    autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = None)] error: Option<String>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_some() { format!("{hint_id} {error_id}") } else { error_id.clone() };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <div class="password-input">
                <input
                    id=id.clone()
                    name=name
                    type="password"
                    autocomplete=autocomplete
                    required
                    aria-invalid=error.is_some().then_some("true")
                    aria-describedby=described
                />
                <button type="button" class="password-toggle" aria-controls=id aria-pressed="false" data-show=t("password-show") data-hide=t("password-hide")>
                    {t("password-show")}
                </button>
            </div>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=error_id role="alert">{error}</p>
        </div>
    }
}
