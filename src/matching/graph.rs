//! The matching graph of a detector error model.

use crate::dem::DetectorErrorModel;
use crate::ints::{DetectorIndex, ObservableMask};
use crate::Result;

/// One edge: between two detectors, or from a detector to the boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphEdge {
    /// First endpoint.
    pub node_a: DetectorIndex,
    /// Second endpoint, or `None` for the boundary.
    pub node_b: Option<DetectorIndex>,
    /// Merged error probability.
    pub probability: f64,
    /// ln((1 - p) / p).
    pub weight: f64,
    /// Observables flipped by this edge.
    pub observables: ObservableMask,
}

/// A matching graph: nodes are detectors, plus a boundary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MatchingGraph {
    /// Number of detector nodes.
    pub num_detectors: u32,
    /// Number of observables.
    pub num_observables: u32,
    /// The edges, parallel edges merged.
    pub edges: Vec<GraphEdge>,
}

impl MatchingGraph {
    /// The graph of a decomposed DEM: every piece of every error becomes (or merges into) an
    /// edge, as `pymatching.Matching.from_detector_error_model` does.
    pub fn from_dem(dem: &DetectorErrorModel) -> Result<Self> {
        let _ = dem;
        todo!("matching graph")
    }
}
