//! Per-shot edge weights: which edges weigh something else than at build, and what to put
//! back. Shared by the engines so that `set_edge_weight` / `restore_weights` mean the same for
//! each; the engine applies each change to its own integer weights.

use crate::ints::EdgeIndex;

/// The float weight of every edge now, its weight at build, and the edges changed since.
#[derive(Debug, Clone, Default)]
pub struct WeightOverrides {
    base: Vec<f64>,
    current: Vec<f64>,
    /// Edges set since the last restore, each once.
    changed: Vec<EdgeIndex>,
    is_changed: Vec<bool>,
    /// Whether some change touched a negative weight (before or after), so the negative
    /// edges (their set and their total weight) must be recomputed.
    negatives_changed: bool,
}

impl WeightOverrides {
    /// Bookkeeping for edges weighing `weights` at build.
    pub fn new(weights: Vec<f64>) -> Self {
        WeightOverrides {
            current: weights.clone(),
            is_changed: vec![false; weights.len()],
            base: weights,
            changed: Vec::new(),
            negatives_changed: false,
        }
    }

    /// Every edge's weight now.
    pub fn current(&self) -> &[f64] {
        &self.current
    }

    /// Records `weight` for `edge`.
    ///
    /// # Panics
    /// If `weight` is not finite or `edge` is not an edge of the graph: both are bugs of the
    /// caller (weights come from probabilities the caller has checked), and a NaN would
    /// silently corrupt every later matching.
    pub fn set(&mut self, edge: EdgeIndex, weight: f64) {
        assert!(
            weight.is_finite(),
            "set_edge_weight needs a finite weight, got {weight} for edge {edge}"
        );
        let index = edge as usize;
        assert!(
            index < self.current.len(),
            "set_edge_weight: edge {edge} is not below the graph's {} edges",
            self.current.len()
        );
        if weight < 0.0 || self.current[index] < 0.0 {
            self.negatives_changed = true;
        }
        self.current[index] = weight;
        if !self.is_changed[index] {
            self.is_changed[index] = true;
            self.changed.push(edge);
        }
    }

    /// Puts every changed weight back, calling `apply(edge, base weight)` for each.
    pub fn restore(&mut self, mut apply: impl FnMut(EdgeIndex, f64)) {
        for edge in self.changed.drain(..) {
            let index = edge as usize;
            if self.base[index] < 0.0 || self.current[index] < 0.0 {
                self.negatives_changed = true;
            }
            self.current[index] = self.base[index];
            self.is_changed[index] = false;
            apply(edge, self.base[index]);
        }
    }

    /// Whether the negative edges may have changed since the last call (and clears it).
    pub fn take_negatives_changed(&mut self) -> bool {
        std::mem::take(&mut self.negatives_changed)
    }

    /// Whether some weight differs from the build's now.
    pub fn any_changed(&self) -> bool {
        !self.changed.is_empty()
    }
}
