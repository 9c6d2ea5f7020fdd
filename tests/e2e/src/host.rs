//! A GP practice's website for the embedding tests: a small web server on
//! its own loopback port (so its own origin), serving pages a test sets.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tokio::task::JoinHandle;

/// Serves HTML pages set with [`HostServer::set_page`] at
/// `http://127.0.0.1:<port>/<path>`. Stops when dropped.
pub struct HostServer {
    origin: String,
    pages: Arc<Mutex<BTreeMap<String, String>>>,
    task: JoinHandle<()>,
}

impl HostServer {
    /// Listens on a free port with no pages yet.
    pub async fn start() -> HostServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let origin = format!("http://{}", listener.local_addr().expect("local address"));
        let pages = Arc::new(Mutex::new(BTreeMap::new()));
        let app = Router::new().fallback(serve_page).with_state(pages.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        HostServer {
            origin,
            pages,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`, as a browser reports this site's origin.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The address of `path` (which starts with `/`) on this site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Serves `html` at `path` (which starts with `/`); a path ending in
    /// `.css` is served as CSS.
    pub fn set_page(&self, path: &str, html: impl Into<String>) {
        self.pages
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_owned(), html.into());
    }
}

impl Drop for HostServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve_page(
    State(pages): State<Arc<Mutex<BTreeMap<String, String>>>>,
    request: Request,
) -> Response {
    let path = request.uri().path().to_owned();
    let page = pages
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&path)
        .cloned();
    let Some(body) = page else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let kind = if path.ends_with(".css") {
        "text/css; charset=utf-8"
    } else {
        "text/html; charset=utf-8"
    };
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A file from `tests/e2e/host/` with each `{{name}}` replaced by its value.
pub fn host_file(name: &str, values: &[(&str, &str)]) -> String {
    let path = crate::paths::workspace_root()
        .join("tests/e2e/host")
        .join(name);
    let mut text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    for (key, value) in values {
        text = text.replace(&format!("{{{{{key}}}}}"), value);
    }
    assert!(
        !text.contains("{{"),
        "{name} has a placeholder no value was given for"
    );
    text
}
