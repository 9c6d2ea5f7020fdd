//! Putting instruments together into a catalogue, on its own so that the build
//! script checks the shipped files with the same rules (see `build.rs`).

use crate::instrument::{Instrument, InstrumentError};
use crate::instrument_id::InstrumentId;
use std::sync::Arc;

/// One slot per instrument, indexed by `InstrumentId as usize` (an array rather
/// than a map: less generic code in the wasm).
pub type Slots = [Option<Arc<Instrument>>; InstrumentId::ALL.len()];

/// Adds each instrument and its short forms; every instrument id must appear
/// exactly once. Stops at the first error, in the order given.
pub fn assemble<'a>(
    instruments: impl IntoIterator<Item = Result<(&'a str, Instrument), InstrumentError>>,
) -> Result<Slots, InstrumentError> {
    let mut catalogue: Slots = Default::default();
    for loaded in instruments {
        let (file, instrument) = loaded?;
        let short_forms: Vec<Instrument> = instrument
            .short_forms
            .iter()
            .filter_map(|f| instrument.short_form(f.id))
            .collect();
        for one in std::iter::once(instrument).chain(short_forms) {
            let id = one.id;
            if catalogue[id as usize].replace(Arc::new(one)).is_some() {
                return Err(InstrumentError {
                    file: file.to_owned(),
                    problem: format!("instrument {id} is defined twice"),
                });
            }
        }
    }
    check_complete(&catalogue)?;
    Ok(catalogue)
}

/// Every instrument id has its slot filled.
pub fn check_complete(catalogue: &Slots) -> Result<(), InstrumentError> {
    match InstrumentId::ALL
        .iter()
        .find(|id| catalogue[**id as usize].is_none())
    {
        Some(missing) => Err(InstrumentError {
            file: "(catalogue)".to_owned(),
            problem: format!("no file defines instrument {missing}"),
        }),
        None => Ok(()),
    }
}
