//! What the nurse is told of a screening the inactivity guard cleared: in
//! clinic mode a screening that held a risk answer is never cleared without
//! the clinician being told (clinical-reference.md §6). It holds no name or
//! contact details: the next patient may be looking at the tablet.

use super::answers::FlowAnswers;
use screening::RiskAnswer;

/// A notice for the nurse's next page, kept until they acknowledge it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClearedScreening {
    /// When the screening started ("10:42"), so the nurse can tell which
    /// patient it was from their clinic list.
    pub started: String,
    /// The risk answer given during the screening, even if changed since.
    pub risk: Option<RiskAnswer>,
    /// Whether the patient had confirmed a referral, which goes on being sent.
    pub referral_confirmed: bool,
}

impl ClearedScreening {
    /// The notice for a screening with `answers`, started at `started`.
    pub fn of(answers: &FlowAnswers, started: String, referral_confirmed: bool) -> Self {
        ClearedScreening {
            started,
            risk: answers.risk_answer().filter(RiskAnswer::flagged),
            referral_confirmed,
        }
    }
}
