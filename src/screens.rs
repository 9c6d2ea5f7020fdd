//! One component per page of the flow.

mod config_problem;
mod start;

pub use config_problem::ConfigProblemPage;
pub use start::StartPage;
