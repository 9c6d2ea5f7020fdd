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
    let parts = [
        (DatePart::Day, "day", "bday-day", "th-input--width-2", 0),
        (
            DatePart::Month,
            "month",
            "bday-month",
            "th-input--width-2",
            1,
        ),
        (DatePart::Year, "year", "bday-year", "th-input--width-4", 2),
    ];
    let [day, month, year] = labels;
    let labels = [day, month, year];
    let inputs = parts
        .into_iter()
        .map(|(part, suffix, autocomplete, width, index)| {
            let input_id = format!("{id}-{suffix}");
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
