//! A web server for one test: the release build, the service configuration
//! pointed back at this server, and the real reference endpoint
//! (`referral-endpoint`) with its own SQLite database, behind a layer that
//! records every request and can inject faults.

use crate::json_patch::merge_patch;
use crate::paths;
use crate::site::{PageConfig, site};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use referral_endpoint::{AppState, Database, Endpoint, EndpointConfig, Store, StoredReferral};
use serde_json::{Value, json};
use std::collections::{BTreeMap, VecDeque};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub use referral_endpoint::REFERRALS_PATH;

/// One request the referral endpoint received.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    /// Header names (lower case) and values. A repeated header keeps its last value.
    pub headers: BTreeMap<String, String>,
    /// The body parsed as JSON, or `Value::Null` if it was not JSON.
    pub body: Value,
    /// The body exactly as received (lossily decoded as UTF-8).
    pub raw_body: String,
}

/// Something going wrong with one request to the endpoint, in the order
/// they are queued with [`TestServer::inject`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer this status (with `{"error": ...}`) without storing anything.
    Status(u16),
    /// Answer this status with a `Retry-After` of this many seconds.
    StatusRetryAfter(u16, u64),
    /// Store the referral, then close the connection without answering: the
    /// browser never learns that it arrived.
    DropAfterStore,
    /// Store the referral, then wait this long before answering.
    SlowAfterStore(Duration),
}

/// The configuration files index.html and clinic.html name, in `public/`.
const SELF_REFERRAL: &str = "config.json";
const CLINIC: &str = "clinic-config.json";

/// A local server for the release build in `<workspace>/dist`, on
/// `127.0.0.1` and a free port. Stops when dropped.
///
/// It serves the workspace's `public/config.json`, with `endpoint` set to
/// this server's [`REFERRALS_PATH`], written into index.html as the build
/// writes it (and at `/public/config.json`), so the widget
/// posts referrals to the real endpoint here, which checks and stores them
/// in a temporary SQLite database: see [`TestServer::stored`].
pub struct TestServer {
    endpoint: Endpoint,
    state: Arc<ServerState>,
    _database: tempfile::TempDir,
    _site: tempfile::TempDir,
}

struct ServerState {
    config: Vec<u8>,
    /// The embed-mode configuration served at `/public/embed-config.json`.
    embed_config: Option<Vec<u8>>,
    received: Mutex<Vec<ReceivedRequest>>,
    /// `Some`: answer every request with this instead of passing it on.
    response: Mutex<Option<(StatusCode, Value)>>,
    faults: Mutex<VecDeque<Fault>>,
    /// While set, every request's connection is closed unanswered, as if the
    /// endpoint's process were not running.
    down: AtomicBool,
    /// How long the widget's `.wasm` file takes to arrive (a slow connection).
    wasm_delay: Mutex<Duration>,
}

impl TestServer {
    /// Starts a server with the workspace's configuration (endpoint rewritten).
    ///
    /// # Panics
    /// If `dist/index.html` is missing (run `scripts/build.sh` first) or
    /// the configuration cannot be read.
    pub async fn start() -> TestServer {
        Self::start_with_config(Value::Null).await
    }

    /// Starts a server whose configuration is the workspace's, with `endpoint`
    /// rewritten, and then `patch` applied as a JSON merge patch (RFC 7396):
    /// objects merge key by key, any other value replaces, `null` removes.
    /// So `json!({"service": {"name": "Elsewhere"}})` changes only the name,
    /// and a patch may even replace `endpoint` (to test an unreachable one).
    /// The endpoint checks referrals against this same configuration (or,
    /// when a test serves a configuration the widget must refuse, against
    /// the workspace's).
    ///
    /// # Panics
    /// As [`TestServer::start`].
    pub async fn start_with_config(patch: Value) -> TestServer {
        Self::start_serving(SELF_REFERRAL, patch, None).await
    }

    /// Starts a server for clinic tablets, whose page is [`TestServer::clinic_url`]:
    /// as [`TestServer::start_with_config`], with the workspace's
    /// `public/clinic-config.json` (served at `/public/clinic-config.json`)
    /// in place of `public/config.json`.
    ///
    /// # Panics
    /// As [`TestServer::start`].
    pub async fn start_clinic(patch: Value) -> TestServer {
        Self::start_serving(CLINIC, patch, None).await
    }

    /// Starts a server that also offers embedding: `/public/embed-config.json`
    /// is the workspace's `public/embed-config.json` with `endpoint`
    /// rewritten and then `embed_patch` merged (RFC 7396; note that a patch
    /// replaces the whole `practices` array), and the endpoint frames
    /// `/embed.html` only for its `embed_origins` and checks embedded
    /// referrals against it.
    ///
    /// # Panics
    /// As [`TestServer::start`], or if the patched embed configuration is invalid.
    pub async fn start_embedding(embed_patch: Value) -> TestServer {
        Self::start_serving(SELF_REFERRAL, Value::Null, Some(embed_patch)).await
    }

    async fn start_serving(
        config_file: &str,
        patch: Value,
        embed_patch: Option<Value>,
    ) -> TestServer {
        let dist = paths::dist_dir();
        require_build(&dist);
        let config_path = paths::config_path().with_file_name(config_file);
        let text = std::fs::read_to_string(&config_path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", config_path.display()));
        let mut config: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", config_path.display()));

        // Bind first: the endpoint in the configuration needs the port.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        config["endpoint"] = Value::String(format!("http://{addr}{REFERRALS_PATH}"));
        merge_patch(&mut config, &patch);
        let config_bytes = serde_json::to_vec_pretty(&config).expect("serialise config");
        let embed_config_bytes = embed_patch.map(|embed_patch| {
            let path = paths::config_path().with_file_name("embed-config.json");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let mut embed: Value = serde_json::from_str(&text).expect("embed-config.json is JSON");
            embed["endpoint"] = Value::String(format!("http://{addr}{REFERRALS_PATH}"));
            merge_patch(&mut embed, &embed_patch);
            serde_json::to_vec_pretty(&embed).expect("serialise the embed config")
        });

        let page = if config_file == CLINIC {
            "clinic.html"
        } else {
            "index.html"
        };
        let mut pages = vec![PageConfig {
            page,
            file: config_file,
            json: &config_bytes,
        }];
        if let Some(json) = &embed_config_bytes {
            pages.push(PageConfig {
                page: "embed.html",
                file: "embed-config.json",
                json,
            });
        }
        let site = site(&dist, &pages);

        let database = tempfile::tempdir().expect("a folder for the test database");
        let store = Store::open(&Database::Sqlite(database.path().join("referrals.sqlite3")))
            .await
            .expect("open the database");
        let catalogue = referral_endpoint::config::catalogue();
        let service = screening::ServiceConfig::from_json(
            &String::from_utf8_lossy(&config_bytes),
            &catalogue,
        )
        .or_else(|_| screening::ServiceConfig::from_json(&text, &catalogue))
        .unwrap_or_else(|e| panic!("public/{config_file} is not a valid configuration: {e}"));
        let embed_service = embed_config_bytes.as_ref().map(|bytes| {
            screening::ServiceConfig::from_json(&String::from_utf8_lossy(bytes), &catalogue)
                .unwrap_or_else(|e| panic!("the patched embed configuration is invalid: {e}"))
        });
        let endpoint_config = EndpointConfig {
            listen: addr,
            database: store.database().clone(),
            allowed_origins: Vec::new(),
            static_dir: Some(site.path().to_path_buf()),
            service_config: config_path,
            embed_config: None,
            clinic_config: None,
            ..EndpointConfig::default()
        };
        let state = Arc::new(ServerState {
            config: config_bytes,
            embed_config: embed_config_bytes,
            received: Mutex::new(Vec::new()),
            response: Mutex::new(None),
            faults: Mutex::new(VecDeque::new()),
            down: AtomicBool::new(false),
            wasm_delay: Mutex::new(Duration::ZERO),
        });
        let app_state = AppState::new(store.clone(), service).with_embed_config(embed_service);
        let app: Router = referral_endpoint::router(app_state, &endpoint_config)
            .route(
                &format!("/public/{config_file}"),
                get(serve_config).with_state(state.clone()),
            )
            .route(
                "/public/embed-config.json",
                get(serve_embed_config).with_state(state.clone()),
            )
            .layer(middleware::from_fn_with_state(
                state.clone(),
                record_and_fault,
            ))
            .layer(middleware::from_fn_with_state(state.clone(), slow_wasm))
            .layer(middleware::from_fn(no_store));
        let endpoint = Endpoint::start_on(listener, app, store);
        TestServer {
            endpoint,
            state,
            _database: database,
            _site: site,
        }
    }

    /// The widget's page: `http://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.endpoint.addr())
    }

    /// The clinic tablet's page, `http://127.0.0.1:<port>/clinic.html`.
    pub fn clinic_url(&self) -> String {
        format!("{}clinic.html", self.url())
    }

    /// The service's origin, `http://127.0.0.1:<port>`, as a browser reports it.
    pub fn origin(&self) -> String {
        format!("http://{}", self.endpoint.addr())
    }

    /// The referral endpoint the served configuration names.
    pub fn endpoint(&self) -> String {
        format!("http://{}{REFERRALS_PATH}", self.endpoint.addr())
    }

    /// The configuration as this server serves it.
    pub fn config(&self) -> Value {
        serde_json::from_slice(&self.state.config).expect("served config is JSON")
    }

    /// The JSON bodies the referral endpoint has received, oldest first,
    /// whether or not it stored them.
    pub fn received(&self) -> Vec<Value> {
        self.received_requests()
            .into_iter()
            .map(|r| r.body)
            .collect()
    }

    /// Everything the referral endpoint has received (headers and bodies), oldest first.
    pub fn received_requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.state.received).clone()
    }

    /// The rows in the endpoint's SQLite database, oldest first.
    pub async fn stored_rows(&self) -> Vec<StoredReferral> {
        self.endpoint
            .store()
            .list()
            .await
            .expect("read the test database")
    }

    /// The referrals in the endpoint's database, as stored.
    pub async fn stored(&self) -> Vec<Value> {
        self.stored_rows()
            .await
            .iter()
            .map(StoredReferral::payload_json)
            .collect()
    }

    /// Waits until the endpoint has received at least `count` requests and
    /// returns their bodies. The widget posts asynchronously, so a test that
    /// has seen the confirmation screen may still need to wait a moment.
    ///
    /// # Panics
    /// If fewer than `count` arrive within `timeout`.
    pub async fn wait_for_received(&self, count: usize, timeout: Duration) -> Vec<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} request(s) at {REFERRALS_PATH} within {timeout:?}, got {}: {received:?}",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Makes the endpoint answer every later request with `status` and `body`
    /// (to test how the widget handles a failing server), instead of passing
    /// it to the real endpoint. Requests are still recorded.
    pub fn respond_with(&self, status: u16, body: Value) {
        let status = StatusCode::from_u16(status).expect("valid HTTP status");
        *lock(&self.state.response) = Some((status, body));
    }

    /// Queues faults: each later request to the endpoint takes the next one;
    /// once they are used up, requests reach the endpoint normally.
    pub fn inject(&self, faults: impl IntoIterator<Item = Fault>) {
        lock(&self.state.faults).extend(faults);
    }

    /// Makes the widget's code (`.wasm`) arrive this much later, as on a slow
    /// connection, so a test can use index.html's plain-HTML start page.
    pub fn delay_wasm(&self, delay: Duration) {
        *lock(&self.state.wasm_delay) = delay;
    }

    /// Takes the endpoint down (`true`: every connection is closed unanswered)
    /// or brings it back up.
    pub fn set_down(&self, down: bool) {
        self.state.down.store(down, Ordering::SeqCst);
    }
}

/// Fails early and plainly when there is no release build to test.
fn require_build(dist: &Path) {
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: run `scripts/build.sh` in the workspace first",
        dist.display()
    );
}

/// Locks a mutex even if a panicking test poisoned it: the data is only a
/// record of requests, still valid.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn serve_config(State(state): State<Arc<ServerState>>) -> Response {
    let mut response = Response::new(Body::from(state.config.clone()));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

async fn serve_embed_config(State(state): State<Arc<ServerState>>) -> Response {
    let Some(bytes) = state.embed_config.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut response = Response::new(Body::from(bytes));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Each test has a fresh profile, but a stale cached build would make a
/// failure very confusing, so nothing is cached.
async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn slow_wasm(
    State(state): State<Arc<ServerState>>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path().ends_with(".wasm") {
        let delay = *lock(&state.wasm_delay);
        tokio::time::sleep(delay).await;
    }
    next.run(request).await
}

/// Records each POST to the endpoint, then applies the server's state: down,
/// a fixed answer, or the next queued fault.
async fn record_and_fault(
    State(state): State<Arc<ServerState>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST || request.uri().path() != REFERRALS_PATH {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    // Larger than the endpoint's own limit, so an oversized body still reaches it.
    let Ok(bytes) = axum::body::to_bytes(body, 16 << 20).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    record(&state, &parts.headers, &bytes);
    if state.down.load(Ordering::SeqCst) {
        close_connection_unanswered();
    }
    if let Some((status, body)) = lock(&state.response).clone() {
        return (status, axum::Json(body)).into_response();
    }
    let fault = lock(&state.faults).pop_front();
    match fault {
        Some(Fault::Status(code)) => return injected(code, None),
        Some(Fault::StatusRetryAfter(code, seconds)) => return injected(code, Some(seconds)),
        _ => {}
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    match fault {
        Some(Fault::DropAfterStore) => close_connection_unanswered(),
        Some(Fault::SlowAfterStore(wait)) => tokio::time::sleep(wait).await,
        _ => {}
    }
    response
}

fn record(state: &ServerState, headers: &axum::http::HeaderMap, body: &Bytes) {
    let headers = headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    lock(&state.received).push(ReceivedRequest {
        headers,
        body: serde_json::from_slice(body).unwrap_or(Value::Null),
        raw_body: String::from_utf8_lossy(body).into_owned(),
    });
}

fn injected(code: u16, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(code).expect("valid HTTP status");
    let mut response = (
        status,
        axum::Json(json!({ "error": "injected by the test" })),
    )
        .into_response();
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Ends the request's connection with no answer at all. The server runs each
/// connection in its own task, so unwinding it closes just that socket; the
/// browser sees a network error, as when a server dies or a proxy drops the
/// line. `resume_unwind` skips the panic message: this is not a test failure.
fn close_connection_unanswered() -> ! {
    std::panic::resume_unwind(Box::new("the test closed the connection"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "has no index.html: run `scripts/build.sh`")]
    fn a_missing_build_is_reported_plainly() {
        let empty = tempfile::tempdir().expect("temporary folder");
        require_build(empty.path());
    }
}
