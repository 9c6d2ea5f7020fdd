//! One stored referral as one FHIR transaction `Bundle`: the Patient, a
//! QuestionnaireResponse and a total Observation per instrument answered,
//! the ServiceRequest, a Flag for a risk answer, and the consents.

use crate::ids::entry_urn;
use crate::systems::URI;
use crate::{consent, flag, observations, patient, responses, service_request};
use screening::{Catalogue, ReferralPayload};
use serde_json::{Value, json};

/// What the Bundle is made from: the verified payload as stored, with the
/// reference and time the endpoint gave it.
#[derive(Debug, Clone, Copy)]
pub struct StoredReferral<'a> {
    pub payload: &'a ReferralPayload,
    /// The reference the person and staff see (`TH-7K3Q-9D`).
    pub reference: &'a str,
    /// When the endpoint stored it: RFC 3339, UTC.
    pub received_at: &'a str,
}

impl StoredReferral<'_> {
    /// The `urn:uuid:` of the entry playing `role` in this referral's Bundle.
    pub(crate) fn urn(&self, role: &str) -> String {
        entry_urn(&self.payload.referral_id, role)
    }

    /// A reference to the Patient entry.
    pub(crate) fn patient(&self) -> Value {
        json!({ "reference": self.urn(patient::ROLE) })
    }

    /// The identifier every entry carries: its own `urn:uuid`, so that a
    /// conditional create (`ifNoneExist`) finds it again on a re-export.
    pub(crate) fn own_identifier(&self, role: &str) -> Value {
        json!({ "system": URI, "value": self.urn(role) })
    }
}

/// One entry: POSTed only if no resource has its identifier yet
/// (`if_none_exist`, a conditional create), so a repeat duplicates nothing.
pub(crate) struct Entry {
    pub role: String,
    pub resource: Value,
    pub if_none_exist: String,
}

impl Entry {
    /// An entry found again by its own `urn:uuid` identifier.
    pub fn new(referral: &StoredReferral, role: impl Into<String>, resource: Value) -> Entry {
        let role = role.into();
        let if_none_exist = format!("identifier={URI}|{}", referral.urn(&role));
        Entry {
            role,
            resource,
            if_none_exist,
        }
    }

    fn to_json(&self, referral: &StoredReferral) -> Value {
        let kind = self.resource["resourceType"]
            .as_str()
            .expect("every resource names its type");
        json!({
            "fullUrl": referral.urn(&self.role),
            "resource": self.resource,
            "request": { "method": "POST", "url": kind, "ifNoneExist": self.if_none_exist },
        })
    }
}

/// The referral as a transaction Bundle. The same referral always gives the
/// same Bundle (entry ids come from the referral id: `ids`).
pub fn referral_bundle(catalogue: &Catalogue, referral: &StoredReferral) -> Value {
    let mut entries = vec![patient::entry(referral)];
    entries.extend(service_request::requester_entries(referral));
    let answered = responses::entries(catalogue, referral);
    let totals = observations::entries(catalogue, referral);
    let risk = flag::entry(referral);
    let consents = consent::entries(referral);
    let supporting: Vec<&Entry> = answered.iter().chain(&risk).chain(&consents).collect();
    let request = service_request::entry(referral, &totals, &supporting);
    entries.push(request);
    entries.extend(answered);
    entries.extend(totals);
    entries.extend(risk);
    entries.extend(consents);
    json!({
        "resourceType": "Bundle",
        "identifier": referral.own_identifier("bundle"),
        "type": "transaction",
        "entry": entries.iter().map(|e| e.to_json(referral)).collect::<Vec<_>>(),
    })
}
