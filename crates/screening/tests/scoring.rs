//! Scoring, bands and caseness, checked exhaustively where the answer space is
//! small, against an independent straightforward computation.

use screening::{AnswersInProgress, Catalogue, InstrumentId, Score, Severity};
use std::sync::Arc;

fn catalogue() -> Catalogue {
    Catalogue::load().expect("shipped instruments load")
}

fn answered(id: InstrumentId, values: &[u8]) -> AnswersInProgress {
    let mut answers = AnswersInProgress::new(Arc::clone(catalogue().get(id)));
    for (i, v) in values.iter().enumerate() {
        answers.answer(i as u8 + 1, *v).expect("valid answer");
    }
    answers
}

/// PHQ-9 bands written out independently of the instrument file (clinical-reference.md §3).
fn phq9_band(total: u16) -> Severity {
    match total {
        0..=4 => Severity::Minimal,
        5..=9 => Severity::Mild,
        10..=14 => Severity::Moderate,
        15..=19 => Severity::ModeratelySevere,
        _ => Severity::Severe,
    }
}

/// GAD-7 bands written out independently (clinical-reference.md §4).
fn gad7_band(total: u16) -> Severity {
    match total {
        0..=4 => Severity::Minimal,
        5..=9 => Severity::Mild,
        10..=14 => Severity::Moderate,
        _ => Severity::Severe,
    }
}

/// Every answer set of `items` items with options 0..=3, as base-4 digits of `n`.
fn answer_set(n: u32, items: usize) -> Vec<u8> {
    (0..items).map(|i| ((n >> (2 * i)) & 3) as u8).collect()
}

#[test]
fn every_one_of_the_262144_phq9_answer_sets_scores_as_the_reference_says() {
    let catalogue = catalogue();
    let phq9 = catalogue.get(InstrumentId::Phq9);
    for n in 0..4u32.pow(9) {
        let values = answer_set(n, 9);
        let mut answers = AnswersInProgress::new(Arc::clone(phq9));
        for (i, v) in values.iter().enumerate() {
            answers.answer(i as u8 + 1, *v).unwrap();
        }
        let result = answers.complete().unwrap().score(Score::new(10));
        let total: u16 = values.iter().map(|v| u16::from(*v)).sum();
        assert_eq!(result.total.value(), total, "{values:?}");
        assert_eq!(result.severity, Some(phq9_band(total)), "{values:?}");
        assert_eq!(result.caseness.met, total >= 10, "{values:?}");
        assert_eq!(result.caseness.cutoff, Score::new(10));
        assert_eq!(!result.risk.is_empty(), values[8] > 0, "{values:?}");
        assert_eq!(result.answers, values);
    }
}

#[test]
fn every_one_of_the_16384_gad7_answer_sets_scores_as_the_reference_says() {
    let catalogue = catalogue();
    let gad7 = catalogue.get(InstrumentId::Gad7);
    for n in 0..4u32.pow(7) {
        let values = answer_set(n, 7);
        let mut answers = AnswersInProgress::new(Arc::clone(gad7));
        for (i, v) in values.iter().enumerate() {
            answers.answer(i as u8 + 1, *v).unwrap();
        }
        let result = answers.complete().unwrap().score(Score::new(8));
        let total: u16 = values.iter().map(|v| u16::from(*v)).sum();
        assert_eq!(result.total.value(), total, "{values:?}");
        assert_eq!(result.severity, Some(gad7_band(total)), "{values:?}");
        assert_eq!(result.caseness.met, total >= 8, "{values:?}");
        assert!(result.risk.is_empty(), "GAD-7 has no risk item");
    }
}

/// A complete 0-3 answer set with the given total (items filled from the first).
fn with_total(items: usize, total: u16) -> Vec<u8> {
    let mut left = total;
    (0..items)
        .map(|_| {
            let v = left.min(3) as u8;
            left -= u16::from(v);
            v
        })
        .collect()
}

fn severity_at(id: InstrumentId, items: usize, total: u16) -> Option<Severity> {
    let values = with_total(items, total);
    assert_eq!(values.iter().map(|v| u16::from(*v)).sum::<u16>(), total);
    answered(id, &values)
        .complete()
        .unwrap()
        .score(Score::new(10))
        .severity
}

#[test]
fn phq9_band_boundaries_are_4_5_9_10_14_15_19_20() {
    use Severity::*;
    let phq9 = |t| severity_at(InstrumentId::Phq9, 9, t);
    assert_eq!(phq9(0), Some(Minimal));
    assert_eq!(phq9(4), Some(Minimal));
    assert_eq!(phq9(5), Some(Mild));
    assert_eq!(phq9(9), Some(Mild));
    assert_eq!(phq9(10), Some(Moderate));
    assert_eq!(phq9(14), Some(Moderate));
    assert_eq!(phq9(15), Some(ModeratelySevere));
    assert_eq!(phq9(19), Some(ModeratelySevere));
    assert_eq!(phq9(20), Some(Severe));
    assert_eq!(phq9(27), Some(Severe));
}

#[test]
fn gad7_band_boundaries_are_4_5_9_10_14_15() {
    use Severity::*;
    let gad7 = |t| severity_at(InstrumentId::Gad7, 7, t);
    assert_eq!(gad7(0), Some(Minimal));
    assert_eq!(gad7(4), Some(Minimal));
    assert_eq!(gad7(5), Some(Mild));
    assert_eq!(gad7(9), Some(Mild));
    assert_eq!(gad7(10), Some(Moderate));
    assert_eq!(gad7(14), Some(Moderate));
    assert_eq!(gad7(15), Some(Severe));
    assert_eq!(gad7(21), Some(Severe));
}

#[test]
fn default_cutoffs_are_phq9_10_gad7_8_and_condition_screens_6() {
    let catalogue = catalogue();
    let default = |id| catalogue.get(id).default_cutoff.value();
    assert_eq!(default(InstrumentId::Phq9), 10);
    assert_eq!(default(InstrumentId::Gad7), 8);
    assert_eq!(default(InstrumentId::Phq2), 3);
    assert_eq!(default(InstrumentId::Gad2), 3);
    for id in [
        InstrumentId::Diabetes,
        InstrumentId::Copd,
        InstrumentId::Cardiac,
    ] {
        assert_eq!(default(id), 6, "{id}");
    }
}

#[test]
fn every_condition_screen_meets_its_cutoff_at_6_and_not_at_5() {
    // DDS2: mean item score >= 3, that is total >= 6 of 12 (clinical-reference.md §2).
    for id in [
        InstrumentId::Diabetes,
        InstrumentId::Copd,
        InstrumentId::Cardiac,
    ] {
        for a in 1..=6u8 {
            for b in 1..=6u8 {
                let result = answered(id, &[a, b])
                    .complete()
                    .unwrap()
                    .score(Score::new(6));
                let total = u16::from(a + b);
                assert_eq!(result.total.value(), total);
                assert_eq!(result.caseness.met, total >= 6, "{id} {a}+{b}");
                assert_eq!(result.severity, None, "the screens define no bands");
            }
        }
        let at = |a, b| {
            answered(id, &[a, b])
                .complete()
                .unwrap()
                .score(Score::new(6))
                .caseness
                .met
        };
        assert!(!at(2, 3), "{id}: 5 is below the cut-off");
        assert!(at(3, 3), "{id}: 6 meets the cut-off");
        assert!(at(1, 5), "{id}: 6 meets the cut-off however it is made");
    }
}

#[test]
fn a_configured_cutoff_changes_the_outcome() {
    // The LTC-pathway example values of clinical-reference.md §5: PHQ-9 >= 9, GAD-7 >= 7.
    let phq9_of_9 = answered(InstrumentId::Phq9, &[1, 1, 1, 1, 1, 1, 1, 2, 0])
        .complete()
        .unwrap();
    assert!(!phq9_of_9.score(Score::new(10)).caseness.met);
    assert!(phq9_of_9.score(Score::new(9)).caseness.met);
    assert_eq!(
        phq9_of_9.score(Score::new(9)).caseness.cutoff,
        Score::new(9)
    );
    let gad7_of_7 = answered(InstrumentId::Gad7, &[1, 1, 1, 1, 1, 1, 1])
        .complete()
        .unwrap();
    assert!(!gad7_of_7.score(Score::new(8)).caseness.met);
    assert!(gad7_of_7.score(Score::new(7)).caseness.met);
    let diabetes_of_5 = answered(InstrumentId::Diabetes, &[2, 3])
        .complete()
        .unwrap();
    assert!(!diabetes_of_5.score(Score::new(6)).caseness.met);
    assert!(diabetes_of_5.score(Score::new(5)).caseness.met);
}

#[test]
fn an_incomplete_questionnaire_cannot_be_scored_and_names_the_missing_items() {
    let mut answers = answered(InstrumentId::Phq9, &[3, 3, 3, 3, 3, 3, 3, 3]);
    let missing = answers.complete().unwrap_err().missing;
    assert_eq!(missing, vec![9], "item 9 is never imputed");
    answers.answer(9, 0).unwrap();
    assert!(answers.complete().is_ok());
    let blank = answered(InstrumentId::Gad7, &[]);
    assert_eq!(
        blank.complete().unwrap_err().missing,
        (1..=7).collect::<Vec<u8>>()
    );
}

#[test]
fn answers_that_are_not_options_or_items_are_refused() {
    let mut phq9 = answered(InstrumentId::Phq9, &[]);
    assert!(phq9.answer(1, 4).is_err());
    assert!(phq9.answer(0, 1).is_err());
    assert!(phq9.answer(10, 1).is_err());
    let mut diabetes = answered(InstrumentId::Diabetes, &[]);
    assert!(diabetes.answer(1, 0).is_err(), "DDS2 options run 1 to 6");
    assert!(diabetes.answer(1, 7).is_err());
    assert!(diabetes.answer(3, 3).is_err(), "the screens have two items");
}

#[test]
fn item_9_above_not_at_all_is_a_risk_answer_as_soon_as_it_is_given() {
    let mut answers = answered(InstrumentId::Phq9, &[]);
    assert!(answers.risk_indicators().is_empty());
    answers.answer(9, 0).unwrap();
    assert!(
        answers.risk_indicators().is_empty(),
        "\"Not at all\" is not a risk answer"
    );
    for answer in 1..=3 {
        answers.answer(9, answer).unwrap();
        let risk = answers.risk_indicators();
        assert_eq!(risk.len(), 1, "only item 9 answered, and already flagged");
        assert_eq!((risk[0].item, risk[0].answer), (9, answer));
    }
    answers.answer(9, 0).unwrap();
    assert!(
        answers.risk_indicators().is_empty(),
        "changing the answer back clears it"
    );
}

#[test]
fn a_risk_answer_is_flagged_whatever_the_total() {
    let low = answered(InstrumentId::Phq9, &[0, 0, 0, 0, 0, 0, 0, 0, 1])
        .complete()
        .unwrap();
    let result = low.score(Score::new(10));
    assert_eq!(result.total, Score::new(1));
    assert!(!result.caseness.met);
    assert_eq!(result.risk.len(), 1);
}

#[test]
fn phq2_and_gad2_are_items_1_and_2_with_a_cutoff_of_3() {
    let catalogue = catalogue();
    for (short, parent) in [
        (InstrumentId::Phq2, InstrumentId::Phq9),
        (InstrumentId::Gad2, InstrumentId::Gad7),
    ] {
        let short_form = catalogue.get(short);
        let parent = catalogue.get(parent);
        assert_eq!(short_form.items.len(), 2);
        assert_eq!(short_form.items[0].text, parent.items[0].text);
        assert_eq!(short_form.items[1].text, parent.items[1].text);
        assert!(short_form.risk_rules.is_empty());
        let met = |a, b| {
            answered(short, &[a, b])
                .complete()
                .unwrap()
                .score(Score::new(3))
                .caseness
                .met
        };
        assert!(!met(1, 1));
        assert!(met(2, 1));
        assert!(met(3, 3));
    }
}
