//! The matching graph of a detector error model: nodes are detectors plus one boundary, edges
//! are the graph-like pieces of the model's errors with parallel edges merged.
//!
//! This is our own graph, independent of the engine: window decoders cut pieces out of it and
//! the engine is built from its edges. It holds no per-shot state.

use crate::dem::{DetectorErrorModel, Symptom};
use crate::error::Error;
use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};
use crate::Result;
use std::collections::HashMap;

/// One edge: between two detectors, or from a detector to the boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphEdge {
    /// First endpoint (the smaller detector of a two-detector edge).
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
    /// The edges, parallel edges merged, in order of first appearance in the model.
    pub edges: Vec<GraphEdge>,
}

/// The weight of an edge with error probability `probability`: ln((1 − p) / p), via `libm`
/// so that native and wasm agree to the bit.
pub fn probability_to_weight(probability: f64) -> f64 {
    libm::log((1.0 - probability) / probability)
}

/// The probability that exactly one of two independent mechanisms happens.
pub fn merge_probabilities(existing: f64, parallel: f64) -> f64 {
    parallel * (1.0 - existing) + existing * (1.0 - parallel)
}

/// An edge's endpoints as a map key; the boundary is `u32::MAX`.
type EndpointKey = (DetectorIndex, DetectorIndex);
const BOUNDARY_KEY: DetectorIndex = DetectorIndex::MAX;

impl MatchingGraph {
    /// The graph of a decomposed DEM, as `pymatching.Matching.from_detector_error_model`
    /// builds it: every piece of every error becomes an edge with the error's probability (one
    /// detector: a boundary edge; two: an edge; none: ignored). A parallel edge merges into the
    /// existing one with p ← p1(1 − p2) + p2(1 − p1) and keeps the first edge's observables.
    /// Errors with p = 0 never happen and add nothing (PyMatching refuses their infinite
    /// weight).
    ///
    /// Fails on a piece with more than two detectors, a detector outside the model, or a
    /// probability outside [0, 1) (p = 1 would need an infinitely negative weight).
    pub fn from_dem(dem: &DetectorErrorModel) -> Result<Self> {
        let mut graph = MatchingGraph {
            num_detectors: dem.num_detectors,
            num_observables: dem.num_observables,
            edges: Vec::new(),
        };
        let mut edge_by_endpoints: HashMap<EndpointKey, EdgeIndex> = HashMap::new();
        for (error_index, error) in dem.errors.iter().enumerate() {
            check_probability(error_index, error.probability)?;
            if error.probability == 0.0 {
                continue;
            }
            for piece in &error.pieces {
                let Some(key) = piece_endpoints(dem, error_index, piece)? else {
                    continue;
                };
                graph.add_or_merge(&mut edge_by_endpoints, key, error.probability, piece);
            }
        }
        for edge in &mut graph.edges {
            edge.weight = probability_to_weight(edge.probability);
        }
        Ok(graph)
    }

    fn add_or_merge(
        &mut self,
        edge_by_endpoints: &mut HashMap<EndpointKey, EdgeIndex>,
        key: EndpointKey,
        probability: f64,
        piece: &Symptom,
    ) {
        if let Some(&existing) = edge_by_endpoints.get(&key) {
            let edge = &mut self.edges[existing as usize];
            edge.probability = merge_probabilities(edge.probability, probability);
            return;
        }
        edge_by_endpoints.insert(key, self.edges.len() as EdgeIndex);
        self.edges.push(GraphEdge {
            node_a: key.0,
            node_b: (key.1 != BOUNDARY_KEY).then_some(key.1),
            probability,
            weight: 0.0, // set once all merges are done
            observables: piece.observables,
        });
    }

    /// The neighbours of every node, for walks and lookups by endpoint pair.
    pub fn adjacency(&self) -> NodeAdjacency {
        NodeAdjacency::new(self)
    }

    /// The endpoints of an edge as (node, other node or boundary).
    pub fn endpoints(&self, edge: EdgeIndex) -> (DetectorIndex, Option<DetectorIndex>) {
        let edge = &self.edges[edge as usize];
        (edge.node_a, edge.node_b)
    }
}

fn check_probability(error_index: usize, probability: f64) -> Result<()> {
    if (0.0..1.0).contains(&probability) {
        return Ok(());
    }
    Err(Error::Model {
        reason: format!(
            "error {error_index} has probability {probability}; matching needs 0 <= p < 1"
        ),
    })
}

/// The map key of a piece's edge, `None` for a piece without detectors.
fn piece_endpoints(
    dem: &DetectorErrorModel,
    error_index: usize,
    piece: &Symptom,
) -> Result<Option<EndpointKey>> {
    if let Some(&detector) = piece.detectors.iter().find(|&&d| d >= dem.num_detectors) {
        return Err(Error::Model {
            reason: format!(
                "error {error_index} flips detector {detector}, but the model has {} detectors",
                dem.num_detectors
            ),
        });
    }
    match piece.detectors[..] {
        [] => Ok(None),
        [node] => Ok(Some((node, BOUNDARY_KEY))),
        [first, second] => Ok(Some((first.min(second), first.max(second)))),
        ref detectors => Err(Error::Model {
            reason: format!(
                "error {error_index} has a piece with {} detectors ({detectors:?}); matching \
                 needs at most 2 per piece (decompose the model)",
                detectors.len()
            ),
        }),
    }
}

/// One neighbour of a node: the node across an edge (`None` = boundary) and the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Neighbor {
    /// The node on the other side, or `None` for the boundary.
    pub node: Option<DetectorIndex>,
    /// The edge that leads there.
    pub edge: EdgeIndex,
}

/// Compressed adjacency lists of a [`MatchingGraph`] (built once, read-only).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NodeAdjacency {
    /// `neighbors[offsets[n]..offsets[n + 1]]` are node n's neighbours, in edge order.
    offsets: Vec<u32>,
    neighbors: Vec<Neighbor>,
}

impl NodeAdjacency {
    fn new(graph: &MatchingGraph) -> Self {
        let num_nodes = graph.num_detectors as usize;
        let mut degree = vec![0u32; num_nodes + 1];
        for edge in &graph.edges {
            degree[edge.node_a as usize + 1] += 1;
            if let Some(node_b) = edge.node_b {
                degree[node_b as usize + 1] += 1;
            }
        }
        let mut offsets = degree;
        for node in 0..num_nodes {
            offsets[node + 1] += offsets[node];
        }
        let mut fill = offsets.clone();
        let unset = Neighbor {
            node: None,
            edge: 0,
        };
        let mut neighbors = vec![unset; offsets[num_nodes] as usize];
        let mut push = |node: DetectorIndex, neighbor: Neighbor| {
            neighbors[fill[node as usize] as usize] = neighbor;
            fill[node as usize] += 1;
        };
        for (index, edge) in graph.edges.iter().enumerate() {
            let edge_index = index as EdgeIndex;
            push(
                edge.node_a,
                Neighbor {
                    node: edge.node_b,
                    edge: edge_index,
                },
            );
            if let Some(node_b) = edge.node_b {
                push(
                    node_b,
                    Neighbor {
                        node: Some(edge.node_a),
                        edge: edge_index,
                    },
                );
            }
        }
        NodeAdjacency { offsets, neighbors }
    }

    /// The neighbours of `node`.
    pub fn neighbors(&self, node: DetectorIndex) -> &[Neighbor] {
        let node = node as usize;
        &self.neighbors[self.offsets[node] as usize..self.offsets[node + 1] as usize]
    }

    /// The edge between `node` and `other` (`None` = the boundary), if there is one.
    pub fn edge_between(
        &self,
        node: DetectorIndex,
        other: Option<DetectorIndex>,
    ) -> Option<EdgeIndex> {
        self.neighbors(node)
            .iter()
            .find(|neighbor| neighbor.node == other)
            .map(|neighbor| neighbor.edge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dem::DemError;

    fn piece(detectors: &[u32], observables: u64) -> Symptom {
        Symptom {
            detectors: detectors.to_vec(),
            observables,
        }
    }

    fn dem(errors: Vec<DemError>, num_detectors: u32) -> DetectorErrorModel {
        DetectorErrorModel {
            errors,
            num_detectors,
            num_observables: 1,
            detector_coords: Vec::new(),
        }
    }

    #[test]
    fn pieces_become_edges_and_parallel_edges_merge() {
        let model = dem(
            vec![
                DemError {
                    probability: 0.1,
                    pieces: vec![piece(&[0, 1], 1), piece(&[2], 0)],
                },
                DemError {
                    probability: 0.2,
                    pieces: vec![piece(&[0, 1], 0), piece(&[], 1)],
                },
                DemError {
                    probability: 0.0,
                    pieces: vec![piece(&[1, 2], 0)],
                },
                DemError {
                    probability: 0.3,
                    pieces: vec![piece(&[2], 1)],
                },
            ],
            3,
        );
        let graph = MatchingGraph::from_dem(&model).expect("graph-like model");
        assert_eq!(graph.edges.len(), 2);
        let merged = &graph.edges[0];
        assert_eq!((merged.node_a, merged.node_b), (0, Some(1)));
        assert_eq!(merged.observables, 1);
        assert!((merged.probability - (0.1 * 0.8 + 0.2 * 0.9)).abs() < 1e-15);
        assert_eq!(
            merged.weight,
            libm::log((1.0 - merged.probability) / merged.probability)
        );
        let boundary = &graph.edges[1];
        assert_eq!((boundary.node_a, boundary.node_b), (2, None));
        assert_eq!(boundary.observables, 0);
        let adjacency = graph.adjacency();
        assert_eq!(adjacency.edge_between(1, Some(0)), Some(0));
        assert_eq!(adjacency.edge_between(2, None), Some(1));
        assert_eq!(adjacency.edge_between(1, Some(2)), None);
        assert_eq!(adjacency.neighbors(0).len(), 1);
    }

    #[test]
    fn bad_models_are_model_errors() {
        let hyperedge = dem(
            vec![DemError {
                probability: 0.1,
                pieces: vec![piece(&[0, 1, 2], 0)],
            }],
            3,
        );
        let outside = dem(
            vec![DemError {
                probability: 0.1,
                pieces: vec![piece(&[5], 0)],
            }],
            3,
        );
        let certain = dem(
            vec![DemError {
                probability: 1.0,
                pieces: vec![piece(&[0], 0)],
            }],
            3,
        );
        for model in [hyperedge, outside, certain] {
            assert!(matches!(
                MatchingGraph::from_dem(&model),
                Err(Error::Model { .. })
            ));
        }
    }
}
