//! PHQ-2 and GAD-2 as pre-screens (clinical-reference.md §5: optional, off
//! by default, cut-off >= 3 each). When a service turns them on, a
//! questionnaire starts with its short form's items; if their total is below
//! the short form's cut-off, the rest are not asked and the short form is
//! the result. At or above it, the whole questionnaire is asked and scored;
//! once it is all answered, it is the result whatever the short form's items
//! are changed to later.

use crate::answers::AnswersInProgress;
use crate::config::ServiceConfig;
use crate::scoring::ScoredResult;
use std::sync::Arc;

/// The short form's result from the first answers of `parent`, once every
/// item of the short form is answered, when the service uses pre-screens
/// and the questionnaire has a short form. `None` otherwise.
pub fn short_form_result(
    config: &ServiceConfig,
    parent: &AnswersInProgress,
) -> Option<ScoredResult> {
    if !config.pre_screens {
        return None;
    }
    let instrument = parent.instrument();
    let form = instrument.short_forms.first()?;
    let short = Arc::new(instrument.short_form(form.id)?);
    let mut answers = AnswersInProgress::new(short);
    for (i, item) in form.items.iter().enumerate() {
        answers.answer(i as u8 + 1, parent.get(*item)?).ok()?;
    }
    let complete = answers.complete().ok()?;
    Some(complete.score(config.cutoff(form.id)))
}

/// Whether the rest of `parent` is skipped: its short form is answered and
/// below the short form's cut-off.
pub fn screened_out(config: &ServiceConfig, parent: &AnswersInProgress) -> bool {
    short_form_result(config, parent).is_some_and(|result| !result.caseness.met)
}

/// Whether the questionnaire ends after `item`: it is the short form's last
/// item and the short form screened the person out. (Going back to an earlier
/// item still asks the items after it, up to the short form's end.)
pub fn ends_after(config: &ServiceConfig, parent: &AnswersInProgress, item: u8) -> bool {
    let last_short_item = parent
        .instrument()
        .short_forms
        .first()
        .and_then(|form| form.items.iter().max().copied());
    last_short_item.is_some_and(|last| item >= last) && screened_out(config, parent)
}

/// The result that stands for `parent`: the whole questionnaire's whenever
/// every item is answered, whatever the short form says (a person who went
/// back and lowered PHQ-2 has still answered PHQ-9 item 9: §6); else the
/// short form's when it screened the person out.
pub fn result_for(config: &ServiceConfig, parent: &AnswersInProgress) -> Option<ScoredResult> {
    if let Ok(complete) = parent.complete() {
        return Some(complete.score(config.cutoff(parent.instrument().id)));
    }
    short_form_result(config, parent).filter(|short| !short.caseness.met)
}
