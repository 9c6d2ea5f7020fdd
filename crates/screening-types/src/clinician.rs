//! The clinician who screens patients in clinic mode.

use crate::field_error::FieldError;
use crate::fields::PersonName;
use serde::{Deserialize, Serialize};

/// The clinician who screened the patient in clinic mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Clinician {
    pub name: String,
    pub role: String,
    pub team: String,
}

/// A field of the clinician's details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClinicianField {
    Name,
    Role,
    Team,
}

impl ClinicianField {
    /// The input's id in the page.
    pub fn name(self) -> &'static str {
        match self {
            ClinicianField::Name => "clinician_name",
            ClinicianField::Role => "clinician_role",
            ClinicianField::Team => "clinician_team",
        }
    }
}

impl Clinician {
    /// Checks what the clinician typed: each part is required, trimmed, and
    /// follows the name rules (1-100 characters, no control characters:
    /// clinical-reference.md §9), as it is shown to the service beside the
    /// patient's own details. Invisible formatting characters are left out,
    /// as in a patient's name ([`PersonName::from_typed`]).
    pub fn from_typed(
        name: &str,
        role: &str,
        team: &str,
    ) -> Result<Clinician, Vec<(ClinicianField, FieldError)>> {
        Self::read([name, role, team], PersonName::from_typed)
    }

    /// Checks a clinician as a receiver reads one: as [`Self::from_typed`],
    /// but refusing invisible formatting characters ([`PersonName::parse`]).
    pub fn parse(
        name: &str,
        role: &str,
        team: &str,
    ) -> Result<Clinician, Vec<(ClinicianField, FieldError)>> {
        Self::read([name, role, team], PersonName::parse)
    }

    fn read(
        [name, role, team]: [&str; 3],
        parse: fn(&str) -> Result<PersonName, FieldError>,
    ) -> Result<Clinician, Vec<(ClinicianField, FieldError)>> {
        let mut errors = Vec::new();
        let mut check = |field, text: &str| match parse(text) {
            Ok(valid) => valid.as_str().to_owned(),
            Err(error) => {
                errors.push((field, error));
                String::new()
            }
        };
        let clinician = Clinician {
            name: check(ClinicianField::Name, name),
            role: check(ClinicianField::Role, role),
            team: check(ClinicianField::Team, team),
        };
        if errors.is_empty() {
            Ok(clinician)
        } else {
            Err(errors)
        }
    }
}
