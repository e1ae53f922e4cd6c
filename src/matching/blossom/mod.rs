//! Our own exact matching engine: minimum-weight perfect matching with a boundary, on the
//! integer weights every engine shares ([`crate::matching::discrete`]).
//!
//! A shot runs in four steps, each in its own file:
//! 1. [`search`]: from every defect, a local Dijkstra search over the [`arena`] (with a
//!    [`queue`] of radix buckets) finds the segments to the defects it reaches without passing
//!    another, pruned by the [`boundary`] distances so that it stays local;
//! 2. [`closure`]: shortest paths over those segments give the pairs worth matching;
//! 3. [`pieces`]: the pair graph falls apart into connected pieces, each matched exactly
//!    ([`edmonds`] for the pieces of three or more defects);
//! 4. here: the matched pairs become the prediction and, when asked for, the paths, which the
//!    searches recorded as they went (no second search).
//!
//! All buffers live in the engine and are reused, so a warm engine allocates nothing per shot
//! (bar buffers growing to a new largest shot). Per-shot weight changes rewrite the integer
//! weights of the changed edges in O(1) each; the next decode recomputes the boundary
//! distances once (O(nodes log nodes)).
//!
//! Status: exact (brute-force oracles, rmatching and PyMatching agree on every weight) but not
//! the sparse blossom of Higgott & Gidney yet: every defect still searches its own ball, so it
//! is 20–100× slower than rmatching at d = 9–17 and is not the default engine
//! ([`crate::matching::default_engine`]). Growing all regions at once, as sparse blossom does,
//! is the way to close that gap.
//!
//! Defects that no perfect matching can cover (an odd number in a piece of the graph without
//! a boundary edge, or a detector without edges) are left unmatched and listed by
//! [`BlossomMatcher::unmatched`]; the engine neither loops nor panics on them.

mod arena;
mod boundary;
mod closure;
mod edmonds;
mod pieces;
mod queue;
mod search;

use super::details::MatchingDetails;
use super::discrete::WeightScale;
use super::negative::{EdgeEnds, NegativeEdges};
use super::overrides::WeightOverrides;
use super::MatchingGraph;
use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};
use arena::GraphArena;
use boundary::BoundaryField;
use closure::{SegmentClosure, SegmentStep};
use pieces::{Partner, PieceSolver};
use search::{Candidate, DefectSearch};

/// A reusable solver for one graph.
pub struct BlossomMatcher {
    arena: GraphArena,
    scale: WeightScale,
    boundary: BoundaryField,
    /// Whether a weight changed since `boundary` was computed.
    boundary_stale: bool,
    search: DefectSearch,
    closure: SegmentClosure,
    solver: PieceSolver,
    weights: WeightOverrides,
    ends: Vec<EdgeEnds>,
    negative: NegativeEdges,
    num_detectors: u32,
    /// This shot's detection events (negative edges applied), their boundary distances, the
    /// segments and their graph edges, the pairs and their segments, and each event's partner.
    events: Vec<u32>,
    event_boundary: Vec<u64>,
    segments: Vec<Candidate>,
    segment_edges: Vec<EdgeIndex>,
    pairs: Vec<Candidate>,
    pair_steps: Vec<SegmentStep>,
    partners: Vec<Partner>,
    unmatched: Vec<DetectorIndex>,
}

impl BlossomMatcher {
    /// Builds the engine for `graph` (checked by the caller: finite weights, endpoints below
    /// `num_detectors`, no self-loops).
    pub fn new(graph: &MatchingGraph) -> Self {
        let scale = WeightScale::of(graph.edges.iter().map(|edge| edge.weight));
        let arena = GraphArena::new(graph, &scale);
        let mut boundary = BoundaryField::default();
        boundary.compute(&arena);
        let ends: Vec<EdgeEnds> = graph
            .edges
            .iter()
            .map(|edge| (edge.node_a, edge.node_b, edge.observables))
            .collect();
        let weights = WeightOverrides::new(graph.edges.iter().map(|edge| edge.weight).collect());
        BlossomMatcher {
            search: DefectSearch::new(arena.num_nodes()),
            negative: NegativeEdges::of(&ends, weights.current(), graph.num_detectors),
            arena,
            scale,
            boundary,
            boundary_stale: false,
            closure: SegmentClosure::default(),
            solver: PieceSolver::default(),
            weights,
            ends,
            num_detectors: graph.num_detectors,
            events: Vec::new(),
            event_boundary: Vec::new(),
            segments: Vec::new(),
            segment_edges: Vec::new(),
            pairs: Vec::new(),
            pair_steps: Vec::new(),
            partners: Vec::new(),
            unmatched: Vec::new(),
        }
    }

    /// See [`crate::matching::Matcher::set_edge_weight`].
    pub fn set_edge_weight(&mut self, edge: EdgeIndex, weight: f64) {
        self.weights.set(edge, weight);
        self.arena.weights[edge as usize] = self.scale.discretise(weight) as u64;
        self.boundary_stale = true;
    }

    /// See [`crate::matching::Matcher::restore_weights`].
    pub fn restore_weights(&mut self) {
        let (arena, scale) = (&mut self.arena, &self.scale);
        let mut restored = false;
        self.weights.restore(|edge, weight| {
            arena.weights[edge as usize] = scale.discretise(weight) as u64;
            restored = true;
        });
        self.boundary_stale |= restored;
    }

    /// The defects of the last shot that no matching could cover (ascending).
    pub fn unmatched(&self) -> &[DetectorIndex] {
        &self.unmatched
    }

    /// Predicts the observables flipped in a shot with detection events `defects`.
    pub fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask {
        self.match_shot(defects, false);
        let mut observables = self.negative.observables;
        for (slot, partner) in self.partners.iter().enumerate() {
            observables ^= match *partner {
                Partner::Pair { candidate } => {
                    let candidate = &self.pairs[candidate as usize];
                    if candidate.low as usize == slot {
                        candidate.observables
                    } else {
                        0
                    }
                }
                Partner::Boundary => self.boundary.observables[self.events[slot] as usize],
                Partner::Unmatched => 0,
            };
        }
        observables
    }

    /// Matches `defects` and fills `out` (as [`crate::matching::Matcher::decode_details`]).
    pub fn decode_details(&mut self, defects: &[DetectorIndex], out: &mut MatchingDetails) {
        out.clear();
        self.match_shot(defects, true);
        out.observables = self.negative.observables;
        for slot in 0..self.partners.len() {
            let node = self.events[slot];
            match self.partners[slot] {
                Partner::Pair { candidate } => {
                    let pair = &self.pairs[candidate as usize];
                    if pair.low as usize != slot {
                        continue;
                    }
                    out.observables ^= pair.observables;
                    out.matched_pairs
                        .push((node, Some(self.events[pair.high as usize])));
                    for &step in &self.pair_steps[pair.path_start as usize..pair.path_end as usize]
                    {
                        let segment = &self.segments[(step >> 1) as usize];
                        let edges = &self.segment_edges
                            [segment.path_start as usize..segment.path_end as usize];
                        if step & 1 == 0 {
                            out.path_edges.extend_from_slice(edges);
                        } else {
                            out.path_edges.extend(edges.iter().rev());
                        }
                    }
                }
                Partner::Boundary => {
                    out.observables ^= self.boundary.observables[node as usize];
                    out.matched_pairs.push((node, None));
                    self.boundary
                        .append_path(&self.arena, node, &mut out.path_edges);
                }
                Partner::Unmatched => continue,
            }
            out.path_ends.push(out.path_edges.len() as u32);
        }
        self.negative.finish_details(out, self.weights.current());
    }

    /// Loads the events, finds the candidates (with paths if asked) and matches them.
    fn match_shot(&mut self, defects: &[DetectorIndex], with_paths: bool) {
        if self.weights.take_negatives_changed() {
            self.negative =
                NegativeEdges::of(&self.ends, self.weights.current(), self.num_detectors);
        }
        if self.boundary_stale {
            self.boundary.compute(&self.arena);
            self.boundary_stale = false;
        }
        debug_assert!(defects.iter().all(|&d| d < self.num_detectors));
        self.negative.events_of(defects, &mut self.events);
        self.segment_edges.clear();
        self.search.find_candidates(
            &self.arena,
            &self.boundary,
            &self.events,
            &mut self.segments,
            with_paths.then_some(&mut self.segment_edges),
        );
        self.event_boundary.clear();
        self.event_boundary.extend(
            self.events
                .iter()
                .map(|&event| self.boundary.distance[event as usize]),
        );
        self.pair_steps.clear();
        self.closure.pairs(
            &self.event_boundary,
            &self.segments,
            &mut self.pairs,
            with_paths.then_some(&mut self.pair_steps),
        );
        self.solver
            .solve(&self.event_boundary, &self.pairs, &mut self.partners);
        self.unmatched.clear();
        for (slot, partner) in self.partners.iter().enumerate() {
            if *partner == Partner::Unmatched {
                self.unmatched.push(self.events[slot]);
            }
        }
    }
}
