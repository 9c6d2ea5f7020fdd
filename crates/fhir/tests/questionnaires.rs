//! Each instrument as a Questionnaire, checked field by field, and the
//! committed copies under `fhir/Questionnaire/` kept up to date. If the
//! staleness test fails after a deliberate change, regenerate with
//! `UPDATE_FHIR=1 cargo test -p fhir --test questionnaires`.

mod support;

use fhir::questionnaire::{self, to_file_text};
use screening::InstrumentId;
use serde_json::{Value, json};
use support::*;

fn generated(id: InstrumentId) -> Value {
    questionnaire::questionnaire(catalogue().get(id))
}

#[test]
fn the_committed_questionnaires_are_up_to_date() {
    let folder = root().join("fhir/Questionnaire");
    let update = std::env::var_os("UPDATE_FHIR").is_some();
    if update {
        std::fs::create_dir_all(&folder).unwrap();
    }
    for (id, q) in fhir::questionnaires(&catalogue()) {
        let path = folder.join(format!("{id}.json"));
        let text = to_file_text(&q);
        if update {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{} is stale: regenerate with UPDATE_FHIR=1 (see this file's header)",
            path.display()
        );
    }
    let files = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(
        files,
        InstrumentId::ALL.len(),
        "one file per instrument, no others"
    );
}

#[test]
fn phq9_names_itself_its_panel_and_its_copyright() {
    let q = generated(InstrumentId::Phq9);
    assert_eq!(q["resourceType"], "Questionnaire");
    assert_eq!(q["id"], "phq9");
    assert_eq!(
        q["url"],
        "https://fhir.talking-health.example/Questionnaire/phq9"
    );
    assert_eq!(q["version"], "phq9-en-GB-1");
    assert_eq!(q["name"], "Phq9");
    assert_eq!(q["title"], "Depression questionnaire (PHQ-9)");
    assert_eq!(q["status"], "active");
    assert_eq!(q["subjectType"], json!(["Patient"]));
    assert!(
        q["copyright"]
            .as_str()
            .unwrap()
            .starts_with("Developed by Drs. Robert L. Spitzer")
    );
    assert_eq!(
        q["code"],
        json!([{ "system": "http://loinc.org", "code": "44249-1" }])
    );
}

#[test]
fn phq9_items_carry_their_loinc_codes_and_scored_loinc_answers() {
    let q = generated(InstrumentId::Phq9);
    let items = q["item"].as_array().unwrap();
    // The stem, nine questions, the difficulty question.
    assert_eq!(items.len(), 11);
    assert_eq!(items[0]["linkId"], "phq9-stem");
    assert_eq!(items[0]["type"], "display");
    let codes = [
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3",
        "44260-8",
    ];
    for (n, code) in codes.iter().enumerate() {
        let item = &items[n + 1];
        assert_eq!(item["linkId"], format!("phq9-{}", n + 1));
        assert_eq!(item["type"], "choice");
        assert_eq!(item["required"], true);
        assert_eq!(
            item["code"],
            json!([{ "system": "http://loinc.org", "code": code }])
        );
    }
    assert_eq!(
        items[9]["text"],
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    );
    let answers = [
        ("LA6568-5", "Not at all"),
        ("LA6569-3", "Several days"),
        ("LA6570-1", "More than half the days"),
        ("LA6571-9", "Nearly every day"),
    ];
    for (score, (code, label)) in answers.iter().enumerate() {
        assert_eq!(
            items[1]["answerOption"][score],
            json!({
                "extension": [{
                    "url": "http://hl7.org/fhir/StructureDefinition/ordinalValue",
                    "valueDecimal": score,
                }],
                "valueCoding": { "system": "http://loinc.org", "code": code, "display": label },
            })
        );
    }
    let difficulty = &items[10];
    assert_eq!(difficulty["linkId"], "phq9-difficulty");
    assert_eq!(difficulty["required"], false);
    assert_eq!(
        difficulty["code"],
        json!([{ "system": "http://loinc.org", "code": "69722-7" }])
    );
    assert_eq!(
        difficulty["answerOption"][3],
        json!({ "valueString": "Extremely difficult" })
    );
}

#[test]
fn gad7_carries_its_panel_and_item_codes() {
    let q = generated(InstrumentId::Gad7);
    assert_eq!(q["code"][0]["code"], "69737-5");
    let codes: Vec<&str> = q["item"].as_array().unwrap()[1..]
        .iter()
        .map(|i| i["code"][0]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"
        ]
    );
    assert!(q.get("copyright").is_none() || q["copyright"].is_string());
}

#[test]
fn phq2_keeps_phq9s_item_codes_but_claims_no_panel_code() {
    let q = generated(InstrumentId::Phq2);
    assert_eq!(
        q["url"],
        "https://fhir.talking-health.example/Questionnaire/phq2"
    );
    assert_eq!(q["version"], "phq9-en-GB-1/PHQ-2");
    // The files give PHQ-2 no panel code: none is guessed.
    assert!(q.get("code").is_none());
    let items = q["item"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[1]["linkId"], "phq2-1");
    assert_eq!(items[1]["code"][0]["code"], "44250-9");
    assert_eq!(items[2]["linkId"], "phq2-2");
    assert_eq!(items[2]["code"][0]["code"], "44255-8");
    assert_eq!(
        items[1]["answerOption"][0]["valueCoding"]["code"],
        "LA6568-5"
    );
}

#[test]
fn condition_screens_have_no_loinc_codes_and_a_local_scored_scale() {
    for (id, name) in [
        (InstrumentId::Diabetes, "diabetes"),
        (InstrumentId::Copd, "copd"),
        (InstrumentId::Cardiac, "cardiac"),
    ] {
        let q = generated(id);
        assert_eq!(q["id"], name);
        assert!(q.get("code").is_none(), "{name}");
        assert!(q.get("copyright").is_none(), "{name}");
        let items = q["item"].as_array().unwrap();
        assert_eq!(items.len(), 3, "{name}");
        assert!(items[1].get("code").is_none(), "{name}");
        assert_eq!(
            items[1]["answerOption"][5],
            json!({
                "extension": [{
                    "url": "http://hl7.org/fhir/StructureDefinition/ordinalValue",
                    "valueDecimal": 6,
                }],
                "valueCoding": {
                    "system": format!("https://fhir.talking-health.example/CodeSystem/{name}-answer"),
                    "code": "6",
                    "display": "A very serious problem",
                },
            })
        );
    }
}
