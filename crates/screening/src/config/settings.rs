//! Reading the configuration's JSON tree into typed values, with errors that
//! name the setting (`eligibility.practices[2].ods`) for the service's admin.
//!
//! Reading notes the first problem in [`Problems`] and goes on with empty
//! values, rather than returning at each one: every early return made the
//! wasm drop what had been read so far, and that cost about 2 KB brotli.
//! Nothing read is used unless there was no problem at all.

use super::{ConfigError, invalid};
use crate::json::Value;
use std::cell::Cell;

/// The first problem found while reading a configuration.
#[derive(Default)]
pub(crate) struct Problems(Cell<Option<ConfigError>>);

impl Problems {
    fn note(&self, problem: ConfigError) {
        let first = self.0.take().unwrap_or(problem);
        self.0.set(Some(first));
    }

    /// `read`, unless a problem was noted while reading it.
    pub(crate) fn result<T>(self, read: T) -> Result<T, ConfigError> {
        match self.0.into_inner() {
            None => Ok(read),
            Some(problem) => Err(problem),
        }
    }
}

/// One group of settings (a JSON object) being read. Every setting must be
/// taken: [`Settings::finish`] notes the ones left over, so a misspelt
/// setting is an error rather than silently ignored.
pub(crate) struct Settings<'p> {
    problems: &'p Problems,
    /// The group's own name in errors; empty at the top level.
    path: String,
    members: Vec<(String, Value)>,
}

impl<'p> Settings<'p> {
    /// The group of settings named `path`.
    pub(crate) fn group(problems: &'p Problems, path: String, value: Value) -> Settings<'p> {
        let members = match value {
            Value::Object(members) => members,
            other => {
                problems.note(wrong_kind(&path, "a group of settings in braces", &other));
                Vec::new()
            }
        };
        Settings {
            problems,
            path,
            members,
        }
    }

    /// The full name of the setting `key` in this group.
    pub(crate) fn path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Notes that the setting `key` has `problem`.
    pub(crate) fn refuse(&self, key: &str, problem: impl Into<String>) {
        self.problems.note(invalid(self.path(key), problem));
    }

    /// The setting `key`, if given and not null.
    pub(crate) fn optional(&mut self, key: &str) -> Option<Value> {
        let index = self.members.iter().position(|(name, _)| name == key)?;
        match self.members.remove(index).1 {
            Value::Null => None,
            value => Some(value),
        }
    }

    /// The setting `key`, which must be given (null, after noting the
    /// problem, if it is not).
    pub(crate) fn required(&mut self, key: &str) -> Value {
        self.optional(key).unwrap_or_else(|| {
            self.refuse(key, "is missing");
            Value::Null
        })
    }

    pub(crate) fn text(&mut self, key: &str) -> String {
        let value = self.required(key);
        self.as_text(key, value)
    }

    pub(crate) fn optional_text(&mut self, key: &str) -> Option<String> {
        let value = self.optional(key)?;
        Some(self.as_text(key, value))
    }

    /// The text `value` of the setting `key`.
    pub(crate) fn as_text(&self, key: &str, value: Value) -> String {
        match value {
            Value::String(text) => text,
            other => {
                self.wrong_kind(key, "text in double quotes", &other);
                String::new()
            }
        }
    }

    pub(crate) fn optional_flag(&mut self, key: &str) -> Option<bool> {
        match self.optional(key)? {
            Value::Bool(flag) => Some(flag),
            other => {
                self.wrong_kind(key, "true or false", &other);
                None
            }
        }
    }

    /// The setting `key`, a whole number of zero or more that fits `T`.
    pub(crate) fn number<T: TryFrom<u64> + Default>(&mut self, key: &str) -> T {
        let value = self.required(key);
        self.as_number(key, value)
    }

    pub(crate) fn optional_number<T: TryFrom<u64> + Default>(&mut self, key: &str) -> Option<T> {
        let value = self.optional(key)?;
        Some(self.as_number(key, value))
    }

    /// The number `value` of the setting `key`.
    pub(crate) fn as_number<T: TryFrom<u64> + Default>(&self, key: &str, value: Value) -> T {
        let Value::Number(digits) = value else {
            self.wrong_kind(key, "a whole number", &value);
            return T::default();
        };
        match digits.parse::<u64>().ok().map(T::try_from) {
            Some(Ok(number)) => number,
            _ => {
                self.refuse(key, format!("{digits} is not a whole number in range"));
                T::default()
            }
        }
    }

    /// The setting `key`, one of `choices` written as its name.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        key: &str,
        choices: &[T],
        name: fn(T) -> &'static str,
    ) -> T {
        let text = self.text(key);
        self.named(key, &text, choices, name)
    }

    /// `text`, given for the setting `key`, as one of `choices` written as
    /// its name (the first choice if it is none of them).
    pub(crate) fn named<T: Copy>(
        &self,
        key: &str,
        text: &str,
        choices: &[T],
        name: fn(T) -> &'static str,
    ) -> T {
        if let Some(choice) = choices.iter().copied().find(|c| name(*c) == text) {
            return choice;
        }
        let names: Vec<&str> = choices.iter().map(|c| name(*c)).collect();
        self.refuse(
            key,
            format!("\"{text}\" is not one of {}", names.join(", ")),
        );
        choices[0]
    }

    /// The group `key`, which must be given.
    pub(crate) fn group_of(&mut self, key: &str) -> Settings<'p> {
        let value = self.required(key);
        Settings::group(self.problems, self.path(key), value)
    }

    /// The group `key`, if given.
    pub(crate) fn optional_group(&mut self, key: &str) -> Option<Settings<'p>> {
        let value = self.optional(key)?;
        Some(Settings::group(self.problems, self.path(key), value))
    }

    /// The list `key`, each item as a group of settings with its full name
    /// (`self_help_links[0]`). Empty if not given, unless `required`.
    pub(crate) fn groups(&mut self, key: &str, required: bool) -> Vec<Settings<'p>> {
        let items = self.list(key, required);
        let path = self.path(key);
        let mut groups = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            groups.push(Settings::group(self.problems, format!("{path}[{i}]"), item));
        }
        groups
    }

    /// The list `key`, each item text.
    pub(crate) fn texts(&mut self, key: &str, required: bool) -> Vec<String> {
        let items = self.list(key, required);
        let mut texts = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            texts.push(self.as_text(&format!("{key}[{i}]"), item));
        }
        texts
    }

    fn list(&mut self, key: &str, required: bool) -> Vec<Value> {
        let value = if required {
            self.required(key)
        } else {
            self.optional(key).unwrap_or(Value::Array(Vec::new()))
        };
        match value {
            Value::Array(items) => items,
            other => {
                self.wrong_kind(key, "a list in square brackets", &other);
                Vec::new()
            }
        }
    }

    /// The members left in this group as `(key, value)`, for a group whose
    /// keys are names (`cutoffs`, `fields`) rather than settings.
    pub(crate) fn take_members(&mut self) -> Vec<(String, Value)> {
        std::mem::take(&mut self.members)
    }

    /// Notes any setting not taken: it is misspelt, or not one this widget has.
    pub(crate) fn finish(self) {
        if let Some((key, _)) = self.members.first() {
            self.refuse(
                key,
                "is not a setting here; check its spelling and where it is placed",
            );
        }
    }

    fn wrong_kind(&self, key: &str, wanted: &str, found: &Value) {
        // A missing required setting reads as null, after its own problem.
        self.problems
            .note(wrong_kind(&self.path(key), wanted, found));
    }
}

fn wrong_kind(path: &str, wanted: &str, found: &Value) -> ConfigError {
    let path = if path.is_empty() {
        "the configuration"
    } else {
        path
    };
    invalid(path, format!("should be {wanted}, not {}", kind(found)))
}

/// What kind of value `value` is, in the admin's words ("a list", "text").
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a group of settings",
    }
}
