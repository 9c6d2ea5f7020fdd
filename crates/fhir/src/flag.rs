//! A risk answer to PHQ-9 item 9 (clinical-reference.md §6) as an active
//! Flag: given, or given and withdrawn, with the final and highest answers,
//! pointing at the PHQ-9 response it comes from.

use crate::bundle::{Entry, StoredReferral};
use crate::responses;
use crate::systems::{self, FLAG_CATEGORY, FLAG_DETAIL};
use screening::{InstrumentId, RiskReason};
use serde_json::json;

pub(crate) const ROLE: &str = "flag/risk";

pub(crate) fn entry(referral: &StoredReferral) -> Option<Entry> {
    let screening = &referral.payload.screening;
    if !screening.risk_flag {
        return None;
    }
    // Schema version 1 has no reason: its flag meant the final answer was one.
    let reason = screening.risk_reason.unwrap_or(RiskReason::Given);
    let answer = |a: Option<u8>| a.map_or("not recorded".to_owned(), |a| a.to_string());
    let display = match reason {
        RiskReason::Given => "Risk answer given to PHQ-9 item 9",
        RiskReason::Withdrawn => {
            "Risk answer given to PHQ-9 item 9, then changed to a lower answer"
        }
    };
    let mut flag = json!({
        "resourceType": "Flag",
        "identifier": [referral.own_identifier(ROLE)],
        "status": "active",
        "category": [{ "coding": [{ "system": FLAG_CATEGORY, "code": "clinical" }] }],
        "code": {
            "coding": [{
                "system": systems::local_code_system("risk"),
                "code": format!("self-harm-thoughts-{}", reason.name()),
                "display": display,
            }],
            "text": format!(
                "{display}: final answer {}, highest answer {} (0 Not at all to 3 Nearly every day)",
                answer(screening.phq9_item9),
                answer(screening.phq9_item9_highest),
            ),
        },
        "subject": referral.patient(),
        "period": { "start": referral.received_at },
    });
    let has_phq9 = screening
        .results
        .iter()
        .any(|r| r.instrument == InstrumentId::Phq9);
    if has_phq9 {
        flag["extension"] = json!([{
            "url": FLAG_DETAIL,
            "valueReference": { "reference": referral.urn(&responses::role(InstrumentId::Phq9)) },
        }]);
    }
    Some(Entry::new(referral, ROLE, flag))
}
