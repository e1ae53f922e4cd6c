//! A shot's segments: for each defect, a Dijkstra search that finds the defects it reaches
//! without passing through another defect, with the distance, the observables crossed and
//! (when details are asked for) the path.
//!
//! Two rules keep the searches local; exactness follows from the T-join view of matching (the
//! optimal correction is a forest in which every defect has odd degree):
//! - A search stops at other defects. Cutting the optimal forest at its defects and at the
//!   boundary leaves trees whose inner nodes have even degree, so it splits into edge-disjoint
//!   paths between defects (or the boundary) with no defect inside: segments. The shortest
//!   paths over segments ([`super::closure`]) therefore reach the optimum.
//! - A search from i does not continue from a node u at distance δ ≥ b(i) + b(u) (b = boundary
//!   distance): every defect j beyond u has d(i, j) ≥ b(i) + b(u) + d(u, j) ≥ b(i) + b(j), so
//!   sending both to the boundary is at least as light.

use super::arena::GraphArena;
use super::boundary::BoundaryField;
use super::queue::DistanceQueue;
use crate::ints::{EdgeIndex, ObservableMask};

/// A node's distance before the search reaches it.
const UNREACHED: u64 = u64::MAX;
/// No defect at this node in this shot.
const NOT_A_DEFECT: u32 = u32::MAX;

/// Two defects (by their position in the shot's event list, `low < high`) joined at
/// `distance`, crossing `observables`: a segment, or (after [`super::closure`]) a pair that
/// may be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub low: u32,
    pub high: u32,
    pub distance: u64,
    pub observables: ObservableMask,
    /// The path in its arena, ordered from `low` to `high`: graph edges for a segment,
    /// segments for a pair.
    pub path_start: u32,
    pub path_end: u32,
}

/// Reusable buffers of the searches.
#[derive(Debug, Clone, Default)]
pub struct DefectSearch {
    distance: Vec<u64>,
    /// The edge by which the search reached each node.
    arrival_edge: Vec<EdgeIndex>,
    observables: Vec<ObservableMask>,
    touched: Vec<u32>,
    queue: DistanceQueue,
    /// Each node's position in the shot's events, or `NOT_A_DEFECT`.
    defect_slot: Vec<u32>,
    reversed: Vec<EdgeIndex>,
}

impl DefectSearch {
    /// Buffers for a graph of `num_nodes` nodes.
    pub fn new(num_nodes: usize) -> Self {
        DefectSearch {
            distance: vec![UNREACHED; num_nodes],
            arrival_edge: vec![EdgeIndex::MAX; num_nodes],
            observables: vec![0; num_nodes],
            defect_slot: vec![NOT_A_DEFECT; num_nodes],
            ..DefectSearch::default()
        }
    }

    /// Fills `candidates` (sorted, one per pair, the lightest) for the defects `events`
    /// (ascending detectors); with `paths`, also the path edges into `paths`.
    pub fn find_candidates(
        &mut self,
        arena: &GraphArena,
        boundary: &BoundaryField,
        events: &[u32],
        candidates: &mut Vec<Candidate>,
        mut paths: Option<&mut Vec<EdgeIndex>>,
    ) {
        candidates.clear();
        for (slot, &event) in events.iter().enumerate() {
            self.defect_slot[event as usize] = slot as u32;
        }
        for (slot, &source) in events.iter().enumerate() {
            self.search_from(arena, boundary, slot as u32, source, candidates, &mut paths);
        }
        for &event in events {
            self.defect_slot[event as usize] = NOT_A_DEFECT;
        }
        candidates.sort_unstable_by_key(|c| (c.low, c.high, c.distance));
        candidates.dedup_by_key(|c| (c.low, c.high));
    }

    fn search_from(
        &mut self,
        arena: &GraphArena,
        boundary: &BoundaryField,
        slot: u32,
        source: u32,
        candidates: &mut Vec<Candidate>,
        paths: &mut Option<&mut Vec<EdgeIndex>>,
    ) {
        let source_bound = boundary.distance[source as usize];
        self.reach(source, 0, EdgeIndex::MAX, 0);
        while let Some((distance, node)) = self.queue.pop() {
            if distance > self.distance[node as usize] {
                continue;
            }
            let bound = source_bound.saturating_add(boundary.distance[node as usize]);
            if node != source && distance >= bound {
                continue;
            }
            let other = self.defect_slot[node as usize];
            if other != NOT_A_DEFECT && node != source {
                self.record(arena, slot, other, node, distance, candidates, paths);
                continue;
            }
            for arc in arena.arcs(node) {
                let next = distance + arena.weights[arc.edge as usize];
                if next < self.distance[arc.node as usize] {
                    let crossed =
                        self.observables[node as usize] ^ arena.observables[arc.edge as usize];
                    self.reach(arc.node, next, arc.edge, crossed);
                }
            }
        }
        for &node in &self.touched {
            self.distance[node as usize] = UNREACHED;
        }
        self.touched.clear();
        self.queue.clear();
    }

    #[inline]
    fn reach(&mut self, node: u32, distance: u64, edge: EdgeIndex, observables: ObservableMask) {
        if self.distance[node as usize] == UNREACHED {
            self.touched.push(node);
        }
        self.distance[node as usize] = distance;
        self.arrival_edge[node as usize] = edge;
        self.observables[node as usize] = observables;
        self.queue.push(distance, node);
    }

    /// Records the pair (slot, other) found at `node`, with its path if asked.
    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        arena: &GraphArena,
        slot: u32,
        other: u32,
        node: u32,
        distance: u64,
        candidates: &mut Vec<Candidate>,
        paths: &mut Option<&mut Vec<EdgeIndex>>,
    ) {
        let (low, high) = (slot.min(other), slot.max(other));
        let (mut path_start, mut path_end) = (0, 0);
        if let Some(paths) = paths.as_deref_mut() {
            // Walk back from `node` to the source: edges in order from `other` to `slot`.
            self.reversed.clear();
            let mut at = node;
            while self.arrival_edge[at as usize] != EdgeIndex::MAX {
                let edge = self.arrival_edge[at as usize];
                self.reversed.push(edge);
                let (a, b) = arena.endpoints[edge as usize];
                at = if a == at {
                    b.expect("search edges join detectors")
                } else {
                    a
                };
            }
            path_start = paths.len() as u32;
            if other == high {
                paths.extend(self.reversed.iter().rev());
            } else {
                paths.extend_from_slice(&self.reversed);
            }
            path_end = paths.len() as u32;
        }
        candidates.push(Candidate {
            low,
            high,
            distance,
            observables: self.observables[node as usize],
            path_start,
            path_end,
        });
    }
}
