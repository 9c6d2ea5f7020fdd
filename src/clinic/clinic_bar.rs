//! The strip above every clinic page: who is screening and, while a patient
//! is being screened, a way to end the screening at once.

use crate::context::{use_clinic_session, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;

#[component]
pub fn ClinicBar() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let session = use_clinic_session();
    let clinician = move || {
        session
            .clinician
            .get()
            .map(|c| format!("{}, {}", c.name, c.role))
    };
    let step = journey.step();
    // Ends on the page that suits who holds the tablet: the patient is asked
    // to hand it back; the nurse sees the summary (with any risk answer).
    let end = move |_| {
        if step.get_untracked().is_patient_facing() {
            journey.go_to(Step::HandBack);
        } else {
            journey.go_to(Step::ClinicSummary);
        }
    };
    let screening = move || {
        let step = step.get();
        step.is_about_a_patient() && !matches!(step, Step::HandBack | Step::ClinicSummary)
    };
    let signed_in = locale.text("clinic.bar.signed_in");
    let end_label = locale.text("clinic.bar.end");
    view! {
        <div class="th-clinic-bar">
            <p class="th-clinic-bar__who">
                {move || clinician().map(|who| format!("{signed_in} {who}"))}
            </p>
            {move || screening().then(|| view! {
                <button class="th-button th-button--secondary th-clinic-bar__end" type="button" on:click=end>
                    {end_label.clone()}
                </button>
            })}
        </div>
    }
}
