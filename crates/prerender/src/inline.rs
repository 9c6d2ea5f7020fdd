//! Writes a built page's stylesheets and its loader into the page itself,
//! and lets them in by name in the page's Content-Security-Policy: each by
//! its SHA-256 hash (CSP Level 2's hash sources), never `'unsafe-inline'`.
//!
//! Why: a stylesheet holds up the page's first paint and the loader shows
//! its Start button, and each was a request the browser could only make
//! once the page had arrived: one round trip (150 ms on a slow phone
//! connection) before anyone could press Start. In the page, they come with
//! it.
//!
//! The policy stays as strict: it allows these exact texts and no other
//! inline script or style, so a script injected into the page still does
//! not run. Trunk's hook (scripts/externalise-loader.py) still writes the
//! loader to its own file, so a page Trunk serves unbuilt needs no hash;
//! this reads that file and checks it against the page's integrity hash,
//! so a stale file fails the build rather than a patient's page.

use crate::PrerenderError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, element, rewrite_str};
use sha2::{Digest, Sha256, Sha384};
use std::path::{Component, Path, PathBuf};

/// `page` with each stylesheet it links to in its head, and each module
/// script it loads there by `src`, written into it, and the policy in its
/// `<meta http-equiv="Content-Security-Policy">` allowing exactly those.
/// `site` is the folder the page's addresses start from (where `/` is), as
/// scripts/build.sh lays the build out: the page's own folder.
///
/// A page with none left to write in (written in already) comes back
/// unchanged.
pub fn inline_assets(page: &str, site: &Path) -> Result<String, PrerenderError> {
    let mut scripts = Vec::new();
    let mut styles = Vec::new();
    let inlined = rewrite_str(
        page,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!("head > link[rel=stylesheet][href]", |link| {
                    let css = linked_text(site, link, "href")?;
                    link.replace(&format!("<style>{css}</style>"), ContentType::Html);
                    styles.push(hash_source(&css));
                    Ok(())
                }),
                element!("head > script[type=module][src]", |script| {
                    let js = linked_text(site, script, "src")?;
                    script.replace(
                        &format!("<script type=\"module\">{js}</script>"),
                        ContentType::Html,
                    );
                    scripts.push(hash_source(&js));
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    )
    .map_err(|e| PrerenderError::Inline(e.to_string()))?;
    if scripts.is_empty() && styles.is_empty() {
        return Ok(inlined);
    }
    rewrite_str(
        &inlined,
        RewriteStrSettings {
            element_content_handlers: vec![element!(
                r#"head > meta[http-equiv="content-security-policy" i][content]"#,
                |meta| {
                    let mut policy = meta.get_attribute("content").unwrap_or_default();
                    for (directive, sources) in [("script-src", &scripts), ("style-src", &styles)] {
                        policy = allowing(&policy, directive, sources)?;
                    }
                    meta.set_attribute("content", &policy)?;
                    Ok(())
                }
            )],
            ..RewriteStrSettings::new()
        },
    )
    .map_err(|e| PrerenderError::Inline(e.to_string()))
}

type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// The text of the file `element`'s `attribute` names, checked against the
/// element's `integrity` hash if it has one, and safe to put between its
/// tags.
fn linked_text(site: &Path, element: &Element, attribute: &str) -> Result<String, HandlerError> {
    let address = element.get_attribute(attribute).unwrap_or_default();
    let file =
        file_of(site, &address).ok_or_else(|| format!("{address}: not a file of this site"))?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    if let Some(integrity) = element.get_attribute("integrity") {
        let expected = format!("sha384-{}", BASE64.encode(Sha384::digest(text.as_bytes())));
        if integrity != expected {
            return Err(format!(
                "{}: not the file the page was built with (its integrity hash differs)",
                file.display()
            )
            .into());
        }
    }
    // Such a text would end the element early, and the rest would be read as HTML.
    let lower = text.to_ascii_lowercase();
    if lower.contains("</script") || lower.contains("</style") || lower.contains("<!--") {
        return Err(format!(
            "{}: has a closing tag or comment in it, so cannot be written into the page",
            file.display()
        )
        .into());
    }
    Ok(text)
}

/// The file at `address` (absolute from the site's root, or relative to the
/// page) in `site`; none for another origin, a query or a way out of it.
fn file_of(site: &Path, address: &str) -> Option<PathBuf> {
    if address.contains([':', '?', '#']) || address.starts_with("//") {
        return None;
    }
    let mut file = site.to_path_buf();
    for component in Path::new(address.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(file)
}

/// The CSP hash source that allows exactly `text` inline.
fn hash_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        BASE64.encode(Sha256::digest(text.as_bytes()))
    )
}

/// `policy` with `sources` added to its `directive` (each once). Fails if
/// the policy has no such directive: adding one would have to copy
/// `default-src` into it, and a page with a policy this crate did not
/// write is better refused than guessed at.
fn allowing(policy: &str, directive: &str, sources: &[String]) -> Result<String, HandlerError> {
    if sources.is_empty() {
        return Ok(policy.to_owned());
    }
    let mut found = false;
    let directives: Vec<String> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let name = d.split_ascii_whitespace().next().unwrap_or_default();
            if !name.eq_ignore_ascii_case(directive) {
                return d.to_owned();
            }
            found = true;
            let mut written = d.to_owned();
            for source in sources {
                if !d.split_ascii_whitespace().any(|s| s == source) {
                    written.push(' ');
                    written.push_str(source);
                }
            }
            written
        })
        .collect();
    if !found {
        return Err(format!("the page's Content-Security-Policy has no {directive} directive to allow the written-in text by").into());
    }
    Ok(directives.join("; "))
}
