//! A refusal tells the sender what to fix in the payload's own terms (field
//! paths, JSON values), never in Rust's Debug output, which would expose the
//! endpoint's internals and mean nothing to a sender written in another
//! language.

mod support;

use serde_json::{Value, json};
use support::*;

/// Rust's Debug shapes: a type name followed by ` {` or `(` (`Caseness {`,
/// `Some(`), `None`, or a list printed as `[1, 2]`.
fn debug_output_in(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    if words.contains(&"None") {
        return Some("None".into());
    }
    for (i, _) in text.match_indices([' ', '(']) {
        let before = &text[..i];
        let word = before
            .rsplit(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        let follows_type_name = word.starts_with(|c: char| c.is_ascii_uppercase())
            && word.chars().any(|c| c.is_ascii_lowercase());
        let opens = text[i..].starts_with(" {") || text[i..].starts_with('(');
        if follows_type_name && opens {
            return Some(format!("{word}{}", &text[i..(i + 2).min(text.len())]));
        }
    }
    text.contains(", ")
        .then(|| text.find('[').filter(|&at| text[at..].starts_with("[1, ")))
        .flatten()
        .map(|_| "a list printed as [1, ...]".into())
}

/// Payloads each wrong in a way the endpoint explains with what it expected.
fn broken_payloads() -> Vec<(&'static str, Value)> {
    let base = payload(REFERRAL_ID);
    let results = base["screening"]["results"].as_array().unwrap();
    let phq9 = results
        .iter()
        .position(|r| r["instrument"] == "phq9")
        .unwrap();
    let sent = &results[phq9];
    let mut outcome = base.clone();
    outcome["screening"]["outcome"]["cutoffs_met"] = json!(["copd"]);
    let mut total = base.clone();
    total["screening"]["results"][phq9]["total"] = json!(sent["total"].as_u64().unwrap() + 1);
    let mut caseness = base.clone();
    let met = sent["caseness"]["met"].as_bool().unwrap();
    caseness["screening"]["results"][phq9]["caseness"]["met"] = json!(!met);
    let mut incomplete = base.clone();
    let answers = incomplete["screening"]["results"][phq9]["answers"]
        .as_array_mut()
        .unwrap();
    answers.truncate(answers.len() - 2);
    let mut schema = base.clone();
    schema["schema_version"] = json!(99);
    let mut risk = base.clone();
    risk["screening"]["risk_flag"] = json!(true);
    vec![
        ("outcome", outcome),
        ("a total", total),
        ("caseness", caseness),
        ("incomplete answers", incomplete),
        ("schema version", schema),
        ("risk flag", risk),
    ]
}

#[test]
fn the_detector_finds_debug_output() {
    for debug in [
        "expected Caseness { cutoff: 10, met: true }",
        "expected Some(3)",
        "got None",
        "items not answered yet: [1, 2]",
        "ScreeningOutcome { recommendation: Refer }",
    ] {
        assert!(debug_output_in(debug).is_some(), "{debug}");
    }
    for plain in [
        r#"expected {"cutoff":10,"met":true}"#,
        "items not answered yet: 8, 9",
        "PHQ-9 must be complete",
        "must be a UUID equal to the Idempotency-Key header",
        "screening.results[0]",
    ] {
        assert_eq!(debug_output_in(plain), None, "{plain}");
    }
}

#[tokio::test]
async fn refusals_say_what_was_expected_as_json_not_rust_debug_output() {
    let server = start(Backend::Sqlite).await;
    for (n, (what, mut body)) in broken_payloads().into_iter().enumerate() {
        let key = uuid_for(n as u64);
        body["referral_id"] = json!(key);
        let reply = post(&server.client, &server.endpoint.referrals_url(), &body).await;
        assert_eq!(reply.status, 422, "{what}: {}", reply.text);
        if let Some(debug) = debug_output_in(&reply.text) {
            panic!(
                "{what}: the refusal shows Rust Debug output ({debug}): {}",
                reply.text
            );
        }
    }
}
