//! Which parts of a matching graph can flip an observable.
//!
//! Minimum-weight perfect matching with a boundary falls apart over the connected components
//! of the graph without its boundary node: the boundary takes any number of defects, so a
//! defect is only ever paired within its own component, and each component's matching is
//! independent of the others'. A component none of whose edges (boundary edges included)
//! flips an observable contributes nothing to a prediction, whatever it matches. A memory
//! experiment's graph has two such halves: the detectors of the stabilisers that the
//! observable's errors do not touch form components of their own (about half the defects of a
//! shot). A prediction alone ([`crate::matching::Matcher::decode`]) can leave their defects
//! out; a matching shown in full ([`crate::matching::Matcher::decode_details`]) cannot.

use super::matchable::find as root;
use super::MatchingGraph;
use crate::ints::{DetectorIndex, EdgeIndex};

/// For every detector and edge of a graph: whether its component can flip an observable.
#[derive(Debug, Clone, Default)]
pub struct ObservableComponents {
    /// Per detector: its component has an edge with observables.
    relevant: Vec<bool>,
    /// Per edge: its component has an edge with observables.
    relevant_edge: Vec<bool>,
    /// Every component can flip an observable (nothing to leave out).
    all_relevant: bool,
}

impl ObservableComponents {
    /// The components of `graph` (union-find over its detector–detector edges).
    pub fn of(graph: &MatchingGraph) -> Self {
        let mut parent: Vec<u32> = (0..graph.num_detectors).collect();
        for edge in &graph.edges {
            if let Some(node_b) = edge.node_b {
                let (a, b) = (root(&mut parent, edge.node_a), root(&mut parent, node_b));
                if a != b {
                    parent[a.max(b) as usize] = a.min(b);
                }
            }
        }
        let mut root_relevant = vec![false; graph.num_detectors as usize];
        for edge in graph.edges.iter().filter(|edge| edge.observables != 0) {
            let top = root(&mut parent, edge.node_a);
            root_relevant[top as usize] = true;
        }
        let relevant: Vec<bool> = (0..graph.num_detectors)
            .map(|node| root_relevant[root(&mut parent, node) as usize])
            .collect();
        let relevant_edge = graph
            .edges
            .iter()
            .map(|edge| relevant[edge.node_a as usize])
            .collect();
        ObservableComponents {
            all_relevant: relevant.iter().all(|&r| r),
            relevant,
            relevant_edge,
        }
    }

    /// True when every detector's component can flip an observable.
    pub fn all_relevant(&self) -> bool {
        self.all_relevant
    }

    /// Whether `edge`'s component can flip an observable.
    pub fn is_relevant_edge(&self, edge: EdgeIndex) -> bool {
        self.relevant_edge
            .get(edge as usize)
            .copied()
            .unwrap_or(true)
    }

    /// Whether some of `defects` lies in a component that can flip an observable.
    pub fn any_relevant(&self, defects: &[DetectorIndex]) -> bool {
        self.all_relevant
            || defects
                .iter()
                .any(|&d| self.relevant.get(d as usize).copied().unwrap_or(true))
    }

    /// `out` = the defects whose component can flip an observable (order kept).
    pub fn keep_relevant(&self, defects: &[DetectorIndex], out: &mut Vec<DetectorIndex>) {
        out.clear();
        out.extend(
            defects
                .iter()
                .copied()
                .filter(|&d| self.relevant.get(d as usize).copied().unwrap_or(true)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{Decoder, EngineKind, GraphEdge, Matcher};

    fn edge(node_a: u32, node_b: Option<u32>, observables: u64) -> GraphEdge {
        GraphEdge {
            node_a,
            node_b,
            probability: 0.1,
            weight: 2.2,
            observables,
        }
    }

    #[test]
    fn components_meet_only_through_the_boundary_and_keep_their_own_observables() {
        // 0 - 1 - boundary (flips L0); 2 - 3 - boundary (no observable); 4 alone.
        let graph = MatchingGraph {
            num_detectors: 5,
            num_observables: 1,
            edges: vec![
                edge(0, Some(1), 0),
                edge(1, None, 1),
                edge(2, Some(3), 0),
                edge(3, None, 0),
            ],
        };
        let components = ObservableComponents::of(&graph);
        assert!(!components.all_relevant());
        let mut kept = Vec::new();
        components.keep_relevant(&[0, 2, 3, 4], &mut kept);
        assert_eq!(kept, vec![0]);
        assert!(components.any_relevant(&[2, 0]) && !components.any_relevant(&[2, 3, 4]));
        assert!(components.is_relevant_edge(0) && components.is_relevant_edge(1));
        assert!(!components.is_relevant_edge(2) && !components.is_relevant_edge(3));
    }

    #[test]
    fn a_prediction_without_the_observable_free_components_is_the_full_one() {
        // Two copies of a chain with boundaries at both ends; only the first flips L0.
        let mut edges = Vec::new();
        for (offset, observables) in [(0, 1), (4, 0)] {
            edges.push(edge(offset, None, observables));
            for node in offset..offset + 3 {
                edges.push(edge(node, Some(node + 1), 0));
            }
            edges.push(edge(offset + 3, None, 0));
        }
        let graph = MatchingGraph {
            num_detectors: 8,
            num_observables: 1,
            edges,
        };
        for kind in [EngineKind::Blossom, EngineKind::Rmatching] {
            let mut matcher = Matcher::with_engine(&graph, kind).unwrap();
            for subset in 0u32..256 {
                let defects: Vec<u32> = (0..8).filter(|bit| subset >> bit & 1 == 1).collect();
                let full = matcher.decode_every_component(&defects);
                assert_eq!(matcher.decode(&defects), full, "{kind:?} {defects:?}");
            }
        }
    }
}
