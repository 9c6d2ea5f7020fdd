//! Delivering what the outbox holds about each referral to a server
//! elsewhere, for every kind of row ([`OutboxKind`]): the risk webhook
//! ([`crate::risk_notify`]) and the FHIR forwarder ([`crate::fhir_forward`]).
//!
//! Each kind has its own settings table (a [`TargetSettings`], checked into a
//! [`Target`]) and says what it POSTs ([`Payload`]); the [`worker`] does the
//! rest alike for both: claims one row at a time under a lease, POSTs,
//! deletes the row on a 2xx, and otherwise retries with doubling waits. The
//! URL is never logged: it may hold the receiver's secret.

pub mod worker;

pub use worker::DeliveryWorker;

use crate::store::{Notification, OutboxKind, Store};
use screening::web_address::WebAddress;
use serde::Deserialize;
use std::fmt;
use std::future::Future;
use std::time::Duration;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_FIRST_RETRY: Duration = Duration::from_secs(10);
const DEFAULT_LONGEST_RETRY: Duration = Duration::from_secs(600);
/// Rows are looked for at least this often (retries fall due without a wake).
const LONGEST_POLL: Duration = Duration::from_secs(5);

/// A settings table for one kind of delivery (`[risk_webhook]`,
/// `[fhir_forward]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSettings {
    /// https (plain http to the local machine only). It may hold the
    /// receiver's secret, so it is never logged.
    pub url: String,
    pub timeout_seconds: Option<u64>,
    pub first_retry_seconds: Option<f64>,
    pub longest_retry_seconds: Option<f64>,
}

impl TargetSettings {
    /// The checked settings, or the key at fault and what is wrong.
    pub fn check(self) -> Result<Target, (&'static str, String)> {
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
        Ok(Target {
            url,
            timeout,
            first_retry,
            longest_retry,
        })
    }
}

/// Where and how to deliver one kind of row.
#[derive(Clone, PartialEq, Eq)]
pub struct Target {
    pub url: WebAddress,
    /// For one POST, connecting included.
    pub timeout: Duration,
    /// The wait after the first failure; each further failure doubles it...
    pub first_retry: Duration,
    /// ...up to this.
    pub longest_retry: Duration,
}

/// The URL's host only: its path may hold the receiver's secret.
impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("host", &self.host())
            .field("timeout", &self.timeout)
            .field("first_retry", &self.first_retry)
            .field("longest_retry", &self.longest_retry)
            .finish()
    }
}

impl Target {
    /// The wait before attempt `attempts + 1`, after `attempts` failures:
    /// doubling from `first_retry`, at most `longest_retry`.
    pub fn backoff(&self, attempts: u32) -> Duration {
        let factor = 2f64.powi(attempts.saturating_sub(1).min(30) as i32);
        self.first_retry.mul_f64(factor).min(self.longest_retry)
    }

    /// The URL's host (and port), which may be logged.
    pub fn host(&self) -> &str {
        self.url
            .as_str()
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', '?', '#']).next())
            .unwrap_or("?")
    }

    /// A claim outlasts one POST with room to spare, so a slow receiver's
    /// row is not claimed again by another instance while it is being sent.
    fn lease(&self) -> Duration {
        self.timeout * 2 + Duration::from_secs(5)
    }

    fn poll(&self) -> Duration {
        self.first_retry.min(LONGEST_POLL)
    }
}

/// One POST's body and headers.
pub struct Message {
    pub content_type: &'static str,
    /// The `Accept` header, if the receiver needs one.
    pub accept: Option<&'static str>,
    /// The `Idempotency-Key` header, if the receiver is told one.
    pub idempotency_key: Option<String>,
    pub body: Vec<u8>,
}

/// Why a row was not delivered this time. Neither says anything personal.
pub enum Failure {
    /// Worth retrying soon, with doubling waits (logged as a warning).
    Passing(String),
    /// The same will happen until someone acts: retried at the longest wait,
    /// and logged as an error so that monitoring shows it.
    Refused(String),
}

/// What one kind of row becomes on the wire.
pub trait Payload: Send + Sync + 'static {
    /// The outbox rows this kind delivers.
    const KIND: OutboxKind;
    /// What one row is called in the logs ("risk notification").
    const NOUN: &'static str;

    /// The POST for `row`. `Ok(None)`: the referral is gone (deleted since
    /// the claim), so there is nothing to send and the row goes too.
    fn message(
        &self,
        store: &Store,
        row: &Notification,
    ) -> impl Future<Output = Result<Option<Message>, Failure>> + Send;
}
