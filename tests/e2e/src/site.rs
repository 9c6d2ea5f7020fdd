//! The site one test serves: the release build, with each page's
//! configuration written in as the build writes it (crates/prerender), but
//! the configuration this test serves. Everything else is the build's own
//! files, linked.

use prerender::PrerenderError;
use std::path::Path;
use tempfile::TempDir;

/// A page of the build and the configuration file it is for, in `public/`.
pub struct PageConfig<'a> {
    /// The page's file in the build, such as `index.html`.
    pub page: &'a str,
    /// The configuration file's name, such as `config.json`.
    pub file: &'a str,
    /// The configuration this test serves.
    pub json: &'a [u8],
}

/// Makes the site in a new folder, removed when the value is dropped.
///
/// Each of `pages` is written with its configuration; one the widget would
/// refuse (as a test of the page for the service's admin may serve) is
/// written as a page that fetches it, since the build would refuse to write
/// it in. The build's other pages carry its own configuration.
///
/// # Panics
/// If the build's files cannot be read or linked.
pub fn site(dist: &Path, pages: &[PageConfig]) -> TempDir {
    let dir = tempfile::tempdir().expect("make the site's folder");
    for entry in std::fs::read_dir(dist).expect("read the build") {
        let entry = entry.expect("read the build");
        let name = entry.file_name();
        if pages.iter().all(|p| *p.page != *name) {
            std::os::unix::fs::symlink(entry.path(), dir.path().join(&name))
                .expect("link the build's file");
        }
    }
    for PageConfig { page, file, json } in pages {
        let html = std::fs::read_to_string(dist.join(page))
            .unwrap_or_else(|e| panic!("read the build's {page}: {e}"));
        let json = std::str::from_utf8(json).expect("the configuration is UTF-8");
        let written = match prerender::render_page(&html, json) {
            Err(PrerenderError::Config(_)) => {
                prerender::fetching_page(&html, &format!("public/{file}"))
            }
            rendered => rendered,
        }
        .unwrap_or_else(|e| panic!("write {page}: {e}"));
        std::fs::write(dir.path().join(page), written).expect("write the page");
    }
    dir
}
