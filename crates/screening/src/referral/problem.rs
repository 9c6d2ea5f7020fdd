//! What can be wrong with one field of a referral.

use super::FormField;
use crate::field_error::FieldError;
use std::fmt;

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not given, where the service (or clinical-reference.md §8) requires it.
    Required,
    /// Not in the field's format, as its type's parser says.
    Format(FieldError),
    /// Longer than the field allows, in characters.
    TooLong { max: u64 },
    /// Given, though the service does not ask it (the field is hidden), or
    /// the answer that leads to it was not given (no phone number for the
    /// message questions).
    NotAsked,
    /// The GP practice is not one the service covers.
    PracticeNotCovered,
    /// The GP practice's name is not the one the service lists for its ODS code.
    PracticeNameDiffers,
    /// Younger than the service's minimum age (clinical-reference.md §7).
    TooYoung,
}

impl Problem {
    /// The key of the text the UI shows for this problem with `field`.
    pub fn message_key(self, field: FormField) -> &'static str {
        match self {
            Problem::Required => field.required_key(),
            Problem::Format(FieldError::TooLong) | Problem::TooLong { .. } => match field {
                FormField::Email => "email.too_long",
                FormField::InterpreterLanguage => "interpreter_language.too_long",
                FormField::AnythingElse => "anything_else.too_long",
                // Names: the one other field with a length of its own.
                _ => FieldError::TooLong.message_key(),
            },
            Problem::Format(error) => error.message_key(),
            Problem::NotAsked => "not_asked",
            Problem::PracticeNotCovered | Problem::PracticeNameDiffers => field.required_key(),
            Problem::TooYoung => "date_of_birth.too_young",
        }
    }
}

/// For a receiver's answer: the rule broken, never the value sent.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Required => f.write_str("is required"),
            Problem::Format(error) => write!(f, "{error}"),
            Problem::TooLong { max } => write!(f, "must be {max} characters or fewer"),
            Problem::NotAsked => f.write_str(
                "must be left out: this service does not ask it, or the answer it follows was not given",
            ),
            Problem::PracticeNotCovered => {
                f.write_str("is not one of the GP practices this service covers")
            }
            Problem::PracticeNameDiffers => f.write_str(
                "the name is not the one this service lists for that ODS code",
            ),
            Problem::TooYoung => f.write_str("is under this service's minimum age"),
        }
    }
}
