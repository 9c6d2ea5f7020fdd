//! Talking Health in HL7 FHIR R4, following NHS England's UK Core where it
//! speaks: each instrument as a `Questionnaire`, and each stored referral as
//! one transaction `Bundle` a service can load into any FHIR server.
//!
//! Built from the domain's own types (`screening`), so the FHIR says exactly
//! what the verified payload says. Plain Rust and `serde_json`; the endpoint
//! uses it, the browser's widget does not. Codes, systems and every choice
//! where UK Core or R4 leave it open: `docs/fhir.md`.

pub mod bundle;
mod consent;
mod flag;
pub mod ids;
mod observations;
mod patient;
pub mod questionnaire;
mod responses;
mod service_request;
pub mod systems;

pub use bundle::{StoredReferral, referral_bundle};
pub use questionnaire::{questionnaire, questionnaires};
