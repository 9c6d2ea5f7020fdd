//! A person's name (first, last or preferred).

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::field_error::FieldError;

/// clinical-reference.md §9: names are 1-100 characters.
const MAX_CHARS: usize = 100;

/// A name of 1 to 100 characters in any script, without surrounding spaces.
///
/// clinical-reference.md §9: "any script (do not reject apostrophes, hyphens
/// or accents)". Refused are only characters that cannot be part of a name
/// and would corrupt the referral when displayed or exported: control
/// characters (tabs, line breaks, NUL) and invisible formatting characters
/// (bidirectional overrides and isolates, direction marks, zero-width
/// spaces and the like; the zero-width joiner and non-joiner, which some
/// scripts spell with, are kept).
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
        if name
            .chars()
            .any(|c| c.is_control() || is_invisible_format(c))
        {
            return Err(FieldError::NameInvalidCharacters);
        }
        Ok(Self(name.to_owned()))
    }

    /// Parses a name as a person typed or pasted it: invisible formatting
    /// characters, which they cannot see to remove (a phone's contacts app
    /// or a right-to-left keyboard adds direction marks), are left out
    /// first. A receiver uses [`Self::parse`], which refuses them.
    pub fn from_typed(input: &str) -> Result<Self, FieldError> {
        let visible: String = input.chars().filter(|c| !is_invisible_format(*c)).collect();
        Self::parse(&visible)
    }

    /// The name as typed, without surrounding spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Unicode's format characters (general category Cf) that change how the
/// text around them is shown without showing themselves: the bidirectional
/// overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069, which
/// can make "Smith" display as another name), marks, zero-width spaces,
/// invisible operators, the byte order mark, interlinear annotation and tag
/// characters. The zero-width joiner and non-joiner (U+200C, U+200D) are
/// kept: Persian, Malayalam and other scripts need them to spell names.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
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
