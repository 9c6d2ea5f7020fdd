//! Clinic mode's parts outside the pages: the clinic session (the nurse's
//! details, kept in memory only), the bar that lets the nurse end a
//! screening, and the inactivity guard that clears a screening left alone.

mod clinic_bar;
mod inactivity_guard;

pub use clinic_bar::ClinicBar;
pub use inactivity_guard::InactivityGuard;

use leptos::prelude::*;
use screening::Clinician;

/// The clinic session: lives as long as the page, across every patient.
#[derive(Clone, Copy)]
pub struct ClinicSession {
    /// Who is screening; goes into each referral as its source.
    pub clinician: RwSignal<Option<Clinician>>,
}

impl Default for ClinicSession {
    /// A new session: no clinician until they give their details.
    fn default() -> Self {
        ClinicSession {
            clinician: RwSignal::new(None),
        }
    }
}

/// The clinic session (present in clinic mode only).
pub fn use_clinic_session() -> ClinicSession {
    expect_context::<ClinicSession>()
}

/// Whether this page runs on a shared device (clinic mode): forms then ask
/// the browser not to remember or suggest what was typed, so the next
/// patient is not offered the last one's name or phone number.
pub fn on_shared_device() -> bool {
    use_context::<ClinicSession>().is_some()
}
