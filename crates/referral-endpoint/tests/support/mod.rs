//! Shared by the endpoint's tests: a valid referral, a server on a free port
//! with a temporary database (SQLite or PostgreSQL: [`Backend`]), and a plain
//! HTTP/1 client (no TLS).
#![allow(dead_code)]

pub mod delivery;
pub mod instance;
pub mod log_capture;
pub mod postgres;

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{HeaderMap, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use referral_endpoint::{Database, Endpoint, EndpointConfig, OutboxKind, Store};
use screening::fields::CalendarDate;
use screening::referral::{ReferralDetails, ReferralForm};
use screening::{
    AnswersInProgress, Catalogue, Channel, InstrumentId, ReferralPayload, ScreeningRecord,
    ServiceConfig,
};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;

/// The test patient. Distinctive, so a test can search logs for them.
pub const FIRST_NAME: &str = "Zebedee";
pub const LAST_NAME: &str = "Quillfeather";
pub const NHS_NUMBER: &str = "9434765919";
pub const PHONE: &str = "07700 900123";
pub const PHONE_DIGITS: &str = "07700900123";
pub const EMAIL: &str = "zebedee.q@example.com";
pub const ANYTHING_ELSE: &str = "Mention the lighthouse";

pub const ALLOWED_ORIGIN: &str = "https://www.anytown.example.nhs.uk";

pub const REFERRAL_ID: &str = "3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b";

pub fn service_config_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/config.json")
}

pub fn catalogue() -> Catalogue {
    Catalogue::load().unwrap()
}

pub fn service_config() -> ServiceConfig {
    let text = std::fs::read_to_string(service_config_path()).unwrap();
    ServiceConfig::from_json(&text, &catalogue()).unwrap()
}

/// The service configuration in `public/config.json` with `adjust` applied
/// to its JSON (to turn pre-screens on, or list other conditions).
pub fn service_config_with(adjust: impl FnOnce(&mut Value)) -> ServiceConfig {
    let text = std::fs::read_to_string(service_config_path()).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    adjust(&mut json);
    ServiceConfig::from_json(&json.to_string(), &catalogue()).unwrap()
}

/// `id`'s questionnaire with items 1, 2, ... answered `values` in turn.
pub fn answered(id: InstrumentId, values: &[u8]) -> AnswersInProgress {
    let mut answers = AnswersInProgress::new(Arc::clone(catalogue().get(id)));
    for (i, v) in values.iter().enumerate() {
        answers.answer(i as u8 + 1, *v).unwrap();
    }
    answers
}

/// The test patient's details, validated against `config`.
pub fn person(config: &ServiceConfig) -> ReferralDetails {
    let form = ReferralForm {
        first_name: FIRST_NAME.into(),
        last_name: LAST_NAME.into(),
        dob_day: "14".into(),
        dob_month: "3".into(),
        dob_year: "1981".into(),
        gp_practice: "F83004".into(),
        postcode: "N1 9AB".into(),
        phone: PHONE.into(),
        email: EMAIL.into(),
        safe_to_leave_message: Some(true),
        safe_to_text: Some(false),
        knows_nhs_number: Some(true),
        nhs_number: NHS_NUMBER.into(),
        anything_else: ANYTHING_ELSE.into(),
        consent_contact: true,
        consent_gp: true,
        ..ReferralForm::default()
    };
    form.validate_for(
        &config.fields,
        &config.eligibility,
        CalendarDate::new(2026, 11, 23).unwrap(),
    )
    .unwrap()
}

/// A self-referral from the test patient with this screening record, made
/// under `config`, as JSON.
pub fn payload_with_record(
    referral_id: &str,
    config: &ServiceConfig,
    screening: ScreeningRecord,
) -> Value {
    let payload = ReferralPayload::new(
        referral_id.into(),
        config,
        Channel::SelfReferral,
        person(config),
        screening,
    );
    serde_json::to_value(payload).unwrap()
}

/// A self-referral whose screening is what `config`'s rules make of these
/// questionnaires' answers, in the order asked (as the widget builds it).
pub fn payload_answering(
    referral_id: &str,
    config: &ServiceConfig,
    asked: &[AnswersInProgress],
) -> Value {
    payload_with_record(
        referral_id,
        config,
        ScreeningRecord::of(config, asked, Some(1)),
    )
}

/// The diabetes screen and GAD-7 answers every test referral has.
pub const DIABETES: [u8; 2] = [3, 2];
pub const GAD7: [u8; 7] = [2, 2, 1, 1, 1, 1, 1];

/// A valid referral with these PHQ-9 answers (item 9 above 0 sets the risk flag).
pub fn payload_with(referral_id: &str, phq9: &[u8; 9]) -> Value {
    payload_with_phq9(referral_id, answered(InstrumentId::Phq9, phq9))
}

/// A valid referral with PHQ-9 answered as `phq9` (which may have changed
/// answers along the way), between the diabetes screen and GAD-7.
pub fn payload_with_phq9(referral_id: &str, phq9: AnswersInProgress) -> Value {
    let config = service_config();
    let answers = [
        answered(InstrumentId::Diabetes, &DIABETES),
        phq9,
        answered(InstrumentId::Gad7, &GAD7),
    ];
    payload_answering(referral_id, &config, &answers)
}

/// A valid referral whose PHQ-9 item 9 was answered `first`, then changed
/// to `then` (items 1 to 8 as [`payload`]'s).
pub fn payload_with_item9_changed(referral_id: &str, first: u8, then: u8) -> Value {
    let mut phq9 = answered(InstrumentId::Phq9, &[2, 2, 1, 1, 1, 1, 1, 1, first]);
    phq9.answer(9, then).unwrap();
    payload_with_phq9(referral_id, phq9)
}

/// A risk answer withdrawn: item 9 answered 2 ("More than half the days"),
/// then changed to 0 ("Not at all"). Still flagged, with reason `withdrawn`.
pub fn payload_withdrawn(referral_id: &str) -> Value {
    payload_with_item9_changed(referral_id, 2, 0)
}

/// A valid referral without a risk answer.
pub fn payload(referral_id: &str) -> Value {
    payload_with(referral_id, &[2, 2, 1, 1, 1, 1, 1, 1, 0])
}

/// `payload` as an older widget sent it, in schema version 1: no
/// `risk_reason` nor `phq9_item9_highest`.
pub fn as_schema_version_1(mut payload: Value) -> Value {
    payload["schema_version"] = 1.into();
    let screening = payload["screening"].as_object_mut().unwrap();
    screening.remove("risk_reason");
    screening.remove("phq9_item9_highest");
    payload
}

/// Runs the `referral-endpoint` binary in a folder of its own, removed
/// after, so that files it writes by default (the audit log) stay out of the
/// source tree. Paths given to it must be absolute.
pub fn run_cli(args: &[&str]) -> std::process::Output {
    let folder = tempfile::tempdir().unwrap();
    run_cli_in(folder.path(), args)
}

/// Runs the `referral-endpoint` binary in `folder`.
pub fn run_cli_in(folder: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_referral-endpoint"))
        .current_dir(folder)
        .args(args)
        .output()
        .unwrap()
}

/// A distinct valid UUID (v4 shape) for `n`.
pub fn uuid_for(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// Which store a test runs against. Tests that store anything run once on
/// each: see [`on_both_backends!`](crate::on_both_backends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn(Backend)` as two tests, `name::sqlite` and
/// `name::postgres`; with a `#[tokio::test(...)]` first, on that runtime.
#[macro_export]
macro_rules! on_both_backends {
    (#[$test:meta] $($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[$test]
                async fn sqlite() {
                    super::$name($crate::support::Backend::Sqlite).await
                }
                #[$test]
                async fn postgres() {
                    super::$name($crate::support::Backend::Postgres).await
                }
            }
        )+
    };
    ($($name:ident),+ $(,)?) => {
        $crate::on_both_backends!(#[tokio::test] $($name),+);
    };
}

/// A database of its own for one test, removed with it: a SQLite file in a
/// temporary folder, or a new database in the test cluster.
pub struct TestDatabase {
    pub database: Database,
    /// A temporary folder (the SQLite file's), for any other files a test needs.
    pub dir: TempDir,
    postgres_name: Option<String>,
}

impl TestDatabase {
    pub async fn new(backend: Backend) -> TestDatabase {
        let dir = tempfile::tempdir().unwrap();
        match backend {
            Backend::Sqlite => TestDatabase {
                database: sqlite_in(dir.path()),
                dir,
                postgres_name: None,
            },
            Backend::Postgres => {
                let (database, name) = postgres::create_database().await;
                TestDatabase {
                    database,
                    dir,
                    postgres_name: Some(name),
                }
            }
        }
    }

    /// The database opened to read and write.
    pub async fn open(&self) -> Store {
        Store::open(&self.database).await.unwrap()
    }

    /// The `--database` argument naming it (test URLs have no password, so
    /// Display shows all of it).
    pub fn arg(&self) -> String {
        self.database.to_string()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.postgres_name {
            postgres::drop_database(name);
        }
    }
}

/// A SQLite database in `dir`.
pub fn sqlite_in(dir: &Path) -> Database {
    Database::Sqlite(dir.join("referrals.sqlite3"))
}

/// The endpoint's settings for a test: a free port, this database.
pub fn test_config(database: &Database) -> EndpointConfig {
    EndpointConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: database.clone(),
        allowed_origins: vec![ALLOWED_ORIGIN.into()],
        static_dir: None,
        service_config: service_config_path(),
        embed_config: None,
        clinic_config: None,
        ..EndpointConfig::default()
    }
}

/// A running endpoint with its own temporary database. Fields drop in
/// order: the server stops before its database is removed.
pub struct TestEndpoint {
    pub endpoint: Endpoint,
    pub client: HttpClient,
    pub db: TestDatabase,
}

pub async fn start(backend: Backend) -> TestEndpoint {
    start_configured(backend, |_| {}).await
}

/// As [`start`], with the workspace's embed-mode configuration too.
pub async fn start_embedding(backend: Backend) -> TestEndpoint {
    start_configured(backend, |config| {
        config.embed_config = Some(service_config_path().with_file_name("embed-config.json"));
    })
    .await
}

/// As [`start`], checking self-referrals against `service` instead of
/// `public/config.json`.
pub async fn start_with_service(backend: Backend, service: ServiceConfig) -> TestEndpoint {
    let db = TestDatabase::new(backend).await;
    let endpoint = Endpoint::start_with_service(&test_config(&db.database), service)
        .await
        .unwrap();
    TestEndpoint {
        endpoint,
        client: client(),
        db,
    }
}

/// As [`start`], with the settings adjusted first.
pub async fn start_configured(
    backend: Backend,
    adjust: impl FnOnce(&mut EndpointConfig),
) -> TestEndpoint {
    let db = TestDatabase::new(backend).await;
    let mut config = test_config(&db.database);
    adjust(&mut config);
    let endpoint = Endpoint::start(&config).await.unwrap();
    TestEndpoint {
        endpoint,
        client: client(),
        db,
    }
}

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// A response, its body parsed as JSON (`Null` if it is not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
    /// The body as it came, before any decoding (a compressed one too).
    pub bytes: Bytes,
}

pub async fn send(client: &HttpClient, request: Request<Full<Bytes>>) -> Reply {
    let response = client.request(request).await.expect("the server answers");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        text,
        bytes,
    }
}

/// POSTs `body` as JSON with `key` as the Idempotency-Key (none if `None`).
pub async fn post_raw(
    client: &HttpClient,
    url: &str,
    key: Option<&str>,
    body: impl Into<Bytes>,
) -> Reply {
    let mut request = Request::post(url).header("content-type", "application/json");
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    send(client, request.body(Full::new(body.into())).unwrap()).await
}

/// POSTs a referral with its own referral_id as the key.
pub async fn post(client: &HttpClient, url: &str, payload: &Value) -> Reply {
    let key = payload["referral_id"].as_str().unwrap().to_owned();
    post_raw(
        client,
        url,
        Some(&key),
        serde_json::to_vec(payload).unwrap(),
    )
    .await
}

/// The fields a refusal names.
pub fn fields(reply: &Reply) -> Vec<String> {
    reply.body["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no fields in {}", reply.text))
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect()
}

/// Asserts a refusal with this status, a JSON error, and no row stored.
pub async fn assert_refused(server: &TestEndpoint, reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{}", reply.text);
    assert!(
        reply.body["error"].as_str().is_some_and(|e| !e.is_empty()),
        "a JSON error: {}",
        reply.text
    );
    assert!(reply.body["fields"].is_array(), "{}", reply.text);
    assert_eq!(
        reply.headers["content-type"], "application/json",
        "{}",
        reply.text
    );
    assert_eq!(
        server.endpoint.store().count().await.unwrap(),
        0,
        "nothing stored"
    );
}

/// How many rows of `kind` wait in `store`'s outbox.
pub async fn waiting(store: &Store, kind: OutboxKind) -> u64 {
    store
        .pending_notifications(kind)
        .await
        .expect("count the outbox")
}
