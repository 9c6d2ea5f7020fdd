//! The widget's files, kind by kind, from a folder of fake files laid out as
//! scripts/build.sh leaves dist/ (no release build needed): the brotli or
//! gzip copy when the browser accepts it, the right Content-Type, and cache
//! headers by name (a year for hashed names, revalidated for the rest).

mod support;

use http_body_util::Full;
use hyper::{Request, StatusCode};
use referral_endpoint::Endpoint;
use referral_endpoint::static_files::{IMMUTABLE, REVALIDATE};
use std::path::Path;
use support::*;

/// Each kind of file: its path, the Content-Type it must have, and whether
/// its name carries a content hash.
const FILES: [(&str, &str, bool); 8] = [
    (
        "/talking-health-0123456789abcdef_bg.wasm",
        "application/wasm",
        true,
    ),
    ("/talking-health-0123456789abcdef.js", "javascript", true),
    ("/main-0123456789abcdef.css", "text/css", true),
    ("/clinic/boot-0123456789abcdef.js", "javascript", true),
    ("/index.html", "text/html", false),
    ("/public/config.json", "application/json", false),
    ("/public/logo.svg", "image/svg+xml", false),
    ("/embed.js", "javascript", false),
];

/// Distinct bytes for each variant, so a test sees which file was sent.
fn bytes(path: &str, variant: &str) -> Vec<u8> {
    format!("{variant} of {path}").into_bytes()
}

async fn start_serving() -> (Endpoint, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    for (path, _, _) in FILES {
        let file = dist.join(path.trim_start_matches('/'));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, bytes(path, "raw")).unwrap();
        for variant in ["br", "gz"] {
            std::fs::write(
                Path::new(&format!("{}.{variant}", file.display())),
                bytes(path, variant),
            )
            .unwrap();
        }
    }
    std::fs::write(dist.join("public/photo.png"), b"raw png").unwrap();
    let mut config = test_config(&sqlite_in(dir.path()));
    config.static_dir = Some(dist);
    (Endpoint::start(&config).await.unwrap(), dir)
}

async fn fetch(endpoint: &Endpoint, path: &str, accept_encoding: Option<&str>) -> Reply {
    let mut request = Request::get(format!("{}{path}", endpoint.url()));
    if let Some(accept) = accept_encoding {
        request = request.header("accept-encoding", accept);
    }
    send(&client(), request.body(Full::default()).unwrap()).await
}

fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn a_browser_that_accepts_brotli_gets_the_brotli_file() {
    let (endpoint, _dir) = start_serving().await;
    // br alone, and as Chromium asks (it prefers brotli to gzip).
    for accept in ["br", "gzip, deflate, br, zstd"] {
        for (path, content_type, _) in FILES {
            let reply = fetch(&endpoint, path, Some(accept)).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            assert_eq!(reply.text.as_bytes(), bytes(path, "br"), "{path}, {accept}");
            assert_eq!(header(&reply, "content-encoding"), Some("br"), "{path}");
            assert!(
                header(&reply, "content-type")
                    .unwrap()
                    .contains(content_type),
                "{path}: {:?}",
                header(&reply, "content-type")
            );
            assert_eq!(header(&reply, "vary"), Some("accept-encoding"), "{path}");
        }
    }
}

#[tokio::test]
async fn a_browser_that_accepts_only_gzip_gets_the_gzip_file() {
    let (endpoint, _dir) = start_serving().await;
    for accept in ["gzip", "gzip, br;q=0"] {
        for (path, content_type, _) in FILES {
            let reply = fetch(&endpoint, path, Some(accept)).await;
            assert_eq!(reply.text.as_bytes(), bytes(path, "gz"), "{path}, {accept}");
            assert_eq!(header(&reply, "content-encoding"), Some("gzip"), "{path}");
            assert!(
                header(&reply, "content-type")
                    .unwrap()
                    .contains(content_type)
            );
            assert_eq!(header(&reply, "vary"), Some("accept-encoding"), "{path}");
        }
    }
}

#[tokio::test]
async fn a_browser_that_accepts_neither_gets_the_file_as_it_is() {
    let (endpoint, _dir) = start_serving().await;
    for accept in [None, Some("identity"), Some("deflate")] {
        for (path, content_type, _) in FILES {
            let reply = fetch(&endpoint, path, accept).await;
            assert_eq!(
                reply.text.as_bytes(),
                bytes(path, "raw"),
                "{path}, {accept:?}"
            );
            assert_eq!(header(&reply, "content-encoding"), None, "{path}");
            assert!(
                header(&reply, "content-type")
                    .unwrap()
                    .contains(content_type)
            );
            assert_eq!(header(&reply, "vary"), Some("accept-encoding"), "{path}");
        }
    }
}

#[tokio::test]
async fn a_file_without_compressed_copies_is_sent_as_it_is() {
    let (endpoint, _dir) = start_serving().await;
    let reply = fetch(&endpoint, "/public/photo.png", Some("br, gzip")).await;
    assert_eq!(reply.text, "raw png");
    assert_eq!(header(&reply, "content-encoding"), None);
    assert_eq!(header(&reply, "content-type"), Some("image/png"));
}

/// A built page as big as a real one (which carries its stylesheet and
/// loader), with no compressed copies beside it.
fn page_without_copies() -> String {
    let line = "<p class=\"th-body\">Refer yourself for talking therapies</p>\n";
    format!("<!DOCTYPE html><title>Embedded</title>{}", line.repeat(300))
}

#[tokio::test]
async fn a_page_is_compressed_as_it_is_sent() {
    let (endpoint, dir) = start_serving().await;
    let page = page_without_copies();
    std::fs::write(dir.path().join("dist/embed.html"), &page).unwrap();

    let reply = fetch(&endpoint, "/embed.html", Some("gzip, deflate, br, zstd")).await;
    assert_eq!(header(&reply, "content-encoding"), Some("br"));
    assert!(
        reply.bytes.len() < page.len() / 10,
        "{} bytes",
        reply.bytes.len()
    );
    let mut unpacked = Vec::new();
    brotli::BrotliDecompress(&mut &reply.bytes[..], &mut unpacked).unwrap();
    assert_eq!(unpacked, page.as_bytes());
    assert!(
        header(&reply, "content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(header(&reply, "cache-control"), Some(REVALIDATE));
    let vary: Vec<_> = reply.headers.get_all("vary").iter().collect();
    assert_eq!(vary, ["accept-encoding"], "said once");

    let reply = fetch(&endpoint, "/embed.html", Some("gzip")).await;
    assert_eq!(header(&reply, "content-encoding"), Some("gzip"));
    let mut unpacked = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&reply.bytes[..]),
        &mut unpacked,
    )
    .unwrap();
    assert_eq!(unpacked, page);

    let reply = fetch(&endpoint, "/embed.html", None).await;
    assert_eq!(header(&reply, "content-encoding"), None);
    assert_eq!(reply.text, page);
}

#[tokio::test]
async fn only_pages_are_compressed_as_they_are_sent() {
    let (endpoint, dir) = start_serving().await;
    let big = page_without_copies();
    std::fs::write(dir.path().join("dist/public/terms.txt"), &big).unwrap();
    std::fs::write(dir.path().join("dist/public/big.json"), format!("{big:?}")).unwrap();
    for path in ["/public/terms.txt", "/public/big.json"] {
        let reply = fetch(&endpoint, path, Some("br, gzip")).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(header(&reply, "content-encoding"), None, "{path}");
    }
}

#[tokio::test]
async fn hashed_files_are_kept_for_a_year_and_everything_else_is_revalidated() {
    let (endpoint, _dir) = start_serving().await;
    for (path, _, hashed) in FILES {
        for accept in [Some("br"), Some("gzip"), None] {
            let reply = fetch(&endpoint, path, accept).await;
            let expected = if hashed { IMMUTABLE } else { REVALIDATE };
            assert_eq!(header(&reply, "cache-control"), Some(expected), "{path}");
        }
    }
    assert_eq!(IMMUTABLE, "public, max-age=31536000, immutable");
    assert_eq!(REVALIDATE, "no-cache");
    for path in ["/", "/public/photo.png"] {
        let reply = fetch(&endpoint, path, Some("br")).await;
        assert_eq!(header(&reply, "cache-control"), Some(REVALIDATE), "{path}");
    }
}

#[tokio::test]
async fn a_missing_file_is_never_cached_for_a_year() {
    let (endpoint, _dir) = start_serving().await;
    // A hashed file of an older build, asked for after a new one replaced it.
    let reply = fetch(
        &endpoint,
        "/talking-health-fedcba9876543210_bg.wasm",
        Some("br"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(header(&reply, "cache-control"), Some(REVALIDATE));
}
