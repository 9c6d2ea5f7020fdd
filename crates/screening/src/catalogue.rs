//! The instruments shipped with the widget, loaded and checked at start.

use crate::instrument::{Instrument, InstrumentError};
use crate::instrument_id::InstrumentId;
use std::collections::BTreeMap;
use std::sync::Arc;

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
    instruments: BTreeMap<InstrumentId, Arc<Instrument>>,
}

impl Catalogue {
    /// Loads the shipped instrument files.
    pub fn load() -> Result<Self, InstrumentError> {
        Self::from_files(&INSTRUMENT_FILES)
    }

    /// Loads `(file name, JSON)` pairs; every instrument id must appear exactly once.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Self, InstrumentError> {
        let mut instruments = BTreeMap::new();
        for (file, json) in files {
            let instrument = Instrument::from_json(file, json)?;
            let short_forms: Vec<Instrument> = instrument
                .short_forms
                .iter()
                .filter_map(|f| instrument.short_form(f.id))
                .collect();
            for one in std::iter::once(instrument).chain(short_forms) {
                let id = one.id;
                if instruments.insert(id, Arc::new(one)).is_some() {
                    return Err(InstrumentError {
                        file: (*file).to_owned(),
                        problem: format!("instrument {id} is defined twice"),
                    });
                }
            }
        }
        if let Some(missing) = InstrumentId::ALL
            .iter()
            .find(|id| !instruments.contains_key(id))
        {
            return Err(InstrumentError {
                file: "(catalogue)".to_owned(),
                problem: format!("no file defines instrument {missing}"),
            });
        }
        Ok(Catalogue { instruments })
    }

    /// The instrument `id`; every id is present once loading has succeeded.
    pub fn get(&self, id: InstrumentId) -> &Arc<Instrument> {
        &self.instruments[&id]
    }
}
