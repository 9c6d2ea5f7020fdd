//! Tells a duty team about each new referral with a risk answer, without
//! anyone having to run `list`: a small JSON POST to a webhook (the team's
//! messaging system), sent from a durable outbox in the referrals database.
//!
//! The outbox row is written in the same transaction as every referral with
//! a risk answer, whether or not a webhook is set (an instance with one, or
//! this one once it is set, sends it), so a referral is never stored without
//! its notification, and a restart or an outage of the webhook loses none:
//! rows wait, and are retried with backoff, until the webhook answers 2xx.
//! Rows are claimed one at a time under a lease longer than one POST can
//! take, so two endpoint instances on one PostgreSQL never send the same row
//! at once.
//! The notification carries no name and no answers: only the reference the
//! team looks up, when, and the channel. It is sent with the reference as
//! its `Idempotency-Key`: if a process dies between the webhook's answer and
//! the outbox row's removal, the repeat can be recognised.

use crate::store::{Notification, Store};
use screening::web_address::WebAddress;
use serde::Deserialize;
use serde_json::json;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_FIRST_RETRY: Duration = Duration::from_secs(10);
const DEFAULT_LONGEST_RETRY: Duration = Duration::from_secs(600);
/// Rows are looked for at least this often (retries fall due without a wake).
const LONGEST_POLL: Duration = Duration::from_secs(5);

/// `[risk_webhook]` in the settings file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskWebhookSettings {
    /// https (plain http to the local machine only). It may hold the
    /// receiver's secret, so it is never logged.
    pub url: String,
    pub timeout_seconds: Option<u64>,
    pub first_retry_seconds: Option<f64>,
    pub longest_retry_seconds: Option<f64>,
}

impl RiskWebhookSettings {
    /// The checked settings, or the key at fault and what is wrong.
    pub fn check(self) -> Result<RiskWebhook, (&'static str, String)> {
        let url = WebAddress::parse(&self.url).map_err(|problem| ("url", problem))?;
        let seconds = |key: &'static str, value: Option<f64>, default: Duration| match value {
            None => Ok(default),
            Some(s) if s.is_finite() && s > 0.0 && s <= 86_400.0 => Ok(Duration::from_secs_f64(s)),
            Some(_) => Err((
                key,
                "must be more than 0 and at most 86400 seconds".to_owned(),
            )),
        };
        let timeout = seconds(
            "timeout_seconds",
            self.timeout_seconds.map(|s| s as f64),
            DEFAULT_TIMEOUT,
        )?;
        let first_retry = seconds(
            "first_retry_seconds",
            self.first_retry_seconds,
            DEFAULT_FIRST_RETRY,
        )?;
        let longest_retry = seconds(
            "longest_retry_seconds",
            self.longest_retry_seconds,
            DEFAULT_LONGEST_RETRY,
        )?;
        if longest_retry < first_retry {
            return Err((
                "longest_retry_seconds",
                "must not be less than first_retry_seconds".to_owned(),
            ));
        }
        Ok(RiskWebhook {
            url,
            timeout,
            first_retry,
            longest_retry,
        })
    }
}

/// Where and how to send risk notifications.
#[derive(Clone, PartialEq, Eq)]
pub struct RiskWebhook {
    pub url: WebAddress,
    /// For one POST, connecting included.
    pub timeout: Duration,
    /// The wait after the first failure; each further failure doubles it...
    pub first_retry: Duration,
    /// ...up to this.
    pub longest_retry: Duration,
}

/// The URL's host only: its path may hold the receiver's secret.
impl fmt::Debug for RiskWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = self
            .url
            .as_str()
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', '?', '#']).next())
            .unwrap_or("?");
        f.debug_struct("RiskWebhook")
            .field("host", &host)
            .field("timeout", &self.timeout)
            .field("first_retry", &self.first_retry)
            .field("longest_retry", &self.longest_retry)
            .finish()
    }
}

impl RiskWebhook {
    /// The wait before attempt `attempts + 1`, after `attempts` failures:
    /// doubling from `first_retry`, at most `longest_retry`.
    pub fn backoff(&self, attempts: u32) -> Duration {
        let factor = 2f64.powi(attempts.saturating_sub(1).min(30) as i32);
        self.first_retry.mul_f64(factor).min(self.longest_retry)
    }

    /// A claim outlasts one POST with room to spare, so a slow webhook's
    /// row is not claimed again by another instance while it is being sent.
    fn lease(&self) -> Duration {
        self.timeout * 2 + Duration::from_secs(5)
    }

    fn poll(&self) -> Duration {
        self.first_retry.min(LONGEST_POLL)
    }
}

/// The worker that empties the outbox. Dropping it stops it.
pub struct RiskNotifier {
    wake: Arc<Notify>,
    task: JoinHandle<()>,
}

impl RiskNotifier {
    /// Starts sending on the current Tokio runtime.
    pub fn start(store: Store, webhook: RiskWebhook) -> RiskNotifier {
        let wake = Arc::new(Notify::new());
        let client = reqwest::Client::builder()
            .timeout(webhook.timeout)
            // A redirect would send the notification somewhere not configured.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client with rustls builds");
        let worker = Worker {
            store,
            webhook,
            client,
        };
        let task = tokio::spawn(worker.run(Arc::clone(&wake)));
        RiskNotifier { wake, task }
    }

    /// A handle the API uses to say a risk referral was just stored, so it
    /// is sent at once rather than at the next poll.
    pub fn waker(&self) -> Arc<Notify> {
        Arc::clone(&self.wake)
    }
}

impl Drop for RiskNotifier {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Worker {
    store: Store,
    webhook: RiskWebhook,
    client: reqwest::Client,
}

impl Worker {
    async fn run(self, wake: Arc<Notify>) {
        loop {
            while self.send_next().await {}
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(self.webhook.poll()) => {}
            }
        }
    }

    /// Claims and sends the next notification due, if any; whether it did.
    async fn send_next(&self) -> bool {
        let now = OffsetDateTime::now_utc();
        let due = self
            .store
            .claim_due_notifications(now, self.webhook.lease(), 1)
            .await;
        match due {
            Ok(due) => match due.into_iter().next() {
                Some(notification) => {
                    self.send(notification).await;
                    true
                }
                None => false,
            },
            Err(e) => {
                tracing::error!(error = %e, "cannot read the risk notification outbox");
                false
            }
        }
    }

    async fn send(&self, notification: Notification) {
        let body = json!({
            "reference": notification.reference,
            "received_at": notification.received_at,
            "channel": notification.channel,
            "risk": true,
        });
        let sent = self
            .client
            .post(self.webhook.url.as_str())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(crate::IDEMPOTENCY_KEY, &notification.reference)
            .body(body.to_string())
            .send()
            .await;
        let failure = match sent {
            Ok(response) if response.status().is_success() => None,
            Ok(response) => Some(format!("the webhook answered {}", response.status())),
            // reqwest's error names the URL; the host alone is logged.
            Err(e) => Some(send_error(&e)),
        };
        let reference = &notification.reference;
        let attempts = notification.attempts + 1;
        match failure {
            None => {
                tracing::info!(%reference, attempts, "risk notification sent");
                if let Err(e) = self.store.notification_delivered(notification.id).await {
                    tracing::error!(%reference, error = %e, "cannot mark a risk notification sent");
                }
            }
            Some(why) => {
                let wait = self.webhook.backoff(attempts);
                tracing::warn!(
                    %reference,
                    attempts,
                    retry_in_seconds = wait.as_secs_f64(),
                    "risk notification not sent: {why}"
                );
                let next = OffsetDateTime::now_utc() + wait;
                if let Err(e) = self.store.notification_failed(notification.id, next).await {
                    tracing::error!(%reference, error = %e, "cannot reschedule a risk notification");
                }
            }
        }
    }
}

/// What went wrong, without the URL (it may hold the receiver's secret).
fn send_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "failed"
    };
    format!("the POST {kind}")
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
