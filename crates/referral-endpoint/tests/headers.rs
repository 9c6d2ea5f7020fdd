//! The security headers, route by route: every response's common ones, the
//! API's no-store, each page's own Content-Security-Policy (its meta tag's,
//! with framing and reporting), and HSTS and the Reporting API only when the
//! settings say https.

mod support;

use http_body_util::Full;
use hyper::{HeaderMap, Method, Request, StatusCode};
use referral_endpoint::https::HttpsSettings;
use referral_endpoint::{Endpoint, EndpointConfig, Overrides};
use std::path::{Path, PathBuf};
use support::*;

const WASM: &str = "/talking-health-0123456789abcdef_bg.wasm";
/// Over plain http: browsers ignore the Reporting API there (security_headers.rs).
const REPORTING: &str = "report-uri /api/csp-report";
/// Behind https: the Reporting API too.
const REPORTING_HTTPS: &str = "report-uri /api/csp-report; report-to csp";
const EMBED_ORIGINS: &str = "https://www.riverside-medical-centre.example https://www.hilltop-surgery.example https://hilltop-surgery.example";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A dist/ with the workspace's own pages (their real meta tags: no release
/// build needed) and a fake wasm file.
fn fake_dist(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(dist.join("public")).unwrap();
    for page in [
        "index.html",
        "embed.html",
        "clinic.html",
        "public/embedding.html",
    ] {
        std::fs::copy(workspace().join(page), dist.join(page)).unwrap();
    }
    std::fs::write(dist.join(WASM.trim_start_matches('/')), b"\0asm").unwrap();
    dist
}

async fn start_serving(adjust: impl FnOnce(&mut EndpointConfig)) -> (Endpoint, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(&sqlite_in(dir.path()));
    config.static_dir = Some(fake_dist(dir.path()));
    config.embed_config = Some(service_config_path().with_file_name("embed-config.json"));
    adjust(&mut config);
    (Endpoint::start(&config).await.unwrap(), dir)
}

/// Sends `method path` (with an empty or small JSON body) and returns the reply.
async fn request(endpoint: &Endpoint, method: Method, path: &str, content_type: &str) -> Reply {
    let body = if method == Method::POST { "{}" } else { "" };
    send(
        &client(),
        Request::builder()
            .method(method)
            .uri(format!("{}{path}", endpoint.url()))
            .header("content-type", content_type)
            .body(Full::from(body))
            .unwrap(),
    )
    .await
}

async fn get(endpoint: &Endpoint, path: &str) -> Reply {
    request(endpoint, Method::GET, path, "text/plain").await
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap())
}

/// Every kind of response: the API (an answer and a refusal), the report
/// route, each page, a wasm file and a 404, with the status each gets.
fn every_route() -> Vec<(Method, &'static str, &'static str, StatusCode)> {
    let get = |path, status| (Method::GET, path, "text/plain", status);
    vec![
        get("/api/health", StatusCode::OK),
        (
            Method::POST,
            "/api/referrals",
            "text/plain",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            Method::POST,
            "/api/csp-report",
            "application/csp-report",
            StatusCode::NO_CONTENT,
        ),
        get("/api/no-such-route", StatusCode::NOT_FOUND),
        get("/", StatusCode::OK),
        get("/index.html", StatusCode::OK),
        get("/embed.html", StatusCode::OK),
        get("/clinic.html", StatusCode::OK),
        get("/public/embedding.html", StatusCode::OK),
        get(WASM, StatusCode::OK),
        get("/no-such-file.js", StatusCode::NOT_FOUND),
    ]
}

#[tokio::test]
async fn every_response_forbids_sniffing_referrers_and_powerful_features() {
    let (endpoint, _dir) = start_serving(|_| {}).await;
    for (method, path, content_type, status) in every_route() {
        let reply = request(&endpoint, method, path, content_type).await;
        assert_eq!(reply.status, status, "{path}: {}", reply.text);
        let h = &reply.headers;
        assert_eq!(
            header(h, "x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(header(h, "referrer-policy"), Some("no-referrer"), "{path}");
        let permissions = header(h, "permissions-policy").unwrap_or_default();
        for feature in ["camera", "microphone", "geolocation", "payment", "usb"] {
            assert!(
                permissions.contains(&format!("{feature}=()")),
                "{path}: {permissions}"
            );
        }
        assert_eq!(
            header(h, "strict-transport-security"),
            None,
            "{path}: not behind https"
        );
    }
}

#[tokio::test]
async fn api_responses_are_never_stored_and_files_are_not_told_so() {
    let (endpoint, _dir) = start_serving(|_| {}).await;
    for (method, path, content_type, _) in every_route() {
        let reply = request(&endpoint, method, path, content_type).await;
        let cache = header(&reply.headers, "cache-control");
        if path.starts_with("/api/") {
            assert_eq!(cache, Some("no-store"), "{path}");
        } else {
            assert_ne!(cache, Some("no-store"), "{path}");
        }
    }
}

/// The page's meta tag's policy, read plainly from the file the test
/// copied (its attribute has no character references).
fn meta_policy_of(page: &str) -> String {
    let html = std::fs::read_to_string(workspace().join(page)).unwrap();
    let tag = &html[html.find("http-equiv=\"Content-Security-Policy\"").unwrap()..];
    let content = &tag[tag.find("content=\"").unwrap() + 9..];
    content[..content.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn each_page_is_sent_with_its_own_policy_its_framing_rule_and_reporting() {
    let (endpoint, _dir) = start_serving(|_| {}).await;
    for (path, page, framing) in [
        ("/", "index.html", "frame-ancestors 'none'".to_owned()),
        (
            "/index.html",
            "index.html",
            "frame-ancestors 'none'".to_owned(),
        ),
        (
            "/embed.html",
            "embed.html",
            format!("frame-ancestors {EMBED_ORIGINS}"),
        ),
        (
            "/clinic.html",
            "clinic.html",
            "frame-ancestors 'none'".to_owned(),
        ),
        // A different policy (no script at all): each page's own is sent.
        (
            "/public/embedding.html",
            "public/embedding.html",
            "frame-ancestors 'none'".to_owned(),
        ),
    ] {
        let reply = get(&endpoint, path).await;
        let policy = meta_policy_of(page);
        assert!(policy.starts_with("default-src 'self'"), "{page}: {policy}");
        assert_eq!(
            header(&reply.headers, "content-security-policy"),
            Some(format!("{policy}; {framing}; {REPORTING}").as_str()),
            "{path}"
        );
        assert_eq!(
            header(&reply.headers, "reporting-endpoints"),
            None,
            "{path}"
        );
        let frame_options = header(&reply.headers, "x-frame-options");
        assert_eq!(
            frame_options,
            (page != "embed.html").then_some("DENY"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_pages_preloaded_wasm_is_announced_in_its_link_header() {
    let (endpoint, dir) = start_serving(|_| {}).await;
    let index = dir.path().join("dist/index.html");
    let html = std::fs::read_to_string(&index).unwrap().replace(
        "</head>",
        r#"<link rel="preload" href="/w-1_bg.wasm" crossorigin="anonymous" integrity="sha384-x" as="fetch" type="application/wasm"></head>"#,
    );
    std::fs::write(&index, html).unwrap();
    let reply = get(&endpoint, "/").await;
    assert_eq!(
        header(&reply.headers, "link"),
        Some(
            r#"</w-1_bg.wasm>; rel=preload; as=fetch; crossorigin=anonymous; type="application/wasm""#
        )
    );
    for path in ["/clinic.html", WASM, "/api/healthz"] {
        assert_eq!(
            header(&get(&endpoint, path).await.headers, "link"),
            None,
            "{path}"
        );
    }
}

#[tokio::test]
async fn files_api_answers_and_404s_keep_only_the_framing_rule() {
    let (endpoint, _dir) = start_serving(|_| {}).await;
    for (method, path, content_type, _) in every_route() {
        if path.ends_with(".html") || path == "/" {
            continue;
        }
        let reply = request(&endpoint, method, path, content_type).await;
        assert_eq!(
            header(&reply.headers, "content-security-policy"),
            Some("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(
            header(&reply.headers, "reporting-endpoints"),
            None,
            "{path}"
        );
        assert_eq!(
            header(&reply.headers, "x-frame-options"),
            Some("DENY"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_page_the_browser_revalidates_keeps_its_policy() {
    let (endpoint, _dir) = start_serving(|_| {}).await;
    let first = get(&endpoint, "/").await;
    let last_modified = header(&first.headers, "last-modified").unwrap();
    let again = send(
        &client(),
        Request::get(format!("{}/", endpoint.url()))
            .header("if-modified-since", last_modified)
            .body(Full::default())
            .unwrap(),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(
        again.headers.get("content-security-policy"),
        first.headers.get("content-security-policy")
    );
}

#[tokio::test]
async fn a_new_build_of_a_page_is_sent_with_its_new_policy_at_once() {
    let (endpoint, dir) = start_serving(|_| {}).await;
    std::fs::write(
        dir.path().join("dist/index.html"),
        "<!DOCTYPE html><head><meta http-equiv=Content-Security-Policy content=\"default-src 'none'\"><title>t</title>",
    )
    .unwrap();
    let reply = get(&endpoint, "/").await;
    assert_eq!(
        header(&reply.headers, "content-security-policy"),
        Some(format!("default-src 'none'; frame-ancestors 'none'; {REPORTING}").as_str())
    );
}

#[tokio::test]
async fn behind_https_every_response_has_hsts_and_pages_report_through_the_reporting_api() {
    let (endpoint, _dir) = start_serving(|config| {
        config.https = Some(HttpsSettings::default());
    })
    .await;
    for (method, path, content_type, _) in every_route() {
        let reply = request(&endpoint, method, path, content_type).await;
        assert_eq!(
            header(&reply.headers, "strict-transport-security"),
            Some("max-age=31536000; includeSubDomains"),
            "{path}"
        );
        let page = path.ends_with(".html") || path == "/";
        let policy = header(&reply.headers, "content-security-policy").unwrap();
        assert_eq!(policy.ends_with(REPORTING_HTTPS), page, "{path}: {policy}");
        assert_eq!(
            header(&reply.headers, "reporting-endpoints"),
            page.then_some("csp=\"/api/csp-report\""),
            "{path}"
        );
    }
}

fn load(toml: &str) -> Result<EndpointConfig, referral_endpoint::ConfigError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("endpoint.toml");
    std::fs::write(&file, toml).unwrap();
    let flags = Overrides {
        service_config: Some(service_config_path()),
        ..Overrides::default()
    };
    EndpointConfig::load(Some(&file), &flags)
}

#[test]
fn the_https_table_has_defaults_and_refuses_unknown_keys() {
    assert_eq!(
        load("").unwrap().https,
        None,
        "plain http unless the file says"
    );
    assert_eq!(
        load("[https]\n").unwrap().https,
        Some(HttpsSettings::default())
    );
    let set = load("[https]\nhsts_max_age_seconds = 600\ninclude_subdomains = false\n").unwrap();
    assert_eq!(
        set.https,
        Some(HttpsSettings {
            hsts_max_age_seconds: 600,
            include_subdomains: false
        })
    );
    let error = load("[https]\nmax_age = 600\n").unwrap_err().to_string();
    assert!(
        error.contains("endpoint.toml")
            && error.contains("max_age")
            && error.contains("hsts_max_age_seconds"),
        "{error}"
    );
    let error = load("[https]\nhsts_max_age_seconds = -1\n")
        .unwrap_err()
        .to_string();
    assert!(error.contains("hsts_max_age_seconds"), "{error}");
}

/// The example file shows the table commented out (its addresses are plain
/// http); uncommented, as a service behind https would, it loads.
#[test]
fn the_example_files_https_table_loads_when_uncommented() {
    let example = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("endpoint.example.toml"),
    )
    .unwrap();
    let table: String = example
        .lines()
        .skip_while(|line| *line != "# [https]")
        .filter_map(|line| line.strip_prefix("# "))
        .filter(|line| line.starts_with('[') || line.contains(" = "))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(table.starts_with("[https]\n"), "{table}");
    let https = load(&table).unwrap().https.unwrap();
    assert_eq!(
        https.strict_transport_security(),
        "max-age=31536000; includeSubDomains"
    );
}
