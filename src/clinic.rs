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
pub mod session;

use leptos::prelude::*;

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
