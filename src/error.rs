//! The one error type of the crate. Every message states the broken condition and, for user
//! parameters, the value given and the allowed range, e.g.
//! `distance must be an integer from 2 to 101, got 1`.

use thiserror::Error;

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong with user input or user files.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A user parameter outside its allowed range or grammar.
    #[error("{name} must be {allowed}, got {value}")]
    Parameter {
        /// The parameter's name as the user wrote it (`distance`, `--rounds`, ...).
        name: String,
        /// The value as the user wrote it.
        value: String,
        /// The allowed range or grammar, in words.
        allowed: String,
    },
    /// A `.dem` file that cannot be read.
    #[error("dem line {line}: {reason}")]
    DemParse {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A stim circuit text that cannot be read.
    #[error("circuit line {line}: {reason}")]
    CircuitParse {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A CSV file that is not sinter's format.
    #[error("csv {reason}")]
    Csv {
        /// What is wrong, with the row or column where known.
        reason: String,
    },
    /// Detection-event data (e.g. a b8 file) that does not fit the model.
    #[error("detection events: {reason}")]
    Shots {
        /// What is wrong.
        reason: String,
    },
    /// A task or run that would not fit in memory (`spec::check_wasm_worker`,
    /// `spec::check_native_run`): the message has the numbers.
    #[error("{reason}")]
    Memory {
        /// What is needed, what there is, and what to change.
        reason: String,
    },
    /// A worker that crashed (a panic: a bug, not a problem with the input); the message
    /// names the task and block it was running.
    #[error("{reason}")]
    Worker {
        /// What crashed, where, and what was kept.
        reason: String,
    },
    /// An error model the decoder cannot use (e.g. a piece with more than two detectors).
    #[error("model: {reason}")]
    Model {
        /// What is wrong.
        reason: String,
    },
}

impl Error {
    /// A parameter error: `{name} must be {allowed}, got {value}`.
    pub fn parameter(name: &str, value: impl ToString, allowed: &str) -> Self {
        Error::Parameter {
            name: name.to_string(),
            value: value.to_string(),
            allowed: allowed.to_string(),
        }
    }
}
