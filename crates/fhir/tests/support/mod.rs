//! Shared by the FHIR tests: the catalogue, and the independent validator
//! (`scripts/validate-fhir.py` in the venv `scripts/bootstrap.sh` makes).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn catalogue() -> screening::Catalogue {
    screening::Catalogue::load().unwrap()
}

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The venv's Python: `$FHIR_VALIDATOR_VENV` or
/// `$HOME/.cache/talking-health/fhir-validator`, as bootstrap.sh makes it.
fn validator_python() -> PathBuf {
    let venv = std::env::var_os("FHIR_VALIDATOR_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
                .join(".cache/talking-health/fhir-validator")
        });
    let python = venv.join("bin/python");
    assert!(
        python.exists(),
        "the FHIR validator is not installed ({} is missing): run scripts/bootstrap.sh",
        python.display()
    );
    python
}

/// Runs the validator over `files`.
pub fn validate(files: &[PathBuf]) -> Output {
    Command::new(validator_python())
        .arg(root().join("scripts/validate-fhir.py"))
        .args(files)
        .output()
        .expect("the validator runs")
}
