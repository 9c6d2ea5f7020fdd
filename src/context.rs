//! The contexts the widget's components read, each with what it is and who
//! provides it. [`crate::app`] provides them where the app is assembled; a
//! component reads the ones it needs here. A test that mounts a component on
//! its own provides the same types with `provide_context`.

use crate::clinic::session::ClinicSession;
use crate::embed::practice::{EmbedPractice, VerifiedPractice};
use crate::journey::Journey;
use crate::locale::Locale;
use leptos::prelude::*;
use screening::{Catalogue, ServiceConfig};
use std::sync::Arc;

/// The interface texts, in the page's language. Provided by `App` from the
/// document's `lang`; British English where none is (a component mounted
/// on its own).
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(Locale::en_gb)
}

/// The service's configuration. Provided by `Journeyed` to every page of the
/// journey.
pub fn use_config() -> Arc<ServiceConfig> {
    provided::<Arc<ServiceConfig>>()
}

/// The instruments. Provided by `Journeyed` to every page of the journey.
pub fn use_catalogue() -> Arc<Catalogue> {
    provided::<Arc<Catalogue>>()
}

/// The journey's answers store and navigation. Provided by `Journeyed` to
/// every page of the journey.
pub fn use_journey() -> Journey {
    provided::<Journey>()
}

/// The clinic session: the nurse's details and the screening under way.
/// Provided by `Journeyed` in clinic mode only, so only clinic mode's own
/// parts may read it.
pub fn use_clinic_session() -> ClinicSession {
    provided::<ClinicSession>()
}

/// The practice whose website the widget is embedded in, once the handshake
/// has verified it. Provided (empty until then) by embed mode's gate; `None`
/// in the other modes and before the handshake.
pub fn use_embed_practice() -> Option<EmbedPractice> {
    use_context::<VerifiedPractice>().and_then(|verified| verified.0.get_value())
}

/// A context the app provides to every component that reads it: one missing
/// is a bug in how the app is assembled, which every test that mounts a page
/// would meet. (Leptos's `expect_context` would also put each type's name in
/// the page.)
fn provided<T: Clone + 'static>() -> T {
    use_context::<T>().expect("a context the app provides")
}
