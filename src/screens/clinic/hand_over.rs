//! The two hand-overs of a clinic screening: nurse to patient before PHQ-9
//! and GAD-7, and patient back to nurse at the end.

use super::referral_status::status_text;
use crate::context::{use_clinic_session, use_config, use_journey, use_locale};
use crate::flow::Step;
use leptos::prelude::*;

/// The clinician's name, for "hand the tablet back to …".
fn clinician_name() -> String {
    use_clinic_session()
        .clinician
        .get_untracked()
        .map(|c| c.name)
        .unwrap_or_default()
}

#[component]
pub fn HandToPatientPage() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let service = use_config().service.name.clone();
    let clinician = clinician_name();
    let names = [
        ("clinician", clinician.as_str()),
        ("service", service.as_str()),
    ];
    view! {
        <div class="th-page th-hand-over">
            <h1 class="th-heading-l" tabindex="-1">{locale.text("clinic.to_patient.heading")}</h1>
            <p class="th-body">{locale.text_with("clinic.to_patient.body", &names)}</p>
            // Who sees what: the nurse sees the results and any risk answer
            // when the tablet comes back (the clinician's summary).
            <p class="th-body">{locale.text_with("clinic.to_patient.private", &names)}</p>
            <button class="th-button th-button--start" type="button"
                on:click=move |_| journey.continue_from(Step::HandToPatient)>
                {locale.text("clinic.to_patient.button")}
            </button>
        </div>
    }
}

#[component]
pub fn HandBackPage() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let delivery = journey.outbox().delivery();
    let sent = journey.reference;
    let status = {
        let locale = locale.clone();
        let phone = use_config().service.phone.clone();
        move || status_text(&locale, &phone, &delivery.get(), sent.get())
    };
    view! {
        <div class="th-page th-hand-over">
            <h1 class="th-heading-l" tabindex="-1">
                {locale.text_with("clinic.hand_back.heading", &[("clinician", &clinician_name())])}
            </h1>
            <p class="th-body">{locale.text("clinic.hand_back.body")}</p>
            <p class="th-body" role="status">{status}</p>
            <button class="th-button" type="button"
                on:click=move |_| journey.continue_from(Step::HandBack)>
                {locale.text("clinic.hand_back.button")}
            </button>
        </div>
    }
}
