//! The page the frame shows instead of the form when it may not be used
//! where it is: for the patient, how else to refer; for the practice's web
//! administrator, what is wrong. Nothing can be sent from it.

use leptos::prelude::*;
use screening::config::ServiceDetails;
use screening::embed::EmbedRefusal;

/// Why the widget will not run in embed mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedProblem {
    /// The embed page was opened on its own, not in a frame.
    NotFramed,
    /// The host page never named its practice (no embed.js, or it failed).
    NoPractice,
    /// The host page named a practice or is on a website the service did not list.
    Refused(EmbedRefusal),
}

impl EmbedProblem {
    fn explanation(&self) -> String {
        match self {
            EmbedProblem::NotFramed => "This page only works inside a GP practice's website, placed there by embed.js. Use the service's own referral page instead.".to_owned(),
            EmbedProblem::NoPractice => "The page this form is on did not say which GP practice it belongs to. Add the form with the embed.js snippet and its data-practice attribute, as the service's embedding guide shows.".to_owned(),
            EmbedProblem::Refused(refusal) => format!(
                "{refusal}. Ask the service to add this website to the practice's embed_origins, or check the data-practice code in the snippet."
            ),
        }
    }
}

#[component]
pub fn EmbedProblemPage(problem: EmbedProblem, service: ServiceDetails) -> impl IntoView {
    if let Some(root) = document().get_element_by_id(crate::MOUNT_ID) {
        // For tests and tools: the widget's own page is showing.
        let _ = root.set_attribute("data-ready", "");
    }
    let contact = format!(
        "To refer yourself, call {} on {} or use the service's own website.",
        service.name, service.phone
    );
    view! {
        <div class="th-page" role="alert">
            <h1 class="th-heading-l" tabindex="-1">"This referral form cannot be used here"</h1>
            <p class="th-body">{contact}</p>
            <h2 class="th-heading-s">"For the practice's web administrator"</h2>
            <p class="th-body th-embed-problem">{problem.explanation()}</p>
        </div>
    }
}
