//! Sends a referral to the service's endpoint. The referral's id goes in an
//! `Idempotency-Key` header so that a receiver stores it once however often it
//! arrives.

use screening::ReferralPayload;
use serde::Deserialize;

/// Why a referral was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// No answer: offline, refused, or blocked.
    Network(String),
    /// The endpoint answered with this status.
    Refused(u16),
    /// The endpoint accepted it but its answer could not be read.
    UnreadableAnswer,
}

#[derive(Deserialize)]
struct Receipt {
    reference: String,
}

/// POSTs `payload` once and returns the service's reference for it.
pub async fn send(endpoint: &str, payload: &ReferralPayload) -> Result<String, SendError> {
    let response = gloo_net::http::Request::post(endpoint)
        .header("Idempotency-Key", &payload.referral_id)
        .json(payload)
        .map_err(|e| SendError::Network(e.to_string()))?
        .send()
        .await
        .map_err(|e| SendError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(SendError::Refused(response.status()));
    }
    let receipt: Receipt = response
        .json()
        .await
        .map_err(|_| SendError::UnreadableAnswer)?;
    Ok(receipt.reference)
}

/// A new random referral id (UUID v4) from the browser's cryptographic generator.
pub fn new_referral_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .expect("the browser provides crypto.randomUUID")
}
