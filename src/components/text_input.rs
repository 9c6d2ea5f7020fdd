//! A labelled text input with hint and inline error.

use super::error_message::ErrorMessage;
use super::field::described_by;
use leptos::prelude::*;

#[component]
pub fn TextInput(
    id: String,
    label: String,
    /// The label is the page's heading (a page asking just this).
    #[prop(optional)]
    is_page_heading: bool,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// A width class such as "th-input--width-10" for fixed-length answers.
    #[prop(optional)]
    width: Option<&'static str>,
    #[prop(optional)] spellcheck_off: bool,
    /// On a shared device (clinic mode's tablet) the browser must not offer
    /// the last patient's answers: `autocomplete="off"`, whatever
    /// `autocomplete` says.
    #[prop(optional)]
    shared_device: bool,
) -> impl IntoView {
    let has_hint = hint.is_some();
    let autocomplete = if shared_device {
        Some("off")
    } else {
        autocomplete
    };
    let describe_id = id.clone();
    let error_id = id.clone();
    let label_view = if is_page_heading {
        view! {
            <h1 class="th-label-wrapper" tabindex="-1">
                <label class="th-label th-label--l" for=id.clone()>{label}</label>
            </h1>
        }
        .into_any()
    } else {
        view! { <label class="th-label" for=id.clone()>{label}</label> }.into_any()
    };
    view! {
        <div class="th-form-group" class:th-form-group--error=move || error.read().is_some()>
            {label_view}
            {hint.map(|h| view! { <div class="th-hint" id=format!("{}-hint", id)>{h}</div> })}
            {move || error.get().map(|message| view! { <ErrorMessage id=error_id.clone() message/> })}
            <input
                class=format!("th-input {}", width.unwrap_or_default())
                class:th-input--error=move || error.read().is_some()
                id=id.clone()
                name=id.clone()
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck=spellcheck_off.then_some("false")
                aria-describedby=move || described_by(&describe_id, has_hint, error.read().is_some())
                prop:value=move || value.get()
                on:input:target=move |ev| on_input.run(ev.target().value())
            />
        </div>
    }
}
