//! The score and severity types, on their own so that the build script can check
//! the instrument files with the same rules as the crate (see `build.rs`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A questionnaire total (or a cut-off, which is a total to compare against).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Score(u16);

impl Score {
    pub const fn new(value: u16) -> Self {
        Score(value)
    }

    pub const fn value(self) -> u16 {
        self.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Severity bands named by the PHQ-9 and GAD-7 (clinical-reference.md §3-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Minimal,
    Mild,
    Moderate,
    ModeratelySevere,
    Severe,
}

impl Severity {
    /// As payloads write it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Minimal => "minimal",
            Severity::Mild => "mild",
            Severity::Moderate => "moderate",
            Severity::ModeratelySevere => "moderately_severe",
            Severity::Severe => "severe",
        }
    }
}
