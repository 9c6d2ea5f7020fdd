//! Interface text, looked up by key from a locale file (`locales/*.json`).
//! Instrument wording stays in the instrument files. Adding a language is adding
//! a file, its table in `build.rs` and a line to [`Locale::for_language`].

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The texts of one language, as `(key, text)` sorted by key (see `build.rs`,
/// which reads the locale files when the widget is built). Cheap to clone.
#[derive(Debug, Clone)]
pub struct Locale(&'static [(&'static str, &'static str)]);

impl Locale {
    /// British English, the default and fallback.
    pub fn en_gb() -> Self {
        Locale(&EN_GB)
    }

    /// The locale for a BCP 47 language tag; English for any language without a file.
    pub fn for_language(_tag: &str) -> Self {
        Self::en_gb()
    }

    fn get(&self, key: &str) -> Option<&'static str> {
        self.0
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|i| self.0[i].1)
    }

    /// The text for `key`; the key itself if missing, so a gap shows rather than hides.
    pub fn text(&self, key: &str) -> String {
        self.get(key).unwrap_or(key).to_owned()
    }

    /// The text for `key` with each `{name}` replaced by its value.
    pub fn text_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.text(key), |text, (name, value)| {
            screening::text::replace(&text, &format!("{{{name}}}"), value)
        })
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
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

    /// Whether build.rs compiles `key` into this build: every text into a
    /// native one (prerender writes pages with them), and into the wasm not
    /// the pages' own, and clinic mode's only with the `clinic` feature.
    fn built_in(key: &str) -> bool {
        !cfg!(target_arch = "wasm32")
            || !key.starts_with("page.")
                && (cfg!(feature = "clinic") || !key.starts_with("clinic."))
    }

    #[test]
    fn the_compiled_table_is_the_locale_file() {
        let mut file: std::collections::HashMap<String, String> =
            serde_json::from_str(include_str!("../locales/en-GB.json")).unwrap();
        file.retain(|key, _| built_in(key));
        let locale = Locale::en_gb();
        assert_eq!(locale.0.len(), file.len());
        for (key, text) in &file {
            assert_eq!(locale.text(key), *text, "{key}");
        }
    }

    /// Every key the widget's code names literally has a text: a missing one
    /// would show the key itself to a patient.
    #[test]
    fn every_key_named_in_the_code_has_a_text() {
        fn sources(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    sources(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    found.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        let mut files = Vec::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let locale = Locale::en_gb();
        let mut missing = Vec::new();
        for file in &files {
            for call in ["text(\"", "text_with(\""] {
                for (at, _) in file.match_indices(call) {
                    let rest = &file[at + call.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    if key != "no.such.key" && built_in(key) && locale.get(key).is_none() {
                        missing.push(key.to_owned());
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys without a text: {missing:?}");
    }
}
