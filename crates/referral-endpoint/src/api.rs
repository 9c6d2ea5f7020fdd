//! `POST /api/referrals`: checks a referral in the order a sender can fix it
//! (headers, body, schema, fields, scores, service rules), then stores it once.

use crate::json;
use crate::request_body::{self, BodyError};
use crate::request_log::LogNote;
use crate::store::{NewReferral, OutboxKind, Outcome, Store, StoreError};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use screening::fields::CalendarDate;
use screening::payload::{PayloadMismatch, READABLE_SCHEMA_VERSIONS, SCHEMA_ID, readable_versions};
use screening::referral::Today;
use screening::{Catalogue, Channel, ReferralPayload, ServiceConfig};
use serde::Serialize;
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::sync::Notify;

/// The header that carries the referral's `referral_id`, so a retry is stored once.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub(crate) store: Store,
    pub(crate) catalogue: Arc<Catalogue>,
    pub(crate) service: Arc<ServiceConfig>,
    /// The embed-mode configuration, when the service offers embedding.
    pub(crate) embed: Option<Arc<ServiceConfig>>,
    /// The clinic-mode configuration, when the service screens in clinics.
    pub(crate) clinic: Option<Arc<ServiceConfig>>,
    pub(crate) max_body_bytes: usize,
    /// Woken when a referral with a risk answer is stored, if a risk webhook
    /// is configured. (The outbox row is written with every such referral.)
    pub(crate) risk_notifier: Option<Arc<Notify>>,
    /// Woken when any referral is stored, if a FHIR forwarder is configured.
    /// (The outbox row is written with every referral.)
    pub(crate) fhir_forwarder: Option<Arc<Notify>>,
    /// A sender that trickles its body must not hold a connection for ever.
    pub(crate) body_read_timeout: std::time::Duration,
}

impl AppState {
    /// State for a router; the body's size and time limits come from
    /// [`crate::router`]'s config.
    pub fn new(store: Store, service: ServiceConfig) -> AppState {
        AppState {
            store,
            catalogue: Arc::new(crate::config::catalogue()),
            service: Arc::new(service),
            embed: None,
            clinic: None,
            max_body_bytes: crate::config::DEFAULT_MAX_BODY_BYTES,
            risk_notifier: None,
            fhir_forwarder: None,
            body_read_timeout: std::time::Duration::from_secs(
                crate::limits::DEFAULT_BODY_READ_TIMEOUT_SECONDS,
            ),
        }
    }

    /// With a risk webhook's notifier, woken by each new referral with a
    /// risk answer.
    pub fn with_risk_notifier(mut self, wake: Option<Arc<Notify>>) -> AppState {
        self.risk_notifier = wake;
        self
    }

    /// With a FHIR forwarder, woken by each new referral.
    pub fn with_fhir_forwarder(mut self, wake: Option<Arc<Notify>>) -> AppState {
        self.fhir_forwarder = wake;
        self
    }

    /// With the embed-mode configuration (`"mode": "embed"`): its practices'
    /// `embed_origins` may frame `/embed.html`, and embedded referrals are
    /// checked against it.
    pub fn with_embed_config(mut self, embed: Option<ServiceConfig>) -> AppState {
        self.embed = embed.map(Arc::new);
        self
    }

    /// With the clinic-mode configuration (`"mode": "clinic"`, clinic.html's):
    /// clinic referrals are checked against it.
    pub fn with_clinic_config(mut self, clinic: Option<ServiceConfig>) -> AppState {
        self.clinic = clinic.map(Arc::new);
        self
    }

    /// The rules a referral was made under: the configuration in its
    /// channel's mode (a clinic referral is checked against the clinic's
    /// cut-offs and practices, not the website's); `None` if this service
    /// has no configuration in that mode, so takes no such referrals.
    fn rules_for(&self, channel: &Channel) -> Option<&ServiceConfig> {
        [
            Some(&self.service),
            self.embed.as_ref(),
            self.clinic.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(|config| &**config)
        .find(|config| config.mode == channel.mode())
    }

    /// The origins that may frame `/embed.html`.
    pub fn embed_origins(&self) -> Vec<String> {
        self.embed.as_ref().map_or_else(Vec::new, |embed| {
            let all = embed.embed_origins.all();
            all.iter().map(|o| o.to_string()).collect()
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
}

/// One field the sender must fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: String,
}

impl From<PayloadMismatch> for FieldProblem {
    fn from(m: PayloadMismatch) -> Self {
        FieldProblem {
            field: m.field,
            problem: m.problem,
        }
    }
}

/// A refusal: `{"error": "...", "fields": [{"field", "problem"}]}`.
/// Messages name fields and rules, never the values sent.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: String,
    pub fields: Vec<FieldProblem>,
}

impl ApiError {
    fn new(status: StatusCode, error: impl Into<String>) -> ApiError {
        ApiError {
            status,
            error: error.into(),
            fields: Vec::new(),
        }
    }

    fn field(
        status: StatusCode,
        error: impl Into<String>,
        field: impl Into<String>,
        problem: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            error: error.into(),
            fields: vec![FieldProblem {
                field: field.into(),
                problem: problem.into(),
            }],
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let note = LogNote {
            fields: self.fields.iter().map(|f| loggable(&f.field)).collect(),
            ..LogNote::default()
        };
        let body = json!({ "error": self.error, "fields": self.fields });
        let mut response = (self.status, Json(body)).into_response();
        response.extensions_mut().insert(note);
        response
    }
}

/// A field name as the log may show it: a path the payload's schema defines.
/// An unknown field's name is whatever key the sender wrote, which could be
/// personal data or a forged log line, so it is not logged.
fn loggable(field: &str) -> String {
    if crate::schema_paths::is_schema_path(field) {
        field.to_owned()
    } else {
        "(a field this endpoint does not know)".to_owned()
    }
}

pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// For load balancers and monitoring: 200 once the database has answered a
/// read, and with a risk webhook set, how many risk notifications wait to be
/// sent (a number that does not fall means the webhook is failing), and with
/// a FHIR forwarder set, how many Bundles wait to be forwarded; 503 if the
/// database cannot be read. Says nothing about any referral.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let checked = async {
        state.store.ping().await?;
        let mut status = json!({ "status": "ok" });
        let counts = [
            (
                "risk_notifications_waiting",
                OutboxKind::RiskWebhook,
                &state.risk_notifier,
            ),
            (
                "fhir_bundles_waiting",
                OutboxKind::FhirForward,
                &state.fhir_forwarder,
            ),
        ];
        for (name, kind, worker) in counts {
            if worker.is_some() {
                status[name] = state.store.pending_notifications(kind).await?.into();
            }
        }
        Ok::<_, StoreError>(status)
    };
    match checked.await {
        Ok(status) => Json(status).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: the database cannot be read");
            let body = json!({ "status": "unavailable", "problem": "the database cannot be read" });
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}

pub async fn post_referral(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match receive(&state, &headers, body).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn receive(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Response, ApiError> {
    require_json_content_type(headers)?;
    let key = idempotency_key(headers)?;
    let bytes = read_body(headers, body, state).await?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        // serde_json's syntax errors give a position, never the text itself.
        ApiError::field(
            StatusCode::BAD_REQUEST,
            format!("the body is not valid JSON: {e}"),
            "(body)",
            "must be one complete JSON object",
        )
    })?;
    if !value.is_object() {
        return Err(ApiError::field(
            StatusCode::BAD_REQUEST,
            "the body must be a JSON object: one referral",
            "(body)",
            "must be a JSON object",
        ));
    }
    check_schema(&value)?;
    check_referral_id(&value, &key)?;
    let canonical = json::canonical(&value);
    // A repeat of a referral already stored is answered before the checks:
    // if the service's rules changed since (a practice removed), a sender
    // whose first answer was lost must still hear that it arrived.
    if let Some(response) = earlier_answer(state, &key, &canonical).await? {
        return Ok(response);
    }
    let payload = parse_payload(value)?;
    let channel = payload.channel.mode().name();

    let Some(rules) = state.rules_for(&payload.channel) else {
        return Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            error: "the referral does not match its answers or this service's rules".into(),
            fields: vec![FieldProblem {
                field: "channel.kind".into(),
                problem: format!(
                    "this service takes no {channel} referrals (it has no configuration with \"mode\": \"{channel}\")"
                ),
            }],
        });
    };
    let mut problems: Vec<FieldProblem> = Vec::new();
    if let Err(mismatches) = payload.verify(&state.catalogue, rules) {
        problems.extend(mismatches.into_iter().map(FieldProblem::from));
    }
    if let Err(mismatches) = payload.check_details(rules, senders_today()) {
        problems.extend(mismatches.into_iter().map(FieldProblem::from));
    }
    if let (Channel::Embed { practice_ods }, Some(embed)) = (&payload.channel, &state.embed)
        && embed.eligibility.practice(practice_ods).is_some()
        && !embed.embed_origins.lists_practice(practice_ods)
    {
        problems.push(FieldProblem {
            field: "channel.practice_ods".into(),
            problem: "is not a practice this service lets embed the form".into(),
        });
    }
    if !problems.is_empty() {
        return Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            error: "the referral does not match its answers or this service's rules".into(),
            fields: problems,
        });
    }

    // `risk_flag` holds for a risk answer given at any point (`verify`
    // checked it against the answers above). Queued whether or not this
    // instance has a webhook: another instance, or this one once the webhook
    // is set, sends it.
    let notify = payload.screening.risk_flag;
    let new = NewReferral {
        key: &key,
        channel,
        canonical_payload: &canonical,
        notify,
    };
    let outcome = in_store("store", state.store.insert_or_replay(new)).await?;
    match outcome {
        Outcome::Created(reference) => {
            if let (true, Some(wake)) = (notify, &state.risk_notifier) {
                wake.notify_one();
            }
            if let Some(wake) = &state.fhir_forwarder {
                wake.notify_one();
            }
            Ok(receipt(StatusCode::CREATED, reference, channel))
        }
        Outcome::Replayed(reference) => Ok(receipt(StatusCode::OK, reference, channel)),
        Outcome::Conflict => Err(conflict()),
    }
}

/// The answer to a key already stored: 200 with its reference for the same
/// referral, 409 for a different one; `None` for a new key.
async fn earlier_answer(
    state: &AppState,
    key: &str,
    canonical: &str,
) -> Result<Option<Response>, ApiError> {
    match in_store("look up", state.store.get_by_key(key)).await? {
        None => Ok(None),
        Some(row) if row.payload == canonical => {
            let channel = channel_name(&row.channel);
            Ok(Some(receipt(StatusCode::OK, row.reference, channel)))
        }
        Some(_) => Err(conflict()),
    }
}

/// The store's answer, or 500: a failure is logged with the database's
/// message (the store's errors never carry a payload or a bound value).
async fn in_store<T>(
    action: &'static str,
    work: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, ApiError> {
    work.await.map_err(|e| {
        tracing::error!(error = %e, "could not {action} a referral");
        storage_failed()
    })
}

fn receipt(status: StatusCode, reference: String, channel: &'static str) -> Response {
    let mut response = (status, Json(json!({ "reference": reference }))).into_response();
    response.extensions_mut().insert(LogNote {
        reference: Some(reference),
        channel: Some(channel),
        fields: Vec::new(),
    });
    response
}

fn conflict() -> ApiError {
    ApiError::field(
        StatusCode::CONFLICT,
        "a different referral was already received with this Idempotency-Key; \
         each new referral needs a new referral_id",
        "referral_id",
        "already used for a different referral",
    )
}

fn storage_failed() -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the referral could not be stored; it is safe to send it again",
    )
}

fn require_json_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    // Parameters such as `; charset=utf-8` are allowed; JSON is UTF-8 anyway.
    if request_body::media_type(headers) == "application/json" {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the referral with Content-Type: application/json",
        ))
    }
}

/// The `Idempotency-Key` header as a UUID, in its canonical lower-case form.
fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let missing = || {
        ApiError::field(
            StatusCode::BAD_REQUEST,
            "the Idempotency-Key header is required: the referral's referral_id (a UUID)",
            "Idempotency-Key",
            "required",
        )
    };
    let text = headers
        .get(IDEMPOTENCY_KEY)
        .ok_or_else(missing)?
        .to_str()
        .map_err(|_| missing())?;
    parse_uuid(text).ok_or_else(|| {
        ApiError::field(
            StatusCode::BAD_REQUEST,
            "the Idempotency-Key header must be a UUID (the referral's referral_id)",
            "Idempotency-Key",
            "must be a UUID such as 3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b",
        )
    })
}

/// Only the hyphenated form a browser's `crypto.randomUUID()` makes.
fn parse_uuid(text: &str) -> Option<String> {
    if text.len() != 36 {
        return None;
    }
    uuid::Uuid::try_parse(text)
        .ok()
        .map(|u| u.hyphenated().to_string())
}

async fn read_body(headers: &HeaderMap, body: Body, state: &AppState) -> Result<Bytes, ApiError> {
    let limit = state.max_body_bytes;
    request_body::read(headers, body, limit, state.body_read_timeout)
        .await
        .map_err(|e| match e {
            BodyError::TooLarge => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is larger than this endpoint accepts ({limit} bytes)"),
            ),
            BodyError::Unreadable => ApiError::new(
                StatusCode::BAD_REQUEST,
                "the body could not be read in full",
            ),
            BodyError::TooSlow => ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "the body took too long to arrive; it is safe to send it again",
            ),
        })
}

/// Checked on the raw JSON first, so a sender on a newer format hears that
/// plainly rather than about whichever field changed. Every version in
/// `READABLE_SCHEMA_VERSIONS` is read: a referral an older widget queued or
/// retried across an upgrade must not be lost.
fn check_schema(value: &Value) -> Result<(), ApiError> {
    let versions = readable_versions(" and ");
    let accepts = format!("this endpoint accepts {SCHEMA_ID} versions {versions}");
    match value.get("schema").and_then(Value::as_str) {
        Some(SCHEMA_ID) => {}
        _ => {
            return Err(ApiError::field(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("unsupported schema; {accepts}"),
                "schema",
                format!("must be \"{SCHEMA_ID}\""),
            ));
        }
    }
    let readable = |v: u64| {
        READABLE_SCHEMA_VERSIONS
            .iter()
            .any(|readable| u64::from(*readable) == v)
    };
    match value.get("schema_version") {
        Some(v) if v.as_u64().is_some_and(readable) => Ok(()),
        other => {
            let version = match other {
                Some(v @ Value::Number(_)) => v.to_string(),
                Some(_) => "(not a number)".to_owned(),
                None => "(missing)".to_owned(),
            };
            Err(ApiError::field(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("unsupported schema version {version}; {accepts}"),
                "schema_version",
                format!("must be {}", readable_versions(" or ")),
            ))
        }
    }
}

fn check_referral_id(value: &Value, key: &str) -> Result<(), ApiError> {
    let body_id = value
        .get("referral_id")
        .and_then(Value::as_str)
        .and_then(parse_uuid);
    if body_id.as_deref() == Some(key) {
        Ok(())
    } else {
        Err(ApiError::field(
            StatusCode::BAD_REQUEST,
            "the Idempotency-Key header must equal the body's referral_id",
            "referral_id",
            "must be a UUID equal to the Idempotency-Key header",
        ))
    }
}

fn parse_payload(value: Value) -> Result<ReferralPayload, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "(body)".to_owned()
        } else {
            path
        };
        let problem = json::without_values(&e.into_inner().to_string());
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            error: format!("{field}: {problem}"),
            fields: vec![FieldProblem { field, problem }],
        }
    })
}

/// A stored row's channel as the log names it.
fn channel_name(stored: &str) -> &'static str {
    ["self", "clinic", "embed"]
        .into_iter()
        .find(|kind| *kind == stored)
        .unwrap_or("unknown")
}

/// Every date a sender's clock can show now: from a day before today in UTC
/// to a day after, as time zones run from 12 hours behind it to 14 ahead.
fn senders_today() -> Today {
    let today = time::OffsetDateTime::now_utc().date();
    let date = |d: Option<time::Date>| {
        d.and_then(|d| CalendarDate::new(d.year().try_into().ok()?, d.month().into(), d.day()))
            .expect("today's date is within years 1 to 9999")
    };
    Today::between(date(today.previous_day()), date(today.next_day()))
}
