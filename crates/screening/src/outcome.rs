//! What a screening as a whole suggests: which cut-offs were met, whether urgent
//! help must be shown, and what to recommend.

use crate::instrument_id::InstrumentId;
use crate::scoring::{RiskIndicator, ScoredResult};
use serde::{Deserialize, Serialize};

/// What the results page recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// A cut-off was met, or a risk answer was given: refer for assessment.
    Refer,
    /// Below every cut-off: self-help is suggested, and the person may still refer
    /// (self-referral is open access: clinical-reference.md §7).
    SelfHelpMayStillRefer,
    /// Below every cut-off, and the service has switched off referral below them.
    SelfHelp,
}

impl Recommendation {
    /// As payloads write it.
    pub fn name(self) -> &'static str {
        match self {
            Recommendation::Refer => "refer",
            Recommendation::SelfHelpMayStillRefer => "self_help_may_still_refer",
            Recommendation::SelfHelp => "self_help",
        }
    }

    /// Whether the referral form is open to the person.
    pub fn may_refer(self) -> bool {
        !matches!(self, Recommendation::SelfHelp)
    }
}

/// The overall outcome of the instruments a person completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct ScreeningOutcome {
    /// Instruments whose cut-off was met, in the order they were asked.
    pub cutoffs_met: Vec<InstrumentId>,
    /// The risk answers among the results' final answers. A risk answer
    /// given and withdrawn is in the screening record instead (§6).
    pub risk: Vec<RiskIndicator>,
    pub recommendation: Recommendation,
}

impl ScreeningOutcome {
    /// Combines scored results. `risk_answer_given` is whether a risk answer
    /// was given at any point in the journey, even one since withdrawn;
    /// `referral_below_cutoff` is the service's setting.
    pub fn of(
        results: &[ScoredResult],
        risk_answer_given: bool,
        referral_below_cutoff: bool,
    ) -> Self {
        let cutoffs_met: Vec<InstrumentId> = results
            .iter()
            .filter(|r| r.caseness.met)
            .map(|r| r.instrument)
            .collect();
        let risk: Vec<RiskIndicator> = results
            .iter()
            .flat_map(|r| r.risk.iter().copied())
            .collect();
        // A risk answer never blocks the referral, whatever the totals or the
        // service's setting: the service must be able to prioritise it (§6).
        let recommendation = if !cutoffs_met.is_empty() || !risk.is_empty() || risk_answer_given {
            Recommendation::Refer
        } else if referral_below_cutoff {
            Recommendation::SelfHelpMayStillRefer
        } else {
            Recommendation::SelfHelp
        };
        ScreeningOutcome {
            cutoffs_met,
            risk,
            recommendation,
        }
    }
}
