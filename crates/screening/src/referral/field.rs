//! The referral's fields, as the form names them and as a payload places them,
//! and the problems found with them.

use super::problem::Problem;

/// Every question of the referral form, named as the UI names its inputs, in
/// page order. The two yes/no questions that lead to a field
/// (`KnowsNhsNumber`, `InterpreterNeeded`) are fields of their own, so a
/// problem with them links to the question the person can answer.
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
    KnowsNhsNumber,
    NhsNumber,
    Gender,
    Ethnicity,
    InterpreterNeeded,
    InterpreterLanguage,
    BestTimeToCall,
    AnythingElse,
    ConsentContact,
    ConsentGp,
}

impl FormField {
    /// The form's field name, also the input's id in the page (for radios,
    /// the first radio's id).
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
            FormField::KnowsNhsNumber => "knows_nhs_number",
            FormField::NhsNumber => "nhs_number",
            FormField::Gender => "gender",
            FormField::Ethnicity => "ethnicity",
            FormField::InterpreterNeeded => "interpreter_needed",
            FormField::InterpreterLanguage => "interpreter_language",
            FormField::BestTimeToCall => "best_time_to_call",
            FormField::AnythingElse => "anything_else",
            FormField::ConsentContact => "consent_contact",
            FormField::ConsentGp => "consent_gp",
        }
    }

    /// Where the field is in a payload, for a receiver's answer. A yes/no
    /// question is not sent: a payload holds its field or leaves it out.
    pub fn payload_path(self) -> &'static str {
        match self {
            FormField::FirstName => "person.first_name",
            FormField::LastName => "person.last_name",
            FormField::PreferredName => "person.preferred_name",
            FormField::DateOfBirth => "person.date_of_birth",
            FormField::GpPractice => "person.gp_practice",
            FormField::Postcode => "person.postcode",
            // The one rule on it, "a phone number or an email address", is about both.
            FormField::Phone => "person.contact",
            FormField::Email => "person.contact.email",
            FormField::SafeToLeaveMessage => "person.contact.safe_to_leave_message",
            FormField::SafeToText => "person.contact.safe_to_text",
            FormField::KnowsNhsNumber | FormField::NhsNumber => "person.nhs_number",
            FormField::Gender => "person.gender",
            FormField::Ethnicity => "person.ethnicity",
            FormField::InterpreterNeeded | FormField::InterpreterLanguage => {
                "person.interpreter_language"
            }
            FormField::BestTimeToCall => "person.best_time_to_call",
            FormField::AnythingElse => "person.anything_else",
            FormField::ConsentContact => "person.consents.contact",
            FormField::ConsentGp => "person.consents.inform_gp",
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
            FormField::KnowsNhsNumber => "knows_nhs_number.required",
            FormField::NhsNumber => "nhs_number.required",
            FormField::Gender => "gender.required",
            FormField::Ethnicity => "ethnicity.required",
            FormField::InterpreterNeeded => "interpreter_needed.required",
            FormField::InterpreterLanguage => "interpreter_language.required",
            FormField::BestTimeToCall => "best_time_to_call.required",
            FormField::AnythingElse => "anything_else.required",
            FormField::ConsentContact => "consent_contact.required",
            FormField::ConsentGp => "consent_gp.required",
        }
    }

    /// Every field, in page order.
    pub const ALL: [FormField; 20] = [
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
        FormField::KnowsNhsNumber,
        FormField::NhsNumber,
        FormField::Gender,
        FormField::Ethnicity,
        FormField::InterpreterNeeded,
        FormField::InterpreterLanguage,
        FormField::BestTimeToCall,
        FormField::AnythingElse,
        FormField::ConsentContact,
        FormField::ConsentGp,
    ];
}

/// Every problem found, at most one per field (the first found), in page
/// order.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("the referral has {} invalid field(s)", .0.len())]
pub struct FieldErrors(Vec<(FormField, Problem)>);

impl FieldErrors {
    /// `(field, problem)` pairs in page order.
    pub fn problems(&self) -> impl Iterator<Item = (FormField, Problem)> + '_ {
        self.0.iter().copied()
    }

    /// `(field, message key)` pairs in page order: the UI looks the words up
    /// in its locale file.
    pub fn iter(&self) -> impl Iterator<Item = (FormField, &'static str)> + '_ {
        self.problems()
            .map(|(field, problem)| (field, problem.message_key(field)))
    }

    /// The problem with `field`, if it has one.
    pub fn problem(&self, field: FormField) -> Option<Problem> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, p)| *p)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Records a problem unless the field already has one (the first found wins).
    pub(crate) fn add(&mut self, field: FormField, problem: Problem) {
        if self.problem(field).is_none() {
            // Kept in page order by inserting in place (no sort: smaller wasm).
            let at = self.0.partition_point(|(f, _)| *f < field);
            self.0.insert(at, (field, problem));
        }
    }
}
