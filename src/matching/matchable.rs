//! Which defects a matching graph can match at all, checked before any engine runs.
//!
//! A perfect matching with a boundary exists exactly when every connected component of the graph
//! that has no boundary edge holds an even number of defects (a detector without edges is such a
//! component on its own). PyMatching raises when a shot breaks this; the engines here would leave
//! the defect out silently, so callers check first and either stop with [`Unmatchable`]'s message
//! or, when asked, leave the defects of such components out ([`Matchability::keep_matchable`]).
//!
//! Graph-level: the components are found once per graph; a shot costs O(k log k) for its k defects
//! in closed components, and nothing at all when every component touches the boundary (every
//! generated memory experiment).

use super::MatchingGraph;
use crate::ints::DetectorIndex;

/// A defect no matching can pair: the first one (smallest detector) of a component without
/// boundary edges that holds an odd number of defects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatchable {
    /// The detector that fired.
    pub detector: DetectorIndex,
    /// True when the detector has no edge at all.
    pub isolated: bool,
    /// Defects in its component (odd).
    pub defects_in_component: usize,
}

impl std::fmt::Display for Unmatchable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.isolated {
            write!(
                f,
                "detector {} fired but has no edge in the matching graph, so no matching can pair it",
                self.detector
            )
        } else {
            write!(
                f,
                "detector {} fired in a connected component without a boundary edge that holds an odd number of defects ({}), so no perfect matching exists",
                self.detector, self.defects_in_component
            )
        }
    }
}

/// The graph's components, and which of them have no boundary edge. Read-only once built, so
/// one can be shared by every worker of a task.
#[derive(Debug, Clone, Default)]
pub struct Matchability {
    /// Each detector's component, or `None` when its component has a boundary edge (any
    /// number of its defects can be matched).
    closed_component: Vec<Option<u32>>,
    /// Per component without a boundary edge: true when it is one detector with no edges.
    isolated: Vec<bool>,
}

/// The root of `node` in a union-find forest (`parent[root] = root`), halving the path.
pub(super) fn find(parent: &mut [u32], mut node: u32) -> u32 {
    while parent[node as usize] != node {
        let grand = parent[parent[node as usize] as usize];
        parent[node as usize] = grand;
        node = grand;
    }
    node
}

impl Matchability {
    /// The components of `graph` (union-find over its edges).
    pub fn new(graph: &MatchingGraph) -> Self {
        let nodes = graph.num_detectors as usize;
        let mut parent: Vec<u32> = (0..nodes as u32).collect();
        let mut degree = vec![0u32; nodes];
        let mut boundary = vec![false; nodes];
        for edge in &graph.edges {
            degree[edge.node_a as usize] += 1;
            match edge.node_b {
                Some(node_b) => {
                    degree[node_b as usize] += 1;
                    let (a, b) = (find(&mut parent, edge.node_a), find(&mut parent, node_b));
                    parent[a as usize] = b;
                }
                None => boundary[edge.node_a as usize] = true,
            }
        }
        let mut root_open = vec![false; nodes];
        for (node, _) in boundary.iter().enumerate().filter(|(_, &open)| open) {
            let root = find(&mut parent, node as u32);
            root_open[root as usize] = true;
        }
        let mut index_of_root: Vec<Option<u32>> = vec![None; nodes];
        let mut isolated = Vec::new();
        let mut closed_component = vec![None; nodes];
        for node in 0..nodes {
            let root = find(&mut parent, node as u32) as usize;
            if root_open[root] {
                continue;
            }
            let index = *index_of_root[root].get_or_insert_with(|| {
                isolated.push(true);
                isolated.len() as u32 - 1
            });
            if degree[node] > 0 {
                isolated[index as usize] = false;
            }
            closed_component[node] = Some(index);
        }
        Matchability {
            closed_component,
            isolated,
        }
    }

    /// True when every component has a boundary edge: every shot can be matched.
    pub fn always_matchable(&self) -> bool {
        self.isolated.is_empty()
    }

    /// The shot's defects in closed components as (component, detector), grouped by component
    /// (detectors ascending within each). Allocates only for graphs with closed components.
    fn closed_defects(&self, defects: &[DetectorIndex]) -> Vec<(u32, DetectorIndex)> {
        let mut closed: Vec<(u32, DetectorIndex)> = defects
            .iter()
            .filter_map(|&d| Some((self.closed_component[d as usize]?, d)))
            .collect();
        closed.sort_unstable();
        closed
    }

    /// Ok when a matching can pair every defect of the shot (detectors of the graph); else the
    /// smallest detector of a component without boundary edges that holds an odd number.
    pub fn check(&self, defects: &[DetectorIndex]) -> Result<(), Unmatchable> {
        if self.always_matchable() {
            return Ok(());
        }
        let closed = self.closed_defects(defects);
        let found = closed
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|group| group.len() % 2 == 1)
            .map(|group| Unmatchable {
                detector: group[0].1,
                isolated: self.isolated[group[0].0 as usize],
                defects_in_component: group.len(),
            })
            .min_by_key(|unmatchable| unmatchable.detector);
        found.map_or(Ok(()), Err)
    }

    /// Removes from `defects` every defect of a component that cannot be matched (odd defects,
    /// no boundary edge), keeping the order of the rest; returns how many were removed.
    pub fn keep_matchable(&self, defects: &mut Vec<DetectorIndex>) -> usize {
        if self.always_matchable() {
            return 0;
        }
        let closed = self.closed_defects(defects);
        let odd: Vec<u32> = closed
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|group| group.len() % 2 == 1)
            .map(|group| group[0].0)
            .collect();
        let before = defects.len();
        defects.retain(|&d| {
            self.closed_component[d as usize].is_none_or(|component| !odd.contains(&component))
        });
        before - defects.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::GraphEdge;

    fn edge(node_a: u32, node_b: Option<u32>) -> GraphEdge {
        GraphEdge {
            node_a,
            node_b,
            probability: 0.1,
            weight: 2.0,
            observables: 0,
        }
    }

    /// Detectors 0-1-2 reach the boundary; 3-4 do not; 5 has no edge.
    fn graph() -> MatchingGraph {
        MatchingGraph {
            num_detectors: 6,
            num_observables: 1,
            edges: vec![
                edge(0, Some(1)),
                edge(1, Some(2)),
                edge(2, None),
                edge(3, Some(4)),
            ],
        }
    }

    #[test]
    fn odd_defects_without_a_boundary_are_named() {
        let matchability = Matchability::new(&graph());
        assert!(!matchability.always_matchable());
        assert_eq!(matchability.check(&[0]), Ok(()));
        assert_eq!(matchability.check(&[3, 4]), Ok(()));
        let odd = matchability.check(&[0, 4]).unwrap_err();
        assert_eq!(
            (odd.detector, odd.isolated, odd.defects_in_component),
            (4, false, 1)
        );
        assert!(odd.to_string().starts_with("detector 4 fired"), "{odd}");
        let alone = matchability.check(&[1, 5]).unwrap_err();
        assert_eq!((alone.detector, alone.isolated), (5, true));
        assert!(alone.to_string().contains("has no edge"), "{alone}");
        // Counts are reset between shots.
        assert_eq!(matchability.check(&[3, 4]), Ok(()));
    }

    #[test]
    fn keep_matchable_leaves_out_whole_odd_components() {
        let matchability = Matchability::new(&graph());
        let mut defects = vec![0, 3, 5];
        assert_eq!(matchability.keep_matchable(&mut defects), 2);
        assert_eq!(defects, vec![0]);
        let mut even = vec![1, 3, 4];
        assert_eq!(matchability.keep_matchable(&mut even), 0);
        assert_eq!(even, vec![1, 3, 4]);
    }

    #[test]
    fn a_graph_where_everything_reaches_the_boundary_needs_no_check() {
        let mut graph = graph();
        graph.edges.push(edge(4, None));
        graph.edges.push(edge(5, None));
        assert!(Matchability::new(&graph).always_matchable());
    }
}
