//! A risk answer, once given, reaches the service and shows wherever staff
//! read referrals (clinical-reference.md §6; hazard log H28): a withdrawn one
//! is accepted and stored, `list` and both exports put every referral with a
//! risk answer first and say whether it was given or withdrawn with PHQ-9
//! item 9's answers, and a payload whose flag or reason hides it is refused.

mod support;

use hyper::StatusCode;
use serde_json::{Value, json};
use support::*;

/// POSTs each referral in turn; each must be stored. Their references, in order.
async fn post_all(server: &TestEndpoint, bodies: &[Value]) -> Vec<String> {
    let mut references = Vec::new();
    for body in bodies {
        let reply = post(&server.client, &server.endpoint.referrals_url(), body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        references.push(reply.body["reference"].as_str().unwrap().to_owned());
    }
    references
}

fn database(server: &TestEndpoint) -> String {
    server.db.arg()
}

/// Standard output of a `referral-endpoint` command that must succeed.
fn cli_stdout(args: &[&str]) -> String {
    let output = run_cli(args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The `list` line for each reference, in the order listed.
fn list_lines(db: &str) -> Vec<String> {
    let text = cli_stdout(&["list", "--database", db]);
    assert!(!text.contains(FIRST_NAME), "no personal data in the list");
    text.lines()
        .skip(1)
        .filter(|line| line.starts_with("TH-"))
        .map(String::from)
        .collect()
}

fn csv_export(db: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let text = cli_stdout(&["export", "--format", "csv", "--database", db]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    (header, reader.records().map(Result::unwrap).collect())
}

/// The CSV cell in `column` (by header name) of `row`.
fn cell<'a>(header: &[String], row: &'a csv::StringRecord, column: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no {column} column in {header:?}"));
    &row[i]
}

fn json_export(db: &str) -> Vec<Value> {
    let text = cli_stdout(&["export", "--format", "json", "--database", db]);
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

const RISK_COLUMNS: [&str; 4] = [
    "risk_flag",
    "risk_reason",
    "phq9_item9",
    "phq9_item9_highest",
];

async fn a_withdrawn_risk_answer_is_stored_listed_first_and_exported(backend: Backend) {
    let server = start(backend).await;
    // A referral without a risk answer arrives first.
    let calm = payload(&uuid_for(1));
    let withdrawn = payload_withdrawn(&uuid_for(2));
    assert_eq!(withdrawn["screening"]["risk_flag"], true);
    assert_eq!(withdrawn["screening"]["risk_reason"], "withdrawn");
    assert_eq!(withdrawn["screening"]["phq9_item9"], 0);
    assert_eq!(withdrawn["screening"]["phq9_item9_highest"], 2);
    let [calm_ref, withdrawn_ref] = post_all(&server, &[calm, withdrawn.clone()])
        .await
        .try_into()
        .unwrap();

    let stored = server
        .endpoint
        .store()
        .get_by_reference(&withdrawn_ref)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(stored.payload_json(), withdrawn, "stored as sent");
    assert!(stored.risk_flag());

    let db = database(&server);
    let lines = list_lines(&db);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with(&withdrawn_ref), "{lines:?}");
    assert!(
        lines[0].ends_with(
            "!! RISK withdrawn (highest 2: More than half the days, final 0: Not at all)"
        ),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with(&calm_ref) && lines[1].ends_with("  -"),
        "{lines:?}"
    );

    let (header, rows) = csv_export(&db);
    assert_eq!(&header[4..8], RISK_COLUMNS, "right after idempotency_key");
    assert_eq!(rows.len(), 2);
    assert_eq!(cell(&header, &rows[0], "reference"), withdrawn_ref);
    let risk: Vec<&str> = RISK_COLUMNS
        .iter()
        .map(|c| cell(&header, &rows[0], c))
        .collect();
    assert_eq!(risk, ["true", "withdrawn", "0", "2"]);
    let calm_risk: Vec<&str> = RISK_COLUMNS
        .iter()
        .map(|c| cell(&header, &rows[1], c))
        .collect();
    assert_eq!(calm_risk, ["false", "", "0", "0"]);

    let items = json_export(&db);
    assert_eq!(items[0]["reference"], withdrawn_ref.as_str());
    assert_eq!(items[0]["risk_flag"], true);
    assert_eq!(items[0]["risk_reason"], "withdrawn");
    assert_eq!(items[0]["phq9_item9"], 0);
    assert_eq!(items[0]["phq9_item9_highest"], 2);
    assert_eq!(items[0]["payload"], withdrawn);
    assert_eq!(items[1]["reference"], calm_ref.as_str());
    assert_eq!(items[1]["risk_flag"], false);
    assert_eq!(items[1]["risk_reason"], Value::Null);
    assert_eq!(items[1]["phq9_item9_highest"], 0);
}

/// Referrals with and without risk answers, in both schema versions, POSTed
/// in an order where the first is not a risk: every list and export puts
/// the risk ones first, each group oldest first.
async fn list_and_both_exports_put_every_risk_answer_first_in_the_same_order(backend: Backend) {
    let server = start(backend).await;
    let bodies = [
        payload(&uuid_for(1)),
        payload_withdrawn(&uuid_for(2)),
        as_schema_version_1(payload(&uuid_for(3))),
        payload_with(&uuid_for(4), &[2, 2, 1, 1, 1, 1, 1, 1, 1]),
        as_schema_version_1(payload_with(&uuid_for(5), &[1, 1, 1, 1, 1, 1, 1, 1, 3])),
        payload_with_item9_changed(&uuid_for(6), 3, 1),
    ];
    let refs = post_all(&server, &bodies).await;
    // Risk first (withdrawn, given, version 1 given, given lowered), then the rest.
    let expected: Vec<&str> = [1, 3, 4, 5, 0, 2].iter().map(|&i| &*refs[i]).collect();
    let db = database(&server);

    let lines = list_lines(&db);
    let listed: Vec<&str> = lines.iter().map(|l| &l[..10]).collect();
    assert_eq!(listed, expected, "{lines:#?}");
    let risk_column: Vec<&str> = lines.iter().map(|l| &l[45..]).collect();
    assert_eq!(
        risk_column,
        [
            "!! RISK withdrawn (highest 2: More than half the days, final 0: Not at all)",
            "!! RISK given (1: Several days)",
            // Version 1 carries no reason: its flag meant the final answer.
            "!! RISK given (3: Nearly every day)",
            "!! RISK given (highest 3: Nearly every day, final 1: Several days)",
            "-",
            "-",
        ],
        "{lines:#?}"
    );

    let (header, rows) = csv_export(&db);
    let exported: Vec<&str> = rows.iter().map(|r| cell(&header, r, "reference")).collect();
    assert_eq!(exported, expected);
    let risk: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| RISK_COLUMNS.iter().map(|c| cell(&header, r, c)).collect())
        .collect();
    assert_eq!(
        risk,
        [
            ["true", "withdrawn", "0", "2"],
            ["true", "given", "1", "1"],
            // Version 1: no reason nor highest answer, so empty.
            ["true", "", "3", ""],
            ["true", "given", "1", "3"],
            ["false", "", "0", "0"],
            ["false", "", "0", ""],
        ]
    );

    let items = json_export(&db);
    let exported: Vec<&str> = items
        .iter()
        .map(|i| i["reference"].as_str().unwrap())
        .collect();
    assert_eq!(exported, expected);
    let risk: Vec<Value> = items
        .iter()
        .map(|i| {
            json!([
                i["risk_flag"],
                i["risk_reason"],
                i["phq9_item9"],
                i["phq9_item9_highest"]
            ])
        })
        .collect();
    assert_eq!(
        risk,
        [
            json!([true, "withdrawn", 0, 2]),
            json!([true, "given", 1, 1]),
            json!([true, null, 3, null]),
            json!([true, "given", 1, 3]),
            json!([false, null, 0, 0]),
            json!([false, null, 0, null]),
        ]
    );
    for item in &items {
        let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 8, "{keys:?}");
    }
}

/// POSTs a withdrawn-risk referral after `tamper` changes it; it must be
/// refused naming `field`, and nothing stored.
async fn assert_tampered_risk_refused(backend: Backend, tamper: impl Fn(&mut Value), field: &str) {
    let mut body = payload_withdrawn(REFERRAL_ID);
    tamper(&mut body);
    assert_refused_naming(backend, &body, field).await;
}

/// POSTs `body`: it must be refused naming `field`, and nothing stored.
async fn assert_refused_naming(backend: Backend, body: &Value, field: &str) {
    let server = start(backend).await;
    let reply = post(&server.client, &server.endpoint.referrals_url(), body).await;
    assert_refused(&server, &reply, StatusCode::UNPROCESSABLE_ENTITY).await;
    let fields = fields(&reply);
    assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
    assert!(server.endpoint.store().list().await.unwrap().is_empty());
}

async fn a_withdrawn_risk_answer_without_the_flag_is_refused(backend: Backend) {
    assert_tampered_risk_refused(
        backend,
        |j| j["screening"]["risk_flag"] = json!(false),
        "screening.risk_flag",
    )
    .await;
}

async fn a_highest_item_9_answer_of_2_without_the_flag_is_refused(backend: Backend) {
    // A referral without a risk answer, claiming one was given and withdrawn
    // but not flagged.
    let mut body = payload(REFERRAL_ID);
    body["screening"]["phq9_item9_highest"] = json!(2);
    assert_eq!(body["screening"]["risk_flag"], false);
    assert_refused_naming(backend, &body, "screening.risk_flag").await;
}

async fn a_withdrawn_risk_answer_called_given_is_refused(backend: Backend) {
    assert_tampered_risk_refused(
        backend,
        |j| j["screening"]["risk_reason"] = json!("given"),
        "screening.risk_reason",
    )
    .await;
}

async fn a_withdrawn_risk_answer_with_its_highest_answer_erased_is_refused(backend: Backend) {
    assert_tampered_risk_refused(
        backend,
        |j| j["screening"]["phq9_item9_highest"] = json!(0),
        "screening.risk_flag",
    )
    .await;
}

on_both_backends!(
    a_withdrawn_risk_answer_is_stored_listed_first_and_exported,
    list_and_both_exports_put_every_risk_answer_first_in_the_same_order,
    a_withdrawn_risk_answer_without_the_flag_is_refused,
    a_highest_item_9_answer_of_2_without_the_flag_is_refused,
    a_withdrawn_risk_answer_called_given_is_refused,
    a_withdrawn_risk_answer_with_its_highest_answer_erased_is_refused,
);
