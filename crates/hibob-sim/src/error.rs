//! Errors of the simulator's Rust API.

/// Everything that can go wrong when driving the simulator from Rust.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("could not bind the simulator to {addr}: {source}")]
    Bind {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("unknown service user {0:?}")]
    UnknownServiceUser(String),
    #[error("unknown permission {key:?}; valid permissions: {valid}")]
    UnknownPermission { key: String, valid: String },
    #[error("unknown preset {name:?}; valid presets: {valid}")]
    UnknownPreset { name: String, valid: String },
    #[error("unknown field {0:?}: not a field of this company")]
    UnknownField(String),
    #[error("unknown employee {0:?}")]
    UnknownEmployee(String),
    #[error("invalid date {0:?}: expected YYYY-MM-DD")]
    InvalidDate(String),
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}
