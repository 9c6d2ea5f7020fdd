//! The build writes each page's stylesheets and loader into the page, and its
//! Content-Security-Policy allows exactly those texts.

use prerender::{PrerenderError, inline_assets};
use scraper::{Html, Selector};
use std::path::Path;
use tempfile::TempDir;

const CSS: &str = "p{color:red}";
const JS: &str = "console.log(1)";
// Worked out apart from the code under test (Python's hashlib), so that a
// wrong hash function or encoding fails here.
const CSS_SHA256: &str = "'sha256-p0bF+un5yUb9MBO6xRb8kPHlY2BdpHVtLiFkDrZPF64='";
const JS_SHA256: &str = "'sha256-CihokcEcBW4atb/CW/XWsvWwbTjqwQlE9nj9ii5ww5M='";
const CSS_SHA384: &str = "sha384-fmjM3tAll81TWJvySQni8SaBymKJ5GlctvLrjS0TwyC8mMAW6RDB6buj8mJRR2Dg";
const JS_SHA384: &str = "sha384-vuz+yO71bcb30P4dMUNzy6/D2y+6d/n0KcOnt5clJtTBxEDoKAqGay0stFlC8Dpr";
const POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'";

/// A page as Trunk and its hook build it into `folder` of the site: its
/// policy, then its loader and stylesheet linked with integrity hashes.
fn page(folder: &str, policy: &str, css_integrity: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en-GB"><head>
<meta http-equiv="Content-Security-Policy" content="{policy}">
<script type="module" src="{folder}boot.js" integrity="{JS_SHA384}" crossorigin="anonymous"></script>
<link rel="stylesheet" href="{folder}main.css" integrity="{css_integrity}"/>
<link rel="modulepreload" href="{folder}glue.js" integrity="sha384-x">
</head><body><main id="talking-health"></main></body></html>"#
    )
}

/// A site with the loader and stylesheet in `folder` ("/" or "/embed/").
fn site(folder: &str, css: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join(folder.trim_start_matches('/'));
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(files.join("boot.js"), JS).unwrap();
    std::fs::write(files.join("main.css"), css).unwrap();
    dir
}

fn policy_of(page: &Html) -> String {
    let meta = Selector::parse("head > meta[http-equiv]").unwrap();
    page.select(&meta)
        .next()
        .unwrap()
        .value()
        .attr("content")
        .unwrap()
        .to_owned()
}

fn inner(page: &Html, css: &str) -> Vec<String> {
    page.select(&Selector::parse(css).unwrap())
        .map(|e| e.inner_html())
        .collect()
}

#[test]
fn the_stylesheet_and_loader_are_written_in_and_the_policy_allows_exactly_them() {
    for folder in ["/", "/embed/"] {
        let site = site(folder, CSS);
        let written = inline_assets(&page(folder, POLICY, CSS_SHA384), site.path()).unwrap();
        let html = Html::parse_document(&written);
        assert_eq!(inner(&html, "head > style"), [CSS], "{folder}");
        assert_eq!(
            inner(&html, "head > script[type=module]:not([src])"),
            [JS],
            "{folder}"
        );
        assert!(
            inner(&html, "link[rel=stylesheet], script[src]").is_empty(),
            "{written}"
        );
        assert_eq!(
            inner(&html, "head > link[rel=modulepreload]").len(),
            1,
            "the glue is still fetched"
        );
        assert_eq!(
            policy_of(&html),
            format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {JS_SHA256}; \
                 style-src 'self' {CSS_SHA256}; object-src 'none'"
            )
        );
    }
}

#[test]
fn writing_in_again_changes_nothing() {
    let site = site("/", CSS);
    let once = inline_assets(&page("/", POLICY, CSS_SHA384), site.path()).unwrap();
    assert_eq!(inline_assets(&once, site.path()).unwrap(), once);
}

#[test]
fn a_page_without_a_policy_is_written_in_all_the_same() {
    let site = site("/", CSS);
    let page = page("/", POLICY, CSS_SHA384)
        .replace("http-equiv=\"Content-Security-Policy\"", "name=\"x\"");
    let html = Html::parse_document(&inline_assets(&page, site.path()).unwrap());
    assert_eq!(inner(&html, "head > style"), [CSS]);
}

fn refusal(page: &str, site: &Path) -> String {
    match inline_assets(page, site) {
        Err(PrerenderError::Inline(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_file_that_is_not_the_one_the_page_was_built_with_fails_the_build() {
    let site = site("/", "p{color:blue}");
    let why = refusal(&page("/", POLICY, CSS_SHA384), site.path());
    assert!(
        why.contains("main.css") && why.contains("integrity"),
        "{why}"
    );
}

#[test]
fn a_missing_file_fails_the_build_naming_it() {
    let site = site("/", CSS);
    std::fs::remove_file(site.path().join("boot.js")).unwrap();
    let why = refusal(&page("/", POLICY, CSS_SHA384), site.path());
    assert!(why.contains("boot.js"), "{why}");
}

#[test]
fn a_text_that_would_end_its_element_early_is_refused() {
    for css in ["p{content:'</style><script>x</script>'}", "p{}/*</STYLE*/"] {
        let site = site("/", css);
        let page = page("/", POLICY, CSS_SHA384);
        // Without an integrity hash, so that the check under test is the one that refuses.
        let page = page.replace(&format!(" integrity=\"{CSS_SHA384}\""), "");
        let why = refusal(&page, site.path());
        assert!(why.contains("closing tag"), "{why}");
    }
}

#[test]
fn a_policy_without_the_directive_to_allow_it_in_fails_the_build() {
    let site = site("/", CSS);
    let policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
    let why = refusal(&page("/", policy, CSS_SHA384), site.path());
    assert!(why.contains("style-src"), "{why}");
}

#[test]
fn only_files_of_the_site_itself_are_written_in() {
    let site = site("/", CSS);
    for address in [
        "https://cdn.example/main.css",
        "//cdn.example/main.css",
        "/../main.css",
        "/main.css?v=1",
    ] {
        let page = page("/", POLICY, CSS_SHA384)
            .replace("href=\"/main.css\"", &format!("href=\"{address}\""));
        let why = refusal(&page, site.path());
        assert!(why.contains("not a file of this site"), "{address}: {why}");
    }
}
