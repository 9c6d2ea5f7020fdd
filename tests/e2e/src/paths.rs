//! Where things are: the workspace, its release build, and the test output folder.

use std::path::{Path, PathBuf};

/// The workspace root (two levels above this package: `tests/e2e`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tests/e2e sits two levels below the workspace root")
        .to_path_buf()
}

/// The release build Trunk writes: `<workspace>/dist`.
pub fn dist_dir() -> PathBuf {
    workspace_root().join("dist")
}

/// The service configuration the widget ships with: `<workspace>/public/config.json`.
pub fn config_path() -> PathBuf {
    workspace_root().join("public").join("config.json")
}

/// axe-core, installed by `npm ci`: `<workspace>/node_modules/axe-core/axe.min.js`.
pub fn axe_path() -> PathBuf {
    workspace_root()
        .join("node_modules")
        .join("axe-core")
        .join("axe.min.js")
}

/// Screenshots land here; `/test-output/` is git-ignored.
pub fn screenshot_dir() -> PathBuf {
    workspace_root().join("test-output").join("screenshots")
}
