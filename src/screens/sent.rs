//! The confirmation page, with the service's reference number.

use crate::app::use_journey;
use crate::app::use_locale;
use crate::components::UrgentHelp;
use leptos::prelude::*;

#[component]
pub fn SentPage() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
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
            <p class="th-body">{locale.text("sent.body")}</p>
            <UrgentHelp/>
        </div>
    }
}
