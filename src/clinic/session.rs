//! The clinic session: the nurse's details, kept in memory only, and what the
//! nurse's pages need to know of the screening under way or just cleared.

use crate::flow::ClearedScreening;
use leptos::prelude::*;
use screening::Clinician;

/// The clinic session: lives as long as the page, across every patient.
#[derive(Clone, Copy)]
pub struct ClinicSession {
    /// Who is screening; goes into each referral as its source.
    pub clinician: RwSignal<Option<Clinician>>,
    /// When the nurse started screening the patient now on the page ("10:42").
    pub started: StoredValue<String>,
    /// A screening the inactivity guard cleared, for the nurse's next page
    /// until they acknowledge it.
    pub cleared: RwSignal<Option<ClearedScreening>>,
}

impl Default for ClinicSession {
    /// A new session: no clinician until they give their details.
    fn default() -> Self {
        ClinicSession {
            clinician: RwSignal::new(None),
            started: StoredValue::new(String::new()),
            cleared: RwSignal::new(None),
        }
    }
}
