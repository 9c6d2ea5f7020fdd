//! A risk answer over a whole journey (clinical-reference.md §6): once given,
//! never lost. Every sequence of item 9 answers, and a receiver's check of
//! the risk fields and of the questionnaires a referral must carry.

mod support;

use screening::{
    InstrumentId, Recommendation, ReferralPayload, RiskAnswer, RiskReason, ScreeningRecord,
};
use serde_json::{Value, json};
use support::{answered, catalogue, config, payload};

/// PHQ-9 answered 0 throughout, then item 9 answered each of `item9` in turn.
fn item9_answered(item9: &[u8]) -> screening::AnswersInProgress {
    let mut phq9 = answered(InstrumentId::Phq9, &[0; 9]);
    for answer in item9 {
        phq9.answer(9, *answer).unwrap();
    }
    phq9
}

/// Every sequence of one to five answers to item 9 (1,364 sequences): the
/// record keeps the final answer and the highest, is flagged exactly when
/// any answer was above "Not at all", and never blocks the referral.
#[test]
fn every_sequence_of_item_9_answers_keeps_the_final_and_the_highest() {
    let config = config();
    let gad7 = answered(InstrumentId::Gad7, &[0; 7]);
    let sequences: Vec<Vec<u8>> = (1..=5u32)
        .flat_map(|len| {
            (0..4u32.pow(len)).map(move |n| (0..len).map(|i| (n >> (2 * i) & 3) as u8).collect())
        })
        .collect();
    assert_eq!(sequences.len(), 4 + 16 + 64 + 256 + 1024);
    for sequence in sequences {
        let phq9 = item9_answered(&sequence);
        let last = *sequence.last().unwrap();
        let highest = *sequence.iter().max().unwrap();
        let record = ScreeningRecord::of(&config, [&phq9, &gad7], None);
        assert_eq!(record.phq9_item9, Some(last), "{sequence:?}");
        assert_eq!(record.phq9_item9_highest, Some(highest), "{sequence:?}");
        assert_eq!(record.risk_flag, highest > 0, "{sequence:?}");
        let reason = match (last, highest) {
            (1.., _) => Some(RiskReason::Given),
            (0, 1..) => Some(RiskReason::Withdrawn),
            _ => None,
        };
        assert_eq!(record.risk_reason, reason, "{sequence:?}");
        if highest > 0 {
            assert_eq!(record.outcome.recommendation, Recommendation::Refer);
        }
    }
}

#[test]
fn a_withdrawn_risk_answer_still_refers_even_where_the_service_closed_referral_below_cutoff() {
    let mut config = config();
    config.referral_below_cutoff = false;
    let phq9 = item9_answered(&[2, 0]);
    let gad7 = answered(InstrumentId::Gad7, &[0; 7]);
    let record = ScreeningRecord::of(&config, [&phq9, &gad7], None);
    assert!(
        record.outcome.risk.is_empty(),
        "no risk in the final answers"
    );
    assert!(record.risk_flag);
    assert_eq!(record.outcome.recommendation, Recommendation::Refer);
}

#[test]
fn the_risk_answer_keeps_the_highest_answer_and_is_flagged_only_by_a_risk_answer() {
    let risk = |sequence: &[u8]| RiskAnswer::of(&item9_answered(sequence)).unwrap();
    let withdrawn = risk(&[3, 0]);
    assert!(withdrawn.flagged());
    assert_eq!((withdrawn.last, withdrawn.highest), (Some(0), Some(3)));
    assert!(!risk(&[0]).flagged());
    assert!(!risk(&[]).flagged(), "item 9 answered 0 by the fixture");
    assert_eq!(
        RiskAnswer::of(&answered(InstrumentId::Gad7, &[3; 7])),
        None,
        "GAD-7 has no risk rule"
    );
}

/// A valid payload whose item 9 was answered 2, then changed to 0.
fn withdrawn() -> Value {
    let mut json = serde_json::to_value(payload(&[1, 1, 1, 1, 1, 1, 1, 1, 0], &[0; 7])).unwrap();
    json["screening"]["risk_flag"] = json!(true);
    json["screening"]["risk_reason"] = json!("withdrawn");
    json["screening"]["phq9_item9_highest"] = json!(2);
    json["screening"]["outcome"]["recommendation"] = json!("refer");
    json
}

/// The fields a receiver blames in `json`, if any.
fn blamed_in(json: Value) -> Vec<String> {
    let payload: ReferralPayload = serde_json::from_value(json).expect("well-formed");
    match payload.verify(&catalogue(), &config()) {
        Ok(()) => Vec::new(),
        Err(problems) => problems.into_iter().map(|p| p.field).collect(),
    }
}

#[test]
fn a_withdrawn_risk_answer_verifies_and_each_tampering_with_it_is_caught() {
    assert_eq!(blamed_in(withdrawn()), Vec::<String>::new());
    let tampered = |change: fn(&mut Value)| {
        let mut json = withdrawn();
        change(&mut json);
        blamed_in(json)
    };
    assert!(
        tampered(|j| j["screening"]["risk_flag"] = json!(false))
            .contains(&"screening.risk_flag".to_owned())
    );
    assert!(
        tampered(|j| j["screening"]["risk_reason"] = json!("given"))
            .contains(&"screening.risk_reason".to_owned())
    );
    assert!(
        tampered(|j| j["screening"]["phq9_item9_highest"] = json!(null))
            .contains(&"screening.phq9_item9_highest".to_owned())
    );
    assert!(
        tampered(|j| j["screening"]["phq9_item9_highest"] = json!(7))
            .contains(&"screening.phq9_item9_highest".to_owned())
    );
    assert!(
        tampered(|j| j["screening"]["phq9_item9"] = json!(3))
            .contains(&"screening.phq9_item9".to_owned())
    );
}

#[test]
fn a_schema_version_1_referral_is_still_read_but_may_not_carry_version_2_fields() {
    let mut v1 = serde_json::to_value(payload(&[1, 1, 1, 1, 1, 1, 1, 1, 2], &[0; 7])).unwrap();
    v1["schema_version"] = json!(1);
    let screening = v1["screening"].as_object_mut().unwrap();
    screening.remove("risk_reason");
    screening.remove("phq9_item9_highest");
    assert_eq!(blamed_in(v1.clone()), Vec::<String>::new());
    v1["screening"]["phq9_item9_highest"] = json!(2);
    assert_eq!(blamed_in(v1), vec!["screening.phq9_item9_highest"]);
}

/// A referral must carry what the service asks (§5): PHQ-9 and GAD-7 each
/// once and complete, or with pre-screens their short forms below cut-off.
#[test]
fn a_referral_missing_or_repeating_a_questionnaire_the_service_asks_is_refused() {
    let results = |change: fn(&mut Vec<Value>)| {
        let mut json = serde_json::to_value(payload(&[0; 9], &[0; 7])).unwrap();
        let list = json["screening"]["results"].as_array_mut().unwrap();
        change(list);
        blamed_in(json)
    };
    let refused = vec!["screening.results".to_owned()];
    assert_eq!(results(|r| drop(r.remove(2))), refused, "GAD-7 missing");
    assert_eq!(results(|r| r.push(r[1].clone())), refused, "PHQ-9 twice");
    let phq2 = json!({
        "instrument": "phq2", "instrument_version": "phq9-en-GB-1", "answers": [0, 0],
        "total": 0, "severity": null, "caseness": { "cutoff": 3, "met": false }, "risk": []
    });
    let mut with_phq2 = serde_json::to_value(payload(&[0; 9], &[0; 7])).unwrap();
    with_phq2["screening"]["results"][1] = phq2;
    assert!(
        blamed_in(with_phq2).contains(&"screening.results".to_owned()),
        "a PHQ-2 where the service does not use pre-screens"
    );
}

#[test]
fn a_condition_screen_the_service_does_not_ask_is_refused() {
    let mut config = config();
    config.conditions.clear();
    let payload = payload(&[0; 9], &[0; 7]);
    let fields: Vec<_> = payload
        .verify(&catalogue(), &config)
        .unwrap_err()
        .into_iter()
        .map(|p| p.field)
        .collect();
    assert_eq!(fields, vec!["screening.results"]);
}
