//! The widget's built files (`static_dir`), sent as fast as a phone on a slow
//! connection can take them.
//!
//! - Compressed: scripts/build.sh writes a brotli (`.br`) and a gzip (`.gz`)
//!   copy beside each script, stylesheet and wasm file (not the pages nor
//!   `public/`, which a service edits after the build, so a copy would go
//!   stale), and the browser gets the smallest it accepts, with `Content-Encoding` and the original's `Content-Type`
//!   (`application/wasm` for the wasm, which `instantiateStreaming` insists
//!   on). Measured on the Slow-4G phone profile, a person's first answer came
//!   at 3.3 s with the wasm sent as it is, 1.7 s with brotli. Compressing at
//!   build time costs no time per request and gets brotli's best level.
//! - The pages compressed as they are sent: each carries its stylesheet and
//!   loader (crates/prerender), 18 KB that brotli makes about 5 KB, and a
//!   service may edit a page after the build, so a copy made then could go
//!   stale. At brotli's level 5 this takes well under a millisecond.
//! - Cached by name: a file whose name carries its content's hash (Trunk's
//!   `talking-health-<hash>_bg.wasm`, `main-<hash>.css`, the loader's
//!   `boot-<hash>.js`) never changes, so a browser keeps it for a year without
//!   asking again. Everything else (the pages, `config.json`, `embed.js`
//!   which practices' pages load by name) is checked with the server on
//!   each use (`no-cache`), so a new build or configuration is seen at once.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use std::path::Path;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::services::ServeDir;

/// For files whose name changes with their content.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For everything else: kept, but checked before each use.
pub const REVALIDATE: &str = "no-cache";

/// Serves `dir`, with `index.html` for `/`.
pub fn service(dir: &Path) -> Router {
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    // Only pages: every other file the widget loads has its compressed
    // copies (a response already compressed is left as it is anyway).
    let pages = DefaultPredicate::new().and(|_, _, headers: &header::HeaderMap, _: &_| {
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"))
    });
    Router::new()
        .fallback_service(files)
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(5))
                .compress_when(pages),
        )
        .layer(middleware::from_fn(cache_headers))
}

/// Middleware: `Cache-Control` by the file's name, and `Vary:
/// Accept-Encoding` since the same address answers with different bytes
/// depending on it (so a shared cache never gives brotli to a browser that
/// asked for gzip).
async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let served = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    // A missing file is not cached for a year, whatever its name.
    let cache = if served && hashed {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // Once, whether or not the compression layer has said it.
    let said = headers
        .get_all(header::VARY)
        .iter()
        .any(|v| v.as_bytes().eq_ignore_ascii_case(b"accept-encoding"));
    if served && !said {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Whether the file `path` names carries a content hash: its name before the
/// first dot (less wasm-bindgen's `_bg`) ends in `-` and at least 8
/// lower-case hex digits. Trunk writes a 64-bit hash as hex without leading
/// zeros, so usually 16 digits and sometimes fewer.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (8..=64).contains(&hash.len())
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn names_with_a_content_hash_are_told_apart() {
        for hashed in [
            "/talking-health-86b254ec0ef9dddc_bg.wasm",
            "/embed/talking-health-88cc8839f4981cef.js",
            "/main-57d8a004f406c726.css",
            "/clinic/boot-8d1844b8a1cb9367.js",
            "/talking-health-6b254ec0ef9dddc_bg.wasm",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/embed.js",
            "/public/config.json",
            "/public/logo.svg",
            "/talking-health.js",
            "/main-decade.css",
            "/main-57D8A004F406C726.css",
            "/public/",
        ] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }
}
