//! Putting instruments together into a catalogue, on its own so that the build
//! script checks the shipped files with the same rules (see `build.rs`).

use crate::instrument::{Instrument, InstrumentError};
use crate::instrument_id::InstrumentId;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Adds each instrument and its short forms; every instrument id must appear
/// exactly once. Stops at the first error, in the order given.
pub(crate) fn assemble<'a>(
    instruments: impl IntoIterator<Item = Result<(&'a str, Instrument), InstrumentError>>,
) -> Result<BTreeMap<InstrumentId, Arc<Instrument>>, InstrumentError> {
    let mut catalogue = BTreeMap::new();
    for loaded in instruments {
        let (file, instrument) = loaded?;
        let short_forms: Vec<Instrument> = instrument
            .short_forms
            .iter()
            .filter_map(|f| instrument.short_form(f.id))
            .collect();
        for one in std::iter::once(instrument).chain(short_forms) {
            let id = one.id;
            if catalogue.insert(id, Arc::new(one)).is_some() {
                return Err(InstrumentError {
                    file: file.to_owned(),
                    problem: format!("instrument {id} is defined twice"),
                });
            }
        }
    }
    if let Some(missing) = InstrumentId::ALL
        .iter()
        .find(|id| !catalogue.contains_key(id))
    {
        return Err(InstrumentError {
            file: "(catalogue)".to_owned(),
            problem: format!("no file defines instrument {missing}"),
        });
    }
    Ok(catalogue)
}
