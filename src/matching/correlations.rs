//! The correlations between matching-graph edges that a decomposed detector error model
//! implies: for every edge, the other edges that the errors it belongs to also flip, with the
//! weight each gets once this edge is known to have happened (Fowler 2013, "Optimal complexity
//! correction of correlated errors in the surface code"; the rule PyMatching 2.3+ uses for
//! `enable_correlations=True`).
//!
//! An error of the model whose pieces (the `^`-separated parts of a decomposed error) are the
//! edges e1 … ek makes every pair of them happen together. Over all errors this gives, for a
//! pair of edges (a, b), the probability P(a ∧ b) that an odd number of the errors containing
//! both happens, and for an edge a its marginal P(a) (its own error probability, the XOR of
//! every error that contains it). Knowing a happened, b's probability is P(a ∧ b) / P(a),
//! capped at 1/2 so that no weight turns negative; its weight ln((1 − q) / q) is what a
//! second matching pass may lower b's weight to ([`super::correlated`]). Only implied weights
//! below b's own weight are kept: the others can never lower it.
//!
//! Exactly as PyMatching: a pair of pieces that is the same edge counts twice (both orders),
//! and so does its marginal; errors with p = 0 add nothing. Where PyMatching refuses, this
//! refuses too (an error with p > 1/2), except that a piece without detectors is skipped rather
//! than refused (it has no edge to imply).

use super::graph::{probability_to_weight, MatchingGraph, NodeAdjacency};
use crate::dem::DetectorErrorModel;
use crate::error::Error;
use crate::ints::EdgeIndex;
use crate::Result;
use std::collections::HashMap;

/// One implication: once the causal edge is matched, `edge` may weigh as little as `weight`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImpliedWeight {
    /// The implied edge.
    pub edge: EdgeIndex,
    /// Its weight given the causal edge: ln((1 − q) / q), q = min(1/2, P(causal ∧ edge) / P(causal)).
    pub weight: f64,
}

/// For every edge of a graph, the weights its errors imply for other edges.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CorrelationTable {
    /// `implied[offsets[e]..offsets[e + 1]]` are edge e's implications, by implied edge.
    offsets: Vec<u32>,
    implied: Vec<ImpliedWeight>,
}

/// The probabilities of edge pairs: (a, b) → P(a ∧ b), (a, a) → P(a).
type JointProbabilities = HashMap<(EdgeIndex, EdgeIndex), f64>;

/// The probability that exactly one of two independent events happens.
fn bernoulli_xor(p: f64, q: f64) -> f64 {
    p * (1.0 - q) + q * (1.0 - p)
}

impl CorrelationTable {
    /// The table of `graph`, the matching graph of `dem` ([`MatchingGraph::from_dem`]).
    ///
    /// Fails on an error with p > 1/2 (PyMatching refuses those with correlations too: the
    /// implied weights assume positive weights).
    pub fn from_dem(dem: &DetectorErrorModel, graph: &MatchingGraph) -> Result<CorrelationTable> {
        let adjacency = graph.adjacency();
        let mut joint = JointProbabilities::new();
        let mut components: Vec<EdgeIndex> = Vec::new();
        for (index, error) in dem.errors.iter().enumerate() {
            if error.probability > 0.5 {
                return Err(Error::Model {
                    reason: format!(
                        "error {index} has probability {}; correlated matching needs every \
                         error probability at most 0.5",
                        error.probability
                    ),
                });
            }
            if error.probability <= 0.0 {
                continue;
            }
            components.clear();
            for piece in &error.pieces {
                if let Some(edge) = piece_edge(&adjacency, &piece.detectors) {
                    components.push(edge);
                }
            }
            add_error(&mut joint, &components, error.probability);
        }
        Ok(Self::from_joint(graph, &joint))
    }

    fn from_joint(graph: &MatchingGraph, joint: &JointProbabilities) -> CorrelationTable {
        let mut by_causal: Vec<Vec<ImpliedWeight>> = vec![Vec::new(); graph.edges.len()];
        for (&(causal, affected), &probability) in joint {
            if causal == affected {
                continue;
            }
            let marginal = joint.get(&(causal, causal)).copied().unwrap_or(0.0);
            if marginal == 0.0 {
                continue;
            }
            let implied = (probability / marginal).min(0.5);
            let weight = probability_to_weight(implied);
            if weight < graph.edges[affected as usize].weight {
                by_causal[causal as usize].push(ImpliedWeight {
                    edge: affected,
                    weight,
                });
            }
        }
        let mut table = CorrelationTable {
            offsets: Vec::with_capacity(graph.edges.len() + 1),
            implied: Vec::new(),
        };
        table.offsets.push(0);
        for mut list in by_causal {
            list.sort_unstable_by_key(|implied| implied.edge);
            table.implied.extend(list);
            table.offsets.push(table.implied.len() as u32);
        }
        table
    }

    /// A table over another graph's edges: edge `e` of the new graph (0 ≤ e < `num_edges`)
    /// stands for edge `origin[e]` of this one, and an implied edge `f` of this one becomes
    /// `local_of(f)` (skipped when `None`; several may become one, which keeps the lowest
    /// weight). Implied weights not below `weight_of(new edge)` are dropped. For windows cut
    /// out of a graph ([`crate::window`]).
    pub fn mapped(
        &self,
        origin: &[EdgeIndex],
        local_of: impl Fn(EdgeIndex) -> Option<EdgeIndex>,
        weight_of: impl Fn(EdgeIndex) -> f64,
    ) -> CorrelationTable {
        let mut table = CorrelationTable {
            offsets: Vec::with_capacity(origin.len() + 1),
            implied: Vec::new(),
        };
        table.offsets.push(0);
        let mut list: Vec<ImpliedWeight> = Vec::new();
        for &full in origin {
            list.clear();
            for implied in self.implied_by(full) {
                let Some(edge) = local_of(implied.edge) else {
                    continue;
                };
                if implied.weight < weight_of(edge) {
                    list.push(ImpliedWeight {
                        edge,
                        weight: implied.weight,
                    });
                }
            }
            list.sort_unstable_by(|x, y| x.edge.cmp(&y.edge).then(x.weight.total_cmp(&y.weight)));
            list.dedup_by_key(|implied| implied.edge);
            table.implied.extend_from_slice(&list);
            table.offsets.push(table.implied.len() as u32);
        }
        table
    }

    /// The same table without the implications of edges for which `keep` is false (for a
    /// prediction, those of edges whose weight cannot change it).
    pub fn keeping(&self, keep: impl Fn(EdgeIndex) -> bool) -> CorrelationTable {
        let mut table = CorrelationTable {
            offsets: Vec::with_capacity(self.offsets.len()),
            implied: Vec::new(),
        };
        table.offsets.push(0);
        for causal in 0..self.num_edges() {
            let kept = self.implied_by(causal as EdgeIndex).iter();
            table
                .implied
                .extend(kept.filter(|implied| keep(implied.edge)));
            table.offsets.push(table.implied.len() as u32);
        }
        table
    }

    /// The implications of `edge` (none for an edge outside the table).
    pub fn implied_by(&self, edge: EdgeIndex) -> &[ImpliedWeight] {
        let edge = edge as usize;
        if edge + 1 >= self.offsets.len() {
            return &[];
        }
        &self.implied[self.offsets[edge] as usize..self.offsets[edge + 1] as usize]
    }

    /// Number of edges the table covers.
    pub fn num_edges(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Total number of implications.
    pub fn len(&self) -> usize {
        self.implied.len()
    }

    /// True when no edge implies anything (a model without decomposed errors).
    pub fn is_empty(&self) -> bool {
        self.implied.is_empty()
    }

    /// The largest implied weight (0 for an empty table): matchers that scale weights to
    /// integers must fit it, as PyMatching's scale does.
    pub fn max_weight(&self) -> f64 {
        self.implied
            .iter()
            .map(|implied| implied.weight)
            .fold(0.0, f64::max)
    }
}

/// The edge of a piece with one or two detectors; `None` for a piece without detectors.
fn piece_edge(adjacency: &NodeAdjacency, detectors: &[u32]) -> Option<EdgeIndex> {
    match *detectors {
        [node] => adjacency.edge_between(node, None),
        [a, b] => adjacency.edge_between(a.min(b), Some(a.max(b))),
        _ => None,
    }
}

/// Adds one error, made of the edges `components`, with probability `p`: every pair (both
/// orders) and every component's marginal.
fn add_error(joint: &mut JointProbabilities, components: &[EdgeIndex], p: f64) {
    if components.len() > 1 {
        for (k, &first) in components.iter().enumerate() {
            for &second in &components[k + 1..] {
                for key in [(first, second), (second, first)] {
                    let entry = joint.entry(key).or_insert(0.0);
                    *entry = bernoulli_xor(*entry, p);
                }
            }
        }
    }
    for &edge in components {
        let entry = joint.entry((edge, edge)).or_insert(0.0);
        *entry = bernoulli_xor(*entry, p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dem::{DemError, Symptom};

    fn piece(detectors: &[u32]) -> Symptom {
        Symptom {
            detectors: detectors.to_vec(),
            observables: 0,
        }
    }

    fn error(probability: f64, pieces: &[&[u32]]) -> DemError {
        DemError {
            probability,
            pieces: pieces.iter().map(|p| piece(p)).collect(),
        }
    }

    fn model(errors: Vec<DemError>) -> DetectorErrorModel {
        DetectorErrorModel {
            errors,
            num_detectors: 4,
            num_observables: 1,
            detector_coords: Vec::new(),
        }
    }

    fn weight(q: f64) -> f64 {
        probability_to_weight(q)
    }

    #[test]
    fn a_decomposed_error_implies_its_other_pieces() {
        // Edge 0 = (0,1) from two errors, edge 1 = (2) boundary, edge 2 = (2,3).
        let dem = model(vec![
            error(0.01, &[&[0, 1], &[2]]),
            error(0.02, &[&[0, 1]]),
            error(0.03, &[&[2]]),
            error(0.001, &[&[2, 3]]),
        ]);
        let graph = MatchingGraph::from_dem(&dem).unwrap();
        let table = CorrelationTable::from_dem(&dem, &graph).unwrap();
        let marginal_01 = bernoulli_xor(0.01, 0.02);
        let marginal_2 = bernoulli_xor(0.01, 0.03);
        assert_eq!(
            table.implied_by(0),
            &[ImpliedWeight {
                edge: 1,
                weight: weight(0.01 / marginal_01)
            }]
        );
        assert_eq!(
            table.implied_by(1),
            &[ImpliedWeight {
                edge: 0,
                weight: weight(0.01 / marginal_2)
            }]
        );
        assert!(table.implied_by(2).is_empty());
        assert_eq!(table.len(), 2);
    }

    #[test]
    fn implied_probabilities_are_capped_at_one_half() {
        // The only error of edge (0,1) also flips (2,3): given (0,1), (2,3) is certain.
        let dem = model(vec![
            error(0.01, &[&[0, 1], &[2, 3]]),
            error(0.2, &[&[2, 3]]),
        ]);
        let graph = MatchingGraph::from_dem(&dem).unwrap();
        let table = CorrelationTable::from_dem(&dem, &graph).unwrap();
        assert_eq!(table.implied_by(0)[0].weight, 0.0);
        // Given (2,3), (0,1) has q = 0.01 / P(2,3) ≈ 0.048, likelier than its own 0.01: kept.
        let q = 0.01 / bernoulli_xor(0.01, 0.2);
        assert_eq!(table.implied_by(1)[0].weight, weight(q));
    }

    #[test]
    fn implications_that_cannot_lower_a_weight_are_dropped() {
        // Given the rare (2,3), the common (0,1) gets q = min(1/2, 0.001 / 0.001) = 1/2; given
        // (0,1), (2,3) gets q = 0.001 / 0.3004, above its own 0.001: both kept. The boundary
        // edge of D3 is only ever seen alone and implies nothing.
        let dem = model(vec![
            error(0.001, &[&[0, 1], &[2, 3]]),
            error(0.3, &[&[0, 1]]),
            error(0.1, &[&[3]]),
        ]);
        let graph = MatchingGraph::from_dem(&dem).unwrap();
        let table = CorrelationTable::from_dem(&dem, &graph).unwrap();
        assert_eq!(table.implied_by(2), &[]);
        assert_eq!(table.len(), 2);
        let heavy = model(vec![
            error(0.001, &[&[0, 1], &[2, 3]]),
            error(0.3, &[&[0, 1]]),
            error(0.4, &[&[2, 3]]),
        ]);
        let graph = MatchingGraph::from_dem(&heavy).unwrap();
        let table = CorrelationTable::from_dem(&heavy, &graph).unwrap();
        // Given (0,1), (2,3) has q ≈ 0.0033, far less likely than its own 0.4: dropped.
        assert!(table.implied_by(0).is_empty());
    }

    #[test]
    fn a_piece_repeated_in_one_error_counts_both_orders() {
        let dem = model(vec![error(0.1, &[&[0, 1], &[0, 1], &[2]])]);
        let graph = MatchingGraph::from_dem(&dem).unwrap();
        let mut joint = JointProbabilities::new();
        add_error(&mut joint, &[0, 0, 1], 0.1);
        // The pair (0, 0) is added in both orders, then the marginal twice.
        let twice = bernoulli_xor(0.1, 0.1);
        assert_eq!(joint[&(0, 0)], bernoulli_xor(twice, twice));
        assert_eq!(joint[&(0, 1)], twice);
        assert!(CorrelationTable::from_dem(&dem, &graph).is_ok());
    }

    #[test]
    fn probabilities_above_one_half_are_refused() {
        let dem = model(vec![error(0.6, &[&[0, 1], &[2]])]);
        let graph = MatchingGraph::from_dem(&dem).unwrap();
        let message = CorrelationTable::from_dem(&dem, &graph)
            .unwrap_err()
            .to_string();
        assert!(message.contains("error 0 has probability 0.6"), "{message}");
    }

    #[test]
    fn a_mapped_table_keeps_the_lowest_weight_per_local_edge() {
        let dem = model(vec![
            error(0.01, &[&[0, 1], &[2]]),
            error(0.01, &[&[0, 1], &[3]]),
            error(0.02, &[&[2]]),
            error(0.03, &[&[3]]),
        ]);
        let graph = MatchingGraph::from_dem(&dem).unwrap();
        let table = CorrelationTable::from_dem(&dem, &graph).unwrap();
        assert_eq!(table.implied_by(0).len(), 2);
        // Local edge 0 stands for edge 0; edges 1 and 2 both become local edge 1.
        let local = table.mapped(&[0, 1], |edge| (edge > 0).then_some(1), |_| 100.0);
        let lowest = table.implied_by(0)[0]
            .weight
            .min(table.implied_by(0)[1].weight);
        assert_eq!(
            local.implied_by(0),
            &[ImpliedWeight {
                edge: 1,
                weight: lowest
            }]
        );
        assert_eq!(local.num_edges(), 2);
        assert_eq!(local.implied_by(1), &[]);
    }
}
