//! The field paths the referral payload's JSON Schema defines, so the request
//! log can name a refused field without ever writing a key the sender made
//! up (which could be a name, an NHS number or a forged log line).

use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Every schema version the endpoint reads (`READABLE_SCHEMA_VERSIONS`).
const SCHEMAS: [&str; 2] = [
    include_str!("../../screening/schema/referral-payload.schema.json"),
    include_str!("../../screening/schema/referral-payload.v1.schema.json"),
];

/// Names a refusal may give that are not payload fields.
const OTHER_NAMES: [&str; 2] = ["Idempotency-Key", "(body)"];

/// Paths such as `person.contact.phone` and `screening.results[].total`
/// (array positions written `[]`).
static PATHS: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
    let mut paths = BTreeSet::new();
    for text in SCHEMAS {
        let schema: Value =
            serde_json::from_str(text).expect("the committed payload schemas are JSON");
        let definitions = schema["$defs"].as_object().cloned().unwrap_or_default();
        collect(&schema, "", &definitions, &mut paths);
    }
    paths
});

fn collect(
    node: &Value,
    path: &str,
    definitions: &Map<String, Value>,
    paths: &mut BTreeSet<String>,
) {
    if let Some(name) = node["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        if let Some(definition) = definitions.get(name) {
            collect(definition, path, definitions, paths);
        }
        return;
    }
    for combinator in ["oneOf", "anyOf", "allOf"] {
        for branch in node[combinator].as_array().into_iter().flatten() {
            collect(branch, path, definitions, paths);
        }
    }
    for (key, child) in node["properties"].as_object().into_iter().flatten() {
        let child_path = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        paths.insert(child_path.clone());
        collect(child, &child_path, definitions, paths);
    }
    if node["items"].is_object() {
        let items_path = format!("{path}[]");
        paths.insert(items_path.clone());
        collect(&node["items"], &items_path, definitions, paths);
    }
}

/// `screening.results[3].answers[0]` as `screening.results[].answers[]`.
fn without_positions(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut in_brackets = false;
    for c in field.chars() {
        match c {
            '[' => {
                in_brackets = true;
                out.push('[');
            }
            ']' => {
                in_brackets = false;
                out.push(']');
            }
            c if in_brackets && c.is_ascii_digit() => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `field` is a path the payload's schema defines (or one of the
/// other names a refusal gives), and so safe to log.
pub fn is_schema_path(field: &str) -> bool {
    OTHER_NAMES.contains(&field) || PATHS.contains(&without_positions(field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schemas_paths_are_known() {
        for path in [
            "schema",
            "referral_id",
            "channel.kind",
            "channel.clinician.team",
            "channel.practice_ods",
            "person.nhs_number",
            "person.contact.phone",
            "person.consents.inform_gp",
            "person.gp_practice.ods",
            "screening.results[0].total",
            "screening.results[12].answers[3]",
            "screening.results[1]",
            "screening.outcome.risk[0].flag",
            "screening.risk_reason",
            "Idempotency-Key",
            "(body)",
        ] {
            assert!(is_schema_path(path), "{path}");
        }
    }

    #[test]
    fn keys_a_sender_made_up_are_not() {
        for path in [
            "person.9434765919",
            "person.zebedee",
            "person.contact.phone.extra",
            "person.nhs_number[0]",
            "screening.results[x].total",
            "screening.results.0.total",
            "",
            "person.",
            "Person.nhs_number",
        ] {
            assert!(!is_schema_path(path), "{path}");
        }
    }
}
