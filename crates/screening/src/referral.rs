//! The self-referral: the form as typed, the rules it must meet, and the
//! validated details.

mod choices;
mod field;
mod form;
mod problem;
pub mod rules;

pub use choices::{BestTimeToCall, EthnicCategory, Gender};
pub use field::{FieldErrors, FormField};
pub use form::ReferralForm;
pub use problem::Problem;
pub use rules::{ReferralDraft, Today};

use crate::config::Practice;
use crate::fields::{DateOfBirth, Email, NhsNumber, PersonName, PhoneNumber, Postcode};
use serde::{Deserialize, Serialize};

/// How the service may contact the person. At least one of phone or email is
/// present (clinical-reference.md §8).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub phone: Option<PhoneNumber>,
    pub email: Option<Email>,
    /// Asked when a phone number is given.
    pub safe_to_leave_message: Option<bool>,
    pub safe_to_text: Option<bool>,
}

/// The person's consents. Consent to contact is always required (§8).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Consents {
    pub contact: bool,
    pub inform_gp: bool,
}

/// The GP practice the person is registered with, from the service's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GpPractice {
    pub name: String,
    pub ods: String,
}

impl From<&Practice> for GpPractice {
    fn from(p: &Practice) -> Self {
        GpPractice {
            name: p.name.clone(),
            ods: p.ods.clone(),
        }
    }
}

/// A validated self-referral. Optional fields are `None` when not given or hidden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReferralDetails {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub preferred_name: Option<PersonName>,
    pub date_of_birth: DateOfBirth,
    pub gp_practice: GpPractice,
    pub postcode: Option<Postcode>,
    pub contact: Contact,
    pub nhs_number: Option<NhsNumber>,
    pub gender: Option<Gender>,
    pub ethnicity: Option<EthnicCategory>,
    /// The language an interpreter is needed for, if one is.
    pub interpreter_language: Option<String>,
    pub best_time_to_call: Option<BestTimeToCall>,
    /// Free text, not read straight away (the form warns of this: §8).
    pub anything_else: Option<String>,
    pub consents: Consents,
}
