//! When to try sending a referral again, and when to stop.
//!
//! A referral is clinical data that must arrive exactly once. The sender puts
//! the referral's id in an `Idempotency-Key` header, so trying again after a
//! lost answer is always safe; this module decides only *whether* and *when*.
//! It is plain logic with the randomness passed in, so it tests natively.

use crate::json;
use std::time::Duration;

/// How one attempt to send went, when it did not deliver the referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No usable answer: the network failed, the attempt timed out, or the
    /// answer could not be read. The referral may or may not have arrived.
    NoAnswer,
    /// The endpoint answered with a status that is not success.
    Status {
        code: u16,
        /// From a `Retry-After` header, when the endpoint sent one.
        retry_after: Option<Duration>,
    },
}

/// Why the sender stopped trying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GaveUp {
    /// The endpoint refused the referral (a 4xx other than 408 or 429):
    /// sending the same thing again cannot help.
    Refused(u16),
    /// Every attempt failed for reasons that might pass, or the endpoint asked
    /// for a longer wait than a person can be expected to keep the page open.
    /// The person may try again.
    StillFailing,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    TryAgainIn(Duration),
    Stop(GaveUp),
}

/// Exponential backoff with jitter, honouring `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Each attempt is abandoned after this long.
    pub attempt_timeout: Duration,
    /// The wait before the second attempt; each later wait doubles.
    pub first_wait: Duration,
    /// No computed wait is longer than this.
    pub longest_wait: Duration,
    /// Attempts in one go, the first included, before telling the person.
    pub max_attempts: u32,
    /// A `Retry-After` longer than this stops the sending instead: the person
    /// is told and can try again, rather than wait behind a spinner.
    pub longest_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// Six attempts over roughly 15-30 seconds before the person is asked to
    /// try again or phone; 20 seconds per attempt is ample for a few
    /// kilobytes even on a slow mobile connection.
    fn default() -> Self {
        RetryPolicy {
            attempt_timeout: Duration::from_secs(20),
            first_wait: Duration::from_secs(1),
            longest_wait: Duration::from_secs(30),
            max_attempts: 6,
            longest_retry_after: Duration::from_secs(60),
        }
    }
}

/// Statuses worth another attempt: the server failed or was busy, or the
/// request timed out on its side. Every other status is the server's answer.
pub fn is_retryable(status: u16) -> bool {
    status == 408 || status == 429 || (500..=599).contains(&status)
}

/// Reads a `Retry-After` header in its delay-seconds form ("120"). The
/// HTTP-date form is not read; the computed backoff applies instead.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok().map(Duration::from_secs)
}

/// The service's reference for a referral, from the endpoint's answer to it
/// (`{"reference": "TH-…"}`). `None` if the answer is not that: the referral
/// may still have arrived, so the sender treats it as no answer and retries
/// with the same idempotency key.
pub fn receipt_reference(body: &str) -> Option<String> {
    let Ok(json::Value::Object(members)) = json::parse(body) else {
        return None;
    };
    members.into_iter().find_map(|(name, value)| match value {
        json::Value::String(reference) if name == "reference" && !reference.trim().is_empty() => {
            Some(reference)
        }
        _ => None,
    })
}

impl RetryPolicy {
    /// What to do after attempt number `attempts_made` (1 for the first)
    /// failed with `failure`. `jitter` is a random number in `[0, 1)`: waits
    /// are spread over the upper half of the backoff, so many senders failing
    /// together do not come back together.
    pub fn after(&self, attempts_made: u32, failure: Failure, jitter: f64) -> Next {
        let asked_wait = match failure {
            Failure::NoAnswer => None,
            Failure::Status { code, .. } if !is_retryable(code) => {
                return Next::Stop(GaveUp::Refused(code));
            }
            Failure::Status { retry_after, .. } => retry_after,
        };
        if attempts_made >= self.max_attempts {
            return Next::Stop(GaveUp::StillFailing);
        }
        if asked_wait.is_some_and(|wait| wait > self.longest_retry_after) {
            return Next::Stop(GaveUp::StillFailing);
        }
        let backoff = self.backoff(attempts_made, jitter);
        Next::TryAgainIn(asked_wait.map_or(backoff, |asked| asked.max(backoff)))
    }

    /// The wait after attempt `attempts_made`: `first_wait` doubled per
    /// earlier attempt, capped, then scaled to between half and all of itself.
    fn backoff(&self, attempts_made: u32, jitter: f64) -> Duration {
        let doublings = attempts_made.saturating_sub(1).min(31);
        let full = self
            .first_wait
            .saturating_mul(1 << doublings)
            .min(self.longest_wait);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        full.mul_f64(0.5 + jitter / 2.0)
    }
}
