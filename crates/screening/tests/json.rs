//! The configuration's JSON parser agrees with serde_json, the reference, on
//! what JSON is and what it says, and says where a broken file breaks.

use proptest::prelude::*;
use screening::json::{Value, parse};
use serde_json::Value as Reference;

/// The reference's value in this parser's terms.
fn from_reference(value: &Reference) -> Value {
    match value {
        Reference::Null => Value::Null,
        Reference::Bool(b) => Value::Bool(*b),
        Reference::Number(n) => Value::Number(n.to_string()),
        Reference::String(s) => Value::String(s.clone()),
        Reference::Array(items) => Value::Array(items.iter().map(from_reference).collect()),
        Reference::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), from_reference(v)))
                .collect(),
        ),
    }
}

/// Whether `a` and `b` say the same, taking groups' members in any order (as
/// serde_json keeps them sorted) and numbers as equal within 1e-12 of each
/// other: serde_json reads fractions and numbers beyond 64 bits as floats,
/// not always to the nearest one.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.parse::<f64>().unwrap(), y.parse::<f64>().unwrap());
            (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
        }
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(k, x)| ys.iter().any(|(l, y)| k == l && same(x, y)))
        }
        (a, b) => a == b,
    }
}

fn any_json() -> impl Strategy<Value = Reference> {
    let leaf = prop_oneof![
        Just(Reference::Null),
        any::<bool>().prop_map(Reference::Bool),
        any::<i64>().prop_map(Reference::from),
        any::<u64>().prop_map(Reference::from),
        // Any text, including quotes, backslashes, control characters and
        // characters outside the Basic Multilingual Plane.
        any::<String>().prop_map(Reference::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Reference::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Reference::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn what_serde_json_writes_reads_back_the_same(value in any_json()) {
        let expected = from_reference(&value);
        prop_assert_eq!(parse(&value.to_string()).unwrap(), expected.clone());
        prop_assert_eq!(parse(&serde_json::to_string_pretty(&value).unwrap()).unwrap(), expected);
    }

    /// Damaged JSON: whatever this parser accepts, serde_json accepts too, as
    /// the same value. (It may refuse more: a name given twice in a group.
    /// serde_json refuses numbers too large for a float, which are JSON; here
    /// they stay text, and reading them as a setting's number fails there.)
    #[test]
    fn it_accepts_nothing_that_is_not_json(
        value in any_json(),
        cut in any::<prop::sample::Index>(),
        insert in prop::sample::select(vec!["", ",", "}", "]", "\"", "\\", ":", "0", "-", ".", "e", "\n", "x"]),
        remove in 0usize..3,
    ) {
        let text = value.to_string();
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let end = (at + remove).min(text.len());
        let end = (end..=text.len()).find(|&e| text.is_char_boundary(e)).unwrap();
        let damaged = format!("{}{insert}{}", &text[..at], &text[end..]);
        if let Ok(ours) = parse(&damaged) {
            match serde_json::from_str::<Reference>(&damaged) {
                Ok(reference) => {
                    let theirs = from_reference(&reference);
                    prop_assert!(same(&ours, &theirs), "{ours:?} is not {theirs:?}");
                }
                Err(e) if e.to_string().starts_with("number out of range") => {}
                Err(e) => prop_assert!(false, "{damaged:?} is not JSON ({e}) but was accepted"),
            }
        }
    }
}

#[test]
fn numbers_keep_their_text_and_follow_the_grammar() {
    for good in [
        "0",
        "-0",
        "12",
        "1.5",
        "-3e10",
        "2E-3",
        "18446744073709551616",
    ] {
        assert_eq!(parse(good), Ok(Value::Number(good.to_owned())), "{good}");
    }
    for bad in ["01", "-", "1.", ".5", "1e", "+1", "0x10", "NaN", "Infinity"] {
        assert!(parse(bad).is_err(), "{bad} accepted");
    }
}

#[test]
fn escapes_are_decoded() {
    assert_eq!(
        parse(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#),
        Ok(Value::String("a\"b\\c/d\u{8}\u{c}\n\r\té😀".to_owned()))
    );
    for bad in [
        r#""\x""#,
        r#""\u12""#,
        r#""\u+123""#,
        r#""\u00g0""#,
        r#""\ud83d""#,
        r#""\ud83d\u0041""#,
        r#""\ude00""#,
    ] {
        assert!(parse(bad).is_err(), "{bad} accepted");
    }
}

#[test]
fn errors_say_where_the_file_breaks() {
    let error = parse("{\n  \"mode\": \"self\",,\n}").unwrap_err();
    assert_eq!((error.line, error.column), (2, 18), "{error}");
    assert!(error.to_string().contains("line 2 column 18"), "{error}");
    let error = parse("{\"é\": tru}").unwrap_err();
    assert_eq!((error.line, error.column), (1, 7), "{error}");
    for (bad, problem) in [
        ("", "expected a value"),
        ("{} {}", "unexpected text after the end"),
        ("{\"a\": 1, \"a\": 2}", "a name given twice in one group"),
        ("\"tab\there\"", "a control character inside text"),
        ("\"open", "text without its closing quote"),
        ("[1 2]", "expected a comma or a closing bracket"),
        ("{1: 2}", "expected a name in quotes"),
    ] {
        assert_eq!(parse(bad).unwrap_err().problem, problem, "{bad}");
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep = "[".repeat(100_000);
    assert_eq!(parse(&deep).unwrap_err().problem, "nested too deeply");
    let fine = format!("{}{}", "[".repeat(30), "]".repeat(30));
    assert!(parse(&fine).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn it_writes_what_serde_json_writes(value in any_json()) {
        prop_assert_eq!(from_reference(&value).to_text(), value.to_string());
    }
}
