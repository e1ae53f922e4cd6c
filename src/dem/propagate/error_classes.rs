//! The error mechanisms found so far, merged by key (full symptom and decomposition).
//!
//! Merging follows stim: `p <- p_a (1 - p_b) + p_b (1 - p_a)`, in the order the mechanisms are
//! found, so that the probabilities come out bit for bit as stim's.

use super::targets::TargetCode;
use std::collections::HashMap;

/// Probability per key.
#[derive(Default)]
pub(crate) struct ErrorClasses {
    probabilities: HashMap<Vec<TargetCode>, f64>,
}

impl ErrorClasses {
    /// Merges an independent mechanism with the class of its key.
    pub(crate) fn add(&mut self, probability: f64, key: &[TargetCode]) {
        if let Some(old) = self.probabilities.get_mut(key) {
            *old = merge_independent(*old, probability);
        } else {
            self.probabilities
                .insert(key.to_vec(), merge_independent(0.0, probability));
        }
    }

    /// Removes a class and returns its probability (0 when absent).
    pub(crate) fn remove(&mut self, key: &[TargetCode]) -> f64 {
        self.probabilities.remove(key).unwrap_or(0.0)
    }

    /// The classes that flip something and have a non-zero probability, sorted by key.
    pub(crate) fn sorted(&self) -> Vec<(Vec<TargetCode>, f64)> {
        let mut classes: Vec<(Vec<TargetCode>, f64)> = self
            .probabilities
            .iter()
            .filter(|(key, &p)| !key.is_empty() && p != 0.0)
            .map(|(key, &p)| (key.clone(), p))
            .collect();
        classes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        classes
    }
}

/// The probability that exactly one of two independent events happens.
pub(crate) fn merge_independent(a: f64, b: f64) -> f64 {
    a * (1.0 - b) + (1.0 - a) * b
}
