//! The Talking Health domain: instruments, scoring, cut-offs, the service's
//! configuration, referral validation and the referral payload.
//!
//! Pure Rust with no UI and no web dependencies, so it tests natively and the
//! browser widget and the reference endpoint share exactly the same rules.
//! Clinical values come from `shared/docs/clinical-reference.md`, cited by section.

pub use screening_types::{
    clinician, field_error, field_rules, fields, instrument, instrument_id, mode, practice, text,
    web_address,
};

pub mod answers;
pub mod branding;
pub mod catalogue;
pub mod clinic;
pub mod config;
pub mod delivery;
pub mod eligibility;
pub mod embed;
pub mod json;
pub mod outcome;
pub mod payload;
mod payload_details;
pub mod pre_screen;
pub mod referral;
pub mod risk;
pub mod scoring;

pub use answers::{AnswerError, AnswersInProgress, CompleteAnswers, Incomplete};
pub use catalogue::Catalogue;
pub use clinic::{Inactivity, InactivitySettings};
pub use clinician::{Clinician, ClinicianField};
pub use config::{ConfigError, Mode, ServiceConfig};
pub use delivery::{Failure, GaveUp, Next, RetryPolicy};
pub use eligibility::Eligibility;
pub use field_error::FieldError;
pub use instrument::{Instrument, InstrumentError, RiskFlag};
pub use instrument_id::{Condition, InstrumentId};
pub use outcome::{Recommendation, ScreeningOutcome};
pub use payload::{Channel, ReferralPayload, ScreeningRecord};
pub use referral::{FieldErrors, FormField, ReferralDetails, ReferralForm};
pub use risk::{RiskAnswer, RiskReason};
pub use scoring::{Caseness, RiskIndicator, Score, ScoredResult, Severity};
