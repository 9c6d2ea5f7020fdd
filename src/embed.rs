//! Embed mode: the widget in an iframe on a GP practice's website, put there
//! by `embed/embed.js`. Only in embed mode does the widget listen to or post
//! any message; self-referral and clinic modes do neither.
//!
//! The handshake, so that neither a URL nor the host page can configure the
//! widget: the widget posts `{type: "talking-health:ready"}` to its parent
//! (it carries nothing, so to any origin); the host's embed.js answers
//! `{type: "talking-health:practice", ods}` to the service's origin. The
//! widget believes it only from its parent window, and only from a website
//! origin the service listed for that practice (`embed_origins`). Then, and
//! only to that origin, it posts its height and the events "started" and
//! "completed": never an answer, a name or a reference.
//!
//! Built only with the `embed` feature (into embed.html); the other pages
//! refuse an embed configuration and carry none of this.

#[cfg(feature = "embed")]
mod gate;
#[cfg(feature = "embed")]
mod height;
#[cfg(feature = "embed")]
mod messages;
#[cfg(feature = "embed")]
mod progress;
#[cfg(feature = "embed")]
mod refusal;

use crate::journey::Journey;
use leptos::prelude::*;
use screening::{Catalogue, Channel, ServiceConfig};

/// Embed mode's first step: the journey once the host page has named a
/// practice the service lets embed the form, else a page saying what is wrong.
pub fn gate(catalogue: Catalogue, config: ServiceConfig, started: bool) -> AnyView {
    #[cfg(feature = "embed")]
    return view! { <gate::EmbedGate catalogue config started/> }.into_any();
    #[cfg(not(feature = "embed"))]
    {
        let _ = (catalogue, config, started);
        ().into_any()
    }
}

/// Follows the journey in embed mode (the host practice pre-selected, its
/// page told the frame's height and "started"/"completed"); else nothing.
pub fn follow(journey: Journey) {
    #[cfg(feature = "embed")]
    progress::follow(journey);
    #[cfg(not(feature = "embed"))]
    let _ = journey;
}

/// The practice whose website the widget is on, once the handshake has
/// verified it. Provided as context to the journey in embed mode only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedPractice {
    /// The practice's ODS code as the service's configuration writes it.
    pub ods: String,
    /// The host page's origin, as the browser reported it: the only origin
    /// the widget posts to.
    pub origin: String,
}

/// Where embed mode keeps the verified practice for the journey below it
/// (a stored value rather than a `Provider`: less code in the wasm).
#[derive(Clone, Copy)]
struct Verified(StoredValue<Option<EmbedPractice>>);

/// The verified host practice, in embed mode.
pub fn use_embed_practice() -> Option<EmbedPractice> {
    use_context::<Verified>().and_then(|verified| verified.0.get_value())
}

/// How the referral reached the service: through the practice's website when
/// embedded, else the service's own.
pub fn referral_channel() -> Channel {
    match use_embed_practice() {
        Some(practice) => Channel::Embed {
            practice_ods: practice.ods,
        },
        None => Channel::SelfReferral,
    }
}
