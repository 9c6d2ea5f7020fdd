//! Tells the host page the frame's content height whenever it changes, so
//! embed.js can size the iframe to it (no inner scroll bar, no empty space).

use super::messages;
use leptos::prelude::document;
use std::cell::Cell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Observes the document's size for the rest of the page's life (the
/// journey is never unmounted in embed mode) and posts its height to `origin`.
pub fn report_height(origin: String) {
    let Some(root) = document()
        .document_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let last = Cell::new(-1);
    let observed = root.clone();
    let callback = Closure::<dyn Fn()>::new(move || {
        // The root's height is its content's: html and body have no set height.
        let height = observed.offset_height();
        if height != last.replace(height) {
            messages::post_to_parent(&messages::height(height), &origin);
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        // Reports once at once, then on every change.
        observer.observe(&root);
    }
    callback.forget();
}
