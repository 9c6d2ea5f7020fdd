//! Forwards each stored referral, as its FHIR R4 transaction Bundle
//! ([`crate::export::fhir_bundle`], as `export --format fhir` writes it), to
//! a FHIR server: a POST to the server's base URL, from the durable outbox in
//! the referrals database, by a [`DeliveryWorker`] (retries, backoff, lease:
//! [`crate::delivery`]).
//!
//! Every referral is queued in the same transaction that stores it, whether
//! or not a forwarder is set (an instance with one, or this one once it is
//! set, sends it), so none is stored without being queued, and a restart or
//! the server's outage loses none. A repeat (the process stopped between
//! the server's answer and the row's removal) creates nothing: every entry
//! of the Bundle is a conditional create (`ifNoneExist` on its own
//! identifier), and the same referral always gives the same Bundle.

use crate::delivery::{DeliveryWorker, Failure, Message, Payload, Target, TargetSettings};
use crate::store::{Notification, OutboxKind, Store};
use screening::Catalogue;

/// FHIR's JSON media type, for the Bundle sent and the answer wanted.
pub const FHIR_JSON: &str = "application/fhir+json";

/// `[fhir_forward]` in the settings file.
pub type FhirForwardSettings = TargetSettings;

/// Where (the FHIR server's base URL) and how to forward referrals.
pub type FhirForward = Target;

/// Starts forwarding to `server`. Dropping the worker stops it.
pub fn start(store: Store, server: FhirForward) -> DeliveryWorker {
    let catalogue = crate::config::catalogue();
    DeliveryWorker::start(store, server, ReferralBundle { catalogue })
}

/// The referral's transaction Bundle, built from the stored row.
struct ReferralBundle {
    catalogue: Catalogue,
}

impl Payload for ReferralBundle {
    const KIND: OutboxKind = OutboxKind::FhirForward;
    const NOUN: &'static str = "FHIR Bundle";

    /// A referral that cannot be read as a payload is a refusal (it will not
    /// read better later), so that it shows in monitoring.
    async fn message(&self, store: &Store, row: &Notification) -> Result<Option<Message>, Failure> {
        let stored = store
            .get_by_reference(&row.reference)
            .await
            .map_err(|e| Failure::Passing(format!("cannot read the referral: {e}")))?;
        let Some(stored) = stored else {
            return Ok(None);
        };
        let bundle =
            crate::export::fhir_bundle(&self.catalogue, &stored).map_err(Failure::Refused)?;
        Ok(Some(Message {
            content_type: FHIR_JSON,
            accept: Some(FHIR_JSON),
            idempotency_key: None,
            body: bundle.to_string().into_bytes(),
        }))
    }
}
