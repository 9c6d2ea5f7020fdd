//! Form building blocks shared by every page, after the NHS and GOV.UK design
//! systems: each composes label, hint and error message, and ids `{id}-hint` and
//! `{id}-error` feed `aria-describedby`.

mod back_link;
mod checkbox;
pub mod date_input;
mod error_message;
mod error_summary;
mod page_form;
mod radios;
mod service_logo;
mod text_input;
mod urgent_help;

pub use back_link::BackLink;
pub use checkbox::Checkbox;
pub use date_input::DateInput;
pub use error_message::ErrorMessage;
pub use error_summary::{ErrorSummary, PageError};
pub use page_form::PageForm;
pub use radios::{RadioOption, Radios};
pub use service_logo::ServiceLogo;
pub use text_input::TextInput;
pub use urgent_help::UrgentHelp;

/// A fieldset's legend: the page's heading (with an optional caption above it)
/// when the fieldset is the page's one question, else a medium-sized legend.
pub(crate) fn fieldset_legend(
    text: String,
    is_page_heading: bool,
    caption: Option<String>,
) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    if is_page_heading {
        view! {
            <legend class="th-fieldset__legend th-fieldset__legend--l">
                {caption.map(|c| view! { <span class="th-caption">{c}</span> })}
                <h1 class="th-fieldset__heading" tabindex="-1">{text}</h1>
            </legend>
        }
        .into_any()
    } else {
        view! { <legend class="th-fieldset__legend th-fieldset__legend--m">{text}</legend> }
            .into_any()
    }
}

/// `aria-describedby` for a field with an optional hint and error.
pub(crate) fn described_by(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let ids: Vec<String> = [(has_hint, "hint"), (has_error, "error")]
        .into_iter()
        .filter(|(present, _)| *present)
        .map(|(_, suffix)| format!("{id}-{suffix}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}
