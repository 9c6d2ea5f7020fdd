//! The closed set of instruments the widget knows.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Every instrument the widget can ask. Adding one is adding a file and a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum InstrumentId {
    Phq9,
    Gad7,
    Phq2,
    Gad2,
    Diabetes,
    Copd,
    Cardiac,
}

impl InstrumentId {
    /// Every instrument, in the order the widget asks them.
    pub const ALL: [InstrumentId; 7] = [
        InstrumentId::Diabetes,
        InstrumentId::Copd,
        InstrumentId::Cardiac,
        InstrumentId::Phq2,
        InstrumentId::Gad2,
        InstrumentId::Phq9,
        InstrumentId::Gad7,
    ];

    /// The identifier used in files, configuration and payloads.
    pub fn as_str(self) -> &'static str {
        match self {
            InstrumentId::Phq9 => "phq9",
            InstrumentId::Gad7 => "gad7",
            InstrumentId::Phq2 => "phq2",
            InstrumentId::Gad2 => "gad2",
            InstrumentId::Diabetes => "diabetes",
            InstrumentId::Copd => "copd",
            InstrumentId::Cardiac => "cardiac",
        }
    }

    /// Whether this is a long-term condition's two-question screen.
    pub fn is_condition_screen(self) -> bool {
        matches!(
            self,
            InstrumentId::Diabetes | InstrumentId::Copd | InstrumentId::Cardiac
        )
    }
}

impl fmt::Display for InstrumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A long-term physical health condition with its own Talking Health screen
/// (clinical-reference.md §1-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Diabetes,
    Copd,
    Cardiac,
}

impl Condition {
    pub const ALL: [Condition; 3] = [Condition::Diabetes, Condition::Copd, Condition::Cardiac];

    /// As the configuration and payloads write it.
    pub fn name(self) -> &'static str {
        self.screen().as_str()
    }

    /// The two-question screen for this condition.
    pub fn screen(self) -> InstrumentId {
        match self {
            Condition::Diabetes => InstrumentId::Diabetes,
            Condition::Copd => InstrumentId::Copd,
            Condition::Cardiac => InstrumentId::Cardiac,
        }
    }
}
