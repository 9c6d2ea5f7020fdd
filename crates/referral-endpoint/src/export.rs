//! What staff read: the list of referrals (risk first) and exports to CSV and
//! JSON, each in the same order and each saying how the risk answer stands.

use crate::store::StoredReferral;
use screening::{Catalogue, InstrumentId};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The marker on a row with a risk answer, so it cannot be missed.
pub const RISK_MARK: &str = "!! RISK";

/// What a stored referral says about the risk item, PHQ-9 item 9
/// (clinical-reference.md §6), as the payload carries it. Schema version 1
/// has no `risk_reason` nor `phq9_item9_highest`: those are `None` here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskRecord {
    /// `screening.risk_flag`: a risk answer was given at some point.
    pub flag: bool,
    /// `screening.risk_reason`: `given` or `withdrawn`.
    pub reason: Option<String>,
    /// `screening.phq9_item9`: the final answer.
    pub item9: Option<u64>,
    /// `screening.phq9_item9_highest`: the highest answer given.
    pub item9_highest: Option<u64>,
}

impl RiskRecord {
    /// Read from a payload (`Value::Null`, or a field of the wrong type,
    /// reads as absent; a flag that is not `true` as no flag).
    pub fn of(payload: &Value) -> RiskRecord {
        let screening = &payload["screening"];
        RiskRecord {
            flag: screening["risk_flag"] == Value::Bool(true),
            reason: screening["risk_reason"].as_str().map(str::to_owned),
            item9: screening["phq9_item9"].as_u64(),
            item9_highest: screening["phq9_item9_highest"].as_u64(),
        }
    }

    /// The list's RISK column: `-` without a risk answer, otherwise the
    /// marker, the reason and the item 9 answers as numbers and words, such as
    /// `!! RISK given (1: Several days)` or
    /// `!! RISK withdrawn (highest 2: More than half the days, final 0: Not at all)`.
    /// A version 1 referral has no reason: its flag meant the final answer
    /// was a risk answer, so it reads as given.
    pub fn column(&self, label: impl Fn(u64) -> Option<String>) -> String {
        if !self.flag {
            return "-".to_owned();
        }
        let reason = self.reason.as_deref().unwrap_or("given");
        let answer = |score: u64| match label(score) {
            Some(words) => format!("{score}: {words}"),
            None => score.to_string(),
        };
        let answers = match (self.item9_highest, self.item9) {
            (Some(highest), Some(last)) if highest != last => {
                format!("highest {}, final {}", answer(highest), answer(last))
            }
            (_, Some(last)) => answer(last),
            (Some(highest), None) => format!("highest {}", answer(highest)),
            (None, None) => "item 9 answer not recorded".to_owned(),
        };
        format!("{RISK_MARK} {reason} ({answers})")
    }
}

/// The referrals with a risk answer first (the service contacts them first:
/// clinical-reference.md §6), then the rest; each group in the order given
/// (the store lists oldest first). The list and both exports use this order.
pub fn risk_first(rows: &[StoredReferral]) -> Vec<(&StoredReferral, RiskRecord)> {
    let (mut risky, rest): (Vec<_>, Vec<_>) = rows
        .iter()
        .map(|row| (row, RiskRecord::of(&row.payload_json())))
        .partition(|(_, risk)| risk.flag);
    risky.extend(rest);
    risky
}

/// PHQ-9's words for an answer's score ("Several days").
fn phq9_label(catalogue: &Catalogue) -> impl Fn(u64) -> Option<String> + '_ {
    let options = &catalogue.get(InstrumentId::Phq9).options;
    move |score| {
        options
            .iter()
            .find(|o| u64::from(o.score) == score)
            .map(|o| o.label.clone())
    }
}

/// A plain-text table: reference, received, channel, risk. Referrals with a
/// risk answer come first, then the rest; each group oldest first. The risk
/// column gives the reason and PHQ-9 item 9's answers ([`RiskRecord::column`]).
pub fn list_table(rows: &[StoredReferral]) -> String {
    let catalogue = crate::config::catalogue();
    let label = phq9_label(&catalogue);
    let ordered = risk_first(rows);
    let risky = ordered.iter().filter(|(_, risk)| risk.flag).count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<12}  {:<20}  {:<7}  RISK (PHQ-9 ITEM 9)",
        "REFERENCE", "RECEIVED (UTC)", "CHANNEL"
    );
    for (row, risk) in &ordered {
        let _ = writeln!(
            out,
            "{:<12}  {:<20}  {:<7}  {}",
            row.reference,
            row.received_at,
            row.channel,
            risk.column(&label)
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

/// The person's details as CSV columns, each with its place in the payload,
/// so staff can work from a spreadsheet without reading the JSON.
const PERSON_COLUMNS: [(&str, &str); 14] = [
    ("first_name", "/person/first_name"),
    ("last_name", "/person/last_name"),
    ("preferred_name", "/person/preferred_name"),
    ("date_of_birth", "/person/date_of_birth"),
    ("nhs_number", "/person/nhs_number"),
    ("phone", "/person/contact/phone"),
    ("email", "/person/contact/email"),
    ("postcode", "/person/postcode"),
    ("gp_practice_ods", "/person/gp_practice/ods"),
    ("gp_practice_name", "/person/gp_practice/name"),
    ("interpreter_language", "/person/interpreter_language"),
    ("anything_else", "/person/anything_else"),
    ("clinician_name", "/channel/clinician/name"),
    ("clinician_team", "/channel/clinician/team"),
];

/// The CSV header: fixed columns, the risk columns, one total per
/// instrument, the person's details, the payload last.
pub fn csv_header() -> Vec<String> {
    let mut header: Vec<String> = [
        "reference",
        "received_at",
        "channel",
        "idempotency_key",
        "risk_flag",
        "risk_reason",
        "phq9_item9",
        "phq9_item9_highest",
    ]
    .map(String::from)
    .to_vec();
    header.extend(InstrumentId::ALL.iter().map(|id| format!("{id}_total")));
    header.extend(PERSON_COLUMNS.iter().map(|(name, _)| (*name).to_owned()));
    header.push("payload".into());
    header
}

fn cell(value: Option<u64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// What a spreadsheet would read as a formula when it starts a cell (OWASP's
/// CSV injection list): `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as a spreadsheet will show it but never run it: text starting
/// with a formula character gets a leading `'`, which Excel, LibreOffice and
/// Google Sheets read as "this is text". A phone number such as
/// `+44 7700 900123` is shown as `'+44 7700 900123`; a formula a person typed
/// into their name or free text is shown, not run.
pub fn neutralised(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// One row per referral, risk first ([`risk_first`]); a field the payload
/// does not carry (schema version 1's reason and highest answer, an optional
/// detail not given) is empty. Every cell is [`neutralised`]. The csv crate
/// quotes fields with commas, quotes or new lines, so the payload's JSON
/// survives a spreadsheet round trip.
pub fn to_csv(rows: &[StoredReferral]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(csv_header())?;
    for (row, risk) in risk_first(rows) {
        let payload = row.payload_json();
        let mut record = vec![
            row.reference.clone(),
            row.received_at.clone(),
            row.channel.clone(),
            row.idempotency_key.clone(),
            risk.flag.to_string(),
            risk.reason.unwrap_or_default(),
            cell(risk.item9),
            cell(risk.item9_highest),
        ];
        record.extend(totals(&payload).into_iter().map(cell));
        record.extend(PERSON_COLUMNS.iter().map(|(_, pointer)| {
            let value = payload.pointer(pointer).and_then(Value::as_str);
            value.unwrap_or_default().to_owned()
        }));
        record.push(row.payload.clone());
        writer.write_record(record.iter().map(|cell| neutralised(cell)))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// An array of `{reference, received_at, channel, risk_flag, risk_reason,
/// phq9_item9, phq9_item9_highest, payload}`, risk first ([`risk_first`]),
/// payload as JSON; a field the payload does not carry is `null`.
pub fn to_json(rows: &[StoredReferral]) -> String {
    let items: Vec<Value> = risk_first(rows)
        .into_iter()
        .map(|(row, risk)| {
            json!({
                "reference": row.reference,
                "received_at": row.received_at,
                "channel": row.channel,
                "risk_flag": risk.flag,
                "risk_reason": risk.reason,
                "phq9_item9": risk.item9,
                "phq9_item9_highest": risk.item9_highest,
                "payload": row.payload_json(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&items).expect("JSON values serialise");
    text.push('\n');
    text
}

/// FHIR R4: one transaction Bundle per referral, one per line (NDJSON), in
/// the list's order, risk first. Built from the stored payload parsed back
/// into the domain's types (it was verified when stored); a row that does
/// not parse is refused by its reference, never skipped.
pub fn to_fhir_ndjson(rows: &[StoredReferral]) -> Result<String, String> {
    let catalogue = crate::config::catalogue();
    let mut out = String::new();
    for (row, _) in risk_first(rows) {
        out.push_str(&fhir_bundle(&catalogue, row)?.to_string());
        out.push('\n');
    }
    Ok(out)
}

/// One stored referral as its FHIR transaction Bundle (the export's lines,
/// and what the FHIR forwarder sends), or, if its payload does not parse,
/// why, naming the referral by its reference and never quoting the payload.
pub fn fhir_bundle(catalogue: &Catalogue, row: &StoredReferral) -> Result<Value, String> {
    let payload: screening::ReferralPayload = serde_json::from_str(&row.payload).map_err(|e| {
        // Where, never what: the message may reach a terminal log.
        format!(
            "FHIR: referral {} cannot be read as a payload (line {}, column {})",
            row.reference,
            e.line(),
            e.column()
        )
    })?;
    Ok(fhir::referral_bundle(
        catalogue,
        &fhir::StoredReferral {
            payload: &payload,
            reference: &row.reference,
            received_at: &row.received_at,
        },
    ))
}
