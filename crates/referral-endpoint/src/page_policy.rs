//! The Content-Security-Policy each page of the widget gives itself, in its
//! `<meta http-equiv="Content-Security-Policy">` tag, read from the very file
//! that is served, so that the response header can carry the same policy;
//! and the files it preloads (`<link rel="preload">`: the widget's wasm),
//! which the response's `Link` header announces, so that a browser starts
//! fetching them as the response arrives rather than once it has set up the
//! page and parsed its head (about 110 ms sooner on a slow phone).
//!
//! Why the page is the one source: the meta tag is what protects the widget
//! wherever its files are served (a static host, `trunk serve`, a CDN), so it
//! must stay in the page; a second copy of the policy (a file the build
//! writes, a setting) could drift from it, or be stale beside a new build.
//! Read from the file when the page is requested, the header cannot differ
//! from the meta tag the browser is about to read, whatever folder is served.
//!
//! Why a real HTML parse (html5ever, the parser Servo uses): a browser
//! honours the tag only as a child of `<head>` (an implied one too) and
//! decodes character references in its attribute (`&#39;self&#39;`); a
//! string search would get both wrong, and policy written in a comment or in
//! the body would be taken for the page's.

use percent_encoding::percent_decode_str;
use scraper::{Html, Selector};
use std::path::{Component, Path, PathBuf};

/// Directives a browser ignores in a meta tag (CSP Level 3, "The `<meta>`
/// element": `frame-ancestors`, `report-uri` and `sandbox`), and `report-to`.
/// They are left out of the header too, so that it enforces exactly what the
/// meta tag does; the endpoint adds its own framing rule and reporting.
const NOT_IN_META: [&str; 4] = ["frame-ancestors", "report-uri", "report-to", "sandbox"];

/// The file ServeDir answers a request for `path` with, if it is an HTML
/// page: percent-decoded, `..` and absolute parts refused, and `index.html`
/// for a folder (a path ending in `/`), as `tower_http::services::ServeDir`
/// resolves it.
pub fn page_file(dir: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8()
        .ok()?;
    let mut file = dir.to_path_buf();
    for component in Path::new(&*decoded).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        file.push("index.html");
    }
    let html = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    html.then_some(file)
}

/// What the response for a page carries from the page itself.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageHeaders {
    /// Its Content-Security-Policies ([`meta_policies`]).
    pub policies: Vec<String>,
    /// Its preloads as `Link` header values ([`preload_links`]).
    pub preloads: Vec<String>,
}

/// The headers of the page ServeDir answers `path` with (none if it is not
/// an HTML page in `dir` or cannot be read).
pub async fn of_request(dir: &Path, path: &str) -> PageHeaders {
    let Some(file) = page_file(dir, path) else {
        return PageHeaders::default();
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => {
            let document = Html::parse_document(&String::from_utf8_lossy(&bytes));
            PageHeaders {
                policies: policies_of(&document),
                preloads: preloads_of(&document),
            }
        }
        Err(_) => PageHeaders::default(),
    }
}

/// Each policy `html` sets with a `<meta http-equiv="Content-Security-Policy">`
/// child of its head, as the browser enforces it: without the directives a
/// meta tag may not set, and written as a header value (one line, directives
/// joined with "; "). A policy that cannot be a header value (a comma would
/// split it into two policies; control or non-ASCII characters are not
/// allowed) is left out: the meta tag still applies it.
pub fn meta_policies(html: &str) -> Vec<String> {
    policies_of(&Html::parse_document(html))
}

fn policies_of(document: &Html) -> Vec<String> {
    let selector =
        Selector::parse("head > meta[http-equiv][content]").expect("a constant, valid selector");
    document
        .select(&selector)
        .filter(|meta| {
            meta.value()
                .attr("http-equiv")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("content-security-policy"))
        })
        .filter_map(|meta| meta.value().attr("content"))
        .filter_map(as_header_policy)
        .collect()
}

/// Each `<link rel="preload">` child of the head of `html` as a `Link` header
/// value with the same address, `as`, `crossorigin` and `type`, so that the
/// browser can match the fetch the header starts to the page's own preload
/// and download the file once. A link whose values cannot be written in a
/// header is left to the page.
pub fn preload_links(html: &str) -> Vec<String> {
    preloads_of(&Html::parse_document(html))
}

fn preloads_of(document: &Html) -> Vec<String> {
    let selector = Selector::parse("head > link[rel][href]").expect("a constant, valid selector");
    let token = |v: &str| {
        !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_/.+".contains(c))
    };
    document
        .select(&selector)
        .filter(|link| {
            link.value()
                .attr("rel")
                .is_some_and(|r| r.trim().eq_ignore_ascii_case("preload"))
        })
        .filter_map(|link| {
            let link = link.value();
            let href = link.attr("href")?;
            let href_safe = href
                .chars()
                .all(|c| c.is_ascii_graphic() && !"<>,;\"\\".contains(c));
            if !href_safe {
                return None;
            }
            let mut value = format!("<{href}>; rel=preload");
            for (name, quoted) in [("as", false), ("crossorigin", false), ("type", true)] {
                match link.attr(name) {
                    Some(v) if token(v) && quoted => value += &format!("; {name}=\"{v}\""),
                    Some(v) if token(v) => value += &format!("; {name}={v}"),
                    Some(_) => return None,
                    None => {}
                }
            }
            Some(value)
        })
        .collect()
}

/// `content` as the policy a header would carry, or `None` if it has no
/// directive a header may carry, or cannot be written in a header.
fn as_header_policy(content: &str) -> Option<String> {
    let header_safe = |c: char| c.is_ascii_graphic() || c.is_ascii_whitespace();
    if content.contains(',') || !content.chars().all(header_safe) {
        return None;
    }
    let directives: Vec<String> = content
        .split(';')
        .map(|d| d.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|d| !d.is_empty())
        .filter(|d| {
            let name = d.split(' ').next().unwrap_or("");
            !NOT_IN_META.iter().any(|n| n.eq_ignore_ascii_case(name))
        })
        .collect();
    (!directives.is_empty()).then(|| directives.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><meta charset=utf-8>{head}<title>t</title></head><body>{body}</body></html>"
        )
    }

    #[test]
    fn the_policy_is_read_as_a_browser_reads_the_tag() {
        let html = page(
            "<meta HTTP-EQUIV=\"content-security-policy\"\n  content=\"default-src &#39;self&#39;;\n   img-src 'self' data:\">",
            "",
        );
        assert_eq!(
            meta_policies(&html),
            ["default-src 'self'; img-src 'self' data:"]
        );
    }

    #[test]
    fn a_tag_outside_the_head_or_in_a_comment_is_not_the_pages_policy() {
        let in_body = page(
            "",
            "<meta http-equiv=Content-Security-Policy content=\"default-src *\">",
        );
        let in_comment = page(
            "<!-- <meta http-equiv=Content-Security-Policy content=\"default-src *\"> -->",
            "",
        );
        assert_eq!(meta_policies(&in_body), Vec::<String>::new());
        assert_eq!(meta_policies(&in_comment), Vec::<String>::new());
        // No <head> tag: the parser implies one, as the browser does.
        let implied = "<!DOCTYPE html><meta http-equiv=Content-Security-Policy content=\"object-src 'none'\"><p>x";
        assert_eq!(meta_policies(implied), ["object-src 'none'"]);
    }

    #[test]
    fn directives_a_meta_tag_may_not_set_are_left_out() {
        let html = page(
            "<meta http-equiv=Content-Security-Policy content=\"default-src 'self'; frame-ancestors *; report-uri /x; sandbox; REPORT-TO g\">",
            "",
        );
        assert_eq!(meta_policies(&html), ["default-src 'self'"]);
    }

    #[test]
    fn a_policy_that_cannot_be_a_header_is_left_to_the_meta_tag() {
        for content in ["default-src 'self', script-src *", "default-src 'sélf'"] {
            let html = page(
                &format!("<meta http-equiv=Content-Security-Policy content=\"{content}\">"),
                "",
            );
            assert_eq!(meta_policies(&html), Vec::<String>::new(), "{content}");
        }
    }

    #[test]
    fn the_pages_preloads_are_announced_as_link_headers() {
        let html = page(
            "<link rel=stylesheet href=/main.css>\
             <link rel=\"preload\" href=\"/w_bg.wasm\" crossorigin=\"anonymous\" integrity=\"sha384-x\" as=\"fetch\" type=\"application/wasm\">\
             <link rel=modulepreload href=/w.js>",
            "<link rel=preload href=/in-body.wasm as=fetch>",
        );
        assert_eq!(
            preload_links(&html),
            [
                r#"</w_bg.wasm>; rel=preload; as=fetch; crossorigin=anonymous; type="application/wasm""#
            ]
        );
        let unsafe_values = page(
            "<link rel=preload href=\"/a>b.wasm\" as=fetch><link rel=preload href=/c.wasm as=\"fetch, x\">",
            "",
        );
        assert_eq!(preload_links(&unsafe_values), Vec::<String>::new());
    }

    #[test]
    fn requests_map_to_the_files_serve_dir_answers_with() {
        let dir = Path::new("/srv/dist");
        let file = |path: &str| page_file(dir, path);
        assert_eq!(file("/"), Some(dir.join("index.html")));
        assert_eq!(file("/embed.html"), Some(dir.join("embed.html")));
        assert_eq!(file("/public/"), Some(dir.join("public/index.html")));
        assert_eq!(
            file("/public/embedding%2Ehtml"),
            Some(dir.join("public/embedding.html"))
        );
        assert_eq!(file("/app.wasm"), None);
        assert_eq!(file("/public"), None, "a folder without / is redirected");
        assert_eq!(file("/../etc/x.html"), None);
        assert_eq!(file("/%2e%2e/x.html"), None);
    }
}
