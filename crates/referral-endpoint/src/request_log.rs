//! One log line per request: method, path, status, latency, and for a stored
//! referral its reference and channel. Nothing a person typed is ever logged:
//! handlers say what may be logged through [`LogNote`], and payloads are never
//! Debug-printed (the screening crate's field types print their values).

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// What a handler allows the request log to say. Only references, channel
/// kinds and field names: none of them personal data.
#[derive(Debug, Clone, Default)]
pub struct LogNote {
    pub reference: Option<String>,
    pub channel: Option<&'static str>,
    /// The fields a refused referral got wrong (names only, no values).
    pub fields: Vec<String>,
}

/// Middleware that writes the line once the response is ready.
pub async fn log_request(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    // The path only: a query string is the sender's, and could be anything.
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let latency_ms = start.elapsed().as_secs_f64() * 1000.0;
    let note = response.extensions().get::<LogNote>();
    let reference = note.and_then(|n| n.reference.as_deref()).unwrap_or("-");
    let channel = note.and_then(|n| n.channel).unwrap_or("-");
    let fields = note.map(|n| n.fields.join(",")).unwrap_or_default();
    tracing::info!(
        target: "referral_endpoint::request",
        %method,
        path = %path,
        status = response.status().as_u16(),
        latency_ms = format_args!("{latency_ms:.1}"),
        reference = %reference,
        channel = %channel,
        fields = %fields,
        "request"
    );
    response
}

/// Logs to standard error; `RUST_LOG`-style filtering is left out to keep the
/// binary small: everything at INFO and above is written.
pub fn init_logging() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .try_init();
}
