//! The engine's graph: compressed adjacency lists over detector indices, with integer weights
//! that per-shot changes may overwrite. Built once per graph; read by the flooder.

use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};
use crate::matching::discrete::WeightScale;
use crate::matching::negative::EdgeEnds;
use crate::matching::MatchingGraph;

/// One entry of a node's adjacency list: the node across an edge, the edge, and its weight
/// (a copy of `weights[edge]`, kept here so that the flooder's scans read one array).
#[derive(Debug, Clone, Copy)]
pub struct Arc {
    /// The node on the other side.
    pub node: DetectorIndex,
    /// The edge that leads there.
    pub edge: EdgeIndex,
    /// The edge's integer weight.
    pub weight: u32,
}

/// Adjacency lists (boundary edges apart) and per-edge integer weights and observables.
#[derive(Debug, Clone)]
pub struct GraphArena {
    /// `arcs[offsets[n]..offsets[n + 1]]` are node n's edges to other detectors.
    offsets: Vec<u32>,
    arcs: Vec<Arc>,
    /// Each edge's integer weight (of |weight|); change it with [`GraphArena::set_weight`].
    pub weights: Vec<u64>,
    /// Each edge's two arcs (`u32::MAX` for a boundary edge).
    edge_arcs: Vec<[u32; 2]>,
    /// Each edge's observables.
    pub observables: Vec<ObservableMask>,
    /// Each edge's endpoints (`None` = the boundary), for following traced paths.
    ends: Vec<(DetectorIndex, Option<DetectorIndex>)>,
    /// Each node's boundary edge, if it has one (our graphs merge parallel edges: at most one).
    pub boundary_edge: Vec<Option<EdgeIndex>>,
}

impl GraphArena {
    /// The arena of `graph` with weights discretised by `scale`.
    pub fn new(graph: &MatchingGraph, scale: &WeightScale) -> Self {
        let num_nodes = graph.num_detectors as usize;
        let mut offsets = vec![0u32; num_nodes + 1];
        let mut boundary_edge = vec![None; num_nodes];
        for (index, edge) in graph.edges.iter().enumerate() {
            match edge.node_b {
                Some(node_b) => {
                    offsets[edge.node_a as usize + 1] += 1;
                    offsets[node_b as usize + 1] += 1;
                }
                None => {
                    // Parallel boundary edges would have been merged; keep the lightest anyway.
                    let slot: &mut Option<EdgeIndex> = &mut boundary_edge[edge.node_a as usize];
                    let lighter = slot.is_none_or(|other| {
                        graph.edges[other as usize].weight.abs() > edge.weight.abs()
                    });
                    if lighter {
                        *slot = Some(index as EdgeIndex);
                    }
                }
            }
        }
        for node in 0..num_nodes {
            offsets[node + 1] += offsets[node];
        }
        let mut fill = offsets.clone();
        let empty = Arc {
            node: 0,
            edge: 0,
            weight: 0,
        };
        let mut arcs = vec![empty; offsets[num_nodes] as usize];
        let mut edge_arcs = vec![[u32::MAX; 2]; graph.edges.len()];
        for (index, edge) in graph.edges.iter().enumerate() {
            if let Some(node_b) = edge.node_b {
                let edge_index = index as EdgeIndex;
                for (side, (from, to)) in [(edge.node_a, node_b), (node_b, edge.node_a)]
                    .into_iter()
                    .enumerate()
                {
                    let slot = fill[from as usize];
                    arcs[slot as usize] = Arc {
                        node: to,
                        edge: edge_index,
                        weight: scale.discretise(edge.weight),
                    };
                    edge_arcs[index][side] = slot;
                    fill[from as usize] += 1;
                }
            }
        }
        GraphArena {
            offsets,
            arcs,
            weights: graph
                .edges
                .iter()
                .map(|edge| scale.discretise(edge.weight) as u64)
                .collect(),
            edge_arcs,
            observables: graph.edges.iter().map(|edge| edge.observables).collect(),
            ends: graph
                .edges
                .iter()
                .map(|edge| (edge.node_a, edge.node_b))
                .collect(),
            boundary_edge,
        }
    }

    /// Makes `edge` weigh `weight` (an engine integer).
    pub fn set_weight(&mut self, edge: EdgeIndex, weight: u32) {
        self.weights[edge as usize] = weight as u64;
        for slot in self.edge_arcs[edge as usize] {
            if slot != u32::MAX {
                self.arcs[slot as usize].weight = weight;
            }
        }
    }

    /// `edge`'s endpoints (`None` = the boundary).
    #[inline]
    pub fn ends(&self, edge: EdgeIndex) -> (DetectorIndex, Option<DetectorIndex>) {
        self.ends[edge as usize]
    }

    /// Every edge's endpoints and observables, in edge order.
    pub fn edge_ends(&self) -> impl Iterator<Item = EdgeEnds> + '_ {
        self.ends
            .iter()
            .zip(&self.observables)
            .map(|(&(node_a, node_b), &observables)| (node_a, node_b, observables))
    }

    /// The node across `edge` from `node` (`None` = the boundary).
    #[inline]
    pub fn other_end(&self, edge: EdgeIndex, node: DetectorIndex) -> Option<DetectorIndex> {
        let (node_a, node_b) = self.ends(edge);
        if node_a == node {
            node_b
        } else {
            debug_assert_eq!(node_b, Some(node), "edge {edge} does not touch node {node}");
            Some(node_a)
        }
    }

    /// Number of detector nodes.
    pub fn num_nodes(&self) -> usize {
        self.boundary_edge.len()
    }

    /// Where node `node`'s edges to other detectors lie among all arcs ([`GraphArena::arc`]).
    #[inline]
    pub fn arc_range(&self, node: DetectorIndex) -> std::ops::Range<usize> {
        let node = node as usize;
        self.offsets[node] as usize..self.offsets[node + 1] as usize
    }

    /// The index of node `node`'s first arc, and its arcs.
    #[inline]
    pub fn arcs_of(&self, node: DetectorIndex) -> (usize, &[Arc]) {
        let range = self.arc_range(node);
        (range.start, &self.arcs[range])
    }

    /// Arc number `index` (of some node's [`GraphArena::arc_range`]).
    #[inline]
    pub fn arc(&self, index: usize) -> Arc {
        self.arcs[index]
    }
}
