//! A receiver's check of a payload: every result re-scored with the same
//! code the browser used, the instruments the service asks all present, and
//! the risk flag consistent with the risk item's answers.

use super::{READABLE_SCHEMA_VERSIONS, ReferralPayload, SCHEMA_ID, readable_versions};
use crate::answers::AnswersInProgress;
use crate::catalogue::Catalogue;
use crate::config::ServiceConfig;
use crate::instrument_id::InstrumentId;
use crate::outcome::ScreeningOutcome;
use crate::risk::RiskAnswer;
use crate::scoring::ScoredResult;
use std::sync::Arc;

/// Why a received payload does not match what its answers say.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct PayloadMismatch {
    pub field: String,
    pub problem: String,
}

/// The problems found so far.
#[derive(Default)]
struct Problems(Vec<PayloadMismatch>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, problem: impl Into<String>) {
        self.0.push(PayloadMismatch {
            field: field.into(),
            problem: problem.into(),
        });
    }
}

const RESULTS: &str = "screening.results";

impl ReferralPayload {
    /// Re-scores every result from its item answers with the same code the
    /// browser used, and checks totals, bands, caseness, risk and the outcome.
    /// Each cut-off must be the one `config` sets, and the questionnaires
    /// the service asks must all be there, complete. A receiver calls this
    /// so a tampered or buggy payload is refused.
    pub fn verify(
        &self,
        catalogue: &Catalogue,
        config: &ServiceConfig,
    ) -> Result<(), Vec<PayloadMismatch>> {
        let mut problems = Problems::default();
        if self.schema != SCHEMA_ID || !READABLE_SCHEMA_VERSIONS.contains(&self.schema_version) {
            problems.add(
                "schema",
                format!("expected {SCHEMA_ID} version {}", readable_versions(" or ")),
            );
        }
        let rescored = self.rescore_each(catalogue, config, &mut problems);
        check_instruments_asked(catalogue, config, &rescored, &mut problems);
        let risk_answer_given = self.check_risk(catalogue, &rescored, &mut problems);
        let screening = &self.screening;
        let outcome =
            ScreeningOutcome::of(&rescored, risk_answer_given, config.referral_below_cutoff);
        if outcome != screening.outcome {
            problems.add(
                "screening.outcome",
                format!("expected {}", as_json(&outcome)),
            );
        }
        if screening.functional_difficulty.is_some_and(|d| d > 3) {
            problems.add("screening.functional_difficulty", "must be 0 to 3");
        }
        if problems.0.is_empty() {
            Ok(())
        } else {
            Err(problems.0)
        }
    }

    /// Each result as its answers score it (a result that cannot be scored
    /// is left out, and named).
    fn rescore_each(
        &self,
        catalogue: &Catalogue,
        config: &ServiceConfig,
        problems: &mut Problems,
    ) -> Vec<ScoredResult> {
        let mut rescored = Vec::with_capacity(self.screening.results.len());
        for (i, sent) in self.screening.results.iter().enumerate() {
            let field = format!("{RESULTS}[{i}]");
            let expected_cutoff = config.cutoff(sent.instrument);
            if sent.caseness.cutoff != expected_cutoff {
                problems.add(
                    format!("{field}.caseness.cutoff"),
                    format!(
                        "the service's cut-off for {} is {expected_cutoff}",
                        sent.instrument
                    ),
                );
            }
            match rescore(catalogue.get(sent.instrument), sent) {
                Ok(result) => {
                    if result != *sent {
                        problems.add(
                            field,
                            format!("does not match its answers: expected {}", as_json(&result)),
                        );
                    }
                    rescored.push(result);
                }
                Err(problem) => problems.add(field, problem),
            }
        }
        rescored
    }

    /// Checks PHQ-9 item 9's answers and the risk flag (§6); returns whether
    /// a risk answer was given at any point in the journey.
    fn check_risk(
        &self,
        catalogue: &Catalogue,
        rescored: &[ScoredResult],
        problems: &mut Problems,
    ) -> bool {
        let screening = &self.screening;
        let phq9 = catalogue.get(InstrumentId::Phq9);
        let Some(rule) = RiskAnswer::of(&AnswersInProgress::new(Arc::clone(phq9))) else {
            return false;
        };
        let index = usize::from(rule.item) - 1;
        let scored_item9 = rescored
            .iter()
            .find(|r| r.instrument == InstrumentId::Phq9)
            .and_then(|r| r.answers.get(index).copied());
        if self.schema_version == 1 {
            // Version 1 carried only the final answer, and only with PHQ-9 scored.
            if screening.phq9_item9 != scored_item9 {
                problems.add("screening.phq9_item9", must_be(scored_item9));
            }
            for (field, given) in [
                (
                    "screening.phq9_item9_highest",
                    screening.phq9_item9_highest.is_some(),
                ),
                ("screening.risk_reason", screening.risk_reason.is_some()),
            ] {
                if given {
                    problems.add(field, "is not part of schema version 1");
                }
            }
            let flagged = rescored.iter().any(|r| !r.risk.is_empty());
            if screening.risk_flag != flagged {
                problems.add("screening.risk_flag", format!("expected {flagged}"));
            }
            return false;
        }
        // With pre-screens a screened-out PHQ-9 stands as PHQ-2, yet an item 9
        // answer given before PHQ-2 was lowered is still carried.
        if scored_item9.is_some() && screening.phq9_item9 != scored_item9 {
            problems.add("screening.phq9_item9", must_be(scored_item9));
        }
        let (last, highest) = (screening.phq9_item9, screening.phq9_item9_highest);
        for (field, answer) in [
            ("screening.phq9_item9", last),
            ("screening.phq9_item9_highest", highest),
        ] {
            if answer.is_some_and(|a| !phq9.is_option_score(a)) {
                problems.add(field, "is not an answer option of PHQ-9");
            }
        }
        if last.is_some() != highest.is_some() || highest < last {
            problems.add(
                "screening.phq9_item9_highest",
                "must be given with phq9_item9, and be at least as high",
            );
        }
        let risk = rule.with_answers(last, highest);
        let flagged = risk.flagged() || rescored.iter().any(|r| !r.risk.is_empty());
        if screening.risk_flag != flagged {
            problems.add("screening.risk_flag", format!("expected {flagged}"));
        }
        if screening.risk_reason != risk.reason() {
            problems.add(
                "screening.risk_reason",
                must_be(risk.reason().map(|r| format!("\"{}\"", r.name()))),
            );
        }
        flagged
    }
}

/// The questionnaires the service asks everyone (PHQ-9 and GAD-7, or with
/// pre-screens their short forms below cut-off: §5) each once, and condition
/// screens only for conditions the service screens for.
fn check_instruments_asked(
    catalogue: &Catalogue,
    config: &ServiceConfig,
    results: &[ScoredResult],
    problems: &mut Problems,
) {
    let sent = |id: InstrumentId| results.iter().filter(move |r| r.instrument == id);
    let name = |id: InstrumentId| &catalogue.get(id).name;
    for id in [InstrumentId::Phq9, InstrumentId::Gad7] {
        let full = name(id);
        let short = catalogue.get(id).short_forms.first().map(|f| f.id);
        let shorts: Vec<_> = short.into_iter().flat_map(sent).collect();
        let problem = match (sent(id).count(), shorts.as_slice()) {
            (1, []) => continue,
            (0, [short]) if config.pre_screens && !short.caseness.met => continue,
            (0, [short]) if config.pre_screens => format!(
                "{} met its cut-off, so {full} must be complete",
                name(short.instrument)
            ),
            (0, [short]) => format!(
                "{} is accepted only from a service that uses pre-screens; {full} must be complete",
                name(short.instrument)
            ),
            (0, []) => format!("{full} must be complete"),
            _ => format!("{full} must be sent once"),
        };
        problems.add(RESULTS, problem);
    }
    for condition in crate::Condition::ALL {
        let screen = condition.screen();
        let count = sent(screen).count();
        if count > 1 || (count == 1 && !config.conditions.contains(&condition)) {
            problems.add(
                RESULTS,
                format!(
                    "{} is not a screen this service asks, or was sent twice",
                    name(screen)
                ),
            );
        }
    }
}

/// "must be 2", or "must be null" where nothing may be given.
fn must_be(expected: Option<impl std::fmt::Display>) -> String {
    match expected {
        Some(value) => format!("must be {value}"),
        None => "must be null".to_owned(),
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

/// What a receiver should have been sent, as the JSON it reads (a problem
/// goes back to the sender in a 422 body, so never as Rust's Debug output).
fn as_json(expected: &impl serde::Serialize) -> String {
    serde_json::to_string(expected).unwrap_or_else(|_| "(not serialisable)".to_owned())
}
