//! Detector error models: built from a circuit by Pauli propagation ([`propagate`]), split into
//! graph-like pieces ([`decompose`]), and read and written as stim's `.dem` text ([`text`]).
//!
//! The model is held flat: every `repeat` is unrolled and every detector index is absolute.

pub mod decompose;
pub mod layered;
pub mod model;
pub mod periodic;
pub mod propagate;
pub mod text;

pub use layered::LayeredModel;
pub use model::{DemError, DetectorErrorModel, Symptom};
pub use periodic::memory_error_model;
pub use propagate::detector_error_model;
