//! The instruments shipped with the widget, loaded and checked at start.
//!
//! The files are checked when the crate is built (`build.rs`, with the same rules
//! as [`Instrument::from_json`] and [`Catalogue::from_files`]) and compiled into
//! static data, so the browser does not carry a JSON parser for them. The
//! browser's build (wasm32) leaves out what it never reads: each instrument's
//! `source` is empty and its LOINC codes are `None` there.

use crate::instrument::{
    AnswerOption, FunctionalQuestion, Instrument, InstrumentError, Item, PanelCodes, RiskFlag,
    RiskRule, SeverityBand, ShortFormDefinition,
};
use crate::instrument_id::InstrumentId;
use crate::scoring::{Score, Severity};
use std::sync::Arc;

use screening_types::assemble;

/// The instrument files compiled into the binary, by file name.
pub const INSTRUMENT_FILES: [(&str, &str); 5] = [
    ("phq9.json", include_str!("../instruments/phq9.json")),
    ("gad7.json", include_str!("../instruments/gad7.json")),
    (
        "diabetes.json",
        include_str!("../instruments/diabetes.json"),
    ),
    ("copd.json", include_str!("../instruments/copd.json")),
    ("cardiac.json", include_str!("../instruments/cardiac.json")),
];

/// Every instrument, including the short forms derived from their parents.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// Indexed by `InstrumentId as usize`; every slot is filled once loaded.
    instruments: assemble::Slots,
}

impl Catalogue {
    /// Loads the shipped instruments. build.rs has checked and assembled
    /// them, short forms included, with the rules of [`Catalogue::from_files`];
    /// only a missing one can be found here.
    pub fn load() -> Result<Self, InstrumentError> {
        let mut instruments = assemble::Slots::default();
        for shipped in &SHIPPED {
            instruments[shipped.id as usize] = Some(Arc::new(shipped.instrument()));
        }
        assemble::check_complete(&instruments)?;
        Ok(Catalogue { instruments })
    }

    /// Loads `(file name, JSON)` pairs; every instrument id must appear exactly once.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Self, InstrumentError> {
        let instruments = assemble::assemble(
            files
                .iter()
                .map(|(file, json)| Instrument::from_json(file, json).map(|i| (*file, i))),
        )?;
        Ok(Catalogue { instruments })
    }

    /// The instrument `id`; every id is present once loading has succeeded.
    pub fn get(&self, id: InstrumentId) -> &Arc<Instrument> {
        self.instruments[id as usize]
            .as_ref()
            .expect("every instrument is present once loading has succeeded")
    }
}

/// One shipped instrument (a file's, or a short form derived from one) as
/// static data, written by `build.rs`.
struct Shipped {
    id: InstrumentId,
    name: &'static str,
    title: &'static str,
    version: &'static str,
    source: &'static str,
    copyright: Option<&'static str>,
    /// Panel and total codes.
    loinc: Option<(&'static str, &'static str)>,
    stem: &'static str,
    /// Label, score, LOINC answer code.
    options: &'static [(&'static str, u8, Option<&'static str>)],
    /// Number, text, LOINC code.
    items: &'static [(u8, &'static str, Option<&'static str>)],
    bands: &'static [SeverityBand],
    default_cutoff: Score,
    cutoff_validated: bool,
    risk_rules: &'static [RiskRule],
    /// Text, LOINC code, options.
    functional_question: Option<(&'static str, Option<&'static str>, &'static [&'static str])>,
    /// Id, name, items, default cut-off.
    short_forms: &'static [(InstrumentId, &'static str, &'static [u8], Score)],
}

fn owned(text: Option<&'static str>) -> Option<String> {
    text.map(str::to_owned)
}

impl Shipped {
    fn instrument(&self) -> Instrument {
        Instrument {
            id: self.id,
            name: self.name.to_owned(),
            title: self.title.to_owned(),
            version: self.version.to_owned(),
            source: self.source.to_owned(),
            copyright: owned(self.copyright),
            loinc: self.loinc.map(|(panel, total)| PanelCodes {
                panel: panel.to_owned(),
                total: total.to_owned(),
            }),
            stem: self.stem.to_owned(),
            options: self
                .options
                .iter()
                .map(|&(label, score, loinc)| AnswerOption {
                    label: label.to_owned(),
                    score,
                    loinc: owned(loinc),
                })
                .collect(),
            items: self
                .items
                .iter()
                .map(|&(number, text, loinc)| Item {
                    number,
                    text: text.to_owned(),
                    loinc: owned(loinc),
                })
                .collect(),
            bands: self.bands.to_vec(),
            default_cutoff: self.default_cutoff,
            cutoff_validated: self.cutoff_validated,
            risk_rules: self.risk_rules.to_vec(),
            functional_question: self.functional_question.map(|(text, loinc, options)| {
                FunctionalQuestion {
                    text: text.to_owned(),
                    loinc: owned(loinc),
                    options: options.iter().map(|o| (*o).to_owned()).collect(),
                }
            }),
            short_forms: self
                .short_forms
                .iter()
                .map(|&(id, name, items, default_cutoff)| ShortFormDefinition {
                    id,
                    name: name.to_owned(),
                    items: items.to_vec(),
                    default_cutoff,
                })
                .collect(),
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/instruments.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_instruments_are_the_files_parsed() {
        let compiled = Catalogue::load().unwrap();
        let parsed = Catalogue::from_files(&INSTRUMENT_FILES).unwrap();
        for id in InstrumentId::ALL {
            assert_eq!(compiled.get(id), parsed.get(id), "{id}");
        }
    }
}
