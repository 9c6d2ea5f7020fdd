//! Moving through a page by keyboard alone, as a person who cannot use a mouse
//! does: Tab to reach a control, arrow keys within a radio group, Space to tick,
//! Enter to press a button.

use crate::page::{Focused, describe_page, focused, press, press_tab, type_text};
use fantoccini::{Client, key::Key};

/// The most Tab presses a page may need to reach a control.
const MAX_TABS: usize = 60;

/// Presses Tab until `wanted` matches the focused element; panics if it never does.
pub async fn tab_until(client: &Client, what: &str, wanted: impl Fn(&Focused) -> bool) -> Focused {
    for _ in 0..MAX_TABS {
        press_tab(client).await;
        let now = focused(client).await;
        if wanted(&now) {
            return now;
        }
    }
    panic!("Tab never reached {what}; {}", describe_page(client).await);
}

/// Tabs to the input with this id and types `text` after what it holds (Tab
/// selects an input's text, so End first, as a person would).
pub async fn type_with_keys(client: &Client, id: &str, text: &str) {
    tab_until(client, id, |f| f.id == id).await;
    press(client, Key::End).await;
    type_text(client, text).await;
}

/// Tabs into the radio group `name`, then moves with the arrow keys to the
/// radio `id`, which selects it (as browsers do for radio groups).
pub async fn choose_radio_with_keys(client: &Client, name: &str, id: &str) {
    let mut now = tab_until(client, name, |f| f.name == name).await;
    if now.id == id {
        press(client, Key::Space).await;
        return;
    }
    for _ in 0..20 {
        press(client, Key::Down).await;
        now = focused(client).await;
        if now.id == id {
            return;
        }
    }
    panic!(
        "arrow keys never reached radio {id} in {name}; {}",
        describe_page(client).await
    );
}

/// Tabs to the checkbox `id` and ticks it with Space.
pub async fn tick_with_keys(client: &Client, id: &str) {
    tab_until(client, id, |f| f.id == id).await;
    press(client, Key::Space).await;
}

/// Tabs to the first button whose text contains `label` and presses Enter.
pub async fn press_button_with_keys(client: &Client, label: &str) {
    tab_until(client, label, |f| {
        f.tag == "button" && f.label.contains(label)
    })
    .await;
    press(client, Key::Enter).await;
}
