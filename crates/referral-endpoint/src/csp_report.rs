//! `POST /api/csp-report`: where browsers report what a page's
//! Content-Security-Policy blocked (the pages' header names it in
//! `report-uri` and, behind https, through `Reporting-Endpoints` in
//! `report-to`), so that a policy that breaks the widget, or an injected
//! script, is seen in the log.
//!
//! A report carries the page's address (with its query string), the blocked
//! address in full and a sample of the blocked code: any of them could hold
//! what a person typed. Only the violated directive and the blocked
//! address's scheme and host are logged, each checked to be no more than that.

use crate::request_body::{self, BodyError};
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::time::Duration;

/// The path the pages' policy sends reports to.
pub const CSP_REPORT_PATH: &str = "/api/csp-report";
/// The `report-to` group name, defined by the pages' `Reporting-Endpoints`.
pub const REPORT_GROUP: &str = "csp";

/// A report is well under 2 KB, and browsers batch a few at most; anything
/// bigger is not a report.
pub const MAX_REPORT_BYTES: usize = 16 * 1024;
/// Browsers send reports in the background; one that trickles is not waited for.
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// At most this many log lines for one request, so a forged batch cannot
/// flood the log.
const MAX_LOGGED: usize = 10;

/// One violation, as the log may show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The directive that blocked something, e.g. `script-src-elem`.
    pub directive: String,
    /// What was blocked: `scheme://host[:port]`, a scheme alone (`data:`,
    /// `blob:`) or a keyword the browser uses (`inline`, `eval`).
    pub blocked: String,
}

/// Reads a report in either format and logs its violations; answers 204.
pub async fn receive(headers: HeaderMap, body: Body) -> Response {
    let Some(format) = format_of(&headers) else {
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send application/csp-report or application/reports+json",
        )
            .into_response();
    };
    let bytes = match request_body::read(&headers, body, MAX_REPORT_BYTES, BODY_READ_TIMEOUT).await
    {
        Ok(bytes) => bytes,
        Err(BodyError::TooLarge) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        Err(BodyError::Unreadable) => return StatusCode::BAD_REQUEST.into_response(),
        Err(BodyError::TooSlow) => return StatusCode::REQUEST_TIMEOUT.into_response(),
    };
    let Ok(report) = serde_json::from_slice::<Value>(&bytes) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    for violation in violations(format, &report).into_iter().take(MAX_LOGGED) {
        tracing::warn!(
            target: "referral_endpoint::csp",
            directive = %violation.directive,
            blocked = %violation.blocked,
            "content security policy violation"
        );
    }
    StatusCode::NO_CONTENT.into_response()
}

/// The two ways browsers send reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `report-uri`: `{"csp-report": {...}}` with kebab-case keys.
    ReportUri,
    /// The Reporting API (`report-to`): `[{"type": "csp-violation", "body": {...}}]`.
    ReportingApi,
}

fn format_of(headers: &HeaderMap) -> Option<Format> {
    match request_body::media_type(headers).as_str() {
        // Some older browsers sent report-uri's reports as plain JSON.
        "application/csp-report" | "application/json" => Some(Format::ReportUri),
        "application/reports+json" => Some(Format::ReportingApi),
        _ => None,
    }
}

/// The violations in `report`, reduced to what may be logged. Reports of
/// other kinds (a Reporting API batch may hold deprecations) are skipped.
pub fn violations(format: Format, report: &Value) -> Vec<Violation> {
    match format {
        Format::ReportUri => report
            .get("csp-report")
            .map(|body| {
                vec![violation(
                    body,
                    &["effective-directive", "violated-directive"],
                    "blocked-uri",
                )]
            })
            .unwrap_or_default(),
        Format::ReportingApi => report
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r.get("type").and_then(Value::as_str) == Some("csp-violation"))
            .filter_map(|r| r.get("body"))
            .map(|body| violation(body, &["effectiveDirective"], "blockedURL"))
            .collect(),
    }
}

/// The violation in one report's `body`: its directive from the first of
/// `directive_keys` present, what it blocked from `blocked_key`.
fn violation(body: &Value, directive_keys: &[&str], blocked_key: &str) -> Violation {
    let text = |key: &str| body.get(key).and_then(Value::as_str);
    Violation {
        directive: directive_keys
            .iter()
            .find_map(|key| text(key))
            .map_or_else(|| "-".to_owned(), directive_name),
        blocked: text(blocked_key).map_or_else(|| "-".to_owned(), blocked_origin),
    }
}

/// A directive's name: letters and dashes only. `violated-directive` may be
/// the whole directive with its sources (older browsers): the name is its
/// first word.
fn directive_name(text: &str) -> String {
    let name = text.split_ascii_whitespace().next().unwrap_or("");
    let is_name = !name.is_empty()
        && name.len() <= 40
        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    if is_name {
        name.to_owned()
    } else {
        "(not a directive)".to_owned()
    }
}

/// The blocked address's scheme and host (and port), never its user, path,
/// query or fragment; a scheme alone for addresses without a host (`data:`);
/// a browser's keyword (`inline`, `eval`) as it is.
pub fn blocked_origin(text: &str) -> String {
    let unreadable = || "(not an address)".to_owned();
    let keyword = |s: &str| {
        !s.is_empty() && s.len() <= 30 && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
    };
    if keyword(text) {
        return text.to_owned();
    }
    let Some((scheme, rest)) = text.split_once(':') else {
        return unreadable();
    };
    let scheme_ok = scheme.len() <= 20
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b));
    if !scheme_ok {
        return unreadable();
    }
    let scheme = scheme.to_ascii_lowercase();
    let Some(after_slashes) = rest.strip_prefix("//") else {
        return format!("{scheme}:");
    };
    let authority = after_slashes
        .split(['/', '?', '#', '\\'])
        .next()
        .unwrap_or("");
    // A user name and password before the host are the sender's.
    let host = authority.rsplit('@').next().unwrap_or("");
    let host_ok = !host.is_empty()
        && host.len() <= 100
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    if host_ok {
        format!("{scheme}://{}", host.to_ascii_lowercase())
    } else {
        unreadable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_scheme_and_host_of_a_blocked_address_are_kept() {
        for (blocked, kept) in [
            (
                "https://evil.example/steal?nhs=9434765919#x",
                "https://evil.example",
            ),
            (
                "https://user:secret@Evil.Example:8443/p",
                "https://evil.example:8443",
            ),
            ("http://[::1]:8080/x", "http://[::1]:8080"),
            ("data:text/html;base64,PHA+Wm", "data:"),
            ("blob:https://a.example/1f2e", "blob:"),
            ("inline", "inline"),
            ("eval", "eval"),
            ("wasm-eval", "wasm-eval"),
            ("Zebedee Quillfeather", "(not an address)"),
            ("https://a b.example/", "(not an address)"),
        ] {
            assert_eq!(blocked_origin(blocked), kept, "{blocked}");
        }
    }

    #[test]
    fn both_formats_give_the_directive_and_the_blocked_origin() {
        let old = json!({"csp-report": {
            "document-uri": "https://t.example/?name=Zebedee",
            "violated-directive": "script-src-elem 'self'",
            "blocked-uri": "https://cdn.example/x.js?q=1",
            "script-sample": "Zebedee"
        }});
        assert_eq!(
            violations(Format::ReportUri, &old),
            [Violation {
                directive: "script-src-elem".into(),
                blocked: "https://cdn.example".into()
            }]
        );
        let batch = json!([
            {"type": "deprecation", "body": {"id": "x"}},
            {"type": "csp-violation", "url": "https://t.example/?n=1", "body": {
                "documentURL": "https://t.example/?n=1",
                "effectiveDirective": "connect-src",
                "blockedURL": "https://elsewhere.example/api",
                "sample": "Quillfeather"
            }}
        ]);
        assert_eq!(
            violations(Format::ReportingApi, &batch),
            [Violation {
                directive: "connect-src".into(),
                blocked: "https://elsewhere.example".into()
            }]
        );
        assert_eq!(violations(Format::ReportingApi, &old), []);
        assert_eq!(violations(Format::ReportUri, &json!({})), []);
    }

    #[test]
    fn a_directive_is_a_name_and_nothing_else() {
        assert_eq!(directive_name("img-src"), "img-src");
        assert_eq!(directive_name("Zebedee\nINFO forged"), "(not a directive)");
    }
}
