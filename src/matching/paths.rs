//! Shortest paths between matched defects, on the engines' discretised weights, that cross a
//! prescribed set of observables. The rmatching engine finds its details' paths here, after
//! the matching and only when details are asked for: rmatching keeps only each matched pair's
//! endpoints and observables. (Our own engine traces its paths as it matches,
//! [`crate::matching::blossom`], and needs no search.)
//!
//! Why not rmatching's `SearchFlooder`: when two shortest paths tie (common with uniform
//! noise: a defect halfway between the two boundaries), it may return the path that crosses
//! different observables from the one the matcher used, and the details would then contradict
//! the prediction. Here a Dijkstra ball around the source is followed back from the target
//! along tight edges only (dist[u] + w(u, v) = dist[v]), choosing among tied predecessors the
//! ones whose observables add up to the matcher's. The matcher's own path is one such walk, so
//! one always exists. All buffers are kept between calls.
//!
//! With [`PathFinder::cache_rows`], the search from a source runs once to the end and its
//! distances are kept (one row of the all-pairs table, filled as sources come), so a graph that
//! decodes many shots (a window shared by every bulk window of a long memory) finds later paths
//! from that source by the backward walk alone. The walk reads the same distances either way
//! (it only ever follows nodes closer than the target, which the ball has settled), so the
//! paths are the same.

use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};
use crate::matching::graph::NodeAdjacency;
use crate::matching::MatchingGraph;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

/// Distance of a node not reached yet.
const UNREACHED: u64 = u64::MAX;

/// One step of the backward walk: the state (node, observables still to cross) and which
/// tight predecessor to try next.
#[derive(Debug, Clone, Copy)]
struct WalkStep {
    node: u32,
    observables_left: ObservableMask,
    next_candidate: usize,
    /// The edge that led from this step's node to the previous step's node.
    edge: EdgeIndex,
}

/// Reusable shortest-path search on a matching graph with integer edge weights.
pub struct PathFinder {
    adjacency: NodeAdjacency,
    edge_weights: Vec<u64>,
    /// Whether some edge weighs 0, so that a backward walk could cycle.
    has_zero_weights: bool,
    edge_observables: Vec<ObservableMask>,
    /// Nodes with a boundary edge, and that edge.
    boundary_edges: Vec<(DetectorIndex, EdgeIndex)>,
    /// Node `num_detectors` is the boundary.
    boundary_node: u32,
    distance: Vec<u64>,
    reached: Vec<u32>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
    dead_states: HashSet<(u32, ObservableMask)>,
    walk: Vec<WalkStep>,
    /// Cached distance rows by source (`u32::MAX`: unreached), when caching is on.
    rows: Vec<Option<Box<[u32]>>>,
    /// Per cached row: the indices into `boundary_edges` of the tight ones (those on a
    /// shortest path from the source to the boundary), in order, so that a walk from the
    /// boundary tries these few instead of every boundary edge.
    tight_boundary: Vec<Box<[u32]>>,
    /// The source whose cached row the walk reads, if any.
    current_row: Option<u32>,
    /// Whether some weight differs from the build's: cached rows (of the build's weights) are
    /// then neither read nor written.
    weights_changed: bool,
}

impl PathFinder {
    /// A finder for `graph` whose edge e weighs `edge_weights[e]` (the engine's integers).
    pub fn new(graph: &MatchingGraph, edge_weights: Vec<u64>) -> Self {
        let num_detectors = graph.num_detectors as usize;
        let boundary_edges = graph
            .edges
            .iter()
            .enumerate()
            .filter(|(_, edge)| edge.node_b.is_none())
            .map(|(index, edge)| (edge.node_a, index as EdgeIndex))
            .collect();
        PathFinder {
            adjacency: graph.adjacency(),
            has_zero_weights: edge_weights.contains(&0),
            edge_weights,
            edge_observables: graph.edges.iter().map(|edge| edge.observables).collect(),
            boundary_edges,
            boundary_node: num_detectors as u32,
            distance: vec![UNREACHED; num_detectors + 1],
            reached: Vec::new(),
            heap: BinaryHeap::new(),
            dead_states: HashSet::new(),
            walk: Vec::new(),
            rows: Vec::new(),
            tight_boundary: Vec::new(),
            current_row: None,
            weights_changed: false,
        }
    }

    /// Makes `edge` weigh `weight` (an engine integer) for the following searches.
    pub fn set_edge_weight(&mut self, edge: EdgeIndex, weight: u64) {
        self.edge_weights[edge as usize] = weight;
        self.has_zero_weights |= weight == 0;
    }

    /// Tells whether some weight differs from the build's (so that cached rows are bypassed).
    pub fn set_weights_changed(&mut self, changed: bool) {
        self.weights_changed = changed;
    }

    /// Keeps every source's distances from now on (about 4 (D + 1)² bytes once every node has
    /// been a source). It turns itself off if a distance does not fit in 32 bits.
    pub fn cache_rows(&mut self) {
        self.rows = vec![None; self.distance.len()];
        self.tight_boundary = vec![Box::default(); self.distance.len()];
    }

    /// Bytes the row cache may grow to for a graph of `num_detectors` detectors.
    pub fn cache_bytes(num_detectors: usize) -> u64 {
        let nodes = num_detectors as u64 + 1;
        4 * nodes * nodes
    }

    /// The distance of `node` from the current source.
    #[inline]
    fn distance_of(&self, node: u32) -> u64 {
        self.distances()(node)
    }

    /// The current source's distances as a lookup: its cached row, or the search's own.
    #[inline]
    fn distances(&self) -> impl Fn(u32) -> u64 + '_ {
        let row = self
            .current_row
            .and_then(|source| self.rows[source as usize].as_deref());
        move |node: u32| match row {
            Some(row) => match row[node as usize] {
                u32::MAX => UNREACHED,
                distance => distance as u64,
            },
            None => self.distance[node as usize],
        }
    }

    /// Appends to `out` the edges of a shortest path from `source` to `target` (`None` = the
    /// boundary) whose observables XOR to `observables`, in order from `source`. Returns false
    /// (appending nothing) when no such path exists.
    pub fn append_path(
        &mut self,
        source: DetectorIndex,
        target: Option<DetectorIndex>,
        observables: ObservableMask,
        out: &mut Vec<EdgeIndex>,
    ) -> bool {
        let target = target.unwrap_or(self.boundary_node);
        if self.rows.is_empty() || self.weights_changed {
            self.settle_ball(source, target);
        } else {
            if self.rows[source as usize].is_none() {
                self.settle_ball(source, u32::MAX);
                let mut row = vec![u32::MAX; self.distance.len()].into_boxed_slice();
                let mut fits = true;
                for &node in &self.reached {
                    let distance = self.distance[node as usize];
                    fits &= distance < u32::MAX as u64;
                    row[node as usize] = distance as u32;
                }
                if fits {
                    self.tight_boundary[source as usize] = self.tight_boundary_edges();
                    self.rows[source as usize] = Some(row);
                    self.clear();
                } else {
                    // Too far for 32 bits: no cache; this search's distances serve as they are.
                    self.rows = Vec::new();
                }
            }
            if !self.rows.is_empty() {
                self.current_row = Some(source);
            }
        }
        let found =
            self.distance_of(target) != UNREACHED && self.walk_back(source, target, observables);
        if found {
            out.extend(self.walk.iter().skip(1).rev().map(|step| step.edge));
        }
        self.current_row = None;
        self.clear();
        found
    }

    /// The indices into `boundary_edges` of the edges on a shortest path to the boundary from
    /// the source of the search just settled (every node settled).
    fn tight_boundary_edges(&self) -> Box<[u32]> {
        let to_boundary = self.distance[self.boundary_node as usize];
        if to_boundary == UNREACHED {
            return Box::default();
        }
        (0..self.boundary_edges.len() as u32)
            .filter(|&index| {
                let (node, edge) = self.boundary_edges[index as usize];
                let distance = self.distance[node as usize];
                distance != UNREACHED && distance + self.edge_weights[edge as usize] == to_boundary
            })
            .collect()
    }

    /// Dijkstra from `source` until every node that can precede `target` on a shortest path
    /// is settled.
    fn settle_ball(&mut self, source: DetectorIndex, target: u32) {
        self.reach(source, 0);
        while let Some(Reverse((distance, node))) = self.heap.pop() {
            // target = u32::MAX: settle every node.
            let target_distance = self
                .distance
                .get(target as usize)
                .copied()
                .unwrap_or(UNREACHED);
            if distance > target_distance {
                break;
            }
            if node == target && !self.has_zero_weights {
                // Every tight predecessor is strictly closer, hence already settled.
                break;
            }
            if distance > self.distance[node as usize] || node == self.boundary_node {
                continue; // stale entry, or the boundary (paths end there)
            }
            for index in 0..self.adjacency.neighbors(node).len() {
                let neighbor = self.adjacency.neighbors(node)[index];
                let next = neighbor.node.unwrap_or(self.boundary_node);
                let next_distance = distance + self.edge_weights[neighbor.edge as usize];
                if next_distance < self.distance[next as usize] {
                    self.reach(next, next_distance);
                }
            }
        }
    }

    fn reach(&mut self, node: u32, distance: u64) {
        if self.distance[node as usize] == UNREACHED {
            self.reached.push(node);
        }
        self.distance[node as usize] = distance;
        self.heap.push(Reverse((distance, node)));
    }

    /// Depth-first search backwards from `target` over tight edges for a walk to `source`
    /// crossing `observables`; on success `self.walk` holds it (target first).
    fn walk_back(
        &mut self,
        source: DetectorIndex,
        target: u32,
        observables: ObservableMask,
    ) -> bool {
        self.walk.push(WalkStep {
            node: target,
            observables_left: observables,
            next_candidate: 0,
            edge: 0,
        });
        while let Some(step) = self.walk.last().copied() {
            if step.node == source && step.observables_left == 0 {
                return true;
            }
            match self.next_tight_predecessor(step) {
                Some((candidate_index, predecessor, edge)) => {
                    let top = self.walk.len() - 1;
                    self.walk[top].next_candidate = candidate_index + 1;
                    let state = (
                        predecessor,
                        step.observables_left ^ self.edge_observables[edge as usize],
                    );
                    if self.dead_states.contains(&state)
                        || (self.has_zero_weights && self.on_walk(state))
                    {
                        continue;
                    }
                    self.walk.push(WalkStep {
                        node: state.0,
                        observables_left: state.1,
                        next_candidate: 0,
                        edge,
                    });
                }
                None => {
                    self.dead_states.insert((step.node, step.observables_left));
                    self.walk.pop();
                }
            }
        }
        false
    }

    /// Whether `state` is already on the walk (only possible through zero-weight edges:
    /// otherwise the distance falls strictly along the walk).
    fn on_walk(&self, state: (u32, ObservableMask)) -> bool {
        self.walk
            .iter()
            .any(|step| (step.node, step.observables_left) == state)
    }

    /// The first tight predecessor of `step.node` at or after `step.next_candidate`:
    /// (its candidate index, the node, the edge).
    fn next_tight_predecessor(&self, step: WalkStep) -> Option<(usize, u32, EdgeIndex)> {
        let distance_of = self.distances();
        let node_distance = distance_of(step.node);
        let is_tight = |predecessor: u32, edge: EdgeIndex| {
            let distance = distance_of(predecessor);
            distance != UNREACHED && distance + self.edge_weights[edge as usize] == node_distance
        };
        if step.node == self.boundary_node {
            if let Some(source) = self.current_row {
                // The cached row's tight boundary edges, in the order of `boundary_edges`.
                let tight = &self.tight_boundary[source as usize];
                return tight.get(step.next_candidate).map(|&index| {
                    let (node, edge) = self.boundary_edges[index as usize];
                    (step.next_candidate, node, edge)
                });
            }
            return self.boundary_edges[step.next_candidate..]
                .iter()
                .enumerate()
                .find(|(_, &(node, edge))| is_tight(node, edge))
                .map(|(offset, &(node, edge))| (step.next_candidate + offset, node, edge));
        }
        self.adjacency.neighbors(step.node)[step.next_candidate..]
            .iter()
            .enumerate()
            .filter_map(|(offset, neighbor)| Some((offset, neighbor.node?, neighbor.edge)))
            .find(|&(_, node, edge)| is_tight(node, edge))
            .map(|(offset, node, edge)| (step.next_candidate + offset, node, edge))
    }

    fn clear(&mut self) {
        for &node in &self.reached {
            self.distance[node as usize] = UNREACHED;
        }
        self.reached.clear();
        self.heap.clear();
        if !self.dead_states.is_empty() {
            self.dead_states.clear(); // O(capacity), so only when used
        }
        self.walk.clear();
    }
}
