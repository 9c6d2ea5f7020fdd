//! Whether a person can use this service (clinical-reference.md §7).

use crate::config::{EligibilityRules, Practice};
use crate::fields::Age;

/// The answer to "can this person refer to this service?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Eligibility<'a> {
    Eligible(&'a Practice),
    /// Younger than the service's minimum age.
    TooYoung,
    /// Their practice is not in the service's list: signpost to the NHS.UK
    /// service finder rather than send them to the wrong service.
    OutOfArea,
}

impl EligibilityRules {
    /// Checks age first, then area, so a young person is told about age.
    pub fn check(&self, age: Age, practice_ods: &str) -> Eligibility<'_> {
        if !self.is_old_enough(age) {
            return Eligibility::TooYoung;
        }
        match self.practice(practice_ods) {
            Some(practice) => Eligibility::Eligible(practice),
            None => Eligibility::OutOfArea,
        }
    }

    /// Whether someone of `age` has reached the service's minimum age.
    pub fn is_old_enough(&self, age: Age) -> bool {
        age.is_at_least(self.minimum_age.years, self.minimum_age.months)
    }
}
