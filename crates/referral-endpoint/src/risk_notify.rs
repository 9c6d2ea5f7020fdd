//! Tells a duty team about each new referral with a risk answer, without
//! anyone having to run `list`: a small JSON POST to a webhook (the team's
//! messaging system), sent from the durable outbox in the referrals database
//! by a [`DeliveryWorker`] (retries, backoff, lease: [`crate::delivery`]).
//!
//! The outbox row is written in the same transaction as every referral with
//! a risk answer, whether or not a webhook is set (an instance with one, or
//! this one once it is set, sends it), so a referral is never stored without
//! its notification, and a restart or an outage of the webhook loses none:
//! rows wait, and are retried with backoff, until the webhook answers 2xx.
//! The notification carries no name and no answers: only the reference the
//! team looks up, when, and the channel. It is sent with the reference as
//! its `Idempotency-Key`: if a process dies between the webhook's answer and
//! the outbox row's removal, the repeat can be recognised.

use crate::delivery::{DeliveryWorker, Failure, Message, Payload, Target, TargetSettings};
use crate::store::{Notification, OutboxKind, Store};
use serde_json::json;

/// `[risk_webhook]` in the settings file.
pub type RiskWebhookSettings = TargetSettings;

/// Where and how to send risk notifications.
pub type RiskWebhook = Target;

/// Starts sending risk notifications to `webhook`. Dropping the worker
/// stops it.
pub fn start(store: Store, webhook: RiskWebhook) -> DeliveryWorker {
    DeliveryWorker::start(store, webhook, RiskNotification)
}

/// The risk webhook's POST: the reference, when, the channel.
struct RiskNotification;

impl Payload for RiskNotification {
    const KIND: OutboxKind = OutboxKind::RiskWebhook;
    const NOUN: &'static str = "risk notification";

    async fn message(
        &self,
        _store: &Store,
        row: &Notification,
    ) -> Result<Option<Message>, Failure> {
        let body = json!({
            "reference": row.reference,
            "received_at": row.received_at,
            "channel": row.channel,
            "risk": true,
        });
        Ok(Some(Message {
            content_type: "application/json",
            accept: None,
            idempotency_key: Some(row.reference.clone()),
            body: body.to_string().into_bytes(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> RiskWebhookSettings {
        RiskWebhookSettings {
            url: url.to_owned(),
            timeout_seconds: None,
            first_retry_seconds: Some(2.0),
            longest_retry_seconds: Some(60.0),
        }
    }

    #[test]
    fn the_webhook_is_https_or_local() {
        assert!(
            settings("https://duty.example.nhs.uk/hook/s3cret")
                .check()
                .is_ok()
        );
        assert!(settings("http://127.0.0.1:9000/hook").check().is_ok());
        let (key, _) = settings("http://duty.example.nhs.uk/hook")
            .check()
            .unwrap_err();
        assert_eq!(key, "url");
        let mut backwards = settings("https://duty.example.nhs.uk/");
        backwards.longest_retry_seconds = Some(1.0);
        assert_eq!(backwards.check().unwrap_err().0, "longest_retry_seconds");
    }

    #[test]
    fn retries_double_up_to_the_longest_wait() {
        let webhook = settings("https://duty.example.nhs.uk/").check().unwrap();
        let waits: Vec<u64> = (1..=8).map(|n| webhook.backoff(n).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn debug_output_hides_the_url_path() {
        let webhook = settings("https://duty.example.nhs.uk/hook/s3cret")
            .check()
            .unwrap();
        let debug = format!("{webhook:?}");
        assert!(
            debug.contains("duty.example.nhs.uk") && !debug.contains("s3cret"),
            "{debug}"
        );
    }
}
