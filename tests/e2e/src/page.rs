//! What a person sees and does on the page: headings, the title, focus,
//! waiting for things to appear, and the keyboard.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::time::{Duration, Instant};

/// How long the wait helpers wait unless told otherwise. The release build
/// loads in well under a second here; this leaves room for a busy machine.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// How often the wait helpers look again.
const POLL: Duration = Duration::from_millis(50);

/// Waits up to [`DEFAULT_WAIT`] for an element matching the CSS `selector`.
///
/// # Panics
/// If none appears in time; the message gives the page's URL, title and h1.
pub async fn wait_for(client: &Client, selector: &str) -> Element {
    wait_for_within(client, selector, DEFAULT_WAIT).await
}

/// As [`wait_for`], with an explicit timeout.
pub async fn wait_for_within(client: &Client, selector: &str, timeout: Duration) -> Element {
    wait_for_locator_within(
        client,
        Locator::Css(selector),
        &format!("`{selector}`"),
        timeout,
    )
    .await
}

/// As [`wait_for`], for any locator (an XPath, say) and waiting [`DEFAULT_WAIT`].
pub async fn wait_for_locator(client: &Client, locator: Locator<'_>) -> Element {
    wait_for_locator_within(client, locator, &format!("{locator:?}"), DEFAULT_WAIT).await
}

async fn wait_for_locator_within(
    client: &Client,
    locator: Locator<'_>,
    described: &str,
    timeout: Duration,
) -> Element {
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(element) = client.find(locator).await {
            return element;
        }
        if Instant::now() >= deadline {
            panic!(
                "no element matches {described} after {timeout:?}; {}",
                describe_page(client).await
            );
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Waits up to [`DEFAULT_WAIT`] until the page's first `h1` reads `expected`
/// (whitespace-trimmed): the way a test knows the flow has reached a screen.
///
/// # Panics
/// If it does not in time; the message gives the page's URL, title and h1.
pub async fn wait_for_h1(client: &Client, expected: &str) {
    let deadline = Instant::now() + DEFAULT_WAIT;
    loop {
        if h1_text(client).await.as_deref() == Some(expected) {
            return;
        }
        if Instant::now() >= deadline {
            panic!(
                "the h1 did not become {expected:?} within {DEFAULT_WAIT:?}; {}",
                describe_page(client).await
            );
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The trimmed visible text of the page's first `h1`, if there is one and
/// the widget (not index.html's plain-HTML start page) is showing.
pub async fn h1_text(client: &Client) -> Option<String> {
    let text = client
        .execute(
            // Until the widget has taken over from index.html's plain-HTML
            // start page there is no widget page to name.
            "const root = document.getElementById('talking-health');
             if (root && !root.hasAttribute('data-ready')) return null;
             const h = document.querySelector('h1'); return h ? h.innerText.trim() : null;",
            vec![],
        )
        .await
        .expect("read the h1");
    text.as_str().map(str::to_owned)
}

/// The visible text of the whole page (`document.body.innerText`), to check
/// what a person can read without tying a test to the markup.
pub async fn page_text(client: &Client) -> String {
    let text = client
        .execute(
            "return document.body ? document.body.innerText : '';",
            vec![],
        )
        .await
        .expect("read the page text");
    text.as_str().unwrap_or_default().to_owned()
}

/// `document.title`.
pub async fn title(client: &Client) -> String {
    client.title().await.expect("read document.title")
}

/// The `lang` attribute of `<html>`, if set.
pub async fn html_lang(client: &Client) -> Option<String> {
    let lang = client
        .execute(
            "return document.documentElement.getAttribute('lang');",
            vec![],
        )
        .await
        .expect("read <html lang>");
    lang.as_str().map(str::to_owned)
}

/// The URL, title and h1 of the current page, for failure messages.
pub async fn describe_page(client: &Client) -> String {
    let url = client
        .current_url()
        .await
        .map(|u| u.to_string())
        .unwrap_or_else(|e| format!("(unknown: {e})"));
    let title = client.title().await.unwrap_or_default();
    let h1 = h1_text(client).await;
    format!("page {url} titled {title:?}, h1 {h1:?}")
}

/// Presses and releases `key` on whatever has focus, as a person would.
/// Unlike `Element::send_keys` this does not first focus an element: a
/// keyboard test must follow the page's own focus order.
pub async fn press(client: &Client, key: Key) {
    let keys = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: key.into() })
        .then(KeyAction::Up { value: key.into() });
    perform(client, keys).await;
}

/// Presses `key` with Shift held (Shift+Tab moves focus backwards).
pub async fn press_with_shift(client: &Client, key: Key) {
    let keys = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down {
            value: Key::Shift.into(),
        })
        .then(KeyAction::Down { value: key.into() })
        .then(KeyAction::Up { value: key.into() })
        .then(KeyAction::Up {
            value: Key::Shift.into(),
        });
    perform(client, keys).await;
}

/// Presses Tab once.
pub async fn press_tab(client: &Client) {
    press(client, Key::Tab).await;
}

/// Types `text` into whatever has focus, one key at a time.
pub async fn type_text(client: &Client, text: &str) {
    let mut keys = KeyActions::new("keyboard".to_owned());
    for c in text.chars() {
        keys = keys
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    perform(client, keys).await;
}

async fn perform(client: &Client, keys: KeyActions) {
    client
        .perform_actions(keys)
        .await
        .expect("perform key actions");
    // Release leaves no key logically held down for the next action.
    client.release_actions().await.expect("release key actions");
}

/// What has keyboard focus (`document.activeElement`), as a person would
/// identify it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Focused {
    /// Lower-case tag name, e.g. `"button"`; `"body"` when nothing is focused.
    pub tag: String,
    /// The `id` attribute, or empty.
    pub id: String,
    /// The `type` attribute (for inputs), or empty.
    pub input_type: String,
    /// The `name` attribute (for form fields), or empty.
    pub name: String,
    /// The label a person hears: `aria-label`, else the text of the
    /// element's `<label>`s, else its visible text; trimmed.
    pub label: String,
}

impl fmt::Display for Focused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}", self.tag)?;
        if !self.id.is_empty() {
            write!(f, " id={:?}", self.id)?;
        }
        if !self.input_type.is_empty() {
            write!(f, " type={:?}", self.input_type)?;
        }
        write!(f, "> {:?}", self.label)
    }
}

/// The element that has keyboard focus.
pub async fn focused(client: &Client) -> Focused {
    const SCRIPT: &str = r#"
        const e = document.activeElement || document.body;
        const labels = e.labels ? Array.from(e.labels).map(l => l.innerText).join(' ') : '';
        return {
            tag: e.tagName.toLowerCase(),
            id: e.id || '',
            input_type: e.getAttribute('type') || '',
            name: e.getAttribute('name') || '',
            label: (e.getAttribute('aria-label') || labels || e.innerText || '').trim(),
        };
    "#;
    let value: Value = client
        .execute(SCRIPT, vec![])
        .await
        .expect("read document.activeElement");
    serde_json::from_value(value).expect("focused element summary")
}
