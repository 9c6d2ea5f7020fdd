//! Embed mode's first step: wait for the host page to name its practice, and
//! show the journey only for a practice and origin the service listed.

use super::messages::{self, framing_parent, practice_in};
use super::practice::{EmbedPractice, VerifiedPractice};
use super::refusal::{EmbedProblem, EmbedProblemPage};
use crate::plain_pages::PlainPages;
use leptos::ev;
use leptos::prelude::*;
use screening::ServiceConfig;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsValue;

/// How long the host page has to answer "ready" with its practice. embed.js
/// answers at once; this only ends the wait on a page without it.
const PRACTICE_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Handshake {
    Waiting,
    /// The practice is in `VerifiedPractice`.
    Accepted,
    Refused(EmbedProblem),
}

/// Shows the journey once the host page has named a practice it may embed
/// as; until then the plain-HTML start page (or date-of-birth page) the
/// build wrote, or else a loading message; and instead a page that says what
/// is wrong when it is not framed, does not answer, or names a practice or
/// website the service did not list. Nothing typed on a plain-HTML page can
/// be sent before then: the journey that would send it is not yet running.
#[component]
pub fn EmbedGate<J>(
    config: Arc<ServiceConfig>,
    /// The journey of the configuration, shown with the verified practice in
    /// context.
    journey: J,
) -> impl IntoView
where
    J: Fn() -> AnyView + Send + Sync + 'static,
{
    let handshake = RwSignal::new(Handshake::Waiting);
    let verified = StoredValue::new(None);
    provide_context(VerifiedPractice(verified));
    if framing_parent().is_none() {
        handshake.set(Handshake::Refused(EmbedProblem::NotFramed));
    } else {
        let checker = Arc::clone(&config);
        let listener = window_event_listener(ev::message, move |event| {
            if handshake.get_untracked() != Handshake::Waiting {
                return;
            }
            // Only the window that frames this page may name its practice: not
            // a sibling frame, a popup or this page itself.
            let from_parent = match (event.source(), framing_parent()) {
                (Some(source), Some(parent)) => JsValue::from(source) == JsValue::from(parent),
                _ => false,
            };
            let Some(ods) = practice_in(&event.data()).filter(|_| from_parent) else {
                return;
            };
            let origin = event.origin();
            handshake.set(match checker.embedding_practice(&ods, &origin) {
                Ok(practice) => {
                    verified.set_value(Some(EmbedPractice {
                        ods: practice.ods.clone(),
                        origin,
                    }));
                    Handshake::Accepted
                }
                Err(refusal) => Handshake::Refused(EmbedProblem::Refused(refusal)),
            });
        });
        on_cleanup(move || listener.remove());
        // It carries nothing, so any origin may hear it.
        messages::post_to_parent(&messages::ready(), "*");
        set_timeout(
            move || {
                if handshake.get_untracked() == Handshake::Waiting {
                    handshake.set(Handshake::Refused(EmbedProblem::NoPractice));
                }
            },
            PRACTICE_WAIT,
        );
    }
    move || match handshake.get() {
        // The person reads, or answers, on the plain-HTML page meanwhile.
        Handshake::Waiting if PlainPages.is_showing() => ().into_any(),
        Handshake::Waiting => {
            view! { <p class="th-loading" role="status">"Loading…"</p> }.into_any()
        }
        Handshake::Accepted => journey(),
        Handshake::Refused(problem) => {
            // What was typed there goes with it, unsent.
            PlainPages.hand_over();
            let service = config.service.clone();
            view! { <EmbedProblemPage problem service/> }.into_any()
        }
    }
}
