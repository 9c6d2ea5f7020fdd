//! "Screen a patient": the clinic's resting page. It shows only the nurse's
//! own details and how many earlier referrals are still on their way.

use super::referral_status::EarlierReferrals;
use crate::app::{use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;

#[component]
pub fn NextPatientPage() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    view! {
        <div class="th-page">
            <span class="th-caption">{locale.text("clinic.caption")}</span>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("clinic.next.heading")}</h1>
            <p class="th-body">{locale.text("clinic.next.body")}</p>
            <EarlierReferrals referrals=journey.earlier_referrals()/>
            <button class="th-button th-button--start" type="button"
                on:click=move |_| journey.continue_from(Step::NextPatient)>
                {locale.text("clinic.next.button")}
            </button>
            <p class="th-body">
                <button class="th-link-button" type="button"
                    on:click=move |_| journey.go_to(Step::ClinicianDetails)>
                    {locale.text("clinic.next.change_clinician")}
                </button>
            </p>
        </div>
    }
}
