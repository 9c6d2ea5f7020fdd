//! The pages of clinic mode: the nurse's own pages, and the hand-overs
//! between nurse and patient. The patient's pages are the self-referral ones.

mod clinician_details;
mod hand_over;
mod next_patient;
mod referral_status;
mod screen_result;
mod summary;

use crate::locale::Locale;
use screening::{Catalogue, ScoredResult};

pub use clinician_details::ClinicianDetailsPage;
pub use hand_over::{HandBackButton, HandBackPage, HandToPatientPage};
pub use next_patient::NextPatientPage;
pub use screen_result::ScreenResultPage;
pub use summary::ClinicSummaryPage;

/// For the nurse: "9 out of 12: at or above the cut-off of 6." (with the
/// severity band after the maximum, for instruments that have bands).
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
