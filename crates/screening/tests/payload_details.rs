//! The checks a receiver makes on a payload's details against the service's
//! configuration, beyond re-scoring.

mod support;

use screening::payload::PayloadMismatch;
use screening::referral::Today;
use screening::{Channel, Clinician};
use support::{config, payload, today};

fn fields(result: Result<(), Vec<PayloadMismatch>>) -> Vec<String> {
    result.unwrap_err().into_iter().map(|m| m.field).collect()
}

#[test]
fn a_valid_payload_passes() {
    payload(&[0; 9], &[0; 7])
        .check_details(&config(), Today::is(today()))
        .unwrap();
}

#[test]
fn a_practice_the_service_does_not_cover_is_refused() {
    let mut p = payload(&[0; 9], &[0; 7]);
    p.person.gp_practice.ods = "Y99999".into();
    assert_eq!(
        fields(p.check_details(&config(), Today::is(today()))),
        vec!["person.gp_practice"]
    );
}

#[test]
fn the_practice_code_is_matched_in_any_case() {
    let mut p = payload(&[0; 9], &[0; 7]);
    p.person.gp_practice.ods = "f83004".into();
    p.check_details(&config(), Today::is(today())).unwrap();
}

#[test]
fn an_embed_on_a_practice_outside_the_area_is_refused() {
    let mut p = payload(&[0; 9], &[0; 7]);
    p.channel = Channel::Embed {
        practice_ods: "F83006".into(),
    };
    p.check_details(&config(), Today::is(today())).unwrap();
    p.channel = Channel::Embed {
        practice_ods: "A12345".into(),
    };
    assert_eq!(
        fields(p.check_details(&config(), Today::is(today()))),
        vec!["channel.practice_ods"]
    );
}

#[test]
fn a_clinic_referral_must_name_its_clinician() {
    let mut p = payload(&[0; 9], &[0; 7]);
    p.channel = Channel::Clinic {
        clinician: Clinician {
            name: "Sam Patel".into(),
            role: "Practice nurse".into(),
            team: "Diabetes clinic".into(),
        },
    };
    p.check_details(&config(), Today::is(today())).unwrap();
    p.channel = Channel::Clinic {
        clinician: Clinician {
            name: " ".into(),
            role: "Practice nurse".into(),
            team: "".into(),
        },
    };
    assert_eq!(
        fields(p.check_details(&config(), Today::is(today()))),
        vec!["channel.clinician.name", "channel.clinician.team"]
    );
}

#[test]
fn no_consent_to_contact_and_no_way_to_contact_are_each_refused() {
    let mut p = payload(&[0; 9], &[0; 7]);
    p.person.consents.contact = false;
    p.person.contact.email = None;
    p.person.contact.phone = None;
    assert_eq!(
        fields(p.check_details(&config(), Today::is(today()))),
        vec!["person.contact", "person.consents.contact"]
    );
}

#[test]
fn problems_do_not_repeat_the_value_sent() {
    let mut p = payload(&[0; 9], &[0; 7]);
    p.person.gp_practice.ods = "Z00001".into();
    let problems = p.check_details(&config(), Today::is(today())).unwrap_err();
    assert!(!problems[0].to_string().contains("Z00001"), "{problems:?}");
}

#[test]
fn a_practice_name_is_matched_but_for_case_and_spacing() {
    let mut p = payload(&[0; 9], &[0; 7]);
    p.person.gp_practice.name = " riverside  MEDICAL centre".into();
    p.check_details(&config(), Today::is(today())).unwrap();
    p.person.gp_practice.name = "Hilltop Surgery".into();
    assert_eq!(
        fields(p.check_details(&config(), Today::is(today()))),
        vec!["person.gp_practice"]
    );
}
