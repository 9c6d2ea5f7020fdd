//! The browser and a receiver run the same rules: whatever form the browser
//! accepts, under any field rules a service may set, becomes details the
//! receiver's check accepts too, and nothing is lost between them.

use proptest::prelude::*;
use screening::config::Practice;
use screening::config::{ConfigurableField, EligibilityRules, FieldRule, FieldRules, MinimumAge};
use screening::fields::CalendarDate;
use screening::referral::{BestTimeToCall, Gender, ReferralDraft, ReferralForm, rules};
use screening::web_address::WebAddress;

fn today() -> CalendarDate {
    CalendarDate::new(2026, 11, 23).unwrap()
}

fn eligibility() -> EligibilityRules {
    EligibilityRules {
        minimum_age: MinimumAge {
            years: 18,
            months: 0,
        },
        practices: vec![Practice {
            name: "Riverside Medical Centre".into(),
            ods: "F83004".into(),
        }],
        out_of_area_url: WebAddress::parse("https://www.nhs.uk/service-search").unwrap(),
    }
}

fn field_rules() -> impl Strategy<Value = FieldRules> {
    let rule = prop_oneof![
        Just(FieldRule::Required),
        Just(FieldRule::Optional),
        Just(FieldRule::Hidden)
    ];
    proptest::collection::vec(rule, ConfigurableField::ALL.len()).prop_map(|chosen| {
        ConfigurableField::ALL
            .into_iter()
            .zip(chosen)
            .fold(FieldRules::default(), |rules, (field, rule)| {
                rules.with(field, rule)
            })
    })
}

/// The field's first value (valid) nine times in ten, else one of the
/// others (blank, or wrong for the field), so that most forms are complete
/// and each rule is broken in some.
fn mostly(values: &'static [&'static str]) -> impl Strategy<Value = String> {
    let (valid, others) = values.split_first().unwrap();
    prop_oneof![
        9 => Just(valid.to_string()),
        1 => proptest::sample::select(others).prop_map(String::from),
    ]
}

/// Answered nine times in ten.
fn answer() -> impl Strategy<Value = Option<bool>> {
    prop_oneof![9 => any::<bool>().prop_map(Some), 1 => Just(None)]
}

/// Given nine times in ten.
fn given<T: Clone + std::fmt::Debug + 'static>(all: &[T]) -> impl Strategy<Value = Option<T>> {
    prop_oneof![9 => proptest::sample::select(all.to_vec()).prop_map(Some), 1 => Just(None)]
}

fn mostly_true() -> impl Strategy<Value = bool> {
    prop_oneof![19 => Just(true), 1 => Just(false)]
}

fn form() -> impl Strategy<Value = ReferralForm> {
    (
        (
            mostly(&[" Zoë ", "", "Ann\u{202E}"]),
            mostly(&["O'Brien", ""]),
            mostly(&["Annie", ""]),
            mostly(&["1980", "2015", ""]),
            mostly(&["f83004", "Y99999", ""]),
            mostly(&["N1 9AB", "", "N1"]),
        ),
        (
            mostly(&["07700 900123", "", "12"]),
            mostly(&["", "a@example.com", "a@"]),
            answer(),
            answer(),
            answer(),
            mostly(&["943 476 5919", "", "943 476 5918"]),
        ),
        (
            given(&Gender::ALL),
            answer(),
            mostly(&[
                "Polish",
                "",
                "a-very-long-language-name-that-is-longer-than-sixty-characters",
            ]),
            given(&BestTimeToCall::ALL),
            mostly(&["Call after 5", ""]),
            mostly_true(),
            mostly_true(),
        ),
    )
        .prop_map(
            |(
                (first_name, last_name, preferred_name, dob_year, gp_practice, postcode),
                (phone, email, safe_to_leave_message, safe_to_text, knows_nhs_number, nhs_number),
                (
                    gender,
                    interpreter_needed,
                    interpreter_language,
                    best_time_to_call,
                    anything_else,
                    consent_contact,
                    consent_gp,
                ),
            )| ReferralForm {
                first_name,
                last_name,
                preferred_name,
                dob_day: "7".into(),
                dob_month: "3".into(),
                dob_year,
                gp_practice,
                postcode,
                phone,
                email,
                safe_to_leave_message,
                safe_to_text,
                knows_nhs_number,
                nhs_number,
                gender,
                interpreter_needed,
                interpreter_language,
                best_time_to_call,
                anything_else,
                consent_contact,
                consent_gp,
                ..ReferralForm::default()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn what_the_browser_accepts_a_receiver_accepts(form in form(), fields in field_rules()) {
        if let Ok(details) = form.validate_for(&fields, &eligibility(), today()) {
            let received = ReferralDraft::from(&details);
            let problems: Vec<_> = rules::check(&received, &fields, &eligibility(), today())
                .problems()
                .collect();
            prop_assert!(problems.is_empty(), "{problems:?} for {details:?}");
            prop_assert_eq!(received.complete(), Some(details));
        }
    }

    #[test]
    fn the_browser_refuses_whatever_breaks_a_rule(form in form(), fields in field_rules()) {
        let (draft, format_errors) = form.read(&fields, &eligibility(), today());
        let broken = !rules::check(&draft, &fields, &eligibility(), today()).is_empty();
        prop_assert_eq!(
            form.validate_for(&fields, &eligibility(), today()).is_err(),
            broken || !format_errors.is_empty()
        );
    }
}
