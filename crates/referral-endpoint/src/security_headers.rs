//! Headers on every response, whatever answered it (the API, one of the
//! widget's files, a 404), set in one place so that no route can miss them.
//!
//! - `X-Content-Type-Options: nosniff`: a file is only ever what its
//!   Content-Type says (a JSON answer is never run as a script).
//! - `Referrer-Policy: no-referrer`: a page's address never leaves with a
//!   link a person follows (the privacy notice, a crisis line's website).
//! - `Permissions-Policy`: the powerful features the widget never uses are
//!   off, for it and for anything that might get into its pages.
//! - `Cache-Control: no-store` on the API and the health check: answers
//!   about referrals are never kept by a browser or a proxy.
//! - `Strict-Transport-Security` when the settings say browsers come over
//!   https (`[https]`, see https.rs).
//! - An HTML page's own Content-Security-Policy (its meta tag's, read by
//!   page_policy.rs), joined to who may frame it (`frame_policy` in
//!   server.rs) and to where violations are reported (csp_report.rs), with
//!   `Reporting-Endpoints` behind https.

use crate::config::EndpointConfig;
use crate::csp_report::{CSP_REPORT_PATH, REPORT_GROUP};
use crate::page_policy;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::path::PathBuf;
use std::sync::Arc;

/// Features the widget never uses, each allowed to no page (`()`): sensors,
/// camera and microphone, location, payments, devices, credentials, screen
/// capture and the like. Only names Chromium knows (156 was checked): it
/// warns of any other on every page load (`bluetooth`, for one, is not a
/// policy there).
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), browsing-topics=(), \
camera=(), clipboard-read=(), display-capture=(), encrypted-media=(), \
geolocation=(), gyroscope=(), hid=(), identity-credentials-get=(), idle-detection=(), \
local-fonts=(), magnetometer=(), microphone=(), midi=(), otp-credentials=(), payment=(), \
publickey-credentials-create=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), \
usb=(), window-management=(), xr-spatial-tracking=()";

/// What the middleware needs from the settings.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    /// Where the pages whose policies are sent live (`static_dir`).
    static_dir: Option<PathBuf>,
    /// `Strict-Transport-Security`, when the service is behind https.
    hsts: Option<HeaderValue>,
    /// Whether pages name a Reporting API endpoint (`report-to`): only
    /// behind https, see [`add_page_policies`].
    report_to: bool,
}

impl SecurityHeaders {
    pub fn new(config: &EndpointConfig) -> Arc<SecurityHeaders> {
        Arc::new(SecurityHeaders {
            static_dir: config.static_dir.clone(),
            hsts: config
                .https
                .as_ref()
                .map(|https| https.strict_transport_security()),
            report_to: config.https.is_some(),
        })
    }
}

/// Whether `path` is answered by the endpoint itself (`/api/...`, and the
/// health check `/healthz`) rather than from the widget's files.
pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/") || path == crate::server::HEALTHZ_PATH
}

/// Middleware: adds the headers above to the response.
pub async fn add(
    State(settings): State<Arc<SecurityHeaders>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let api = is_api(&path);
    let may_be_page = !api && matches!(*request.method(), Method::GET | Method::HEAD);
    let mut response = next.run(request).await;
    // A 304 carries the page's headers too: the browser updates the ones it
    // kept with them.
    let served = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let page = match &settings.static_dir {
        Some(dir) if may_be_page && served => page_policy::of_request(dir, &path).await,
        _ => page_policy::PageHeaders::default(),
    };

    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if let Some(hsts) = &settings.hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
    if api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if !page.policies.is_empty() {
        add_page_policies(headers, &page.policies, settings.report_to);
    }
    for preload in page.preloads {
        if let Ok(value) = HeaderValue::from_str(&preload) {
            headers.append(header::LINK, value);
        }
    }
    response
}

/// Sends `policies` (the page's meta tags') with the framing rule already set
/// (`frame_policy`) and the reporting directives, as one policy per meta tag
/// (a browser enforces each).
///
/// `report-uri` is understood everywhere. `report-to` (the Reporting API,
/// with the `Reporting-Endpoints` header naming its group) is added only
/// when `report_to` (behind https): Chromium ignores `Reporting-Endpoints` on
/// a plain-http response, yet a policy with `report-to` makes it ignore
/// `report-uri`, so on http no report would arrive at all (tried with
/// Chromium 156: over http only a `report-uri`-only policy reported; over
/// https `report-to` reported to the same relative address).
fn add_page_policies(headers: &mut HeaderMap, policies: &[String], report_to: bool) {
    let framing = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("frame-ancestors 'none'")
        .to_owned();
    let reporting = if report_to {
        format!("report-uri {CSP_REPORT_PATH}; report-to {REPORT_GROUP}")
    } else {
        format!("report-uri {CSP_REPORT_PATH}")
    };
    let combined = policies
        .iter()
        .map(|policy| format!("{policy}; {framing}; {reporting}"))
        .collect::<Vec<_>>()
        .join(", ");
    // page_policy only gives policies that are valid header values.
    let Ok(value) = HeaderValue::from_str(&combined) else {
        return;
    };
    headers.insert(header::CONTENT_SECURITY_POLICY, value);
    if report_to {
        headers.insert(
            HeaderName::from_static("reporting-endpoints"),
            HeaderValue::from_str(&format!("{REPORT_GROUP}=\"{CSP_REPORT_PATH}\""))
                .expect("constants make a valid header value"),
        );
    }
}
