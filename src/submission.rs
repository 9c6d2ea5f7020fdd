//! Sends a referral until it is delivered, the endpoint refuses it, or the
//! attempts run out; the retry policy itself is domain logic
//! (`screening::delivery`). Every attempt carries the same body and the
//! referral's id in an `Idempotency-Key` header, so the endpoint stores it once
//! however many attempts reach it.

mod attempt;
mod browser;

use screening::{GaveUp, Next, ReferralPayload, RetryPolicy};

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
    let body = serde_json::to_string(payload).expect("a referral always serialises");
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

/// A new random referral id (UUID v4) from the browser's cryptographic generator.
pub fn new_referral_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .expect("the browser provides crypto.randomUUID")
}
