//! The confirmation page, with the service's reference number.

use crate::components::UrgentHelp;
use crate::context::{use_config, use_journey, use_locale};
use leptos::prelude::*;

#[component]
pub fn SentPage() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let days = use_config().service.contact_within_working_days;
    // A referral with a risk answer is flagged so the service can prioritise
    // it, and the person is told not to wait for it (clinical-reference.md §6).
    // Set before the journey comes to this page (Journey::delivered).
    let body = if journey.sent_with_risk.get_untracked() {
        locale.text("sent.body_risk")
    } else {
        locale.text_with("sent.body", &[("days", &days.to_string())])
    };
    view! {
        <div class="th-page">
            <div class="th-panel">
                <h1 class="th-panel__title" tabindex="-1">{locale.text("sent.heading")}</h1>
                <div class="th-panel__body">
                    {locale.text("sent.reference")}
                    <br/>
                    <strong class="th-reference">{move || journey.reference.get().unwrap_or_default()}</strong>
                </div>
            </div>
            <p class="th-body">{body}</p>
            <UrgentHelp/>
        </div>
    }
}
