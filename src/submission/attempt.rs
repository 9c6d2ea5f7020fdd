//! One attempt to POST a referral, abandoned after the policy's timeout.

use super::browser::Timer;
use gloo_net::http::Request;
use screening::delivery::{parse_retry_after, receipt_reference};
use screening::{Failure, RetryPolicy};
use web_sys::{AbortController, RequestCredentials};

/// POSTs `body` once. A timeout, a network error or an unreadable success
/// are all [`Failure::NoAnswer`]: the referral may have arrived, and only a
/// retry with the same key can tell.
pub async fn post(
    endpoint: &str,
    referral_id: &str,
    body: &str,
    policy: RetryPolicy,
) -> Result<String, Failure> {
    let controller = AbortController::new().map_err(|_| Failure::NoAnswer)?;
    let signal = controller.signal();
    // Dropping the timer (when this function returns) cancels it.
    let _timeout = Timer::after(policy.attempt_timeout, move || controller.abort());
    let response = Request::post(endpoint)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", referral_id)
        // Patient data goes with no cookies, even to a service's own domain.
        .credentials(RequestCredentials::Omit)
        .abort_signal(Some(&signal))
        .body(body)
        .map_err(|_| Failure::NoAnswer)?
        .send()
        .await
        .map_err(|_| Failure::NoAnswer)?;
    if !response.ok() {
        return Err(Failure::Status {
            code: response.status(),
            retry_after: response
                .headers()
                .get("Retry-After")
                .and_then(|value| parse_retry_after(&value)),
        });
    }
    let receipt = response.text().await.map_err(|_| Failure::NoAnswer)?;
    receipt_reference(&receipt).ok_or(Failure::NoAnswer)
}
