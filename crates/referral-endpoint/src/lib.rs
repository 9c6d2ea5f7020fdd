//! The Talking Health reference referral endpoint.
//!
//! Receives the widget's referrals at `POST /api/referrals`, checks each with
//! the same screening code the browser ran (re-scoring every answer), and
//! stores it exactly once per `Idempotency-Key` in SQLite. Tests run it
//! in-process with [`Endpoint::start`] and read rows through [`Endpoint::store`].

pub mod api;
pub mod cli;
pub mod config;
pub mod csp_report;
pub mod export;
pub mod https;
mod json;
pub mod page_policy;
pub mod reference;
pub mod request_log;
pub mod security_headers;
pub mod server;
pub mod static_files;
pub mod store;

pub use api::{ApiError, AppState, FieldProblem, IDEMPOTENCY_KEY};
pub use config::{ConfigError, EndpointConfig, Overrides};
pub use request_log::init_logging;
pub use server::{Endpoint, HEALTH_PATH, REFERRALS_PATH, StartError, router, serve};
pub use store::{Outcome, Store, StoreError, StoredReferral};
