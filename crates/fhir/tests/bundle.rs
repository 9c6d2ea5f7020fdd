//! One referral as a transaction Bundle, field by field, against known payloads.

mod support;

use fhir::ids::entry_urn;
use screening::Channel;
use serde_json::{Value, json};
use support::*;

const NO_RISK: [u8; 9] = [2, 2, 1, 1, 1, 1, 1, 1, 0];
const RISK: [u8; 9] = [2, 2, 1, 1, 1, 1, 1, 1, 1];

fn full_clinic_bundle() -> Value {
    bundle_of(&payload(clinic(), true, false, &NO_RISK, Some(2)))
}

fn urn(role: &str) -> String {
    entry_urn(REFERRAL_ID, role)
}

#[test]
fn the_bundle_is_a_transaction_of_conditional_creates_with_stable_urns() {
    let bundle = full_clinic_bundle();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "transaction");
    assert_eq!(
        bundle,
        full_clinic_bundle(),
        "a re-export gives the same Bundle"
    );
    for entry in bundle["entry"].as_array().unwrap() {
        let full_url = entry["fullUrl"].as_str().unwrap();
        assert!(full_url.starts_with("urn:uuid:"), "{full_url}");
        assert_eq!(entry["request"]["method"], "POST");
        assert_eq!(entry["request"]["url"], entry["resource"]["resourceType"]);
        assert!(
            entry["resource"].get("id").is_none(),
            "POSTed resources carry no id"
        );
        assert!(
            entry["request"]["ifNoneExist"]
                .as_str()
                .unwrap()
                .starts_with("identifier=")
        );
    }
    let kinds: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["resourceType"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "Patient",
            "Practitioner",
            "PractitionerRole",
            "ServiceRequest",
            "QuestionnaireResponse",
            "QuestionnaireResponse",
            "QuestionnaireResponse",
            "Observation",
            "Observation",
            "Observation",
            "Flag",
            "Consent",
            "Consent",
        ]
    );
}

#[test]
fn the_patient_has_every_detail_given() {
    let bundle = full_clinic_bundle();
    let patient = resource(&bundle, "Patient");
    assert_eq!(bundle["entry"][0]["fullUrl"], urn("patient"));
    assert_eq!(
        patient["meta"]["profile"],
        json!(["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"])
    );
    assert_eq!(
        patient["identifier"][0],
        json!({ "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919" })
    );
    assert_eq!(
        patient["name"],
        json!([
            { "use": "official", "family": "Quillfeather", "given": ["Zebedee"] },
            { "use": "usual", "given": ["Zeb"] },
        ])
    );
    assert_eq!(patient["birthDate"], "1981-03-14");
    assert_eq!(patient["gender"], "other", "non-binary");
    assert_eq!(
        patient["telecom"],
        json!([
            { "system": "phone", "value": "+447700900123" },
            { "system": "email", "value": "zebedee.q@example.com" },
        ])
    );
    assert_eq!(patient["address"], json!([{ "postalCode": "N1 9AB" }]));
    assert_eq!(
        patient["generalPractitioner"],
        json!([{
            "type": "Organization",
            "identifier": { "system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "F83004" },
            "display": "Anytown Medical Centre",
        }])
    );
    assert_eq!(
        patient["extension"][0]["valueCodeableConcept"]["coding"][0]["code"],
        "A"
    );
    assert_eq!(patient["communication"][0]["language"]["text"], "Welsh");
}

#[test]
fn a_patient_with_only_the_required_details_has_no_empty_fields() {
    let bundle = bundle_of(&payload(
        Channel::SelfReferral,
        false,
        false,
        &NO_RISK,
        None,
    ));
    let patient = resource(&bundle, "Patient");
    assert_eq!(
        patient["identifier"].as_array().unwrap().len(),
        1,
        "no NHS number"
    );
    assert_eq!(
        patient["name"].as_array().unwrap().len(),
        1,
        "no preferred name"
    );
    for absent in ["gender", "address", "extension", "communication"] {
        assert!(patient.get(absent).is_none(), "{absent}");
    }
    assert_eq!(
        patient["telecom"],
        json!([{ "system": "phone", "value": "+447700900123" }])
    );
}

#[test]
fn each_response_names_its_questionnaire_and_codes_its_answers_as_the_questionnaire_does() {
    let bundle = full_clinic_bundle();
    let responses = resources(&bundle, "QuestionnaireResponse");
    let phq9 = responses[1];
    assert_eq!(
        phq9["questionnaire"],
        "https://fhir.talking-health.example/Questionnaire/phq9|phq9-en-GB-1"
    );
    assert_eq!(phq9["status"], "completed");
    assert_eq!(phq9["subject"]["reference"], urn("patient"));
    assert_eq!(phq9["authored"], RECEIVED_AT);
    assert_eq!(phq9["item"][0]["linkId"], "phq9-1");
    assert_eq!(
        phq9["item"][0]["answer"],
        json!([{ "valueCoding": { "system": "http://loinc.org", "code": "LA6570-1", "display": "More than half the days" } }])
    );
    assert_eq!(
        phq9["item"][8]["answer"][0]["valueCoding"]["code"],
        "LA6568-5"
    );
    assert_eq!(phq9["item"][9]["linkId"], "phq9-difficulty");
    assert_eq!(
        phq9["item"][9]["answer"],
        json!([{ "valueString": "Somewhat difficult" }])
    );
    // Every answer is one of the Questionnaire's options.
    for response in &responses {
        let id = response["questionnaire"]
            .as_str()
            .unwrap()
            .split(['/', '|'])
            .nth(4)
            .unwrap();
        let id = serde_json::from_value(json!(id)).unwrap();
        let q = fhir::questionnaire(catalogue().get(id));
        for item in response["item"].as_array().unwrap() {
            let question = q["item"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["linkId"] == item["linkId"])
                .unwrap();
            let options: Vec<&Value> = question["answerOption"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.get("valueCoding").unwrap_or(&o["valueString"]))
                .collect();
            let answer = item["answer"][0]
                .get("valueCoding")
                .unwrap_or(&item["answer"][0]["valueString"]);
            assert!(options.contains(&answer), "{answer} in {}", item["linkId"]);
        }
    }
    let diabetes = responses[0];
    assert_eq!(
        diabetes["item"][0]["answer"][0]["valueCoding"]["system"],
        "https://fhir.talking-health.example/CodeSystem/diabetes-answer"
    );
    assert_eq!(diabetes["item"][0]["answer"][0]["valueCoding"]["code"], "3");
}

#[test]
fn each_total_is_an_observation_with_its_loinc_code_band_and_cutoff() {
    let bundle = full_clinic_bundle();
    let totals = resources(&bundle, "Observation");
    let phq9 = totals[1];
    assert_eq!(phq9["status"], "final");
    assert_eq!(phq9["category"][0]["coding"][0]["code"], "survey");
    assert_eq!(
        phq9["code"]["coding"],
        json!([{ "system": "http://loinc.org", "code": "44261-6" }])
    );
    assert_eq!(phq9["valueInteger"], 10);
    assert_eq!(phq9["interpretation"][0]["coding"][0]["code"], "moderate");
    assert_eq!(phq9["interpretation"][1]["coding"][0]["code"], "POS");
    assert_eq!(phq9["referenceRange"][0]["low"]["value"], 10);
    assert_eq!(phq9["derivedFrom"][0]["reference"], urn("response/phq9"));
    assert_eq!(totals[2]["code"]["coding"][0]["code"], "70274-6");
    let diabetes = totals[0];
    assert!(
        diabetes["code"].get("coding").is_none(),
        "no LOINC code is guessed"
    );
    assert_eq!(diabetes["valueInteger"], 5);
    assert_eq!(
        diabetes["interpretation"].as_array().unwrap().len(),
        1,
        "no bands"
    );
    assert_eq!(diabetes["interpretation"][0]["coding"][0]["code"], "NEG");
}

#[test]
fn the_service_request_carries_the_reference_channel_and_priority() {
    let bundle = full_clinic_bundle();
    let request = resource(&bundle, "ServiceRequest");
    assert_eq!(request["status"], "active");
    assert_eq!(request["intent"], "order");
    assert_eq!(
        request["priority"], "urgent",
        "a withdrawn risk answer is still a risk"
    );
    assert_eq!(
        request["identifier"][0],
        json!({ "system": "https://fhir.talking-health.example/Id/referral-reference", "value": REFERENCE })
    );
    let entry = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"] == *request)
        .unwrap();
    assert_eq!(
        entry["request"]["ifNoneExist"],
        format!("identifier=https://fhir.talking-health.example/Id/referral-reference|{REFERENCE}")
    );
    assert_eq!(request["requester"]["reference"], urn("practitioner-role"));
    assert_eq!(
        resource(&bundle, "Practitioner")["name"][0]["text"],
        "Ada Nurse"
    );
    assert_eq!(
        resource(&bundle, "PractitionerRole")["code"][0]["text"],
        "Practice nurse"
    );
    assert_eq!(
        request["note"][0]["text"],
        "Screened in clinic by Ada Nurse (Practice nurse, Diabetes)"
    );
    assert_eq!(request["reasonReference"].as_array().unwrap().len(), 3);
    assert_eq!(request["authoredOn"], RECEIVED_AT);

    let own = bundle_of(&payload(
        Channel::SelfReferral,
        false,
        false,
        &NO_RISK,
        None,
    ));
    let request = resource(&own, "ServiceRequest");
    assert_eq!(request["requester"]["reference"], urn("patient"));
    assert_eq!(request["priority"], "routine");
    assert!(resources(&own, "Practitioner").is_empty());

    let embedded = bundle_of(&payload(embed(), false, false, &NO_RISK, None));
    assert_eq!(
        resource(&embedded, "ServiceRequest")["requester"],
        json!({ "type": "Organization", "identifier": { "system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "F83004" } })
    );
}

#[test]
fn a_risk_answer_is_an_active_flag_with_the_final_and_highest_answers() {
    let withdrawn = full_clinic_bundle();
    let flag = resource(&withdrawn, "Flag");
    assert_eq!(flag["status"], "active");
    assert_eq!(
        flag["code"]["coding"][0]["code"],
        "self-harm-thoughts-withdrawn"
    );
    assert!(
        flag["code"]["text"]
            .as_str()
            .unwrap()
            .contains("final answer 0, highest answer 2")
    );
    assert_eq!(
        flag["extension"][0]["valueReference"]["reference"],
        urn("response/phq9")
    );

    let given = bundle_of(&payload(Channel::SelfReferral, false, false, &RISK, None));
    let flag = resource(&given, "Flag");
    assert_eq!(
        flag["code"]["coding"][0]["code"],
        "self-harm-thoughts-given"
    );
    assert!(
        flag["code"]["text"]
            .as_str()
            .unwrap()
            .contains("final answer 1, highest answer 1")
    );

    let none = bundle_of(&payload(
        Channel::SelfReferral,
        false,
        false,
        &NO_RISK,
        None,
    ));
    assert!(resources(&none, "Flag").is_empty());
}

#[test]
fn each_consent_permits_or_denies() {
    let minimal = bundle_of(&payload(
        Channel::SelfReferral,
        false,
        false,
        &NO_RISK,
        None,
    ));
    let consents = resources(&minimal, "Consent");
    assert_eq!(
        consents[0]["category"][0]["text"],
        "Consent to be contacted by the service"
    );
    assert_eq!(consents[0]["provision"]["type"], "permit");
    assert_eq!(
        consents[1]["category"][0]["text"],
        "Consent to the service informing the GP"
    );
    assert_eq!(consents[1]["provision"]["type"], "deny");
    assert_eq!(consents[1]["status"], "active");
    assert_eq!(consents[1]["patient"]["reference"], urn("patient"));
}

#[test]
fn with_pre_screens_a_low_phq9_stands_as_phq2() {
    let bundle = bundle_of(&payload(Channel::SelfReferral, false, true, &[0, 1], None));
    let questionnaires: Vec<&str> = resources(&bundle, "QuestionnaireResponse")
        .iter()
        .map(|r| r["questionnaire"].as_str().unwrap())
        .collect();
    assert!(
        questionnaires
            .iter()
            .any(|q| q.starts_with("https://fhir.talking-health.example/Questionnaire/phq2|")),
        "{questionnaires:?}"
    );
}
