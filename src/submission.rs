//! Sends a referral until it is delivered, the endpoint refuses it, or the
//! attempts run out; the retry policy itself is domain logic
//! (`screening::delivery`). Every attempt carries the same body and the
//! referral's id in an `Idempotency-Key` header, so the endpoint stores it once
//! however many attempts reach it.

mod attempt;
mod browser;

use screening::{GaveUp, Next, ReferralPayload, RetryPolicy};
use wasm_bindgen::UnwrapThrowExt;

/// What the sender is doing, for telling the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The first attempt.
    Sending,
    /// A later attempt, or the wait before it.
    StillTrying,
    /// The browser is offline: waiting for the connection to come back
    /// rather than using up attempts.
    WaitingForConnection,
}

/// Sends `payload` to `endpoint` and returns the service's reference for it.
pub async fn deliver(
    endpoint: &str,
    payload: &ReferralPayload,
    policy: RetryPolicy,
    report: impl Fn(Progress),
) -> Result<String, GaveUp> {
    // Serialised once, so every attempt sends exactly the same bytes.
    let body = payload.to_json();
    let mut attempts_made = 0;
    loop {
        if !browser::is_online() {
            report(Progress::WaitingForConnection);
            browser::online().await;
        }
        report(if attempts_made == 0 {
            Progress::Sending
        } else {
            Progress::StillTrying
        });
        let failure = match attempt::post(endpoint, &payload.referral_id, &body, policy).await {
            Ok(reference) => return Ok(reference),
            // Failed because the connection went: not the endpoint's fault,
            // so it does not count against the attempts.
            Err(screening::Failure::NoAnswer) if !browser::is_online() => continue,
            Err(failure) => failure,
        };
        attempts_made += 1;
        match policy.after(attempts_made, failure, js_sys::Math::random()) {
            Next::TryAgainIn(wait) => {
                report(Progress::StillTrying);
                browser::sleep(wait).await;
            }
            Next::Stop(why) => return Err(why),
        }
    }
}

/// A new random referral id (UUID v4) from the browser's cryptographic
/// generator: `crypto.randomUUID` where there is one, else 16 random bytes
/// (older Safari, and pages that are not a secure context, lack it).
pub fn new_referral_id() -> String {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .expect("every supported browser has window.crypto");
    if js_sys::Reflect::has(&crypto, &"randomUUID".into()).unwrap_or(false) {
        return crypto.random_uuid();
    }
    let mut bytes = [0u8; 16];
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        // Not `expect`, whose message would bring JsValue's Debug code into the page.
        .expect_throw("crypto.getRandomValues fills 16 bytes");
    uuid_v4(bytes)
}

/// RFC 9562 version 4: the version and variant bits set, the rest random.
fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        text.push(char::from(b"0123456789abcdef"[usize::from(byte & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::uuid_v4;

    #[test]
    fn sixteen_bytes_make_a_version_4_uuid() {
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(
            uuid_v4(*b"\x12\x34\x56\x78\x9a\xbc\xde\xf0\x12\x34\x56\x78\x9a\xbc\xde\xf0"),
            "12345678-9abc-4ef0-9234-56789abcdef0"
        );
    }
}
