//! Screenshots for people to look at (not compared automatically).

use crate::paths;
use fantoccini::Client;
use std::path::PathBuf;

/// Saves a PNG of the viewport to
/// `<workspace>/test-output/screenshots/{name}-{width}x{height}.png`, the size
/// being the page's actual viewport, and returns the path.
pub async fn screenshot(client: &Client, name: &str) -> PathBuf {
    let size = client
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .expect("read the viewport size");
    let (width, height) = (&size[0], &size[1]);
    let png = client.screenshot().await.expect("take a screenshot");
    let dir = paths::screenshot_dir();
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    let path = dir.join(format!("{name}-{width}x{height}.png"));
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    path
}
