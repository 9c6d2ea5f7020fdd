//! The pages of the journey and the rule for which comes next.

use super::answers::FlowAnswers;
use screening::config::{ConfigurableField, FieldRule, Mode};
use screening::fields::{CalendarDate, DateOfBirth};
use screening::{Eligibility, FormField, InstrumentId, ServiceConfig, pre_screen};

/// One page of the journey. Pages hold no answers: those live in [`FlowAnswers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Start,
    DateOfBirth,
    GpPractice,
    TooYoung,
    OutOfArea,
    Conditions,
    /// One item of an instrument, numbered from 1 (one question per page).
    Question {
        instrument: InstrumentId,
        item: u8,
    },
    /// PHQ-9's functional question.
    Functional,
    Results,
    Name,
    Contact,
    MessagePermissions,
    Postcode,
    NhsNumber,
    AboutYou,
    Interpreter,
    AnythingElse,
    Consent,
    CheckAnswers,
    Sent,
    // Clinic mode (a nurse screens patients on a shared tablet).
    /// The clinician's name, role and team, once per clinic session.
    ClinicianDetails,
    /// Ready for the next patient: nothing of the last one is left.
    NextPatient,
    /// For the nurse: whether the condition screens' cut-offs are met.
    ScreenResult,
    /// "Please hand the tablet to the patient".
    HandToPatient,
    /// "Please hand the tablet back".
    HandBack,
    /// For the nurse: the outcome, any risk answer stated plainly, and the referral.
    ClinicSummary,
}

impl Step {
    /// The first page for this service: the clinician's details in clinic mode.
    pub fn first(config: &ServiceConfig) -> Step {
        match config.mode {
            Mode::Clinic => Step::ClinicianDetails,
            Mode::SelfReferral | Mode::Embed => Step::Start,
        }
    }

    /// Whether this page shows or holds anything about a patient: in clinic
    /// mode, such a page left alone is cleared (the others show only the
    /// clinician's own details).
    pub fn is_about_a_patient(self) -> bool {
        !matches!(self, Step::ClinicianDetails | Step::NextPatient)
    }

    /// Whether, in clinic mode, the patient holds the tablet on this page.
    pub fn is_patient_facing(self) -> bool {
        match self {
            Step::Question { instrument, .. } => !instrument.is_condition_screen(),
            Step::Functional
            | Step::Results
            | Step::DateOfBirth
            | Step::GpPractice
            | Step::TooYoung
            | Step::OutOfArea
            | Step::Name
            | Step::Contact
            | Step::MessagePermissions
            | Step::Postcode
            | Step::NhsNumber
            | Step::AboutYou
            | Step::Interpreter
            | Step::AnythingElse
            | Step::Consent
            | Step::CheckAnswers => true,
            _ => false,
        }
    }

    /// The referral form's fields asked on this page, for per-page validation.
    pub fn fields(self) -> &'static [FormField] {
        use FormField as F;
        match self {
            Step::DateOfBirth => &[F::DateOfBirth],
            Step::Name => &[F::FirstName, F::LastName, F::PreferredName],
            Step::Contact => &[F::Phone, F::Email],
            Step::MessagePermissions => &[F::SafeToLeaveMessage, F::SafeToText],
            Step::Postcode => &[F::Postcode],
            Step::NhsNumber => &[F::KnowsNhsNumber, F::NhsNumber],
            Step::AboutYou => &[F::Gender, F::Ethnicity],
            Step::Interpreter => &[F::InterpreterNeeded, F::InterpreterLanguage],
            Step::AnythingElse => &[F::BestTimeToCall, F::AnythingElse],
            Step::Consent => &[F::ConsentContact, F::ConsentGp],
            _ => &[],
        }
    }
}

/// The page after `current`, given the answers so far. `returning` is true when
/// the person came from "Check your answers" to change something.
pub fn next_step(
    current: Step,
    answers: &FlowAnswers,
    config: &ServiceConfig,
    today: CalendarDate,
    returning: bool,
) -> Step {
    if returning {
        // Eligibility is checked again, and only its dead ends interrupt the return.
        match current {
            Step::DateOfBirth => {
                let next = after_date_of_birth(answers, config, today);
                return if next == Step::GpPractice {
                    Step::CheckAnswers
                } else {
                    next
                };
            }
            Step::GpPractice => {
                let next = after_practice(answers, config, today);
                return if matches!(next, Step::OutOfArea | Step::TooYoung | Step::DateOfBirth) {
                    next
                } else {
                    Step::CheckAnswers
                };
            }
            _ => {}
        }
    }
    if returning && referral_pages(answers, config).contains(&current) {
        // A phone number added while changing answers needs its permissions asked.
        let needs_permissions = current == Step::Contact
            && !answers.form.phone.trim().is_empty()
            && (answers.form.safe_to_leave_message.is_none()
                || answers.form.safe_to_text.is_none());
        return if needs_permissions {
            Step::MessagePermissions
        } else {
            Step::CheckAnswers
        };
    }
    let clinic = config.mode == Mode::Clinic;
    match current {
        Step::Start => Step::DateOfBirth,
        Step::ClinicianDetails => Step::NextPatient,
        Step::NextPatient if config.conditions.is_empty() => Step::ScreenResult,
        Step::NextPatient => Step::Conditions,
        Step::Conditions if clinic && answers.conditions_chosen().is_empty() => Step::ScreenResult,
        Step::ScreenResult => Step::HandToPatient,
        Step::HandToPatient => Step::Question {
            instrument: InstrumentId::Phq9,
            item: 1,
        },
        Step::HandBack => Step::ClinicSummary,
        Step::DateOfBirth => after_date_of_birth(answers, config, today),
        Step::GpPractice => after_practice(answers, config, today),
        Step::Conditions => first_question(answers),
        Step::Question { instrument, item } => after_question(answers, config, instrument, item),
        Step::Functional => Step::Question {
            instrument: InstrumentId::Gad7,
            item: 1,
        },
        Step::Results => {
            let outcome = answers.screening_record(config).outcome;
            if outcome.recommendation.may_refer() {
                // In clinic the patient is not asked the eligibility questions
                // first: they come with the referral details.
                if clinic {
                    Step::DateOfBirth
                } else {
                    Step::Name
                }
            } else {
                Step::Results
            }
        }
        Step::CheckAnswers if clinic => Step::HandBack,
        Step::CheckAnswers => Step::Sent,
        page if referral_pages(answers, config).contains(&page) => {
            let pages = referral_pages(answers, config);
            let index = pages
                .iter()
                .position(|p| *p == page)
                .expect("page is listed");
            pages.get(index + 1).copied().unwrap_or(Step::CheckAnswers)
        }
        // Dead ends are pages with their own way out (a link elsewhere, or sent).
        other => other,
    }
}

/// Whether the route leads from `from` to `to` with these answers, going on
/// or returning to "Check your answers": the browser's Forward button
/// follows a page visited before only if it still does.
pub fn leads_to(
    from: Step,
    to: Step,
    answers: &FlowAnswers,
    config: &ServiceConfig,
    today: CalendarDate,
) -> bool {
    [false, true]
        .into_iter()
        .any(|returning| next_step(from, answers, config, today, returning) == to)
}

/// The referral detail pages this service asks, in order.
pub fn referral_pages(answers: &FlowAnswers, config: &ServiceConfig) -> Vec<Step> {
    let shown = |f| config.fields.rule(f) != FieldRule::Hidden;
    let has_phone = !answers.form.phone.trim().is_empty();
    [
        (Step::Name, true),
        (Step::Contact, true),
        (Step::MessagePermissions, has_phone),
        (Step::Postcode, shown(ConfigurableField::Postcode)),
        (Step::NhsNumber, shown(ConfigurableField::NhsNumber)),
        (
            Step::AboutYou,
            shown(ConfigurableField::Gender) || shown(ConfigurableField::Ethnicity),
        ),
        (Step::Interpreter, shown(ConfigurableField::Interpreter)),
        (
            Step::AnythingElse,
            shown(ConfigurableField::BestTimeToCall) || shown(ConfigurableField::AnythingElse),
        ),
        (Step::Consent, true),
    ]
    .into_iter()
    .filter_map(|(step, asked)| asked.then_some(step))
    .collect()
}

fn after_date_of_birth(answers: &FlowAnswers, config: &ServiceConfig, today: CalendarDate) -> Step {
    let form = &answers.form;
    let Ok(date_of_birth) =
        DateOfBirth::parse(&form.dob_day, &form.dob_month, &form.dob_year, today)
    else {
        return Step::DateOfBirth;
    };
    if config
        .eligibility
        .is_old_enough(date_of_birth.age_on(today))
    {
        Step::GpPractice
    } else {
        Step::TooYoung
    }
}

fn after_practice(answers: &FlowAnswers, config: &ServiceConfig, today: CalendarDate) -> Step {
    let form = &answers.form;
    let Ok(date_of_birth) =
        DateOfBirth::parse(&form.dob_day, &form.dob_month, &form.dob_year, today)
    else {
        return Step::DateOfBirth;
    };
    if answers.practice_not_listed {
        return Step::OutOfArea;
    }
    match config
        .eligibility
        .check(date_of_birth.age_on(today), &form.gp_practice)
    {
        Eligibility::Eligible(_) if config.mode == Mode::Clinic => Step::Name,
        Eligibility::Eligible(_) if config.conditions.is_empty() => first_question(answers),
        Eligibility::Eligible(_) => Step::Conditions,
        Eligibility::TooYoung => Step::TooYoung,
        Eligibility::OutOfArea => Step::OutOfArea,
    }
}

fn first_question(answers: &FlowAnswers) -> Step {
    Step::Question {
        instrument: answers.instruments_asked()[0],
        item: 1,
    }
}

fn after_question(
    answers: &FlowAnswers,
    config: &ServiceConfig,
    instrument: InstrumentId,
    item: u8,
) -> Step {
    let items = answers.questionnaire(instrument).instrument().items.len() as u8;
    // Below a pre-screen's cut-off the rest of the questionnaire is not asked (§5).
    let screened_out = pre_screen::ends_after(config, answers.questionnaire(instrument), item);
    if item < items && !screened_out {
        return Step::Question {
            instrument,
            item: item + 1,
        };
    }
    // The functional question begins "If you checked off any problems" (§3).
    let any_problem = (1..=items).any(|n| {
        answers
            .questionnaire(instrument)
            .get(n)
            .is_some_and(|v| v > 0)
    });
    if instrument == InstrumentId::Phq9 && any_problem {
        return Step::Functional;
    }
    let asked = answers.instruments_asked();
    let index = asked
        .iter()
        .position(|id| *id == instrument)
        .unwrap_or(asked.len());
    match asked.get(index + 1) {
        // In clinic the nurse sees the condition screens' result before the
        // tablet is handed over for PHQ-9 and GAD-7.
        Some(next)
            if config.mode == Mode::Clinic
                && instrument.is_condition_screen()
                && !next.is_condition_screen() =>
        {
            Step::ScreenResult
        }
        Some(next) => Step::Question {
            instrument: *next,
            item: 1,
        },
        None => Step::Results,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use screening::{Catalogue, Condition};

    const EXAMPLE: &str = include_str!("../../public/config.json");

    fn setup() -> (FlowAnswers, ServiceConfig) {
        let catalogue = Catalogue::load().unwrap();
        let config = ServiceConfig::from_json(EXAMPLE, &catalogue).unwrap();
        let mut answers = FlowAnswers::new(&catalogue);
        answers.form.dob_day = "1".into();
        answers.form.dob_month = "1".into();
        answers.form.dob_year = "1980".into();
        answers.form.gp_practice = "F83004".into();
        (answers, config)
    }

    fn today() -> CalendarDate {
        CalendarDate::new(2026, 11, 23).unwrap()
    }

    fn walk(answers: &FlowAnswers, config: &ServiceConfig, from: Step, until: Step) -> Vec<Step> {
        let mut pages = vec![from];
        while *pages.last().unwrap() != until {
            let next = next_step(*pages.last().unwrap(), answers, config, today(), false);
            assert_ne!(Some(&next), pages.last(), "stuck at {next:?}");
            assert!(pages.len() < 100);
            pages.push(next);
        }
        pages
    }

    #[test]
    fn an_adult_in_the_area_with_diabetes_is_asked_its_screen_then_phq9_and_gad7() {
        let (mut answers, config) = setup();
        answers.conditions = Some(vec![Condition::Diabetes]);
        answers
            .questionnaire_mut(InstrumentId::Phq9)
            .answer(1, 1)
            .unwrap();
        let pages = walk(&answers, &config, Step::Start, Step::Results);
        let q = |instrument, item| Step::Question { instrument, item };
        let mut expected = vec![
            Step::Start,
            Step::DateOfBirth,
            Step::GpPractice,
            Step::Conditions,
        ];
        expected.extend([q(InstrumentId::Diabetes, 1), q(InstrumentId::Diabetes, 2)]);
        expected.extend((1..=9).map(|i| q(InstrumentId::Phq9, i)));
        expected.push(Step::Functional);
        expected.extend((1..=7).map(|i| q(InstrumentId::Gad7, i)));
        expected.push(Step::Results);
        assert_eq!(pages, expected);
    }

    /// With pre-screens on, low PHQ-2 and GAD-2 answers end each questionnaire
    /// after its second item, and the short forms are the results (§5).
    #[test]
    fn below_the_pre_screen_cutoffs_only_phq2_and_gad2_are_asked() {
        let (mut answers, mut config) = setup();
        config.pre_screens = true;
        answers.conditions = Some(vec![]);
        for (id, values) in [(InstrumentId::Phq9, [1, 1]), (InstrumentId::Gad7, [0, 2])] {
            for (i, v) in values.into_iter().enumerate() {
                answers
                    .questionnaire_mut(id)
                    .answer(i as u8 + 1, v)
                    .unwrap();
            }
        }
        let pages = walk(&answers, &config, Step::Conditions, Step::Results);
        let q = |instrument, item| Step::Question { instrument, item };
        assert_eq!(
            pages,
            vec![
                Step::Conditions,
                q(InstrumentId::Phq9, 1),
                q(InstrumentId::Phq9, 2),
                Step::Functional,
                q(InstrumentId::Gad7, 1),
                q(InstrumentId::Gad7, 2),
                Step::Results,
            ]
        );
        let scored = answers.screening_record(&config).results;
        let summary: Vec<_> = scored
            .iter()
            .map(|r| (r.instrument, r.total.value(), r.caseness.met))
            .collect();
        assert_eq!(
            summary,
            vec![
                (InstrumentId::Phq2, 2, false),
                (InstrumentId::Gad2, 2, false)
            ]
        );
    }

    #[test]
    fn at_the_pre_screen_cutoff_the_whole_questionnaire_is_asked() {
        let (mut answers, mut config) = setup();
        config.pre_screens = true;
        answers.conditions = Some(vec![]);
        answers
            .questionnaire_mut(InstrumentId::Phq9)
            .answer(1, 2)
            .unwrap();
        answers
            .questionnaire_mut(InstrumentId::Phq9)
            .answer(2, 1)
            .unwrap();
        let pages = walk(&answers, &config, Step::Conditions, Step::Functional);
        assert_eq!(pages.len(), 1 + 9 + 1, "all nine PHQ-9 items: {pages:?}");
    }

    #[test]
    fn conditions_are_asked_in_a_fixed_order_and_none_goes_straight_to_phq9() {
        let (mut answers, config) = setup();
        answers.conditions = Some(vec![Condition::Cardiac, Condition::Copd]);
        let pages = walk(
            &answers,
            &config,
            Step::Conditions,
            Step::Question {
                instrument: InstrumentId::Phq9,
                item: 1,
            },
        );
        assert_eq!(
            pages[1],
            Step::Question {
                instrument: InstrumentId::Copd,
                item: 1
            }
        );
        assert_eq!(
            pages[3],
            Step::Question {
                instrument: InstrumentId::Cardiac,
                item: 1
            }
        );
        answers.conditions = Some(vec![]);
        assert_eq!(
            next_step(Step::Conditions, &answers, &config, today(), false),
            Step::Question {
                instrument: InstrumentId::Phq9,
                item: 1
            }
        );
    }

    #[test]
    fn the_functional_question_is_skipped_when_no_phq9_problem_was_checked() {
        let (mut answers, config) = setup();
        answers.conditions = Some(vec![]);
        for item in 1..=9 {
            answers
                .questionnaire_mut(InstrumentId::Phq9)
                .answer(item, 0)
                .unwrap();
        }
        let last = Step::Question {
            instrument: InstrumentId::Phq9,
            item: 9,
        };
        assert_eq!(
            next_step(last, &answers, &config, today(), false),
            Step::Question {
                instrument: InstrumentId::Gad7,
                item: 1
            }
        );
    }

    #[test]
    fn someone_under_the_minimum_age_is_shown_the_too_young_page() {
        let (mut answers, config) = setup();
        answers.form.dob_year = "2010".into();
        assert_eq!(
            next_step(Step::DateOfBirth, &answers, &config, today(), false),
            Step::TooYoung
        );
    }

    #[test]
    fn a_practice_not_listed_leads_to_the_out_of_area_page() {
        let (mut answers, config) = setup();
        answers.practice_not_listed = true;
        assert_eq!(
            next_step(Step::GpPractice, &answers, &config, today(), false),
            Step::OutOfArea
        );
        answers.practice_not_listed = false;
        answers.form.gp_practice = "Y99999".into();
        assert_eq!(
            next_step(Step::GpPractice, &answers, &config, today(), false),
            Step::OutOfArea
        );
    }

    #[test]
    fn the_referral_pages_end_at_check_your_answers_then_sent() {
        let (mut answers, config) = setup();
        answers.form.phone = "07700 900123".into();
        let pages = walk(&answers, &config, Step::Name, Step::Sent);
        assert_eq!(
            pages,
            vec![
                Step::Name,
                Step::Contact,
                Step::MessagePermissions,
                Step::Postcode,
                Step::NhsNumber,
                Step::AboutYou,
                Step::Interpreter,
                Step::AnythingElse,
                Step::Consent,
                Step::CheckAnswers,
                Step::Sent
            ]
        );
    }

    #[test]
    fn without_a_phone_number_message_permissions_are_not_asked() {
        let (mut answers, config) = setup();
        answers.form.email = "a@b.co".into();
        assert_eq!(
            next_step(Step::Contact, &answers, &config, today(), false),
            Step::Postcode
        );
    }

    #[test]
    fn a_change_from_check_your_answers_returns_there() {
        let (mut answers, config) = setup();
        assert_eq!(
            next_step(Step::Name, &answers, &config, today(), true),
            Step::CheckAnswers
        );
        answers.form.phone = "07700 900123".into();
        assert_eq!(
            next_step(Step::Contact, &answers, &config, today(), true),
            Step::MessagePermissions
        );
        answers.form.safe_to_leave_message = Some(true);
        answers.form.safe_to_text = Some(true);
        assert_eq!(
            next_step(Step::Contact, &answers, &config, today(), true),
            Step::CheckAnswers
        );
    }

    #[test]
    fn changing_the_date_of_birth_from_check_your_answers_checks_age_again() {
        let (mut answers, config) = setup();
        assert_eq!(
            next_step(Step::DateOfBirth, &answers, &config, today(), true),
            Step::CheckAnswers
        );
        answers.form.dob_year = "2015".into();
        assert_eq!(
            next_step(Step::DateOfBirth, &answers, &config, today(), true),
            Step::TooYoung
        );
        answers.form.dob_year = "1980".into();
        answers.form.gp_practice = "Y99999".into();
        assert_eq!(
            next_step(Step::GpPractice, &answers, &config, today(), true),
            Step::OutOfArea
        );
    }

    #[test]
    fn below_every_cutoff_the_results_page_leads_on_unless_the_service_closed_it() {
        let (mut answers, mut config) = setup();
        answers.conditions = Some(vec![]);
        for id in [InstrumentId::Phq9, InstrumentId::Gad7] {
            let items = answers.questionnaire(id).instrument().items.len() as u8;
            for item in 1..=items {
                answers.questionnaire_mut(id).answer(item, 0).unwrap();
            }
        }
        assert_eq!(
            next_step(Step::Results, &answers, &config, today(), false),
            Step::Name
        );
        config.referral_below_cutoff = false;
        assert_eq!(
            next_step(Step::Results, &answers, &config, today(), false),
            Step::Results
        );
        answers
            .questionnaire_mut(InstrumentId::Phq9)
            .answer(9, 1)
            .unwrap();
        assert_eq!(
            next_step(Step::Results, &answers, &config, today(), false),
            Step::Name,
            "a risk answer never blocks the referral"
        );
    }

    /// Clinic mode: the nurse's pages, the condition screen's result for the
    /// nurse, the hand-over, the patient's questionnaires and details (with
    /// eligibility asked after the results), then the hand-back and summary.
    #[test]
    fn a_clinic_screening_hands_the_tablet_over_and_back() {
        let (mut answers, mut config) = setup();
        config.mode = Mode::Clinic;
        answers.conditions = Some(vec![Condition::Copd]);
        answers.form.phone = "07700 900123".into();
        for id in [InstrumentId::Copd, InstrumentId::Phq9, InstrumentId::Gad7] {
            let items = answers.questionnaire(id).instrument().items.len() as u8;
            for item in 1..=items {
                answers.questionnaire_mut(id).answer(item, 1).unwrap();
            }
        }
        assert_eq!(Step::first(&config), Step::ClinicianDetails);
        let pages = walk(
            &answers,
            &config,
            Step::ClinicianDetails,
            Step::ClinicSummary,
        );
        let q = |instrument, item| Step::Question { instrument, item };
        let mut expected = vec![
            Step::ClinicianDetails,
            Step::NextPatient,
            Step::Conditions,
            q(InstrumentId::Copd, 1),
            q(InstrumentId::Copd, 2),
            Step::ScreenResult,
            Step::HandToPatient,
        ];
        expected.extend((1..=9).map(|i| q(InstrumentId::Phq9, i)));
        expected.push(Step::Functional);
        expected.extend((1..=7).map(|i| q(InstrumentId::Gad7, i)));
        expected.extend([Step::Results, Step::DateOfBirth, Step::GpPractice]);
        expected.extend(referral_pages(&answers, &config));
        expected.extend([Step::CheckAnswers, Step::HandBack, Step::ClinicSummary]);
        assert_eq!(pages, expected);
        assert!(
            pages.iter().all(|p| p.is_patient_facing()
                != matches!(
                    p,
                    Step::ClinicianDetails
                        | Step::NextPatient
                        | Step::Conditions
                        | Step::Question {
                            instrument: InstrumentId::Copd,
                            ..
                        }
                        | Step::ScreenResult
                        | Step::HandToPatient
                        | Step::HandBack
                        | Step::ClinicSummary
                )),
            "the patient holds the tablet from PHQ-9 to Check your answers"
        );
    }

    #[test]
    fn in_clinic_a_patient_without_a_listed_condition_goes_to_the_nurses_result_page() {
        let (mut answers, mut config) = setup();
        config.mode = Mode::Clinic;
        answers.conditions = Some(vec![]);
        assert_eq!(
            next_step(Step::Conditions, &answers, &config, today(), false),
            Step::ScreenResult
        );
        config.conditions.clear();
        assert_eq!(
            next_step(Step::NextPatient, &answers, &config, today(), false),
            Step::ScreenResult
        );
    }

    #[test]
    fn only_the_clinics_resting_pages_hold_nothing_about_a_patient() {
        assert!(!Step::ClinicianDetails.is_about_a_patient());
        assert!(!Step::NextPatient.is_about_a_patient());
        for step in [
            Step::Conditions,
            Step::ScreenResult,
            Step::HandToPatient,
            Step::Name,
            Step::HandBack,
            Step::ClinicSummary,
        ] {
            assert!(step.is_about_a_patient(), "{step:?}");
        }
    }
}
