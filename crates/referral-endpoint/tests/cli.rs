//! The command line: `list` and `export` read a small database correctly,
//! `serve` starts, and bad settings are reported clearly.

mod support;

use referral_endpoint::{NewReferral, Outcome, Store};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Output, Stdio};
use support::*;

fn run(args: &[&str]) -> Output {
    run_cli(args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Stores a referral with this key; its reference.
async fn store_one(store: &Store, key: &str, body: &Value) -> String {
    let new = NewReferral {
        key,
        channel: "self",
        canonical_payload: &body.to_string(),
        notify: false,
    };
    let Outcome::Created(reference) = store.insert_or_replay(new).await.unwrap() else {
        panic!("created");
    };
    reference
}

/// Two referrals: one without a risk answer, then one with (item 9 "Several
/// days"). The `--database` argument and their references.
async fn small_database(db: &TestDatabase) -> (String, [String; 2]) {
    let store = db.open().await;
    let mut references = Vec::new();
    for (n, phq9) in [[1, 1, 1, 1, 1, 1, 1, 1, 0], [2, 2, 2, 2, 2, 2, 2, 2, 1]]
        .iter()
        .enumerate()
    {
        let key = uuid_for(n as u64);
        references.push(store_one(&store, &key, &payload_with(&key, phq9)).await);
    }
    (db.arg(), references.try_into().unwrap())
}

async fn export_csv_has_one_quoted_row_per_referral_risk_first(backend: Backend) {
    let test_db = TestDatabase::new(backend).await;
    let (db, [calm, risky]) = small_database(&test_db).await;
    let output = run(&["export", "--format", "csv", "--database", &db]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "reference",
            "received_at",
            "channel",
            "idempotency_key",
            "risk_flag",
            "risk_reason",
            "phq9_item9",
            "phq9_item9_highest",
            "diabetes_total",
            "copd_total",
            "cardiac_total",
            "phq2_total",
            "gad2_total",
            "phq9_total",
            "gad7_total",
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "nhs_number",
            "phone",
            "email",
            "postcode",
            "gp_practice_ods",
            "gp_practice_name",
            "interpreter_language",
            "anything_else",
            "clinician_name",
            "clinician_team",
            "payload"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    // The referral with a risk answer first, though it arrived second.
    assert_eq!(&rows[0][0], risky);
    assert_eq!(&rows[0][3], uuid_for(1));
    assert_eq!(
        (&rows[0][4], &rows[0][5], &rows[0][6], &rows[0][7]),
        ("true", "given", "1", "1")
    );
    assert_eq!(&rows[0][13], "17", "PHQ-9 total");
    assert_eq!(&rows[1][0], calm);
    assert_eq!(&rows[1][3], uuid_for(0));
    assert_eq!(
        (&rows[1][4], &rows[1][5], &rows[1][6], &rows[1][7]),
        ("false", "", "0", "0")
    );
    assert_eq!(&rows[1][8], "5", "diabetes total");
    assert_eq!(&rows[1][9], "", "COPD not asked");
    assert_eq!(&rows[1][13], "8", "PHQ-9 total");
    // The payload column holds the whole referral, intact.
    let payload: Value = serde_json::from_str(&rows[0][29]).unwrap();
    assert_eq!(
        payload,
        payload_with(&uuid_for(1), &[2, 2, 2, 2, 2, 2, 2, 2, 1])
    );
}

async fn export_json_to_a_file_is_an_array_of_referrals_risk_first(backend: Backend) {
    let test_db = TestDatabase::new(backend).await;
    let (db, [calm, risky]) = small_database(&test_db).await;
    let out = test_db.dir.path().join("out.json");
    let output = run(&[
        "export",
        "--format",
        "json",
        "--database",
        &db,
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let items = exported.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["reference"], risky.as_str());
    assert_eq!(items[1]["reference"], calm.as_str());
    assert_eq!(items[0]["channel"], "self");
    assert!(items[0]["received_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(items[0]["payload"]["screening"]["risk_flag"], true);
    assert_eq!(items[0]["risk_flag"], true);
    assert_eq!(items[0]["risk_reason"], "given");
    assert_eq!(items[0]["phq9_item9"], 1);
    assert_eq!(items[0]["phq9_item9_highest"], 1);
    assert_eq!(items[1]["risk_flag"], false);
    assert_eq!(items[1]["risk_reason"], Value::Null);
    let keys: Vec<&String> = items[1].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "channel",
            "payload",
            "phq9_item9",
            "phq9_item9_highest",
            "received_at",
            "reference",
            "risk_flag",
            "risk_reason"
        ]
    );
}

async fn list_shows_risk_first_and_marked(backend: Backend) {
    let test_db = TestDatabase::new(backend).await;
    let (db, [calm, risky]) = small_database(&test_db).await;
    let output = run(&["list", "--database", &db]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("REFERENCE"), "{text}");
    assert!(lines[0].ends_with("RISK (PHQ-9 ITEM 9)"), "{text}");
    assert!(
        lines[1].starts_with(&risky) && lines[1].ends_with("  !! RISK given (1: Several days)"),
        "{text}"
    );
    assert!(
        lines[2].starts_with(&calm) && lines[2].ends_with("  -"),
        "{text}"
    );
    assert!(
        text.contains("2 referral(s), 1 with a risk answer (listed first)"),
        "{text}"
    );
    assert!(!text.contains(FIRST_NAME), "no personal data in the list");
}

/// A referral stored in schema version 1 (no reason, no highest answer)
/// reads as given, with its item 9 answer; the exports leave the missing
/// fields empty.
async fn a_schema_version_1_risk_answer_is_listed_as_given_and_exported_with_empty_fields(
    backend: Backend,
) {
    let test_db = TestDatabase::new(backend).await;
    let body = as_schema_version_1(payload_with(&uuid_for(9), &[2, 2, 1, 1, 1, 1, 1, 1, 2]));
    let reference = store_one(&test_db.open().await, &uuid_for(9), &body).await;
    let db = &test_db.arg();

    let output = run(&["list", "--database", db]);
    let text = String::from_utf8(output.stdout).unwrap();
    let line = text.lines().nth(1).unwrap();
    assert!(
        line.starts_with(&reference)
            && line.ends_with("  !! RISK given (2: More than half the days)"),
        "{text}"
    );

    let output = run(&["export", "--format", "csv", "--database", db]);
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!((&row[4], &row[5], &row[6], &row[7]), ("true", "", "2", ""));

    let output = run(&["export", "--format", "json", "--database", db]);
    let items: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(items[0]["risk_flag"], true);
    assert_eq!(items[0]["risk_reason"], Value::Null);
    assert_eq!(items[0]["phq9_item9"], 2);
    assert_eq!(items[0]["phq9_item9_highest"], Value::Null);
}

#[test]
fn list_of_a_missing_database_says_so_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.sqlite3");
    let output = run(&["list", "--database", missing.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no database at"),
        "{}",
        stderr(&output)
    );
    assert!(!missing.exists());
}

#[tokio::test]
async fn list_of_a_postgres_database_without_tables_says_so_and_creates_none() {
    let db = TestDatabase::new(Backend::Postgres).await;
    for _ in 0..2 {
        let output = run(&["list", "--database", &db.arg()]);
        assert!(!output.status.success());
        assert!(
            stderr(&output).contains("no referrals tables"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn a_postgres_url_whose_ca_file_is_missing_is_refused_without_showing_its_password() {
    let url =
        "postgres://th:s3cret@db.invalid/referrals?sslmode=verify-full&sslrootcert=/no/ca.pem";
    for args in [
        vec!["list", "--database", url],
        vec!["serve", "--database", url],
    ] {
        let output = run(&args);
        assert!(!output.status.success());
        let err = stderr(&output);
        assert!(err.contains("sslrootcert: cannot read /no/ca.pem"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }
}

#[test]
fn a_bad_listen_address_is_named() {
    let config = service_config_path();
    let output = run(&[
        "serve",
        "--listen",
        "localhost-8080",
        "--service-config",
        config.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("--listen") && err.contains("localhost-8080"),
        "{err}"
    );
}

#[test]
fn an_unknown_key_in_the_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("endpoint.toml");
    std::fs::write(&file, "lisen = \"127.0.0.1:8080\"\n").unwrap();
    let output = run(&["serve", "--config", file.to_str().unwrap()]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("endpoint.toml") && err.contains("lisen"),
        "{err}"
    );
}

#[test]
fn a_bad_origin_is_named() {
    let output = run(&[
        "serve",
        "--allow-origin",
        "https://www.example.nhs.uk/",
        "--service-config",
        service_config_path().to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("--allow-origin") && err.contains("scheme://host"),
        "{err}"
    );
}

#[test]
fn an_invalid_service_config_gives_the_screening_crates_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(service_config_path())
        .unwrap()
        .replace("\"F83005\"", "\"F8300\"");
    let bad = dir.path().join("config.json");
    std::fs::write(&bad, text).unwrap();
    let file = dir.path().join("endpoint.toml");
    std::fs::write(
        &file,
        format!("service_config = {:?}\n", bad.to_str().unwrap()),
    )
    .unwrap();
    let output = run(&["serve", "--config", file.to_str().unwrap()]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(err.contains("service_config"), "{err}");
    assert!(err.contains("eligibility.practices[1].ods"), "{err}");
}

#[test]
fn serve_starts_answers_and_stores_in_the_database_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("served.sqlite3");
    let mut child = Command::new(env!("CARGO_BIN_EXE_referral-endpoint"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database",
            db.to_str().unwrap(),
            "--service-config",
            service_config_path().to_str().unwrap(),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    log.read_line(&mut line).unwrap();
    let address = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("address="))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "GET /api/health HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(db.is_file(), "the database was created where asked");
}

on_both_backends!(
    export_csv_has_one_quoted_row_per_referral_risk_first,
    export_json_to_a_file_is_an_array_of_referrals_risk_first,
    list_shows_risk_first_and_marked,
    a_schema_version_1_risk_answer_is_listed_as_given_and_exported_with_empty_fields,
);
