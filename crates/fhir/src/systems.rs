//! The code and identifier systems the mapping uses, in one place (the table
//! in `docs/fhir.md` lists each with its source).

/// Where our own canonical URLs and local code systems live. A `.example`
/// name (RFC 2606) never belongs to anyone else; a canonical URL is an
/// identifier, not a location, and stays the same for every service that
/// runs these instruments (they are the same instruments), while each
/// endpoint also serves its Questionnaires at `/fhir/Questionnaire/{id}`.
pub const BASE: &str = "https://fhir.talking-health.example/";

/// LOINC: the instrument files' panel, item, total and answer codes.
pub const LOINC: &str = "http://loinc.org";
/// NHS England's NHS number identifier system.
pub const NHS_NUMBER: &str = "https://fhir.nhs.uk/Id/nhs-number";
/// NHS England's ODS organisation code identifier system (GP practices).
pub const ODS_ORGANISATION: &str = "https://fhir.nhs.uk/Id/ods-organization-code";
/// The UK Core Patient profile.
pub const UK_CORE_PATIENT: &str = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient";
/// UK Core's ethnic category extension and its code system (England).
pub const UK_CORE_ETHNIC_CATEGORY: &str =
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory";
pub const UK_CORE_ETHNIC_CATEGORY_ENGLAND: &str =
    "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland";
/// FHIR R4's extension for the score an answer option carries.
pub const ORDINAL_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
/// FHIR R4's extension pointing a Flag at what supports it.
pub const FLAG_DETAIL: &str = "http://hl7.org/fhir/StructureDefinition/flag-detail";
/// Identifiers that are URIs: each entry's own `urn:uuid`.
pub const URI: &str = "urn:ietf:rfc:3986";
/// FHIR's observation categories (`survey`).
pub const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
/// HL7 v3 ObservationInterpretation (`POS`/`NEG` for the cut-off).
pub const OBSERVATION_INTERPRETATION: &str =
    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
/// FHIR's flag categories (`clinical`).
pub const FLAG_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/flag-category";
/// FHIR's consent scopes (`patient-privacy`).
pub const CONSENT_SCOPE: &str = "http://terminology.hl7.org/CodeSystem/consentscope";
/// HL7 v3 ActCode (`OPTIN`, the consent's policy rule).
pub const V3_ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

/// The Questionnaires' canonical base.
pub fn questionnaire_base() -> String {
    format!("{BASE}Questionnaire/")
}

/// A local code system of ours, for what no standard system codes.
pub fn local_code_system(name: &str) -> String {
    format!("{BASE}CodeSystem/{name}")
}

/// The referral reference's identifier system (`TH-7K3Q-9D`).
pub fn referral_reference_system() -> String {
    format!("{BASE}Id/referral-reference")
}
