//! End-to-end test harness: the release build of the widget in headless
//! Chromium, driven as a person would drive it.
//!
//! Build first (`scripts/build.sh`), then `cargo test -p e2e`.
//!
//! ```no_run
//! use e2e::*;
//!
//! # async fn example() {
//! let server = TestServer::start().await;
//! let url = server.url();
//! with_browser(PHONE.width, PHONE.height, |client| async move {
//!     client.goto(&url).await.unwrap();
//!     wait_for_h1(&client, "Refer yourself for talking therapies").await;
//!     assert_no_axe_violations(&client, "start").await;
//!     press_tab(&client).await;
//!     println!("focus is on {}", focused(&client).await);
//!     screenshot(&client, "start").await;
//! })
//! .await;
//! assert!(server.received().is_empty());
//! # }
//! ```

#![warn(missing_docs)]

mod axe;
mod browser;
mod driver;
mod host;
mod json_patch;
pub mod keyboard;
mod page;
mod paths;
pub mod plain_pages;
mod processes;
mod screenshot;
mod server;
mod site;
pub mod steps;

pub use axe::{
    assert_no_axe_violations, assert_no_axe_violations_outside_frames, axe_violations,
    axe_violations_outside_frames, describe_violations,
};
pub use browser::{BODY_TIMEOUT, PHONE, TABLET, Viewport, max_browsers, with_browser};
pub use driver::{chrome_path, chromedriver_path};
pub use host::{HostServer, host_file};
pub use json_patch::merge_patch;
pub use page::{
    DEFAULT_WAIT, Focused, describe_page, focused, h1_text, html_lang, page_text, press, press_tab,
    press_with_shift, title, type_text, wait_for, wait_for_h1, wait_for_locator, wait_for_within,
};
pub use paths::{dist_dir, screenshot_dir, workspace_root};
pub use processes::{PROFILE_VAR, processes_of, profile_dir};
pub use screenshot::screenshot;
pub use server::{Fault, REFERRALS_PATH, ReceivedRequest, TestServer};

/// The widget's own Start button. index.html has a plain-HTML copy of the
/// start page (usable before the widget's code arrives) that the widget
/// replaces; a test that means the widget's page waits for this one.
pub const START_BUTTON: &str = "#talking-health[data-ready] button.th-button--start";

// Re-exported so tests need no direct fantoccini dependency of their own.
pub use fantoccini::{Client, Locator, elements::Element, key::Key};
