//! The retry policy for sending a referral: which failures are tried
//! again, how long to wait, and when to stop and tell the person.

use proptest::prelude::*;
use screening::delivery::{is_retryable, parse_retry_after, receipt_reference};
use screening::{Failure, GaveUp, Next, RetryPolicy};
use std::time::Duration;

fn policy() -> RetryPolicy {
    RetryPolicy::default()
}

fn status(code: u16) -> Failure {
    Failure::Status {
        code,
        retry_after: None,
    }
}

fn wait(next: Next) -> Duration {
    match next {
        Next::TryAgainIn(wait) => wait,
        Next::Stop(why) => panic!("expected another attempt, got Stop({why:?})"),
    }
}

#[test]
fn every_status_is_classified_as_retryable_or_not() {
    for code in 100..=599 {
        let expected = code == 408 || code == 429 || code >= 500;
        assert_eq!(is_retryable(code), expected, "status {code}");
    }
}

#[test]
fn a_refusal_stops_at_once_and_names_the_status() {
    for code in [400, 401, 403, 404, 409, 413, 415, 422] {
        assert_eq!(
            policy().after(1, status(code), 0.5),
            Next::Stop(GaveUp::Refused(code))
        );
    }
}

#[test]
fn network_failures_timeouts_and_busy_servers_are_tried_again() {
    for failure in [
        Failure::NoAnswer,
        status(500),
        status(503),
        status(408),
        status(429),
    ] {
        assert!(matches!(
            policy().after(1, failure, 0.0),
            Next::TryAgainIn(_)
        ));
    }
}

#[test]
fn waits_double_from_one_second_within_the_jitter_band() {
    // Jitter 0 gives half the backoff, jitter just under 1 nearly all of it.
    let expected = [1, 2, 4, 8, 16];
    for (attempt, full) in (1..).zip(expected) {
        let full = Duration::from_secs(full);
        assert_eq!(
            wait(policy().after(attempt, Failure::NoAnswer, 0.0)),
            full / 2
        );
        assert_eq!(wait(policy().after(attempt, Failure::NoAnswer, 1.0)), full);
    }
}

#[test]
fn waits_never_exceed_the_longest_wait() {
    let policy = RetryPolicy {
        max_attempts: 100,
        ..policy()
    };
    for attempt in 1..100 {
        assert!(wait(policy.after(attempt, Failure::NoAnswer, 0.999)) <= policy.longest_wait);
    }
}

#[test]
fn the_sixth_failure_stops_so_the_person_can_be_told() {
    assert!(matches!(
        policy().after(5, status(500), 0.5),
        Next::TryAgainIn(_)
    ));
    assert_eq!(
        policy().after(6, status(500), 0.5),
        Next::Stop(GaveUp::StillFailing)
    );
    assert_eq!(
        policy().after(6, Failure::NoAnswer, 0.5),
        Next::Stop(GaveUp::StillFailing)
    );
}

#[test]
fn retry_after_is_honoured_when_longer_than_the_backoff() {
    let asked = |seconds| Failure::Status {
        code: 429,
        retry_after: Some(Duration::from_secs(seconds)),
    };
    assert_eq!(
        wait(policy().after(1, asked(7), 0.5)),
        Duration::from_secs(7)
    );
    // A shorter request than our own backoff does not make us hurry.
    assert_eq!(
        wait(policy().after(4, asked(1), 0.0)),
        Duration::from_secs(4)
    );
    assert_eq!(
        wait(policy().after(1, asked(60), 0.0)),
        Duration::from_secs(60)
    );
    // Longer than a person can be asked to wait: stop and say so.
    assert_eq!(
        policy().after(1, asked(61), 0.0),
        Next::Stop(GaveUp::StillFailing)
    );
}

#[test]
fn retry_after_is_read_in_seconds_only() {
    assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
    assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
    assert_eq!(parse_retry_after("0"), Some(Duration::ZERO));
    for unreadable in [
        "",
        "-1",
        "1.5",
        "soon",
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "99999999999999999999999",
    ] {
        assert_eq!(parse_retry_after(unreadable), None, "{unreadable:?}");
    }
}

#[test]
fn odd_jitter_values_cannot_make_odd_waits() {
    for jitter in [f64::NAN, f64::INFINITY, -1.0, 2.0] {
        let wait = wait(policy().after(1, Failure::NoAnswer, jitter));
        assert!(wait >= Duration::from_millis(500) && wait <= Duration::from_secs(1));
    }
}

proptest! {
    /// Whatever happens, the sender stops within `max_attempts`, and every
    /// wait is at least half the backoff and at most the larger of the
    /// longest wait and an honoured Retry-After.
    #[test]
    fn sending_always_ends_and_waits_stay_bounded(
        failures in proptest::collection::vec(
            prop_oneof![
                Just(Failure::NoAnswer),
                (400u16..600, proptest::option::of(0u64..120)).prop_map(|(code, after)| Failure::Status {
                    code,
                    retry_after: after.map(Duration::from_secs),
                }),
            ],
            1..20,
        ),
        jitter in 0.0f64..1.0,
    ) {
        let policy = policy();
        let mut attempts = 0;
        for failure in failures {
            attempts += 1;
            match policy.after(attempts, failure, jitter) {
                Next::TryAgainIn(wait) => {
                    prop_assert!(attempts < policy.max_attempts);
                    prop_assert!(wait >= policy.first_wait / 2);
                    prop_assert!(wait <= policy.longest_wait.max(policy.longest_retry_after));
                }
                Next::Stop(_) => break,
            }
        }
        prop_assert!(attempts <= policy.max_attempts);
    }
}

#[test]
fn the_reference_is_read_from_the_endpoints_answer() {
    for (body, reference) in [
        (r#"{"reference":"TH-7K2M9Q"}"#, Some("TH-7K2M9Q")),
        (
            r#"{ "status": "received", "reference": "TH-1" }"#,
            Some("TH-1"),
        ),
        // Anything else may still mean the referral arrived: no answer, retry.
        (r#"{"reference":""}"#, None),
        (r#"{"reference":42}"#, None),
        (r#"{"ref":"TH-1"}"#, None),
        (r#"["TH-1"]"#, None),
        ("<html>Bad gateway</html>", None),
        ("", None),
    ] {
        assert_eq!(receipt_reference(body).as_deref(), reference, "{body}");
    }
}
