//! An independent validator (`scripts/validate-fhir.py`: the fhir.resources
//! models plus the required bindings we use) accepts every Questionnaire
//! and a Bundle for every kind of referral, and refuses broken ones.

mod support;

use serde_json::{Value, json};
use std::path::PathBuf;
use support::*;

/// Writes `resources` as one NDJSON file in `dir`; its path.
fn ndjson(dir: &tempfile::TempDir, name: &str, resources: &[Value]) -> PathBuf {
    let path = dir.path().join(name);
    let lines: Vec<String> = resources.iter().map(Value::to_string).collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn every_questionnaire_is_valid_fhir() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = fhir::questionnaires(&catalogue())
        .into_iter()
        .map(|(id, q)| {
            let path = dir.path().join(format!("{id}.json"));
            std::fs::write(&path, fhir::questionnaire::to_file_text(&q)).unwrap();
            path
        })
        .collect();
    let out = validate(&files);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A Bundle for every channel, with every optional field given and none,
/// with no risk, a risk answer given and one withdrawn, pre-screens on and
/// off (on, PHQ-9 answered low stands as PHQ-2).
#[test]
fn a_bundle_for_every_kind_of_referral_is_valid_fhir() {
    let mut bundles = Vec::new();
    for channel in [screening::Channel::SelfReferral, clinic(), embed()] {
        for every_optional_field in [false, true] {
            for pre_screens in [false, true] {
                let cases: [(&[u8], Option<u8>); 4] = [
                    // With pre-screens on, two low answers stand as PHQ-2.
                    (&[2, 2, 1, 1, 1, 1, 1, 1, 0], None),
                    (&[2, 2, 1, 1, 1, 1, 1, 1, 1], None),
                    (&[2, 2, 1, 1, 1, 1, 1, 1, 0], Some(2)),
                    (&[0, 1], None),
                ];
                for (phq9, first) in cases {
                    if phq9.len() < 9 && !pre_screens {
                        continue;
                    }
                    let p = payload(
                        channel.clone(),
                        every_optional_field,
                        pre_screens,
                        phq9,
                        first,
                    );
                    bundles.push(bundle_of(&p));
                }
            }
        }
    }
    let kinds: std::collections::BTreeSet<&str> = bundles
        .iter()
        .flat_map(|b| b["entry"].as_array().unwrap())
        .map(|e| e["resource"]["resourceType"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains("Flag") && kinds.contains("Practitioner"),
        "{kinds:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = ndjson(&dir, "bundles.ndjson", &bundles);
    let out = validate(&[file]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What is broken, how, and a word the validator's message must name.
type Break = (&'static str, fn(&mut Value), &'static str);

/// A small valid transaction Bundle, to break one way at a time.
fn small_bundle() -> Value {
    json!({
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [{
            "fullUrl": "urn:uuid:7b0f6c8e-0f5e-5c1a-9a53-1f4a0e0c2b11",
            "resource": { "resourceType": "Patient", "gender": "female", "birthDate": "1981-03-14" },
            "request": { "method": "POST", "url": "Patient" },
        }, {
            "fullUrl": "urn:uuid:7b0f6c8e-0f5e-5c1a-9a53-1f4a0e0c2b12",
            "resource": {
                "resourceType": "Flag",
                "status": "active",
                "code": { "text": "Risk" },
                "subject": { "reference": "urn:uuid:7b0f6c8e-0f5e-5c1a-9a53-1f4a0e0c2b11" },
            },
            "request": { "method": "POST", "url": "Flag" },
        }],
    })
}

#[test]
fn the_validator_refuses_broken_bundles_naming_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    let good = ndjson(&dir, "good.ndjson", &[small_bundle()]);
    let out = validate(&[good]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let breaks: [Break; 6] = [
        (
            "wrong type",
            |b| b["entry"][0]["resource"]["birthDate"] = json!(1981),
            "birthDate",
        ),
        (
            "unknown field",
            |b| b["entry"][0]["resource"]["shoeSize"] = json!(9),
            "shoeSize",
        ),
        (
            "bad gender",
            |b| b["entry"][0]["resource"]["gender"] = json!("bloke"),
            "bloke",
        ),
        ("bad bundle type", |b| b["type"] = json!("parcel"), "parcel"),
        (
            "bad method",
            |b| b["entry"][1]["request"]["method"] = json!("SEND"),
            "SEND",
        ),
        (
            "dangling reference",
            |b| {
                b["entry"][1]["resource"]["subject"]["reference"] =
                    json!("urn:uuid:00000000-0000-5000-8000-000000000000")
            },
            "no entry has that fullUrl",
        ),
    ];
    for (what, break_it, named) in breaks {
        let mut broken = small_bundle();
        break_it(&mut broken);
        // Line 2 of the file, after a valid Bundle.
        let path = ndjson(
            &dir,
            &format!("{}.ndjson", what.replace(' ', "-")),
            &[small_bundle(), broken],
        );
        let out = validate(std::slice::from_ref(&path));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{what}: accepted");
        assert!(
            stderr.contains(&format!("{}:2:", path.display())),
            "{what}: {stderr}"
        );
        assert!(stderr.contains(named), "{what}: {stderr}");
    }
}
