//! The referral itself: a ServiceRequest to the talking therapies service,
//! requested by the person (self), the clinician (clinic) or the GP
//! practice (embed), identified by its reference so a repeat is not stored
//! twice (conditional create).

use crate::bundle::{Entry, StoredReferral};

use crate::systems::{ODS_ORGANISATION, referral_reference_system};
use screening::Channel;
use serde_json::{Value, json};

pub(crate) const ROLE: &str = "service-request";
const PRACTITIONER: &str = "practitioner";
const PRACTITIONER_ROLE: &str = "practitioner-role";

/// For a clinic referral, the clinician as a Practitioner (their name) and
/// a PractitionerRole (their role as text); none for the other channels.
pub(crate) fn requester_entries(referral: &StoredReferral) -> Vec<Entry> {
    let Channel::Clinic { clinician } = &referral.payload.channel else {
        return Vec::new();
    };
    let practitioner = json!({
        "resourceType": "Practitioner",
        "identifier": [referral.own_identifier(PRACTITIONER)],
        "name": [{ "text": clinician.name }],
    });
    let role = json!({
        "resourceType": "PractitionerRole",
        "identifier": [referral.own_identifier(PRACTITIONER_ROLE)],
        "practitioner": { "reference": referral.urn(PRACTITIONER) },
        "code": [{ "text": clinician.role }],
    });
    vec![
        Entry::new(referral, PRACTITIONER, practitioner),
        Entry::new(referral, PRACTITIONER_ROLE, role),
    ]
}

fn requester(referral: &StoredReferral) -> Value {
    match &referral.payload.channel {
        Channel::SelfReferral => referral.patient(),
        Channel::Clinic { .. } => json!({ "reference": referral.urn(PRACTITIONER_ROLE) }),
        Channel::Embed { practice_ods } => json!({
            "type": "Organization",
            "identifier": { "system": ODS_ORGANISATION, "value": practice_ods },
        }),
    }
}

/// What the service needs that has no field of its own: the channel in
/// words, the clinician's team, how to contact, and the person's free text.
fn notes(referral: &StoredReferral) -> Vec<Value> {
    let payload = referral.payload;
    let person = &payload.person;
    let mut notes = vec![match &payload.channel {
        Channel::SelfReferral => "Self-referral from the service's website".to_owned(),
        Channel::Clinic { clinician } => format!(
            "Screened in clinic by {} ({}, {})",
            clinician.name, clinician.role, clinician.team
        ),
        Channel::Embed { practice_ods } => {
            format!("Self-referral from GP practice {practice_ods}'s website")
        }
    }];
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    if let Some(b) = person.contact.safe_to_leave_message {
        notes.push(format!("Safe to leave a message: {}", yes_no(b)));
    }
    if let Some(b) = person.contact.safe_to_text {
        notes.push(format!("Safe to send a text: {}", yes_no(b)));
    }
    if let Some(time) = person.best_time_to_call {
        notes.push(format!(
            "Best time to call: {}",
            time.name().replace('_', " ")
        ));
    }
    if let Some(text) = &person.anything_else {
        notes.push(format!("Anything else (not read straight away): {text}"));
    }
    notes.push(format!(
        "Configuration {}; payload schema version {}",
        payload.config_version, payload.schema_version
    ));
    notes
        .into_iter()
        .map(|text| json!({ "text": text }))
        .collect()
}

pub(crate) fn entry(referral: &StoredReferral, totals: &[Entry], supporting: &[&Entry]) -> Entry {
    let screening = &referral.payload.screening;
    let reference = |e: &Entry| json!({ "reference": referral.urn(&e.role) });
    let request = json!({
        "resourceType": "ServiceRequest",
        "identifier": [
            { "system": referral_reference_system(), "value": referral.reference },
            { "system": crate::systems::URI, "value": format!("urn:uuid:{}", referral.payload.referral_id) },
        ],
        "status": "active",
        "intent": "order",
        // A risk answer is contacted first (clinical-reference.md §6).
        "priority": if screening.risk_flag { "urgent" } else { "routine" },
        "code": { "text": "Referral to NHS Talking Therapies" },
        "subject": referral.patient(),
        "authoredOn": referral.received_at,
        "requester": requester(referral),
        "reasonReference": totals.iter().map(reference).collect::<Vec<_>>(),
        "supportingInfo": supporting.iter().map(|e| reference(e)).collect::<Vec<_>>(),
        "note": notes(referral),
    });
    let mut entry = Entry::new(referral, ROLE, request);
    // Conditional create on the referral's reference: a repeat is not a second referral.
    entry.if_none_exist = format!(
        "identifier={}|{}",
        referral_reference_system(),
        referral.reference
    );
    entry
}
