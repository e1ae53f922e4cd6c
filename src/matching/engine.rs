//! The matching engine behind our interface (rmatching's sparse blossom today).

use super::{Decoder, MatchingGraph};
use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};

/// Everything a matching found for one shot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchingDetails {
    /// Predicted observable flips.
    pub observables: ObservableMask,
    /// Total weight of the matched paths.
    pub weight: f64,
    /// Matched pairs of defects (`None` = matched to the boundary).
    pub matched_pairs: Vec<(DetectorIndex, Option<DetectorIndex>)>,
    /// The graph edges along the matched paths.
    pub path_edges: Vec<EdgeIndex>,
}

/// A reusable exact minimum-weight perfect matching solver for one graph.
pub struct Matcher {}

impl Matcher {
    /// Builds the solver once; reuse it for every shot.
    pub fn new(graph: &MatchingGraph) -> Self {
        let _ = graph;
        todo!("matcher")
    }
}

impl Decoder for Matcher {
    fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask {
        let _ = defects;
        todo!("decode")
    }
}

// Agreed interface (implemented by the matching work):
//   impl Matcher {
//       pub fn new(graph: &MatchingGraph) -> crate::Result<Matcher>;
//       pub fn decode_details(&mut self, defects: &[DetectorIndex], out: &mut MatchingDetails);
//   }
//   impl Decoder for Matcher { fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask }
