//! The referral form as the person typed it, read into a typed
//! [`ReferralDraft`] (each field's format checked by its type's parser) and
//! then checked by the referral's rules ([`rules::check`]).

use super::rules::{self, ReferralDraft, Today, given_text};
use super::{
    BestTimeToCall, Consents, Contact, EthnicCategory, FieldErrors, FormField, Gender, GpPractice,
    Problem, ReferralDetails,
};
use crate::config::{ConfigurableField, EligibilityRules, FieldRule, FieldRules};
use crate::field_error::FieldError;
use crate::fields::{
    CalendarDate, DateOfBirth, Email, NhsNumber, PersonName, PhoneNumber, Postcode,
};

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

/// A typed value's parse: `None` when blank, or nothing but what the parser
/// ignores (an NHS number of dashes), for whether a blank is allowed is a
/// rule of the service's; the parser's error as a problem with `field`.
fn read<T>(
    field: FormField,
    value: &str,
    parse: impl Fn(&str) -> Result<T, FieldError>,
    errors: &mut FieldErrors,
) -> Option<T> {
    match parse(value) {
        Ok(parsed) => Some(parsed),
        Err(FieldError::Required) => None,
        Err(error) => {
            errors.add(field, Problem::Format(error));
            None
        }
    }
}

/// `value`, or nothing when its field is hidden: what a hidden field holds is
/// on no page, so it is not read.
fn unless_hidden(rule: FieldRule, value: &str) -> &str {
    if rule == FieldRule::Hidden { "" } else { value }
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
        let (draft, mut errors) = self.read(fields, eligibility, today);
        // A phone number or email address that does not parse is not
        // missing: its own problem says what to mend.
        let contact_typed = errors.problem(FormField::Phone).is_some()
            || errors.problem(FormField::Email).is_some();
        for (field, problem) in
            rules::check(&draft, fields, eligibility, Today::is(today)).problems()
        {
            if !(field == FormField::Phone && contact_typed) {
                errors.add(field, problem);
            }
        }
        match draft.complete() {
            Some(details) if errors.is_empty() => Ok(details),
            _ => Err(errors),
        }
    }

    /// The form read into typed values, with the fields whose format is
    /// wrong. What the person cannot have been asked is left out, unread: a
    /// hidden field's input is not on any page, and a follow-up question's
    /// answer stands only after "yes" (the NHS number, the interpreter's
    /// language) or a phone number (the message questions). Names leave out
    /// invisible formatting characters ([`PersonName::from_typed`]).
    pub fn read(
        &self,
        fields: &FieldRules,
        eligibility: &EligibilityRules,
        today: CalendarDate,
    ) -> (ReferralDraft, FieldErrors) {
        let mut errors = FieldErrors::default();
        let shown = |f: ConfigurableField| fields.rule(f) != FieldRule::Hidden;
        let first_name = read(
            FormField::FirstName,
            &self.first_name,
            PersonName::from_typed,
            &mut errors,
        );
        let last_name = read(
            FormField::LastName,
            &self.last_name,
            PersonName::from_typed,
            &mut errors,
        );
        let preferred_name = read(
            FormField::PreferredName,
            unless_hidden(
                fields.rule(ConfigurableField::PreferredName),
                &self.preferred_name,
            ),
            PersonName::from_typed,
            &mut errors,
        );
        let date_of_birth =
            match DateOfBirth::parse(&self.dob_day, &self.dob_month, &self.dob_year, today) {
                Ok(date) => Some(date),
                Err(FieldError::Required) => None,
                Err(error) => {
                    errors.add(FormField::DateOfBirth, Problem::Format(error));
                    None
                }
            };
        let postcode = read(
            FormField::Postcode,
            unless_hidden(fields.rule(ConfigurableField::Postcode), &self.postcode),
            Postcode::parse,
            &mut errors,
        );
        let phone = read(
            FormField::Phone,
            &self.phone,
            PhoneNumber::parse,
            &mut errors,
        );
        let email = read(FormField::Email, &self.email, Email::parse, &mut errors);
        let has_phone = phone.is_some();
        let knows_nhs_number = self
            .knows_nhs_number
            .filter(|_| shown(ConfigurableField::NhsNumber));
        let nhs_number = if knows_nhs_number == Some(true) {
            read(
                FormField::NhsNumber,
                &self.nhs_number,
                NhsNumber::parse,
                &mut errors,
            )
        } else {
            None
        };
        let interpreter_needed = self
            .interpreter_needed
            .filter(|_| shown(ConfigurableField::Interpreter));
        let draft = ReferralDraft {
            first_name,
            last_name,
            preferred_name,
            date_of_birth,
            gp_practice: eligibility
                .practice(&self.gp_practice)
                .map(GpPractice::from),
            postcode,
            contact: Contact {
                phone,
                email,
                safe_to_leave_message: self.safe_to_leave_message.filter(|_| has_phone),
                safe_to_text: self.safe_to_text.filter(|_| has_phone),
            },
            knows_nhs_number,
            nhs_number,
            gender: self.gender.filter(|_| shown(ConfigurableField::Gender)),
            ethnicity: self
                .ethnicity
                .filter(|_| shown(ConfigurableField::Ethnicity)),
            interpreter_needed,
            interpreter_language: given_text(&self.interpreter_language)
                .filter(|_| interpreter_needed == Some(true)),
            best_time_to_call: self
                .best_time_to_call
                .filter(|_| shown(ConfigurableField::BestTimeToCall)),
            anything_else: given_text(&self.anything_else)
                .filter(|_| shown(ConfigurableField::AnythingElse)),
            consents: Consents {
                contact: self.consent_contact,
                inform_gp: self.consent_gp && shown(ConfigurableField::GpConsent),
            },
        };
        (draft, errors)
    }
}
