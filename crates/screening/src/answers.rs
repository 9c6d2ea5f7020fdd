//! Answers in progress, and answers that are complete: only the second can be scored.

use crate::instrument::Instrument;
use std::sync::Arc;

/// Why an answer was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("item {0} does not exist")]
    NoSuchItem(u8),
    #[error("{score} is not an answer option of item {item}")]
    NotAnOption { item: u8, score: u8 },
}

/// The items still unanswered, in order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("items not answered yet: {}", item_list(missing))]
pub struct Incomplete {
    pub missing: Vec<u8>,
}

/// Item numbers as a person reads them: "3, 4".
fn item_list(items: &[u8]) -> String {
    let numbers: Vec<String> = items.iter().map(u8::to_string).collect();
    numbers.join(", ")
}

/// Answers given so far to one instrument; any item may still be blank.
/// It also remembers the highest answer ever given to each item, so a risk
/// answer changed to a lower one is never lost (clinical-reference.md §6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswersInProgress {
    instrument: Arc<Instrument>,
    values: Vec<Option<u8>>,
    highest: Vec<Option<u8>>,
}

impl AnswersInProgress {
    /// No answers yet.
    pub fn new(instrument: Arc<Instrument>) -> Self {
        let values = vec![None; instrument.items.len()];
        AnswersInProgress {
            instrument,
            highest: values.clone(),
            values,
        }
    }

    pub fn instrument(&self) -> &Instrument {
        &self.instrument
    }

    /// Records the option score chosen for item `item` (numbered from 1).
    pub fn answer(&mut self, item: u8, score: u8) -> Result<(), AnswerError> {
        if !self.instrument.is_option_score(score) {
            return Err(AnswerError::NotAnOption { item, score });
        }
        let index = usize::from(item)
            .checked_sub(1)
            .filter(|i| *i < self.values.len())
            .ok_or(AnswerError::NoSuchItem(item))?;
        self.values[index] = Some(score);
        let highest = &mut self.highest[index];
        *highest = (*highest).max(Some(score));
        Ok(())
    }

    /// The score chosen for item `item`, if answered.
    pub fn get(&self, item: u8) -> Option<u8> {
        let index = usize::from(item).checked_sub(1)?;
        self.values.get(index).copied().flatten()
    }

    /// The highest score ever chosen for item `item` in this set of answers,
    /// even if the answer was changed since.
    pub fn highest(&self, item: u8) -> Option<u8> {
        let index = usize::from(item).checked_sub(1)?;
        self.highest.get(index).copied().flatten()
    }

    /// Items not answered yet.
    pub fn missing(&self) -> Vec<u8> {
        (1..=self.values.len() as u8)
            .filter(|n| self.get(*n).is_none())
            .collect()
    }

    /// Complete answers, or the items still missing.
    pub fn complete(&self) -> Result<CompleteAnswers, Incomplete> {
        let values: Option<Vec<u8>> = self.values.iter().copied().collect();
        match values {
            Some(values) => Ok(CompleteAnswers {
                instrument: Arc::clone(&self.instrument),
                values,
            }),
            None => Err(Incomplete {
                missing: self.missing(),
            }),
        }
    }
}

/// Every item answered with a valid option. Built only by
/// [`AnswersInProgress::complete`], so an incomplete questionnaire cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompleteAnswers {
    instrument: Arc<Instrument>,
    values: Vec<u8>,
}

impl CompleteAnswers {
    pub fn instrument(&self) -> &Instrument {
        &self.instrument
    }

    /// Item scores in item order.
    pub fn values(&self) -> &[u8] {
        &self.values
    }

    pub(crate) fn as_in_progress(&self) -> AnswersInProgress {
        let values: Vec<_> = self.values.iter().copied().map(Some).collect();
        AnswersInProgress {
            instrument: Arc::clone(&self.instrument),
            highest: values.clone(),
            values,
        }
    }
}
