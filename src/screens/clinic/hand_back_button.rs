//! The way back to the nurse from a patient's page that ends a clinic
//! screening early. Built into every page, as those patient pages are.

use crate::context::{use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;

/// On the patient's pages that end a clinic screening without a referral
/// (not eligible, or no referral wanted): back to the nurse.
#[component]
pub fn HandBackButton() -> impl IntoView {
    let journey = use_journey();
    view! {
        <button class="th-button" type="button" on:click=move |_| journey.go_to(Step::HandBack)>
            {use_locale().text("clinic.hand_back.from_patient")}
        </button>
    }
}
