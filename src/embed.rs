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
//! "completed": never an answer, a name or a reference. (Before that, on a
//! slow connection, the page's loader posts the height of the plain-HTML
//! start page the build wrote, to any origin: it is the same for everyone.)
//!
//! Built only with the `embed` feature (into embed.html); the other pages
//! refuse an embed configuration and carry none of this.

#[cfg(feature = "embed")]
mod gate;
#[cfg(feature = "embed")]
mod height;
#[cfg(feature = "embed")]
mod messages;
pub mod practice;
#[cfg(feature = "embed")]
mod progress;
#[cfg(feature = "embed")]
mod refusal;

use crate::context::use_embed_practice;
use crate::journey::Journey;
use leptos::prelude::*;
use screening::{Channel, ServiceConfig};
use std::sync::Arc;

/// Embed mode's first step: the journey (`journey` of the configuration) once
/// the host page has named a practice the service lets embed the form, else
/// a page saying what is wrong.
pub fn gate(
    config: Arc<ServiceConfig>,
    journey: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    #[cfg(feature = "embed")]
    return view! { <gate::EmbedGate config journey/> }.into_any();
    #[cfg(not(feature = "embed"))]
    {
        let _ = (config, journey);
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
