//! Properties of the configuration reader: whatever file it is
//! given, it never panics, and a refusal always names the setting at fault
//! (`eligibility.practices[2].ods`) or the place where the file stops being
//! JSON (line and column), so the service's admin can find it.
//!
//! The valid configurations these start from are the examples the repository
//! ships (public/config.json, embed-config.json, clinic-config.json).

use proptest::prelude::*;
use proptest::sample::Index;
use screening::json::{self, Value};
use screening::{Catalogue, ConfigError, ServiceConfig};
use std::sync::OnceLock;

const EXAMPLES: [(&str, &str); 3] = [
    ("config.json", include_str!("../../../public/config.json")),
    (
        "embed-config.json",
        include_str!("../../../public/embed-config.json"),
    ),
    (
        "clinic-config.json",
        include_str!("../../../public/clinic-config.json"),
    ),
];

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::load().unwrap())
}

fn read(text: &str) -> Result<ServiceConfig, ConfigError> {
    ServiceConfig::from_json(text, catalogue())
}

// ---------------------------------------------------------------------------
// Paths: a setting's name as errors write it, `eligibility.practices[2].ods`.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Item(usize),
}

/// A path as errors write it; the empty path is the whole configuration.
fn written(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Item(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The setting of `tree` that `field` names: one that is there, or one
/// missing from a group that is there (the configuration's own names are
/// letters, digits and underscores; names in the file may be anything).
fn named_setting(tree: &Value, field: &str) -> Option<Vec<Step>> {
    let paths = all_paths(tree);
    if let Some(path) = paths.iter().find(|path| written(path) == field) {
        return Some(path.clone());
    }
    let own_name = |key: &str| {
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    paths.into_iter().find_map(|mut path| {
        let Some(Value::Object(members)) = at(tree, &path) else {
            return None;
        };
        let key = if path.is_empty() {
            field
        } else {
            field.strip_prefix(&written(&path))?.strip_prefix('.')?
        };
        if !own_name(key) || members.iter().any(|(name, _)| name == key) {
            return None;
        }
        path.push(Step::Key(key.to_owned()));
        Some(path)
    })
}

fn at<'v>(value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter()
        .try_fold(value, |value, step| match (value, step) {
            (Value::Object(members), Step::Key(key)) => {
                members.iter().find(|(name, _)| name == key).map(|(_, v)| v)
            }
            (Value::Array(items), Step::Item(i)) => items.get(*i),
            _ => None,
        })
}

fn at_mut<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter()
        .try_fold(value, |value, step| match (value, step) {
            (Value::Object(members), Step::Key(key)) => members
                .iter_mut()
                .find(|(name, _)| name == key)
                .map(|(_, v)| v),
            (Value::Array(items), Step::Item(i)) => items.get_mut(*i),
            _ => None,
        })
}

/// Every value's path in `value`, the root's (empty) first.
fn all_paths(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(path.clone());
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    path.push(Step::Key(key.clone()));
                    walk(member, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Step::Item(i));
                    walk(item, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

// ---------------------------------------------------------------------------
// What a refusal must say.

/// The 1-based line and column an unreadable file's message gives, if they
/// are a place within `text` (its end included).
fn place_in(text: &str, message: &str) -> Option<(usize, usize)> {
    let (_, place) = message.rsplit_once(" at line ")?;
    let (line, column) = place.split_once(" column ")?;
    let (line, column): (usize, usize) = (line.parse().ok()?, column.parse().ok()?);
    let line_text = text.split('\n').nth(line.checked_sub(1)?)?;
    (1..=line_text.chars().count() + 1)
        .contains(&column)
        .then_some((line, column))
}

/// A refusal of `text` names a place in it, or a setting of `tree` (what
/// `text` reads as; see `named_setting`). Returns the setting's path, if it
/// names one.
fn assert_names_where(
    text: &str,
    tree: Option<&Value>,
    error: &ConfigError,
) -> Result<Option<Vec<Step>>, TestCaseError> {
    match error {
        ConfigError::Unreadable(message) => {
            prop_assert!(
                tree.is_none(),
                "{text:?} is JSON but was unreadable: {message}"
            );
            prop_assert!(
                place_in(text, message).is_some(),
                "{message:?} names no place in {text:?}"
            );
            prop_assert_eq!(
                error.to_string(),
                format!("the configuration is not valid: {message}")
            );
            Ok(None)
        }
        ConfigError::Invalid { field, problem } => {
            prop_assert!(!problem.is_empty(), "{field} has an empty problem");
            prop_assert_eq!(error.to_string(), format!("{field}: {problem}"));
            let Some(tree) = tree else {
                prop_assert!(false, "{text:?} is not JSON, yet refused as {error}");
                unreachable!()
            };
            if field == "the configuration" {
                prop_assert!(
                    !matches!(tree, Value::Object(_)),
                    "a group of settings refused as a whole: {error}"
                );
                return Ok(Some(Vec::new()));
            }
            let path = named_setting(tree, field);
            prop_assert!(
                path.is_some(),
                "{field:?} is no setting in the file ({error})"
            );
            let path = path.unwrap();
            Ok(Some(path))
        }
    }
}

// ---------------------------------------------------------------------------
// Mutations of a valid configuration.

fn number(text: &str) -> Value {
    Value::Number(text.to_owned())
}

fn text(text: impl Into<String>) -> Value {
    Value::String(text.into())
}

/// What a setting may be replaced with: each kind of value, empty text,
/// huge and negative numbers, very long text, null, a nested group.
fn replacements() -> Vec<Value> {
    let nested = Value::Object(vec![(
        "nested".to_owned(),
        Value::Object(vec![(
            "deeper".to_owned(),
            Value::Array(vec![
                number("1"),
                Value::Object(vec![("x".to_owned(), Value::Null)]),
            ]),
        )]),
    )]);
    vec![
        Value::Null,
        Value::Bool(true),
        Value::Bool(false),
        number("0"),
        number("7"),
        number("1.5"),
        // Huge.
        number("256"),
        number("65536"),
        number("4294967296"),
        number("18446744073709551615"),
        number("18446744073709551616"),
        number("99999999999999999999999999999999999999"),
        number("1e30"),
        number("1e400"),
        // Negative.
        number("-1"),
        number("-0"),
        number("-1.5"),
        number("-9223372036854775809"),
        number("-1e400"),
        text(""),
        text(" "),
        text("text"),
        text("\u{0}\n\"\\ \u{202e}"),
        text("x".repeat(10_000)),
        text("é".repeat(5_000)),
        text("😀".repeat(3_000)),
        Value::Array(Vec::new()),
        Value::Array(vec![number("1"), text("x"), Value::Null]),
        Value::Object(Vec::new()),
        nested,
    ]
}

/// A value to put in a configuration: its keys the configuration's own
/// names or unknown ones, its leaves values a configuration has or junk.
fn setting_like_value() -> impl Strategy<Value = Value> {
    let name = prop::sample::select(vec![
        "config_version",
        "service",
        "name",
        "phone",
        "email",
        "contact_within_working_days",
        "endpoint",
        "submission",
        "timeout_seconds",
        "mode",
        "branding",
        "link_colour",
        "button_colour",
        "logo",
        "src",
        "alt",
        "conditions",
        "cutoffs",
        "phq9",
        "gad7",
        "diabetes",
        "copd",
        "cardiac",
        "pre_screens",
        "referral_below_cutoff",
        "eligibility",
        "minimum_age",
        "years",
        "months",
        "practices",
        "ods",
        "embed_origins",
        "out_of_area_url",
        "fields",
        "nhs_number",
        "gender",
        "ethnicity",
        "crisis_lines",
        "hours",
        "privacy_notice_url",
        "self_help_links",
        "title",
        "url",
        "clinic",
        "inactivity_seconds",
        "warning_seconds",
        "unknown",
    ]);
    let leaf = prop_oneof![
        prop::sample::select(replacements()),
        prop::sample::select(vec![
            "self",
            "embed",
            "clinic",
            "diabetes",
            "copd",
            "required",
            "optional",
            "hidden",
            "F83004",
            "f83005",
            "0300 123 4567",
            "+44 20 7946 0000",
            "#005eb8",
            "#ffffff",
            "public/logo.svg",
            "https://example.nhs.uk/x",
            "http://localhost:8080",
            "http://example.com",
            "https://a.example:0",
            "https://[::1]:443",
        ])
        .prop_map(text),
        (0u64..200).prop_map(|n| number(&n.to_string())),
    ];
    leaf.prop_recursive(3, 24, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((name.clone(), inner), 0..5).prop_map(|members| {
                let mut group: Vec<(String, Value)> = Vec::new();
                for (key, value) in members {
                    if !group.iter().any(|(k, _)| k == key) {
                        group.push((key.to_owned(), value));
                    }
                }
                Value::Object(group)
            }),
        ]
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Delete the member or list item at a path.
    Delete(Index),
    /// Replace the value at a path with one of `replacements()`.
    Replace(Index, Index),
    /// Replace the value at a path with a generated one.
    ReplaceWith(Index, Value),
    /// Add a member no configuration has to the group at a path.
    AddUnknown(Index, String, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::Delete),
        (any::<Index>(), any::<Index>()).prop_map(|(at, with)| Mutation::Replace(at, with)),
        (any::<Index>(), setting_like_value()).prop_map(|(at, v)| Mutation::ReplaceWith(at, v)),
        (any::<Index>(), "[a-z]{1,8}", setting_like_value())
            .prop_map(|(at, key, v)| Mutation::AddUnknown(at, format!("unknown_{key}"), v)),
    ]
}

/// Applies `mutation` to `tree`; returns the path it changed (for a deleted
/// list item, the list: the items after it move up) and whether the change
/// must be refused.
fn apply(tree: &mut Value, mutation: &Mutation) -> (Vec<Step>, bool) {
    let paths = all_paths(tree);
    match mutation {
        Mutation::Delete(at) => {
            let path = &paths[1..][at.index(paths.len() - 1)];
            let (last, parent) = path.split_last().unwrap();
            match (at_mut(tree, parent).unwrap(), last) {
                (Value::Object(members), Step::Key(key)) => {
                    members.retain(|(name, _)| name != key);
                    (path.clone(), false)
                }
                (Value::Array(items), Step::Item(i)) => {
                    items.remove(*i);
                    (parent.to_vec(), false)
                }
                _ => unreachable!(),
            }
        }
        Mutation::Replace(at, with) => {
            let path = &paths[at.index(paths.len())];
            let all = replacements();
            *at_mut(tree, path).unwrap() = all[with.index(all.len())].clone();
            (path.clone(), false)
        }
        Mutation::ReplaceWith(at, value) => {
            let path = &paths[at.index(paths.len())];
            *at_mut(tree, path).unwrap() = value.clone();
            (path.clone(), false)
        }
        Mutation::AddUnknown(place, key, value) => {
            let groups: Vec<&Vec<Step>> = paths
                .iter()
                .filter(|p| matches!(at(tree, p), Some(Value::Object(_))))
                .collect();
            let path = groups[place.index(groups.len())].clone();
            let Some(Value::Object(members)) = at_mut(tree, &path) else {
                unreachable!()
            };
            members.push((key.clone(), value.clone()));
            let mut added = path;
            added.push(Step::Key(key.clone()));
            // A setting no widget has is misspelt: never ignored.
            (added, true)
        }
    }
}

/// Whether an error about `field` is about the change at `changed`: the
/// setting itself, one inside it, or the group it is in (a rule about the
/// group, such as a list with an item twice or an origin badly written).
fn about(field: &[Step], changed: &[Step]) -> bool {
    field.starts_with(changed)
        || changed.is_empty()
        || (!field.is_empty() && changed.len() > 1 && field == &changed[..changed.len() - 1])
}

fn example_trees() -> &'static [Value; 3] {
    static TREES: OnceLock<[Value; 3]> = OnceLock::new();
    TREES.get_or_init(|| EXAMPLES.map(|(_, text)| json::parse(text).unwrap()))
}

// ---------------------------------------------------------------------------
// The properties.

#[test]
fn every_example_configuration_loads() {
    for (name, text) in EXAMPLES {
        if let Err(error) = read(text) {
            panic!("{name}: {error}");
        }
    }
}

/// Every example cut short anywhere is refused as unreadable, at a place
/// within what is left.
#[test]
fn an_example_cut_short_anywhere_is_unreadable_at_a_place_in_it() {
    for (name, text) in EXAMPLES {
        let trimmed = text.trim_end();
        for end in (0..trimmed.len()).filter(|&end| trimmed.is_char_boundary(end)) {
            let cut = &trimmed[..end];
            match read(cut) {
                Err(ConfigError::Unreadable(message)) => assert!(
                    place_in(cut, &message).is_some(),
                    "{name} cut at {end}: {message:?} names no place in it"
                ),
                other => panic!("{name} cut at {end}: {other:?}"),
            }
        }
    }
}

fn any_input() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "\\u00e9",
        "0",
        "1",
        "-",
        "1e400",
        "true",
        "null",
        " ",
        "\n",
        "é",
        "\"mode\"",
        "\"self\"",
        "\"service\"",
        "\"name\"",
        "\"conditions\"",
        "\"eligibility\"",
        "\"practices\"",
        "\"ods\"",
        "\"cutoffs\"",
        "\"phq9\"",
        "\"x\"",
    ]);
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        any::<String>(),
        prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat()),
        setting_like_value().prop_map(|value| value.to_text()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// (a) Any text at all: no panic, and a refusal names a place in the
    /// text or a setting in it.
    #[test]
    fn any_text_is_read_or_refused_naming_a_place_or_a_setting(input in any_input()) {
        let tree = json::parse(&input).ok();
        if let Err(error) = read(&input) {
            assert_names_where(&input, tree.as_ref(), &error)?;
        }
    }

    /// (b) An example configuration with one setting deleted, replaced or
    /// added: no panic; read, or refused naming the setting changed, one
    /// inside it or the group it is in.
    #[test]
    fn a_changed_setting_is_read_or_refused_naming_it(
        example in 0..EXAMPLES.len(),
        mutation in mutation(),
    ) {
        let mut tree = example_trees()[example].clone();
        let (changed, must_refuse) = apply(&mut tree, &mutation);
        let file = tree.to_text();
        let changed_name = written(&changed);
        match read(&file) {
            Ok(_) => prop_assert!(!must_refuse, "{} was ignored", changed_name),
            Err(error) => {
                let field = assert_names_where(&file, Some(&tree), &error)?;
                prop_assert!(field.is_some(), "valid JSON unreadable: {error}");
                let field = field.unwrap();
                prop_assert!(
                    about(&field, &changed),
                    "{} changed in {}, but the error is {error}",
                    changed_name,
                    EXAMPLES[example].0
                );
                if must_refuse {
                    prop_assert_eq!(&field, &changed, "{}", error);
                }
            }
        }
    }

    /// (c) An example with bytes inserted, deleted or replaced: no panic;
    /// read, or refused naming a place in the text or a setting in it.
    #[test]
    fn a_damaged_example_is_read_or_refused_naming_a_place_or_a_setting(
        example in 0..EXAMPLES.len(),
        damages in prop::collection::vec(
            (any::<Index>(), 0u8..3, prop_oneof![
                prop::sample::select(b"{}[],:\"\\0123456789-.e \nabc".to_vec()),
                any::<u8>(),
            ]),
            1..4,
        ),
    ) {
        let mut bytes = EXAMPLES[example].1.as_bytes().to_vec();
        for (at, kind, byte) in damages {
            match kind {
                0 => bytes.insert(at.index(bytes.len() + 1), byte),
                1 => {
                    bytes.remove(at.index(bytes.len()));
                }
                _ => {
                    let at = at.index(bytes.len());
                    bytes[at] = byte;
                }
            }
        }
        let file = String::from_utf8_lossy(&bytes);
        let tree = json::parse(&file).ok();
        if let Err(error) = read(&file) {
            assert_names_where(&file, tree.as_ref(), &error)?;
        }
    }
}
