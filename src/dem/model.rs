//! The flat detector error model.

use crate::ints::{DetectorIndex, ObservableMask};

/// The detectors and observables one error (or one piece of it) flips.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Symptom {
    /// Flipped detectors, sorted ascending, no duplicates.
    pub detectors: Vec<DetectorIndex>,
    /// Flipped observables.
    pub observables: ObservableMask,
}

impl Symptom {
    /// True when the symptom flips nothing.
    pub fn is_empty(&self) -> bool {
        self.detectors.is_empty() && self.observables == 0
    }

    /// True when at most two detectors are flipped (a matching-graph edge).
    pub fn is_graphlike(&self) -> bool {
        self.detectors.len() <= 2
    }

    /// The symmetric difference of two symptoms.
    pub fn xor(&self, other: &Symptom) -> Symptom {
        let (a, b) = (&self.detectors, &other.detectors);
        let mut detectors = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if j == b.len() || (i < a.len() && a[i] < b[j]) {
                detectors.push(a[i]);
                i += 1;
            } else if i == a.len() || b[j] < a[i] {
                detectors.push(b[j]);
                j += 1;
            } else {
                i += 1;
                j += 1;
            }
        }
        Symptom {
            detectors,
            observables: self.observables ^ other.observables,
        }
    }
}

/// One independent error mechanism: with `probability`, all of its pieces happen together.
#[derive(Debug, Clone, PartialEq)]
pub struct DemError {
    /// Probability in [0, 1].
    pub probability: f64,
    /// The graph-like pieces (`^`-separated in text). Their XOR is the full symptom.
    pub pieces: Vec<Symptom>,
}

impl DemError {
    /// The full symptom: the XOR of the pieces.
    pub fn symptom(&self) -> Symptom {
        self.pieces
            .iter()
            .fold(Symptom::default(), |acc, piece| acc.xor(piece))
    }
}

/// A flat detector error model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DetectorErrorModel {
    /// The error mechanisms in order.
    pub errors: Vec<DemError>,
    /// Number of detectors (largest index + 1, or as declared).
    pub num_detectors: u32,
    /// Number of observables (largest index + 1, or as declared).
    pub num_observables: u32,
    /// Absolute coordinates of each detector, where known (empty inner vector otherwise).
    pub detector_coords: Vec<Vec<f64>>,
}

/// A detector's time coordinate (its layer): the third of (x, y, t, …) as the surface codes
/// write it, the second of (x, t) as the repetition code writes it; `None` with fewer than
/// two coordinates.
pub fn time_coordinate(coords: &[f64]) -> Option<f64> {
    match coords {
        [_, t] | [_, _, t, ..] => Some(*t),
        _ => None,
    }
}
