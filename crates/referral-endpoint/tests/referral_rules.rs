//! The referral's rules (docs/referral-rules.md), which the browser runs as
//! the person goes, run again at the endpoint: a payload breaking any one of
//! them is refused with 422 naming the field, and nothing is stored.

mod support;

use hyper::StatusCode;
use serde_json::{Value, json};
use support::*;

/// A payload breaking one rule: what it breaks, how, and the field named.
struct Case {
    rule: &'static str,
    break_it: fn(&mut Value),
    field: &'static str,
}

/// A person's details for `config`, as [`payload`]'s for the service
/// configuration, then changed by `case`; POSTed to `server`, which must
/// refuse it naming the case's field alone.
async fn assert_each_refused(server: &TestEndpoint, base: &Value, cases: &[Case]) {
    for (n, case) in cases.iter().enumerate() {
        let mut body = base.clone();
        body["referral_id"] = uuid_for(n as u64 + 1).into();
        (case.break_it)(&mut body);
        let reply = post(&server.client, &server.endpoint.referrals_url(), &body).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            case.rule,
            reply.text
        );
        assert_eq!(
            fields(&reply),
            vec![case.field],
            "{}: {}",
            case.rule,
            reply.text
        );
        assert_refused(server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
}

fn person(body: &mut Value) -> &mut Value {
    &mut body["person"]
}

async fn each_rule_of_the_default_configuration_is_enforced(backend: Backend) {
    let server = start(backend).await;
    let base = payload(REFERRAL_ID);
    // The untouched payload passes, so each refusal below is its rule's.
    let mut valid = base.clone();
    valid["referral_id"] = uuid_for(999).into();
    let cases = [
        Case {
            rule: "a name with a right-to-left override",
            break_it: |b| person(b)["first_name"] = "Ann\u{202E}eoJ".into(),
            field: "person.first_name",
        },
        Case {
            rule: "a name over 100 characters",
            break_it: |b| person(b)["first_name"] = "ł".repeat(101).into(),
            field: "person.first_name",
        },
        Case {
            rule: "a name with a line break",
            break_it: |b| person(b)["last_name"] = "Smith\nJones".into(),
            field: "person.last_name",
        },
        Case {
            rule: "a name with a zero-width space",
            break_it: |b| person(b)["last_name"] = "Smi\u{200B}th".into(),
            field: "person.last_name",
        },
        Case {
            rule: "under the minimum age (18)",
            break_it: |b| person(b)["date_of_birth"] = "2020-01-01".into(),
            field: "person.date_of_birth",
        },
        Case {
            rule: "a date of birth in the future",
            break_it: |b| person(b)["date_of_birth"] = "2999-01-01".into(),
            field: "person.date_of_birth",
        },
        Case {
            rule: "a date of birth 130 years ago or more",
            break_it: |b| person(b)["date_of_birth"] = "1800-01-01".into(),
            field: "person.date_of_birth",
        },
        Case {
            rule: "a GP practice the service does not cover",
            break_it: |b| {
                person(b)["gp_practice"] = json!({ "name": "Elsewhere Surgery", "ods": "Y99999" })
            },
            field: "person.gp_practice",
        },
        Case {
            rule: "a GP practice's name not the one listed for its code",
            break_it: |b| person(b)["gp_practice"]["name"] = "Hilltop Surgery".into(),
            field: "person.gp_practice",
        },
        Case {
            rule: "the postcode, required by default, left out",
            break_it: |b| person(b)["postcode"] = Value::Null,
            field: "person.postcode",
        },
        Case {
            rule: "neither a phone number nor an email address",
            break_it: |b| {
                person(b)["contact"] = json!({
                    "phone": null, "email": null,
                    "safe_to_leave_message": null, "safe_to_text": null
                })
            },
            field: "person.contact",
        },
        Case {
            rule: "a phone number without the voicemail answer",
            break_it: |b| person(b)["contact"]["safe_to_leave_message"] = Value::Null,
            field: "person.contact.safe_to_leave_message",
        },
        Case {
            rule: "the text message answer without a phone number",
            break_it: |b| {
                let contact = &mut person(b)["contact"];
                contact["phone"] = Value::Null;
                contact["safe_to_leave_message"] = Value::Null;
            },
            field: "person.contact.safe_to_text",
        },
        Case {
            rule: "the interpreter's language over 60 characters",
            break_it: |b| person(b)["interpreter_language"] = "a".repeat(61).into(),
            field: "person.interpreter_language",
        },
        Case {
            rule: "anything else over 2,000 characters",
            break_it: |b| person(b)["anything_else"] = "a".repeat(2001).into(),
            field: "person.anything_else",
        },
        Case {
            rule: "no consent to contact",
            break_it: |b| person(b)["consents"]["contact"] = false.into(),
            field: "person.consents.contact",
        },
        Case {
            rule: "no consent to inform the GP, required by default",
            break_it: |b| person(b)["consents"]["inform_gp"] = false.into(),
            field: "person.consents.inform_gp",
        },
        Case {
            rule: "a configuration version over 100 characters",
            break_it: |b| b["config_version"] = "v".repeat(101).into(),
            field: "config_version",
        },
    ];
    assert_each_refused(&server, &base, &cases).await;
    let reply = post(&server.client, &server.endpoint.referrals_url(), &valid).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

/// A service not asking anything it may hide, and asking gender and
/// ethnicity as `asked` says.
fn strict_service(asked: &str) -> screening::ServiceConfig {
    service_config_with(|config| {
        config["fields"] = json!({
            "postcode": "hidden", "gp_consent": "hidden", "nhs_number": "hidden",
            "preferred_name": "hidden", "gender": asked, "ethnicity": asked,
            "interpreter": "hidden", "best_time_to_call": "hidden", "anything_else": "hidden"
        });
    })
}

async fn required_and_hidden_fields_are_enforced(backend: Backend) {
    let server = start_with_service(backend, strict_service("required")).await;
    // The test patient's form gives neither gender nor ethnicity: made
    // where they are optional, then given.
    let mut base = payload_answering(
        REFERRAL_ID,
        &strict_service("optional"),
        &[
            answered(screening::InstrumentId::Diabetes, &DIABETES),
            answered(screening::InstrumentId::Phq9, &[2, 2, 1, 1, 1, 1, 1, 1, 0]),
            answered(screening::InstrumentId::Gad7, &GAD7),
        ],
    );
    person(&mut base)["gender"] = "female".into();
    person(&mut base)["ethnicity"] = "Z".into();
    let mut valid = base.clone();
    valid["referral_id"] = uuid_for(999).into();
    let cases = [
        Case {
            rule: "a hidden preferred name given",
            break_it: |b| person(b)["preferred_name"] = "Zeb".into(),
            field: "person.preferred_name",
        },
        Case {
            rule: "a hidden postcode given",
            break_it: |b| person(b)["postcode"] = "N1 9AB".into(),
            field: "person.postcode",
        },
        Case {
            rule: "a hidden NHS number given",
            break_it: |b| person(b)["nhs_number"] = NHS_NUMBER.into(),
            field: "person.nhs_number",
        },
        Case {
            rule: "a required gender left out",
            break_it: |b| person(b)["gender"] = Value::Null,
            field: "person.gender",
        },
        Case {
            rule: "a required ethnic group left out",
            break_it: |b| person(b)["ethnicity"] = Value::Null,
            field: "person.ethnicity",
        },
        Case {
            rule: "a hidden interpreter's language given",
            break_it: |b| person(b)["interpreter_language"] = "Polish".into(),
            field: "person.interpreter_language",
        },
        Case {
            rule: "a hidden best time to call given",
            break_it: |b| person(b)["best_time_to_call"] = "morning".into(),
            field: "person.best_time_to_call",
        },
        Case {
            rule: "hidden free text given",
            break_it: |b| person(b)["anything_else"] = "hello".into(),
            field: "person.anything_else",
        },
        Case {
            rule: "consent to inform the GP, not asked, given",
            break_it: |b| person(b)["consents"]["inform_gp"] = true.into(),
            field: "person.consents.inform_gp",
        },
    ];
    assert_each_refused(&server, &base, &cases).await;
    let reply = post(&server.client, &server.endpoint.referrals_url(), &valid).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

async fn fields_a_service_requires_must_be_given(backend: Backend) {
    let required = service_config_with(|config| {
        config["fields"] = json!({
            "preferred_name": "required", "best_time_to_call": "required",
            "anything_else": "required"
        });
    });
    let server = start_with_service(backend, required).await;
    let mut base = payload(REFERRAL_ID);
    person(&mut base)["preferred_name"] = "Zeb".into();
    person(&mut base)["best_time_to_call"] = "morning".into();
    let mut valid = base.clone();
    valid["referral_id"] = uuid_for(999).into();
    let cases = [
        Case {
            rule: "a required preferred name left out",
            break_it: |b| person(b)["preferred_name"] = Value::Null,
            field: "person.preferred_name",
        },
        Case {
            rule: "a required best time to call left out",
            break_it: |b| person(b)["best_time_to_call"] = Value::Null,
            field: "person.best_time_to_call",
        },
        Case {
            rule: "required free text of nothing but spaces",
            break_it: |b| person(b)["anything_else"] = "   ".into(),
            field: "person.anything_else",
        },
        Case {
            rule: "an interpreter's language of nothing but spaces",
            break_it: |b| person(b)["interpreter_language"] = " ".into(),
            field: "person.interpreter_language",
        },
    ];
    assert_each_refused(&server, &base, &cases).await;
    let reply = post(&server.client, &server.endpoint.referrals_url(), &valid).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

/// Lengths are counted in characters, as the browser counts them: "ł" and
/// "é" are two bytes each, so text at each limit is stored.
async fn text_at_each_limit_in_characters_is_stored(backend: Backend) {
    let server = start(backend).await;
    let mut body = payload(REFERRAL_ID);
    person(&mut body)["first_name"] = "ł".repeat(100).into();
    person(&mut body)["interpreter_language"] = "é".repeat(60).into();
    person(&mut body)["anything_else"] = "é".repeat(2000).into();
    body["config_version"] = "v".repeat(100).into();
    let reply = post(&server.client, &server.endpoint.referrals_url(), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

on_both_backends!(
    each_rule_of_the_default_configuration_is_enforced,
    required_and_hidden_fields_are_enforced,
    fields_a_service_requires_must_be_given,
    text_at_each_limit_in_characters_is_stored,
);
