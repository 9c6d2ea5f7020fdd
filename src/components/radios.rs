//! Radios in a fieldset, with the question as the legend.

use super::error_message::ErrorMessage;
use super::field::{described_by, fieldset_legend};
use leptos::prelude::*;

/// One choice: the value recorded and the label shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RadioOption {
    pub value: String,
    pub label: String,
}

impl RadioOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        RadioOption {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// The first radio's id is `id` itself, so the error summary can link to it;
/// the others are `{id}-2`, `{id}-3`...
#[component]
pub fn Radios(
    id: String,
    legend: String,
    /// The legend is the page's heading (one question per page).
    #[prop(optional)]
    is_page_heading: bool,
    /// A line above the heading, such as "Question 3 of 9".
    #[prop(optional, into)]
    caption: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<RadioOption>,
    #[prop(into)] selected: Signal<Option<String>>,
    on_select: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// Shown side by side (for short answers such as Yes / No).
    #[prop(optional)]
    inline: bool,
) -> impl IntoView {
    let has_hint = hint.is_some();
    let describe_id = id.clone();
    let error_id = id.clone();
    let legend_view = fieldset_legend(legend, is_page_heading, caption);
    let items = options
        .into_iter()
        .enumerate()
        .map(|(index, option)| {
            let input_id = if index == 0 { id.clone() } else { format!("{id}-{}", index + 1) };
            let value = option.value.clone();
            let checked_value = option.value.clone();
            view! {
                <div class="th-radios__item">
                    <input
                        class="th-radios__input"
                        id=input_id.clone()
                        name=id.clone()
                        type="radio"
                        value=option.value
                        prop:checked=move || selected.read().as_deref() == Some(checked_value.as_str())
                        on:change=move |_| on_select.run(value.clone())
                    />
                    <label class="th-label th-radios__label" for=input_id>{option.label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="th-form-group" class:th-form-group--error=move || error.read().is_some()>
            <fieldset
                class="th-fieldset"
                aria-describedby=move || described_by(&describe_id, has_hint, error.read().is_some())
            >
                {legend_view}
                {hint.map(|h| view! { <div class="th-hint" id=format!("{}-hint", id)>{h}</div> })}
                {move || error.get().map(|message| view! { <ErrorMessage id=error_id.clone() message/> })}
                <div class="th-radios" class:th-radios--inline=inline>{items}</div>
            </fieldset>
        </div>
    }
}
