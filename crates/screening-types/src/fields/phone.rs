//! UK telephone number.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::field_error::FieldError;

/// A UK telephone number (landline, mobile, 03 or 08), stored in E.164 form
/// ("+447700900123").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
#[cfg_attr(
    feature = "json-schema",
    derive(schemars::JsonSchema),
    schemars(with = "String", extend("pattern" = "^\\+44[0-9]{9,10}$"))
)]
pub struct PhoneNumber(String);

/// The UK country code in E.164.
const UK: &str = "+44";

impl PhoneNumber {
    /// Parses what a person typed: a national number starting 01, 02, 03, 07
    /// or 08, or the same after +44 or 0044 without its leading 0. Spaces,
    /// dashes, dots and brackets are ignored, so "+44 (0)20 7946 0000" works.
    ///
    /// clinical-reference.md §9: "UK numbers (07..., 01..., 02..., 03...,
    /// +44...), spaces allowed".
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(FieldError::Required);
        }
        let (plus, rest) = match input.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, input),
        };
        let mut digits = String::new();
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '-' | '(' | ')' | '.' => {}
                c if c.is_whitespace() => {}
                '+' => return Err(FieldError::PhoneFormat),
                _ => return Err(FieldError::PhoneInvalidCharacters),
            }
        }

        let significant = if plus {
            uk_significant(&digits)?
        } else if let Some(international) = digits.strip_prefix("00") {
            uk_significant(international)?
        } else if let Some(national) = digits.strip_prefix('0') {
            national
        } else {
            return Err(FieldError::PhoneFormat);
        };
        if !is_plausible_uk(significant) {
            return Err(FieldError::PhoneFormat);
        }
        Ok(Self(format!("{UK}{significant}")))
    }

    /// E.164 form, e.g. "+447700900123".
    pub fn as_e164(&self) -> &str {
        &self.0
    }

    /// The number as written in the UK, e.g. "07700 900123",
    /// "020 7946 0000", "0113 496 0000".
    pub fn display(&self) -> String {
        let national = format!("0{}", self.significant());
        let mut out = String::with_capacity(national.len() + 2);
        let mut rest = national.as_str();
        for &size in group_sizes(self.significant()) {
            let (group, tail) = rest.split_at(size);
            out.push_str(group);
            out.push(' ');
            rest = tail;
        }
        out.push_str(rest);
        out
    }

    /// The national significant number: the digits after +44.
    fn significant(&self) -> &str {
        &self.0[UK.len()..]
    }
}

/// The digits after an international prefix (+ or 00), without the country
/// code, if they are for the UK.
fn uk_significant(international: &str) -> Result<&str, FieldError> {
    if international.is_empty() {
        return Err(FieldError::PhoneFormat);
    }
    let Some(significant) = international.strip_prefix("44") else {
        return Err(FieldError::PhoneNotUk);
    };
    // "+44 (0)20 ..." keeps the national 0; no UK significant number starts
    // with 0, so dropping one here is never ambiguous.
    Ok(significant.strip_prefix('0').unwrap_or(significant))
}

/// Ofcom numbering: geographic (1) numbers have 9 or 10 significant digits,
/// 2, 3 and 7 numbers have 10, 8 numbers (0800 freephone) 9 or 10. Other
/// ranges (05, 09 premium rate) are not ones a person gives to be called on.
fn is_plausible_uk(significant: &str) -> bool {
    match significant.as_bytes().first() {
        Some(b'1' | b'8') => (9..=10).contains(&significant.len()),
        Some(b'2' | b'3' | b'7') => significant.len() == 10,
        _ => false,
    }
}

/// The sizes of the leading groups of the national number (with its 0) when
/// written the usual UK way; the digits left over form the last group.
fn group_sizes(significant: &str) -> &'static [usize] {
    let b = significant.as_bytes();
    match (b[0], significant.len()) {
        (b'2', _) => &[3, 4],
        // 0113, 0121 ... (011x and 01x1 codes) are 4-3-4.
        (b'1', 10) if b[1] == b'1' || b[2] == b'1' => &[4, 3],
        (b'1' | b'7', _) => &[5],
        (_, 10) => &[4, 3],
        _ => &[4],
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_e164())
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = FieldError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
