//! The committed JSON Schema of the referral payload matches the types. If this
//! fails after a deliberate change, regenerate with
//! `UPDATE_SCHEMA=1 cargo test -p screening --features json-schema --test payload_schema`
//! and raise `SCHEMA_VERSION` if a receiver must know.

use screening::ReferralPayload;

const COMMITTED: &str = "schema/referral-payload.schema.json";

#[test]
fn the_committed_payload_schema_is_up_to_date() {
    let generated =
        serde_json::to_string_pretty(&schemars::schema_for!(ReferralPayload)).unwrap() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(COMMITTED);
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{COMMITTED} is stale: regenerate it with UPDATE_SCHEMA=1 (see this file's header)"
    );
}

#[test]
fn the_schema_names_its_format_and_requires_the_clinical_fields() {
    let schema = serde_json::to_value(schemars::schema_for!(ReferralPayload)).unwrap();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        schema["properties"]["schema"]["const"],
        screening::payload::SCHEMA_ID
    );
    assert_eq!(
        schema["properties"]["schema_version"]["const"],
        screening::payload::SCHEMA_VERSION
    );
    for field in [
        "schema",
        "schema_version",
        "referral_id",
        "config_version",
        "channel",
        "person",
        "screening",
    ] {
        assert!(required.contains(&field), "{field} is required");
    }
}
