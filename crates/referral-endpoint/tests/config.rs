//! Loading the endpoint's settings: file, flags on top, and clear errors.

mod support;

use referral_endpoint::config::DEFAULT_MAX_BODY_BYTES;
use referral_endpoint::{ConfigError, Database, EndpointConfig, Overrides};
use std::path::PathBuf;
use support::service_config_path;

fn write(dir: &tempfile::TempDir, text: &str) -> PathBuf {
    let path = dir.path().join("endpoint.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_example_file_loads() {
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("endpoint.example.toml");
    let overrides = Overrides {
        // The example names paths relative to the workspace; tests run in the crate.
        service_config: Some(service_config_path()),
        embed_config: Some(service_config_path().with_file_name("embed-config.json")),
        clinic_config: Some(service_config_path().with_file_name("clinic-config.json")),
        static_dir: Some(std::env::temp_dir()),
        database: Some("x.sqlite3".into()),
        ..Overrides::default()
    };
    let config = EndpointConfig::load(Some(&example), &overrides).unwrap();
    assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
    assert!(!config.allowed_origins.is_empty());
}

#[test]
fn flags_override_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        &format!(
            "listen = \"127.0.0.1:9000\"\nallowed_origins = [\"https://a.example\"]\n\
             max_body_bytes = 1000\nservice_config = {:?}\n",
            service_config_path().to_str().unwrap()
        ),
    );
    let from_file = EndpointConfig::load(Some(&file), &Overrides::default()).unwrap();
    assert_eq!(from_file.listen.port(), 9000);
    assert_eq!(from_file.allowed_origins, ["https://a.example"]);
    assert_eq!(from_file.max_body_bytes, 1000);
    let flags = Overrides {
        listen: Some("127.0.0.1:9001".into()),
        allowed_origins: vec!["http://localhost:8080".into()],
        ..Overrides::default()
    };
    let both = EndpointConfig::load(Some(&file), &flags).unwrap();
    assert_eq!(both.listen.port(), 9001);
    assert_eq!(both.allowed_origins, ["http://localhost:8080"]);
}

#[test]
fn defaults_apply_without_a_file() {
    let flags = Overrides {
        service_config: Some(service_config_path()),
        ..Overrides::default()
    };
    let config = EndpointConfig::load(None, &flags).unwrap();
    assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(
        config.database,
        Database::Sqlite(PathBuf::from("referrals.sqlite3"))
    );
    assert_eq!(config.max_body_bytes, DEFAULT_MAX_BODY_BYTES);
    assert!(config.allowed_origins.is_empty() && config.static_dir.is_none());
}

#[test]
fn errors_name_the_setting_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "listen = \"nowhere\"\n");
    let error = EndpointConfig::load(Some(&file), &Overrides::default()).unwrap_err();
    let text = error.to_string();
    assert!(
        text.starts_with("listen (in ") && text.contains("\"nowhere\""),
        "{text}"
    );

    let file = write(&dir, "listen = 8080\n");
    let text = EndpointConfig::load(Some(&file), &Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("endpoint.toml") && text.contains("listen"),
        "{text}"
    );

    let flags = Overrides {
        static_dir: Some(dir.path().join("no-such-dist")),
        service_config: Some(service_config_path()),
        ..Overrides::default()
    };
    let text = EndpointConfig::load(None, &flags).unwrap_err().to_string();
    assert!(
        text.starts_with("--static-dir:") && text.contains("not a folder"),
        "{text}"
    );

    let flags = Overrides {
        service_config: Some(dir.path().join("missing.json")),
        ..Overrides::default()
    };
    let error = EndpointConfig::load(None, &flags).unwrap_err();
    assert!(matches!(error, ConfigError::Invalid { .. }), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("--service-config: cannot read"),
        "{error}"
    );
}

#[test]
fn a_postgres_url_is_a_postgres_database_and_a_path_is_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        &format!(
            "database = \"postgres://th:s3cret@db.internal:5432/referrals\"\nservice_config = {:?}\n",
            service_config_path().to_str().unwrap()
        ),
    );
    let config = EndpointConfig::load(Some(&file), &Overrides::default()).unwrap();
    assert_eq!(
        config.database,
        Database::Postgres("postgres://th:s3cret@db.internal:5432/referrals".into())
    );
    assert_eq!(
        config.database.to_string(),
        "postgres://th:***@db.internal:5432/referrals",
        "shown without its password"
    );
    assert!(!format!("{config:?}").contains("s3cret"), "{config:?}");

    let flags = Overrides {
        database: Some(dir.path().join("r.sqlite3").to_str().unwrap().into()),
        ..Overrides::default()
    };
    let config = EndpointConfig::load(Some(&file), &flags).unwrap();
    assert_eq!(
        config.database,
        Database::Sqlite(dir.path().join("r.sqlite3"))
    );
}

#[test]
fn a_postgres_url_with_an_unknown_sslmode_a_missing_ca_or_that_does_not_parse_is_named() {
    for (url, problem) in [
        ("postgres://th:s3cret@db/r?sslmode=allow", "sslmode=allow"),
        (
            "postgres://th:s3cret@db/r?sslmode=verify-full&sslrootcert=/no/such/ca.pem",
            "sslrootcert: cannot read /no/such/ca.pem",
        ),
        ("postgres://th:s3cret@db:port/r", "not a PostgreSQL URL"),
    ] {
        let flags = Overrides {
            database: Some(url.into()),
            service_config: Some(service_config_path()),
            ..Overrides::default()
        };
        let text = EndpointConfig::load(None, &flags).unwrap_err().to_string();
        assert!(
            text.starts_with("--database:") && text.contains(problem),
            "{text}"
        );
        assert!(!text.contains("s3cret"), "{text}");
    }
}

#[test]
fn the_example_risk_webhook_loads_once_uncommented_and_plain_http_elsewhere_is_named() {
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("endpoint.example.toml");
    let text = std::fs::read_to_string(example).unwrap();
    let block = text
        .split_once("# [risk_webhook]")
        .map(|(_, rest)| rest.split("\n\n").next().unwrap_or_default())
        .map(|block| format!("[risk_webhook]{}\n", block.replace("\n# ", "\n")))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = format!("service_config = {:?}\n{block}", service_config_path());
    let config =
        EndpointConfig::load(Some(&write(&dir, &settings)), &Overrides::default()).unwrap();
    let webhook = config.risk_webhook.unwrap();
    assert_eq!(webhook.first_retry.as_secs(), 10);
    assert_eq!(webhook.longest_retry.as_secs(), 600);

    let plain = settings.replace("https://duty-team", "http://duty-team");
    let error = EndpointConfig::load(Some(&write(&dir, &plain)), &Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("risk_webhook.url") && error.contains("https"),
        "{error}"
    );
}

#[test]
fn a_setting_that_does_not_parse_is_named_without_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "database = \"postgres://referrals:s3cret\\q@db.internal/referrals\"\n",
    );
    let text = EndpointConfig::load(Some(&file), &Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(text.contains("line 1 (database)"), "{text}");
    assert!(!text.contains("s3cret"), "the password is shown: {text}");
}

#[test]
fn retention_days_is_a_day_to_a_hundred_years() {
    let dir = tempfile::tempdir().unwrap();
    let service = format!("service_config = {:?}\n", service_config_path());
    for (days, ok) in [
        (0, false),
        (1, true),
        (36_500, true),
        (36_501, false),
        (u32::MAX, false),
    ] {
        let file = write(&dir, &format!("{service}retention_days = {days}\n"));
        let loaded = EndpointConfig::load(Some(&file), &Overrides::default());
        assert_eq!(loaded.is_ok(), ok, "{days}: {loaded:?}");
        if let Err(e) = loaded {
            assert!(e.to_string().starts_with("retention_days"), "{e}");
        }
    }
}

#[test]
fn the_example_fhir_forwarder_loads_once_uncommented_and_plain_http_elsewhere_is_named() {
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("endpoint.example.toml");
    let text = std::fs::read_to_string(example).unwrap();
    let block = text
        .split_once("# [fhir_forward]")
        .map(|(_, rest)| rest.split("\n\n").next().unwrap_or_default())
        .map(|block| format!("[fhir_forward]{}\n", block.replace("\n# ", "\n")))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = format!("service_config = {:?}\n{block}", service_config_path());
    let config =
        EndpointConfig::load(Some(&write(&dir, &settings)), &Overrides::default()).unwrap();
    let server = config.fhir_forward.unwrap();
    assert_eq!(server.url.as_str(), "https://fhir.example.nhs.uk/R4");
    assert_eq!(server.timeout.as_secs(), 10);
    assert_eq!(server.first_retry.as_secs(), 10);
    assert_eq!(server.longest_retry.as_secs(), 600);
    assert!(config.risk_webhook.is_none());

    let plain = settings.replace("https://fhir", "http://fhir");
    let error = EndpointConfig::load(Some(&write(&dir, &plain)), &Overrides::default())
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("fhir_forward.url") && error.contains("https"),
        "{error}"
    );
}
