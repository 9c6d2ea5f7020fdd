//! The referral form as the person typed it, and its validation into
//! [`ReferralDetails`]. Each field's format is checked first (its parser, or
//! `validator`'s length rule); rules that depend on the service's configuration
//! or on today's date follow.

use super::{
    BestTimeToCall, Consents, Contact, EthnicCategory, Gender, GpPractice, ReferralDetails,
};
use crate::config::{ConfigurableField, EligibilityRules, FieldRule, FieldRules};
use crate::field_error::FieldError;
use crate::fields::{
    CalendarDate, DateOfBirth, Email, NhsNumber, PersonName, PhoneNumber, Postcode,
};
use validator::ValidateLength;

/// Longest free text accepted, so a referral stays a reasonable size.
const FREE_TEXT_MAX: u64 = 2000;
/// Longest interpreter language name.
const LANGUAGE_MAX: u64 = 60;

/// Every field of the form, named as the UI names its inputs, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormField {
    FirstName,
    LastName,
    PreferredName,
    DateOfBirth,
    GpPractice,
    Postcode,
    Phone,
    Email,
    SafeToLeaveMessage,
    SafeToText,
    NhsNumber,
    Gender,
    Ethnicity,
    InterpreterLanguage,
    BestTimeToCall,
    AnythingElse,
    ConsentContact,
    ConsentGp,
}

impl FormField {
    /// The form's field name, also the input's id in the page.
    pub fn name(self) -> &'static str {
        match self {
            FormField::FirstName => "first_name",
            FormField::LastName => "last_name",
            FormField::PreferredName => "preferred_name",
            FormField::DateOfBirth => "date_of_birth",
            FormField::GpPractice => "gp_practice",
            FormField::Postcode => "postcode",
            FormField::Phone => "phone",
            FormField::Email => "email",
            FormField::SafeToLeaveMessage => "safe_to_leave_message",
            FormField::SafeToText => "safe_to_text",
            FormField::NhsNumber => "nhs_number",
            FormField::Gender => "gender",
            FormField::Ethnicity => "ethnicity",
            FormField::InterpreterLanguage => "interpreter_language",
            FormField::BestTimeToCall => "best_time_to_call",
            FormField::AnythingElse => "anything_else",
            FormField::ConsentContact => "consent_contact",
            FormField::ConsentGp => "consent_gp",
        }
    }

    /// The message key for leaving this field blank ("first_name.required").
    pub fn required_key(self) -> &'static str {
        match self {
            FormField::FirstName => "first_name.required",
            FormField::LastName => "last_name.required",
            FormField::PreferredName => "preferred_name.required",
            FormField::DateOfBirth => "date_of_birth.required",
            FormField::GpPractice => "gp_practice.required",
            FormField::Postcode => "postcode.required",
            FormField::Phone => "contact.required",
            FormField::Email => "contact.required",
            FormField::SafeToLeaveMessage => "safe_to_leave_message.required",
            FormField::SafeToText => "safe_to_text.required",
            FormField::NhsNumber => "nhs_number.required",
            FormField::Gender => "gender.required",
            FormField::Ethnicity => "ethnicity.required",
            FormField::InterpreterLanguage => "interpreter_language.required",
            FormField::BestTimeToCall => "best_time_to_call.required",
            FormField::AnythingElse => "anything_else.required",
            FormField::ConsentContact => "consent_contact.required",
            FormField::ConsentGp => "consent_gp.required",
        }
    }

    /// Every field, in page order.
    pub const ALL: [FormField; 18] = [
        FormField::FirstName,
        FormField::LastName,
        FormField::PreferredName,
        FormField::DateOfBirth,
        FormField::GpPractice,
        FormField::Postcode,
        FormField::Phone,
        FormField::Email,
        FormField::SafeToLeaveMessage,
        FormField::SafeToText,
        FormField::NhsNumber,
        FormField::Gender,
        FormField::Ethnicity,
        FormField::InterpreterLanguage,
        FormField::BestTimeToCall,
        FormField::AnythingElse,
        FormField::ConsentContact,
        FormField::ConsentGp,
    ];
}

/// Every problem found, at most one per field, in page order. Each carries a
/// message key, never English: the UI looks the words up in its locale file.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("the referral has {} invalid field(s)", .0.len())]
pub struct FieldErrors(Vec<(FormField, &'static str)>);

impl FieldErrors {
    /// `(field, message key)` pairs in page order.
    pub fn iter(&self) -> impl Iterator<Item = (FormField, &'static str)> + '_ {
        self.0.iter().copied()
    }

    /// The message key for `field`, if it has a problem.
    pub fn get(&self, field: FormField) -> Option<&'static str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, key)| *key)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Records a problem unless the field already has one (the first found wins).
    fn add(&mut self, field: FormField, key: &'static str) {
        if self.get(field).is_none() {
            // Kept in page order by inserting in place (no sort: smaller wasm).
            let at = self.0.partition_point(|(f, _)| *f < field);
            self.0.insert(at, (field, key));
        }
    }
}

/// The referral form exactly as typed: strings and unanswered choices. Nothing
/// here is trusted until [`ReferralForm::validate_for`] turns it into details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralForm {
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: String,
    pub dob_day: String,
    pub dob_month: String,
    pub dob_year: String,
    /// ODS code of the practice chosen from the service's list.
    pub gp_practice: String,
    pub postcode: String,
    pub phone: String,
    pub email: String,
    pub safe_to_leave_message: Option<bool>,
    pub safe_to_text: Option<bool>,
    /// "Do you know your NHS number?" is asked first (clinical-reference.md §8).
    pub knows_nhs_number: Option<bool>,
    pub nhs_number: String,
    pub gender: Option<Gender>,
    pub ethnicity: Option<EthnicCategory>,
    pub interpreter_needed: Option<bool>,
    pub interpreter_language: String,
    pub best_time_to_call: Option<BestTimeToCall>,
    pub anything_else: String,
    pub consent_contact: bool,
    pub consent_gp: bool,
}

/// The message key for a typed value that is not blank and does not parse.
/// Blank passes here: whether a blank is allowed depends on the configuration.
fn format_problem<T>(
    value: &str,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Option<&'static str> {
    if value.trim().is_empty() {
        return None;
    }
    parse(value).err().map(FieldError::message_key)
}

/// A field's value once its format is known to be good: `None` when blank.
fn parsed<T>(value: &str, parse: impl Fn(&str) -> Result<T, FieldError>) -> Option<T> {
    if value.trim().is_empty() {
        None
    } else {
        parse(value).ok()
    }
}

impl ReferralForm {
    /// Validates the whole form against the service's rules and today's date.
    /// Returns every problem at once, so the error summary can list them all.
    pub fn validate_for(
        &self,
        fields: &FieldRules,
        eligibility: &EligibilityRules,
        today: CalendarDate,
    ) -> Result<ReferralDetails, FieldErrors> {
        let mut errors = self.format_errors();
        let blank = |v: &str| v.trim().is_empty();
        let shown = |f: ConfigurableField| fields.rule(f) != FieldRule::Hidden;
        let required = |f: ConfigurableField| fields.rule(f) == FieldRule::Required;

        // Always required: without these the service cannot reach the person (§8).
        for (field, value) in [
            (FormField::FirstName, &self.first_name),
            (FormField::LastName, &self.last_name),
        ] {
            if blank(value) {
                errors.add(field, field.required_key());
            }
        }
        let date_of_birth =
            DateOfBirth::parse(&self.dob_day, &self.dob_month, &self.dob_year, today)
                .map_err(|e| {
                    let key = match e {
                        FieldError::Required => FormField::DateOfBirth.required_key(),
                        other => other.message_key(),
                    };
                    errors.add(FormField::DateOfBirth, key);
                })
                .ok();
        let practice = eligibility.practice(&self.gp_practice);
        if practice.is_none() {
            errors.add(FormField::GpPractice, FormField::GpPractice.required_key());
        }
        if required(ConfigurableField::Postcode) && blank(&self.postcode) {
            errors.add(FormField::Postcode, FormField::Postcode.required_key());
        }
        if blank(&self.phone) && blank(&self.email) {
            errors.add(FormField::Phone, FormField::Phone.required_key());
        }
        if !blank(&self.phone) {
            if self.safe_to_leave_message.is_none() {
                errors.add(
                    FormField::SafeToLeaveMessage,
                    FormField::SafeToLeaveMessage.required_key(),
                );
            }
            if self.safe_to_text.is_none() {
                errors.add(FormField::SafeToText, FormField::SafeToText.required_key());
            }
        }
        if shown(ConfigurableField::NhsNumber)
            && self.knows_nhs_number == Some(true)
            && blank(&self.nhs_number)
        {
            errors.add(FormField::NhsNumber, FormField::NhsNumber.required_key());
        }
        if shown(ConfigurableField::Interpreter)
            && self.interpreter_needed == Some(true)
            && blank(&self.interpreter_language)
        {
            errors.add(
                FormField::InterpreterLanguage,
                FormField::InterpreterLanguage.required_key(),
            );
        }
        for (field, config_field, answered) in [
            (
                FormField::PreferredName,
                ConfigurableField::PreferredName,
                !blank(&self.preferred_name),
            ),
            (
                FormField::Gender,
                ConfigurableField::Gender,
                self.gender.is_some(),
            ),
            (
                FormField::Ethnicity,
                ConfigurableField::Ethnicity,
                self.ethnicity.is_some(),
            ),
            (
                FormField::BestTimeToCall,
                ConfigurableField::BestTimeToCall,
                self.best_time_to_call.is_some(),
            ),
            (
                FormField::AnythingElse,
                ConfigurableField::AnythingElse,
                !blank(&self.anything_else),
            ),
            (
                FormField::NhsNumber,
                ConfigurableField::NhsNumber,
                self.knows_nhs_number.is_some(),
            ),
        ] {
            if required(config_field) && !answered {
                errors.add(field, field.required_key());
            }
        }
        if !self.consent_contact {
            errors.add(
                FormField::ConsentContact,
                FormField::ConsentContact.required_key(),
            );
        }
        if required(ConfigurableField::GpConsent) && !self.consent_gp {
            errors.add(FormField::ConsentGp, FormField::ConsentGp.required_key());
        }

        let first_name = parsed(&self.first_name, PersonName::parse);
        let last_name = parsed(&self.last_name, PersonName::parse);
        let (Some(first_name), Some(last_name), Some(date_of_birth), Some(practice), true) = (
            first_name,
            last_name,
            date_of_birth,
            practice,
            errors.is_empty(),
        ) else {
            return Err(errors);
        };
        let keep = |f: ConfigurableField, text: &str| {
            (shown(f) && !blank(text)).then(|| text.trim().to_owned())
        };
        let has_phone = !blank(&self.phone);
        Ok(ReferralDetails {
            first_name,
            last_name,
            preferred_name: shown(ConfigurableField::PreferredName)
                .then(|| parsed(&self.preferred_name, PersonName::parse))
                .flatten(),
            date_of_birth,
            gp_practice: GpPractice::from(practice),
            postcode: shown(ConfigurableField::Postcode)
                .then(|| parsed(&self.postcode, Postcode::parse))
                .flatten(),
            contact: Contact {
                phone: parsed(&self.phone, PhoneNumber::parse),
                email: parsed(&self.email, Email::parse),
                safe_to_leave_message: self.safe_to_leave_message.filter(|_| has_phone),
                safe_to_text: self.safe_to_text.filter(|_| has_phone),
            },
            nhs_number: (shown(ConfigurableField::NhsNumber)
                && self.knows_nhs_number == Some(true))
            .then(|| parsed(&self.nhs_number, NhsNumber::parse))
            .flatten(),
            gender: self.gender.filter(|_| shown(ConfigurableField::Gender)),
            ethnicity: self
                .ethnicity
                .filter(|_| shown(ConfigurableField::Ethnicity)),
            interpreter_language: if self.interpreter_needed == Some(true) {
                keep(ConfigurableField::Interpreter, &self.interpreter_language)
            } else {
                None
            },
            best_time_to_call: self
                .best_time_to_call
                .filter(|_| shown(ConfigurableField::BestTimeToCall)),
            anything_else: keep(ConfigurableField::AnythingElse, &self.anything_else),
            consents: Consents {
                contact: self.consent_contact,
                inform_gp: self.consent_gp,
            },
        })
    }

    /// Problems with the format of what was typed: each field's own parser, and
    /// `validator`'s length rule. A plain list rather than `validator`'s derive,
    /// whose maps of errors and their JSON parameters cost the page about
    /// 3.9 KB brotli (issue 3).
    fn format_errors(&self) -> FieldErrors {
        let too_long = |value: &str, max: u64, key| {
            (!value.validate_length(None, Some(max), None)).then_some(key)
        };
        let problems = [
            (
                FormField::FirstName,
                format_problem(&self.first_name, PersonName::parse),
            ),
            (
                FormField::LastName,
                format_problem(&self.last_name, PersonName::parse),
            ),
            (
                FormField::PreferredName,
                format_problem(&self.preferred_name, PersonName::parse),
            ),
            (
                FormField::Postcode,
                format_problem(&self.postcode, Postcode::parse),
            ),
            (
                FormField::Phone,
                format_problem(&self.phone, PhoneNumber::parse),
            ),
            (FormField::Email, format_problem(&self.email, Email::parse)),
            (
                FormField::NhsNumber,
                format_problem(&self.nhs_number, NhsNumber::parse),
            ),
            (
                FormField::InterpreterLanguage,
                too_long(
                    &self.interpreter_language,
                    LANGUAGE_MAX,
                    "interpreter_language.too_long",
                ),
            ),
            (
                FormField::AnythingElse,
                too_long(&self.anything_else, FREE_TEXT_MAX, "anything_else.too_long"),
            ),
        ];
        let mut errors = FieldErrors::default();
        for (field, problem) in problems {
            if let Some(key) = problem {
                errors.add(field, key);
            }
        }
        errors
    }
}
