//! Each instrument answered as a QuestionnaireResponse naming its
//! Questionnaire's canonical `url|version`, each answer the same coding as
//! the Questionnaire's option.

use crate::bundle::{Entry, StoredReferral};
use crate::questionnaire::{self, canonical, difficulty_link_id, link_id};
use screening::{Catalogue, InstrumentId, ScoredResult};
use serde_json::{Value, json};

/// The entry role of an instrument's response (`response/phq9`).
pub(crate) fn role(instrument: InstrumentId) -> String {
    format!("response/{instrument}")
}

pub(crate) fn entries(catalogue: &Catalogue, referral: &StoredReferral) -> Vec<Entry> {
    let screening = &referral.payload.screening;
    screening
        .results
        .iter()
        .map(|result| {
            let mut items = answers(catalogue, result);
            if result.instrument == InstrumentId::Phq9 {
                items.extend(difficulty(catalogue, screening.functional_difficulty));
            }
            let role = role(result.instrument);
            let response = json!({
                "resourceType": "QuestionnaireResponse",
                "identifier": referral.own_identifier(&role),
                "questionnaire": canonical(result.instrument, &result.instrument_version),
                "status": "completed",
                "subject": referral.patient(),
                // The payload records when it was received, not when answered.
                "authored": referral.received_at,
                "item": items,
            });
            Entry::new(referral, role, response)
        })
        .collect()
}

/// One item per answer, in order, with the option's coding (looked up by
/// score in the instrument; a score the instrument lacks, which a verified
/// payload cannot have, gives the score as an integer).
fn answers(catalogue: &Catalogue, result: &ScoredResult) -> Vec<Value> {
    let instrument = catalogue.get(result.instrument);
    result
        .answers
        .iter()
        .enumerate()
        .map(|(i, &score)| {
            let number = i as u8 + 1;
            let answer = match instrument.options.iter().find(|o| o.score == score) {
                Some(option) => {
                    json!({ "valueCoding": questionnaire::option_coding(result.instrument, option) })
                }
                None => json!({ "valueInteger": score }),
            };
            let mut item = json!({ "linkId": link_id(result.instrument, number), "answer": [answer] });
            if let Some(question) = instrument.items.get(i) {
                item["text"] = json!(question.text);
            }
            item
        })
        .collect()
}

/// PHQ-9's difficulty question, when answered (0 "Not difficult at all" to 3).
fn difficulty(catalogue: &Catalogue, answer: Option<u8>) -> Option<Value> {
    let question = catalogue
        .get(InstrumentId::Phq9)
        .functional_question
        .as_ref()?;
    let label = question.options.get(usize::from(answer?))?;
    Some(json!({
        "linkId": difficulty_link_id(InstrumentId::Phq9),
        "text": question.text,
        "answer": [{ "valueString": label }],
    }))
}
