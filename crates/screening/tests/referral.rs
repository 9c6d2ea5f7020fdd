//! Referral form validation: a good form becomes validated details; every
//! problem is reported at once, against its field, as a message key.

mod support;

use screening::FieldError;
use screening::config::{ConfigurableField, FieldRule, FieldRules};
use screening::fields::PersonName;
use screening::referral::{FormField, Gender, ReferralForm};
use support::{eligibility, today};

fn good_form() -> ReferralForm {
    ReferralForm {
        first_name: "  Siobhán ".into(),
        last_name: "O'Brien-Nguyễn".into(),
        dob_day: "7".into(),
        dob_month: "03".into(),
        dob_year: "1980".into(),
        gp_practice: "f83004".into(),
        postcode: "n1 9ab".into(),
        phone: "07700 900123".into(),
        safe_to_leave_message: Some(true),
        safe_to_text: Some(false),
        knows_nhs_number: Some(true),
        nhs_number: "943 476 5919".into(),
        gender: Some(Gender::Female),
        consent_contact: true,
        consent_gp: true,
        ..ReferralForm::default()
    }
}

fn errors_of(form: &ReferralForm, rules: &FieldRules) -> Vec<(FormField, &'static str)> {
    form.validate_for(rules, &eligibility(), today())
        .unwrap_err()
        .iter()
        .collect()
}

#[test]
fn a_good_form_becomes_normalised_details() {
    let details = good_form()
        .validate_for(&FieldRules::default(), &eligibility(), today())
        .unwrap();
    assert_eq!(details.first_name.to_string(), "Siobhán");
    assert_eq!(details.last_name.to_string(), "O'Brien-Nguyễn");
    assert_eq!(details.postcode.unwrap().to_string(), "N1 9AB");
    assert_eq!(details.nhs_number.unwrap().as_digits(), "9434765919");
    assert_eq!(details.gp_practice.ods, "F83004");
    assert_eq!(details.date_of_birth.to_string(), "1980-03-07");
    assert_eq!(details.contact.safe_to_leave_message, Some(true));
    assert!(details.contact.email.is_none());
    assert!(details.consents.contact && details.consents.inform_gp);
}

#[test]
fn an_empty_form_reports_every_required_field_in_page_order() {
    let fields: Vec<FormField> = errors_of(&ReferralForm::default(), &FieldRules::default())
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        vec![
            FormField::FirstName,
            FormField::LastName,
            FormField::DateOfBirth,
            FormField::GpPractice,
            FormField::Postcode,
            FormField::Phone,
            FormField::ConsentContact,
            FormField::ConsentGp,
        ]
    );
}

#[test]
fn each_problem_carries_a_message_key_not_english() {
    for (field, key) in errors_of(&ReferralForm::default(), &FieldRules::default()) {
        assert!(key.contains('.') && !key.contains(' '), "{field:?}: {key}");
    }
}

#[test]
fn bad_formats_are_reported_against_their_fields() {
    let form = ReferralForm {
        first_name: "Ann\u{7}".into(),
        last_name: "a".repeat(101),
        postcode: "N1 9A".into(),
        phone: "12345".into(),
        email: "someone@".into(),
        nhs_number: "943 476 5918".into(),
        interpreter_needed: Some(true),
        interpreter_language: "a".repeat(61),
        ..good_form()
    };
    assert_eq!(
        errors_of(&form, &FieldRules::default()),
        vec![
            (FormField::FirstName, "name.invalid_characters"),
            (FormField::LastName, "too_long"),
            (FormField::Postcode, "postcode.format"),
            (FormField::Phone, "phone.format"),
            (FormField::Email, "email.format"),
            (FormField::NhsNumber, "nhs_number.check_digit"),
            (
                FormField::InterpreterLanguage,
                "interpreter_language.too_long"
            ),
        ]
    );
    let preferred = ReferralForm {
        preferred_name: "\u{1b}Jo".into(),
        ..good_form()
    };
    assert_eq!(
        errors_of(&preferred, &FieldRules::default()),
        vec![(FormField::PreferredName, "name.invalid_characters")]
    );
}

#[test]
fn a_future_or_impossible_date_of_birth_is_refused() {
    for (day, month, year) in [
        ("31", "4", "1990"),
        ("29", "2", "2023"),
        ("1", "1", "2027"),
        ("", "1", "1990"),
    ] {
        let form = ReferralForm {
            dob_day: day.into(),
            dob_month: month.into(),
            dob_year: year.into(),
            ..good_form()
        };
        let errors = errors_of(&form, &FieldRules::default());
        assert_eq!(errors.len(), 1, "{day}/{month}/{year}: {errors:?}");
        assert_eq!(errors[0].0, FormField::DateOfBirth);
    }
}

#[test]
fn a_practice_not_in_the_services_list_is_refused() {
    let form = ReferralForm {
        gp_practice: "Y99999".into(),
        ..good_form()
    };
    assert_eq!(
        errors_of(&form, &FieldRules::default())[0].0,
        FormField::GpPractice
    );
}

#[test]
fn an_email_alone_is_enough_contact_and_needs_no_message_answers() {
    let form = ReferralForm {
        phone: String::new(),
        email: "someone@example.com".into(),
        safe_to_leave_message: None,
        safe_to_text: None,
        ..good_form()
    };
    let details = form
        .validate_for(&FieldRules::default(), &eligibility(), today())
        .unwrap();
    assert_eq!(
        details.contact.email.unwrap().to_string(),
        "someone@example.com"
    );
    assert!(details.contact.safe_to_leave_message.is_none());
}

#[test]
fn a_phone_number_needs_the_message_and_text_answers() {
    let form = ReferralForm {
        safe_to_leave_message: None,
        safe_to_text: None,
        ..good_form()
    };
    let fields: Vec<FormField> = errors_of(&form, &FieldRules::default())
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        vec![FormField::SafeToLeaveMessage, FormField::SafeToText]
    );
}

#[test]
fn saying_you_know_your_nhs_number_then_leaving_it_blank_is_an_error() {
    let form = ReferralForm {
        nhs_number: String::new(),
        ..good_form()
    };
    assert_eq!(
        errors_of(&form, &FieldRules::default()),
        vec![(FormField::NhsNumber, "nhs_number.required")]
    );
    let not_known = ReferralForm {
        knows_nhs_number: Some(false),
        nhs_number: "943 476 5919".into(),
        ..good_form()
    };
    let details = not_known
        .validate_for(&FieldRules::default(), &eligibility(), today())
        .unwrap();
    assert!(
        details.nhs_number.is_none(),
        "a number typed then withdrawn is not sent"
    );
}

#[test]
fn hidden_fields_are_never_sent_and_optional_ones_may_be_blank() {
    let rules = FieldRules::default()
        .with(ConfigurableField::Gender, FieldRule::Hidden)
        .with(ConfigurableField::Postcode, FieldRule::Optional);
    let form = ReferralForm {
        postcode: String::new(),
        ..good_form()
    };
    let details = form.validate_for(&rules, &eligibility(), today()).unwrap();
    assert!(details.gender.is_none(), "hidden gender is dropped");
    assert!(details.postcode.is_none());
}

#[test]
fn a_service_can_make_an_optional_field_required() {
    let rules = FieldRules::default().with(ConfigurableField::Ethnicity, FieldRule::Required);
    assert_eq!(
        errors_of(&good_form(), &rules),
        vec![(FormField::Ethnicity, "ethnicity.required")]
    );
}

#[test]
fn consent_to_contact_is_always_required_and_gp_consent_by_default() {
    let form = ReferralForm {
        consent_contact: false,
        consent_gp: false,
        ..good_form()
    };
    let fields: Vec<FormField> = errors_of(&form, &FieldRules::default())
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        vec![FormField::ConsentContact, FormField::ConsentGp]
    );
    let rules = FieldRules::default().with(ConfigurableField::GpConsent, FieldRule::Optional);
    let fields: Vec<FormField> = errors_of(&form, &rules)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(fields, vec![FormField::ConsentContact]);
}

#[test]
fn overlong_free_text_is_refused() {
    let form = ReferralForm {
        anything_else: "a".repeat(2001),
        ..good_form()
    };
    assert_eq!(
        errors_of(&form, &FieldRules::default()),
        vec![(FormField::AnythingElse, "anything_else.too_long")]
    );
    let at_limit = ReferralForm {
        anything_else: "é".repeat(2000),
        ..good_form()
    };
    assert!(
        at_limit
            .validate_for(&FieldRules::default(), &eligibility(), today())
            .is_ok()
    );
}

#[test]
fn an_interpreter_needs_a_language() {
    let form = ReferralForm {
        interpreter_needed: Some(true),
        ..good_form()
    };
    assert_eq!(
        errors_of(&form, &FieldRules::default()),
        vec![(
            FormField::InterpreterLanguage,
            "interpreter_language.required"
        )]
    );
    let with_language = ReferralForm {
        interpreter_language: " Polish ".into(),
        ..form
    };
    let details = with_language
        .validate_for(&FieldRules::default(), &eligibility(), today())
        .unwrap();
    assert_eq!(details.interpreter_language.as_deref(), Some("Polish"));
}

#[test]
fn a_required_yes_no_question_left_unanswered_is_reported_against_the_question() {
    let rules = FieldRules::default()
        .with(ConfigurableField::NhsNumber, FieldRule::Required)
        .with(ConfigurableField::Interpreter, FieldRule::Required);
    let form = ReferralForm {
        knows_nhs_number: None,
        nhs_number: String::new(),
        interpreter_needed: None,
        ..good_form()
    };
    assert_eq!(
        errors_of(&form, &rules),
        vec![
            (FormField::KnowsNhsNumber, "knows_nhs_number.required"),
            (FormField::InterpreterNeeded, "interpreter_needed.required"),
        ]
    );
    let answered_no = ReferralForm {
        knows_nhs_number: Some(false),
        interpreter_needed: Some(false),
        ..form
    };
    assert!(
        answered_no
            .validate_for(&rules, &eligibility(), today())
            .is_ok()
    );
}

#[test]
fn names_in_any_script_pass_and_invisible_formatting_characters_are_left_out() {
    // Persian needs the zero-width non-joiner (U+200C) to spell names.
    for name in ["نیلوفر\u{200C}ها", "Zoë", "O'Brien-Nguyễn", "김민준"] {
        let form = ReferralForm {
            first_name: name.into(),
            ..good_form()
        };
        let details = form
            .validate_for(&FieldRules::default(), &eligibility(), today())
            .unwrap();
        assert_eq!(details.first_name.as_str(), name);
    }
    // Marks a right-to-left keyboard or a pasted contact brings, which the
    // person cannot see to remove: left out, not refused.
    for (typed, kept) in [
        ("\u{200F}سارا", "سارا"),
        ("\u{202A}Smith\u{202C}", "Smith"),
        ("Smi\u{200B}th", "Smith"),
        ("\u{FEFF}Ann", "Ann"),
    ] {
        let form = ReferralForm {
            last_name: typed.into(),
            ..good_form()
        };
        let details = form
            .validate_for(&FieldRules::default(), &eligibility(), today())
            .unwrap();
        assert_eq!(details.last_name.as_str(), kept, "{typed:?}");
    }
    // A receiver refuses them: the browser never sends them.
    assert_eq!(
        PersonName::parse("Ann\u{202E}eoJ"),
        Err(FieldError::NameInvalidCharacters)
    );
    let with_tab = ReferralForm {
        last_name: "Smith\tJones".into(),
        ..good_form()
    };
    assert_eq!(
        errors_of(&with_tab, &FieldRules::default()),
        vec![(FormField::LastName, "name.invalid_characters")]
    );
}

#[test]
fn an_overlong_email_address_has_its_own_message() {
    let form = ReferralForm {
        email: format!("{}@example.com", "a".repeat(250)),
        ..good_form()
    };
    assert_eq!(
        errors_of(&form, &FieldRules::default()),
        vec![(FormField::Email, "email.too_long")]
    );
}

#[test]
fn someone_under_the_minimum_age_is_refused() {
    let form = ReferralForm {
        dob_year: "2010".into(),
        ..good_form()
    };
    assert_eq!(
        errors_of(&form, &FieldRules::default()),
        vec![(FormField::DateOfBirth, "date_of_birth.too_young")]
    );
}

#[test]
fn what_a_hidden_field_holds_is_not_read() {
    let rules = FieldRules::default()
        .with(ConfigurableField::PreferredName, FieldRule::Hidden)
        .with(ConfigurableField::Postcode, FieldRule::Hidden);
    let form = ReferralForm {
        preferred_name: "a\tb".into(),
        postcode: "not a postcode".into(),
        ..good_form()
    };
    let details = form.validate_for(&rules, &eligibility(), today()).unwrap();
    assert!(details.preferred_name.is_none() && details.postcode.is_none());
}
