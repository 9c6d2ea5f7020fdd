//! The leaf types of the Talking Health domain: what every layer above names
//! and nothing of the project's own is named by. The domain crate
//! (`screening`) re-exports each module, and its build script reads the
//! instrument files with [`instrument::Instrument::from_json`] and
//! [`assemble::assemble`] from here, as any dependency.
//!
//! Clinical values come from `shared/docs/clinical-reference.md`, cited by section.

pub mod assemble;
pub mod clinician;
pub mod field_error;
pub mod field_rules;
pub mod fields;
pub mod instrument;
pub mod instrument_id;
pub mod mode;
pub mod practice;
pub mod score;
pub mod text;
pub mod web_address;
