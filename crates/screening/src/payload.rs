//! The referral as sent to the service: versioned JSON that carries everything a
//! clinician needs to audit how each result was reached (clinical-reference.md §8).

use crate::answers::AnswersInProgress;
use crate::clinician::Clinician;
use crate::config::{Mode, ServiceConfig};
use crate::outcome::ScreeningOutcome;
use crate::pre_screen;
use crate::referral::ReferralDetails;
use crate::risk::{RiskAnswer, RiskReason};
use crate::scoring::ScoredResult;
use serde::{Deserialize, Serialize};

mod to_json;
mod verify;

pub use verify::PayloadMismatch;

/// Names the payload format; a receiver refuses anything else.
pub const SCHEMA_ID: &str = "talking-health/referral";
/// Raised on any change a receiver must know about. Version 2 added the
/// highest PHQ-9 item 9 answer given and the reason for the risk flag.
pub const SCHEMA_VERSION: u32 = 2;
/// The versions a receiver still reads: referrals made by an older widget
/// that were queued or retried across an upgrade must not be lost.
pub const READABLE_SCHEMA_VERSIONS: [u32; 2] = [1, SCHEMA_VERSION];

/// The readable schema versions in words, for messages to a sender:
/// `readable_versions(" or ")` is "1 or 2".
pub fn readable_versions(last_separator: &str) -> String {
    let names: Vec<String> = READABLE_SCHEMA_VERSIONS
        .iter()
        .map(u32::to_string)
        .collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{last_separator}{last}", rest.join(", ")),
        None => String::new(),
    }
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
    /// Every instrument completed, with answers, total, band and the cut-off
    /// applied; a questionnaire its pre-screen screened out stands as the short form.
    pub results: Vec<ScoredResult>,
    pub outcome: ScreeningOutcome,
    /// True when a risk answer was given at any point, even if changed since,
    /// so the service can prioritise (§6).
    pub risk_flag: bool,
    /// Why the flag is raised: the final answer is a risk answer (`given`),
    /// or one was given and changed to a lower answer (`withdrawn`).
    /// Absent in schema version 1.
    pub risk_reason: Option<RiskReason>,
    /// PHQ-9 item 9's final answer, when it was answered.
    pub phq9_item9: Option<u8>,
    /// The highest answer given to PHQ-9 item 9 in the journey, when it was
    /// answered. Absent in schema version 1.
    pub phq9_item9_highest: Option<u8>,
    pub functional_difficulty: Option<FunctionalDifficulty>,
}

impl ScreeningRecord {
    /// The record of the questionnaires `asked`, in the order asked: each
    /// scored when complete (or stood in for by its short form: §5), the
    /// risk item's answers over the whole journey, and the outcome. What the
    /// results page, the clinician's summary and the referral all show.
    pub fn of<'a>(
        config: &ServiceConfig,
        asked: impl IntoIterator<Item = &'a AnswersInProgress>,
        functional_difficulty: Option<FunctionalDifficulty>,
    ) -> Self {
        let mut results = Vec::new();
        let mut risk = None;
        for answers in asked {
            results.extend(pre_screen::result_for(config, answers));
            risk = risk.or(RiskAnswer::of(answers));
        }
        let risk_flag = risk.is_some_and(|r| r.flagged());
        ScreeningRecord {
            outcome: ScreeningOutcome::of(&results, risk_flag, config.referral_below_cutoff),
            results,
            risk_flag,
            risk_reason: risk.and_then(|r| r.reason()),
            phq9_item9: risk.and_then(|r| r.last),
            phq9_item9_highest: risk.and_then(|r| r.highest),
            functional_difficulty,
        }
    }
}

/// One self-referral, exactly as POSTed to the service's endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReferralPayload {
    /// Always [`SCHEMA_ID`].
    #[cfg_attr(feature = "json-schema", schemars(extend("const" = "talking-health/referral")))]
    pub schema: String,
    /// [`SCHEMA_VERSION`] for payloads made by this version.
    #[cfg_attr(feature = "json-schema", schemars(extend("const" = 2)))]
    pub schema_version: u32,
    /// Made once per referral by the sender; the same id on a retry lets the
    /// receiver store the referral exactly once.
    pub referral_id: String,
    pub config_version: String,
    pub channel: Channel,
    pub person: ReferralDetails,
    pub screening: ScreeningRecord,
}

impl ReferralPayload {
    /// Builds the payload from validated details and the screening record.
    pub fn new(
        referral_id: String,
        config: &ServiceConfig,
        channel: Channel,
        person: ReferralDetails,
        screening: ScreeningRecord,
    ) -> Self {
        ReferralPayload {
            schema: SCHEMA_ID.to_owned(),
            schema_version: SCHEMA_VERSION,
            referral_id,
            config_version: config.config_version.clone(),
            channel,
            person,
            screening,
        }
    }
}
