//! Embedding on a GP practice's site: which origins may embed the widget as
//! which practice, and how a bad `embed_origins` entry is refused.

use screening::config::Origin;
use screening::embed::EmbedRefusal;
use screening::{Catalogue, ConfigError, Mode, ServiceConfig};
use serde_json::{Value, json};

const EMBED_EXAMPLE: &str = include_str!("../../../public/embed-config.json");
const SELF_EXAMPLE: &str = include_str!("../../../public/config.json");

fn example() -> Value {
    serde_json::from_str(EMBED_EXAMPLE).unwrap()
}

fn load(value: &Value) -> Result<ServiceConfig, ConfigError> {
    ServiceConfig::from_json(&value.to_string(), &Catalogue::load().unwrap())
}

/// The embed example with practice `i`'s `embed_origins` replaced.
fn with_origins(i: usize, origins: Value) -> Value {
    let mut value = example();
    value["eligibility"]["practices"][i]["embed_origins"] = origins;
    value
}

fn refused(value: &Value) -> (String, String) {
    match load(value) {
        Err(ConfigError::Invalid { field, problem }) => (field, problem),
        other => panic!("expected a field error, got {other:?}"),
    }
}

const RIVERSIDE: &str = "https://www.riverside-medical-centre.example";

#[test]
fn the_embed_example_loads_in_embed_mode() {
    let config = load(&example()).unwrap();
    assert_eq!(config.mode, Mode::Embed);
    let origins: Vec<&str> = config
        .embed_origins
        .all()
        .iter()
        .map(|o| o.as_str())
        .collect();
    assert_eq!(
        origins,
        [
            RIVERSIDE,
            "https://www.hilltop-surgery.example",
            "https://hilltop-surgery.example"
        ]
    );
}

#[test]
fn the_embed_example_keeps_the_self_referral_examples_clinical_settings() {
    // The endpoint checks embedded referrals' cut-offs against the service's
    // rules, so the two example files must not drift apart.
    let strip = |text: &str| {
        let mut value: Value = serde_json::from_str(text).unwrap();
        for key in ["config_version", "mode"] {
            value.as_object_mut().unwrap().remove(key);
        }
        for practice in value["eligibility"]["practices"].as_array_mut().unwrap() {
            practice.as_object_mut().unwrap().remove("embed_origins");
        }
        value
    };
    assert_eq!(strip(EMBED_EXAMPLE), strip(SELF_EXAMPLE));
}

#[test]
fn a_listed_practice_on_one_of_its_own_origins_is_accepted() {
    let config = load(&example()).unwrap();
    let practice = config.embedding_practice("F83004", RIVERSIDE).unwrap();
    assert_eq!(practice.name, "Riverside Medical Centre");
    // ODS codes are matched in any case, as everywhere else.
    assert_eq!(
        config
            .embedding_practice(" f83004 ", RIVERSIDE)
            .unwrap()
            .ods,
        "F83004"
    );
}

#[test]
fn an_unlisted_ods_code_is_refused_and_named() {
    let config = load(&example()).unwrap();
    assert_eq!(
        config.embedding_practice("F99999", RIVERSIDE),
        Err(EmbedRefusal::NotListed {
            ods: "F99999".into()
        })
    );
}

#[test]
fn a_refusal_does_not_repeat_text_that_is_not_a_code() {
    let config = load(&example()).unwrap();
    let refusal = config
        .embedding_practice("Call 0900 000 0000 now to be seen today", RIVERSIDE)
        .unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "The code given is not one of the GP practices this service covers"
    );
}

#[test]
fn a_practice_named_from_another_practices_origin_is_refused() {
    let config = load(&example()).unwrap();
    assert_eq!(
        config.embedding_practice("F83005", RIVERSIDE),
        Err(EmbedRefusal::OriginNotAllowed {
            ods: "F83005".into(),
            origin: RIVERSIDE.into()
        })
    );
}

#[test]
fn a_listed_practice_without_embed_origins_cannot_be_embedded() {
    let config = load(&example()).unwrap();
    assert!(matches!(
        config.embedding_practice("F83006", RIVERSIDE),
        Err(EmbedRefusal::OriginNotAllowed { .. })
    ));
}

#[test]
fn origins_are_compared_exactly_as_the_browser_reports_them() {
    let config = load(&example()).unwrap();
    for near_miss in [
        "http://www.riverside-medical-centre.example",
        "https://riverside-medical-centre.example",
        "https://www.riverside-medical-centre.example:8443",
        "https://www.riverside-medical-centre.example.evil.example",
        "https://www.riverside-medical-centre.example/",
        "null",
        "",
    ] {
        assert!(
            config.embedding_practice("F83004", near_miss).is_err(),
            "{near_miss:?}"
        );
    }
}

#[test]
fn origins_are_normalised_to_what_the_browser_sends() {
    assert_eq!(
        Origin::parse("HTTPS://WWW.Riverside-Medical-Centre.example:443")
            .unwrap()
            .as_str(),
        RIVERSIDE
    );
    assert_eq!(
        Origin::parse("http://127.0.0.1:8081").unwrap().as_str(),
        "http://127.0.0.1:8081"
    );
    assert_eq!(
        Origin::parse("http://localhost:80").unwrap().as_str(),
        "http://localhost"
    );
}

#[test]
fn an_embed_origin_with_a_path_is_refused_naming_the_field() {
    let (field, problem) = refused(&with_origins(0, json!([format!("{RIVERSIDE}/")])));
    assert_eq!(field, "eligibility.practices[0].embed_origins");
    assert!(problem.contains("remove the path"), "{problem}");
    let (field, _) = refused(&with_origins(
        1,
        json!(["https://hilltop.example/referrals"]),
    ));
    assert_eq!(field, "eligibility.practices[1].embed_origins");
}

#[test]
fn an_embed_origin_on_plain_http_is_refused_unless_local() {
    let (field, problem) = refused(&with_origins(0, json!(["http://www.riverside.example"])));
    assert_eq!(field, "eligibility.practices[0].embed_origins");
    assert!(problem.contains("plain http"), "{problem}");
    for local in ["http://localhost:8081", "http://127.0.0.1:8081"] {
        assert!(load(&with_origins(0, json!([local]))).is_ok(), "{local}");
    }
}

#[test]
fn malformed_embed_origins_are_refused() {
    for bad in [
        "www.riverside.example",
        "ftp://riverside.example",
        "https://",
        "https://*.riverside.example",
        "https://riverside.example:0",
        "https://riverside.example:99999",
        "https://user@riverside.example",
        "https://riverside.example?x",
    ] {
        let (field, _) = refused(&with_origins(0, json!([bad])));
        assert_eq!(field, "eligibility.practices[0].embed_origins", "{bad}");
    }
}

#[test]
fn an_embed_origin_listed_twice_for_a_practice_is_refused() {
    let (field, problem) = refused(&with_origins(
        0,
        json!([
            RIVERSIDE,
            "https://WWW.riverside-medical-centre.example:443"
        ]),
    ));
    assert_eq!(field, "eligibility.practices[0].embed_origins");
    assert_eq!(problem, format!("{RIVERSIDE} is listed twice"));
}

#[test]
fn embed_mode_without_any_embed_origin_is_refused() {
    let mut value = example();
    for practice in value["eligibility"]["practices"].as_array_mut().unwrap() {
        practice.as_object_mut().unwrap().remove("embed_origins");
    }
    let (field, problem) = refused(&value);
    assert_eq!(field, "eligibility.practices");
    assert!(problem.contains("embed_origins"), "{problem}");
    // Self-referral needs none.
    value["mode"] = json!("self");
    assert!(load(&value).is_ok());
}

#[test]
fn an_unknown_key_in_a_practice_is_still_refused() {
    let mut value = example();
    value["eligibility"]["practices"][0]["embed_origin"] = json!(RIVERSIDE);
    let (field, _) = refused(&value);
    assert_eq!(field, "eligibility.practices[0].embed_origin");
}
