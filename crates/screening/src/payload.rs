//! The referral as sent to the service: versioned JSON that carries everything a
//! clinician needs to audit how each result was reached (clinical-reference.md §8).

use crate::answers::AnswersInProgress;
use crate::catalogue::Catalogue;
use crate::config::{Mode, ServiceConfig};
use crate::outcome::ScreeningOutcome;
use crate::referral::ReferralDetails;
use crate::scoring::ScoredResult;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

mod to_json;

/// Names the payload format; a receiver refuses anything else.
pub const SCHEMA_ID: &str = "talking-health/referral";
/// Raised on any change a receiver must know about.
pub const SCHEMA_VERSION: u32 = 1;

/// The clinician who screened the patient in clinic mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Clinician {
    pub name: String,
    pub role: String,
    pub team: String,
}

/// How the referral reached the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Channel {
    /// The person referred themselves from the service's website.
    #[serde(rename = "self")]
    SelfReferral,
    /// Screened by a clinician in clinic.
    Clinic { clinician: Clinician },
    /// Through the widget embedded on a GP practice's website.
    Embed { practice_ods: String },
}

impl Channel {
    /// The mode this channel belongs to.
    pub fn mode(&self) -> Mode {
        match self {
            Channel::SelfReferral => Mode::SelfReferral,
            Channel::Clinic { .. } => Mode::Clinic,
            Channel::Embed { .. } => Mode::Embed,
        }
    }
}

/// PHQ-9's functional question (not scored): 0 "Not difficult at all" to
/// 3 "Extremely difficult" (clinical-reference.md §3).
pub type FunctionalDifficulty = u8;

/// The screening part of a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScreeningRecord {
    /// Every instrument completed, with answers, total, band and the cut-off applied.
    pub results: Vec<ScoredResult>,
    pub outcome: ScreeningOutcome,
    /// True when any risk answer was given, so the service can prioritise (§6).
    pub risk_flag: bool,
    /// PHQ-9 item 9's answer, when PHQ-9 was asked.
    pub phq9_item9: Option<u8>,
    pub functional_difficulty: Option<FunctionalDifficulty>,
}

/// One self-referral, exactly as POSTed to the service's endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReferralPayload {
    /// Always [`SCHEMA_ID`].
    #[cfg_attr(feature = "json-schema", schemars(extend("const" = "talking-health/referral")))]
    pub schema: String,
    /// Always [`SCHEMA_VERSION`] for payloads made by this version.
    #[cfg_attr(feature = "json-schema", schemars(extend("const" = 1)))]
    pub schema_version: u32,
    /// Made once per referral by the sender; the same id on a retry lets the
    /// receiver store the referral exactly once.
    pub referral_id: String,
    pub config_version: String,
    pub channel: Channel,
    pub person: ReferralDetails,
    pub screening: ScreeningRecord,
}

/// Why a received payload does not match what its answers say.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct PayloadMismatch {
    pub field: String,
    pub problem: String,
}

impl ReferralPayload {
    /// Builds the payload from validated details and scored results.
    pub fn new(
        referral_id: String,
        config: &ServiceConfig,
        channel: Channel,
        person: ReferralDetails,
        results: Vec<ScoredResult>,
        functional_difficulty: Option<FunctionalDifficulty>,
    ) -> Self {
        let outcome = ScreeningOutcome::of(&results, config.referral_below_cutoff);
        let phq9_item9 = results
            .iter()
            .find(|r| r.instrument == crate::InstrumentId::Phq9)
            .and_then(|r| r.answers.get(8).copied());
        ReferralPayload {
            schema: SCHEMA_ID.to_owned(),
            schema_version: SCHEMA_VERSION,
            referral_id,
            config_version: config.config_version.clone(),
            channel,
            person,
            screening: ScreeningRecord {
                risk_flag: outcome.urgent_help(),
                results,
                outcome,
                phq9_item9,
                functional_difficulty,
            },
        }
    }

    /// Re-scores every result from its item answers with the same code the
    /// browser used, and checks totals, bands, caseness, risk and the outcome.
    /// Each cut-off must be the one `config` sets. A receiver calls this so a
    /// tampered or buggy payload is refused.
    pub fn verify(
        &self,
        catalogue: &Catalogue,
        config: &ServiceConfig,
    ) -> Result<(), Vec<PayloadMismatch>> {
        let mut problems = Vec::new();
        let mut mismatch =
            |field: String, problem: String| problems.push(PayloadMismatch { field, problem });
        if self.schema != SCHEMA_ID || self.schema_version != SCHEMA_VERSION {
            mismatch(
                "schema".into(),
                format!(
                    "expected {SCHEMA_ID} version {SCHEMA_VERSION}, got {} version {}",
                    self.schema, self.schema_version
                ),
            );
        }
        let mut rescored = Vec::with_capacity(self.screening.results.len());
        for (i, sent) in self.screening.results.iter().enumerate() {
            let field = format!("screening.results[{i}]");
            let expected_cutoff = config.cutoff(sent.instrument);
            if sent.caseness.cutoff != expected_cutoff {
                mismatch(
                    format!("{field}.caseness.cutoff"),
                    format!(
                        "the service's cut-off for {} is {expected_cutoff}",
                        sent.instrument
                    ),
                );
            }
            match rescore(catalogue.get(sent.instrument), sent) {
                Ok(result) if result == *sent => rescored.push(result),
                Ok(result) => {
                    mismatch(
                        field,
                        format!("does not match its answers: expected {result:?}"),
                    );
                    rescored.push(result);
                }
                Err(problem) => mismatch(field, problem),
            }
        }
        let outcome = ScreeningOutcome::of(&rescored, config.referral_below_cutoff);
        if outcome != self.screening.outcome {
            mismatch("screening.outcome".into(), format!("expected {outcome:?}"));
        }
        if self.screening.risk_flag != outcome.urgent_help() {
            mismatch(
                "screening.risk_flag".into(),
                format!("expected {}", outcome.urgent_help()),
            );
        }
        let item9 = rescored
            .iter()
            .find(|r| r.instrument == crate::InstrumentId::Phq9)
            .and_then(|r| r.answers.get(8).copied());
        if self.screening.phq9_item9 != item9 {
            mismatch("screening.phq9_item9".into(), format!("expected {item9:?}"));
        }
        if self.screening.functional_difficulty.is_some_and(|d| d > 3) {
            mismatch(
                "screening.functional_difficulty".into(),
                "must be 0 to 3".into(),
            );
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Scores `sent.answers` afresh against the cut-off the payload says was applied.
fn rescore(
    instrument: &Arc<crate::Instrument>,
    sent: &ScoredResult,
) -> Result<ScoredResult, String> {
    if sent.answers.len() != instrument.items.len() {
        return Err(format!(
            "{} has {} items, {} answers were sent",
            instrument.name,
            instrument.items.len(),
            sent.answers.len()
        ));
    }
    instrument
        .check_cutoff(sent.caseness.cutoff, "the cut-off")
        .map_err(|p| p.to_string())?;
    let mut answers = AnswersInProgress::new(Arc::clone(instrument));
    for (i, score) in sent.answers.iter().enumerate() {
        answers
            .answer(i as u8 + 1, *score)
            .map_err(|e| e.to_string())?;
    }
    let complete = answers.complete().map_err(|e| e.to_string())?;
    Ok(complete.score(sent.caseness.cutoff))
}
