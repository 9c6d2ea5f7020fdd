//! The practice whose website the widget is embedded in, once verified.

use leptos::prelude::*;

/// The practice whose website the widget is on, once the handshake has
/// verified it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedPractice {
    /// The practice's ODS code as the service's configuration writes it.
    pub ods: String,
    /// The host page's origin, as the browser reported it: the only origin
    /// the widget posts to.
    pub origin: String,
}

/// Where embed mode keeps the verified practice for the journey below it: the
/// context `crate::context::use_embed_practice` reads (a stored value rather
/// than a `Provider`: less code in the wasm).
#[derive(Clone, Copy)]
pub struct VerifiedPractice(pub StoredValue<Option<EmbedPractice>>);
