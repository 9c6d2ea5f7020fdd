//! The referral's rules: one function, [`check`], run by the browser on what
//! a person has given so far (the fields of each page as they continue, then
//! the whole referral on "Check your answers") and by a receiver on a
//! payload's details. The table in `docs/referral-rules.md` lists each rule
//! once.
//!
//! The rules read typed values: a field's format (a name's characters, a
//! postcode's shape, an NHS number's check digit) is its type's parser's,
//! run when the browser reads what was typed and when a receiver reads JSON.

use super::{
    BestTimeToCall, Consents, Contact, EthnicCategory, FieldErrors, FormField, Gender, GpPractice,
    ReferralDetails,
};
use crate::config::{ConfigurableField, EligibilityRules, FieldRule, FieldRules};
use crate::field_error::FieldError;
use crate::fields::{CalendarDate, DateOfBirth, MAX_AGE_YEARS, NhsNumber, PersonName, Postcode};
use std::fmt;
use validator::ValidateLength;

/// Longest free text accepted, so a referral stays a reasonable size.
pub const ANYTHING_ELSE_MAX_CHARS: u64 = 2000;
/// Longest interpreter language name.
pub const LANGUAGE_MAX_CHARS: u64 = 60;

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

/// A referral as far as it has been given, every value typed: what [`check`]
/// reads. The browser makes one from the form as the person goes
/// (`ReferralForm::read`); a receiver from a payload's details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralDraft {
    pub first_name: Option<PersonName>,
    pub last_name: Option<PersonName>,
    pub preferred_name: Option<PersonName>,
    pub date_of_birth: Option<DateOfBirth>,
    pub gp_practice: Option<GpPractice>,
    pub postcode: Option<Postcode>,
    pub contact: Contact,
    /// "Do you know your NHS number?" (clinical-reference.md §8).
    pub knows_nhs_number: Option<bool>,
    pub nhs_number: Option<NhsNumber>,
    pub gender: Option<Gender>,
    pub ethnicity: Option<EthnicCategory>,
    /// "Do you need an interpreter?"
    pub interpreter_needed: Option<bool>,
    pub interpreter_language: Option<String>,
    pub best_time_to_call: Option<BestTimeToCall>,
    pub anything_else: Option<String>,
    pub consents: Consents,
}

/// A payload's details as the rules read them. A payload leaves out what
/// was answered "no", so each yes/no question reads as answered.
impl From<&ReferralDetails> for ReferralDraft {
    fn from(details: &ReferralDetails) -> Self {
        ReferralDraft {
            first_name: Some(details.first_name.clone()),
            last_name: Some(details.last_name.clone()),
            preferred_name: details.preferred_name.clone(),
            date_of_birth: Some(details.date_of_birth),
            gp_practice: Some(details.gp_practice.clone()),
            postcode: details.postcode.clone(),
            contact: details.contact.clone(),
            knows_nhs_number: Some(details.nhs_number.is_some()),
            nhs_number: details.nhs_number.clone(),
            gender: details.gender,
            ethnicity: details.ethnicity,
            interpreter_needed: Some(details.interpreter_language.is_some()),
            interpreter_language: details.interpreter_language.clone(),
            best_time_to_call: details.best_time_to_call,
            anything_else: details.anything_else.clone(),
            consents: details.consents,
        }
    }
}

impl ReferralDraft {
    /// The complete referral, once [`check`] finds nothing wrong.
    pub fn complete(self) -> Option<ReferralDetails> {
        Some(ReferralDetails {
            first_name: self.first_name?,
            last_name: self.last_name?,
            preferred_name: self.preferred_name,
            date_of_birth: self.date_of_birth?,
            gp_practice: self.gp_practice?,
            postcode: self.postcode,
            contact: self.contact,
            nhs_number: self.nhs_number,
            gender: self.gender,
            ethnicity: self.ethnicity,
            interpreter_language: self.interpreter_language,
            best_time_to_call: self.best_time_to_call,
            anything_else: self.anything_else,
            consents: self.consents,
        })
    }
}

/// Every problem with `referral` under the service's field rules and
/// eligibility on `today`, at most one per field, in page order.
///
/// A field may be `required` (a problem when absent), `optional`, or
/// `hidden` (a problem when given: the service never asked it).
pub fn check(
    referral: &ReferralDraft,
    fields: &FieldRules,
    eligibility: &EligibilityRules,
    today: CalendarDate,
) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let mut rule = |field: FormField, given: bool, asked: FieldRule| match asked {
        FieldRule::Required if !given => errors.add(field, Problem::Required),
        FieldRule::Hidden if given => errors.add(field, Problem::NotAsked),
        _ => {}
    };
    let configured = |f: ConfigurableField| fields.rule(f);
    let r = referral;

    // Always asked: without these the service cannot reach the person (§8).
    rule(
        FormField::FirstName,
        r.first_name.is_some(),
        FieldRule::Required,
    );
    rule(
        FormField::LastName,
        r.last_name.is_some(),
        FieldRule::Required,
    );
    rule(
        FormField::PreferredName,
        r.preferred_name.is_some(),
        configured(ConfigurableField::PreferredName),
    );
    rule(
        FormField::DateOfBirth,
        r.date_of_birth.is_some(),
        FieldRule::Required,
    );
    rule(
        FormField::GpPractice,
        r.gp_practice.is_some(),
        FieldRule::Required,
    );
    rule(
        FormField::Postcode,
        r.postcode.is_some(),
        configured(ConfigurableField::Postcode),
    );
    let has_phone = r.contact.phone.is_some();
    let reachable = has_phone || r.contact.email.is_some();
    rule(FormField::Phone, reachable, FieldRule::Required);
    // Asked only when a phone number is given.
    let after_phone = if has_phone {
        FieldRule::Required
    } else {
        FieldRule::Hidden
    };
    rule(
        FormField::SafeToLeaveMessage,
        r.contact.safe_to_leave_message.is_some(),
        after_phone,
    );
    rule(
        FormField::SafeToText,
        r.contact.safe_to_text.is_some(),
        after_phone,
    );
    let nhs_number = configured(ConfigurableField::NhsNumber);
    rule(
        FormField::KnowsNhsNumber,
        r.knows_nhs_number.is_some(),
        question(nhs_number),
    );
    rule(
        FormField::NhsNumber,
        r.nhs_number.is_some(),
        follow_up(nhs_number, r.knows_nhs_number),
    );
    rule(
        FormField::Gender,
        r.gender.is_some(),
        configured(ConfigurableField::Gender),
    );
    rule(
        FormField::Ethnicity,
        r.ethnicity.is_some(),
        configured(ConfigurableField::Ethnicity),
    );
    let interpreter = configured(ConfigurableField::Interpreter);
    rule(
        FormField::InterpreterNeeded,
        r.interpreter_needed.is_some(),
        question(interpreter),
    );
    rule(
        FormField::InterpreterLanguage,
        r.interpreter_language.is_some(),
        follow_up(interpreter, r.interpreter_needed),
    );
    rule(
        FormField::BestTimeToCall,
        r.best_time_to_call.is_some(),
        configured(ConfigurableField::BestTimeToCall),
    );
    rule(
        FormField::AnythingElse,
        r.anything_else.is_some(),
        configured(ConfigurableField::AnythingElse),
    );
    // Consent to contact is always required (§8).
    rule(
        FormField::ConsentContact,
        r.consents.contact,
        FieldRule::Required,
    );
    rule(
        FormField::ConsentGp,
        r.consents.inform_gp,
        configured(ConfigurableField::GpConsent),
    );

    for (field, text, max) in [
        (
            FormField::InterpreterLanguage,
            &r.interpreter_language,
            LANGUAGE_MAX_CHARS,
        ),
        (
            FormField::AnythingElse,
            &r.anything_else,
            ANYTHING_ELSE_MAX_CHARS,
        ),
    ] {
        if text
            .as_deref()
            .is_some_and(|text| !text.validate_length(None, Some(max), None))
        {
            errors.add(field, Problem::TooLong { max });
        }
    }
    if let Some(born) = r.date_of_birth {
        if born.date() > today {
            errors.add(
                FormField::DateOfBirth,
                Problem::Format(FieldError::DateInFuture),
            );
        } else if born.age_on(today).years() >= MAX_AGE_YEARS {
            errors.add(
                FormField::DateOfBirth,
                Problem::Format(FieldError::DateTooOld),
            );
        } else if !eligibility.is_old_enough(born.age_on(today)) {
            errors.add(FormField::DateOfBirth, Problem::TooYoung);
        }
    }
    if let Some(practice) = &r.gp_practice {
        match eligibility.practice(&practice.ods) {
            None => errors.add(FormField::GpPractice, Problem::PracticeNotCovered),
            Some(listed) if listed.name != practice.name => {
                errors.add(FormField::GpPractice, Problem::PracticeNameDiffers)
            }
            Some(_) => {}
        }
    }
    errors
}

/// The rule for the yes/no question before a field: answered when the field
/// is required. Its answer is never refused (a payload carries the field,
/// not the answer; the browser leaves out a hidden question's answer).
fn question(field: FieldRule) -> FieldRule {
    match field {
        FieldRule::Required => FieldRule::Required,
        _ => FieldRule::Optional,
    }
}

/// The rule for a field asked after a yes/no question: required after "yes",
/// not asked after "no" or when the question itself is hidden.
fn follow_up(question: FieldRule, answer: Option<bool>) -> FieldRule {
    match (question, answer) {
        (FieldRule::Hidden, _) | (_, Some(false)) => FieldRule::Hidden,
        (_, Some(true)) => FieldRule::Required,
        (_, None) => FieldRule::Optional,
    }
}
