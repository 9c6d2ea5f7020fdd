//! The service configuration: the example loads; every bad value is refused with
//! an error naming the field.

use screening::config::{ConfigurableField, FieldRule};
use screening::{Catalogue, Condition, ConfigError, InstrumentId, Mode, Score, ServiceConfig};
use serde_json::{Value, json};

const EXAMPLE: &str = include_str!("../../../public/config.json");

fn example() -> Value {
    serde_json::from_str(EXAMPLE).unwrap()
}

fn load(value: &Value) -> Result<ServiceConfig, ConfigError> {
    ServiceConfig::from_json(&value.to_string(), &Catalogue::load().unwrap())
}

/// The example with one field replaced (a JSON pointer such as "/eligibility/minimum_age").
fn with(pointer: &str, new: Value) -> Value {
    let mut value = example();
    *value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer} exists")) = new;
    value
}

/// The field named by the error, and its problem.
fn refused(value: &Value) -> (String, String) {
    match load(value) {
        Err(ConfigError::Invalid { field, problem }) => (field, problem),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn the_example_configuration_loads() {
    let config = load(&example()).unwrap();
    assert_eq!(config.service.name, "Anytown Talking Therapies");
    assert_eq!(config.mode, Mode::SelfReferral);
    assert_eq!(
        config.conditions,
        vec![Condition::Diabetes, Condition::Copd, Condition::Cardiac]
    );
    assert_eq!(config.cutoff(InstrumentId::Phq9), Score::new(10));
    assert_eq!(config.eligibility.minimum_age.years, 18);
    assert_eq!(
        config.eligibility.practice("f83004").unwrap().name,
        "Riverside Medical Centre"
    );
    assert!(config.referral_below_cutoff);
    let logo = config.branding.logo.expect("the example has a logo");
    assert_eq!(
        (logo.src.as_str(), logo.alt.as_str()),
        ("public/logo.svg", "Anytown Talking Therapies")
    );
}

#[test]
fn omitted_settings_take_the_reference_defaults() {
    let mut value = example();
    let object = value.as_object_mut().unwrap();
    for key in [
        "cutoffs",
        "pre_screens",
        "referral_below_cutoff",
        "fields",
        "crisis_lines",
        "self_help_links",
        "submission",
        "branding",
    ] {
        object.remove(key);
    }
    value["eligibility"]
        .as_object_mut()
        .unwrap()
        .remove("minimum_age");
    let config = load(&value).unwrap();
    assert_eq!(config.cutoff(InstrumentId::Phq9), Score::new(10));
    assert_eq!(config.cutoff(InstrumentId::Gad7), Score::new(8));
    assert_eq!(config.cutoff(InstrumentId::Diabetes), Score::new(6));
    assert_eq!(config.cutoff(InstrumentId::Phq2), Score::new(3));
    assert!(!config.pre_screens);
    assert!(config.referral_below_cutoff);
    assert_eq!(
        (
            config.eligibility.minimum_age.years,
            config.eligibility.minimum_age.months
        ),
        (18, 0)
    );
    assert_eq!(
        config.fields.rule(ConfigurableField::Postcode),
        FieldRule::Required
    );
    assert_eq!(
        config.fields.rule(ConfigurableField::NhsNumber),
        FieldRule::Optional
    );
}

#[test]
fn the_submission_timeout_defaults_to_20_seconds_and_can_be_set() {
    assert_eq!(
        load(&example()).unwrap().retry.attempt_timeout,
        std::time::Duration::from_secs(20)
    );
    let config = load(&with("/submission/timeout_seconds", json!(45))).unwrap();
    assert_eq!(
        config.retry.attempt_timeout,
        std::time::Duration::from_secs(45)
    );
}

#[test]
fn a_crisis_line_number_that_is_not_a_uk_phone_number_is_refused_naming_it() {
    for number in ["0800 123", "+1 555 123 4567", "111", "call 0800 123 4567"] {
        assert_eq!(
            refused(&with("/crisis_lines/0/phone", json!(number))),
            (
                "crisis_lines[0].phone".to_owned(),
                format!("\"{number}\" is not a UK phone number")
            ),
            "{number}"
        );
    }
    let mut value = example();
    value["crisis_lines"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "Night line", "phone": "0800 12" }));
    assert_eq!(refused(&value).0, "crisis_lines[1].phone");
}

#[test]
fn a_crisis_line_keeps_its_number_as_written_and_in_e164_for_its_link() {
    let config = load(&with("/crisis_lines/0/phone", json!("0800 123 4567"))).unwrap();
    let line = &config.crisis_lines[0];
    assert_eq!(line.phone, "0800 123 4567", "the link's text");
    assert_eq!(line.number.as_e164(), "+448001234567", "the tel: address");
}

#[test]
fn the_promised_contact_time_defaults_to_10_working_days_and_can_be_set() {
    let mut value = example();
    value["service"]
        .as_object_mut()
        .unwrap()
        .remove("contact_within_working_days")
        .expect("the example shows the setting");
    assert_eq!(
        load(&value).unwrap().service.contact_within_working_days,
        10
    );
    let config = load(&with("/service/contact_within_working_days", json!(5))).unwrap();
    assert_eq!(config.service.contact_within_working_days, 5);
}

#[test]
fn a_promised_contact_time_under_two_days_or_over_six_weeks_is_refused() {
    for (days, problem) in [
        (json!(0), "0 is outside 2 to 30 working days"),
        (json!(1), "1 is outside 2 to 30 working days"),
        (json!(31), "31 is outside 2 to 30 working days"),
        (json!(-5), "-5 is not a whole number in range"),
        (json!("2 weeks"), "should be a whole number, not text"),
    ] {
        assert_eq!(
            refused(&with("/service/contact_within_working_days", days.clone())),
            (
                "service.contact_within_working_days".to_owned(),
                problem.to_owned()
            ),
            "{days}"
        );
    }
    for days in [2, 30] {
        assert!(load(&with("/service/contact_within_working_days", json!(days))).is_ok());
    }
}

#[test]
fn a_hard_to_read_colour_is_refused_with_its_contrast() {
    let (field, problem) = refused(&with("/branding/button_colour", json!("#41B6E6")));
    assert_eq!(field, "branding.button_colour");
    assert_eq!(
        problem,
        "#41b6e6 has a contrast of 2.31:1 with #ffffff (white button text); WCAG AA needs at least 4.5:1"
    );
    let config = load(&with("/branding/link_colour", json!("#330072"))).unwrap();
    assert_eq!(config.branding.link.to_string(), "#330072");
}

#[test]
fn service_cutoffs_replace_the_defaults() {
    let config = load(&with("/cutoffs", json!({ "phq9": 9, "gad7": 7 }))).unwrap();
    assert_eq!(config.cutoff(InstrumentId::Phq9), Score::new(9));
    assert_eq!(config.cutoff(InstrumentId::Gad7), Score::new(7));
}

#[test]
fn a_cutoff_outside_the_instruments_range_is_refused_naming_it() {
    assert_eq!(
        refused(&with("/cutoffs", json!({ "phq9": 28 }))).0,
        "cutoffs.phq9"
    );
    assert_eq!(
        refused(&with("/cutoffs", json!({ "gad7": 0 }))).0,
        "cutoffs.gad7"
    );
    let (field, problem) = refused(&with("/cutoffs", json!({ "diabetes": 2 })));
    assert_eq!(field, "cutoffs.diabetes");
    assert!(problem.contains("3-12"), "{problem}");
}

#[test]
fn an_endpoint_over_plain_http_is_refused_unless_it_is_local() {
    let (field, problem) = refused(&with(
        "/endpoint",
        json!("http://referrals.example.nhs.uk/api"),
    ));
    assert_eq!(field, "endpoint");
    assert!(problem.contains("https"), "{problem}");
    assert!(
        load(&with(
            "/endpoint",
            json!("https://referrals.example.nhs.uk/api")
        ))
        .is_ok()
    );
    assert!(
        load(&with(
            "/endpoint",
            json!("http://127.0.0.1:3000/api/referrals")
        ))
        .is_ok()
    );
}

#[test]
fn every_bad_value_names_its_field() {
    let cases = [
        ("/config_version", json!(" "), "config_version"),
        ("/service/name", json!(""), "service.name"),
        ("/service/phone", json!("call us"), "service.phone"),
        ("/endpoint", json!("not an address"), "endpoint"),
        (
            "/privacy_notice_url",
            json!("javascript:alert(1)"),
            "privacy_notice_url",
        ),
        (
            "/eligibility/out_of_area_url",
            json!("ftp://x"),
            "eligibility.out_of_area_url",
        ),
        (
            "/eligibility/minimum_age",
            json!({ "years": 12 }),
            "eligibility.minimum_age",
        ),
        (
            "/eligibility/minimum_age",
            json!({ "years": 17, "months": 12 }),
            "eligibility.minimum_age",
        ),
        ("/eligibility/practices", json!([]), "eligibility.practices"),
        (
            "/eligibility/practices/1/ods",
            json!("F8300"),
            "eligibility.practices[1].ods",
        ),
        (
            "/eligibility/practices/2/ods",
            json!("f83004"),
            "eligibility.practices[2].ods",
        ),
        (
            "/eligibility/practices/0/name",
            json!(""),
            "eligibility.practices[0].name",
        ),
        ("/conditions", json!(["copd", "copd"]), "conditions"),
        ("/crisis_lines/0/phone", json!(""), "crisis_lines[0].phone"),
        (
            "/crisis_lines/0/phone",
            json!("call us"),
            "crisis_lines[0].phone",
        ),
        (
            "/service/contact_within_working_days",
            json!(0),
            "service.contact_within_working_days",
        ),
        (
            "/self_help_links/0/url",
            json!("http://example.com"),
            "self_help_links[0].url",
        ),
        (
            "/branding/link_colour",
            json!("blue"),
            "branding.link_colour",
        ),
        (
            "/branding/link_colour",
            json!("#ffeb3b"),
            "branding.link_colour",
        ),
        (
            "/branding/button_colour",
            json!("#41b6e6"),
            "branding.button_colour",
        ),
        (
            "/branding/logo",
            json!({ "src": "https://cdn.example.com/logo.svg", "alt": "Anytown" }),
            "branding.logo.src",
        ),
        (
            "/branding/logo",
            json!({ "src": "public/logo.svg", "alt": "" }),
            "branding.logo.alt",
        ),
        (
            "/submission/timeout_seconds",
            json!(1),
            "submission.timeout_seconds",
        ),
        (
            "/submission/timeout_seconds",
            json!(121),
            "submission.timeout_seconds",
        ),
    ];
    for (pointer, value, field) in cases {
        assert_eq!(
            refused(&with(pointer, value.clone())).0,
            field,
            "{pointer} = {value}"
        );
    }
}

#[test]
fn a_minimum_age_of_17_years_9_months_is_accepted() {
    let config = load(&with(
        "/eligibility/minimum_age",
        json!({ "years": 17, "months": 9 }),
    ))
    .unwrap();
    assert_eq!(
        (
            config.eligibility.minimum_age.years,
            config.eligibility.minimum_age.months
        ),
        (17, 9)
    );
}

#[test]
fn unknown_modes_conditions_and_misspelt_settings_are_refused_naming_them() {
    for (pointer, value, field) in [
        ("/mode", json!("kiosk"), "mode"),
        ("/conditions", json!(["copd", "asthma"]), "conditions[1]"),
        ("/cutoffs", json!({ "phq10": 10 }), "cutoffs.phq10"),
        (
            "/fields",
            json!({ "postcode": "always" }),
            "fields.postcode",
        ),
        (
            "/fields",
            json!({ "shoe_size": "optional" }),
            "fields.shoe_size",
        ),
        (
            "/branding/logo",
            json!({ "src": "public/logo.svg", "alt": "Anytown", "width": 80 }),
            "branding.logo.width",
        ),
    ] {
        let (named, problem) = refused(&with(pointer, value));
        assert_eq!(named, field, "{problem}");
    }
    let mut value = example();
    value["cutof"] = json!({});
    assert_eq!(refused(&value).0, "cutof");
}

#[test]
fn settings_of_the_wrong_kind_or_missing_are_refused_naming_them() {
    for (pointer, value, field) in [
        ("/service/name", json!(42), "service.name"),
        ("/pre_screens", json!("yes"), "pre_screens"),
        ("/cutoffs/phq9", json!("10"), "cutoffs.phq9"),
        ("/cutoffs/phq9", json!(70000), "cutoffs.phq9"),
        ("/eligibility", json!([]), "eligibility"),
        ("/crisis_lines", json!({}), "crisis_lines"),
        (
            "/self_help_links/0",
            json!("https://example.nhs.uk"),
            "self_help_links[0]",
        ),
        ("/submission", json!({}), "submission.timeout_seconds"),
    ] {
        let (named, problem) = refused(&with(pointer, value));
        assert_eq!(named, field, "{problem}");
    }
    let mut value = example();
    value.as_object_mut().unwrap().remove("endpoint");
    assert_eq!(
        refused(&value),
        ("endpoint".to_owned(), "is missing".to_owned())
    );
}

#[test]
fn null_is_the_same_as_leaving_an_optional_setting_out() {
    let mut value = example();
    value["branding"] = json!(null);
    value["service"]["email"] = json!(null);
    assert!(load(&value).is_ok());
}

#[test]
fn a_configuration_that_is_not_json_says_where_it_breaks() {
    let error =
        ServiceConfig::from_json("{\n  \"mode\": \"self\",,\n}", &Catalogue::load().unwrap())
            .unwrap_err();
    assert!(error.to_string().contains("line 2"), "{error}");
}

#[test]
fn a_missing_required_setting_is_named() {
    let mut value = example();
    value.as_object_mut().unwrap().remove("endpoint");
    let error = load(&value).unwrap_err().to_string();
    assert!(error.contains("endpoint"), "{error}");
}

/// The configuration's names are the ones serde writes in payloads and the
/// endpoint reads, and each list of choices is complete and in order.
#[test]
fn setting_names_match_their_serialised_names() {
    fn check<T: Copy + serde::Serialize + std::fmt::Debug>(all: &[T], name: fn(T) -> &'static str) {
        for &choice in all {
            assert_eq!(
                serde_json::to_value(choice).unwrap(),
                json!(name(choice)),
                "{choice:?}"
            );
        }
    }
    check(&Mode::ALL, Mode::name);
    check(&FieldRule::ALL, FieldRule::name);
    check(&ConfigurableField::ALL, ConfigurableField::name);
    check(&Condition::ALL, Condition::name);
    check(&InstrumentId::ALL, InstrumentId::as_str);
    for (i, field) in ConfigurableField::ALL.into_iter().enumerate() {
        assert_eq!(
            field as usize, i,
            "FieldRules is indexed by declaration order"
        );
    }
}

#[test]
fn field_rules_default_and_are_set_per_field() {
    let mut value = example();
    value["fields"] = json!({ "gender": "hidden", "postcode": "optional" });
    let rules = load(&value).unwrap().fields;
    for field in ConfigurableField::ALL {
        let expected = match field {
            ConfigurableField::Gender => FieldRule::Hidden,
            // Required by default (clinical-reference.md §8), optional here.
            ConfigurableField::Postcode => FieldRule::Optional,
            ConfigurableField::GpConsent => FieldRule::Required,
            _ => FieldRule::Optional,
        };
        assert_eq!(rules.rule(field), expected, "{field:?}");
    }
}
