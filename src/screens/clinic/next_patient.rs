//! "Screen a patient": the clinic's resting page. It shows only the nurse's
//! own details, how many earlier referrals are still on their way, and a
//! notice of a screening cleared after inactivity, which the nurse must
//! acknowledge before screening the next patient.

use super::referral_status::EarlierReferrals;
use super::risk_answer::risk_sentence;
use crate::context::{use_catalogue, use_clinic_session, use_journey, use_locale};
use crate::flow::{ClearedScreening, Step};
use leptos::prelude::*;

#[component]
pub fn NextPatientPage() -> impl IntoView {
    let locale = use_locale();
    let journey = use_journey();
    let session = use_clinic_session();
    let notice_showing = move || session.cleared.with(Option::is_some);
    let start = locale.text("clinic.next.button");
    view! {
        <div class="th-page">
            <span class="th-caption">{locale.text("clinic.caption")}</span>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("clinic.next.heading")}</h1>
            {move || session.cleared.get().map(|notice| view! { <ClearedNotice notice/> })}
            <p class="th-body">{locale.text("clinic.next.body")}</p>
            <EarlierReferrals referrals=journey.earlier_referrals()/>
            {move || (!notice_showing()).then(|| view! {
                <button class="th-button th-button--start" type="button"
                    on:click=move |_| {
                        session.started.set_value(time_now());
                        journey.continue_from(Step::NextPatient);
                    }>
                    {start.clone()}
                </button>
            })}
            <p class="th-body">
                <button class="th-link-button" type="button"
                    on:click=move |_| journey.go_to(Step::ClinicianDetails)>
                    {locale.text("clinic.next.change_clinician")}
                </button>
            </p>
        </div>
    }
}

/// The last screening was cleared after inactivity: when it started and any
/// risk answer given, until the nurse says they have read it.
#[component]
fn ClearedNotice(notice: ClearedScreening) -> impl IntoView {
    let locale = use_locale();
    let session = use_clinic_session();
    let cleared = locale.text_with("clinic.cleared.body", &[("started", &notice.started)]);
    let risk = notice
        .risk
        .map(|risk| risk_sentence(&locale, &use_catalogue(), &risk));
    let urgent = risk.is_some();
    let referral = if notice.referral_confirmed {
        "clinic.cleared.referral_confirmed"
    } else {
        "clinic.cleared.no_referral"
    };
    view! {
        <div class="th-care-card" class:th-care-card--urgent=urgent class:th-care-card--notice=!urgent role="alert">
            <div class="th-care-card__heading-container">
                <h2 class="th-care-card__heading">{locale.text("clinic.cleared.heading")}</h2>
            </div>
            <div class="th-care-card__content">
                <p>{cleared}</p>
                {match risk {
                    Some(line) => view! {
                        <p>{locale.text("clinic.cleared.risk")}" "{line}</p>
                        <p>{locale.text("clinic.cleared.risk_action")}</p>
                    }.into_any(),
                    None => view! { <p>{locale.text("clinic.cleared.no_risk")}</p> }.into_any(),
                }}
                <p>{locale.text(referral)}</p>
                <button class="th-button" type="button" on:click=move |_| session.cleared.set(None)>
                    {locale.text("clinic.cleared.acknowledge")}
                </button>
            </div>
        </div>
    }
}

/// The time now in the tablet's time zone, as "10:42".
fn time_now() -> String {
    let now = js_sys::Date::new_0();
    format!("{:02}:{:02}", now.get_hours(), now.get_minutes())
}
