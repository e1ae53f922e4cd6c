//! What the error-model tests share: reading golden files and comparing two models by symptom.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;
use surfacelab::circuit::NoiseParams;
use surfacelab::dem::{DetectorErrorModel, Symptom};
use surfacelab::spec::NoiseModel;

/// Probabilities must agree to this, relative.
pub const RELATIVE_TOLERANCE: f64 = 1e-12;

/// A golden file's text.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The probability that exactly one of two independent mechanisms happens.
pub fn merge(a: f64, b: f64) -> f64 {
    a * (1.0 - b) + (1.0 - a) * b
}

/// Total probability per full symptom (pieces XORed together).
pub fn by_symptom(model: &DetectorErrorModel) -> HashMap<Symptom, f64> {
    let mut totals = HashMap::new();
    for error in &model.errors {
        let total = totals.entry(error.symptom()).or_insert(0.0);
        *total = merge(*total, error.probability);
    }
    totals
}

/// Asserts the same symptoms, each with the same total probability within the tolerance.
pub fn assert_same_symptoms(ours: &DetectorErrorModel, theirs: &DetectorErrorModel, name: &str) {
    assert_same_symptoms_within(ours, theirs, name, RELATIVE_TOLERANCE);
}

/// Asserts the same symptoms, each with the same total probability within `tolerance`
/// (relative).
pub fn assert_same_symptoms_within(
    ours: &DetectorErrorModel,
    theirs: &DetectorErrorModel,
    name: &str,
    tolerance: f64,
) {
    let (ours, theirs) = (by_symptom(ours), by_symptom(theirs));
    let missing: Vec<_> = theirs.keys().filter(|s| !ours.contains_key(s)).collect();
    let extra: Vec<_> = ours.keys().filter(|s| !theirs.contains_key(s)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{name}: {} symptoms of stim's missing (e.g. {:?}), {} extra (e.g. {:?})",
        missing.len(),
        missing.first(),
        extra.len(),
        extra.first()
    );
    for (symptom, &p) in &theirs {
        let q = ours[symptom];
        assert!(
            (p - q).abs() <= tolerance * p.abs(),
            "{name}: {symptom:?} has p = {q} here but {p} in stim"
        );
    }
}

/// Asserts the same number of detectors and observables and the same detector coordinates.
pub fn assert_same_layout(ours: &DetectorErrorModel, theirs: &DetectorErrorModel, name: &str) {
    assert_eq!(
        ours.num_detectors, theirs.num_detectors,
        "{name}: detectors"
    );
    assert_eq!(
        ours.num_observables, theirs.num_observables,
        "{name}: observables"
    );
    assert_eq!(
        ours.detector_coords, theirs.detector_coords,
        "{name}: coordinates"
    );
}

/// Asserts every piece of every error flips at most two detectors.
pub fn assert_graphlike(model: &DetectorErrorModel, name: &str) {
    for error in &model.errors {
        for piece in &error.pieces {
            assert!(
                piece.is_graphlike(),
                "{name}: piece {piece:?} is not graph-like"
            );
        }
    }
}

/// The noise models the long-memory model tests cover: stim's uniform and uneven parameters,
/// and SI1000.
pub fn long_memory_noises() -> [NoiseModel; 3] {
    [
        NoiseModel::Stim(NoiseParams::uniform(0.001)),
        NoiseModel::Stim(NoiseParams {
            after_clifford_depolarization: 0.002,
            after_reset_flip_probability: 0.0005,
            before_measure_flip_probability: 0.003,
            before_round_data_depolarization: 0.001,
        }),
        NoiseModel::Si1000(0.002),
    ]
}

/// (d, r) of the long-memory model tests: just past the short model, and longer.
pub const LONG_MEMORIES: [(u32, u32); 4] = [(3, 17), (4, 23), (5, 40), (3, 61)];

/// Calls `check(noise, d, r, basis)` for every long memory the model tests cover (three noise
/// models × [`LONG_MEMORIES`] × both bases) and returns how many it checked.
pub fn for_each_long_memory(
    mut check: impl FnMut(&NoiseModel, u32, u32, surfacelab::circuit::Basis),
) -> usize {
    let mut checked = 0;
    for noise in long_memory_noises() {
        for (distance, rounds) in LONG_MEMORIES {
            for basis in [surfacelab::circuit::Basis::Z, surfacelab::circuit::Basis::X] {
                check(&noise, distance, rounds, basis);
                checked += 1;
            }
        }
    }
    checked
}
