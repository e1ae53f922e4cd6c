//! A batch of sampled shots: detection events bit-packed per shot, observable flips as masks.

use crate::ints::ObservableMask;

/// Shots of one block (or fewer): shot-major, `words_per_shot` u64 words per shot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShotBatch {
    /// Number of shots held.
    pub num_shots: usize,
    /// Number of detectors per shot.
    pub num_detectors: usize,
    /// Detection events: bit (d % 64) of word (shot * words_per_shot + d / 64).
    pub detection_words: Vec<u64>,
    /// Observable flips of each shot.
    pub observables: Vec<ObservableMask>,
}
