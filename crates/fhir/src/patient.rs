//! The person referred, as a UK Core Patient.

use crate::bundle::{Entry, StoredReferral};
use crate::systems::{
    NHS_NUMBER, ODS_ORGANISATION, UK_CORE_ETHNIC_CATEGORY, UK_CORE_ETHNIC_CATEGORY_ENGLAND,
    UK_CORE_PATIENT,
};
use screening::referral::Gender;
use serde_json::{Value, json};

pub(crate) const ROLE: &str = "patient";

/// FHIR's administrative gender is a required binding of four codes; the
/// form's answers map onto it: non-binary and other to `other`, "prefer
/// not to say" to `unknown` (docs/fhir.md).
pub fn administrative_gender(gender: Gender) -> &'static str {
    match gender {
        Gender::Female => "female",
        Gender::Male => "male",
        Gender::NonBinary | Gender::Other => "other",
        Gender::PreferNotToSay => "unknown",
    }
}

pub(crate) fn entry(referral: &StoredReferral) -> Entry {
    let person = &referral.payload.person;
    let mut identifiers = vec![referral.own_identifier(ROLE)];
    if let Some(nhs) = &person.nhs_number {
        // Not traced against PDS: no verification status is claimed.
        identifiers.insert(0, json!({ "system": NHS_NUMBER, "value": nhs.as_digits() }));
    }
    let mut names = vec![json!({
        "use": "official",
        "family": person.last_name.as_str(),
        "given": [person.first_name.as_str()],
    })];
    if let Some(preferred) = &person.preferred_name {
        names.push(json!({ "use": "usual", "given": [preferred.as_str()] }));
    }
    let mut telecom = Vec::new();
    if let Some(phone) = &person.contact.phone {
        telecom.push(json!({ "system": "phone", "value": phone.as_e164() }));
    }
    if let Some(email) = &person.contact.email {
        telecom.push(json!({ "system": "email", "value": email.as_str() }));
    }
    let mut patient = json!({
        "resourceType": "Patient",
        "meta": { "profile": [UK_CORE_PATIENT] },
        "identifier": identifiers,
        "name": names,
        "birthDate": person.date_of_birth.to_string(),
        "generalPractitioner": [{
            "type": "Organization",
            "identifier": { "system": ODS_ORGANISATION, "value": person.gp_practice.ods },
            "display": person.gp_practice.name,
        }],
    });
    if !telecom.is_empty() {
        patient["telecom"] = Value::Array(telecom);
    }
    if let Some(gender) = person.gender {
        patient["gender"] = json!(administrative_gender(gender));
    }
    if let Some(postcode) = &person.postcode {
        patient["address"] = json!([{ "postalCode": postcode.as_str() }]);
    }
    if let Some(category) = person.ethnicity {
        patient["extension"] = json!([{
            "url": UK_CORE_ETHNIC_CATEGORY,
            "valueCodeableConcept": {
                "coding": [{ "system": UK_CORE_ETHNIC_CATEGORY_ENGLAND, "code": category.code() }],
            },
        }]);
    }
    if let Some(language) = &person.interpreter_language {
        // R4's binding here is preferred (BCP 47); the form takes free text,
        // so the language is given as text only, never guessed into a code.
        patient["communication"] = json!([{ "language": { "text": language }, "preferred": true }]);
    }
    Entry::new(referral, ROLE, patient)
}
