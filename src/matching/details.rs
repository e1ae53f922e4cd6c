//! What a matching found for one shot, beyond the prediction: the pairs, their paths and the
//! weight. The same for every engine.

use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};

/// A matched defect and its partner (`None` = the boundary).
pub type MatchedPair = (DetectorIndex, Option<DetectorIndex>);

/// Everything a matching found for one shot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchingDetails {
    /// Predicted observable flips.
    pub observables: ObservableMask,
    /// Total weight of the correction: the sum of |weight| over `path_edges` up to the last
    /// path end, plus the (negative) weights of the negative-weight edges after it.
    pub weight: f64,
    /// Matched pairs of defects (`None` = matched to the boundary), ascending.
    pub matched_pairs: Vec<MatchedPair>,
    /// The graph edges along the matched paths: path i (from `matched_pairs[i].0` to
    /// `matched_pairs[i].1`) is `path_edges[path_ends[i - 1]..path_ends[i]]` (from 0 for
    /// i = 0). When the graph has negative-weight edges they follow the last path: every
    /// correction includes them. The XOR of all their observables is `observables`.
    pub path_edges: Vec<EdgeIndex>,
    /// Where each matched pair's path ends in `path_edges`.
    pub path_ends: Vec<u32>,
}

impl MatchingDetails {
    /// The edges of path `pair` (the path of `matched_pairs[pair]`).
    pub fn path(&self, pair: usize) -> &[EdgeIndex] {
        let start = if pair == 0 {
            0
        } else {
            self.path_ends[pair - 1] as usize
        };
        &self.path_edges[start..self.path_ends[pair] as usize]
    }

    /// Empties every field, keeping the buffers.
    pub fn clear(&mut self) {
        self.observables = 0;
        self.weight = 0.0;
        self.matched_pairs.clear();
        self.path_edges.clear();
        self.path_ends.clear();
    }
}
