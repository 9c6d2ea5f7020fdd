//! index.html's start page in plain HTML: readable, and its Start button
//! pressable, before the widget's code has arrived on a slow connection (the
//! page's loader keeps a press as `data-started` on the mount element). The
//! widget takes over from it once its configuration is loaded.

use web_sys::{Element, HtmlElement};

/// The plain-HTML page inside the mount element, if the page has one.
pub struct StaticStart {
    root: HtmlElement,
    page: Option<Element>,
}

impl StaticStart {
    /// Finds the plain-HTML start page among the mount element's children.
    pub fn in_mount_element(root: &HtmlElement) -> Self {
        let page = root.query_selector(":scope > .th-page").ok().flatten();
        StaticStart {
            root: root.clone(),
            page,
        }
    }

    /// Whether the plain-HTML page is showing (so no loading message is needed).
    pub fn is_showing(&self) -> bool {
        self.page.is_some()
    }

    /// Removes the plain-HTML page (and the logo above it, which the widget
    /// draws again from the configuration) and says whether its Start button
    /// was pressed.
    pub fn hand_over(&self) -> bool {
        if let Some(page) = &self.page {
            page.remove();
        }
        if let Ok(Some(header)) = self.root.query_selector(":scope > .th-service-header") {
            header.remove();
        }
        self.root.dataset().get("started").is_some()
    }
}
