//! The person's two consents (clinical-reference.md §8: to be contacted by
//! the service, to the service informing their GP) as R4 Consent resources,
//! each permitting or denying; UK Core has no Consent profile of its own.

use crate::bundle::{Entry, StoredReferral};
use crate::systems::{CONSENT_SCOPE, V3_ACT_CODE};
use serde_json::json;

pub(crate) fn entries(referral: &StoredReferral) -> Vec<Entry> {
    let consents = referral.payload.person.consents;
    [
        (
            "consent/contact",
            "Consent to be contacted by the service",
            consents.contact,
        ),
        (
            "consent/inform-gp",
            "Consent to the service informing the GP",
            consents.inform_gp,
        ),
    ]
    .into_iter()
    .map(|(role, what, given)| {
        let consent = json!({
            "resourceType": "Consent",
            "identifier": [referral.own_identifier(role)],
            "status": "active",
            "scope": { "coding": [{ "system": CONSENT_SCOPE, "code": "patient-privacy" }] },
            "category": [{ "text": what }],
            "patient": referral.patient(),
            "dateTime": referral.received_at,
            "performer": [referral.patient()],
            // ppc-1: a policy or a policy rule; the answer was an opt-in question.
            "policyRule": { "coding": [{ "system": V3_ACT_CODE, "code": "OPTIN" }] },
            "provision": { "type": if given { "permit" } else { "deny" } },
        });
        Entry::new(referral, role, consent)
    })
    .collect()
}
