//! Small JSON helpers: a canonical text form, and error messages with the
//! sender's values taken out.

use serde_json::Value;

/// `value` as compact JSON with every object's keys sorted, so two bodies
/// that differ only in whitespace or key order give the same text. Replays are
/// compared on this text. (Sorting here, rather than relying on serde_json's
/// map order, keeps it canonical even if some crate turns on `preserve_order`.)
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Takes the sender's values out of a serde error message. serde quotes the
/// value it could not use (`invalid type: string "Sam", expected u8`,
/// ``unknown variant `x` ``), and that value may be a name or a phone number;
/// the field and the rule are enough to fix the sender's bug.
pub fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            // A Rust-escaped string: skip to its unescaped closing quote.
            let mut escaped = false;
            for inner in chars.by_ref() {
                match (escaped, inner) {
                    (false, '\\') => escaped = true,
                    (false, '"') => break,
                    _ => escaped = false,
                }
            }
            out.push_str("\"…\"");
        } else {
            out.push(c);
        }
    }
    // serde puts other values in backticks: numbers (an NHS number sent as
    // an integer), characters, and unknown variants (which may themselves
    // hold a backtick, so those run to the "`, expected" that follows).
    // Field names in backticks ("unknown field `x`", "expected one of `a`")
    // come from the schema or the sender's keys and help to fix the bug.
    for marker in [
        "integer `",
        "floating point `",
        "character `",
        "unknown variant `",
    ] {
        let Some(start) = out.find(marker) else {
            continue;
        };
        let value_start = start + marker.len();
        let rest = &out[value_start..];
        let len = if marker == "unknown variant `" {
            rest.find("`, expected").or_else(|| rest.rfind('`'))
        } else {
            rest.find('`')
        };
        if let Some(len) = len {
            out.replace_range(value_start..value_start + len, "…");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_and_whitespace_do_not_change_the_canonical_form() {
        let a: Value =
            serde_json::from_str(r#"{"b": [1, {"y": 2, "x": "é\""}], "a": null}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":null,"b":[1,{"x":"é\"","y":2}]}"#).unwrap();
        assert_eq!(canonical(&a), canonical(&b));
        assert_eq!(canonical(&a), r#"{"a":null,"b":[1,{"x":"é\"","y":2}]}"#);
        assert_eq!(serde_json::from_str::<Value>(&canonical(&a)).unwrap(), a);
        assert_ne!(canonical(&json!({"a": 1})), canonical(&json!({"a": 2})));
    }

    #[test]
    fn quoted_values_are_removed_from_messages() {
        assert_eq!(
            without_values(r#"invalid type: string "Sam \"S\" Jones", expected u8"#),
            r#"invalid type: string "…", expected u8"#
        );
        assert_eq!(
            without_values("unknown variant `Jones`, expected one of `self`, `clinic`"),
            "unknown variant `…`, expected one of `self`, `clinic`"
        );
        assert_eq!(
            without_values("invalid type: integer `9434765919`, expected a string"),
            "invalid type: integer `…`, expected a string"
        );
        assert_eq!(
            without_values("invalid value: floating point `7.5`, expected u8"),
            "invalid value: floating point `…`, expected u8"
        );
        assert_eq!(
            without_values("invalid type: character `S`, expected a boolean"),
            "invalid type: character `…`, expected a boolean"
        );
        assert_eq!(
            without_values("unknown variant `Sam`Jones`, expected one of `self`, `clinic`"),
            "unknown variant `…`, expected one of `self`, `clinic`"
        );
        assert_eq!(
            without_values("unknown field `surprise`, expected `schema`"),
            "unknown field `surprise`, expected `schema`"
        );
    }
}
