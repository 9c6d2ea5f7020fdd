//! The browser and a receiver run the same rules: whatever form the browser
//! accepts, under any field rules a service may set, becomes details the
//! receiver's check accepts too, and nothing is lost between them.

mod support;

use proptest::prelude::*;
use screening::config::{ConfigurableField, FieldRule, FieldRules};
use screening::fields::CalendarDate;
use screening::referral::{
    BestTimeToCall, Gender, ReferralDetails, ReferralDraft, ReferralForm, Today, rules,
};
use support::{eligibility, today};

/// `text` repeated to `chars` characters. Lengths are counted in characters:
/// "ł" and "é" are two bytes each, so a rule counting bytes would refuse
/// what is at the limit.
fn text_of(chars: usize, text: &str) -> &'static str {
    Box::leak(text.repeat(chars).into_boxed_str())
}

/// For [`mostly`]: a list made at run time.
fn values(list: Vec<&'static str>) -> &'static [&'static str] {
    Box::leak(list.into_boxed_slice())
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
            mostly(values(vec![
                " Zoë ",
                "",
                "Ann\t",
                text_of(100, "ł"),
                text_of(101, "ł"),
            ])),
            mostly(values(vec!["O'Brien", "", text_of(100, "ł")])),
            mostly(&["Annie", ""]),
            // Around today's birthdays: 18 today, tomorrow or yesterday (the
            // minimum age), 130 (the oldest), or not born yet.
            mostly(&[
                "1980-11-23",
                "2008-11-23",
                "2008-11-24",
                "2008-11-22",
                "1896-11-24",
                "1896-11-23",
                "2026-11-24",
                "",
            ]),
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
            mostly(values(vec![
                "Polish",
                "",
                text_of(60, "é"),
                text_of(61, "é"),
                "  ",
            ])),
            given(&BestTimeToCall::ALL),
            mostly(values(vec![
                "Call after 5",
                "",
                text_of(2000, "é"),
                text_of(2001, "é"),
            ])),
            mostly_true(),
            mostly_true(),
        ),
    )
        .prop_map(
            |(
                (first_name, last_name, preferred_name, born, gp_practice, postcode),
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
                dob_year: born.get(..4).unwrap_or_default().into(),
                dob_month: born.get(5..7).unwrap_or_default().into(),
                dob_day: born.get(8..).unwrap_or_default().into(),
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

    /// Sent as JSON and read back as a receiver reads it, then checked on
    /// every date the sender's clock could have shown.
    #[test]
    fn what_the_browser_accepts_a_receiver_accepts(form in form(), fields in field_rules()) {
        if let Ok(details) = form.validate_for(&fields, &eligibility(), today()) {
            let json = serde_json::to_string(&details).unwrap();
            let read: ReferralDetails = serde_json::from_str(&json).unwrap();
            let received = ReferralDraft::from(&read);
            let around_today = Today::between(yesterday(), tomorrow());
            let problems: Vec<_> = rules::check(&received, &fields, &eligibility(), around_today)
                .problems()
                .collect();
            prop_assert!(problems.is_empty(), "{problems:?} for {details:?}");
            prop_assert_eq!(received.complete(), Some(details));
        }
    }
}

fn yesterday() -> CalendarDate {
    CalendarDate::new(2026, 11, 22).unwrap()
}

fn tomorrow() -> CalendarDate {
    CalendarDate::new(2026, 11, 24).unwrap()
}
