//! The questionnaires a referral carries must be the ones the service asks
//! (`ReferralPayload::verify`): PHQ-9 and GAD-7, each complete and once, or
//! with pre-screens on a short form below its cut-off; a condition screen
//! only for a condition the service lists. Anything else is refused with
//! `screening.results` named, and nothing is stored.

mod support;

use hyper::StatusCode;
use screening::pre_screen::short_form_result;
use screening::{AnswersInProgress, InstrumentId, ScreeningOutcome, ScreeningRecord};
use serde_json::{Value, json};
use support::*;

/// The website's configuration with pre-screens (PHQ-2, GAD-2) on.
fn with_pre_screens() -> screening::ServiceConfig {
    service_config_with(|j| j["pre_screens"] = json!(true))
}

/// PHQ-9 with only items 1 and 2 answered, as a pre-screen leaves it.
fn phq9_items_1_and_2(first: u8, second: u8) -> AnswersInProgress {
    answered(InstrumentId::Phq9, &[first, second])
}

/// POSTs `body` to `server`; it must be refused 422 naming only
/// `screening.results`, with a problem containing `problem`, and nothing stored.
async fn assert_results_refused(server: &TestEndpoint, body: &Value, problem: &str) {
    let reply = post(&server.client, &server.endpoint.referrals_url(), body).await;
    assert_refused(server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        fields(&reply).iter().all(|f| f == "screening.results"),
        "only screening.results: {}",
        reply.text
    );
    let fields = reply.body["fields"].as_array().unwrap();
    assert!(
        fields
            .iter()
            .any(|f| f["problem"].as_str().unwrap().contains(problem)),
        "{problem:?} in {}",
        reply.text
    );
    assert!(server.endpoint.store().list().await.unwrap().is_empty());
}

async fn a_referral_without_gad7_is_refused(backend: Backend) {
    let server = start(backend).await;
    let asked = [
        answered(InstrumentId::Diabetes, &DIABETES),
        answered(InstrumentId::Phq9, &[2, 2, 1, 1, 1, 1, 1, 1, 0]),
    ];
    let body = payload_answering(REFERRAL_ID, &service_config(), &asked);
    assert_results_refused(&server, &body, "GAD-7 must be complete").await;
}

async fn a_referral_with_phq9_twice_is_refused(backend: Backend) {
    let server = start(backend).await;
    let phq9 = [2, 2, 1, 1, 1, 1, 1, 1, 0];
    let asked = [
        answered(InstrumentId::Diabetes, &DIABETES),
        answered(InstrumentId::Phq9, &phq9),
        answered(InstrumentId::Phq9, &phq9),
        answered(InstrumentId::Gad7, &GAD7),
    ];
    let body = payload_answering(REFERRAL_ID, &service_config(), &asked);
    assert_results_refused(&server, &body, "PHQ-9 must be sent once").await;
}

async fn a_phq2_result_is_refused_when_the_service_has_no_pre_screens(backend: Backend) {
    // Made by a widget with pre-screens on: PHQ-2 below its cut-off stands for PHQ-9.
    let asked = [
        answered(InstrumentId::Diabetes, &DIABETES),
        phq9_items_1_and_2(0, 1),
        answered(InstrumentId::Gad7, &GAD7),
    ];
    let body = payload_answering(REFERRAL_ID, &with_pre_screens(), &asked);
    assert_eq!(body["screening"]["results"][1]["instrument"], "phq2");

    // This service (public/config.json) has pre-screens off.
    assert!(!service_config().pre_screens);
    let server = start(backend).await;
    assert_results_refused(&server, &body, "only from a service that uses pre-screens").await;

    // The same referral is accepted by a service that uses pre-screens.
    let server = start_with_service(backend, with_pre_screens()).await;
    let reply = post(&server.client, &server.endpoint.referrals_url(), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

async fn a_phq2_at_its_cutoff_without_phq9_is_refused_even_with_pre_screens(backend: Backend) {
    let config = with_pre_screens();
    let asked = [
        answered(InstrumentId::Diabetes, &DIABETES),
        answered(InstrumentId::Gad7, &GAD7),
    ];
    let mut record = ScreeningRecord::of(&config, &asked, Some(1));
    // PHQ-2 answered 2 and 1: 3, at its cut-off, so PHQ-9 should have been asked in full.
    let phq2 = short_form_result(&config, &phq9_items_1_and_2(2, 1)).unwrap();
    assert!(phq2.caseness.met);
    record.results.insert(1, phq2);
    record.outcome = ScreeningOutcome::of(
        &record.results,
        record.risk_flag,
        config.referral_below_cutoff,
    );
    let body = payload_with_record(REFERRAL_ID, &config, record);

    let server = start_with_service(backend, config).await;
    assert_results_refused(
        &server,
        &body,
        "PHQ-2 met its cut-off, so PHQ-9 must be complete",
    )
    .await;
}

async fn a_condition_screen_the_service_does_not_list_is_refused(backend: Backend) {
    // Made for a service that screens for heart conditions...
    let asked = [
        answered(InstrumentId::Cardiac, &[4, 3]),
        answered(InstrumentId::Phq9, &[2, 2, 1, 1, 1, 1, 1, 1, 0]),
        answered(InstrumentId::Gad7, &GAD7),
    ];
    let body = payload_answering(REFERRAL_ID, &service_config(), &asked);
    // ...sent to one that screens only for diabetes and COPD.
    let without_cardiac = service_config_with(|j| j["conditions"] = json!(["diabetes", "copd"]));
    let server = start_with_service(backend, without_cardiac).await;
    assert_results_refused(&server, &body, "is not a screen this service asks").await;

    // The same referral is accepted by the service that lists it.
    let server = start(backend).await;
    let reply = post(&server.client, &server.endpoint.referrals_url(), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

on_both_backends!(
    a_referral_without_gad7_is_refused,
    a_referral_with_phq9_twice_is_refused,
    a_phq2_result_is_refused_when_the_service_has_no_pre_screens,
    a_phq2_at_its_cutoff_without_phq9_is_refused_even_with_pre_screens,
    a_condition_screen_the_service_does_not_list_is_refused,
);
