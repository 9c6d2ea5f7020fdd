//! What staff read: the list of referrals (risk first) and exports to CSV and JSON.

use crate::store::StoredReferral;
use screening::InstrumentId;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The marker on a row with a risk answer, so it cannot be missed.
pub const RISK_MARK: &str = "!! RISK";

/// A plain-text table: reference, received, channel, risk. Referrals with a
/// risk answer come first (the service contacts them first: clinical-reference.md §6),
/// then the rest; each group oldest first.
pub fn list_table(rows: &[StoredReferral]) -> String {
    let risky = rows.iter().filter(|r| r.risk_flag()).count();
    let ordered = rows
        .iter()
        .filter(|r| r.risk_flag())
        .chain(rows.iter().filter(|r| !r.risk_flag()));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<12}  {:<20}  {:<7}  RISK",
        "REFERENCE", "RECEIVED (UTC)", "CHANNEL"
    );
    for row in ordered {
        let risk = if row.risk_flag() { RISK_MARK } else { "-" };
        let _ = writeln!(
            out,
            "{:<12}  {:<20}  {:<7}  {risk}",
            row.reference, row.received_at, row.channel
        );
    }
    let _ = writeln!(
        out,
        "{} referral(s), {risky} with a risk answer{}",
        rows.len(),
        if risky > 0 { " (listed first)" } else { "" }
    );
    out
}

/// Each instrument's total in the payload, in [`InstrumentId::ALL`] order;
/// `None` for one not asked.
fn totals(payload: &Value) -> Vec<Option<u64>> {
    let results = payload["screening"]["results"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    InstrumentId::ALL
        .iter()
        .map(|id| {
            results
                .iter()
                .find(|r| r["instrument"] == id.as_str())
                .and_then(|r| r["total"].as_u64())
        })
        .collect()
}

/// The CSV header: fixed columns, one total per instrument, the payload last.
pub fn csv_header() -> Vec<String> {
    let mut header: Vec<String> = [
        "reference",
        "received_at",
        "channel",
        "idempotency_key",
        "risk_flag",
    ]
    .map(String::from)
    .to_vec();
    header.extend(InstrumentId::ALL.iter().map(|id| format!("{id}_total")));
    header.push("payload".into());
    header
}

/// One row per referral; the csv crate quotes fields with commas, quotes or
/// new lines, so the payload's JSON survives a spreadsheet round trip.
pub fn to_csv(rows: &[StoredReferral]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(csv_header())?;
    for row in rows {
        let payload = row.payload_json();
        let mut record = vec![
            row.reference.clone(),
            row.received_at.clone(),
            row.channel.clone(),
            row.idempotency_key.clone(),
            row.risk_flag().to_string(),
        ];
        record.extend(
            totals(&payload)
                .into_iter()
                .map(|t| t.map(|t| t.to_string()).unwrap_or_default()),
        );
        record.push(row.payload.clone());
        writer.write_record(&record)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// An array of `{reference, received_at, channel, payload}`, payload as JSON.
pub fn to_json(rows: &[StoredReferral]) -> String {
    let items: Vec<Value> = rows
        .iter()
        .map(|row| {
            json!({
                "reference": row.reference,
                "received_at": row.received_at,
                "channel": row.channel,
                "payload": row.payload_json(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&items).expect("JSON values serialise");
    text.push('\n');
    text
}
