//! Reading the configuration's JSON tree into typed values, with errors that
//! name the setting (`eligibility.practices[2].ods`) for the service's admin.

use super::{ConfigError, invalid};
use crate::json::Value;

/// One group of settings (a JSON object) being read. Every setting must be
/// taken: [`Settings::finish`] refuses the ones left over, so a misspelt
/// setting is an error rather than silently ignored.
pub(crate) struct Settings {
    /// The group's own name in errors; empty at the top level.
    path: String,
    members: Vec<(String, Value)>,
}

impl Settings {
    /// The top level of a configuration file.
    pub(crate) fn top(value: Value) -> Result<Settings, ConfigError> {
        Settings::group(String::new(), value)
    }

    /// The group of settings named `path`.
    pub(crate) fn group(path: String, value: Value) -> Result<Settings, ConfigError> {
        match value {
            Value::Object(members) => Ok(Settings { path, members }),
            other => Err(wrong_kind(&path, "a group of settings in braces", &other)),
        }
    }

    /// The full name of the setting `key` in this group.
    pub(crate) fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The setting `key`, if given and not null.
    pub(crate) fn optional(&mut self, key: &str) -> Option<Value> {
        let index = self.members.iter().position(|(name, _)| name == key)?;
        match self.members.remove(index).1 {
            Value::Null => None,
            value => Some(value),
        }
    }

    /// The setting `key`, which must be given.
    pub(crate) fn required(&mut self, key: &str) -> Result<Value, ConfigError> {
        self.optional(key)
            .ok_or_else(|| invalid(self.path(key), "is missing"))
    }

    /// The group `key`, which must be given.
    pub(crate) fn required_group(&mut self, key: &str) -> Result<Settings, ConfigError> {
        let value = self.required(key)?;
        Settings::group(self.path(key), value)
    }

    /// The setting `key`, one of `choices` written as its name.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        key: &str,
        choices: &[T],
        name: fn(T) -> &'static str,
    ) -> Result<T, ConfigError> {
        let path = self.path(key);
        let value = self.required(key)?;
        named(&path, &text(&path, value)?, choices, name)
    }

    pub(crate) fn text(&mut self, key: &str) -> Result<String, ConfigError> {
        let value = self.required(key)?;
        text(&self.path(key), value)
    }

    pub(crate) fn optional_text(&mut self, key: &str) -> Result<Option<String>, ConfigError> {
        self.optional(key)
            .map(|value| text(&self.path(key), value))
            .transpose()
    }

    pub(crate) fn optional_flag(&mut self, key: &str) -> Result<Option<bool>, ConfigError> {
        match self.optional(key) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(flag)),
            Some(other) => Err(wrong_kind(&self.path(key), "true or false", &other)),
        }
    }

    pub(crate) fn optional_number(&mut self, key: &str) -> Result<Option<u64>, ConfigError> {
        self.optional(key)
            .map(|value| whole_number(&self.path(key), value))
            .transpose()
    }

    /// The list `key` (empty if not given), each item with its full name
    /// (`self_help_links[0]`).
    pub(crate) fn list(&mut self, key: &str) -> Result<Vec<(String, Value)>, ConfigError> {
        match self.optional(key) {
            None => Ok(Vec::new()),
            Some(value) => list(&self.path(key), value),
        }
    }

    /// The group `key`, if given.
    pub(crate) fn optional_group(&mut self, key: &str) -> Result<Option<Settings>, ConfigError> {
        self.optional(key)
            .map(|value| Settings::group(self.path(key), value))
            .transpose()
    }

    /// The members left in this group, each with its full name, for a group
    /// whose keys are names (`cutoffs`, `fields`) rather than settings.
    pub(crate) fn into_members(self) -> Vec<(String, String, Value)> {
        let Settings { path, members } = self;
        members
            .into_iter()
            .map(|(key, value)| (join(&path, &key), key, value))
            .collect()
    }

    /// Refuses any setting not taken: it is misspelt, or not one this widget has.
    pub(crate) fn finish(self) -> Result<(), ConfigError> {
        match self.members.first() {
            None => Ok(()),
            Some((key, _)) => Err(invalid(
                self.path(key),
                "is not a setting here; check its spelling and where it is placed",
            )),
        }
    }
}

/// `value` as text.
pub(crate) fn text(path: &str, value: Value) -> Result<String, ConfigError> {
    match value {
        Value::String(text) => Ok(text),
        other => Err(wrong_kind(path, "text in double quotes", &other)),
    }
}

/// `value` as a list, each item with its full name (`conditions[0]`).
pub(crate) fn list(path: &str, value: Value) -> Result<Vec<(String, Value)>, ConfigError> {
    match value {
        Value::Array(items) => Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, item)| (format!("{path}[{i}]"), item))
            .collect()),
        other => Err(wrong_kind(path, "a list in square brackets", &other)),
    }
}

/// `value` as a whole number of zero or more.
pub(crate) fn whole_number(path: &str, value: Value) -> Result<u64, ConfigError> {
    match value {
        Value::Number(digits) => digits.parse().map_err(|_| {
            invalid(
                path,
                format!("{digits} is not a whole number of zero or more"),
            )
        }),
        other => Err(wrong_kind(path, "a whole number", &other)),
    }
}

/// `value` as a whole number that fits `T`.
pub(crate) fn small_number<T: TryFrom<u64>>(path: &str, value: Value) -> Result<T, ConfigError> {
    let number = whole_number(path, value)?;
    T::try_from(number).map_err(|_| invalid(path, format!("{number} is too large")))
}

/// `text`, the setting `path`, as one of `choices` written as its name.
pub(crate) fn named<T: Copy>(
    path: &str,
    text: &str,
    choices: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, ConfigError> {
    choices
        .iter()
        .copied()
        .find(|choice| name(*choice) == text)
        .ok_or_else(|| {
            let names: Vec<&str> = choices.iter().map(|c| name(*c)).collect();
            invalid(
                path,
                format!("\"{text}\" is not one of {}", names.join(", ")),
            )
        })
}

/// `key` within the group `path` (the top level's path is empty).
fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn wrong_kind(path: &str, wanted: &str, found: &Value) -> ConfigError {
    let path = if path.is_empty() {
        "the configuration"
    } else {
        path
    };
    invalid(path, format!("should be {wanted}, not {}", found.kind()))
}
