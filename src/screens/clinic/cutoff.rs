//! A screen's result against its cut-off, in words for the nurse.

use crate::locale::Locale;
use crate::screens::severity::severity_key;
use leptos::prelude::*;
use screening::{Catalogue, ScoredResult};

/// For the nurse: "9 out of 12: at or above the cut-off of 6." (with the
/// severity band after the maximum, for instruments that have bands).
pub fn cutoff_sentence(locale: &Locale, catalogue: &Catalogue, result: &ScoredResult) -> String {
    let severity = result
        .severity
        .map(|s| format!(" ({})", locale.text(severity_key(s))))
        .unwrap_or_default();
    let key = if result.caseness.met {
        "clinic.screen.met"
    } else {
        "clinic.screen.not_met"
    };
    locale.text_with(
        key,
        &[
            ("total", &result.total.to_string()),
            (
                "max",
                &catalogue.get(result.instrument).max_total().to_string(),
            ),
            ("severity", &severity),
            ("cutoff", &result.caseness.cutoff.to_string()),
        ],
    )
}

/// Under a COPD or cardiac result: their cut-off is borrowed from the
/// diabetes screen (DDS2) and not validated for them (clinical-reference.md
/// §2), so the nurse is told. Nothing for a validated cut-off.
pub fn unvalidated_cutoff_note(
    locale: &Locale,
    catalogue: &Catalogue,
    result: &ScoredResult,
) -> Option<impl IntoView + use<>> {
    let instrument = catalogue.get(result.instrument);
    (!instrument.cutoff_validated).then(|| {
        let key = [
            "clinic.screen.cutoff_not_validated.",
            result.instrument.as_str(),
        ]
        .concat();
        view! { <span class="th-hint">{locale.text(&key)}</span> }
    })
}
