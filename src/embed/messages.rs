//! The messages between the widget and embed.js, and nothing else: each is a
//! plain object `{type: "talking-health:…", …}`.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::Window;

const READY: &str = "talking-health:ready";
const PRACTICE: &str = "talking-health:practice";
const HEIGHT: &str = "talking-health:height";
const EVENT: &str = "talking-health:event";

/// A non-identifying moment in the journey the host page may count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The person went on from the start page.
    Started,
    /// The service received the referral.
    Completed,
}

fn message(kind: &str, field: Option<(&str, JsValue)>) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"type".into(), &kind.into());
    if let Some((name, value)) = field {
        let _ = Reflect::set(&object, &name.into(), &value);
    }
    object.into()
}

/// `{type: "talking-health:ready"}`: the widget is listening.
pub fn ready() -> JsValue {
    message(READY, None)
}

/// `{type: "talking-health:height", height}` in CSS pixels.
pub fn height(pixels: i32) -> JsValue {
    message(HEIGHT, Some(("height", pixels.into())))
}

/// `{type: "talking-health:event", name: "started" | "completed"}`.
pub fn event(event: Event) -> JsValue {
    let name = match event {
        Event::Started => "started",
        Event::Completed => "completed",
    };
    message(EVENT, Some(("name", name.into())))
}

/// The ODS code in a `{type: "talking-health:practice", ods}` message, if
/// `data` is one. Anything else (a string, another type) is `None`.
pub fn practice_in(data: &JsValue) -> Option<String> {
    if !data.is_object() {
        return None;
    }
    let kind = Reflect::get(data, &"type".into()).ok()?.as_string()?;
    if kind != PRACTICE {
        return None;
    }
    Reflect::get(data, &"ods".into()).ok()?.as_string()
}

/// The window this page is framed in; `None` when it is not in a frame.
pub fn framing_parent() -> Option<Window> {
    let window = leptos::prelude::window();
    let parent = window.parent().ok().flatten()?;
    (JsValue::from(&parent) != JsValue::from(&window)).then_some(parent)
}

/// Posts `message` to the parent window, delivered only if the parent's
/// origin is `target_origin`.
pub fn post_to_parent(message: &JsValue, target_origin: &str) {
    if let Some(parent) = framing_parent() {
        let _ = parent.post_message(message, target_origin);
    }
}
