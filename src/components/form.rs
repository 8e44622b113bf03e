//! Form fields with labels, inline errors and accessible descriptions.

use leptos::{html, prelude::*};

/// A labelled input. `error` is shown under the field and linked to it with
/// `aria-describedby`, so screen readers announce it with the field.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    /// The input's id, when two forms of a page have a field of one name.
    #[prop(optional)]
    id: Option<&'static str>,
    /// For a form that reads its fields itself (the account page's).
    #[prop(optional)]
    node_ref: Option<NodeRef<html::Input>>,
) -> impl IntoView {
    let id = id.map_or_else(|| format!("field-{name}"), str::to_owned);
    let node_ref = node_ref.unwrap_or_default();
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=error_id.clone()
                node_ref=node_ref
            />
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}

/// A password input with a show/hide toggle. The toggle needs the hydrated
/// client; without JavaScript the field works as a plain password input.
#[component]
pub fn PasswordField(
    name: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let visible = RwSignal::new(false);
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_some() { format!("{hint_id} {error_id}") } else { error_id.clone() };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <div class="password-input">
                <input
                    id=id.clone()
                    name=name
                    type=move || if visible.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    required
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=described
                />
                <button
                    type="button"
                    class="password-toggle"
                    aria-controls=id
                    aria-pressed=move || if visible.get() { "true" } else { "false" }
                    on:click=move |_| visible.update(|v| *v = !*v)
                >
                    {move || if visible.get() { "Hide" } else { "Show" }}
                </button>
            </div>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}
