//! Each instrument as a FHIR R4 `Questionnaire`, generated from the
//! catalogue (never copied by hand), with the LOINC codes the instrument
//! files carry and none that they do not.

use crate::systems::{self, LOINC, ORDINAL_VALUE};
use screening::instrument::AnswerOption;
use screening::{Catalogue, Instrument, InstrumentId};
use serde_json::{Value, json};

/// The Questionnaire's logical id: the instrument's own (`phq9`, `gad2`...).
pub fn id(instrument: InstrumentId) -> &'static str {
    instrument.as_str()
}

/// The canonical URL, without version.
pub fn url(instrument: InstrumentId) -> String {
    format!("{}{}", systems::questionnaire_base(), id(instrument))
}

/// `url|version`: what a QuestionnaireResponse names.
pub fn canonical(instrument: InstrumentId, version: &str) -> String {
    format!("{}|{version}", url(instrument))
}

/// Item `number`'s linkId (`phq9-1`): the instrument id and the printed
/// number, so it stays the same across versions of the wording.
pub fn link_id(instrument: InstrumentId, number: u8) -> String {
    format!("{}-{number}", id(instrument))
}

/// PHQ-9's functional (difficulty) question's linkId.
pub fn difficulty_link_id(instrument: InstrumentId) -> String {
    format!("{}-difficulty", id(instrument))
}

/// The coding of an answer option: its LOINC answer code where the file has
/// one, otherwise our local code system for that instrument's scale, coded
/// by score (the condition screens' DDS2 scale has no LOINC answer list in
/// the files, and we do not guess one).
pub fn option_coding(instrument: InstrumentId, option: &AnswerOption) -> Value {
    match &option.loinc {
        Some(code) => json!({ "system": LOINC, "code": code, "display": option.label }),
        None => json!({
            "system": systems::local_code_system(&format!("{}-answer", id(instrument))),
            "code": option.score.to_string(),
            "display": option.label,
        }),
    }
}

/// The instrument as a Questionnaire: the stem as a display item, then one
/// required `choice` item per question, each option carrying its score as
/// R4's `ordinalValue` extension; PHQ-9's difficulty question last, not
/// required and unscored.
pub fn questionnaire(instrument: &Instrument) -> Value {
    let mut items = vec![json!({
        "linkId": format!("{}-stem", id(instrument.id)),
        "text": instrument.stem,
        "type": "display",
    })];
    items.extend(instrument.items.iter().map(|item| {
        let mut q = json!({
            "linkId": link_id(instrument.id, item.number),
            "prefix": item.number.to_string(),
            "text": item.text,
            "type": "choice",
            "required": true,
            "answerOption": instrument.options.iter().map(|o| answer_option(instrument.id, o)).collect::<Vec<_>>(),
        });
        if let Some(code) = &item.loinc {
            q["code"] = json!([{ "system": LOINC, "code": code }]);
        }
        q
    }));
    if let Some(question) = &instrument.functional_question {
        let mut q = json!({
            "linkId": difficulty_link_id(instrument.id),
            "text": question.text,
            "type": "choice",
            "required": false,
            "answerOption": question.options.iter().map(|o| json!({ "valueString": o })).collect::<Vec<_>>(),
        });
        if let Some(code) = &question.loinc {
            q["code"] = json!([{ "system": LOINC, "code": code }]);
        }
        items.push(q);
    }
    let mut q = json!({
        "resourceType": "Questionnaire",
        "id": id(instrument.id),
        "url": url(instrument.id),
        "version": instrument.version,
        "name": computable_name(instrument.id),
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
    });
    if let Some(copyright) = &instrument.copyright {
        q["copyright"] = json!(copyright);
    }
    if let Some(codes) = &instrument.loinc {
        q["code"] = json!([{ "system": LOINC, "code": codes.panel }]);
    }
    q
}

fn answer_option(instrument: InstrumentId, option: &AnswerOption) -> Value {
    json!({
        "extension": [{ "url": ORDINAL_VALUE, "valueDecimal": option.score }],
        "valueCoding": option_coding(instrument, option),
    })
}

/// R4's computable name (`que-0`: starts with a capital letter, letters,
/// digits and `_` only): `Phq9`, `Diabetes`.
fn computable_name(instrument: InstrumentId) -> String {
    let mut chars = id(instrument).chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Every instrument's Questionnaire, in the order the widget asks them.
pub fn questionnaires(catalogue: &Catalogue) -> Vec<(InstrumentId, Value)> {
    InstrumentId::ALL
        .iter()
        .map(|&i| (i, questionnaire(catalogue.get(i))))
        .collect()
}

/// The Questionnaire as committed and served: pretty JSON and a newline.
pub fn to_file_text(questionnaire: &Value) -> String {
    serde_json::to_string_pretty(questionnaire).expect("JSON values serialise") + "\n"
}
