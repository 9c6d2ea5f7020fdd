//! The browser's clock and connection, as futures.

use leptos::prelude::window;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::AddEventListenerOptions;

fn millis(duration: Duration) -> i32 {
    i32::try_from(duration.as_millis()).unwrap_or(i32::MAX)
}

/// Whether the browser believes it has a connection. `true` can be wrong
/// (a captive portal); `false` is reliable enough to wait on.
pub fn is_online() -> bool {
    window().navigator().on_line()
}

/// Resolves when the browser's `online` event fires.
pub async fn online() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = AddEventListenerOptions::new();
        options.set_once(true);
        let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
            "online", &resolve, &options,
        );
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves after `duration`.
pub async fn sleep(duration: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis(duration));
    });
    let _ = JsFuture::from(promise).await;
}

/// Runs a callback once after a delay, unless dropped first.
pub struct Timer {
    id: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    pub fn after(duration: Duration, callback: impl FnOnce() + 'static) -> Timer {
        let callback = Closure::once(callback);
        let id = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                millis(duration),
            )
            .unwrap_or_default();
        Timer {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        window().clear_timeout_with_handle(self.id);
    }
}
