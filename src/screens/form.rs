//! What the pages that ask something share: the problems Continue finds,
//! each linked to its field and shown beside it, the Continue handlers, and
//! yes/no questions as radios.

use crate::components::{PageError, RadioOption};
use crate::context::{use_config, use_journey, use_locale};
use crate::flow::Step;
use crate::journey::{Journey, today};
use crate::locale::Locale;
use leptos::prelude::*;
use screening::fields::CalendarDate;
use screening::referral::Problem;
use screening::{FormField, ReferralForm, ServiceConfig};

/// The id of the element an error summary link moves to for `field`.
fn field_anchor(field: FormField) -> String {
    match field {
        FormField::DateOfBirth => "date_of_birth-day".to_owned(),
        other => other.name().to_owned(),
    }
}

/// The referral's rules (`screening::referral::rules`) as Continue on `step`
/// applies them: the problems with that page's fields, each as the key of
/// its message. A date of birth under the minimum age is left to the route,
/// which shows the "too young" page instead.
pub fn page_problems(
    form: &ReferralForm,
    config: &ServiceConfig,
    today: CalendarDate,
    step: Step,
) -> Vec<(FormField, &'static str)> {
    let Err(errors) = form.validate_for(&config.fields, &config.eligibility, today) else {
        return Vec::new();
    };
    errors
        .problems()
        .filter(|(field, problem)| step.fields().contains(field) && *problem != Problem::TooYoung)
        .map(|(field, problem)| (field, problem.message_key(field)))
        .collect()
}

/// The problems Continue on `step` finds, each linked to its field.
fn referral_errors(
    journey: &Journey,
    config: &ServiceConfig,
    locale: &Locale,
    step: Step,
) -> Vec<PageError> {
    journey.answers.with_untracked(|a| {
        page_problems(&a.form, config, today(), step)
            .into_iter()
            .map(|(field, key)| PageError {
                id: field_anchor(field),
                message: locale.text(key),
            })
            .collect()
    })
}

/// The message for `field` among `errors`, for its inline error.
pub fn error_for(errors: RwSignal<Vec<PageError>>, field: FormField) -> Signal<Option<String>> {
    error_at(errors, field_anchor(field))
}

/// The message among `errors` that links to the element `anchor`.
pub fn error_at(errors: RwSignal<Vec<PageError>>, anchor: String) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors
            .read()
            .iter()
            .find(|e| e.id == anchor)
            .map(|e| e.message.clone())
    })
}

/// The standard Continue handler of a referral page: check its fields, then go on.
/// Call it while the page is being built: it reads the contexts then.
pub fn continue_referral_page(step: Step, errors: RwSignal<Vec<PageError>>) -> Callback<()> {
    let journey = use_journey();
    let config = use_config();
    let locale = use_locale();
    Callback::new(move |()| {
        let found = referral_errors(&journey, &config, &locale, step);
        let ok = found.is_empty();
        errors.set(found);
        if ok {
            journey.continue_from(step);
        }
    })
}

/// The Continue handler of a page whose one question must be answered: until
/// `answered()` holds, an error linked to `anchor`; then the next page.
pub fn continue_when_answered(
    step: Step,
    errors: RwSignal<Vec<PageError>>,
    anchor: String,
    message: String,
    answered: impl Fn() -> bool + Send + Sync + 'static,
) -> Callback<()> {
    let journey = use_journey();
    Callback::new(move |()| {
        if answered() {
            journey.continue_from(step);
        } else {
            errors.set(vec![PageError {
                id: anchor.clone(),
                message: message.clone(),
            }]);
        }
    })
}

/// "Yes" and "No" as radio options with values "yes" and "no".
pub fn yes_no_options(locale: &Locale) -> Vec<RadioOption> {
    vec![
        RadioOption::new("yes", locale.text("common.yes")),
        RadioOption::new("no", locale.text("common.no")),
    ]
}

/// A yes/no answer as the radio value it is shown as.
pub fn yes_no_value(answer: Option<bool>) -> Option<String> {
    answer.map(|yes| if yes { "yes" } else { "no" }.to_owned())
}

/// Each of the referral's rules (docs/referral-rules.md) as a person meets
/// it: the page it is broken on, the field its message links to, and the
/// words they read.
#[cfg(test)]
mod tests {
    use super::*;
    use screening::config::{ConfigurableField, FieldRule};
    use screening::{Catalogue, referral::Gender};

    fn today() -> CalendarDate {
        CalendarDate::new(2026, 11, 23).unwrap()
    }

    fn config_with(rules: &[(ConfigurableField, FieldRule)]) -> ServiceConfig {
        let catalogue = Catalogue::load().unwrap();
        let mut config =
            ServiceConfig::from_json(include_str!("../../public/config.json"), &catalogue).unwrap();
        for (field, rule) in rules {
            config.fields = config.fields.clone().with(*field, *rule);
        }
        config
    }

    fn good_form() -> ReferralForm {
        ReferralForm {
            first_name: "Siobhán".into(),
            last_name: "O'Brien".into(),
            dob_day: "7".into(),
            dob_month: "3".into(),
            dob_year: "1980".into(),
            gp_practice: "F83004".into(),
            postcode: "N1 9AB".into(),
            phone: "07700 900123".into(),
            safe_to_leave_message: Some(true),
            safe_to_text: Some(false),
            knows_nhs_number: Some(false),
            interpreter_needed: Some(false),
            consent_contact: true,
            consent_gp: true,
            ..ReferralForm::default()
        }
    }

    struct Case {
        rule: &'static str,
        asked: &'static [(ConfigurableField, FieldRule)],
        break_it: fn(&mut ReferralForm),
        step: Step,
        field: FormField,
        message: &'static str,
    }

    const DEFAULTS: &[(ConfigurableField, FieldRule)] = &[];

    #[test]
    fn each_rule_shows_its_own_message_beside_its_field() {
        use ConfigurableField as C;
        use FieldRule::Required;
        let cases = [
            Case {
                rule: "first name required",
                asked: DEFAULTS,
                break_it: |f| f.first_name.clear(),
                step: Step::Name,
                field: FormField::FirstName,
                message: "Enter your first name",
            },
            Case {
                rule: "last name required",
                asked: DEFAULTS,
                break_it: |f| f.last_name = "  ".into(),
                step: Step::Name,
                field: FormField::LastName,
                message: "Enter your last name",
            },
            Case {
                rule: "a name with a tab",
                asked: DEFAULTS,
                break_it: |f| f.last_name = "Smith\tJones".into(),
                step: Step::Name,
                field: FormField::LastName,
                message: "Names must not include tabs or line breaks",
            },
            Case {
                rule: "a name over 100 characters",
                asked: DEFAULTS,
                break_it: |f| f.first_name = "a".repeat(101),
                step: Step::Name,
                field: FormField::FirstName,
                message: "Names must be 100 characters or fewer",
            },
            Case {
                rule: "preferred name required by the service",
                asked: &[(C::PreferredName, Required)],
                break_it: |_| {},
                step: Step::Name,
                field: FormField::PreferredName,
                message: "Enter what you would like us to call you",
            },
            Case {
                rule: "date of birth in the future",
                asked: DEFAULTS,
                break_it: |f| f.dob_year = "2030".into(),
                step: Step::DateOfBirth,
                field: FormField::DateOfBirth,
                message: "Date of birth must be in the past",
            },
            Case {
                rule: "date of birth required",
                asked: DEFAULTS,
                break_it: |f| {
                    f.dob_day.clear();
                    f.dob_month.clear();
                    f.dob_year.clear();
                },
                step: Step::DateOfBirth,
                field: FormField::DateOfBirth,
                message: "Enter your date of birth",
            },
            Case {
                rule: "date of birth without its month",
                asked: DEFAULTS,
                break_it: |f| f.dob_month.clear(),
                step: Step::DateOfBirth,
                field: FormField::DateOfBirth,
                message: "Date of birth must include a day, month and year",
            },
            Case {
                rule: "date of birth 130 years ago or more",
                asked: DEFAULTS,
                break_it: |f| f.dob_year = "1890".into(),
                step: Step::DateOfBirth,
                field: FormField::DateOfBirth,
                message: "Check the year of your date of birth",
            },
            Case {
                rule: "a postcode of the wrong shape",
                asked: DEFAULTS,
                break_it: |f| f.postcode = "N1 9A".into(),
                step: Step::Postcode,
                field: FormField::Postcode,
                message: "Enter a full UK postcode, like AA1 1AA",
            },
            Case {
                rule: "postcode required by default",
                asked: DEFAULTS,
                break_it: |f| f.postcode.clear(),
                step: Step::Postcode,
                field: FormField::Postcode,
                message: "Enter your postcode",
            },
            Case {
                rule: "neither phone nor email",
                asked: DEFAULTS,
                break_it: |f| f.phone.clear(),
                step: Step::Contact,
                field: FormField::Phone,
                message: "Enter a UK phone number or an email address",
            },
            Case {
                rule: "a phone number with letters",
                asked: DEFAULTS,
                break_it: |f| f.phone = "07700 90O123".into(),
                step: Step::Contact,
                field: FormField::Phone,
                message: "Phone number must only include numbers, spaces, dashes, dots, brackets and a + at the start",
            },
            Case {
                rule: "an email address over 254 characters",
                asked: DEFAULTS,
                break_it: |f| f.email = format!("{}@example.com", "a".repeat(250)),
                step: Step::Contact,
                field: FormField::Email,
                message: "Email address must be 254 characters or fewer",
            },
            Case {
                rule: "voicemail answer required after a phone number",
                asked: DEFAULTS,
                break_it: |f| f.safe_to_leave_message = None,
                step: Step::MessagePermissions,
                field: FormField::SafeToLeaveMessage,
                message: "Select yes if it is safe to leave you a voicemail message",
            },
            Case {
                rule: "text message answer required after a phone number",
                asked: DEFAULTS,
                break_it: |f| f.safe_to_text = None,
                step: Step::MessagePermissions,
                field: FormField::SafeToText,
                message: "Select yes if we can send you text messages",
            },
            Case {
                rule: "an NHS number whose check digit is wrong",
                asked: DEFAULTS,
                break_it: |f| {
                    f.knows_nhs_number = Some(true);
                    f.nhs_number = "943 476 5918".into();
                },
                step: Step::NhsNumber,
                field: FormField::NhsNumber,
                message: "Enter a valid NHS number: check the digits are correct",
            },
            Case {
                rule: "an NHS number of nothing but dashes",
                asked: DEFAULTS,
                break_it: |f| {
                    f.knows_nhs_number = Some(true);
                    f.nhs_number = "-".into();
                },
                step: Step::NhsNumber,
                field: FormField::NhsNumber,
                message: "Enter your NHS number, or select no",
            },
            Case {
                rule: "NHS number question required by the service",
                asked: &[(C::NhsNumber, Required)],
                break_it: |f| f.knows_nhs_number = None,
                step: Step::NhsNumber,
                field: FormField::KnowsNhsNumber,
                message: "Select yes if you know your NHS number",
            },
            Case {
                rule: "NHS number required after yes",
                asked: DEFAULTS,
                break_it: |f| f.knows_nhs_number = Some(true),
                step: Step::NhsNumber,
                field: FormField::NhsNumber,
                message: "Enter your NHS number, or select no",
            },
            Case {
                rule: "gender required by the service",
                asked: &[(C::Gender, Required)],
                break_it: |_| {},
                step: Step::AboutYou,
                field: FormField::Gender,
                message: "Select your gender",
            },
            Case {
                rule: "ethnic group required by the service",
                asked: &[(C::Ethnicity, Required)],
                break_it: |_| {},
                step: Step::AboutYou,
                field: FormField::Ethnicity,
                message: "Select your ethnic group",
            },
            Case {
                rule: "interpreter's language required after yes",
                asked: DEFAULTS,
                break_it: |f| f.interpreter_needed = Some(true),
                step: Step::Interpreter,
                field: FormField::InterpreterLanguage,
                message: "Enter the language you need an interpreter for",
            },
            Case {
                rule: "interpreter question required by the service",
                asked: &[(C::Interpreter, Required)],
                break_it: |f| f.interpreter_needed = None,
                step: Step::Interpreter,
                field: FormField::InterpreterNeeded,
                message: "Select yes if you need an interpreter",
            },
            Case {
                rule: "interpreter's language over 60 characters",
                asked: DEFAULTS,
                break_it: |f| {
                    f.interpreter_needed = Some(true);
                    f.interpreter_language = "a".repeat(61);
                },
                step: Step::Interpreter,
                field: FormField::InterpreterLanguage,
                message: "Language must be 60 characters or fewer",
            },
            Case {
                rule: "best time to call required by the service",
                asked: &[(C::BestTimeToCall, Required)],
                break_it: |_| {},
                step: Step::AnythingElse,
                field: FormField::BestTimeToCall,
                message: "Select the best time to call you",
            },
            Case {
                rule: "anything else required by the service",
                asked: &[(C::AnythingElse, Required)],
                break_it: |_| {},
                step: Step::AnythingElse,
                field: FormField::AnythingElse,
                message: "Tell us anything else we should know",
            },
            Case {
                rule: "anything else over 2,000 characters",
                asked: DEFAULTS,
                break_it: |f| f.anything_else = "a".repeat(2001),
                step: Step::AnythingElse,
                field: FormField::AnythingElse,
                message: "What you tell us must be 2,000 characters or fewer",
            },
            Case {
                rule: "consent to contact always required",
                asked: DEFAULTS,
                break_it: |f| f.consent_contact = false,
                step: Step::Consent,
                field: FormField::ConsentContact,
                message: "You must agree to us contacting you so that we can help",
            },
            Case {
                rule: "consent to tell the GP required by default",
                asked: DEFAULTS,
                break_it: |f| f.consent_gp = false,
                step: Step::Consent,
                field: FormField::ConsentGp,
                message: "Select that you agree to us telling your GP",
            },
            Case {
                rule: "an invalid email address with no phone number",
                asked: DEFAULTS,
                break_it: |f| {
                    f.phone.clear();
                    f.email = "someone@".into();
                },
                step: Step::Contact,
                field: FormField::Email,
                message: "Enter an email address in the correct format, like name@example.com",
            },
        ];
        let locale = Locale::en_gb();
        for case in cases {
            let mut form = good_form();
            assert_eq!(
                page_problems(&form, &config_with(DEFAULTS), today(), case.step),
                vec![],
                "{}: the page is fine before",
                case.rule
            );
            let config = config_with(case.asked);
            (case.break_it)(&mut form);
            let found = page_problems(&form, &config, today(), case.step);
            let shown: Vec<(FormField, String)> = found
                .into_iter()
                .map(|(field, key)| (field, locale.text(key)))
                .collect();
            assert_eq!(
                shown,
                vec![(case.field, case.message.to_owned())],
                "{}",
                case.rule
            );
        }
    }

    #[test]
    fn every_problem_with_every_field_has_a_message() {
        use screening::FieldError;
        let locale = Locale::en_gb();
        let problems = FieldError::ALL.map(Problem::Format).into_iter().chain([
            Problem::Required,
            Problem::TooLong { max: 1 },
            Problem::NotAsked,
            Problem::PracticeNotCovered,
            Problem::PracticeNameDiffers,
            Problem::TooYoung,
        ]);
        for problem in problems {
            for field in FormField::ALL {
                let key = problem.message_key(field);
                assert!(locale.has(key), "{field:?} {problem:?}: {key}");
            }
        }
    }

    #[test]
    fn a_page_shows_only_its_own_fields_problems_and_leaves_age_to_the_route() {
        let config = config_with(&[]);
        let form = ReferralForm {
            first_name: String::new(),
            dob_year: "2015".into(),
            gender: Some(Gender::Female),
            ..good_form()
        };
        assert_eq!(
            page_problems(&form, &config, today(), Step::DateOfBirth),
            vec![],
            "too young: the route shows its page"
        );
        assert_eq!(
            page_problems(&form, &config, today(), Step::Name),
            vec![(FormField::FirstName, "first_name.required")]
        );
    }
}
