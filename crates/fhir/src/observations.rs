//! Each instrument's total as an Observation: the LOINC total code where the
//! file has one, the total as `valueInteger`, the severity band and whether
//! the cut-off was met as `interpretation`s, and the cut-off applied as the
//! reference range (clinical-reference.md §5: a result records its cut-off).

use crate::bundle::{Entry, StoredReferral};
use crate::responses;
use crate::systems::{self, LOINC, OBSERVATION_CATEGORY, OBSERVATION_INTERPRETATION};
use screening::{Catalogue, InstrumentId, ScoredResult, Severity};
use serde_json::{Value, json};

/// The entry role of an instrument's total (`total/phq9`).
pub(crate) fn role(instrument: InstrumentId) -> String {
    format!("total/{instrument}")
}

/// The severity band's words, as the code's display.
pub fn severity_display(severity: Severity) -> &'static str {
    match severity {
        Severity::Minimal => "Minimal",
        Severity::Mild => "Mild",
        Severity::Moderate => "Moderate",
        Severity::ModeratelySevere => "Moderately severe",
        Severity::Severe => "Severe",
    }
}

pub(crate) fn entries(catalogue: &Catalogue, referral: &StoredReferral) -> Vec<Entry> {
    referral
        .payload
        .screening
        .results
        .iter()
        .map(|result| {
            let role = role(result.instrument);
            let observation = observation(catalogue, referral, result, &role);
            Entry::new(referral, role, observation)
        })
        .collect()
}

fn observation(
    catalogue: &Catalogue,
    referral: &StoredReferral,
    result: &ScoredResult,
    role: &str,
) -> Value {
    let instrument = catalogue.get(result.instrument);
    let text = format!("{} total score", instrument.name);
    let code = match &instrument.loinc {
        Some(codes) => {
            json!({ "coding": [{ "system": LOINC, "code": codes.total }], "text": text })
        }
        // No total code in the file (short forms, condition screens): text only.
        None => json!({ "text": text }),
    };
    let mut interpretation = Vec::new();
    if let Some(severity) = result.severity {
        interpretation.push(json!({
            "coding": [{
                "system": systems::local_code_system("severity"),
                "code": severity.name(),
                "display": severity_display(severity),
            }],
            "text": format!("Severity: {}", severity_display(severity).to_lowercase()),
        }));
    }
    let (code_met, display_met) = if result.caseness.met {
        ("POS", "Positive")
    } else {
        ("NEG", "Negative")
    };
    interpretation.push(json!({
        "coding": [{ "system": OBSERVATION_INTERPRETATION, "code": code_met, "display": display_met }],
        "text": format!(
            "Cut-off {} {}",
            result.caseness.cutoff,
            if result.caseness.met { "met" } else { "not met" }
        ),
    }));
    json!({
        "resourceType": "Observation",
        "identifier": [referral.own_identifier(role)],
        "status": "final",
        "category": [{ "coding": [{ "system": OBSERVATION_CATEGORY, "code": "survey" }] }],
        "code": code,
        "subject": referral.patient(),
        "effectiveDateTime": referral.received_at,
        "valueInteger": result.total.value(),
        "interpretation": interpretation,
        "referenceRange": [{
            "low": { "value": result.caseness.cutoff.value() },
            "text": format!("Cut-off applied: total >= {} (instrument version {})",
                result.caseness.cutoff, result.instrument_version),
        }],
        "derivedFrom": [{ "reference": referral.urn(&responses::role(result.instrument)) }],
    })
}
