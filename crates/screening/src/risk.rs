//! A risk answer over a whole journey (clinical-reference.md §6): once given,
//! it is never lost. A person who answers PHQ-9 item 9 above "Not at all",
//! sees the urgent-help card, then changes the answer back has withdrawn it,
//! and that change is itself clinically meaningful: the referral keeps both
//! the final answer and the highest one given, and stays flagged.

use crate::answers::AnswersInProgress;
use serde::{Deserialize, Serialize};

/// Why a referral carries the risk flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RiskReason {
    /// The final answer is a risk answer.
    Given,
    /// A risk answer was given, then changed to one below the risk rule.
    Withdrawn,
}

impl RiskReason {
    /// As payloads write it.
    pub fn name(self) -> &'static str {
        match self {
            RiskReason::Given => "given",
            RiskReason::Withdrawn => "withdrawn",
        }
    }
}

/// The risk item's answers over a journey: the answer standing now and the
/// highest ever given, against the instrument's risk rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskAnswer {
    /// The item the risk rule reads (PHQ-9 item 9).
    pub item: u8,
    /// The answer standing now, if the item was answered.
    pub last: Option<u8>,
    /// The highest answer ever given to the item.
    pub highest: Option<u8>,
    /// The lowest answer that is a risk answer (1, "Several days": §6).
    at_least: u8,
}

impl RiskAnswer {
    /// The risk item's answers in `answers`, by the instrument's first risk
    /// rule; `None` for an instrument without one.
    pub fn of(answers: &AnswersInProgress) -> Option<Self> {
        let rule = answers.instrument().risk_rules.first()?;
        Some(RiskAnswer {
            item: rule.item,
            last: answers.get(rule.item),
            highest: answers.highest(rule.item),
            at_least: rule.at_least,
        })
    }

    /// The same rule applied to answers a receiver was sent.
    pub fn with_answers(self, last: Option<u8>, highest: Option<u8>) -> Self {
        RiskAnswer {
            last,
            highest,
            ..self
        }
    }

    /// Whether a risk answer stands now, or was given and withdrawn.
    pub fn reason(&self) -> Option<RiskReason> {
        let is_risk = |answer: Option<u8>| answer.is_some_and(|a| a >= self.at_least);
        if is_risk(self.last) {
            Some(RiskReason::Given)
        } else if is_risk(self.highest) {
            Some(RiskReason::Withdrawn)
        } else {
            None
        }
    }

    /// Whether the referral must be flagged: a risk answer was ever given.
    pub fn flagged(&self) -> bool {
        self.reason().is_some()
    }
}
