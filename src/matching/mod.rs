//! Minimum-weight perfect matching with a boundary, on the graph of a detector error model.
//!
//! [`MatchingGraph`] is our own graph (parallel edges merged as PyMatching does, weights
//! ln((1-p)/p)); [`Matcher`] solves matchings on it. The engine behind `Matcher` is the crate
//! `rmatching` today; callers never see its types, so another engine can replace it.

pub mod engine;
pub mod graph;

pub use engine::{Matcher, MatchingDetails};
pub use graph::{GraphEdge, MatchingGraph};

use crate::ints::{DetectorIndex, ObservableMask};

/// Anything that turns one shot's detection events into predicted observable flips.
pub trait Decoder: Send {
    /// Predicts the observables flipped in a shot whose fired detectors are `defects`
    /// (sorted ascending, no duplicates).
    fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask;
}
