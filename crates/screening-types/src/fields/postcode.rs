//! UK postcode, checked against the shapes Royal Mail uses.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::field_error::FieldError;

/// A UK postcode in normal form: upper case, one space before the last three
/// characters ("SW1A 1AA").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
#[cfg_attr(
    feature = "json-schema",
    derive(schemars::JsonSchema),
    schemars(with = "String")
)]
pub struct Postcode(String);

impl Postcode {
    /// Parses what a person typed, ignoring case and spaces
    /// (clinical-reference.md §9: "case and space insensitive, normalised to
    /// upper case with one space").
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.is_empty() {
            return Err(FieldError::Required);
        }
        if !compact.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(FieldError::PostcodeFormat);
        }
        // Every shape ends in a 3-character inward code; the outward code
        // before it has 2 to 4 characters.
        if !(5..=7).contains(&compact.len()) {
            return Err(FieldError::PostcodeFormat);
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        // GIR 0AA (Girobank) is the one real postcode outside the pattern.
        let is_girobank = outward == "GIR" && inward == "0AA";
        let is_standard = is_outward(outward) && shape(inward) == "9AA";
        if !(is_standard || is_girobank) {
            return Err(FieldError::PostcodeFormat);
        }
        Ok(Self(format!("{outward} {inward}")))
    }

    /// The normalised postcode, e.g. "N1 9AB".
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `code` has one of the six outward-code shapes: A9, A99, AA9,
/// AA99, A9A, AA9A (A = letter, 9 = digit).
///
/// Only the shapes are checked, not Royal Mail's rules on which letters may
/// appear where: wrongly refusing a real postcode would stop a referral,
/// while a mistyped one is caught later by a person.
fn is_outward(code: &str) -> bool {
    matches!(
        shape(code).as_str(),
        "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A"
    )
}

/// `code` with each letter replaced by `A` and each digit by `9`.
fn shape(code: &str) -> String {
    code.chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { 'A' })
        .collect()
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Postcode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl TryFrom<String> for Postcode {
    type Error = FieldError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
