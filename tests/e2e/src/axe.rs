//! Accessibility audit with axe-core, run inside the page.

use crate::paths;
use fantoccini::Client;
use serde_json::Value;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Runs axe-core over the whole current document and returns its
/// `violations` (each with `id`, `impact`, `help`, `helpUrl` and `nodes`).
/// axe-core is injected first if the page does not have it yet.
///
/// # Panics
/// If axe-core is not installed (`npm ci`) or the script fails.
pub async fn axe_violations(client: &Client) -> Vec<Value> {
    axe_violations_with(client, "{}").await
}

/// As [`axe_violations`], but not descending into frames: for a page that
/// frames a document on another origin, which is audited on its own from
/// inside the frame (axe-core talks only to same-origin frames by default,
/// and would wait a minute for the other).
pub async fn axe_violations_outside_frames(client: &Client) -> Vec<Value> {
    axe_violations_with(client, "{iframes: false}").await
}

/// Fails the test if axe-core finds any violation in the current document,
/// frames excepted (see [`axe_violations_outside_frames`]).
pub async fn assert_no_axe_violations_outside_frames(client: &Client, screen_name: &str) {
    let violations = axe_violations_outside_frames(client).await;
    if !violations.is_empty() {
        panic!(
            "axe-core found {} violation(s) on the {screen_name} page:\n{}",
            violations.len(),
            describe_violations(&violations)
        );
    }
}

async fn axe_violations_with(client: &Client, options: &str) -> Vec<Value> {
    let injected = client
        .execute("return typeof window.axe !== 'undefined';", vec![])
        .await
        .expect("check for axe-core");
    if injected != Value::Bool(true) {
        client
            .execute(axe_source(), vec![])
            .await
            .expect("inject axe-core");
    }
    // ChromeDriver waits for a returned promise (W3C Execute Script), so no
    // callback-style execute_async is needed.
    let violations = client
        .execute(
            &format!("return axe.run(document, {options}).then(r => r.violations);"),
            vec![],
        )
        .await
        .expect("run axe-core");
    match violations {
        Value::Array(items) => items,
        other => panic!("axe.run returned no violations array: {other}"),
    }
}

/// Fails the test if axe-core finds any violation on the current page,
/// listing each rule id, impact, description and the offending elements'
/// selectors. `screen_name` says which screen of the flow was audited.
pub async fn assert_no_axe_violations(client: &Client, screen_name: &str) {
    let violations = axe_violations(client).await;
    if !violations.is_empty() {
        panic!(
            "axe-core found {} violation(s) on the {screen_name} screen:\n{}",
            violations.len(),
            describe_violations(&violations)
        );
    }
}

/// One line per violation and one indented line per offending element.
pub fn describe_violations(violations: &[Value]) -> String {
    let mut text = String::new();
    for violation in violations {
        let _ = writeln!(
            text,
            "- {} ({}): {} <{}>",
            str_of(&violation["id"]),
            str_of(&violation["impact"]),
            str_of(&violation["help"]),
            str_of(&violation["helpUrl"]),
        );
        for node in violation["nodes"].as_array().into_iter().flatten() {
            let _ = writeln!(text, "    at {}  {}", node["target"], str_of(&node["html"]));
        }
    }
    text
}

fn str_of(value: &Value) -> &str {
    value.as_str().unwrap_or("?")
}

fn axe_source() -> &'static str {
    // Read once per test binary: the file is about 650 KB.
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = paths::axe_path();
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}): run `npm ci` in the workspace",
                path.display()
            )
        })
    })
}
