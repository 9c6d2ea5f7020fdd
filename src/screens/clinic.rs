//! The pages of clinic mode: the nurse's own pages, and the hand-overs
//! between nurse and patient. The patient's pages are the self-referral ones.

mod clinician_details;
mod hand_over;
mod next_patient;
mod referral_status;
mod screen_result;
mod summary;

pub use clinician_details::ClinicianDetailsPage;
pub use hand_over::{HandBackButton, HandBackPage, HandToPatientPage};
pub use next_patient::NextPatientPage;
pub use screen_result::ScreenResultPage;
pub use summary::ClinicSummaryPage;
