//! A risk answer in words for the clinician: the question as asked and the
//! answer given, and, when the patient changed it, both answers
//! (clinical-reference.md §6). Nothing that names the patient.

use crate::locale::Locale;
use screening::{Catalogue, InstrumentId, RiskAnswer, RiskReason};

/// "PHQ-9 question 9, "Thoughts that …": Several days." or, for an answer
/// changed since, "… answered "Several days", then changed to "Not at all"."
pub fn risk_sentence(locale: &Locale, catalogue: &Catalogue, risk: &RiskAnswer) -> String {
    let instrument = catalogue.get(InstrumentId::Phq9);
    let question = instrument
        .items
        .iter()
        .find(|i| i.number == risk.item)
        .map(|i| i.text.as_str())
        .unwrap_or_default();
    let label = |answer: Option<u8>| {
        instrument
            .options
            .iter()
            .find(|o| Some(o.score) == answer)
            .map(|o| o.label.as_str())
            .unwrap_or_default()
    };
    let key = match risk.reason() {
        Some(RiskReason::Withdrawn) => "clinic.risk.withdrawn",
        _ => "clinic.risk.given",
    };
    locale.text_with(
        key,
        &[
            ("name", &instrument.name),
            ("item", &risk.item.to_string()),
            ("question", question),
            ("highest", label(risk.highest)),
            ("answer", label(risk.last)),
        ],
    )
}
