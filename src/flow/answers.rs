//! Everything the person has answered so far, held in memory only: nothing is
//! written to browser storage, so a reload or the next patient starts clean.

use screening::{
    AnswersInProgress, Catalogue, Condition, InstrumentId, ReferralForm, RiskAnswer,
    ScreeningRecord, ServiceConfig,
};
use std::sync::Arc;

/// The answers of one person's journey.
#[derive(Debug, Clone)]
pub struct FlowAnswers {
    /// Conditions the person said they have ("none" is an empty list once answered).
    pub conditions: Option<Vec<Condition>>,
    /// Questionnaire answers, one set per instrument in [`InstrumentId::ALL`] order
    /// (a list rather than a map: less generic code in the wasm).
    pub questionnaires: Vec<AnswersInProgress>,
    /// PHQ-9's functional question: 0 "Not difficult at all" to 3.
    pub functional_difficulty: Option<u8>,
    /// The referral form, including the date of birth and practice from the eligibility pages.
    pub form: ReferralForm,
    /// Whether the practice page's "not listed" option was chosen.
    pub practice_not_listed: bool,
}

impl FlowAnswers {
    /// An empty journey with a blank answer set for every instrument.
    pub fn new(catalogue: &Catalogue) -> Self {
        let questionnaires = InstrumentId::ALL
            .iter()
            .map(|id| AnswersInProgress::new(Arc::clone(catalogue.get(*id))))
            .collect();
        FlowAnswers {
            conditions: None,
            questionnaires,
            functional_difficulty: None,
            form: ReferralForm::default(),
            practice_not_listed: false,
        }
    }

    pub fn questionnaire(&self, id: InstrumentId) -> &AnswersInProgress {
        self.questionnaires
            .iter()
            .find(|q| q.instrument().id == id)
            .expect("every instrument has an answer set")
    }

    pub fn questionnaire_mut(&mut self, id: InstrumentId) -> &mut AnswersInProgress {
        self.questionnaires
            .iter_mut()
            .find(|q| q.instrument().id == id)
            .expect("every instrument has an answer set")
    }

    /// The conditions chosen, in a fixed order (none until answered).
    pub fn conditions_chosen(&self) -> Vec<Condition> {
        let chosen = self.conditions.as_deref().unwrap_or_default();
        Condition::ALL
            .into_iter()
            .filter(|c| chosen.contains(c))
            .collect()
    }

    /// The instruments this person is asked, in order: their conditions' screens,
    /// then PHQ-9 and GAD-7.
    pub fn instruments_asked(&self) -> Vec<InstrumentId> {
        self.conditions_chosen()
            .into_iter()
            .map(Condition::screen)
            .chain([InstrumentId::Phq9, InstrumentId::Gad7])
            .collect()
    }

    /// The risk item's answers over the journey (PHQ-9 item 9: §6), kept
    /// even where the route skipped or the person changed them.
    pub fn risk_answer(&self) -> Option<RiskAnswer> {
        RiskAnswer::of(self.questionnaire(InstrumentId::Phq9))
    }

    /// What the answers so far come to: every completed instrument scored
    /// against the service's cut-offs, the risk item's answers over the whole
    /// journey, and the outcome. The results page, the clinician's summary
    /// and the referral all show this one record.
    pub fn screening_record(&self, config: &ServiceConfig) -> ScreeningRecord {
        let asked = self.instruments_asked();
        ScreeningRecord::of(
            config,
            asked.iter().map(|id| self.questionnaire(*id)),
            self.functional_difficulty,
        )
    }
}
