//! The rmatching engine behind [`crate::matching::Matcher`]: the cross-check of our own.
//!
//! [`RmatchingMatcher`] builds rmatching's solver once from our [`MatchingGraph`] and drives it at the
//! level of its `Mwpm` (detection events in, compressed match edges out), so a shot costs
//! O(defects) to load instead of a dense per-detector syndrome. Nothing of rmatching leaks out
//! of this file: callers see detector indices, our edge indices and observable masks.
//!
//! Weights are discretised by the engine exactly as PyMatching does (scaled so the largest
//! |weight| becomes 2^24 − 1, rounded), so the matching is exact for the discretised weights;
//! [`MatchingDetails::weight`] is the sum of our float weights along the paths it chose.
//! Edges with negative weight (p > 1/2) are handled as PyMatching does: they are always part of
//! the correction, and the matching runs on |weight| with their endpoints' events toggled.
//!
//! Edge weights can be changed for the following shots ([`Matcher::set_edge_weight`]) and put
//! back ([`Matcher::restore_weights`]) at a cost of O(changed edges), for correlated matching.
//!
//! A defect that cannot be matched (an odd number of defects in a component with no boundary
//! edge, or a detector without edges) is left out silently, where PyMatching would raise: it
//! appears in no matched pair. Shots sampled from the same model never contain one; data read
//! from files for another model can. (Our own engine lists them.)

use super::details::{MatchedPair, MatchingDetails};
use super::discrete::WeightScale;
use super::negative::{EdgeEnds, NegativeEdges};
use super::overrides::WeightOverrides;
use super::paths::PathFinder;
use super::MatchingGraph;
use crate::error::Error;
use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};
use crate::Result;
use rmatching::driver::user_graph::{UserGraph, UserNode};
use rmatching::flooder::fill_region::GraphFillRegion;
use rmatching::flooder::graph::BOUNDARY_NODE;
use rmatching::interop::CompressedEdge;
use rmatching::matcher::mwpm::Mwpm;
use rmatching::types::{NodeIdx, RegionIdx};

/// rmatching's solver for one graph, reused for every shot.
pub struct RmatchingMatcher {
    mwpm: Mwpm,
    paths: PathFinder,
    /// Our float weight of each edge (now and at build).
    weights: WeightOverrides,
    scale: WeightScale,
    /// Where each edge sits in the neighbour lists of the engine's nodes.
    slots: Vec<EdgeSlots>,
    /// Each edge's endpoints (boundary = `None`), to recompute the negative edges.
    endpoints: Vec<EdgeEnds>,
    negative: NegativeEdges,
    num_detectors: usize,
    /// This shot's detection events as the engine sees them (negative edges applied).
    events: Vec<u32>,
    match_edges: Vec<CompressedEdge>,
    /// This shot's matched pairs with the observables of their match edges.
    pairs: Vec<(MatchedPair, ObservableMask)>,
}

impl RmatchingMatcher {
    /// Builds the solver once (for a graph [`crate::matching::Matcher`] has checked).
    pub fn new(graph: &MatchingGraph) -> RmatchingMatcher {
        let user_graph = user_graph_of(graph);
        let mwpm = user_graph.to_mwpm();
        let scale = WeightScale::of(graph.edges.iter().map(|edge| edge.weight));
        let slots = edge_slots(graph, &mwpm);
        let discrete_weights = slots
            .iter()
            .zip(&graph.edges)
            .map(|(slot, edge)| {
                let weight = mwpm.flooder.graph.nodes[edge.node_a as usize].neighbor_weights
                    [slot.at_a as usize];
                debug_assert_eq!(weight, scale.discretise(edge.weight), "one discretisation");
                weight as u64
            })
            .collect();
        let weights = WeightOverrides::new(graph.edges.iter().map(|edge| edge.weight).collect());
        let endpoints = graph
            .edges
            .iter()
            .map(|edge| (edge.node_a, edge.node_b, edge.observables))
            .collect::<Vec<EdgeEnds>>();
        RmatchingMatcher {
            paths: PathFinder::new(graph, discrete_weights),
            mwpm,
            negative: NegativeEdges::of(
                endpoints.iter().copied(),
                weights.current(),
                graph.num_detectors,
            ),
            weights,
            scale,
            slots,
            endpoints,
            num_detectors: graph.num_detectors as usize,
            events: Vec::new(),
            match_edges: Vec::new(),
            pairs: Vec::new(),
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
        self.paths.set_weights_changed(self.weights.any_changed());
    }

    /// Writes `weight`'s integer into the engine's graph (both directions) and the paths'.
    fn apply_weight(&mut self, edge: EdgeIndex, weight: f64) {
        let discrete = self.scale.discretise(weight);
        let slots = self.slots[edge as usize];
        let (node_a, node_b, _) = self.endpoints[edge as usize];
        let nodes = &mut self.mwpm.flooder.graph.nodes;
        nodes[node_a as usize].neighbor_weights[slots.at_a as usize] = discrete;
        if let Some(node_b) = node_b {
            nodes[node_b as usize].neighbor_weights[slots.at_b as usize] = discrete;
        }
        self.paths.set_edge_weight(edge, discrete as u64);
        self.paths.set_weights_changed(true);
    }

    /// Recomputes the negative edges if a weight changed sign since the last decode.
    fn refresh_negative_edges(&mut self) {
        if self.weights.take_negatives_changed() {
            self.negative = NegativeEdges::of(
                self.endpoints.iter().copied(),
                self.weights.current(),
                self.num_detectors as u32,
            );
        }
    }

    /// From now on keeps the distances from every source of a path search, so that later
    /// paths from it cost only their walk (for a graph that decodes many shots; memory up to
    /// [`RmatchingMatcher::path_cache_bytes`]). The paths are the same.
    pub fn cache_paths(&mut self) {
        self.paths.cache_rows();
    }

    /// What [`RmatchingMatcher::cache_paths`] may hold at most, for a graph of `num_detectors`.
    pub fn path_cache_bytes(num_detectors: usize) -> u64 {
        PathFinder::cache_bytes(num_detectors)
    }

    /// Matches `defects` (ascending, no duplicates) and fills `out` with the prediction, the
    /// matched pairs, the edges along each matched path and the matching's weight; a path
    /// that cannot be recovered (which would make the details contradict the prediction) is
    /// an error, in release builds too.
    pub fn decode_details(
        &mut self,
        defects: &[DetectorIndex],
        out: &mut MatchingDetails,
    ) -> Result<()> {
        out.clear();
        self.refresh_negative_edges();
        self.negative.events_of(defects, &mut self.events);
        run_until_matched(&mut self.mwpm, &self.events);
        let match_edges = &mut self.match_edges;
        match_edges.clear();
        shatter_all_regions(&mut self.mwpm, &self.events, |mwpm, top| {
            mwpm.shatter_blossom_and_extract_match_edges(top, match_edges)
        });
        self.mwpm.reset();
        out.observables = self.negative.observables;
        self.pairs.clear();
        for edge in &self.match_edges {
            out.observables ^= edge.obs_mask;
            if let Some(pair) = matched_pair(edge) {
                self.pairs.push((pair, edge.obs_mask));
            }
        }
        self.pairs.sort_unstable_by_key(|&(pair, _)| pair);
        self.pairs.dedup_by_key(|&mut (pair, _)| pair);
        self.fill_paths(out)
    }

    /// Finds each matched pair's path with the observables the matcher gave it.
    fn fill_paths(&mut self, out: &mut MatchingDetails) -> Result<()> {
        for &((from, to), observables) in &self.pairs {
            out.matched_pairs.push((from, to));
            let found = self
                .paths
                .append_path(from, to, observables, &mut out.path_edges);
            if !found {
                return Err(Error::Model {
                    reason: format!(
                        "internal: no shortest path from detector {from} to {to:?} crossing \
                         observables {observables:#x}, though the matcher matched them"
                    ),
                });
            }
            out.path_ends.push(out.path_edges.len() as u32);
        }
        self.negative.finish_details(out, self.weights.current());
        Ok(())
    }
}

impl RmatchingMatcher {
    /// Predicts the observables flipped in a shot with detection events `defects`.
    pub fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask {
        self.refresh_negative_edges();
        self.negative.events_of(defects, &mut self.events);
        run_until_matched(&mut self.mwpm, &self.events);
        let mut observables = self.negative.observables;
        shatter_all_regions(&mut self.mwpm, &self.events, |mwpm, top| {
            observables ^= mwpm.shatter_blossom_and_extract_matches(top).obs_mask;
        });
        self.mwpm.reset();
        observables
    }
}

/// rmatching's graph with one node per detector and our edges in our order.
fn user_graph_of(graph: &MatchingGraph) -> UserGraph {
    let mut user_graph = UserGraph::new();
    user_graph
        .nodes
        .resize_with(graph.num_detectors as usize, UserNode::default);
    for edge in &graph.edges {
        let observables = observable_indices(edge.observables);
        let node_a = edge.node_a as usize;
        match edge.node_b {
            Some(node_b) => user_graph.add_edge(
                node_a,
                node_b as usize,
                observables,
                edge.weight,
                edge.probability,
            ),
            None => {
                user_graph.add_boundary_edge(node_a, observables, edge.weight, edge.probability)
            }
        }
    }
    user_graph.num_observables = user_graph
        .num_observables
        .max(graph.num_observables as usize);
    user_graph
}

fn observable_indices(mask: ObservableMask) -> Vec<usize> {
    (0..64).filter(|bit| (mask >> bit) & 1 == 1).collect()
}

/// Where an edge sits in the engine's neighbour lists: at node_a, and at node_b (unused for a
/// boundary edge).
#[derive(Debug, Clone, Copy)]
struct EdgeSlots {
    at_a: u32,
    at_b: u32,
}

/// The slots of each of our edges in the engine's graph, so that per-shot weight changes
/// write exactly the integers the matching reads.
fn edge_slots(graph: &MatchingGraph, mwpm: &Mwpm) -> Vec<EdgeSlots> {
    let nodes = &mwpm.flooder.graph.nodes;
    let slot = |node: DetectorIndex, target: NodeIdx| {
        nodes[node as usize]
            .neighbors
            .iter()
            .position(|&neighbor| neighbor == target)
            .expect("every edge of our graph is an edge of the engine's graph") as u32
    };
    graph
        .edges
        .iter()
        .map(|edge| EdgeSlots {
            at_a: slot(edge.node_a, edge.node_b.map_or(BOUNDARY_NODE, NodeIdx)),
            at_b: edge
                .node_b
                .map_or(u32::MAX, |node_b| slot(node_b, NodeIdx(edge.node_a))),
        })
        .collect()
}

/// A match edge as (defect, partner or boundary), smaller defect first.
fn matched_pair(edge: &CompressedEdge) -> Option<MatchedPair> {
    match (edge.loc_from, edge.loc_to) {
        (Some(from), Some(to)) => Some((from.0.min(to.0), Some(from.0.max(to.0)))),
        (Some(node), None) | (None, Some(node)) => Some((node.0, None)),
        (None, None) => None,
    }
}

/// Grows regions from `events` until every one is matched (rmatching's timeline loop).
fn run_until_matched(mwpm: &mut Mwpm, events: &[u32]) {
    mwpm.flooder.queue.cur_time = 0;
    for &event in events {
        mwpm.create_detection_event(NodeIdx(event));
    }
    loop {
        let event = mwpm.flooder.run_until_next_mwpm_notification();
        if event.is_no_event() {
            break;
        }
        mwpm.process_event(event);
    }
}

/// Visits every matched top region once, as rmatching's extraction does: `extract` shatters
/// it, then the nodes it covered are reset so that its partner is not visited again.
fn shatter_all_regions(
    mwpm: &mut Mwpm,
    events: &[u32],
    mut extract: impl FnMut(&mut Mwpm, RegionIdx),
) {
    let mut nodes_to_clean = std::mem::take(&mut mwpm.flooder.node_cleanup_buffer);
    for &event in events {
        let node = &mwpm.flooder.graph.nodes[event as usize];
        if node.region_that_arrived.is_none() {
            continue;
        }
        let top = node
            .region_that_arrived_top
            .expect("a node with an arrived region has a top region");
        nodes_to_clean.clear();
        let regions = mwpm.flooder.region_arena.items();
        collect_shell_nodes(regions, top, &mut nodes_to_clean);
        if let Some(partner) = regions[top.0 as usize]
            .match_
            .as_ref()
            .and_then(|m| m.region)
        {
            collect_shell_nodes(regions, partner, &mut nodes_to_clean);
        }
        extract(mwpm, top);
        for node in nodes_to_clean.drain(..) {
            mwpm.flooder.graph.nodes[node.0 as usize].reset();
        }
    }
    mwpm.flooder.node_cleanup_buffer = nodes_to_clean;
}

fn collect_shell_nodes(regions: &[GraphFillRegion], region: RegionIdx, out: &mut Vec<NodeIdx>) {
    let region = &regions[region.0 as usize];
    out.extend_from_slice(&region.shell_area);
    for child in &region.blossom_children {
        collect_shell_nodes(regions, child.region, out);
    }
}
