//! For the nurse at the end of a clinic screening: any risk answer first and
//! plainly (clinical-reference.md §6: "in clinic mode, tell the clinician on
//! the results screen, plainly"), then the results and the referral. Finishing
//! forgets the patient.

use super::cutoff::{cutoff_sentence, unvalidated_cutoff_note};
use super::referral_status::status_text;
use super::risk_answer::risk_sentence;
use crate::components::BackLink;
use crate::context::{use_catalogue, use_config, use_journey, use_locale};
use crate::outbox::Delivery;
use leptos::prelude::*;

#[component]
pub fn ClinicSummaryPage() -> impl IntoView {
    let locale = use_locale();
    let config = use_config();
    let catalogue = use_catalogue();
    let journey = use_journey();
    let record = journey
        .answers
        .with_untracked(|a| a.screening_record(&config));
    let risk = journey
        .answers
        .with_untracked(|a| a.risk_answer())
        .filter(|r| r.flagged())
        .map(|r| risk_sentence(&locale, &catalogue, &r));
    let results = record.results;
    let rows = results
        .iter()
        .map(|r| {
            let instrument = catalogue.get(r.instrument);
            let text = cutoff_sentence(&locale, &catalogue, r);
            view! {
                <div class="th-summary-list__row">
                    <dt class="th-summary-list__key">{instrument.name.clone()}</dt>
                    <dd class="th-summary-list__value">
                        {text}
                        {unvalidated_cutoff_note(&locale, &catalogue, r)}
                    </dd>
                </div>
            }
        })
        .collect_view();
    let outbox = journey.outbox();
    let delivery = outbox.delivery();
    // What became of the referral, as it bears on the risk answer: the nurse
    // must not read "flagged" when nothing reached the service.
    let risk_referral = {
        let locale = locale.clone();
        move || {
            let key = match (journey.reference.get(), delivery.get()) {
                (Some(_), _) => "clinic.summary.risk_sent",
                (None, Delivery::Underway(_)) => "clinic.summary.risk_sending",
                (None, Delivery::NotSent(_)) => "clinic.summary.risk_not_sent",
                (None, Delivery::Ready) => "clinic.summary.risk_not_referred",
            };
            locale.text(key)
        }
    };
    let status = {
        let locale = locale.clone();
        let phone = config.service.phone.clone();
        move || status_text(&locale, &phone, &delivery.get(), journey.reference.get())
    };
    let stopped =
        move || journey.reference.get().is_none() && matches!(delivery.get(), Delivery::NotSent(_));
    let try_again = locale.text("check.try_again");
    let untouched =
        move || journey.reference.get().is_none() && matches!(delivery.get(), Delivery::Ready);
    view! {
        {move || untouched().then(|| view! { <BackLink/> })}
        <div class="th-page">
            <span class="th-caption">{locale.text("clinic.caption_nurse")}</span>
            <h1 class="th-heading-l" tabindex="-1">{locale.text("clinic.summary.heading")}</h1>
            {risk.map(|line| view! {
                <div class="th-care-card th-care-card--urgent">
                    <div class="th-care-card__heading-container">
                        <h2 class="th-care-card__heading">{locale.text("clinic.summary.risk_heading")}</h2>
                    </div>
                    <div class="th-care-card__content">
                        <p>{line}</p>
                        <p>{locale.text("clinic.summary.risk_action")}</p>
                        <p>{risk_referral}</p>
                    </div>
                </div>
            })}
            <h2 class="th-heading-m">{locale.text("clinic.summary.results")}</h2>
            {if results.is_empty() {
                view! { <p class="th-body">{locale.text("clinic.summary.no_results")}</p> }.into_any()
            } else {
                view! { <dl class="th-summary-list">{rows}</dl> }.into_any()
            }}
            <h2 class="th-heading-m">{locale.text("clinic.summary.referral")}</h2>
            <p class="th-body" role="status">{status}</p>
            {move || stopped().then(|| view! {
                <button class="th-button" type="button" on:click=move |_| outbox.retry()>{try_again.clone()}</button>
            })}
            <h2 class="th-heading-m">{locale.text("clinic.summary.finish_heading")}</h2>
            <p class="th-body">{locale.text("clinic.summary.finish_body")}</p>
            <button class="th-button th-button--start" type="button" on:click=move |_| journey.next_patient()>
                {locale.text("clinic.summary.finish")}
            </button>
        </div>
    }
}
