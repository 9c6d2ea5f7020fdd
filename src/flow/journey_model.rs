//! A model-based test of the journey, run natively on the route, the answers
//! store and the history the widget uses: random sequences of answers,
//! Continue, Back, Forward, changed answers, pre-screens on and off, and in
//! clinic mode the hand-back, the inactivity clear and finishing.
//!
//! The invariant (clinical-reference.md §6): once a risk answer (PHQ-9 item 9
//! above "Not at all") has been given, the results page's record, the
//! referral when sent, and the clinician's summary, or the notice an
//! inactivity clear leaves, all carry it; and without one, none is flagged.
//! Every referral sent must also pass the endpoint's own check.

use super::answers::FlowAnswers;
use super::cleared::ClearedScreening;
use super::history::History;
use super::route::{Step, leads_to, next_step};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use screening::fields::CalendarDate;
use screening::pre_screen::screened_out;
use screening::referral::Today;
use screening::{
    Catalogue, Channel, Clinician, Condition, InstrumentId, ReferralPayload, RiskReason,
    ScreeningRecord, ServiceConfig,
};
use std::cell::Cell;
use std::sync::Arc;

const SELF_REFERRAL: &str = include_str!("../../public/config.json");
const CLINIC: &str = include_str!("../../public/clinic-config.json");

/// What a person (or, in clinic, the nurse or the tablet) does next.
#[derive(Debug, Clone)]
enum Action {
    /// Chooses an option on a question page (an index into its options).
    Answer(u8),
    /// Chooses an option, then presses Continue: what most people do.
    AnswerAndContinue(u8),
    /// Presses the page's main button; `seed` makes the page's own choices
    /// (conditions, the functional question).
    Continue(u8),
    /// The browser's Back button, pressed `1 + n % 10` times in a row.
    Back(u8),
    /// The browser's Forward button, pressed `1 + n % 10` times in a row.
    Forward(u8),
    /// Clinic: "Hand the tablet back" from the results page.
    HandBack,
    /// Clinic: the inactivity guard clears the screening.
    Inactivity,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        10 => any::<u8>().prop_map(Action::AnswerAndContinue),
        3 => any::<u8>().prop_map(Action::Answer),
        3 => any::<u8>().prop_map(Action::Continue),
        2 => any::<u8>().prop_map(Action::Back),
        2 => any::<u8>().prop_map(Action::Forward),
        1 => Just(Action::HandBack),
        1 => Just(Action::Inactivity),
    ]
}

/// How often each path of interest was reached, so the test shows it
/// explored them rather than passing vacuously.
#[derive(Default)]
struct Reached {
    sent_with_risk_given: Cell<u32>,
    sent_with_risk_withdrawn: Cell<u32>,
    sent_with_risk_after_phq2_lowered: Cell<u32>,
    cleared_with_risk: Cell<u32>,
    summary_with_risk_unsent: Cell<u32>,
    forward_stopped_short: Cell<u32>,
}

fn bump(counter: &Cell<u32>) {
    counter.set(counter.get() + 1);
}

struct World<'a> {
    config: ServiceConfig,
    catalogue: Arc<Catalogue>,
    answers: FlowAnswers,
    history: History,
    /// The model's own record: the highest item 9 answer given to this patient.
    highest_item9: Option<u8>,
    /// Clinic: the referral was confirmed, so Back no longer reopens it.
    sent: bool,
    reached: &'a Reached,
}

fn today() -> CalendarDate {
    CalendarDate::new(2026, 11, 23).unwrap()
}

/// Answers with valid referral details already typed, so that the referral
/// pages go on (their own checks are tested elsewhere).
fn fresh_answers(catalogue: &Catalogue) -> FlowAnswers {
    let mut answers = FlowAnswers::new(catalogue);
    let form = &mut answers.form;
    form.first_name = "Sam".into();
    form.last_name = "Jones".into();
    form.dob_day = "14".into();
    form.dob_month = "3".into();
    form.dob_year = "1981".into();
    form.gp_practice = "F83004".into();
    form.postcode = "N1 9AB".into();
    form.phone = "07700 900123".into();
    form.safe_to_leave_message = Some(true);
    form.safe_to_text = Some(false);
    form.knows_nhs_number = Some(false);
    form.consent_contact = true;
    form.consent_gp = true;
    answers
}

impl<'a> World<'a> {
    fn new(clinic: bool, pre_screens: bool, reached: &'a Reached) -> Self {
        let catalogue = Arc::new(Catalogue::load().unwrap());
        let text = if clinic { CLINIC } else { SELF_REFERRAL };
        let mut config = ServiceConfig::from_json(text, &catalogue).unwrap();
        config.pre_screens = pre_screens;
        // The clinician's details are given once per session, before any patient.
        let first = if clinic {
            Step::NextPatient
        } else {
            Step::first(&config)
        };
        World {
            answers: fresh_answers(&catalogue),
            history: History::new(first),
            highest_item9: None,
            sent: false,
            config,
            catalogue,
            reached,
        }
    }

    fn clinic(&self) -> bool {
        self.config.mode == screening::Mode::Clinic
    }

    fn go_on(&mut self, from: Step) {
        let next = next_step(from, &self.answers, &self.config, today(), false);
        if next != from {
            self.history.push(next);
        }
    }

    /// The next patient (clinic) or the next person (a new page load).
    fn start_again(&mut self) {
        self.answers = fresh_answers(&self.catalogue);
        self.highest_item9 = None;
        self.sent = false;
        if self.clinic() {
            self.history.next_patient();
        } else {
            self.history = History::new(Step::first(&self.config));
        }
    }

    fn act(&mut self, action: &Action) -> Result<(), TestCaseError> {
        let page = self.history.current();
        match action {
            Action::AnswerAndContinue(choice) => {
                self.act(&Action::Answer(*choice))?;
                self.press_continue(page, *choice)?;
            }
            Action::Answer(choice) => {
                if let Step::Question { instrument, item } = page {
                    let options = &self.answers.questionnaire(instrument).instrument().options;
                    let score = options[usize::from(*choice) % options.len()].score;
                    self.answers
                        .questionnaire_mut(instrument)
                        .answer(item, score)
                        .unwrap();
                    if instrument == InstrumentId::Phq9 && item == 9 {
                        self.highest_item9 = self.highest_item9.max(Some(score));
                    }
                }
            }
            Action::Continue(seed) => self.press_continue(page, *seed)?,
            Action::Back(presses) => {
                // Once a clinic referral is confirmed, Back does not reopen it.
                let sent_here = self.sent && matches!(page, Step::HandBack | Step::ClinicSummary);
                let (patient, position) = self.history.entry();
                let back = usize::from(1 + presses % 10).min(position);
                if !sent_here {
                    self.history
                        .restore((patient, position - back), |_, _| true);
                }
            }
            Action::Forward(presses) => {
                let (patient, position) = self.history.entry();
                let wanted = position + usize::from(1 + presses % 10);
                let (answers, config) = (&self.answers, &self.config);
                let shown = self.history.restore((patient, wanted), |from, to| {
                    leads_to(from, to, answers, config, today())
                });
                if shown.is_some() && self.history.entry().1 < wanted {
                    bump(&self.reached.forward_stopped_short);
                }
            }
            Action::HandBack => {
                if self.clinic() && page == Step::Results {
                    self.history.push(Step::HandBack);
                }
            }
            Action::Inactivity => {
                if self.clinic() && page.is_about_a_patient() {
                    let notice = ClearedScreening::of(&self.answers, "10:42".into(), self.sent);
                    self.check_notice(&notice)?;
                    self.start_again();
                }
            }
        }
        let page = self.history.current();
        if matches!(page, Step::Results | Step::ClinicSummary) {
            // What the results page and the clinician's summary show.
            let record = self.answers.screening_record(&self.config);
            self.check_record(&record, "the results page and clinician's summary")?;
            if page == Step::ClinicSummary && record.risk_flag && !self.sent {
                bump(&self.reached.summary_with_risk_unsent);
            }
        }
        Ok(())
    }

    fn press_continue(&mut self, page: Step, seed: u8) -> Result<(), TestCaseError> {
        match page {
            Step::Question { instrument, item } => {
                if self.answers.questionnaire(instrument).get(item).is_some() {
                    self.go_on(page);
                }
            }
            Step::Conditions => {
                let chosen = Condition::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(i, c)| seed & (1 << i) != 0 && self.config.conditions.contains(c))
                    .map(|(_, c)| c)
                    .collect();
                self.answers.conditions = Some(chosen);
                self.go_on(page);
            }
            Step::Functional => {
                self.answers.functional_difficulty = Some(seed % 4);
                self.go_on(page);
            }
            Step::CheckAnswers => {
                self.send()?;
                if self.clinic() {
                    self.sent = true;
                    self.go_on(page);
                } else {
                    self.start_again();
                }
            }
            Step::ClinicSummary => self.start_again(),
            Step::Sent => {}
            _ => self.go_on(page),
        }
        Ok(())
    }

    /// "Confirm and send": the payload as the widget builds it, which the
    /// endpoint's checks (`verify` and the referral's rules) must accept.
    fn send(&mut self) -> Result<(), TestCaseError> {
        let config = &self.config;
        let details = self
            .answers
            .form
            .validate_for(&config.fields, &config.eligibility, today())
            .unwrap();
        let channel = if self.clinic() {
            Channel::Clinic {
                clinician: Clinician::parse("Alex Smith", "Practice nurse", "Diabetes clinic")
                    .unwrap(),
            }
        } else {
            Channel::SelfReferral
        };
        let payload = ReferralPayload::new(
            "3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b".into(),
            config,
            channel,
            details,
            self.answers.screening_record(config),
        );
        prop_assert_eq!(payload.verify(&self.catalogue, config), Ok(()));
        let received: ReferralPayload = serde_json::from_str(&payload.to_json()).unwrap();
        prop_assert_eq!(&received, &payload);
        prop_assert_eq!(received.check_details(config, Today::is(today())), Ok(()));
        let screening = &received.screening;
        self.check_record(screening, "the referral sent")?;
        match screening.risk_reason {
            Some(RiskReason::Given) => bump(&self.reached.sent_with_risk_given),
            Some(RiskReason::Withdrawn) => bump(&self.reached.sent_with_risk_withdrawn),
            None => {}
        }
        // The first path the safety review found: all of PHQ-9 answered with
        // a risk answer, then PHQ-2 lowered below its pre-screen cut-off.
        let phq9 = self.answers.questionnaire(InstrumentId::Phq9);
        if screening.risk_flag && screened_out(config, phq9) {
            bump(&self.reached.sent_with_risk_after_phq2_lowered);
        }
        Ok(())
    }

    fn check_record(&self, record: &ScreeningRecord, what: &str) -> Result<(), TestCaseError> {
        // A questionnaire all answered is scored whole, whatever its short
        // form says (a pre-screen lowered afterwards does not hide it).
        for id in [InstrumentId::Phq9, InstrumentId::Gad7] {
            if self.answers.questionnaire(id).complete().is_ok() {
                prop_assert!(
                    record.results.iter().any(|r| r.instrument == id),
                    "{}: {} answered in full but not scored",
                    what,
                    id
                );
            }
        }
        let given = self.highest_item9.is_some_and(|a| a > 0);
        prop_assert_eq!(record.risk_flag, given, "{}: risk flag", what);
        if given {
            prop_assert_eq!(
                record.phq9_item9_highest,
                self.highest_item9,
                "{}: the highest item 9 answer",
                what
            );
            let expected = if record.phq9_item9.is_some_and(|a| a > 0) {
                RiskReason::Given
            } else {
                RiskReason::Withdrawn
            };
            prop_assert_eq!(record.risk_reason, Some(expected), "{}: reason", what);
            prop_assert_eq!(
                record.outcome.recommendation,
                screening::Recommendation::Refer,
                "{}: a risk answer never blocks the referral",
                what
            );
        }
        Ok(())
    }

    fn check_notice(&self, notice: &ClearedScreening) -> Result<(), TestCaseError> {
        let given = self.highest_item9.filter(|a| *a > 0);
        prop_assert_eq!(
            notice.risk.and_then(|r| r.highest),
            given,
            "the notice after an inactivity clear"
        );
        if given.is_some() {
            bump(&self.reached.cleared_with_risk);
        }
        Ok(())
    }
}

#[test]
fn a_risk_answer_once_given_reaches_every_place_it_must_whatever_happens_after() {
    let reached = Reached::default();
    // A fixed seed: the same 4,000 journeys on every run, so that the
    // counts of paths reached below cannot fail by chance.
    let config = Config {
        cases: 4_000,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let journeys = (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(action(), 1..400),
    );
    let result = runner.run(&journeys, |(clinic, pre_screens, actions)| {
        let mut world = World::new(clinic, pre_screens, &reached);
        for action in &actions {
            world.act(action)?;
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    // The paths that matter were really taken, several times each.
    for (path, count) in [
        (
            "sent with a risk answer given",
            &reached.sent_with_risk_given,
        ),
        (
            "sent with a risk answer withdrawn",
            &reached.sent_with_risk_withdrawn,
        ),
        (
            "sent with a risk answer after PHQ-2 was lowered",
            &reached.sent_with_risk_after_phq2_lowered,
        ),
        (
            "cleared after inactivity with a risk answer",
            &reached.cleared_with_risk,
        ),
        (
            "clinician's summary with a risk answer and no referral",
            &reached.summary_with_risk_unsent,
        ),
        (
            "Forward stopped where the answers no longer lead",
            &reached.forward_stopped_short,
        ),
    ] {
        assert!(
            count.get() >= 5,
            "{path}: reached only {} times",
            count.get()
        );
    }
}
