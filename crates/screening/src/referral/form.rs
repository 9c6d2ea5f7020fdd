//! The referral form as the person typed it, and its validation into
//! [`ReferralDetails`]. Per-field format rules run through `validator`'s derive;
//! rules that depend on the service's configuration or on today's date follow.

use super::{
    BestTimeToCall, Consents, Contact, EthnicCategory, Gender, GpPractice, ReferralDetails,
};
use crate::config::{ConfigurableField, EligibilityRules, FieldRule, FieldRules};
use crate::field_error::FieldError;
use crate::fields::{
    CalendarDate, DateOfBirth, Email, NhsNumber, PersonName, PhoneNumber, Postcode,
};
use std::borrow::Cow;
use validator::{Validate, ValidationError};

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

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Validate)]
pub struct ReferralForm {
    #[validate(custom(function = "check_name"))]
    pub first_name: String,
    #[validate(custom(function = "check_name"))]
    pub last_name: String,
    #[validate(custom(function = "check_name"))]
    pub preferred_name: String,
    pub dob_day: String,
    pub dob_month: String,
    pub dob_year: String,
    /// ODS code of the practice chosen from the service's list.
    pub gp_practice: String,
    #[validate(custom(function = "check_postcode"))]
    pub postcode: String,
    #[validate(custom(function = "check_phone"))]
    pub phone: String,
    #[validate(custom(function = "check_email"))]
    pub email: String,
    pub safe_to_leave_message: Option<bool>,
    pub safe_to_text: Option<bool>,
    /// "Do you know your NHS number?" is asked first (clinical-reference.md §8).
    pub knows_nhs_number: Option<bool>,
    #[validate(custom(function = "check_nhs_number"))]
    pub nhs_number: String,
    pub gender: Option<Gender>,
    pub ethnicity: Option<EthnicCategory>,
    pub interpreter_needed: Option<bool>,
    #[validate(length(max = LANGUAGE_MAX, code = "interpreter_language.too_long"))]
    pub interpreter_language: String,
    pub best_time_to_call: Option<BestTimeToCall>,
    #[validate(length(max = FREE_TEXT_MAX, code = "anything_else.too_long"))]
    pub anything_else: String,
    pub consent_contact: bool,
    pub consent_gp: bool,
}

/// Wraps a field parser for `validator`: blank passes here (whether a blank is
/// allowed depends on the configuration), anything else must parse.
fn format_check<T>(
    value: &str,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Ok(());
    }
    parse(value)
        .map(drop)
        .map_err(|e| ValidationError::new(e.message_key()))
}

fn check_name(value: &str) -> Result<(), ValidationError> {
    format_check(value, PersonName::parse)
}
fn check_postcode(value: &str) -> Result<(), ValidationError> {
    format_check(value, Postcode::parse)
}
fn check_phone(value: &str) -> Result<(), ValidationError> {
    format_check(value, PhoneNumber::parse)
}
fn check_email(value: &str) -> Result<(), ValidationError> {
    format_check(value, Email::parse)
}
fn check_nhs_number(value: &str) -> Result<(), ValidationError> {
    format_check(value, NhsNumber::parse)
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

    /// Problems with the format of what was typed, from the `validator` derive.
    fn format_errors(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        if let Err(found) = self.validate() {
            for (name, problems) in found.field_errors() {
                let field = FormField::from_name(&name)
                    .expect("validator reports only the form's own fields");
                if let Some(problem) = problems.first() {
                    errors.add(field, message_key_of(problem.code.clone()));
                }
            }
        }
        errors
    }
}

/// Every code given to `validator` above is a static message key, so it comes
/// back borrowed.
fn message_key_of(code: Cow<'static, str>) -> &'static str {
    match code {
        Cow::Borrowed(key) => key,
        Cow::Owned(_) => "field.invalid",
    }
}
