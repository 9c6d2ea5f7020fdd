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
mod text_input;
mod urgent_help;

pub use back_link::BackLink;
pub use checkbox::Checkbox;
pub use date_input::DateInput;
pub use error_message::ErrorMessage;
pub use error_summary::{ErrorSummary, PageError};
pub use page_form::PageForm;
pub use radios::{RadioOption, Radios};
pub use text_input::TextInput;
pub use urgent_help::UrgentHelp;

/// `aria-describedby` for a field with an optional hint and error.
pub(crate) fn described_by(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let ids: Vec<String> = [(has_hint, "hint"), (has_error, "error")]
        .into_iter()
        .filter(|(present, _)| *present)
        .map(|(_, suffix)| format!("{id}-{suffix}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}
