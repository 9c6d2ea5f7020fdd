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
    Problem, ReferralDetails,
};
use crate::config::{ConfigurableField, EligibilityRules, FieldRule, FieldRules};
use crate::field_error::FieldError;
use crate::fields::{CalendarDate, DateOfBirth, MAX_AGE_YEARS, NhsNumber, PersonName, Postcode};
use validator::ValidateLength;

/// Longest free text accepted, so a referral stays a reasonable size.
pub const ANYTHING_ELSE_MAX_CHARS: u64 = 2000;
/// Longest interpreter language name.
pub const LANGUAGE_MAX_CHARS: u64 = 60;

/// The day the rules are checked on. In the browser, the person's today. At a
/// receiver, any date a sender's clock can show (time zones run from 12
/// hours behind UTC to 14 ahead): a rule about the date of birth holds if it
/// holds on one of them, so that nobody is refused for their time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    earliest: CalendarDate,
    latest: CalendarDate,
}

impl Today {
    /// Exactly `date`: the browser's today.
    pub fn is(date: CalendarDate) -> Today {
        Today {
            earliest: date,
            latest: date,
        }
    }

    /// Any date from `earliest` to `latest`.
    pub fn between(earliest: CalendarDate, latest: CalendarDate) -> Today {
        Today { earliest, latest }
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
/// was answered "no", so each yes/no question reads as answered; free text
/// of nothing but spaces reads as not given, as the browser reads it.
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
            interpreter_language: details.interpreter_language.as_deref().and_then(given_text),
            best_time_to_call: details.best_time_to_call,
            anything_else: details.anything_else.as_deref().and_then(given_text),
            consents: details.consents,
        }
    }
}

/// Free text as given, trimmed: `None` when blank.
pub(super) fn given_text(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
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
    today: Today,
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
        if born.date() > today.latest {
            errors.add(
                FormField::DateOfBirth,
                Problem::Format(FieldError::DateInFuture),
            );
        } else if born.age_on(today.earliest).years() >= MAX_AGE_YEARS {
            errors.add(
                FormField::DateOfBirth,
                Problem::Format(FieldError::DateTooOld),
            );
        } else if !eligibility.is_old_enough(born.age_on(today.latest)) {
            errors.add(FormField::DateOfBirth, Problem::TooYoung);
        }
    }
    if let Some(practice) = &r.gp_practice {
        match eligibility.practice(&practice.ods) {
            None => errors.add(FormField::GpPractice, Problem::PracticeNotCovered),
            Some(listed) if !same_name(&listed.name, &practice.name) => {
                errors.add(FormField::GpPractice, Problem::PracticeNameDiffers)
            }
            Some(_) => {}
        }
    }
    errors
}

/// Whether two practice names are the same but for case and spacing, so
/// that a service that corrects a name's capitals does not refuse referrals
/// already on their way.
fn same_name(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (a.split_whitespace(), b.split_whitespace());
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {}
            _ => return false,
        }
    }
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
