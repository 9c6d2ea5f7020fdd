//! Clinic mode's rules: the clinician's details and the inactivity timer
//! that clears a screening left alone on a shared tablet.

use proptest::prelude::*;
use screening::{
    Catalogue, Clinician, ClinicianField, ConfigError, FieldError, Inactivity, InactivitySettings,
    ServiceConfig,
};
use serde_json::{Value, json};
use std::time::Duration;

const EXAMPLE: &str = include_str!("../../../public/config.json");

fn with_clinic(clinic: Value) -> Result<ServiceConfig, ConfigError> {
    let mut value: Value = serde_json::from_str(EXAMPLE).unwrap();
    value["mode"] = json!("clinic");
    value["clinic"] = clinic;
    ServiceConfig::from_json(&value.to_string(), &Catalogue::load().unwrap())
}

#[test]
fn without_settings_the_warning_comes_after_three_minutes_and_counts_down_30_seconds() {
    let config = with_clinic(json!({})).unwrap();
    assert_eq!(config.inactivity.quiet, Duration::from_secs(180));
    assert_eq!(config.inactivity.warning, Duration::from_secs(30));
    assert_eq!(config.inactivity, InactivitySettings::default());
}

#[test]
fn a_service_sets_both_times() {
    let config = with_clinic(json!({ "inactivity_seconds": 120, "warning_seconds": 20 })).unwrap();
    assert_eq!(config.inactivity.quiet, Duration::from_secs(120));
    assert_eq!(config.inactivity.warning, Duration::from_secs(20));
}

#[test]
fn times_outside_their_ranges_and_unknown_keys_are_refused_naming_the_field() {
    for (clinic, field) in [
        (
            json!({ "inactivity_seconds": 1 }),
            "clinic.inactivity_seconds",
        ),
        (
            json!({ "inactivity_seconds": 1801 }),
            "clinic.inactivity_seconds",
        ),
        (json!({ "warning_seconds": 1 }), "clinic.warning_seconds"),
        (json!({ "warning_seconds": 121 }), "clinic.warning_seconds"),
        (json!({ "warning_seconds": "20" }), "clinic.warning_seconds"),
        (json!({ "warning_seconds": -5 }), "clinic.warning_seconds"),
        (json!({ "warning_seconds": 2.5 }), "clinic.warning_seconds"),
        (json!({ "timeout": 3 }), "clinic.timeout"),
    ] {
        match with_clinic(clinic.clone()) {
            Err(ConfigError::Invalid { field: named, .. }) => assert_eq!(named, field, "{clinic}"),
            other => panic!("{clinic} should be refused, got {other:?}"),
        }
    }
}

fn settings(quiet: u64, warning: u64) -> InactivitySettings {
    InactivitySettings {
        quiet: Duration::from_secs(quiet),
        warning: Duration::from_secs(warning),
    }
}

#[test]
fn the_phases_follow_each_other_at_the_configured_times() {
    let timer = settings(180, 30);
    let at = |ms| timer.after(Duration::from_millis(ms));
    assert_eq!(at(0), Inactivity::Active);
    assert_eq!(at(179_999), Inactivity::Active);
    assert_eq!(at(180_000), Inactivity::Warning { seconds_left: 30 });
    assert_eq!(at(180_001), Inactivity::Warning { seconds_left: 30 });
    assert_eq!(at(180_999), Inactivity::Warning { seconds_left: 30 });
    assert_eq!(at(181_000), Inactivity::Warning { seconds_left: 29 });
    assert_eq!(at(209_999), Inactivity::Warning { seconds_left: 1 });
    assert_eq!(at(210_000), Inactivity::Expired);
    assert_eq!(at(u64::from(u32::MAX)), Inactivity::Expired);
}

proptest! {
    /// Through the whole warning of any allowed setting: the phase never goes
    /// back, the countdown never shows 0 or more than the warning's length,
    /// and it never jumps by more than a second.
    #[test]
    fn the_countdown_only_moves_forward_and_stays_in_range(quiet in 2u64..=1800, warning in 2u64..=120) {
        let timer = settings(quiet, warning);
        let mut previous = Inactivity::Active;
        let end_ms = (quiet + warning) * 1000;
        // Every 7 ms: each second of the countdown is visited several times.
        for ms in (quiet * 1000 - 5..=end_ms + 5).step_by(7).chain([end_ms * 2]) {
            let now = timer.after(Duration::from_millis(ms));
            match (previous, now) {
                (_, Inactivity::Warning { seconds_left }) => {
                    prop_assert!((1..=warning).contains(&seconds_left));
                    if let Inactivity::Warning { seconds_left: before } = previous {
                        prop_assert!(before == seconds_left || before == seconds_left + 1);
                    }
                }
                (Inactivity::Expired, other) => prop_assert_eq!(other, Inactivity::Expired),
                _ => {}
            }
            prop_assert_eq!(now == Inactivity::Expired, ms >= end_ms);
            prop_assert_eq!(now == Inactivity::Active, ms < quiet * 1000);
            previous = now;
        }
    }
}

#[test]
fn the_clinicians_details_are_trimmed() {
    let clinician = Clinician::parse("  Sam Patel ", "Practice nurse", " Diabetes clinic").unwrap();
    assert_eq!(
        clinician,
        Clinician {
            name: "Sam Patel".into(),
            role: "Practice nurse".into(),
            team: "Diabetes clinic".into(),
        }
    );
}

#[test]
fn every_missing_or_bad_part_of_the_clinicians_details_is_named() {
    let errors = Clinician::parse(" ", "", &"x".repeat(101)).unwrap_err();
    assert_eq!(
        errors,
        vec![
            (ClinicianField::Name, FieldError::Required),
            (ClinicianField::Role, FieldError::Required),
            (ClinicianField::Team, FieldError::TooLong),
        ]
    );
    let errors = Clinician::parse("Sam\u{0}", "Nurse", "Team").unwrap_err();
    assert_eq!(
        errors,
        vec![(ClinicianField::Name, FieldError::NameInvalidCharacters)]
    );
}

#[test]
fn the_example_clinic_configuration_loads() {
    let config = ServiceConfig::from_json(
        include_str!("../../../public/clinic-config.json"),
        &Catalogue::load().unwrap(),
    )
    .unwrap();
    assert_eq!(config.mode, screening::Mode::Clinic);
    assert_eq!(config.inactivity, InactivitySettings::default());
}
