//! What staff run against the referrals, on SQLite and PostgreSQL alike:
//! `delete` erases one referral, `purge` those older than the retention
//! period (and the server does so by itself), exports are private files kept
//! out of the public folder, and every command is recorded in the audit log
//! with who, when and how many, and nothing about any person.

mod support;

use referral_endpoint::audit::AuditLog;
use referral_endpoint::{Database, Endpoint};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;
use support::*;
use time::OffsetDateTime;

on_both_backends!(
    delete_erases_one_referral_and_records_its_reference,
    purge_deletes_what_is_older_than_the_retention_period,
    the_server_purges_by_itself_when_retention_days_is_set,
    every_command_is_in_the_audit_log_without_personal_data,
    healthz_reads_the_database,
);

/// Sends `count` referrals to a server on `db`; their references.
async fn send(db: &TestDatabase, count: u64) -> Vec<String> {
    let server = Endpoint::start(&test_config(&db.database)).await.unwrap();
    let client = client();
    let mut references = Vec::new();
    for n in 0..count {
        let reply = post(&client, &server.referrals_url(), &payload(&uuid_for(n))).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        references.push(reply.body["reference"].as_str().unwrap().to_owned());
    }
    server.stop().await.unwrap();
    references
}

/// Makes a stored referral look `days` old.
async fn backdate(db: &TestDatabase, reference: &str, days: i64) {
    let then = OffsetDateTime::now_utc() - time::Duration::days(days);
    match &db.database {
        Database::Sqlite(path) => {
            let conn = rusqlite::Connection::open(path).unwrap();
            let then = referral_endpoint::clock::rfc3339(then);
            let changed = conn
                .execute(
                    "UPDATE referrals SET received_at = ?1 WHERE reference = ?2",
                    [&then, reference],
                )
                .unwrap();
            assert_eq!(changed, 1);
        }
        Database::Postgres(url) => {
            let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                .await
                .unwrap();
            let connection = tokio::spawn(connection);
            let changed = client
                .execute(
                    "UPDATE referrals SET received_at = $1 WHERE reference = $2",
                    &[&then, &reference],
                )
                .await
                .unwrap();
            assert_eq!(changed, 1);
            drop(client);
            let _ = connection.await;
        }
    }
}

/// The audit log a test's commands write: in the test's folder.
fn audit_log(db: &TestDatabase) -> PathBuf {
    db.dir.path().join("audit.log")
}

/// Runs a staff command on `db` with the test's audit log.
fn staff(db: &TestDatabase, args: &[&str]) -> Output {
    let database = db.arg();
    let audit = audit_log(db);
    let mut all: Vec<&str> = args.to_vec();
    all.extend([
        "--database",
        &database,
        "--audit-log",
        audit.to_str().unwrap(),
    ]);
    run_cli(&all)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn entries(db: &TestDatabase) -> Vec<Value> {
    AuditLog::at(audit_log(db)).entries().unwrap()
}

async fn remaining(db: &TestDatabase) -> Vec<String> {
    let rows = db.open().await.list().await.unwrap();
    rows.into_iter().map(|row| row.reference).collect()
}

async fn delete_erases_one_referral_and_records_its_reference(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let references = send(&db, 3).await;

    let deleted = staff(
        &db,
        &["delete", "--reference", &references[1].to_lowercase()],
    );
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    assert_eq!(
        remaining(&db).await,
        [references[0].clone(), references[2].clone()]
    );

    // Again: nothing to delete, said plainly, and still recorded.
    let again = staff(&db, &["delete", "--reference", &references[1]]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("nothing deleted"),
        "{}",
        stderr(&again)
    );
    // Not a reference at all: refused before anything is opened or recorded.
    let typo = staff(&db, &["delete", "--reference", "TH-NOPE"]);
    assert!(
        stderr(&typo).contains("not a reference"),
        "{}",
        stderr(&typo)
    );

    let log = entries(&db);
    assert_eq!(log.len(), 2, "{log:?}");
    for (entry, rows) in log.iter().zip([1, 0]) {
        assert_eq!(entry["action"], "delete");
        assert_eq!(entry["rows"], rows);
        assert_eq!(entry["detail"], references[1].as_str());
    }
}

async fn purge_deletes_what_is_older_than_the_retention_period(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let references = send(&db, 3).await;
    backdate(&db, &references[0], 100).await;
    backdate(&db, &references[1], 40).await;

    // No period given, none set: nothing happens.
    let unsure = staff(&db, &["purge"]);
    assert!(!unsure.status.success());
    assert!(
        stderr(&unsure).contains("--older-than"),
        "{}",
        stderr(&unsure)
    );
    assert_eq!(remaining(&db).await.len(), 3);

    let purged = staff(&db, &["purge", "--older-than", "90"]);
    assert!(purged.status.success(), "{}", stderr(&purged));
    assert!(String::from_utf8_lossy(&purged.stdout).starts_with("deleted 1 referral"));
    assert_eq!(remaining(&db).await, references[1..]);

    // The settings file's retention_days, when --older-than is not given.
    let settings = db.dir.path().join("endpoint.toml");
    std::fs::write(&settings, "retention_days = 30\n").unwrap();
    let by_policy = staff(&db, &["purge", "--config", settings.to_str().unwrap()]);
    assert!(by_policy.status.success(), "{}", stderr(&by_policy));
    assert_eq!(remaining(&db).await, references[2..]);

    let log = entries(&db);
    let purges: Vec<(u64, String)> = log
        .iter()
        .map(|e| {
            (
                e["rows"].as_u64().unwrap(),
                e["detail"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(purges.len(), 2, "{log:?}");
    assert_eq!(purges[0].0, 1);
    assert!(purges[0].1.contains("--older-than 90"), "{}", purges[0].1);
    assert_eq!(purges[1].0, 1);
    assert!(
        purges[1].1.contains("retention_days = 30"),
        "{}",
        purges[1].1
    );
}

async fn the_server_purges_by_itself_when_retention_days_is_set(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let references = send(&db, 2).await;
    backdate(&db, &references[0], 31).await;

    let mut config = test_config(&db.database);
    config.retention_days = Some(30);
    config.audit_log = audit_log(&db);
    let server = Endpoint::start(&config).await.unwrap();
    let mut waited = Duration::ZERO;
    while remaining(&db).await.len() > 1 {
        assert!(waited < Duration::from_secs(10), "the server did not purge");
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += Duration::from_millis(50);
    }
    assert_eq!(remaining(&db).await, references[1..]);
    server.stop().await.unwrap();
    let log = entries(&db);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["action"], "purge");
    assert_eq!(log[0]["rows"], 1);
    assert!(log[0]["detail"].as_str().unwrap().contains("by the server"));
}

async fn every_command_is_in_the_audit_log_without_personal_data(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    send(&db, 2).await;
    let export = db.dir.path().join("referrals.csv");
    for args in [
        vec!["list"],
        vec!["export", "--format", "json"],
        vec![
            "export",
            "--format",
            "csv",
            "--output",
            export.to_str().unwrap(),
        ],
    ] {
        let output = staff(&db, &args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&export).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the export is readable by its owner only"
        );
    }
    // An existing file is never overwritten (it could be the database).
    let again = staff(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--output",
            export.to_str().unwrap(),
        ],
    );
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );

    let log = entries(&db);
    let actions: Vec<(&str, u64)> = log
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["rows"].as_u64().unwrap()))
        .collect();
    assert_eq!(actions, [("list", 2), ("export", 2), ("export", 2)]);
    assert_eq!(log[1]["detail"], "json to standard output");
    for entry in &log {
        assert!(entry["user"].as_str().unwrap().contains("(uid "), "{entry}");
        assert!(entry["at"].as_str().unwrap().ends_with('Z'), "{entry}");
    }
    let text = std::fs::read_to_string(audit_log(&db)).unwrap();
    for secret in [
        FIRST_NAME,
        LAST_NAME,
        NHS_NUMBER,
        PHONE_DIGITS,
        EMAIL,
        "N1 9AB",
    ] {
        assert!(
            !text.contains(secret),
            "the audit log holds {secret}:\n{text}"
        );
    }
}

async fn healthz_reads_the_database(backend: Backend) {
    let server = start(backend).await;
    let url = format!("{}/healthz", server.endpoint.url());
    let request = || hyper::Request::get(&url).body(Default::default()).unwrap();
    let reply = support::send(&server.client, request()).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["status"], "ok");

    // A database that can no longer be read: PostgreSQL's dropped under it.
    // (A SQLite file stays readable through the open connection.)
    if let Database::Postgres(url) = &server.db.database {
        let name = url.rsplit('/').next().unwrap().split('?').next().unwrap();
        support::postgres::drop_database(name);
        let reply = support::send(&server.client, request()).await;
        assert_eq!(reply.status, 503, "{}", reply.text);
        assert_eq!(reply.body["status"], "unavailable");
    }
}

#[test]
fn an_export_into_the_public_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("dist");
    std::fs::create_dir(&public).unwrap();
    let database = dir.path().join("referrals.sqlite3");
    std::fs::write(&database, "").unwrap();
    let settings = dir.path().join("endpoint.toml");
    std::fs::write(
        &settings,
        format!("static_dir = {:?}\n", public.to_str().unwrap()),
    )
    .unwrap();
    let leak = public.join("..").join("dist").join("referrals.csv");
    let output = run_cli(&[
        "export",
        "--format",
        "csv",
        "--config",
        settings.to_str().unwrap(),
        "--database",
        database.to_str().unwrap(),
        "--audit-log",
        dir.path().join("audit.log").to_str().unwrap(),
        "--output",
        leak.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("inside static_dir"),
        "{}",
        stderr(&output)
    );
    assert!(!public.join("referrals.csv").exists());
}

#[test]
fn the_server_refuses_a_database_or_audit_log_inside_the_public_folder() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("dist");
    std::fs::create_dir(&public).unwrap();
    let service = service_config_path();
    for (key, inside) in [
        ("database", public.join("referrals.sqlite3")),
        ("audit_log", public.join("sub").join("..").join("audit.log")),
    ] {
        let settings = dir.path().join("endpoint.toml");
        std::fs::write(
            &settings,
            format!(
                "static_dir = {:?}\nservice_config = {:?}\n{key} = {:?}\n",
                public.to_str().unwrap(),
                service.to_str().unwrap(),
                inside.to_str().unwrap()
            ),
        )
        .unwrap();
        let loaded = referral_endpoint::EndpointConfig::load(Some(&settings), &Default::default());
        let error = loaded.expect_err(key).to_string();
        assert!(
            error.starts_with(key) && error.contains("inside static_dir"),
            "{error}"
        );
    }
}

/// The role docs/deploying.md gives triage staff on PostgreSQL reads
/// referrals and nothing more.
#[tokio::test]
async fn the_documented_postgres_triage_role_can_list_and_cannot_delete() {
    let db = TestDatabase::new(Backend::Postgres).await;
    let references = send(&db, 2).await;
    let Database::Postgres(url) = &db.database else {
        unreachable!()
    };
    let role = format!("triage_{}", std::process::id());
    let database = url.rsplit('/').next().unwrap();
    let guide = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/deploying.md"),
    )
    .unwrap();
    // The guide's statements, run as written (the password left out: the
    // test cluster trusts local connections).
    let statements: Vec<String> = guide
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("GRANT ") || line.starts_with("CREATE ROLE "))
        .map(|line| {
            line.replace("triage", &role)
                .replace("talking_health", database)
                .replace(" PASSWORD '...'", "")
        })
        .collect();
    assert!(statements.len() >= 4, "the guide's SQL: {statements:?}");
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    let connection = tokio::spawn(connection);
    for statement in &statements {
        client
            .batch_execute(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    let as_triage = url.replacen("postgres://postgres@", &format!("postgres://{role}@"), 1);
    let audit = audit_log(&db);
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend([
            "--database",
            &as_triage,
            "--audit-log",
            audit.to_str().unwrap(),
        ]);
        run_cli(&all)
    };
    let listed = run(&["list"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let table = String::from_utf8_lossy(&listed.stdout);
    assert!(
        references.iter().all(|r| table.contains(r.as_str())),
        "{table}"
    );
    let deleted = run(&["delete", "--reference", &references[0]]);
    assert!(
        !deleted.status.success(),
        "the triage role deleted a referral"
    );
    assert_eq!(remaining(&db).await.len(), 2);
    for statement in ["DROP OWNED BY", "DROP ROLE"] {
        client
            .batch_execute(&format!("{statement} {role}"))
            .await
            .unwrap();
    }
    drop(client);
    let _ = connection.await;
}
