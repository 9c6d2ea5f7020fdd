//! The CSV export is opened in spreadsheets: nothing a sender wrote may run
//! there as a formula, whichever field it was put in.

mod support;

use referral_endpoint::StoredReferral;
use referral_endpoint::export::{csv_header, neutralised, to_csv};
use serde_json::{Value, json};
use support::*;

/// What spreadsheets run when it starts a cell (OWASP's CSV injection list).
const FORMULA_STARTS: [&str; 6] = ["=", "+", "-", "@", "\t", "\r"];

/// A referral with every optional detail given and a clinician, so that
/// every column is filled from the payload.
fn full_payload() -> Value {
    let mut payload = payload(REFERRAL_ID);
    let person = &mut payload["person"];
    person["preferred_name"] = json!("Zeb");
    person["interpreter_language"] = json!("Welsh");
    person["anything_else"] = json!(ANYTHING_ELSE);
    person["contact"]["email"] = json!(EMAIL);
    payload["channel"] = json!({
        "kind": "clinic",
        "clinician": { "name": "Ada Nurse", "role": "Practice nurse", "team": "Diabetes" },
    });
    payload
}

/// Every string in `value` with `start` put before it.
fn prefix_every_string(value: &mut Value, start: &str) {
    match value {
        Value::String(text) => *text = format!("{start}{text}"),
        Value::Array(items) => items.iter_mut().for_each(|v| prefix_every_string(v, start)),
        Value::Object(map) => map.values_mut().for_each(|v| prefix_every_string(v, start)),
        _ => {}
    }
}

fn row_with(payload: &Value, start: &str) -> StoredReferral {
    StoredReferral {
        id: 1,
        reference: format!("{start}TH-7K3Q-9D"),
        idempotency_key: format!("{start}{REFERRAL_ID}"),
        channel: format!("{start}clinic"),
        received_at: format!("{start}2026-12-01T09:00:00Z"),
        payload: payload.to_string(),
    }
}

fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn no_cell_starts_with_a_formula_character_whichever_field_holds_it() {
    for start in FORMULA_STARTS {
        let mut payload = full_payload();
        prefix_every_string(&mut payload["person"], start);
        prefix_every_string(&mut payload["channel"], start);
        let csv = to_csv(&[row_with(&payload, start)]).unwrap();
        let rows = read_csv(&csv);
        assert_eq!(rows.len(), 2, "a header and one row");
        let header = &rows[0];
        for (column, cell) in header.iter().zip(&rows[1]) {
            assert!(
                !FORMULA_STARTS.iter().any(|s| cell.starts_with(s)),
                "{start:?}: the {column} cell starts with a formula character: {cell:?}"
            );
        }
        // Each detail is still there, shown as text.
        let column = |name: &str| {
            let at = header.iter().position(|c| c == name).unwrap();
            rows[1][at].clone()
        };
        for (name, given) in [
            ("first_name", FIRST_NAME),
            ("last_name", LAST_NAME),
            ("nhs_number", NHS_NUMBER),
            ("phone", "+447700900123"),
            ("email", EMAIL),
            ("anything_else", ANYTHING_ELSE),
            ("preferred_name", "Zeb"),
            ("interpreter_language", "Welsh"),
            ("clinician_name", "Ada Nurse"),
            ("clinician_team", "Diabetes"),
        ] {
            assert_eq!(column(name), format!("'{start}{given}"), "{name}");
        }
        assert_eq!(column("reference"), format!("'{start}TH-7K3Q-9D"));
    }
}

#[test]
fn every_person_column_is_filled_from_the_payload() {
    let csv = to_csv(&[row_with(&full_payload(), "")]).unwrap();
    let rows = read_csv(&csv);
    assert_eq!(rows[0], csv_header());
    let empty: Vec<&String> = rows[0]
        .iter()
        .zip(&rows[1])
        .filter(|(column, cell)| {
            cell.is_empty() && !column.ends_with("_total") && *column != "risk_reason"
        })
        .map(|(column, _)| column)
        .collect();
    // Every detail is given; only the instruments not asked and the risk
    // reason (no risk answer) are empty.
    assert!(empty.is_empty(), "columns left empty: {empty:?}");
}

#[test]
fn text_that_is_not_a_formula_is_left_as_it_is() {
    for text in [
        "Zebedee",
        "07700 900123",
        "",
        "1981-03-14",
        "'quoted",
        " =spaced",
    ] {
        assert_eq!(neutralised(text), text);
    }
    assert_eq!(neutralised("+44 7700 900123"), "'+44 7700 900123");
    assert_eq!(
        neutralised("=HYPERLINK(\"http://x\")"),
        "'=HYPERLINK(\"http://x\")"
    );
}
