//! Why a configuration was refused.

/// Why a configuration was refused. Shown to the service's admin, never to patients.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("the configuration is not valid: {0}")]
    Unreadable(String),
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },
}

pub(crate) fn invalid(field: impl Into<String>, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        field: field.into(),
        problem: problem.into(),
    }
}
