//! Checks a receiver makes on a payload's details against the service's
//! configuration: the referral's rules, the same the browser ran as the
//! person went (`referral::rules`), and the rules on how it was sent.

use crate::clinician::Clinician;
use crate::config::{CONFIG_VERSION_MAX_CHARS, ServiceConfig};
use crate::payload::{Channel, PayloadMismatch, ReferralPayload};
use crate::referral::{Problem, ReferralDraft, Today, rules};
use validator::ValidateLength;

impl ReferralPayload {
    /// Checks what [`ReferralPayload::verify`] does not: the person's details
    /// against the referral's rules on `today` (at a receiver, every date the
    /// sender's clock can have shown); that a GP practice's page embedding
    /// the form is one the service covers; that a clinic referral names its
    /// clinician; and that the configuration version is short enough to
    /// store and show.
    ///
    /// Problems name the field and the rule, never the value sent, so they may
    /// be logged or returned as they are.
    pub fn check_details(
        &self,
        config: &ServiceConfig,
        today: Today,
    ) -> Result<(), Vec<PayloadMismatch>> {
        let mut problems = Vec::new();
        let mut mismatch = |field: &str, problem: String| {
            problems.push(PayloadMismatch {
                field: field.to_owned(),
                problem,
            });
        };
        if !self.config_version.validate_length(
            Some(1),
            Some(CONFIG_VERSION_MAX_CHARS as u64),
            None,
        ) {
            mismatch(
                "config_version",
                format!("must be 1 to {CONFIG_VERSION_MAX_CHARS} characters"),
            );
        }
        let person = ReferralDraft::from(&self.person);
        for (field, problem) in
            rules::check(&person, &config.fields, &config.eligibility, today).problems()
        {
            mismatch(field.payload_path(), problem.to_string());
        }
        match &self.channel {
            Channel::SelfReferral => {}
            Channel::Embed { practice_ods } => {
                if config.eligibility.practice(practice_ods).is_none() {
                    mismatch(
                        "channel.practice_ods",
                        Problem::PracticeNotCovered.to_string(),
                    );
                }
            }
            Channel::Clinic { clinician } => {
                let parsed = Clinician::parse(&clinician.name, &clinician.role, &clinician.team);
                for (field, error) in parsed.err().unwrap_or_default() {
                    let part = field
                        .name()
                        .strip_prefix("clinician_")
                        .unwrap_or(field.name());
                    mismatch(&format!("channel.clinician.{part}"), error.to_string());
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}
