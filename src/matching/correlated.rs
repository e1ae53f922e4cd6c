//! Correlated matching, the two-pass method of Fowler (2013) that PyMatching 2.3+ runs for
//! `enable_correlations=True`: match once; take the edges of the matched paths (an edge on an
//! even number of paths cancels); lower the weight of every edge those edges' errors imply to
//! the implied weight ([`CorrelationTable`]; an edge implied several times takes the lowest);
//! match again with the lowered weights; restore them.
//!
//! [`Reweighter`] does this around any [`Matcher`] (the global one, or a window's), and
//! [`CorrelatedMatcher`] is the global decoder. When the first matching implies nothing, the
//! second would be the same matching, so it is skipped.
//!
//! For a prediction alone ([`Reweighter::decode`]) the second pass matches only the components
//! of the graph that can flip an observable ([`crate::matching::components`]), so only the
//! implied edges in those are lowered: the others' weights cannot change the prediction.
//! The first pass still matches everything, since an edge of any component may imply edges in
//! those; but a shot without defects in those needs no first pass: its second matching there
//! is empty whatever the first implies (lowered weights are never negative), so its prediction
//! is the plain one (unless the graph has negative edges, whose endpoints are events in every
//! shot).

use super::components::ObservableComponents;
use super::correlations::CorrelationTable;
use super::{Decoder, Matcher, MatchingDetails, MatchingGraph};
use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};
use crate::Result;
use std::sync::Arc;

/// The second pass's setup for one matcher: its table and per-shot buffers (no allocation per
/// shot once warm).
#[derive(Debug, Clone)]
pub struct Reweighter {
    table: Arc<CorrelationTable>,
    /// `table` without the implied edges in components that cannot flip an observable (what
    /// a prediction needs).
    prediction_table: Arc<CorrelationTable>,
    /// Which defects a prediction depends on.
    components: ObservableComponents,
    /// Some edge weighs less than 0 (its endpoints are events of every shot).
    has_negative_edges: bool,
    /// Every edge's own weight.
    base: Vec<f64>,
    /// Every edge's weight for the second pass (= `base` except for `lowered`).
    weights: Vec<f64>,
    /// Edges whose weight is lowered this shot.
    lowered: Vec<EdgeIndex>,
    /// Per edge: on an odd number of the first pass's paths (all false between shots).
    odd: Vec<bool>,
    /// The first pass's matched edges, each once.
    matched: Vec<EdgeIndex>,
    /// The first pass's matching.
    first: MatchingDetails,
}

impl Reweighter {
    /// The reweighter of `graph`'s matcher; `table` covers `graph`'s edges.
    pub fn new(graph: &MatchingGraph, table: Arc<CorrelationTable>) -> Reweighter {
        let base: Vec<f64> = graph.edges.iter().map(|edge| edge.weight).collect();
        let components = ObservableComponents::of(graph);
        let prediction_table = if components.all_relevant() {
            table.clone()
        } else {
            Arc::new(table.keeping(|edge| components.is_relevant_edge(edge)))
        };
        Reweighter {
            table,
            prediction_table,
            components,
            has_negative_edges: base.iter().any(|&weight| weight < 0.0),
            weights: base.clone(),
            odd: vec![false; base.len()],
            base,
            lowered: Vec::new(),
            matched: Vec::new(),
            first: MatchingDetails::default(),
        }
    }

    /// Decodes `defects` with both passes on `matcher`, filling `out` with the second
    /// matching (its weight is under the lowered weights). `matcher`'s weights are its own
    /// again afterwards.
    pub fn decode_details(
        &mut self,
        matcher: &mut Matcher,
        defects: &[DetectorIndex],
        out: &mut MatchingDetails,
    ) {
        if self.lower_weights(matcher, defects, false) {
            matcher.decode_details(defects, out);
            self.restore(matcher);
        } else {
            std::mem::swap(out, &mut self.first);
        }
    }

    /// Like [`Reweighter::decode_details`], giving only the prediction.
    pub fn decode(&mut self, matcher: &mut Matcher, defects: &[DetectorIndex]) -> ObservableMask {
        if !self.has_negative_edges && !self.components.any_relevant(defects) {
            return matcher.decode(defects);
        }
        if self.lower_weights(matcher, defects, true) {
            let observables = matcher.decode(defects);
            self.restore(matcher);
            observables
        } else {
            self.first.observables
        }
    }

    /// The first pass: matches `defects`, then sets on `matcher` the weights its matched edges
    /// imply (with `prediction_only`, those that can change a prediction). True when some
    /// weight changed (the caller decodes again, then restores).
    fn lower_weights(
        &mut self,
        matcher: &mut Matcher,
        defects: &[DetectorIndex],
        prediction_only: bool,
    ) -> bool {
        matcher.decode_details(defects, &mut self.first);
        self.matched.clear();
        for &edge in &self.first.path_edges {
            self.odd[edge as usize] ^= true;
        }
        for &edge in &self.first.path_edges {
            if std::mem::take(&mut self.odd[edge as usize]) {
                self.matched.push(edge);
            }
        }
        let table = if prediction_only {
            &self.prediction_table
        } else {
            &self.table
        };
        for &causal in &self.matched {
            for implied in table.implied_by(causal) {
                let slot = &mut self.weights[implied.edge as usize];
                if implied.weight < *slot {
                    if *slot == self.base[implied.edge as usize] {
                        self.lowered.push(implied.edge);
                    }
                    *slot = implied.weight;
                }
            }
        }
        for &edge in &self.lowered {
            matcher.set_edge_weight(edge, self.weights[edge as usize]);
        }
        !self.lowered.is_empty()
    }

    fn restore(&mut self, matcher: &mut Matcher) {
        matcher.restore_weights();
        for &edge in &self.lowered {
            self.weights[edge as usize] = self.base[edge as usize];
        }
        self.lowered.clear();
    }
}

/// Global correlated matching: a [`Matcher`] decoding every shot in two passes.
pub struct CorrelatedMatcher {
    matcher: Matcher,
    reweighter: Reweighter,
}

impl CorrelatedMatcher {
    /// The correlated matcher of `graph`, with `table` (of the same graph's edges).
    pub fn new(graph: &MatchingGraph, table: Arc<CorrelationTable>) -> Result<CorrelatedMatcher> {
        Ok(CorrelatedMatcher {
            matcher: Matcher::new(graph)?,
            reweighter: Reweighter::new(graph, table),
        })
    }

    /// The second matching of `defects` (see [`Reweighter::decode_details`]).
    pub fn decode_details(&mut self, defects: &[DetectorIndex], out: &mut MatchingDetails) {
        self.reweighter
            .decode_details(&mut self.matcher, defects, out);
    }

    /// The matcher underneath, e.g. to make it cache paths.
    pub fn matcher_mut(&mut self) -> &mut Matcher {
        &mut self.matcher
    }
}

impl Decoder for CorrelatedMatcher {
    fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask {
        self.reweighter.decode(&mut self.matcher, defects)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dem::{DemError, DetectorErrorModel, Symptom};

    fn piece(detectors: &[u32], observables: ObservableMask) -> Symptom {
        Symptom {
            detectors: detectors.to_vec(),
            observables,
        }
    }

    /// D0's boundary edge only ever happens with the edge (1, 2), which flips L0; D1 and D2
    /// also have likely boundary edges of their own.
    fn model() -> DetectorErrorModel {
        let error = |probability, pieces| DemError {
            probability,
            pieces,
        };
        DetectorErrorModel {
            errors: vec![
                error(0.1, vec![piece(&[0], 0), piece(&[1, 2], 1)]),
                error(0.3, vec![piece(&[1], 0)]),
                error(0.3, vec![piece(&[2], 0)]),
            ],
            num_detectors: 3,
            num_observables: 1,
            detector_coords: Vec::new(),
        }
    }

    #[test]
    fn the_second_pass_follows_what_the_first_matching_implies() {
        let dem = model();
        let graph = MatchingGraph::from_dem(&dem).unwrap();
        let table = Arc::new(CorrelationTable::from_dem(&dem, &graph).unwrap());
        let mut plain = Matcher::new(&graph).unwrap();
        let mut correlated = CorrelatedMatcher::new(&graph, table).unwrap();
        let defects = [0, 1, 2];
        // Plain: D0 to the boundary, D1 and D2 to the boundary (2 · 0.85 < 2.2 for (1, 2)).
        assert_eq!(plain.decode(&defects), 0);
        // Correlated: D0's boundary edge implies (1, 2) at weight 0, which now wins.
        let mut details = MatchingDetails::default();
        correlated.decode_details(&defects, &mut details);
        assert_eq!(details.observables, 1);
        assert_eq!(correlated.decode(&defects), 1);
        // The weights are restored: D1 and D2 alone match as plain matching does.
        assert_eq!(correlated.decode(&[1, 2]), plain.decode(&[1, 2]));
        correlated
            .matcher_mut()
            .decode_details(&defects, &mut details);
        assert_eq!(details.observables, 0, "the matcher's own weights are back");
    }

    #[test]
    fn without_implications_the_first_matching_is_the_answer() {
        let dem = model();
        let graph = MatchingGraph::from_dem(&dem).unwrap();
        let table = Arc::new(CorrelationTable::from_dem(&dem, &graph).unwrap());
        let mut plain = Matcher::new(&graph).unwrap();
        let mut correlated = CorrelatedMatcher::new(&graph, table).unwrap();
        let (mut ours, mut theirs) = (MatchingDetails::default(), MatchingDetails::default());
        for defects in [&[][..], &[1], &[2], &[1, 2]] {
            correlated.decode_details(defects, &mut ours);
            plain.decode_details(defects, &mut theirs);
            assert_eq!(ours, theirs, "{defects:?}");
        }
    }
}
