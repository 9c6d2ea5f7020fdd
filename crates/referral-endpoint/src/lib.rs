//! The Talking Health reference referral endpoint.
//!
//! Receives the widget's referrals at `POST /api/referrals`, checks each with
//! the same screening code the browser ran (re-scoring every answer), and
//! stores it exactly once per `Idempotency-Key` in SQLite or PostgreSQL. Tests run it
//! in-process with [`Endpoint::start`] and read rows through [`Endpoint::store`].

pub mod api;
pub mod audit;
pub mod cli;
mod client;
pub mod clock;
pub mod commands;
pub mod config;
pub mod csp_report;
pub mod delivery;
pub mod export;
pub mod fhir_forward;
pub mod fhir_questionnaires;
pub mod https;
mod json;
pub mod limits;
mod overload;
pub mod page_policy;
mod rate_limit;
pub mod reference;
pub mod request_body;
pub mod request_log;
pub mod retention;
pub mod risk_notify;
mod schema_paths;
pub mod security_headers;
pub mod server;
mod serving;
pub mod static_files;
pub mod store;

pub use api::{ApiError, AppState, FieldProblem, IDEMPOTENCY_KEY};
pub use config::{ConfigError, EndpointConfig, Overrides};
pub use request_log::init_logging;
pub use server::{Endpoint, HEALTH_PATH, REFERRALS_PATH, StartError, router, serve};
pub use store::{
    Database, NewReferral, Notification, OutboxKind, Outcome, Store, StoreError, StoredReferral,
};
