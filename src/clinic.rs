//! Clinic mode's parts outside the pages: the clinic session (the nurse's
//! details, kept in memory only), the bar that lets the nurse end a
//! screening, and the inactivity guard that clears a screening left alone.
//! The bar and the guard are built only with the `clinic` feature (into
//! clinic.html); the patients' pages, which refuse a clinic configuration,
//! never show them.

#[cfg(feature = "clinic")]
mod clinic_bar;
#[cfg(feature = "clinic")]
mod inactivity_guard;

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

/// The nurse's bar above the pages: who is screening, and "End screening".
pub fn bar() -> AnyView {
    #[cfg(feature = "clinic")]
    return view! { <clinic_bar::ClinicBar/> }.into_any();
    #[cfg(not(feature = "clinic"))]
    ().into_any()
}

/// Clears a screening left alone, after a warning with a countdown.
pub fn inactivity_guard() -> AnyView {
    #[cfg(feature = "clinic")]
    return view! { <inactivity_guard::InactivityGuard/> }.into_any();
    #[cfg(not(feature = "clinic"))]
    ().into_any()
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
