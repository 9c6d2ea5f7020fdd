//! A person's name (first, last or preferred).

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::field_error::FieldError;

/// clinical-reference.md §9: names are 1-100 characters.
const MAX_CHARS: usize = 100;

/// A name of 1 to 100 characters in any script, without surrounding spaces.
///
/// clinical-reference.md §9: "any script (do not reject apostrophes, hyphens
/// or accents)". Only control characters are refused: they cannot be part of
/// a name and would corrupt the referral when displayed or exported.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
#[cfg_attr(
    feature = "json-schema",
    derive(schemars::JsonSchema),
    schemars(with = "String")
)]
pub struct PersonName(String);

impl PersonName {
    /// Parses what a person typed, trimming spaces around it
    /// (clinical-reference.md §9: "trim, 1-100 characters").
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(FieldError::Required);
        }
        // Characters, not bytes: "Zoë" is 3 characters in 4 bytes.
        if name.chars().count() > MAX_CHARS {
            return Err(FieldError::TooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(FieldError::NameInvalidCharacters);
        }
        Ok(Self(name.to_owned()))
    }

    /// The name as typed, without surrounding spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for PersonName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl TryFrom<String> for PersonName {
    type Error = FieldError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
