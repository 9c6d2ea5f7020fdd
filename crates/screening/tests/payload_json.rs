//! The payload's hand-written JSON is byte for byte what serde_json writes,
//! which the endpoint reads: for every kind of channel, every optional field
//! given or not, and text that needs escaping.

mod support;

use proptest::prelude::*;
use screening::payload::{FunctionalDifficulty, SCHEMA_VERSION};
use screening::referral::{BestTimeToCall, EthnicCategory, Gender, ReferralForm};
use screening::{Channel, Clinician, InstrumentId, ReferralPayload};
use support::referral;

/// Names with characters JSON must escape, and ones it must not.
const AWKWARD: [&str; 4] = ["O'Brien", "Zoë \"Zed\" Ng", "Back\\slash", "Ünal-Łukasz 李"];

fn payload(
    form: ReferralForm,
    channel: Channel,
    phq9: &[u8],
    functional: Option<FunctionalDifficulty>,
) -> ReferralPayload {
    referral(
        form,
        channel,
        &[
            (InstrumentId::Cardiac, &[1, 2]),
            (InstrumentId::Phq9, phq9),
            (InstrumentId::Gad7, &[3, 3, 2, 2, 1, 1, 0]),
        ],
        functional,
    )
}

fn form(
    name: usize,
    phone: bool,
    optional: [bool; 6],
    gender: usize,
    ethnicity: usize,
    best_time: usize,
) -> ReferralForm {
    let [preferred, nhs, interpreter, anything, message, text] = optional;
    let given = |on: bool, text: &str| if on { text.to_owned() } else { String::new() };
    ReferralForm {
        first_name: AWKWARD[name].into(),
        last_name: AWKWARD[(name + 1) % AWKWARD.len()].into(),
        preferred_name: given(preferred, AWKWARD[(name + 2) % AWKWARD.len()]),
        dob_day: "29".into(),
        dob_month: "2".into(),
        dob_year: "1984".into(),
        gp_practice: "F83004".into(),
        postcode: "sw1a 1aa".into(),
        phone: given(phone, "07700 900123"),
        email: given(!phone, "sam.o'brien@example.com"),
        safe_to_leave_message: phone.then_some(message),
        safe_to_text: phone.then_some(text),
        knows_nhs_number: Some(nhs),
        nhs_number: given(nhs, "943 476 5919"),
        gender: Gender::ALL.get(gender).copied(),
        ethnicity: EthnicCategory::ALL.get(ethnicity).copied(),
        interpreter_needed: Some(interpreter),
        interpreter_language: given(interpreter, "Tigrinya"),
        best_time_to_call: BestTimeToCall::ALL.get(best_time).copied(),
        anything_else: given(
            anything,
            "Line one\nline two\ttabbed \u{1}\u{7f} \"quoted\" / \\",
        ),
        consent_contact: true,
        consent_gp: true,
    }
}

fn any_channel() -> impl Strategy<Value = Channel> {
    prop_oneof![
        Just(Channel::SelfReferral),
        Just(Channel::Embed {
            practice_ods: "F83004".into()
        }),
        (0..AWKWARD.len()).prop_map(|i| Channel::Clinic {
            clinician: Clinician {
                name: AWKWARD[i].into(),
                role: "Practice nurse".into(),
                team: "Diabetes \"A\" clinic".into(),
            },
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn the_hand_written_json_is_serde_jsons(
        name in 0..AWKWARD.len(),
        phone in any::<bool>(),
        optional in any::<[bool; 6]>(),
        // One past the end leaves the answer out.
        gender in 0..=Gender::ALL.len(),
        ethnicity in 0..=EthnicCategory::ALL.len(),
        best_time in 0..=BestTimeToCall::ALL.len(),
        channel in any_channel(),
        phq9 in prop::collection::vec(0u8..=3, 9),
        functional in prop::option::of(0u8..=3),
    ) {
        let payload = payload(form(name, phone, optional, gender, ethnicity, best_time), channel, &phq9, functional);
        prop_assert_eq!(payload.to_json(), serde_json::to_string(&payload).unwrap());
    }
}

#[test]
fn a_risk_answer_and_a_screen_without_bands_are_written_too() {
    let payload = payload(
        form(0, true, [true; 6], 2, 16, 3),
        Channel::SelfReferral,
        &[3; 9],
        Some(3),
    );
    let json: serde_json::Value = serde_json::from_str(&payload.to_json()).unwrap();
    assert_eq!(json["schema_version"], SCHEMA_VERSION);
    assert_eq!(
        json["screening"]["results"][0]["severity"],
        serde_json::Value::Null
    );
    assert_eq!(
        json["screening"]["outcome"]["risk"][0]["flag"],
        "self_harm_thoughts"
    );
    assert_eq!(payload.to_json(), serde_json::to_string(&payload).unwrap());
}
