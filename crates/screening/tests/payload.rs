//! The referral payload: what it carries, that it round-trips, and that a
//! receiver re-scoring it with the same code catches any tampering.

mod support;

use screening::{InstrumentId, Recommendation, ReferralPayload, ScreeningOutcome, Severity};
use serde_json::{Value, json};
use support::{catalogue, config, payload, scored};

#[test]
fn a_payload_carries_answers_totals_bands_cutoffs_risk_and_versions() {
    let payload = payload(&[2, 2, 2, 1, 1, 1, 1, 1, 2], &[1, 1, 1, 1, 1, 1, 1]);
    let json: Value = serde_json::to_value(&payload).unwrap();
    assert_eq!(json["schema"], "talking-health/referral");
    assert_eq!(json["schema_version"], 2);
    assert_eq!(json["config_version"], "example-2026-11-23");
    assert_eq!(json["channel"], json!({ "kind": "self" }));
    let phq9 = &json["screening"]["results"][1];
    assert_eq!(phq9["instrument"], "phq9");
    assert_eq!(phq9["instrument_version"], "phq9-en-GB-1");
    assert_eq!(phq9["answers"], json!([2, 2, 2, 1, 1, 1, 1, 1, 2]));
    assert_eq!(phq9["total"], 13);
    assert_eq!(phq9["severity"], "moderate");
    assert_eq!(phq9["caseness"], json!({ "cutoff": 10, "met": true }));
    assert_eq!(json["screening"]["risk_flag"], true);
    assert_eq!(json["screening"]["phq9_item9"], 2);
    assert_eq!(json["screening"]["outcome"]["recommendation"], "refer");
    assert_eq!(json["person"]["date_of_birth"], "1970-02-01");
    assert_eq!(
        json["person"]["gp_practice"],
        json!({ "name": "Riverside Medical Centre", "ods": "F83004" })
    );
}

#[test]
fn a_payload_round_trips_through_json_and_verifies() {
    let payload = payload(&[0; 9], &[0; 7]);
    let text = serde_json::to_string(&payload).unwrap();
    let back: ReferralPayload = serde_json::from_str(&text).unwrap();
    assert_eq!(back, payload);
    back.verify(&catalogue(), &config()).unwrap();
}

/// Verifies `payload` after `tamper` changes its JSON; returns the fields blamed.
fn blamed(tamper: impl Fn(&mut Value)) -> Vec<String> {
    let mut json = serde_json::to_value(payload(
        &[1, 1, 1, 1, 1, 1, 1, 1, 0],
        &[2, 2, 2, 2, 0, 0, 0],
    ))
    .unwrap();
    tamper(&mut json);
    let payload: ReferralPayload = serde_json::from_value(json).expect("still well-formed");
    payload
        .verify(&catalogue(), &config())
        .unwrap_err()
        .into_iter()
        .map(|m| m.field)
        .collect()
}

#[test]
fn a_tampered_total_is_caught() {
    let fields = blamed(|j| j["screening"]["results"][1]["total"] = json!(3));
    assert_eq!(fields, vec!["screening.results[1]"]);
}

#[test]
fn a_tampered_severity_or_caseness_is_caught() {
    assert!(!blamed(|j| j["screening"]["results"][1]["severity"] = json!("minimal")).is_empty());
    assert!(!blamed(|j| j["screening"]["results"][2]["caseness"]["met"] = json!(false)).is_empty());
}

#[test]
fn a_cutoff_other_than_the_services_is_caught() {
    let fields =
        blamed(|j| j["screening"]["results"][1]["caseness"] = json!({ "cutoff": 9, "met": false }));
    assert!(
        fields.contains(&"screening.results[1].caseness.cutoff".to_owned()),
        "{fields:?}"
    );
}

#[test]
fn a_hidden_risk_answer_is_caught() {
    // Item 9 changed to 2 while the risk flag still says false.
    let fields = blamed(|j| {
        j["screening"]["results"][1]["answers"][8] = json!(2);
        j["screening"]["results"][1]["total"] = json!(10);
        j["screening"]["results"][1]["severity"] = json!("moderate");
        j["screening"]["results"][1]["caseness"]["met"] = json!(true);
    });
    assert!(
        fields.contains(&"screening.results[1]".to_owned()),
        "risk list mismatch: {fields:?}"
    );
    assert!(
        fields.contains(&"screening.risk_flag".to_owned()),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"screening.phq9_item9".to_owned()),
        "{fields:?}"
    );
}

#[test]
fn missing_or_impossible_answers_are_caught() {
    assert!(!blamed(|j| j["screening"]["results"][1]["answers"] = json!([1, 1, 1])).is_empty());
    assert!(!blamed(|j| j["screening"]["results"][0]["answers"][0] = json!(0)).is_empty());
}

#[test]
fn an_unknown_schema_version_is_caught() {
    assert_eq!(blamed(|j| j["schema_version"] = json!(3)), vec!["schema"]);
}

#[test]
fn an_invalid_nhs_number_or_unknown_field_does_not_even_parse() {
    let mut json = serde_json::to_value(payload(&[0; 9], &[0; 7])).unwrap();
    json["person"]["nhs_number"] = json!("9434765918");
    assert!(serde_json::from_value::<ReferralPayload>(json.clone()).is_err());
    json["person"]["nhs_number"] = json!(null);
    json["surprise"] = json!(true);
    assert!(serde_json::from_value::<ReferralPayload>(json).is_err());
}

#[test]
fn below_every_cutoff_the_person_may_still_refer_unless_the_service_says_not() {
    let config = config();
    let results = vec![
        scored(&config, InstrumentId::Phq9, &[0; 9]),
        scored(&config, InstrumentId::Gad7, &[0; 7]),
    ];
    assert_eq!(
        ScreeningOutcome::of(&results, false, true).recommendation,
        Recommendation::SelfHelpMayStillRefer
    );
    assert_eq!(
        ScreeningOutcome::of(&results, false, false).recommendation,
        Recommendation::SelfHelp
    );
    assert!(
        !ScreeningOutcome::of(&results, false, false)
            .recommendation
            .may_refer()
    );
}

#[test]
fn a_risk_answer_never_blocks_the_referral_even_below_every_cutoff() {
    let config = config();
    let results = vec![scored(
        &config,
        InstrumentId::Phq9,
        &[0, 0, 0, 0, 0, 0, 0, 0, 1],
    )];
    let outcome = ScreeningOutcome::of(&results, false, false);
    assert!(!outcome.risk.is_empty());
    assert_eq!(outcome.recommendation, Recommendation::Refer);
    assert!(outcome.cutoffs_met.is_empty());
}

#[test]
fn the_outcome_lists_the_cutoffs_met_in_the_order_asked() {
    let config = config();
    let results = vec![
        scored(&config, InstrumentId::Diabetes, &[3, 3]),
        scored(&config, InstrumentId::Phq9, &[1, 1, 1, 1, 1, 1, 1, 1, 0]),
        scored(&config, InstrumentId::Gad7, &[3; 7]),
    ];
    let outcome = ScreeningOutcome::of(&results, false, true);
    assert_eq!(
        outcome.cutoffs_met,
        vec![InstrumentId::Diabetes, InstrumentId::Gad7]
    );
    assert_eq!(results[2].severity, Some(Severity::Severe));
    assert!(outcome.risk.is_empty());
}
