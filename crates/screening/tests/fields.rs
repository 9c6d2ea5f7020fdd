//! Tests for the validated form fields (rules: clinical-reference.md §9).

use proptest::prelude::*;
use screening::field_error::FieldError;
use screening::fields::{
    Age, CalendarDate, DateOfBirth, Email, NhsNumber, PersonName, PhoneNumber, Postcode,
};

/// The valid test NHS numbers given in clinical-reference.md §9.
const VALID_NHS_NUMBERS: [&str; 2] = ["9434765919", "9876543210"];

fn date(year: u16, month: u8, day: u8) -> CalendarDate {
    CalendarDate::new(year, month, day).expect("test dates are real")
}

/// A fixed "today" so the tests do not depend on the clock.
fn today() -> CalendarDate {
    date(2025, 6, 15)
}

fn born(year: u16, month: u8, day: u8) -> DateOfBirth {
    let text = format!("\"{}\"", date(year, month, day));
    serde_json::from_str(&text).expect("a real date deserializes")
}

/// Modulus 11 written out independently of the crate, as the oracle for the
/// NHS number tests: `None` when the check digit computes to 10.
fn reference_check_digit(first_nine: &str) -> Option<u32> {
    const WEIGHTS: [u32; 9] = [10, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum: u32 = first_nine
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => Some(check),
    }
}

// ---------------------------------------------------------------- NHS number

#[test]
fn the_valid_test_nhs_numbers_are_accepted_with_or_without_spaces_and_dashes() {
    for input in [
        "9434765919",
        "943 476 5919",
        "943-476-5919",
        " 943 476-5919 ",
        "9876543210",
        "987 654 3210",
        "987-654-3210",
    ] {
        assert!(NhsNumber::parse(input).is_ok(), "{input:?} should be valid");
    }
}

#[test]
fn an_nhs_number_is_kept_as_10_digits_and_shown_as_3_3_4() {
    let number = NhsNumber::parse("943-476-5919").unwrap();
    assert_eq!(number.as_digits(), "9434765919");
    assert_eq!(number.formatted(), "943 476 5919");
    assert_eq!(number.to_string(), "943 476 5919");
}

#[test]
fn every_single_digit_change_of_a_valid_nhs_number_is_rejected() {
    let mut changes = 0;
    for valid in VALID_NHS_NUMBERS {
        for position in 0..10 {
            for digit in '0'..='9' {
                let mut changed: Vec<char> = valid.chars().collect();
                if changed[position] == digit {
                    continue;
                }
                changed[position] = digit;
                let changed: String = changed.into_iter().collect();
                assert_eq!(
                    NhsNumber::parse(&changed),
                    Err(FieldError::NhsNumberCheckDigit),
                    "{changed} (from {valid}) should be rejected"
                );
                changes += 1;
            }
        }
    }
    assert_eq!(changes, 2 * 10 * 9);
}

#[test]
fn nhs_numbers_whose_check_digit_computes_to_10_are_all_rejected() {
    let prefixes: Vec<String> = (0..)
        .map(|n: u32| format!("{:09}", 100_000_000 + n * 7_919))
        .filter(|prefix| reference_check_digit(prefix).is_none())
        .take(25)
        .collect();
    for prefix in &prefixes {
        for last in 0..=9 {
            let number = format!("{prefix}{last}");
            assert_eq!(
                NhsNumber::parse(&number),
                Err(FieldError::NhsNumberCheckDigit),
                "{number}: its check digit computes to 10"
            );
        }
    }
}

#[test]
fn nhs_numbers_of_the_wrong_length_or_with_other_characters_are_rejected() {
    let cases = [
        ("", FieldError::Required),
        ("  - ", FieldError::Required),
        ("943476591", FieldError::NhsNumberWrongLength),
        ("94347659190", FieldError::NhsNumberWrongLength),
        ("943 476 591", FieldError::NhsNumberWrongLength),
        ("943476591X", FieldError::NhsNumberNotDigits),
        ("943.476.5919", FieldError::NhsNumberNotDigits),
        ("943/476/5919", FieldError::NhsNumberNotDigits),
        ("+9434765919", FieldError::NhsNumberNotDigits),
        // Arabic-Indic digits are digits, but not ones NHS systems take.
        ("٩٤٣٤٧٦٥٩١٩", FieldError::NhsNumberNotDigits),
    ];
    for (input, error) in cases {
        assert_eq!(NhsNumber::parse(input), Err(error), "{input:?}");
    }
}

// ------------------------------------------------------------------ postcode

#[test]
fn uk_postcodes_of_every_shape_are_accepted_and_normalised() {
    let cases = [
        ("n1 9ab", "N1 9AB"),       // A9
        ("SW1A1AA", "SW1A 1AA"),    // AA9A
        ("sw1a 1aa", "SW1A 1AA"),   // AA9A
        ("M1 1AE", "M1 1AE"),       // A9
        ("B33 8TH", "B33 8TH"),     // A99
        ("CR2 6XH", "CR2 6XH"),     // AA9
        ("DN55 1PT", "DN55 1PT"),   // AA99
        ("W1A 0AX", "W1A 0AX"),     // A9A
        ("ec1a 1bb", "EC1A 1BB"),   // AA9A
        ("BT1 5GS", "BT1 5GS"),     // Northern Ireland
        ("  LS1  1UR ", "LS1 1UR"), // extra spaces
        ("L S 1 1 U R", "LS1 1UR"),
        ("gir0aa", "GIR 0AA"), // the one special case
        ("GIR 0AA", "GIR 0AA"),
    ];
    for (input, normalised) in cases {
        let postcode = Postcode::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(postcode.as_str(), normalised);
        assert_eq!(postcode.to_string(), normalised);
    }
}

#[test]
fn strings_that_are_not_uk_postcodes_are_rejected() {
    assert_eq!(Postcode::parse(""), Err(FieldError::Required));
    assert_eq!(Postcode::parse("   "), Err(FieldError::Required));
    for input in [
        "N1",
        "N19A",
        "SW1A 1A",
        "SW1A 1AAA",
        "N1 9AB9",
        "123 456",
        "1N 9AB",
        "AAA 1AA",  // outward code of three letters
        "A1AA 1AA", // letter after A9A
        "SW1A 11A", // inward code must be 9AA
        "SW1A AAA",
        "N1-9AB",
        "N1 9ÄB",
        "GIR 1AA",  // only GIR 0AA is special
        "ASCN 1ZZ", // overseas territory, not a UK address
        "SW1A 1AA SW1A 1AA",
    ] {
        assert_eq!(
            Postcode::parse(input),
            Err(FieldError::PostcodeFormat),
            "{input:?}"
        );
    }
}

// --------------------------------------------------------------------- phone

#[test]
fn uk_phone_numbers_are_accepted_and_normalised_to_e164() {
    let cases = [
        ("07700 900123", "+447700900123", "07700 900123"),
        ("07700900123", "+447700900123", "07700 900123"),
        (" 07700-900-123 ", "+447700900123", "07700 900123"),
        ("07700.900.123", "+447700900123", "07700 900123"),
        ("+44 7700 900123", "+447700900123", "07700 900123"),
        ("+447700900123", "+447700900123", "07700 900123"),
        ("0044 7700 900123", "+447700900123", "07700 900123"),
        ("+44 (0)7700 900123", "+447700900123", "07700 900123"),
        ("020 7946 0000", "+442079460000", "020 7946 0000"),
        ("(020) 7946-0000", "+442079460000", "020 7946 0000"),
        ("+44 (0)20 7946 0000", "+442079460000", "020 7946 0000"),
        ("0113 496 0000", "+441134960000", "0113 496 0000"),
        ("0121 496 0000", "+441214960000", "0121 496 0000"),
        ("01632 960000", "+441632960000", "01632 960000"),
        ("01632 96000", "+44163296000", "01632 96000"),
        ("0300 123 4567", "+443001234567", "0300 123 4567"),
        ("0800 123 4567", "+448001234567", "0800 123 4567"),
        ("0800 123456", "+44800123456", "0800 123456"),
    ];
    for (input, e164, display) in cases {
        let phone = PhoneNumber::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(phone.as_e164(), e164, "{input:?}");
        assert_eq!(phone.display(), display, "{input:?}");
        assert_eq!(phone.to_string(), display, "{input:?}");
    }
}

#[test]
fn phone_numbers_that_are_not_uk_numbers_we_can_call_are_rejected() {
    let cases = [
        ("", FieldError::Required),
        ("   ", FieldError::Required),
        ("07700 90012", FieldError::PhoneFormat),
        ("07700 9001234", FieldError::PhoneFormat),
        ("7700 900123", FieldError::PhoneFormat),
        ("447700900123", FieldError::PhoneFormat),
        ("020 7946 000", FieldError::PhoneFormat),
        ("0300 123 456", FieldError::PhoneFormat),
        ("01632 9600", FieldError::PhoneFormat),
        ("0909 123 4567", FieldError::PhoneFormat),
        ("0500 123456", FieldError::PhoneFormat),
        ("00000000000", FieldError::PhoneNotUk), // 00 is the international prefix
        ("+44", FieldError::PhoneFormat),
        ("+", FieldError::PhoneFormat),
        ("+44 0", FieldError::PhoneFormat),
        ("07700+900123", FieldError::PhoneFormat),
        ("+1 202 555 0100", FieldError::PhoneNotUk),
        ("0033 1 23 45 67 89", FieldError::PhoneNotUk),
        ("07700 9OO123", FieldError::PhoneInvalidCharacters),
        ("call me", FieldError::PhoneInvalidCharacters),
        ("07700 900123 ext 4", FieldError::PhoneInvalidCharacters),
        ("07700/900123", FieldError::PhoneInvalidCharacters),
        ("٠٧٧٠٠٩٠٠١٢٣", FieldError::PhoneInvalidCharacters),
    ];
    for (input, error) in cases {
        assert_eq!(PhoneNumber::parse(input), Err(error), "{input:?}");
    }
}

// --------------------------------------------------------------------- email

#[test]
fn plausible_email_addresses_are_accepted_and_trimmed() {
    let cases = [
        ("name@example.com", "name@example.com"),
        ("  name@example.com\t", "name@example.com"),
        (
            "first.last+tag@sub.example.co.uk",
            "first.last+tag@sub.example.co.uk",
        ),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("Name@Example.COM", "Name@Example.COM"),
        ("zoë@exämple.com", "zoë@exämple.com"),
        ("a@b.c", "a@b.c"),
    ];
    for (input, stored) in cases {
        let email = Email::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(email.as_str(), stored);
        assert_eq!(email.to_string(), stored);
    }
}

#[test]
fn email_addresses_without_one_at_and_a_dotted_domain_are_rejected() {
    assert_eq!(Email::parse(""), Err(FieldError::Required));
    assert_eq!(Email::parse("  "), Err(FieldError::Required));
    for input in [
        "name",
        "name@",
        "@example.com",
        "name@example",
        "name@@example.com",
        "a@b@example.com",
        "name@example..com",
        "name@.example.com",
        "name@example.com.",
        "na me@example.com",
        "name@exa\tmple.com",
        "name@example.com\u{0}",
        "name@example.com, other@example.com",
    ] {
        assert_eq!(
            Email::parse(input),
            Err(FieldError::EmailFormat),
            "{input:?}"
        );
    }
}

#[test]
fn email_addresses_may_have_254_characters_but_not_255() {
    let domain = "@example.com";
    let longest = format!("{}{domain}", "a".repeat(254 - domain.len()));
    assert!(Email::parse(&longest).is_ok());
    let too_long = format!("a{longest}");
    assert_eq!(Email::parse(&too_long), Err(FieldError::TooLong));
}

// ---------------------------------------------------------------------- name

#[test]
fn names_in_any_script_with_apostrophes_hyphens_and_accents_are_accepted() {
    for name in [
        "Ann",
        "X",
        "O'Brien",
        "O’Brien",
        "Anne-Marie",
        "Zoë",
        "José María",
        "Ó Súilleabháin",
        "Nguyễn",
        "李小龍",
        "محمد",
        "Łukasz",
        "Zoe\u{308}", // "Zoë" typed with a combining diaeresis
    ] {
        let parsed = PersonName::parse(name).unwrap_or_else(|e| panic!("{name:?}: {e}"));
        assert_eq!(parsed.as_str(), name);
    }
}

#[test]
fn names_are_trimmed() {
    assert_eq!(
        PersonName::parse("  Ann Smith \n").unwrap().as_str(),
        "Ann Smith"
    );
}

#[test]
fn names_are_limited_to_100_characters_not_bytes() {
    let hundred = "é".repeat(100); // 200 bytes
    assert_eq!(PersonName::parse(&hundred).unwrap().as_str(), hundred);
    assert_eq!(
        PersonName::parse(&"é".repeat(101)),
        Err(FieldError::TooLong)
    );
}

#[test]
fn empty_names_and_names_with_control_characters_are_rejected() {
    assert_eq!(PersonName::parse(""), Err(FieldError::Required));
    assert_eq!(PersonName::parse(" \t\n"), Err(FieldError::Required));
    for input in [
        "Ann\nSmith",
        "An\tn",
        "Ann\u{0}",
        "Ann\u{7f}",
        "Ann\u{1b}[31m",
    ] {
        assert_eq!(
            PersonName::parse(input),
            Err(FieldError::NameInvalidCharacters),
            "{input:?}"
        );
    }
}

// --------------------------------------------------------------------- dates

#[test]
fn calendar_dates_exist_only_for_real_days_with_gregorian_leap_years() {
    let real = [
        (2024, 2, 29),
        (2000, 2, 29),
        (2023, 2, 28),
        (2023, 4, 30),
        (2023, 12, 31),
        (1, 1, 1),
        (9999, 12, 31),
    ];
    for (y, m, d) in real {
        assert!(CalendarDate::new(y, m, d).is_some(), "{y}-{m}-{d}");
    }
    let unreal = [
        (2023, 2, 29),
        (1900, 2, 29), // century, not divisible by 400
        (2100, 2, 29),
        (2024, 2, 30),
        (2023, 4, 31),
        (2023, 6, 31),
        (2023, 9, 31),
        (2023, 11, 31),
        (2023, 1, 32),
        (2023, 0, 1),
        (2023, 13, 1),
        (2023, 1, 0),
        (0, 1, 1),
        (10000, 1, 1),
    ];
    for (y, m, d) in unreal {
        assert_eq!(CalendarDate::new(y, m, d), None, "{y}-{m}-{d}");
    }
}

#[test]
fn calendar_dates_are_ordered_chronologically() {
    assert!(date(2024, 12, 31) < date(2025, 1, 1));
    assert!(date(2025, 1, 31) < date(2025, 2, 1));
    assert!(date(2025, 2, 1) < date(2025, 2, 2));
}

#[test]
fn calendar_dates_are_shown_and_parsed_as_yyyy_mm_dd() {
    let d = date(5, 1, 2);
    assert_eq!((d.year(), d.month(), d.day()), (5, 1, 2));
    assert_eq!(d.to_string(), "0005-01-02");
    assert_eq!(CalendarDate::parse_iso("2024-02-29"), Ok(date(2024, 2, 29)));
    assert_eq!(
        CalendarDate::parse_iso("2023-02-29"),
        Err(FieldError::DateNotReal)
    );
    for malformed in [
        "2024-2-29",
        "20240229",
        "2024/02/29",
        " 2024-02-29",
        "2024-02-2x",
        "+024-02-29",
        "",
    ] {
        assert_eq!(
            CalendarDate::parse_iso(malformed),
            Err(FieldError::DateNotNumbers),
            "{malformed:?}"
        );
    }
}

#[test]
fn dates_of_birth_that_are_real_and_past_are_accepted() {
    let cases = [
        (("15", "6", "1990"), date(1990, 6, 15)),
        ((" 1 ", "01", "2000"), date(2000, 1, 1)),
        (("29", "2", "2024"), date(2024, 2, 29)),
        (("29", "02", "2000"), date(2000, 2, 29)),
        (("31", "12", "1999"), date(1999, 12, 31)),
        (("15", "6", "2025"), today()),
        (("16", "6", "1895"), date(1895, 6, 16)), // 129 years 11 months
    ];
    for ((day, month, year), expected) in cases {
        let dob = DateOfBirth::parse(day, month, year, today())
            .unwrap_or_else(|e| panic!("{day}/{month}/{year}: {e}"));
        assert_eq!(dob.date(), expected);
    }
}

#[test]
fn dates_of_birth_that_are_incomplete_impossible_future_or_too_old_are_rejected() {
    let cases = [
        (("", "", ""), FieldError::Required),
        ((" ", "  ", ""), FieldError::Required),
        (("15", "", "1990"), FieldError::DateIncomplete),
        (("", "6", ""), FieldError::DateIncomplete),
        (("15", "6", " "), FieldError::DateIncomplete),
        (("1a", "6", "1990"), FieldError::DateNotNumbers),
        (("15", "June", "1990"), FieldError::DateNotNumbers),
        (("-1", "6", "1990"), FieldError::DateNotNumbers),
        (("15", "6", "19 90"), FieldError::DateNotNumbers),
        (("15", "6", "90"), FieldError::DateYearNotFourDigits),
        (("15", "6", "01990"), FieldError::DateYearNotFourDigits),
        (("31", "4", "1990"), FieldError::DateNotReal),
        (("29", "2", "2023"), FieldError::DateNotReal),
        (("29", "2", "1900"), FieldError::DateNotReal),
        (("0", "6", "1990"), FieldError::DateNotReal),
        (("15", "0", "1990"), FieldError::DateNotReal),
        (("15", "13", "1990"), FieldError::DateNotReal),
        (("300", "6", "1990"), FieldError::DateNotReal),
        (("1", "1", "0000"), FieldError::DateNotReal),
        (("16", "6", "2025"), FieldError::DateInFuture),
        (("1", "1", "2026"), FieldError::DateInFuture),
        (("15", "6", "1895"), FieldError::DateTooOld), // exactly 130
        (("1", "1", "1066"), FieldError::DateTooOld),
    ];
    for ((day, month, year), error) in cases {
        assert_eq!(
            DateOfBirth::parse(day, month, year, today()),
            Err(error),
            "{day}/{month}/{year}"
        );
    }
}

#[test]
fn age_counts_completed_years_and_months_across_a_birthday() {
    let dob = born(2007, 6, 16);
    let age = dob.age_on(date(2025, 6, 15));
    assert_eq!((age.years(), age.months()), (17, 11));
    assert!(!age.is_at_least(18, 0));
    let age = dob.age_on(date(2025, 6, 16));
    assert_eq!((age.years(), age.months()), (18, 0));
    assert!(age.is_at_least(18, 0));
    assert_eq!(dob.age_on(date(2007, 6, 16)), Age::default());
}

#[test]
fn someone_born_on_29_february_has_their_birthday_on_1_march_in_other_years() {
    let dob = born(2008, 2, 29);
    let on = |y, m, d| {
        let age = dob.age_on(date(y, m, d));
        (age.years(), age.months())
    };
    assert_eq!(on(2026, 2, 28), (17, 11));
    assert_eq!(on(2026, 3, 1), (18, 0));
    assert_eq!(on(2028, 2, 28), (19, 11));
    assert_eq!(on(2028, 2, 29), (20, 0));
}

#[test]
fn a_monthly_anniversary_on_a_missing_day_is_reached_on_the_first_of_the_next_month() {
    // 17 years 9 months after 31 May 2008 would be "31 February 2026".
    let dob = born(2008, 5, 31);
    assert!(!dob.age_on(date(2026, 2, 28)).is_at_least(17, 9));
    assert!(dob.age_on(date(2026, 3, 1)).is_at_least(17, 9));
    let dob = born(2000, 1, 31);
    assert_eq!(dob.age_on(date(2000, 2, 29)).months(), 0);
    assert_eq!(dob.age_on(date(2000, 3, 1)).months(), 1);
    assert_eq!(dob.age_on(date(2000, 4, 30)).months(), 2);
    assert_eq!(dob.age_on(date(2000, 5, 1)).months(), 3);
}

#[test]
fn age_on_a_day_before_birth_is_zero() {
    assert_eq!(born(2020, 1, 1).age_on(date(2019, 12, 31)), Age::default());
}

#[test]
fn is_at_least_compares_years_then_months() {
    let age = born(2007, 9, 15).age_on(today()); // 17 years 9 months
    assert!(age.is_at_least(17, 9));
    assert!(age.is_at_least(17, 8));
    assert!(age.is_at_least(16, 11));
    assert!(!age.is_at_least(17, 10));
    assert!(!age.is_at_least(18, 0));
}

// --------------------------------------------------------------------- serde

#[test]
fn fields_serialize_as_their_normalised_strings_and_deserialize_back() {
    fn round_trip<T>(value: T, json: &str)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
        assert_eq!(serde_json::from_str::<T>(json).unwrap(), value);
    }
    round_trip(NhsNumber::parse("943 476 5919").unwrap(), r#""9434765919""#);
    round_trip(Postcode::parse("sw1a1aa").unwrap(), r#""SW1A 1AA""#);
    round_trip(
        PhoneNumber::parse("07700 900123").unwrap(),
        r#""+447700900123""#,
    );
    round_trip(
        Email::parse(" name@example.com ").unwrap(),
        r#""name@example.com""#,
    );
    round_trip(PersonName::parse(" Zoë ").unwrap(), r#""Zoë""#);
    round_trip(date(2024, 2, 9), r#""2024-02-09""#);
    round_trip(born(1990, 6, 15), r#""1990-06-15""#);
}

#[test]
fn deserializing_an_invalid_value_fails() {
    assert!(serde_json::from_str::<NhsNumber>(r#""9434765918""#).is_err());
    assert!(serde_json::from_str::<NhsNumber>("9434765919").is_err()); // a number, not a string
    assert!(serde_json::from_str::<Postcode>(r#""SW1A""#).is_err());
    assert!(serde_json::from_str::<PhoneNumber>(r#""+33123456789""#).is_err());
    assert!(serde_json::from_str::<Email>(r#""name@example""#).is_err());
    assert!(serde_json::from_str::<PersonName>(r#""  ""#).is_err());
    assert!(serde_json::from_str::<PersonName>(r#""Ann\nSmith""#).is_err());
    assert!(serde_json::from_str::<CalendarDate>(r#""2023-02-29""#).is_err());
    assert!(serde_json::from_str::<DateOfBirth>(r#""2023-02-29""#).is_err());
    assert!(serde_json::from_str::<DateOfBirth>(r#""29/02/2024""#).is_err());
}

#[test]
fn the_deserialization_error_carries_the_field_error() {
    let error = serde_json::from_str::<NhsNumber>(r#""9434765918""#).unwrap_err();
    assert!(
        error
            .to_string()
            .contains(&FieldError::NhsNumberCheckDigit.to_string())
    );
}

#[test]
fn a_deserialized_date_of_birth_is_checked_for_being_real_not_against_today() {
    // Whether it was in the future was decided on the day it was entered.
    assert!(serde_json::from_str::<DateOfBirth>(r#""2999-01-01""#).is_ok());
}

// -------------------------------------------------------------- field errors

#[test]
fn field_errors_have_distinct_stable_snake_case_message_keys() {
    let keys: Vec<&str> = FieldError::ALL.iter().map(|e| e.message_key()).collect();
    let mut unique = keys.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "duplicate keys in {keys:?}");
    for key in keys {
        assert!(
            key.bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.'),
            "{key}"
        );
    }
    assert_eq!(
        FieldError::NhsNumberCheckDigit.message_key(),
        "nhs_number.check_digit"
    );
}

#[test]
fn a_field_error_serializes_as_its_message_key() {
    assert_eq!(
        serde_json::to_string(&FieldError::DateInFuture).unwrap(),
        r#""date.in_future""#
    );
}

#[cfg(feature = "json-schema")]
#[test]
fn every_field_appears_as_a_string_in_the_json_schema() {
    fn schema<T: schemars::JsonSchema>() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(T)).unwrap()
    }
    for schema in [
        schema::<NhsNumber>(),
        schema::<Postcode>(),
        schema::<PhoneNumber>(),
        schema::<Email>(),
        schema::<PersonName>(),
        schema::<CalendarDate>(),
        schema::<DateOfBirth>(),
    ] {
        assert_eq!(schema["type"], "string", "{schema}");
    }
    assert_eq!(schema::<DateOfBirth>()["format"], "date");
    assert_eq!(schema::<NhsNumber>()["pattern"], "^[0-9]{10}$");
    assert_eq!(schema::<PhoneNumber>()["pattern"], r"^\+44[0-9]{9,10}$");
}

// ---------------------------------------------------------------- properties

fn any_date() -> impl Strategy<Value = CalendarDate> {
    (1u16..=9999, 1u8..=12, 1u8..=31)
        .prop_map(|(y, m, d)| CalendarDate::new(y, m, d.min(28)).unwrap())
}

/// The day after `day` (none after 9999-12-31).
fn next_day(day: CalendarDate) -> Option<CalendarDate> {
    let (y, m, d) = (day.year(), day.month(), day.day());
    CalendarDate::new(y, m, d + 1)
        .or_else(|| CalendarDate::new(y, m + 1, 1))
        .or_else(|| CalendarDate::new(y + 1, 1, 1))
}

proptest! {
    #[test]
    fn no_input_string_makes_any_parser_panic(
        s in prop_oneof![any::<String>(), "[0-9A-Za-z +()\\-.@'/]{0,16}"],
        t in "[0-9 ]{0,4}",
        u in ".{0,6}",
        today in any_date(),
    ) {
        let _ = NhsNumber::parse(&s);
        let _ = Postcode::parse(&s);
        let _ = PhoneNumber::parse(&s);
        let _ = Email::parse(&s);
        let _ = PersonName::parse(&s);
        let _ = CalendarDate::parse_iso(&s);
        let _ = DateOfBirth::parse(&s, &t, &u, today);
        let _ = DateOfBirth::parse(&t, &t, &t, today);
        let _ = DateOfBirth::parse(&u, &s, &t, today);
    }

    #[test]
    fn calendar_date_new_and_age_never_panic(y in any::<u16>(), m in any::<u8>(), d in any::<u8>(), today in any_date()) {
        if let Some(day) = CalendarDate::new(y, m, d) {
            let dob: DateOfBirth = serde_json::from_str(&format!("\"{day}\"")).unwrap();
            let age = dob.age_on(today);
            prop_assert!(age.months() < 12);
        }
    }

    #[test]
    fn any_nine_digit_prefix_has_exactly_one_or_zero_valid_check_digits(prefix in "[0-9]{9}") {
        let valid: Vec<u32> = (0..=9)
            .filter(|d| NhsNumber::parse(&format!("{prefix}{d}")).is_ok())
            .collect();
        prop_assert!(valid.len() <= 1, "{prefix}: {valid:?}");
        prop_assert_eq!(valid.first().copied(), reference_check_digit(&prefix));
    }

    #[test]
    fn a_valid_nhs_number_parses_back_from_its_formatted_and_digit_forms(prefix in "[0-9]{9}") {
        if let Some(check) = reference_check_digit(&prefix) {
            let number = NhsNumber::parse(&format!("{prefix}{check}")).unwrap();
            prop_assert_eq!(&NhsNumber::parse(&number.formatted()).unwrap(), &number);
            prop_assert_eq!(&NhsNumber::parse(number.as_digits()).unwrap(), &number);
        }
    }

    #[test]
    fn a_postcode_parses_back_from_its_normalised_form(
        input in "[A-Za-z]{1,2}[0-9][0-9A-Za-z]? {0,2}[0-9][A-Za-z]{2}",
    ) {
        let postcode = Postcode::parse(&input).unwrap();
        let normal = postcode.as_str();
        prop_assert_eq!(normal.find(' '), Some(normal.len() - 4));
        prop_assert_eq!(normal, normal.to_uppercase());
        prop_assert_eq!(&Postcode::parse(normal).unwrap(), &postcode);
    }

    #[test]
    fn a_phone_number_parses_back_from_its_display_and_e164_forms(
        input in "07[0-9]{9}|01[0-9]{8,9}|02[0-9]{9}|03[0-9]{9}|08[0-9]{8,9}",
    ) {
        let phone = PhoneNumber::parse(&input).unwrap();
        prop_assert_eq!(phone.display().replace(' ', ""), input);
        prop_assert_eq!(&PhoneNumber::parse(&phone.display()).unwrap(), &phone);
        prop_assert_eq!(&PhoneNumber::parse(phone.as_e164()).unwrap(), &phone);
    }

    #[test]
    fn an_email_parses_back_from_its_stored_form(
        input in "[a-z0-9._%+'-]{1,20}@[a-z0-9-]{1,10}(\\.[a-z0-9-]{1,10}){1,3}",
    ) {
        let email = Email::parse(&input).unwrap();
        prop_assert_eq!(&Email::parse(email.as_str()).unwrap(), &email);
    }

    #[test]
    fn a_name_parses_back_from_its_stored_form(input in "\\PC{1,100}") {
        if let Ok(name) = PersonName::parse(&input) {
            prop_assert_eq!(name.as_str(), input.trim());
            prop_assert_eq!(&PersonName::parse(name.as_str()).unwrap(), &name);
        }
    }

    #[test]
    fn a_date_parses_back_from_its_iso_form(y in 1u16..=9999, m in 1u8..=12, d in 1u8..=31) {
        if let Some(day) = CalendarDate::new(y, m, d) {
            prop_assert_eq!(CalendarDate::parse_iso(&day.to_string()), Ok(day));
            let json = serde_json::to_string(&day).unwrap();
            prop_assert_eq!(serde_json::from_str::<CalendarDate>(&json).unwrap(), day);
        }
    }

    #[test]
    fn age_never_goes_down_and_grows_by_at_most_a_month_a_day(
        dob in any_date(),
        days_later in 0u32..2000,
        y in 1900u16..2100,
    ) {
        // Start some days after a birth in 1900..2100 to cover leap days.
        let dob: DateOfBirth = serde_json::from_str(
            &format!("\"{:04}-{:02}-{:02}\"", y, dob.month(), dob.day())).unwrap();
        let mut day = dob.date();
        for _ in 0..days_later { day = next_day(day).unwrap(); }
        let next = next_day(day).unwrap();
        let (before, after) = (dob.age_on(day), dob.age_on(next));
        prop_assert!(before <= after);
        let months = |a: Age| u32::from(a.years()) * 12 + u32::from(a.months());
        prop_assert!(months(after) - months(before) <= 1);
    }
}
