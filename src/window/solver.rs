//! One window's reusable solver: its graph, its matcher, and buffers, built once per task and
//! worker and reused for every shot.

use super::correlated::window_correlations;
use super::cut::{DetectorLayers, WindowGraph};
use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};
use crate::matching::matchable::{Matchability, Unmatchable};
use crate::matching::{
    CorrelationTable, Decoder, Matcher, MatchingDetails, MatchingGraph, Reweighter,
};
use crate::Result;
use std::sync::Arc;

/// What a window decided for one shot: observable flips and detectors to flip for others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Commit {
    /// XOR of the committed edges' observables.
    pub observables: ObservableMask,
    /// Detectors flipped by committed edges (each appears once per flip).
    pub flips: Vec<DetectorIndex>,
    /// The committed edges (indices in the full graph), in path order.
    pub edges: Vec<EdgeIndex>,
}

impl Commit {
    /// Applies the committed edges' detector flips to `state` (one byte per global detector):
    /// the artificial defects the windows after this one receive.
    pub fn apply_flips(&self, state: &mut [u8]) {
        for &d in &self.flips {
            state[d as usize] ^= 1;
        }
    }
}

/// The smallest detector any of `windows` left out since the last call (clearing them all).
pub fn first_unmatchable(windows: &mut [WindowSolver]) -> Option<Unmatchable> {
    windows
        .iter_mut()
        .filter_map(WindowSolver::take_unmatchable)
        .min_by_key(|found| found.detector)
}

/// A window with its matcher and buffers.
pub struct WindowSolver {
    /// The window's graph.
    pub window: WindowGraph,
    matcher: Matcher,
    /// Which of the window's defects a matching can pair (components without boundary edges).
    matchability: Matchability,
    /// The first defect since [`WindowSolver::take_unmatchable`] that the window left out.
    unmatchable: Option<Unmatchable>,
    /// The second pass of correlated matching, when the decoder is correlated.
    reweighter: Option<Reweighter>,
    local_defects: Vec<DetectorIndex>,
    /// The last shot's matching, in the window's local indices (stale when the window had no
    /// detection events: see [`WindowSolver::had_defects`]).
    pub(crate) details: MatchingDetails,
    /// The last shot's commit.
    pub commit: Commit,
}

impl WindowSolver {
    /// Builds the window's matcher.
    pub fn new(window: WindowGraph) -> Result<WindowSolver> {
        let matcher = Matcher::new(&window.graph)?;
        Ok(WindowSolver {
            matchability: Matchability::new(&window.graph),
            unmatchable: None,
            window,
            matcher,
            reweighter: None,
            local_defects: Vec::new(),
            details: MatchingDetails::default(),
            commit: Commit::default(),
        })
    }

    /// Makes the window match in two passes (correlated matching) with `table`, the
    /// correlations of `full` (whose detector layers are `layers`), seen through the window.
    pub fn correlate(
        &mut self,
        full: &MatchingGraph,
        layers: &DetectorLayers,
        table: &CorrelationTable,
    ) {
        let local = window_correlations(&self.window, full, layers, table);
        self.reweighter = Some(Reweighter::new(&self.window.graph, Arc::new(local)));
    }

    /// Matches the window's detection events in `state` (one byte per global detector) and
    /// commits, into `self.commit`, every path edge for which `commits(edge)` holds, given the
    /// layers of its endpoints inside the window (`None` for the boundary side).
    pub fn solve(
        &mut self,
        state: &[u8],
        full: &MatchingGraph,
        layer_of: &[u32],
        commits: impl Fn(u32, Option<u32>) -> bool,
    ) {
        self.load_defects(state);
        self.match_and_commit(full, layer_of, commits);
    }

    /// [`WindowSolver::solve`] after [`WindowSolver::load_defects`]: matches the loaded events
    /// and commits (split so that a caller can read shared state under a lock and match
    /// outside it).
    pub fn match_and_commit(
        &mut self,
        full: &MatchingGraph,
        layer_of: &[u32],
        commits: impl Fn(u32, Option<u32>) -> bool,
    ) {
        let range = self.window.detectors.clone();
        self.commit.observables = 0;
        self.commit.flips.clear();
        self.commit.edges.clear();
        if self.local_defects.is_empty() {
            return;
        }
        self.note_unmatchable();
        match &mut self.reweighter {
            Some(reweighter) => {
                reweighter.decode_details(&mut self.matcher, &self.local_defects, &mut self.details)
            }
            None => self
                .matcher
                .decode_details(&self.local_defects, &mut self.details),
        }
        for &local_edge in &self.details.path_edges {
            let edge_index: EdgeIndex = self.window.origin[local_edge as usize];
            let edge = &full.edges[edge_index as usize];
            let layer_a = layer_of[edge.node_a as usize];
            let in_window = |d: DetectorIndex| range.contains(&d);
            // Layers as the window sees them: an endpoint beyond an open side is the boundary.
            let (first, second) = match edge.node_b {
                Some(b) if in_window(edge.node_a) && in_window(b) => {
                    (layer_a, Some(layer_of[b as usize]))
                }
                Some(b) if in_window(b) => (layer_of[b as usize], None),
                _ => (layer_a, None),
            };
            if commits(first, second) {
                self.commit.edges.push(edge_index);
                self.commit.observables ^= edge.observables;
                self.commit.flips.push(edge.node_a);
                if let Some(b) = edge.node_b {
                    self.commit.flips.push(b);
                }
            }
        }
    }

    /// Matches the window's detection events in `state` and commits everything, keeping only
    /// the observables: for windows whose flips nobody reads (parallel layer B), so no path is
    /// looked up. The prediction equals [`WindowSolver::solve`]'s with a rule that commits
    /// every edge, since the paths are chosen to cross the matcher's observables.
    pub fn solve_observables(&mut self, state: &[u8]) {
        self.load_defects(state);
        self.match_observables();
    }

    /// [`WindowSolver::solve_observables`] after [`WindowSolver::load_defects`].
    pub fn match_observables(&mut self) {
        self.commit.flips.clear();
        self.commit.edges.clear();
        if !self.local_defects.is_empty() {
            self.note_unmatchable();
        }
        self.commit.observables = match &mut self.reweighter {
            _ if self.local_defects.is_empty() => 0,
            Some(reweighter) => reweighter.decode(&mut self.matcher, &self.local_defects),
            None => self.matcher.decode(&self.local_defects),
        };
    }

    /// Remembers the first loaded defect the window cannot match (the engines would leave it
    /// out silently), numbered as in the whole model.
    fn note_unmatchable(&mut self) {
        if self.unmatchable.is_some() {
            return;
        }
        if let Err(mut found) = self.matchability.check(&self.local_defects) {
            found.detector += self.window.detectors.start;
            self.unmatchable = Some(found);
        }
    }

    /// True when the window left out a defect not yet taken by [`WindowSolver::take_unmatchable`].
    pub fn left_out(&self) -> bool {
        self.unmatchable.is_some()
    }

    /// The first defect since the last call that this window could not match.
    pub fn take_unmatchable(&mut self) -> Option<Unmatchable> {
        self.unmatchable.take()
    }

    /// Reads the window's detection events from `state` (one byte per global detector).
    pub fn load_defects(&mut self, state: &[u8]) {
        let range = self.window.detectors.clone();
        self.local_defects.clear();
        for detector in range.clone() {
            if state[detector as usize] != 0 {
                self.local_defects.push(detector - range.start);
            }
        }
    }

    /// True when the last shot gave this window at least one detection event (otherwise it
    /// matched nothing).
    pub fn had_defects(&self) -> bool {
        !self.local_defects.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use crate::matching::{Decoder, GraphEdge, MatchingGraph};
    use crate::window::cut::DetectorLayers;
    use crate::window::{ParallelWindowDecoder, SlidingDecoder};
    use std::sync::Arc;

    /// Four layers of two detectors; each layer's pair is joined by an edge, and nothing else:
    /// components without a boundary edge, so one defect in a layer cannot be matched.
    fn closed_pairs() -> (Arc<MatchingGraph>, Arc<DetectorLayers>) {
        let edges = (0..4)
            .map(|layer| GraphEdge {
                node_a: 2 * layer,
                node_b: Some(2 * layer + 1),
                probability: 0.1,
                weight: 2.0,
                observables: 1,
            })
            .collect();
        let graph = MatchingGraph {
            num_detectors: 8,
            num_observables: 1,
            edges,
        };
        let layers = DetectorLayers {
            layer_of: vec![0, 0, 1, 1, 2, 2, 3, 3],
            layer_starts: vec![0, 2, 4, 6, 8],
        };
        (Arc::new(graph), Arc::new(layers))
    }

    #[test]
    fn a_window_that_cannot_match_a_defect_reports_it() {
        let (graph, layers) = closed_pairs();
        let mut sliding = SlidingDecoder::new(graph.clone(), layers.clone(), 1, 1).unwrap();
        sliding.decode(&[2, 3]);
        assert_eq!(sliding.take_unmatchable(), None, "a pair is matchable");
        sliding.decode(&[2, 3, 5]);
        let found = sliding
            .take_unmatchable()
            .expect("detector 5 is alone in its pair");
        assert_eq!(found.detector, 5, "numbered as in the whole graph");
        assert_eq!(sliding.take_unmatchable(), None, "taken once");

        let mut parallel = ParallelWindowDecoder::new(graph, layers, 1, 1, None).unwrap();
        parallel.decode(&[0, 1, 6]);
        assert_eq!(
            parallel.take_unmatchable().map(|found| found.detector),
            Some(6)
        );
    }
}
