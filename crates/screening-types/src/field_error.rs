//! The one error type for a single invalid form field.

use serde::Serialize;

/// Every way a single form field can be invalid.
///
/// The UI shows text for an error by looking up [`FieldError::message_key`]
/// in a locale file, so this crate holds no user-facing English. The
/// `Display` text is for developers only. Serialized, an error is its
/// message key (e.g. `"nhs_number.check_digit"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error, Serialize)]
#[serde(into = "&'static str")]
pub enum FieldError {
    /// Nothing was entered.
    #[error("required")]
    Required,
    /// More characters than the field allows.
    #[error("too long")]
    TooLong,

    /// After removing spaces and dashes, not exactly 10 digits.
    #[error("NHS number must have 10 digits")]
    NhsNumberWrongLength,
    /// Contains something other than digits, spaces and dashes.
    #[error("NHS number must contain only digits")]
    NhsNumberNotDigits,
    /// Ten digits, but the modulus 11 check digit does not match.
    #[error("NHS number check digit does not match")]
    NhsNumberCheckDigit,

    /// Not a UK postcode shape.
    #[error("not a UK postcode")]
    PostcodeFormat,

    /// Contains letters or symbols other than spaces, dashes, brackets, dots
    /// and a leading `+`.
    #[error("phone number has invalid characters")]
    PhoneInvalidCharacters,
    /// An international number for a country other than the UK.
    #[error("phone number is not a UK number")]
    PhoneNotUk,
    /// Digits only, but not a UK number we accept (wrong prefix or length).
    #[error("phone number is not in a UK format")]
    PhoneFormat,

    /// Not `local@domain.tld` (see the rules in `fields::email`).
    #[error("email address is not in the right format")]
    EmailFormat,

    /// Contains control characters (tabs, new lines, NUL, ...) or invisible
    /// formatting characters (such as a right-to-left override).
    #[error("name contains control or invisible formatting characters")]
    NameInvalidCharacters,

    /// Some, but not all, of day, month and year were entered.
    #[error("date is missing a day, month or year")]
    DateIncomplete,
    /// Day, month or year contains something other than digits.
    #[error("date must be numbers")]
    DateNotNumbers,
    /// The year does not have exactly four digits.
    #[error("year must have four digits")]
    DateYearNotFourDigits,
    /// No such day in the calendar (e.g. 31 April, 29 February 2023).
    #[error("not a real date")]
    DateNotReal,
    /// The date is after today.
    #[error("date is in the future")]
    DateInFuture,
    /// The person would be 130 or older.
    #[error("date is too long ago")]
    DateTooOld,
}

impl FieldError {
    /// Every variant, for checking that a locale file has a text for each key.
    ///
    /// A new variant must be added here as well as to [`Self::message_key`]
    /// (whose `match` will not compile without it).
    pub const ALL: [FieldError; 17] = [
        Self::Required,
        Self::TooLong,
        Self::NhsNumberWrongLength,
        Self::NhsNumberNotDigits,
        Self::NhsNumberCheckDigit,
        Self::PostcodeFormat,
        Self::PhoneInvalidCharacters,
        Self::PhoneNotUk,
        Self::PhoneFormat,
        Self::EmailFormat,
        Self::NameInvalidCharacters,
        Self::DateIncomplete,
        Self::DateNotNumbers,
        Self::DateYearNotFourDigits,
        Self::DateNotReal,
        Self::DateInFuture,
        Self::DateTooOld,
    ];

    /// The stable key the UI uses to look up this error's text in a locale
    /// file. Keys never change meaning once released.
    pub fn message_key(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong => "too_long",
            Self::NhsNumberWrongLength => "nhs_number.wrong_length",
            Self::NhsNumberNotDigits => "nhs_number.not_digits",
            Self::NhsNumberCheckDigit => "nhs_number.check_digit",
            Self::PostcodeFormat => "postcode.format",
            Self::PhoneInvalidCharacters => "phone.invalid_characters",
            Self::PhoneNotUk => "phone.not_uk",
            Self::PhoneFormat => "phone.format",
            Self::EmailFormat => "email.format",
            Self::NameInvalidCharacters => "name.invalid_characters",
            Self::DateIncomplete => "date.incomplete",
            Self::DateNotNumbers => "date.not_numbers",
            Self::DateYearNotFourDigits => "date.year_not_four_digits",
            Self::DateNotReal => "date.not_real",
            Self::DateInFuture => "date.in_future",
            Self::DateTooOld => "date.too_old",
        }
    }
}

impl From<FieldError> for &'static str {
    fn from(error: FieldError) -> Self {
        error.message_key()
    }
}
