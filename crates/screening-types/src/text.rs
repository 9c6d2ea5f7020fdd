//! Searching text, for the few places that parse a string (an address's
//! scheme and host, a text's placeholder, a practice's name).
//!
//! By hand rather than with `str`'s pattern methods: the standard library
//! searches for a string with its two-way algorithm, and for any of several
//! characters with code of its own, which together cost the patients' pages
//! about 1 KB brotli; every text here is short, where the plain search is as
//! fast.

/// `text` split around the first `separator`: what is before it and what is
/// after it, as `str::split_once` gives.
pub fn split_once<'a>(text: &'a str, separator: &str) -> Option<(&'a str, &'a str)> {
    if separator.is_empty() {
        return Some(("", text));
    }
    let at = text
        .as_bytes()
        .windows(separator.len())
        .position(|window| window == separator.as_bytes())?;
    // A match of a whole `&str` starts and ends on character boundaries.
    Some((&text[..at], &text[at + separator.len()..]))
}

/// `text` up to the first of the ASCII characters `ends` (all of it if none
/// is there), as `text.split(ends).next()` gives: by byte, where the
/// standard library's search for any of several characters costs about
/// 1.7 KB of wasm.
pub fn until_any<'a>(text: &'a str, ends: &[u8]) -> &'a str {
    debug_assert!(ends.is_ascii());
    let end = text.bytes().position(|b| ends.contains(&b));
    // An ASCII byte is a whole character: the cut is on a boundary.
    &text[..end.unwrap_or(text.len())]
}

/// Whether `text` has any of the ASCII characters `bytes` in it, as
/// `text.contains(bytes)` with characters gives, without the standard
/// library's character searcher (about 1.4 KB of wasm).
pub fn has_any(text: &str, bytes: &[u8]) -> bool {
    debug_assert!(bytes.is_ascii());
    text.bytes().any(|b| bytes.contains(&b))
}

/// `text` with every `from` (not empty) replaced by `to`, as `str::replace`
/// gives.
pub fn replace(text: &str, from: &str, to: &str) -> String {
    debug_assert!(!from.is_empty(), "nothing to replace");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = split_once(rest, from) {
        out.push_str(before);
        out.push_str(to);
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_at_the_first_separator() {
        assert_eq!(split_once("https://a://b", "://"), Some(("https", "a://b")));
        assert_eq!(split_once("no separator", "://"), None);
        assert_eq!(split_once("{number}", "{number}"), Some(("", "")));
        assert_eq!(split_once("ab", "abc"), None);
        assert_eq!(split_once("ab", ""), Some(("", "ab")));
        assert_eq!(replace("{a} and {a}", "{a}", "é"), "é and é");
        assert_eq!(until_any("host:1/path?q#f", b"/?#"), "host:1");
        assert_eq!(until_any("host", b"/?#"), "host");
        assert!(has_any("a:b", b":\\") && has_any("a\\b", b":\\") && !has_any("ab", b":\\"));
    }

    proptest! {
        /// The same as the standard library's, on any text and separator
        /// (short, from a small alphabet, so that they often match),
        /// multi-byte characters included.
        #[test]
        fn splits_and_replaces_as_the_standard_library_does(
            text in "[ab:/é{}]{0,12}",
            separator in "[ab:/é{}]{1,3}",
            to in "[xé]{0,2}",
        ) {
            prop_assert_eq!(split_once(&text, &separator), text.split_once(separator.as_str()));
            prop_assert_eq!(replace(&text, &separator, &to), text.replace(separator.as_str(), &to));
            prop_assert_eq!(until_any(&text, b"/:"), text.split(['/', ':']).next().unwrap());
            prop_assert_eq!(has_any(&text, b"/:"), text.contains(['/', ':']));
        }
    }
}
