//! Questionnaires as data: items, options with scores, severity bands, risk rules
//! and LOINC codes, read from one JSON file per instrument and checked on load.

use crate::instrument_id::InstrumentId;
use crate::score::{Score, Severity};
use serde::{Deserialize, Serialize};

/// What kind of flag a risk rule raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RiskFlag {
    /// PHQ-9 item 9 above "Not at all" (clinical-reference.md §6).
    SelfHarmThoughts,
}

impl RiskFlag {
    /// As payloads write it.
    pub fn name(self) -> &'static str {
        match self {
            RiskFlag::SelfHarmThoughts => "self_harm_thoughts",
        }
    }
}

/// One answer option and the score it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    pub label: String,
    pub score: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loinc: Option<String>,
}

/// One question of an instrument, numbered from 1 as printed on the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub number: u8,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loinc: Option<String>,
}

/// A contiguous range of totals that share a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityBand {
    pub from: Score,
    pub to: Score,
    pub severity: Severity,
}

/// An item answer at or above `at_least` raises `flag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskRule {
    pub item: u8,
    pub at_least: u8,
    pub flag: RiskFlag,
}

/// The unscored question asked after an instrument (PHQ-9's difficulty question).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionalQuestion {
    pub text: String,
    pub loinc: Option<String>,
    pub options: Vec<String>,
}

/// A short form asked as a pre-screen, made of some of its parent's items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortFormDefinition {
    pub id: InstrumentId,
    pub name: String,
    pub items: Vec<u8>,
    pub default_cutoff: Score,
}

/// LOINC codes of the panel and its total score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelCodes {
    pub panel: String,
    pub total: String,
}

/// A questionnaire, exactly as its file describes it. Build one with
/// [`Instrument::from_json`], which refuses a file that breaks any rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub id: InstrumentId,
    pub name: String,
    pub title: String,
    /// Goes into every referral so a clinician knows which wording was asked.
    pub version: String,
    /// Where the wording and rules come from.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copyright: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loinc: Option<PanelCodes>,
    pub stem: String,
    pub options: Vec<AnswerOption>,
    pub items: Vec<Item>,
    /// Empty where the source defines a cut-off but no severity bands.
    pub bands: Vec<SeverityBand>,
    pub default_cutoff: Score,
    /// Whether the source validates `default_cutoff` for this instrument.
    /// False for the COPD and cardiac screens, which borrow the diabetes
    /// screen's (DDS2) cut-off: the Talking Health programme gives none for
    /// them (clinical-reference.md §2). The nurse is told so beside their
    /// result. A short form has its parent's.
    pub cutoff_validated: bool,
    pub risk_rules: Vec<RiskRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functional_question: Option<FunctionalQuestion>,
    pub short_forms: Vec<ShortFormDefinition>,
}

/// Why an instrument file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("instrument file {file}: {problem}")]
pub struct InstrumentError {
    pub file: String,
    pub problem: String,
}

impl Instrument {
    /// Reads and checks one instrument file; `file` names it in any error.
    pub fn from_json(file: &str, json: &str) -> Result<Self, InstrumentError> {
        let fail = |problem: String| InstrumentError {
            file: file.to_owned(),
            problem,
        };
        let instrument: Instrument = serde_json::from_str(json).map_err(|e| fail(e.to_string()))?;
        instrument.check().map_err(fail)?;
        Ok(instrument)
    }

    /// The lowest possible total (every item at its lowest option).
    pub fn min_total(&self) -> Score {
        Score::new(u16::from(self.lowest_option_score()) * self.items.len() as u16)
    }

    /// The highest possible total.
    pub fn max_total(&self) -> Score {
        Score::new(u16::from(self.highest_option_score()) * self.items.len() as u16)
    }

    /// Whether `score` is one of this instrument's option scores.
    pub fn is_option_score(&self, score: u8) -> bool {
        self.options.iter().any(|o| o.score == score)
    }

    /// The band a total falls in, if this instrument has bands.
    pub fn severity_of(&self, total: Score) -> Option<Severity> {
        self.bands
            .iter()
            .find(|b| b.from <= total && total <= b.to)
            .map(|b| b.severity)
    }

    /// The short form `id` as an instrument of its own: the chosen items, the
    /// parent's options, no bands and no risk rules (PHQ-2 and GAD-2 are
    /// pre-screens with a cut-off only: clinical-reference.md §5).
    pub fn short_form(&self, id: InstrumentId) -> Option<Instrument> {
        let form = self.short_forms.iter().find(|f| f.id == id)?;
        let items = form
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                let parent = self.items.iter().find(|item| item.number == *n)?;
                Some(Item {
                    number: i as u8 + 1,
                    ..parent.clone()
                })
            })
            .collect();
        Some(Instrument {
            id: form.id,
            name: form.name.clone(),
            title: form.name.clone(),
            version: format!("{}/{}", self.version, form.name),
            items,
            bands: Vec::new(),
            default_cutoff: form.default_cutoff,
            risk_rules: Vec::new(),
            functional_question: None,
            short_forms: Vec::new(),
            loinc: None,
            ..self.clone()
        })
    }

    fn lowest_option_score(&self) -> u8 {
        self.options.iter().map(|o| o.score).min().unwrap_or(0)
    }

    fn highest_option_score(&self) -> u8 {
        self.options.iter().map(|o| o.score).max().unwrap_or(0)
    }

    fn check(&self) -> Result<(), String> {
        if self.items.is_empty() {
            return Err("it has no items".into());
        }
        for (index, item) in self.items.iter().enumerate() {
            if usize::from(item.number) != index + 1 {
                return Err(format!(
                    "items must be numbered 1, 2, 3... in order; found {} in position {}",
                    item.number,
                    index + 1
                ));
            }
            if item.text.trim().is_empty() {
                return Err(format!("item {} has no text", item.number));
            }
        }
        if self.options.len() < 2 {
            return Err("it needs at least two answer options".into());
        }
        if !self.options.windows(2).all(|w| w[0].score < w[1].score) {
            return Err("option scores must be distinct and increasing".into());
        }
        if self.items.len() * usize::from(self.highest_option_score()) > usize::from(u16::MAX) {
            return Err("the highest total is too large".into());
        }
        self.check_bands()?;
        self.check_cutoff(self.default_cutoff, "default_cutoff")?;
        for rule in &self.risk_rules {
            if !self.items.iter().any(|i| i.number == rule.item) {
                return Err(format!(
                    "a risk rule points at item {}, which does not exist",
                    rule.item
                ));
            }
            if !self.is_option_score(rule.at_least) || rule.at_least == self.lowest_option_score() {
                return Err(format!(
                    "the risk rule on item {} must start at an option score above the lowest",
                    rule.item
                ));
            }
        }
        for form in &self.short_forms {
            if form.items.is_empty()
                || form
                    .items
                    .iter()
                    .any(|n| !self.items.iter().any(|i| i.number == *n))
            {
                return Err(format!(
                    "short form {} names items that do not exist",
                    form.name
                ));
            }
            let short = self.short_form(form.id).expect("short form just found");
            short.check_cutoff(
                form.default_cutoff,
                &format!("short form {} default_cutoff", form.name),
            )?;
        }
        Ok(())
    }

    /// Bands, when present, cover every total from min to max exactly once, in order.
    fn check_bands(&self) -> Result<(), String> {
        let Some(first) = self.bands.first() else {
            return Ok(());
        };
        if first.from != self.min_total() {
            return Err(format!(
                "the first band starts at {}, not at the lowest total {}",
                first.from,
                self.min_total()
            ));
        }
        for pair in self.bands.windows(2) {
            if pair[0].from > pair[0].to || pair[1].from.value() != pair[0].to.value() + 1 {
                return Err(format!(
                    "bands must be contiguous: {}-{} is followed by {}-{}",
                    pair[0].from, pair[0].to, pair[1].from, pair[1].to
                ));
            }
        }
        let last = self.bands.last().expect("bands are not empty");
        if last.from > last.to || last.to != self.max_total() {
            return Err(format!(
                "the last band ends at {}, not at the highest total {}",
                last.to,
                self.max_total()
            ));
        }
        Ok(())
    }

    /// A cut-off must lie above the lowest total, so that it separates someone, and
    /// at or below the highest, so that it can be met.
    pub fn check_cutoff(&self, cutoff: Score, what: &str) -> Result<(), String> {
        if cutoff <= self.min_total() || cutoff > self.max_total() {
            return Err(format!(
                "{what} {cutoff} is outside the possible totals {}-{} of {}",
                self.min_total().value() + 1,
                self.max_total(),
                self.name
            ));
        }
        Ok(())
    }
}
