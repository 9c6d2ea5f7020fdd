//! Fixtures shared by the payload tests.
#![allow(dead_code)]

use screening::config::{EligibilityRules, MinimumAge, Practice};
use screening::fields::CalendarDate;
use screening::referral::ReferralForm;
use screening::web_address::WebAddress;
use screening::{
    AnswersInProgress, Catalogue, Channel, InstrumentId, ReferralPayload, ScoredResult,
    ScreeningRecord, ServiceConfig,
};
use std::sync::Arc;

pub const EXAMPLE_CONFIG: &str = include_str!("../../../../public/config.json");

pub fn catalogue() -> Catalogue {
    Catalogue::load().unwrap()
}

pub fn config() -> ServiceConfig {
    ServiceConfig::from_json(EXAMPLE_CONFIG, &catalogue()).unwrap()
}

pub fn today() -> CalendarDate {
    CalendarDate::new(2026, 11, 23).unwrap()
}

/// Adults (18 and over) registered at Riverside Medical Centre (F83004).
pub fn eligibility() -> EligibilityRules {
    EligibilityRules {
        minimum_age: MinimumAge {
            years: 18,
            months: 0,
        },
        practices: vec![Practice {
            name: "Riverside Medical Centre".into(),
            ods: "F83004".into(),
        }],
        out_of_area_url: WebAddress::parse("https://www.nhs.uk/service-search").unwrap(),
    }
}

/// `values` given in order to `id`'s items.
pub fn answered(id: InstrumentId, values: &[u8]) -> AnswersInProgress {
    let mut answers = AnswersInProgress::new(Arc::clone(catalogue().get(id)));
    for (i, v) in values.iter().enumerate() {
        answers.answer(i as u8 + 1, *v).unwrap();
    }
    answers
}

/// Scores `values` for `id` with the service's cut-off.
pub fn scored(config: &ServiceConfig, id: InstrumentId, values: &[u8]) -> ScoredResult {
    answered(id, values)
        .complete()
        .unwrap()
        .score(config.cutoff(id))
}

/// A valid referral with the given PHQ-9 and GAD-7 answers and a diabetes screen.
pub fn payload(phq9: &[u8], gad7: &[u8]) -> ReferralPayload {
    let form = ReferralForm {
        first_name: "Sam".into(),
        last_name: "Jones".into(),
        dob_day: "1".into(),
        dob_month: "2".into(),
        dob_year: "1970".into(),
        gp_practice: "F83004".into(),
        postcode: "N1 9AB".into(),
        email: "sam@example.com".into(),
        consent_contact: true,
        consent_gp: true,
        ..ReferralForm::default()
    };
    referral(
        form,
        Channel::SelfReferral,
        &[
            (InstrumentId::Diabetes, &[4, 3]),
            (InstrumentId::Phq9, phq9),
            (InstrumentId::Gad7, gad7),
        ],
        Some(1),
    )
}

/// The referral of `form` (which must be valid) through `channel`, with
/// each instrument's answers scored under the example configuration.
pub fn referral(
    form: ReferralForm,
    channel: Channel,
    answers: &[(InstrumentId, &[u8])],
    functional_difficulty: Option<u8>,
) -> ReferralPayload {
    let config = config();
    let person = form
        .validate_for(&config.fields, &config.eligibility, today())
        .unwrap();
    let answers: Vec<_> = answers
        .iter()
        .map(|(id, values)| answered(*id, values))
        .collect();
    ReferralPayload::new(
        "3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b".into(),
        &config,
        channel,
        person,
        ScreeningRecord::of(&config, &answers, functional_difficulty),
    )
}
