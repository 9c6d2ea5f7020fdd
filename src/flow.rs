//! The flow: which pages exist, the answers given so far, and which page comes
//! next. Routing is plain Rust (no UI) so it is tested natively.

mod answers;
mod route;

pub use answers::FlowAnswers;
pub use route::{Step, next_step};
