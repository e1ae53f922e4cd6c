//! Our own exact matching engine: the sparse blossom algorithm of Higgott & Gidney ("Sparse
//! Blossom: correcting a million errors per core second with minimum-weight matching"),
//! minimum-weight perfect matching with a boundary on the integer weights every engine shares
//! ([`crate::matching::discrete`]).
//!
//! Every detection event starts a region that grows over the detector graph ([`arena`]);
//! regions are the dual variables of the matching, and where they touch an edge is tight.
//! The pieces, each in its own file:
//! - [`region`]: regions (radius `a + slope · t`), blossoms' cycles, compressed edges;
//! - [`flooder`]: growing and shrinking over the nodes, in integer time, with a [`queue`] of
//!   events; a collision yields a compressed edge from what the nodes recorded, no search;
//! - [`trace`]: the compressed edge's path, traced back from the collision along the edges
//!   the nodes were reached across (only when details are asked for);
//! - [`tree`]: alternating trees of regions, augmenting paths;
//! - [`cycle`]: forming blossoms from odd cycles, shattering them at radius 0;
//! - [`extract`]: the final regions opened up into pairs of detection events.
//!
//! The prediction is the XOR of the pairs' observables. Paths (for
//! [`BlossomMatcher::decode_details`]) are the engine's own: each matched pair's link carries
//! the shortest path traced when it was found, whose observables are the link's, so details
//! never contradict the prediction and no search runs afterwards. All state lives in the
//! engine and is reset only where a shot touched it, so a warm engine allocates nothing per
//! shot (bar buffers growing to a new largest shot).
//! Per-shot weight changes rewrite the changed edges' integers in O(1) each.
//!
//! Defects that no perfect matching can cover (an odd number in a piece of the graph without
//! a boundary edge, or a detector without edges) are left unmatched and listed by
//! [`BlossomMatcher::unmatched`]; the engine neither loops nor panics on them.

mod arena;
#[cfg(test)]
mod brute_force_tests;
mod cycle;
mod extract;
mod flooder;
mod queue;
mod region;
mod trace;
mod tree;

use super::details::{MatchedPair, MatchingDetails};
use super::discrete::WeightScale;
use super::negative::NegativeEdges;
use super::overrides::WeightOverrides;
use super::MatchingGraph;
use crate::error::Error;
use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};
use crate::Result;
use arena::GraphArena;
use flooder::Flood;
use region::{Link, NONE};

/// A reusable solver for one graph.
pub struct BlossomMatcher {
    flood: Flood,
    scale: WeightScale,
    weights: WeightOverrides,
    negative: NegativeEdges,
    num_detectors: u32,
    /// This shot's detection events (negative edges applied).
    events: Vec<u32>,
    /// This shot's matched pairs (ascending) with their links, for details.
    pairs: Vec<(MatchedPair, Link)>,
    unmatched: Vec<DetectorIndex>,
}

impl BlossomMatcher {
    /// Builds the engine for `graph` (checked by the caller: finite weights, endpoints below
    /// `num_detectors`, no self-loops).
    pub fn new(graph: &MatchingGraph) -> Self {
        let scale = WeightScale::of(graph.edges.iter().map(|edge| edge.weight));
        let arena = GraphArena::new(graph, &scale);
        let weights = WeightOverrides::new(graph.edges.iter().map(|edge| edge.weight).collect());
        BlossomMatcher {
            negative: NegativeEdges::of(arena.edge_ends(), weights.current(), graph.num_detectors),
            flood: Flood::new(arena),
            scale,
            weights,
            num_detectors: graph.num_detectors,
            events: Vec::new(),
            pairs: Vec::new(),
            unmatched: Vec::new(),
        }
    }

    /// See [`crate::matching::Matcher::set_edge_weight`].
    pub fn set_edge_weight(&mut self, edge: EdgeIndex, weight: f64) {
        self.weights.set(edge, weight);
        self.apply_weight(edge, weight);
    }

    /// See [`crate::matching::Matcher::restore_weights`].
    pub fn restore_weights(&mut self) {
        let mut weights = std::mem::take(&mut self.weights);
        weights.restore(|edge, weight| self.apply_weight(edge, weight));
        self.weights = weights;
    }

    /// Writes `weight`'s integer into the flooder's graph.
    fn apply_weight(&mut self, edge: EdgeIndex, weight: f64) {
        let discrete = self.scale.discretise(weight);
        self.flood.arena.set_weight(edge, discrete);
    }

    /// The defects of the last shot that no matching could cover (ascending).
    pub fn unmatched(&self) -> &[DetectorIndex] {
        &self.unmatched
    }

    /// Predicts the observables flipped in a shot with detection events `defects`.
    pub fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask {
        self.match_shot(defects, false);
        self.flood
            .pairs
            .iter()
            .fold(self.negative.observables, |acc, link| {
                acc ^ link.observables
            })
    }

    /// Matches `defects` and fills `out` (as [`crate::matching::Matcher::decode_details`])
    /// with the paths the flooder traced; a path that does not join its pair or cross its
    /// observables (an engine invariant) is an error.
    pub fn decode_details(
        &mut self,
        defects: &[DetectorIndex],
        out: &mut MatchingDetails,
    ) -> Result<()> {
        out.clear();
        self.match_shot(defects, true);
        out.observables = self.negative.observables;
        self.pairs.clear();
        for &link in &self.flood.pairs {
            out.observables ^= link.observables;
            // Each path runs from the pair's first defect.
            let pair = match (link.from, link.to) {
                (from, NONE) => ((from, None), link),
                (from, to) if from < to => ((from, Some(to)), link),
                (from, to) => ((to, Some(from)), link.reversed()),
            };
            self.pairs.push(pair);
        }
        self.pairs.sort_unstable_by_key(|&(pair, _)| pair);
        for &(pair, link) in &self.pairs {
            if !self.flood.path_is_whole(link) {
                return Err(Error::Model {
                    reason: format!(
                        "internal: the traced path from detector {} to {:?} does not join them \
                         crossing observables {:#x}, though the matcher matched them",
                        pair.0, pair.1, link.observables
                    ),
                });
            }
            out.matched_pairs.push(pair);
            out.path_edges.extend(self.flood.path_of(link));
            out.path_ends.push(out.path_edges.len() as u32);
        }
        self.negative.finish_details(out, self.weights.current());
        Ok(())
    }

    /// Loads the events and matches them, tracing paths if `trace`.
    fn match_shot(&mut self, defects: &[DetectorIndex], trace: bool) {
        if self.weights.take_negatives_changed() {
            self.negative = NegativeEdges::of(
                self.flood.arena.edge_ends(),
                self.weights.current(),
                self.num_detectors,
            );
        }
        debug_assert!(defects.iter().all(|&d| d < self.num_detectors));
        self.negative.events_of(defects, &mut self.events);
        self.flood.trace = trace;
        self.flood.solve(&self.events);
        self.unmatched.clear();
        self.unmatched.extend_from_slice(&self.flood.unmatched);
        self.unmatched.sort_unstable();
    }
}
