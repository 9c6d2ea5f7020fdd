//! The pages of clinic mode: the nurse's own pages, and the hand-overs
//! between nurse and patient. The patient's pages are the self-referral ones.
//! Built only with the `clinic` feature (into clinic.html): the patients'
//! pages refuse a clinic configuration, so they never reach these steps.

#[cfg(feature = "clinic")]
mod clinician_details;
#[cfg(feature = "clinic")]
mod cutoff;
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
