//! A web server for one test: the release build, the service configuration
//! pointed back at this server, and a referral endpoint that records what the
//! widget sends.

use crate::json_patch::merge_patch;
use crate::paths;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

/// The path of the referral endpoint this server implements.
pub const REFERRALS_PATH: &str = "/api/referrals";

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

/// A local server for the release build in `<workspace>/dist`, on
/// `127.0.0.1` and a free port. Stops when dropped.
///
/// It serves `/public/config.json` from the workspace's `public/config.json`
/// with `endpoint` set to this server's [`REFERRALS_PATH`], so the widget
/// posts referrals here, and records them: see [`TestServer::received`].
pub struct TestServer {
    addr: SocketAddr,
    state: Arc<ServerState>,
    task: JoinHandle<()>,
}

struct ServerState {
    dist: PathBuf,
    config: Vec<u8>,
    received: Mutex<Vec<ReceivedRequest>>,
    /// `None`: answer 201 with a fresh reference; `Some`: answer this instead.
    response: Mutex<Option<(StatusCode, Value)>>,
}

impl TestServer {
    /// Starts a server with the workspace's configuration (endpoint rewritten).
    ///
    /// # Panics
    /// If `dist/index.html` is missing (run `trunk build --release` first) or
    /// the configuration cannot be read.
    pub async fn start() -> TestServer {
        Self::start_with_config(Value::Null).await
    }

    /// Starts a server whose configuration is the workspace's, with `endpoint`
    /// rewritten, and then `patch` applied as a JSON merge patch (RFC 7396):
    /// objects merge key by key, any other value replaces, `null` removes.
    /// So `json!({"service": {"name": "Elsewhere"}})` changes only the name,
    /// and a patch may even replace `endpoint` (to test an unreachable one).
    ///
    /// # Panics
    /// As [`TestServer::start`].
    pub async fn start_with_config(patch: Value) -> TestServer {
        let dist = paths::dist_dir();
        require_build(&dist);
        let config_path = paths::config_path();
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

        let state = Arc::new(ServerState {
            dist,
            config: serde_json::to_vec_pretty(&config).expect("serialise config"),
            received: Mutex::new(Vec::new()),
            response: Mutex::new(None),
        });
        let app = Router::new()
            .route("/public/config.json", get(serve_config))
            .route(REFERRALS_PATH, post(record_referral))
            .fallback(serve_static)
            .with_state(state.clone());
        let task = tokio::spawn(async move {
            // An error here means the listener failed; the test's requests
            // will then fail with a clear connection error of their own.
            let _ = axum::serve(listener, app).await;
        });
        TestServer { addr, state, task }
    }

    /// The widget's page: `http://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The referral endpoint the served configuration names.
    pub fn endpoint(&self) -> String {
        format!("http://{}{REFERRALS_PATH}", self.addr)
    }

    /// The configuration as this server serves it.
    pub fn config(&self) -> Value {
        serde_json::from_slice(&self.state.config).expect("served config is JSON")
    }

    /// The JSON bodies the referral endpoint has received, oldest first.
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
    /// (to test how the widget handles a failing server), instead of 201 and
    /// a reference. Requests are still recorded.
    pub fn respond_with(&self, status: u16, body: Value) {
        let status = StatusCode::from_u16(status).expect("valid HTTP status");
        *lock(&self.state.response) = Some((status, body));
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // Aborting the task drops the listener, freeing the port.
        self.task.abort();
    }
}

/// Fails early and plainly when there is no release build to test.
fn require_build(dist: &Path) {
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: run `trunk build --release --offline` in the workspace first",
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
    with_type(state.config.clone(), "application/json")
}

async fn record_referral(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let raw_body = String::from_utf8_lossy(&body).into_owned();
    let parsed = serde_json::from_slice::<Value>(&body);
    let headers = headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    let number = {
        let mut received = lock(&state.received);
        received.push(ReceivedRequest {
            headers,
            body: parsed.as_ref().cloned().unwrap_or(Value::Null),
            raw_body,
        });
        received.len()
    };
    if let Some((status, body)) = lock(&state.response).clone() {
        return (status, axum::Json(body)).into_response();
    }
    match parsed {
        Ok(_) => (
            StatusCode::CREATED,
            axum::Json(json!({ "reference": format!("TH-TEST-{number:04}") })),
        )
            .into_response(),
        // A real endpoint would refuse this too; the request is still recorded.
        Err(e) => (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({ "error": format!("body is not JSON: {e}") })),
        )
            .into_response(),
    }
}

async fn serve_static(State(state): State<Arc<ServerState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let Some(path) = file_in(&state.dist, uri.path()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => with_type(bytes, content_type(&path)),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Maps a URL path to a file under `root`, refusing anything that could
/// climb out of it. `/` and folder paths mean their `index.html`.
fn file_in(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut path = root.join(relative);
    if url_path.ends_with('/') || path.is_dir() {
        path.push("index.html");
    }
    Some(path)
}

/// The content type for a built file. `application/wasm` matters:
/// `WebAssembly.instantiateStreaming` refuses anything else.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn with_type(bytes: Vec<u8>, content_type: &'static str) -> Response {
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Each test has a fresh profile, but a stale cached build would make a
    // failure very confusing, so say it plainly.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_in_stays_inside_the_root() {
        let root = Path::new("/srv/dist");
        assert_eq!(file_in(root, "/../etc/passwd"), None);
        assert_eq!(file_in(root, "/a/../../x"), None);
        // Leading slashes are all stripped, so this stays inside the root.
        assert_eq!(
            file_in(root, "//etc/passwd"),
            Some(PathBuf::from("/srv/dist/etc/passwd"))
        );
        assert_eq!(
            file_in(root, "/app.js"),
            Some(PathBuf::from("/srv/dist/app.js"))
        );
        assert_eq!(
            file_in(root, "/"),
            Some(PathBuf::from("/srv/dist/index.html"))
        );
    }

    #[test]
    #[should_panic(expected = "has no index.html: run `trunk build --release --offline`")]
    fn a_missing_build_is_reported_plainly() {
        let empty = tempfile::tempdir().expect("temporary folder");
        require_build(empty.path());
    }

    #[test]
    fn wasm_has_its_own_content_type() {
        assert_eq!(content_type(Path::new("a_bg.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("a.js")),
            "text/javascript; charset=utf-8"
        );
    }
}
