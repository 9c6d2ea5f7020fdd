//! The journey in embed mode: the host practice chosen in advance on the GP
//! practice page (still asked: a person may be registered elsewhere), and the
//! host page told only the frame's height and that the journey started or
//! completed.

use super::height::report_height;
use super::messages::{self, Event};
use crate::context::use_embed_practice;
use crate::flow::Step;
use crate::journey::Journey;
use leptos::prelude::*;

/// Does nothing outside embed mode (no verified practice in context).
pub fn follow(journey: Journey) {
    let Some(practice) = use_embed_practice() else {
        return;
    };
    journey.answers.update(|answers| {
        if answers.form.gp_practice.is_empty() && !answers.practice_not_listed {
            answers.form.gp_practice = practice.ods.clone();
        }
    });
    report_height(practice.origin.clone());
    let origin = practice.origin;
    Effect::new(move |posted: Option<(bool, bool)>| {
        let (mut started, mut completed) = posted.unwrap_or_default();
        let step = journey.step().get();
        if !started && step != Step::Start {
            started = true;
            messages::post_to_parent(&messages::event(Event::Started), &origin);
        }
        if !completed && step == Step::Sent {
            completed = true;
            messages::post_to_parent(&messages::event(Event::Completed), &origin);
        }
        (started, completed)
    });
}
