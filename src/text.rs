//! Lower-casing by the browser's own Unicode tables: Rust's `str::to_lowercase`
//! would add its case-mapping tables to the wasm that every phone downloads.

/// `text` in lower case, by JavaScript's `String.prototype.toLowerCase`.
pub fn lowercase(text: &str) -> String {
    String::from(js_sys::JsString::from(text).to_lower_case())
}
