//! The flow: which pages exist, the answers given so far, and which page comes
//! next. Routing is plain Rust (no UI) so it is tested natively.

mod answers;
mod cleared;
mod history;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod journey_model;
mod route;

pub use answers::FlowAnswers;
pub use cleared::ClearedScreening;
pub use history::History;
pub use route::{Step, leads_to, next_step};
