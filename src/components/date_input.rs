//! Day, month and year in a fieldset (clinical-reference.md §9: three fields,
//! autocomplete bday-day / bday-month / bday-year).

use super::error_message::ErrorMessage;
use super::field::{described_by, fieldset_legend};
use leptos::prelude::*;

/// Which part of the date an input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    Day,
    Month,
    Year,
}

/// Each input in page order: the part it holds, its id's suffix, its
/// `autocomplete` and its width class. The build's plain-HTML copy of the
/// date-of-birth page (crates/prerender) writes the same.
pub const PARTS: [(DatePart, &str, &str, &str); 3] = [
    (DatePart::Day, "day", "bday-day", "th-input--width-2"),
    (DatePart::Month, "month", "bday-month", "th-input--width-2"),
    (DatePart::Year, "year", "bday-year", "th-input--width-4"),
];

/// The day, month and year inputs' ids in the date input `id`.
pub fn input_ids(id: &str) -> [String; 3] {
    PARTS.map(|(_, suffix, ..)| input_id(id, suffix))
}

fn input_id(id: &str, suffix: &str) -> String {
    format!("{id}-{suffix}")
}

#[component]
pub fn DateInput(
    /// The fieldset's id; the day input's id is `{id}-day` and the summary links to it.
    id: String,
    legend: String,
    #[prop(optional)] is_page_heading: bool,
    #[prop(optional, into)] hint: Option<String>,
    /// Labels for day, month and year.
    labels: [String; 3],
    #[prop(into)] values: Signal<[String; 3]>,
    on_input: Callback<(DatePart, String)>,
    #[prop(into)] error: Signal<Option<String>>,
    /// On a shared device (clinic mode's tablet) the browser must not offer
    /// the last patient's answers: `autocomplete="off"` instead of the
    /// birthday's parts.
    #[prop(optional)]
    shared_device: bool,
) -> impl IntoView {
    let has_hint = hint.is_some();
    let describe_id = id.clone();
    let error_id = id.clone();
    let inputs = PARTS
        .into_iter()
        .enumerate()
        .map(|(index, (part, suffix, autocomplete, width))| {
            let input_id = input_id(&id, suffix);
            view! {
                <div class="th-date-input__item">
                    <label class="th-label th-date-input__label" for=input_id.clone()>{labels[index].clone()}</label>
                    <input
                        class=format!("th-input th-date-input__input {width}")
                        class:th-input--error=move || error.read().is_some()
                        id=input_id.clone()
                        name=input_id
                        type="text"
                        inputmode="numeric"
                        autocomplete=if shared_device { "off" } else { autocomplete }
                        prop:value=move || values.read()[index].clone()
                        on:input:target=move |ev| on_input.run((part, ev.target().value()))
                    />
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="th-form-group" class:th-form-group--error=move || error.read().is_some()>
            <fieldset
                class="th-fieldset"
                role="group"
                aria-describedby=move || described_by(&describe_id, has_hint, error.read().is_some())
            >
                {fieldset_legend(legend, is_page_heading, None)}
                {hint.map(|h| view! { <div class="th-hint" id=format!("{}-hint", id)>{h}</div> })}
                {move || error.get().map(|message| view! { <ErrorMessage id=error_id.clone() message/> })}
                <div class="th-date-input" id=id.clone()>{inputs}</div>
            </fieldset>
        </div>
    }
}
