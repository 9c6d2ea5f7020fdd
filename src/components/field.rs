//! What form fields compose besides their inputs: a fieldset's legend, and
//! the ids that `aria-describedby` names.

use leptos::prelude::*;

/// A fieldset's legend: the page's heading (with an optional caption above it)
/// when the fieldset is the page's one question, else a medium-sized legend.
pub(crate) fn fieldset_legend(
    text: String,
    is_page_heading: bool,
    caption: Option<String>,
) -> AnyView {
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
