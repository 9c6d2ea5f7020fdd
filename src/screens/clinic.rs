//! The pages of clinic mode: the nurse's own pages, and the hand-overs
//! between nurse and patient. The patient's pages are the self-referral ones.
//! Built only with the `clinic` feature (into clinic.html): the patients'
//! pages refuse a clinic configuration, so they never reach these steps.

#[cfg(feature = "clinic")]
mod clinician_details;
mod hand_back_button;
#[cfg(feature = "clinic")]
mod hand_over;
#[cfg(feature = "clinic")]
mod next_patient;
#[cfg(feature = "clinic")]
mod referral_status;
#[cfg(feature = "clinic")]
mod risk_answer;
#[cfg(feature = "clinic")]
mod screen_result;
#[cfg(feature = "clinic")]
mod summary;

use crate::flow::Step;
use leptos::prelude::*;

pub use hand_back_button::HandBackButton;

/// The page for one of clinic mode's own steps.
#[cfg(feature = "clinic")]
pub fn page(step: Step) -> AnyView {
    match step {
        Step::ClinicianDetails => view! { <clinician_details::ClinicianDetailsPage/> }.into_any(),
        Step::NextPatient => view! { <next_patient::NextPatientPage/> }.into_any(),
        Step::ScreenResult => view! { <screen_result::ScreenResultPage/> }.into_any(),
        Step::HandToPatient => view! { <hand_over::HandToPatientPage/> }.into_any(),
        Step::HandBack => view! { <hand_over::HandBackPage/> }.into_any(),
        Step::ClinicSummary => view! { <summary::ClinicSummaryPage/> }.into_any(),
        _ => unreachable!("{step:?} is not one of clinic mode's own steps"),
    }
}

/// Without the `clinic` feature no configuration reaches clinic mode's steps.
#[cfg(not(feature = "clinic"))]
pub fn page(_: Step) -> AnyView {
    ().into_any()
}

#[cfg(feature = "clinic")]
use crate::locale::Locale;
#[cfg(feature = "clinic")]
use screening::{Catalogue, ScoredResult};

/// For the nurse: "9 out of 12: at or above the cut-off of 6." (with the
/// severity band after the maximum, for instruments that have bands).
#[cfg(feature = "clinic")]
fn cutoff_sentence(locale: &Locale, catalogue: &Catalogue, result: &ScoredResult) -> String {
    let severity = result
        .severity
        .map(|s| format!(" ({})", locale.text(crate::screens::severity_key(s))))
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
#[cfg(feature = "clinic")]
fn unvalidated_cutoff_note(
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
