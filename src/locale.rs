//! Interface text, looked up by key from a locale file (`locales/*.json`).
//! Instrument wording stays in the instrument files. Adding a language is adding
//! a file and a line to [`Locale::for_language`].

use std::collections::HashMap;
use std::sync::Arc;

const EN_GB: &str = include_str!("../locales/en-GB.json");

/// The texts of one language. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Locale(Arc<HashMap<String, String>>);

impl Locale {
    /// British English, the default and fallback.
    pub fn en_gb() -> Self {
        Self::parse(EN_GB).expect("locales/en-GB.json is valid (checked by a test)")
    }

    /// The locale for a BCP 47 language tag; English for any language without a file.
    pub fn for_language(_tag: &str) -> Self {
        Self::en_gb()
    }

    pub fn parse(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json).map(|texts| Locale(Arc::new(texts)))
    }

    /// The text for `key`; the key itself if missing, so a gap shows rather than hides.
    pub fn text(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_owned())
    }

    /// The text for `key` with each `{name}` replaced by its value.
    pub fn text_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.text(key), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
    }

    pub fn has(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use screening::{FieldError, FormField};

    #[test]
    fn every_validation_message_key_has_english_text() {
        let locale = Locale::en_gb();
        for error in FieldError::ALL {
            assert!(locale.has(error.message_key()), "{}", error.message_key());
        }
        for field in FormField::ALL {
            assert!(locale.has(field.required_key()), "{}", field.required_key());
        }
    }

    #[test]
    fn placeholders_are_filled_and_missing_keys_show_themselves() {
        let locale = Locale::en_gb();
        assert_eq!(
            locale.text_with("common.question_progress", &[("n", "3"), ("total", "9")]),
            "Question 3 of 9"
        );
        assert_eq!(locale.text("no.such.key"), "no.such.key");
    }
}
