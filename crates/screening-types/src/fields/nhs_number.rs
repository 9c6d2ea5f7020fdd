//! NHS number: 10 digits with a modulus 11 check digit.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::field_error::FieldError;

/// A 10-digit NHS number whose check digit is correct.
///
/// Serialized as the 10 digits alone; displayed as 3-3-4 ("943 476 5919").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
#[cfg_attr(
    feature = "json-schema",
    derive(schemars::JsonSchema),
    schemars(with = "String", extend("pattern" = "^[0-9]{10}$"))
)]
pub struct NhsNumber(String);

impl NhsNumber {
    /// Parses what a person typed. Spaces and dashes are ignored
    /// (clinical-reference.md §9: "spaces or dashes allowed in input").
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if digits.is_empty() {
            return Err(FieldError::Required);
        }
        // ASCII only: other scripts' digits would not survive to NHS systems.
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::NhsNumberNotDigits);
        }
        // clinical-reference.md §9: "10 digits".
        let Ok(bytes) = <[u8; 10]>::try_from(digits.as_bytes()) else {
            return Err(FieldError::NhsNumberWrongLength);
        };
        let values = bytes.map(|b| b - b'0');
        let (first_nine, last) = values.split_at(9);
        if check_digit(first_nine) != Some(last[0]) {
            return Err(FieldError::NhsNumberCheckDigit);
        }
        Ok(Self(digits))
    }

    /// The 10 digits, no spaces.
    pub fn as_digits(&self) -> &str {
        &self.0
    }

    /// The 3-3-4 form people are used to seeing, e.g. "943 476 5919"
    /// (clinical-reference.md §9: "shown as 3-3-4").
    pub fn formatted(&self) -> String {
        let d = &self.0;
        format!("{} {} {}", &d[..3], &d[3..6], &d[6..])
    }
}

/// The modulus 11 check digit for the first nine digits, or `None` when it
/// would be 10 (no valid NHS number starts with those nine digits).
///
/// clinical-reference.md §9: weights 10..2 on digits 1-9, check =
/// 11 - (sum mod 11); 11 means 0; 10 means the number is invalid.
fn check_digit(first_nine: &[u8]) -> Option<u8> {
    let sum: u32 = first_nine
        .iter()
        .zip((2..=10).rev())
        .map(|(&digit, weight)| u32::from(digit) * weight)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => u8::try_from(check).ok(),
    }
}

impl fmt::Display for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl Serialize for NhsNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_digits())
    }
}

impl TryFrom<String> for NhsNumber {
    type Error = FieldError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
