//! The worker that empties one kind of outbox row: one row at a time, under
//! a lease, with doubling waits between failures.
//!
//! What the answer means:
//! - 2xx: delivered; the row is deleted.
//! - 408, 429, 5xx, a timeout or no connection: the receiver may take it
//!   later; retried with doubling waits, logged as a warning.
//! - any other 4xx (or a 3xx: redirects are not followed): the receiver
//!   refused it and will refuse it again (a
//!   wrong URL, a missing permission, content it does not accept). Nothing
//!   is dropped: the row is kept and retried at the longest wait, so it goes
//!   through once the receiver is put right, and each refusal is logged as an
//!   error with the status (never the body, which may echo personal data),
//!   so that monitoring shows it.

use super::{Failure, Message, Payload, Target};
use crate::store::{Notification, Store};
use std::sync::Arc;
use time::OffsetDateTime;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// A running worker. Dropping it stops it.
pub struct DeliveryWorker {
    wake: Arc<Notify>,
    task: JoinHandle<()>,
}

impl DeliveryWorker {
    /// Starts delivering `payload`'s rows to `target` on the current Tokio
    /// runtime.
    pub fn start<P: Payload>(store: Store, target: Target, payload: P) -> DeliveryWorker {
        let wake = Arc::new(Notify::new());
        let client = reqwest::Client::builder()
            .timeout(target.timeout)
            // A redirect would send the row somewhere not configured.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client with rustls builds");
        let worker = Worker {
            store,
            target,
            client,
            payload,
        };
        let task = tokio::spawn(worker.run(Arc::clone(&wake)));
        DeliveryWorker { wake, task }
    }

    /// A handle the API uses to say a row was just queued, so it is sent at
    /// once rather than at the next poll.
    pub fn waker(&self) -> Arc<Notify> {
        Arc::clone(&self.wake)
    }
}

impl Drop for DeliveryWorker {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Worker<P> {
    store: Store,
    target: Target,
    client: reqwest::Client,
    payload: P,
}

impl<P: Payload> Worker<P> {
    async fn run(self, wake: Arc<Notify>) {
        loop {
            while self.send_next().await {}
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(self.target.poll()) => {}
            }
        }
    }

    /// Claims and sends the next row due, if any; whether it did.
    async fn send_next(&self) -> bool {
        let now = OffsetDateTime::now_utc();
        let due = self
            .store
            .claim_due_notifications(P::KIND, now, self.target.lease(), 1)
            .await;
        match due {
            Ok(due) => match due.into_iter().next() {
                Some(row) => {
                    self.send(row).await;
                    true
                }
                None => false,
            },
            Err(e) => {
                tracing::error!(error = %e, kind = P::KIND.as_str(), "cannot read the outbox");
                false
            }
        }
    }

    async fn send(&self, row: Notification) {
        let result = match self.payload.message(&self.store, &row).await {
            Ok(Some(message)) => self.post(message).await,
            Ok(None) => Ok(()),
            Err(failure) => Err(failure),
        };
        let reference = &row.reference;
        let attempts = row.attempts + 1;
        let what = P::NOUN;
        let wait = match result {
            Ok(()) => {
                tracing::info!(%reference, attempts, "{what} delivered");
                if let Err(e) = self.store.notification_delivered(row.id).await {
                    tracing::error!(%reference, error = %e, "cannot mark a {what} delivered");
                }
                return;
            }
            Err(Failure::Passing(why)) => {
                let wait = self.target.backoff(attempts);
                tracing::warn!(
                    %reference,
                    attempts,
                    retry_in_seconds = wait.as_secs_f64(),
                    "{what} not delivered: {why}"
                );
                wait
            }
            Err(Failure::Refused(why)) => {
                let wait = self.target.longest_retry;
                tracing::error!(
                    %reference,
                    attempts,
                    host = self.target.host(),
                    retry_in_seconds = wait.as_secs_f64(),
                    "{what} refused, and kept until it is accepted: {why}"
                );
                wait
            }
        };
        let next = OffsetDateTime::now_utc() + wait;
        if let Err(e) = self.store.notification_failed(row.id, next).await {
            tracing::error!(%reference, error = %e, "cannot reschedule a {what}");
        }
    }

    async fn post(&self, message: Message) -> Result<(), Failure> {
        let mut request = self
            .client
            .post(self.target.url.as_str())
            .header(reqwest::header::CONTENT_TYPE, message.content_type);
        if let Some(accept) = message.accept {
            request = request.header(reqwest::header::ACCEPT, accept);
        }
        if let Some(key) = &message.idempotency_key {
            request = request.header(crate::IDEMPOTENCY_KEY, key);
        }
        match request.body(message.body).send().await {
            Ok(response) => judge(response.status()),
            // reqwest's error names the URL; it is not logged.
            Err(e) => Err(Failure::Passing(send_error(&e))),
        }
    }
}

/// What an answer's status means (the module's doc).
fn judge(status: reqwest::StatusCode) -> Result<(), Failure> {
    let passing = status.is_server_error()
        || status == reqwest::StatusCode::REQUEST_TIMEOUT
        || status == reqwest::StatusCode::TOO_MANY_REQUESTS;
    if status.is_success() {
        Ok(())
    } else if !passing {
        Err(Failure::Refused(format!("the receiver answered {status}")))
    } else {
        Err(Failure::Passing(format!("the receiver answered {status}")))
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
    use reqwest::StatusCode;

    fn kind(status: u16) -> &'static str {
        match judge(StatusCode::from_u16(status).unwrap()) {
            Ok(()) => "delivered",
            Err(Failure::Passing(_)) => "retry",
            Err(Failure::Refused(_)) => "refused",
        }
    }

    #[test]
    fn only_a_lasting_client_error_counts_as_a_refusal() {
        for (status, expected) in [
            (200, "delivered"),
            (201, "delivered"),
            (204, "delivered"),
            (302, "refused"),
            (400, "refused"),
            (401, "refused"),
            (404, "refused"),
            (412, "refused"),
            (422, "refused"),
            (408, "retry"),
            (429, "retry"),
            (500, "retry"),
            (503, "retry"),
        ] {
            assert_eq!(kind(status), expected, "{status}");
        }
    }
}
