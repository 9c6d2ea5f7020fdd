//! Totals, severity bands, caseness against a cut-off, and risk indicators.

use crate::answers::{AnswersInProgress, CompleteAnswers};
use crate::instrument::RiskFlag;
use crate::instrument_id::InstrumentId;
use serde::{Deserialize, Serialize};

pub use screening_types::score::{Score, Severity};

/// Whether a total met the cut-off, recording the cut-off that was applied so a
/// clinician reading the referral later knows the rule (clinical-reference.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Caseness {
    /// "Caseness" means total >= cutoff.
    pub cutoff: Score,
    pub met: bool,
}

impl Caseness {
    pub fn of(total: Score, cutoff: Score) -> Self {
        Caseness {
            cutoff,
            met: total >= cutoff,
        }
    }
}

/// A risk answer: which rule fired, on which item, with what answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct RiskIndicator {
    pub flag: RiskFlag,
    pub item: u8,
    pub answer: u8,
}

/// A fully answered instrument, scored against a cut-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct ScoredResult {
    pub instrument: InstrumentId,
    pub instrument_version: String,
    /// Item scores in item order (item 1 first).
    pub answers: Vec<u8>,
    pub total: Score,
    /// `None` for instruments without severity bands (the condition screens).
    pub severity: Option<Severity>,
    pub caseness: Caseness,
    pub risk: Vec<RiskIndicator>,
}

impl CompleteAnswers {
    /// The sum of the item scores.
    pub fn total(&self) -> Score {
        Score::new(self.values().iter().map(|v| u16::from(*v)).sum())
    }

    /// Total, band, caseness against `cutoff` and risk indicators. Only complete
    /// answers can be scored: no prorating, and item 9 is never imputed
    /// (clinical-reference.md §5).
    pub fn score(&self, cutoff: Score) -> ScoredResult {
        let instrument = self.instrument();
        let total = self.total();
        ScoredResult {
            instrument: instrument.id,
            instrument_version: instrument.version.clone(),
            answers: self.values().to_vec(),
            total,
            severity: instrument.severity_of(total),
            caseness: Caseness::of(total, cutoff),
            risk: self.as_in_progress().risk_indicators(),
        }
    }
}

impl AnswersInProgress {
    /// Risk answers given so far. Works on partial answers because urgent-help
    /// information must show the moment a risk answer is given, not on the
    /// results page (clinical-reference.md §6).
    pub fn risk_indicators(&self) -> Vec<RiskIndicator> {
        self.instrument()
            .risk_rules
            .iter()
            .filter_map(|rule| {
                let answer = self.get(rule.item)?;
                (answer >= rule.at_least).then_some(RiskIndicator {
                    flag: rule.flag,
                    item: rule.item,
                    answer,
                })
            })
            .collect()
    }
}
