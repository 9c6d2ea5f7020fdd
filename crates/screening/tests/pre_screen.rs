//! PHQ-2 and GAD-2 as pre-screens (clinical-reference.md §5): every possible
//! pair of first answers, with the setting on and off.

mod support;

use screening::pre_screen::{ends_after, result_for, screened_out, short_form_result};
use screening::{
    AnswersInProgress, InstrumentId, ReferralPayload, RiskReason, ScreeningRecord, ServiceConfig,
};
use std::sync::Arc;
use support::{catalogue, config};

fn with_pre_screens() -> ServiceConfig {
    let mut config = config();
    config.pre_screens = true;
    config
}

fn first_two(id: InstrumentId, first: u8, second: u8) -> AnswersInProgress {
    let mut answers = AnswersInProgress::new(Arc::clone(catalogue().get(id)));
    answers.answer(1, first).unwrap();
    answers.answer(2, second).unwrap();
    answers
}

#[test]
fn every_pair_of_first_answers_screens_out_exactly_below_3() {
    let config = with_pre_screens();
    for (parent, short) in [
        (InstrumentId::Phq9, InstrumentId::Phq2),
        (InstrumentId::Gad7, InstrumentId::Gad2),
    ] {
        for first in 0..=3 {
            for second in 0..=3 {
                let answers = first_two(parent, first, second);
                let total = first + second;
                assert_eq!(
                    screened_out(&config, &answers),
                    total < 3,
                    "{parent} {first}+{second}"
                );
                assert!(!ends_after(&config, &answers, 1), "item 2 is always asked");
                assert_eq!(ends_after(&config, &answers, 2), total < 3);
                let result = short_form_result(&config, &answers).unwrap();
                assert_eq!(result.instrument, short);
                assert_eq!(result.answers, vec![first, second]);
                assert_eq!(result.total.value(), u16::from(total));
                assert_eq!(result.caseness.cutoff.value(), 3);
                assert_eq!(result.severity, None, "short forms have no bands");
                // Screened out: the short form stands for the questionnaire.
                // Not screened out: nothing until the whole of it is answered.
                let stands = result_for(&config, &answers);
                if total < 3 {
                    assert_eq!(stands, Some(result));
                } else {
                    assert_eq!(stands, None);
                }
            }
        }
    }
}

#[test]
fn with_pre_screens_off_nothing_is_screened_out() {
    let config = config();
    assert!(!config.pre_screens, "off by default (§5)");
    for first in 0..=3 {
        for second in 0..=3 {
            let answers = first_two(InstrumentId::Phq9, first, second);
            assert!(!screened_out(&config, &answers));
            assert!(!ends_after(&config, &answers, 2));
            assert_eq!(short_form_result(&config, &answers), None);
            assert_eq!(result_for(&config, &answers), None, "PHQ-9 is incomplete");
        }
    }
}

#[test]
fn above_the_pre_screen_the_whole_questionnaire_is_the_result() {
    let config = with_pre_screens();
    let mut answers = AnswersInProgress::new(Arc::clone(catalogue().get(InstrumentId::Phq9)));
    for (i, v) in [2, 2, 1, 1, 1, 1, 1, 1, 1].into_iter().enumerate() {
        answers.answer(i as u8 + 1, v).unwrap();
    }
    let result = result_for(&config, &answers).unwrap();
    assert_eq!(result.instrument, InstrumentId::Phq9);
    assert_eq!(result.total.value(), 11);
}

fn referral(config: &ServiceConfig, asked: &[AnswersInProgress]) -> ReferralPayload {
    ReferralPayload::new(
        "3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b".into(),
        config,
        screening::Channel::SelfReferral,
        support::payload(&[0; 9], &[0; 7]).person,
        ScreeningRecord::of(config, asked, Some(0)),
    )
}

#[test]
fn a_referral_with_a_short_form_result_verifies_at_the_receiver() {
    let config = with_pre_screens();
    let payload = referral(
        &config,
        &[
            first_two(InstrumentId::Phq9, 1, 0),
            first_two(InstrumentId::Gad7, 0, 1),
        ],
    );
    let stood: Vec<_> = payload
        .screening
        .results
        .iter()
        .map(|r| r.instrument)
        .collect();
    assert_eq!(stood, [InstrumentId::Phq2, InstrumentId::Gad2]);
    assert_eq!(payload.screening.phq9_item9, None, "item 9 was not asked");
    assert_eq!(payload.verify(&catalogue(), &config), Ok(()));
}

/// The first path a clinical safety review found: PHQ-2 at its cut-off, so
/// all nine items asked with a risk answer to item 9, then Back to item 2
/// and PHQ-2 lowered below the cut-off. The whole PHQ-9 still stands, with
/// its risk answer (§6).
#[test]
fn lowering_phq2_after_a_risk_answer_keeps_the_whole_phq9_and_its_risk() {
    let config = with_pre_screens();
    let mut phq9 = support::answered(InstrumentId::Phq9, &[2, 1, 0, 0, 0, 0, 0, 0, 1]);
    phq9.answer(2, 0).unwrap();
    assert!(screened_out(&config, &phq9), "PHQ-2 is now 2");
    let stands = result_for(&config, &phq9).unwrap();
    assert_eq!(stands.instrument, InstrumentId::Phq9);
    assert_eq!(stands.risk.len(), 1);
    let payload = referral(&config, &[phq9, first_two(InstrumentId::Gad7, 0, 0)]);
    let screening = &payload.screening;
    assert!(screening.risk_flag);
    assert_eq!(screening.risk_reason, Some(RiskReason::Given));
    assert_eq!(
        (screening.phq9_item9, screening.phq9_item9_highest),
        (Some(1), Some(1))
    );
    assert_eq!(payload.verify(&catalogue(), &config), Ok(()));
}

/// An item 9 answer given in a PHQ-9 the short form then stands for (not
/// every item answered) is still carried and flagged.
#[test]
fn an_item_9_answer_is_carried_even_where_phq2_stands_for_phq9() {
    let config = with_pre_screens();
    let mut phq9 = first_two(InstrumentId::Phq9, 0, 1);
    phq9.answer(9, 2).unwrap();
    let payload = referral(&config, &[phq9, first_two(InstrumentId::Gad7, 0, 0)]);
    let screening = &payload.screening;
    assert_eq!(screening.results[0].instrument, InstrumentId::Phq2);
    assert!(screening.risk_flag);
    assert_eq!(screening.phq9_item9, Some(2));
    assert_eq!(payload.verify(&catalogue(), &config), Ok(()));
}
