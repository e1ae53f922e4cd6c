//! Edges of negative weight (p > 1/2), handled as PyMatching does: they are always part of the
//! correction, and the matching runs on |weight| with their endpoints' detection events
//! toggled. Shared by the engines.

use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};

/// An edge's endpoints (`None` = boundary) and observables.
pub type EdgeEnds = (DetectorIndex, Option<DetectorIndex>, ObservableMask);

/// The edges with negative weight and what they imply for every shot.
#[derive(Debug, Clone, Default)]
pub struct NegativeEdges {
    /// The negative-weight edges.
    pub edges: Vec<EdgeIndex>,
    /// Detectors touched by an odd number of them, ascending.
    pub toggled_detectors: Vec<u32>,
    /// XOR of their observables.
    pub observables: ObservableMask,
    /// Sum of their weights.
    pub weight: f64,
}

impl NegativeEdges {
    /// Completes a shot's details once its paths are in `out.path_edges`: the weight is the
    /// sum of |weight| along the paths (`weights`: every edge's current weight) plus the
    /// negative edges' own, and the negative edges follow the last path (every correction
    /// includes them). Both engines end a shot this way.
    pub fn finish_details(&self, out: &mut super::details::MatchingDetails, weights: &[f64]) {
        out.weight = out
            .path_edges
            .iter()
            .map(|&edge| weights[edge as usize].abs())
            .sum::<f64>()
            + self.weight;
        out.path_edges.extend_from_slice(&self.edges);
    }

    /// The negative edges of a graph whose edges join `ends` and weigh `weights`.
    pub fn of(
        ends: impl IntoIterator<Item = EdgeEnds>,
        weights: &[f64],
        num_detectors: u32,
    ) -> NegativeEdges {
        let mut negative = NegativeEdges::default();
        let mut toggles = vec![false; num_detectors as usize];
        for (index, ((node_a, node_b, observables), &weight)) in
            ends.into_iter().zip(weights).enumerate()
        {
            if weight >= 0.0 {
                continue;
            }
            negative.edges.push(index as EdgeIndex);
            negative.observables ^= observables;
            negative.weight += weight;
            toggles[node_a as usize] ^= true;
            if let Some(node_b) = node_b {
                toggles[node_b as usize] ^= true;
            }
        }
        negative.toggled_detectors = (0..num_detectors)
            .filter(|&d| toggles[d as usize])
            .collect();
        negative
    }

    /// `events` = `defects` (ascending) XOR the toggled detectors, ascending.
    pub fn events_of(&self, defects: &[DetectorIndex], events: &mut Vec<u32>) {
        debug_assert!(defects.windows(2).all(|pair| pair[0] < pair[1]));
        events.clear();
        let toggled = &self.toggled_detectors;
        if toggled.is_empty() {
            events.extend_from_slice(defects);
            return;
        }
        let (mut i, mut j) = (0, 0);
        while i < defects.len() || j < toggled.len() {
            let defect = defects.get(i).copied().unwrap_or(u32::MAX);
            let toggle = toggled.get(j).copied().unwrap_or(u32::MAX);
            if defect == toggle {
                i += 1;
                j += 1;
            } else if defect < toggle {
                events.push(defect);
                i += 1;
            } else {
                events.push(toggle);
                j += 1;
            }
        }
    }
}
