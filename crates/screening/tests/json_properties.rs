//! Properties of the configuration's JSON parser: whatever it is
//! given, it never panics, and every error says where the text breaks; on
//! JSON it reads what serde_json, the reference, reads; and damaged JSON is
//! accepted or refused as serde_json accepts or refuses it.
//!
//! Where the two deliberately differ, the difference is asserted as such:
//! - a name given twice in one group is refused here (serde_json keeps the
//!   last), so the reference below is serde_json with duplicates refused;
//! - numbers keep their text here, so one too large for a float
//!   (`1e400`) is accepted, where serde_json says "number out of range";
//! - values nested more than 32 deep are refused here ("nested too deeply"),
//!   where serde_json allows 128.
//!
//! The parser reads `&str`: bytes that are not UTF-8 never reach it (the
//! browser and the endpoint decode text first), so arbitrary bytes are fed to
//! it as their lossy UTF-8 decoding, which keeps every valid run as it was.

use proptest::prelude::*;
use proptest::sample::Index;
use screening::json::{SyntaxError, Value, parse};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Reference;
use std::fmt;

/// The parser's documented depth limit: a value at this depth is read, one
/// deeper is refused.
const MAX_DEPTH: usize = 32;

// ---------------------------------------------------------------------------
// The reference: serde_json, refusing a name given twice in one group.

struct Strict(Reference);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Reference;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Reference, E> {
        Ok(Reference::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Reference, E> {
        Ok(Reference::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Reference, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Reference, E> {
        Ok(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Reference, E> {
        serde_json::Number::from_f64(v)
            .map(Reference::Number)
            .ok_or_else(|| E::custom("not a finite number"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Reference, E> {
        Ok(Reference::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Reference, E> {
        Ok(Reference::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Reference, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Reference::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Reference, A::Error> {
        let mut members = serde_json::Map::new();
        while let Some(name) = map.next_key::<String>()? {
            let Strict(value) = map.next_value()?;
            if members.insert(name.clone(), value).is_some() {
                return Err(de::Error::custom(format!("duplicate name {name:?}")));
            }
        }
        Ok(Reference::Object(members))
    }
}

fn reference(text: &str) -> Result<Reference, serde_json::Error> {
    serde_json::from_str::<Strict>(text).map(|Strict(value)| value)
}

// ---------------------------------------------------------------------------
// Checks shared by the properties.

/// The byte offset of a 1-based line and column (in characters), if that
/// place is within `text` (the end of the text included).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 || column == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    let line_text = text[start..].split('\n').next().unwrap_or_default();
    if column == 1 {
        return Some(start);
    }
    let (i, c) = line_text.char_indices().nth(column - 2)?;
    Some(start + i + c.len_utf8())
}

/// The error says a place within `text`, and says it in its message.
fn assert_positioned(text: &str, error: &SyntaxError) -> Result<(), TestCaseError> {
    prop_assert!(
        offset_of(text, error.line, error.column).is_some(),
        "{error:?} is not a place in {text:?}"
    );
    let message = error.to_string();
    let place = format!("line {} column {}", error.line, error.column);
    prop_assert!(message.contains(&place), "{message:?} does not say {place}");
    prop_assert!(!error.problem.is_empty());
    Ok(())
}

/// How deep the deepest value is: the root is at 0, the items of a group or
/// list one deeper than it.
fn depth(value: &Reference) -> usize {
    let children: Vec<&Reference> = match value {
        Reference::Array(items) => items.iter().collect(),
        Reference::Object(members) => members.values().collect(),
        _ => Vec::new(),
    };
    children
        .into_iter()
        .map(|c| 1 + depth(c))
        .max()
        .unwrap_or(0)
}

/// Whether the parser's value is the reference's: groups' members in any
/// order (serde_json sorts them); whole numbers exactly, others within
/// 1e-12 (serde_json reads fractions and numbers beyond 64 bits as floats,
/// not always to the nearest one).
fn same(ours: &Value, theirs: &Reference) -> bool {
    match (ours, theirs) {
        (Value::Null, Reference::Null) => true,
        (Value::Bool(a), Reference::Bool(b)) => a == b,
        (Value::String(a), Reference::String(b)) => a == b,
        (Value::Number(text), Reference::Number(n)) => {
            let whole = !text.contains(['.', 'e', 'E']);
            if let (true, Some(u)) = (whole, n.as_u64()) {
                text.parse::<u64>() == Ok(u)
            } else if let (true, Some(i)) = (whole, n.as_i64()) {
                text.parse::<i64>() == Ok(i)
            } else {
                let (x, y) = (text.parse::<f64>().unwrap(), n.as_f64().unwrap());
                x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
            }
        }
        (Value::Array(xs), Reference::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y))
        }
        (Value::Object(xs), Reference::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(k, x)| ys.get(k).is_some_and(|y| same(x, y)))
        }
        _ => false,
    }
}

/// Parses `text` (never panicking: proptest reports a panic as a failure),
/// checks any error's position, and compares with the reference: the same
/// value, or both refusing, or one of the documented differences.
fn check_against_reference(text: &str) -> Result<(), TestCaseError> {
    let ours = parse(text);
    if let Err(error) = &ours {
        assert_positioned(text, error)?;
    }
    match (ours, reference(text)) {
        (Ok(ours), Ok(theirs)) => {
            prop_assert!(same(&ours, &theirs), "{text:?}: {ours:?} is not {theirs:?}");
        }
        (Err(_), Err(_)) => {}
        // Documented: numbers keep their text, so one beyond a float is read.
        (Ok(_), Err(e)) if e.to_string().starts_with("number out of range") => {}
        (Ok(ours), Err(e)) => {
            prop_assert!(false, "{text:?} is not JSON ({e}) but was read as {ours:?}");
        }
        // Documented: a stricter depth limit than serde_json's.
        (Err(e), Ok(theirs)) if e.problem == "nested too deeply" => {
            prop_assert!(
                depth(&theirs) > MAX_DEPTH,
                "{text:?}: {e} at depth {}",
                depth(&theirs)
            );
        }
        (Err(e), Ok(theirs)) => {
            prop_assert!(false, "{text:?} is JSON ({theirs}) but was refused: {e}");
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Generated JSON: its text, written in any of JSON's ways, with the value the
// text means.

fn whitespace() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "", "", " ", "\n", "\t", "\r\n", "\n    "])
}

/// JSON's number grammar, every branch; small enough exponents that a float
/// holds them (serde_json refuses the rest; see `check_against_reference`).
fn number_text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop_oneof![Just("0".to_owned()), "[1-9][0-9]{0,19}"],
        prop::option::of("[0-9]{1,12}"),
        prop::option::of(("[eE]", "[+-]?", "[0-9]{1,2}")),
    )
        .prop_map(|(negative, whole, fraction, exponent)| {
            let mut text = String::new();
            if negative {
                text.push('-');
            }
            text.push_str(&whole);
            if let Some(fraction) = fraction {
                text.push('.');
                text.push_str(&fraction);
            }
            if let Some((e, sign, digits)) = exponent {
                text.push_str(&e);
                text.push_str(&sign);
                text.push_str(&digits);
            }
            text
        })
}

/// Characters that need care: quote, backslash, slash, control characters,
/// DEL, non-ASCII in two, three and four bytes (the last written in JSON as
/// a surrogate pair), the line separators JavaScript minds, the last ones.
const AWKWARD: [char; 16] = [
    '"',
    '\\',
    '/',
    '\0',
    '\u{8}',
    '\t',
    '\n',
    '\u{1f}',
    '\u{7f}',
    'é',
    '€',
    '\u{2028}',
    '\u{ffff}',
    '😀',
    '\u{10000}',
    '\u{10ffff}',
];

/// `c` as a `\u` escape: one, or a surrogate pair beyond the BMP.
fn unicode_escape(c: char, upper: bool) -> String {
    let mut units = [0u16; 2];
    c.encode_utf16(&mut units)
        .iter()
        .map(|u| {
            if upper {
                format!("\\u{u:04X}")
            } else {
                format!("\\u{u:04x}")
            }
        })
        .collect()
}

fn short_escape(c: char) -> Option<&'static str> {
    Some(match c {
        '"' => "\\\"",
        '\\' => "\\\\",
        '/' => "\\/",
        '\u{8}' => "\\b",
        '\u{c}' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => return None,
    })
}

/// A string literal, each character written raw, as a short escape or as a
/// `\u` escape in either case; with the text it means.
fn string_literal() -> impl Strategy<Value = (String, String)> {
    let character = prop_oneof![3 => any::<char>(), 2 => prop::sample::select(AWKWARD.to_vec())];
    prop::collection::vec((character, 0u8..4), 0..10).prop_map(|chars| {
        let mut literal = String::from("\"");
        let mut text = String::new();
        for (c, style) in chars {
            text.push(c);
            let must_escape = c == '"' || c == '\\' || c < ' ';
            match style {
                0 if !must_escape => literal.push(c),
                1 if short_escape(c).is_some() => literal.push_str(short_escape(c).unwrap()),
                2 | 3 => literal.push_str(&unicode_escape(c, style == 3)),
                _ => match short_escape(c) {
                    Some(escape) => literal.push_str(escape),
                    None if must_escape => literal.push_str(&unicode_escape(c, false)),
                    None => literal.push(c),
                },
            }
        }
        literal.push('"');
        (literal, text)
    })
}

/// Any JSON value as text, with its meaning.
fn json_value() -> impl Strategy<Value = (String, Value)> {
    let leaf = prop_oneof![
        Just(("null".to_owned(), Value::Null)),
        Just(("true".to_owned(), Value::Bool(true))),
        Just(("false".to_owned(), Value::Bool(false))),
        number_text().prop_map(|n| (n.clone(), Value::Number(n))),
        string_literal().prop_map(|(literal, text)| (literal, Value::String(text))),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![list(inner.clone()), group(inner)]
    })
}

fn list(item: impl Strategy<Value = (String, Value)>) -> impl Strategy<Value = (String, Value)> {
    (
        prop::collection::vec((whitespace(), item, whitespace()), 0..5),
        whitespace(),
    )
        .prop_map(|(items, empty)| {
            let mut text = String::from("[");
            if items.is_empty() {
                text.push_str(empty);
            }
            let mut values = Vec::new();
            for (i, (before, (item, value), after)) in items.into_iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(before);
                text.push_str(&item);
                text.push_str(after);
                values.push(value);
            }
            text.push(']');
            (text, Value::Array(values))
        })
}

fn group(member: impl Strategy<Value = (String, Value)>) -> impl Strategy<Value = (String, Value)> {
    let spaced = (whitespace(), whitespace(), whitespace(), whitespace());
    (
        prop::collection::vec((string_literal(), spaced, member), 0..5),
        whitespace(),
    )
        .prop_map(|(members, empty)| {
            let mut text = String::from("{");
            if members.is_empty() {
                text.push_str(empty);
            }
            let mut values: Vec<(String, Value)> = Vec::new();
            for ((literal, name), (a, b, c, d), (item, value)) in members {
                // Each name once: a name given twice is refused (tested below).
                if values.iter().any(|(n, _)| *n == name) {
                    continue;
                }
                if !values.is_empty() {
                    text.push(',');
                }
                text.push_str(&format!("{a}{literal}{b}:{c}{item}{d}"));
                values.push((name, value));
            }
            text.push('}');
            (text, Value::Object(values))
        })
}

/// A whole document: a value with whitespace around it.
fn document() -> impl Strategy<Value = (String, Value)> {
    (whitespace(), json_value(), whitespace())
        .prop_map(|(before, (text, value), after)| (format!("{before}{text}{after}"), value))
}

/// A document whose value is a group or a list, as a configuration is, with
/// nothing after its closing bracket.
fn container_document() -> impl Strategy<Value = (String, Value)> {
    (
        whitespace(),
        prop_oneof![list(json_value()), group(json_value())],
    )
        .prop_map(|(before, (text, value))| (format!("{before}{text}"), value))
}

/// Text made of JSON's pieces in any order: it reaches far deeper into the
/// parser than random characters do.
fn token_soup() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "{", "}", "[", "]", ",", ":", "\"", "\"a\"", "\\", "\\u", "\\ud83d", "\\ude00", "\\u00e9",
        "\\n", "\\x", "0", "1", "9", "-", "+", ".", "e", "E", "true", "false", "null", "tru",
        "nul", " ", "\n", "\t", "\r", "é", "😀", "\u{0}", "\u{1f}", "\u{7f}", "a", "\u{feff}",
    ]);
    prop::collection::vec(token, 0..48).prop_map(|tokens| tokens.concat())
}

/// Damage done to a document: a byte inserted, deleted or replaced at a place.
#[derive(Debug, Clone)]
enum Damage {
    Insert(Index, u8),
    Delete(Index),
    Replace(Index, u8),
}

fn damage() -> impl Strategy<Value = Damage> {
    // Bytes that matter to JSON, and any byte at all (a lone byte of a
    // multi-byte character decodes as U+FFFD).
    let byte = prop_oneof![
        3 => prop::sample::select(b"{}[],:\"\\/0123456789-+.eEtrufalsn \n\t\r\x00\x1f\x7f".to_vec()),
        1 => any::<u8>(),
    ];
    prop_oneof![
        (any::<Index>(), byte.clone()).prop_map(|(at, b)| Damage::Insert(at, b)),
        any::<Index>().prop_map(Damage::Delete),
        (any::<Index>(), byte).prop_map(|(at, b)| Damage::Replace(at, b)),
    ]
}

fn apply(text: &str, damages: &[Damage]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for damage in damages {
        match *damage {
            Damage::Insert(at, b) => bytes.insert(at.index(bytes.len() + 1), b),
            Damage::Delete(at) if !bytes.is_empty() => {
                bytes.remove(at.index(bytes.len()));
            }
            Damage::Replace(at, b) if !bytes.is_empty() => {
                let at = at.index(bytes.len());
                bytes[at] = b;
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

// ---------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// (a) Anything at all: no panic, every error at a place in the text,
    /// and accepted or refused as the reference accepts or refuses it.
    #[test]
    fn arbitrary_bytes_never_panic_and_errors_say_where(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_against_reference(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn arbitrary_text_never_panics_and_errors_say_where(text in any::<String>()) {
        check_against_reference(&text)?;
    }

    #[test]
    fn pieces_of_json_in_any_order_never_panic_and_errors_say_where(text in token_soup()) {
        check_against_reference(&text)?;
    }

    /// Numbers and strings close to the grammar (`01`, `1.`, `-e5`,
    /// `"\ud83d\u0041"`): read exactly when serde_json reads them.
    #[test]
    fn numbers_and_strings_near_the_grammar_agree_with_serde_json(
        number in prop::collection::vec(prop::sample::select(b"-+0019.eE".to_vec()), 1..9),
        string in prop::collection::vec(
            prop::sample::select(vec![
                "\\", "u", "d", "D", "8", "3", "c", "C", "e", "0", "0", "1", "4", "a", "f", "\"",
                "n", "/", "x", "é",
            ]),
            0..16,
        ),
    ) {
        check_against_reference(&String::from_utf8(number).unwrap())?;
        check_against_reference(&format!("\"{}\"", string.concat()))?;
    }

    /// (b) JSON written any way JSON may be written reads as what it means,
    /// and as serde_json reads it.
    #[test]
    fn json_reads_as_what_it_means_and_as_serde_json_reads_it((text, meaning) in document()) {
        let ours = parse(&text);
        prop_assert_eq!(ours.as_ref(), Ok(&meaning), "{:?}", text);
        let theirs = reference(&text);
        prop_assert!(theirs.is_ok(), "serde_json refuses {:?}: {:?}", text, theirs);
        let theirs = theirs.unwrap();
        prop_assert!(same(&meaning, &theirs), "{text:?}: {meaning:?} is not {theirs:?}");
        // And what it writes reads back the same.
        prop_assert_eq!(parse(&meaning.to_text()), Ok(meaning));
    }

    /// (c) Any document cut short: refused, or read exactly when serde_json
    /// reads it (a number cut short is still a number; so is `[1] ` cut to `[1]`).
    #[test]
    fn any_document_cut_short_agrees_with_serde_json((text, _) in document(), cut in any::<Index>()) {
        let mut end = cut.index(text.len() + 1);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        check_against_reference(&text[..end])?;
    }

    /// (c) A document with one to three bytes inserted, deleted or replaced:
    /// no panic, and accepted or refused as serde_json accepts or refuses it.
    #[test]
    fn a_damaged_document_agrees_with_serde_json(
        (text, _) in document(),
        damages in prop::collection::vec(damage(), 1..4),
    ) {
        check_against_reference(&apply(&text, &damages))?;
    }

    /// The documented depth limit: a value at depth 32 is read, one at 33 is
    /// refused, whether lists or groups, with or without a value innermost.
    #[test]
    fn values_deeper_than_32_are_refused_and_no_shallower(
        levels in 0usize..=80,
        groups in prop::collection::vec(any::<bool>(), 80),
        innermost in prop::sample::select(vec!["", "1", "\"x\"", "[]", "{}"]),
    ) {
        let mut text = String::new();
        for &group in &groups[..levels] {
            text.push_str(if group { "{\"k\":" } else { "[" });
        }
        let innermost = if levels == 0 && innermost.is_empty() { "null" } else { innermost };
        // A group needs a value for its name.
        let innermost = if levels > 0 && groups[levels - 1] && innermost.is_empty() { "null" } else { innermost };
        text.push_str(innermost);
        for &group in groups[..levels].iter().rev() {
            text.push(if group { '}' } else { ']' });
        }
        let deepest = reference(&text).map(|v| depth(&v)).unwrap();
        match parse(&text) {
            Ok(_) => prop_assert!(deepest <= MAX_DEPTH, "{text} read at depth {deepest}"),
            Err(e) => {
                prop_assert_eq!(e.problem, "nested too deeply");
                prop_assert!(deepest > MAX_DEPTH, "{} refused at depth {}", text, deepest);
            }
        }
        check_against_reference(&text)?;
    }

    /// The documented difference in groups: a name given twice is refused,
    /// at the second one.
    #[test]
    fn a_name_given_twice_in_a_group_is_refused_at_the_second(
        (literal, _) in string_literal(),
        (first, _) in json_value(),
        (second, _) in json_value(),
    ) {
        let text = format!("{{{literal}:{first},{literal}:{second}}}");
        let error = parse(&text).unwrap_err();
        prop_assert_eq!(error.problem, "a name given twice in one group");
        let second_at = 1 + literal.len() + 1 + first.len() + 1;
        prop_assert_eq!(offset_of(&text, error.line, error.column), Some(second_at));
        prop_assert!(serde_json::from_str::<Reference>(&text).is_ok());
        check_against_reference(&text)?;
    }
}

proptest! {
    // Each case cuts its document at every character: hundreds of checks.
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// (c) A group or list cut short anywhere is refused, at a place within
    /// what is left; never read as something else.
    #[test]
    fn a_document_cut_short_anywhere_is_refused((text, _) in container_document()) {
        for end in (0..text.len()).filter(|&end| text.is_char_boundary(end)) {
            let cut = &text[..end];
            match parse(cut) {
                Ok(value) => prop_assert!(false, "{cut:?}, cut from {text:?}, read as {value:?}"),
                Err(error) => assert_positioned(cut, &error)?,
            }
            prop_assert!(reference(cut).is_err(), "serde_json reads {:?}", cut);
        }
    }
}

/// Numbers too large for a float are JSON, kept as written here; serde_json
/// refuses them (the one place it is stricter).
#[test]
fn a_number_beyond_a_float_is_kept_as_written() {
    for text in ["1e400", "-1e400", "[1e999]", "{\"a\": 123456789e305}"] {
        assert!(parse(text).is_ok(), "{text}");
        let refused = reference(text).unwrap_err().to_string();
        assert!(refused.starts_with("number out of range"), "{refused}");
    }
}

/// What the properties mean by a place, pinned on a few cases: columns count
/// characters (not bytes), an error may be at the very end of the text, and
/// lines count newlines.
#[test]
fn positions_count_characters_and_lines() {
    for (text, line, column) in [
        ("", 1, 1),
        ("é", 1, 1),
        ("\"é\\x\"", 1, 4),
        ("[\n1,\n", 3, 1),
        ("\"\\ud83d\"", 1, 8),
        ("\"😀\\u12\"", 1, 5),
        ("{\"a\"\n\n:", 3, 2),
    ] {
        let error = parse(text).unwrap_err();
        assert_eq!(
            (error.line, error.column),
            (line, column),
            "{text:?}: {error}"
        );
        assert!(offset_of(text, line, column).is_some(), "{text:?}");
    }
}
