//! Shared by the FHIR tests: the catalogue, and the independent validator
//! (`scripts/validate-fhir.py` in the venv `scripts/bootstrap.sh` makes).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn catalogue() -> screening::Catalogue {
    screening::Catalogue::load().unwrap()
}

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The venv's Python: `$FHIR_VALIDATOR_VENV` or
/// `$HOME/.cache/talking-health/fhir-validator`, as bootstrap.sh makes it.
fn validator_python() -> PathBuf {
    let venv = std::env::var_os("FHIR_VALIDATOR_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
                .join(".cache/talking-health/fhir-validator")
        });
    let python = venv.join("bin/python");
    assert!(
        python.exists(),
        "the FHIR validator is not installed ({} is missing): run scripts/bootstrap.sh",
        python.display()
    );
    python
}

/// Runs the validator over `files`.
pub fn validate(files: &[PathBuf]) -> Output {
    Command::new(validator_python())
        .arg(root().join("scripts/validate-fhir.py"))
        .args(files)
        .output()
        .expect("the validator runs")
}

use screening::referral::ReferralDetails;
use screening::{AnswersInProgress, Channel, InstrumentId, ReferralPayload, ScreeningRecord};
use serde_json::{Value, json};
use std::sync::Arc;

pub const REFERRAL_ID: &str = "3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b";
pub const REFERENCE: &str = "TH-7K3Q-9D";
pub const RECEIVED_AT: &str = "2026-11-23T09:30:00Z";

/// The service configuration in `public/config.json`, pre-screens on or off.
pub fn service_config(pre_screens: bool) -> screening::ServiceConfig {
    let text = std::fs::read_to_string(root().join("public/config.json")).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    json["pre_screens"] = json!(pre_screens);
    screening::ServiceConfig::from_json(&json.to_string(), &catalogue()).unwrap()
}

/// The test patient with only what is required, or with every optional field.
pub fn person(every_optional_field: bool) -> ReferralDetails {
    let mut person = json!({
        "first_name": "Zebedee",
        "last_name": "Quillfeather",
        "preferred_name": null,
        "date_of_birth": "1981-03-14",
        "gp_practice": { "name": "Anytown Medical Centre", "ods": "F83004" },
        "postcode": null,
        "contact": { "phone": "07700 900123", "email": null, "safe_to_leave_message": null, "safe_to_text": null },
        "nhs_number": null,
        "gender": null,
        "ethnicity": null,
        "interpreter_language": null,
        "best_time_to_call": null,
        "anything_else": null,
        "consents": { "contact": true, "inform_gp": false },
    });
    if every_optional_field {
        for (field, value) in [
            ("preferred_name", json!("Zeb")),
            ("postcode", json!("N1 9AB")),
            ("nhs_number", json!("9434765919")),
            ("gender", json!("non_binary")),
            ("ethnicity", json!("A")),
            ("interpreter_language", json!("Welsh")),
            ("best_time_to_call", json!("any_time")),
            ("anything_else", json!("Mention the lighthouse")),
        ] {
            person[field] = value;
        }
        person["contact"] = json!({
            "phone": "07700 900123", "email": "zebedee.q@example.com",
            "safe_to_leave_message": true, "safe_to_text": false,
        });
        person["consents"]["inform_gp"] = json!(true);
    }
    serde_json::from_value(person).unwrap()
}

/// `id`'s questionnaire with items 1, 2, ... answered `values` in turn.
pub fn answered(id: InstrumentId, values: &[u8]) -> AnswersInProgress {
    let mut answers = AnswersInProgress::new(Arc::clone(catalogue().get(id)));
    for (i, v) in values.iter().enumerate() {
        answers.answer(i as u8 + 1, *v).unwrap();
    }
    answers
}

/// A referral answering the diabetes screen, PHQ-9 (`phq9`: two answers
/// stand as PHQ-2 when pre-screens are on and they are below its cut-off; optionally with
/// item 9 first answered `item9_first`) and GAD-7, scored as `config` says.
pub fn payload(
    channel: Channel,
    every_optional_field: bool,
    pre_screens: bool,
    phq9: &[u8],
    item9_first: Option<u8>,
) -> ReferralPayload {
    let config = service_config(pre_screens);
    let mut phq = answered(InstrumentId::Phq9, phq9);
    if let Some(first) = item9_first {
        phq.answer(9, first).unwrap();
        phq.answer(9, phq9[8]).unwrap();
    }
    let asked = [
        answered(InstrumentId::Diabetes, &[3, 2]),
        phq,
        answered(InstrumentId::Gad7, &[2, 2, 1, 1, 1, 1, 1]),
    ];
    let record = ScreeningRecord::of(&config, &asked, every_optional_field.then_some(1));
    ReferralPayload::new(
        REFERRAL_ID.into(),
        &config,
        channel,
        person(every_optional_field),
        record,
    )
}

pub fn clinic() -> Channel {
    serde_json::from_value(json!({
        "kind": "clinic",
        "clinician": { "name": "Ada Nurse", "role": "Practice nurse", "team": "Diabetes" },
    }))
    .unwrap()
}

pub fn embed() -> Channel {
    Channel::Embed {
        practice_ods: "F83004".into(),
    }
}

/// The Bundle of `payload` as stored with the test reference and time.
pub fn bundle_of(payload: &ReferralPayload) -> Value {
    fhir::referral_bundle(
        &catalogue(),
        &fhir::StoredReferral {
            payload,
            reference: REFERENCE,
            received_at: RECEIVED_AT,
        },
    )
}

/// The resource of the Bundle's entry of this type (the first one).
pub fn resource<'a>(bundle: &'a Value, kind: &str) -> &'a Value {
    resources(bundle, kind)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no {kind}"))
}

/// Every resource of this type in the Bundle, in order.
pub fn resources<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}
