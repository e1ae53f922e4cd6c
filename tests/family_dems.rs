//! The repetition code's and the unrotated surface code's detector error models against stim's.
//!
//! `tests/data/circuits/families/*.dem` are stim 1.16's decomposed models of a few generated
//! circuits (`scripts/reference/make_golden_circuits.py`); the circuits themselves are checked
//! byte for byte by `tests/circuit_golden.rs`. As `tests/dem_reference.rs` does for the rotated
//! code: the same detectors and coordinates, the same symptoms with the same total probability,
//! every piece graph-like, and every one of stim's decompositions found exactly in ours.

mod dem_common;

use dem_common::{assert_graphlike, assert_same_layout, assert_same_symptoms, merge, read};
use std::collections::HashMap;
use std::path::Path;
use surfacelab::circuit::{generate_memory, Basis, CodeFamily, MemoryParams, NoiseParams};
use surfacelab::dem::text::parse_dem;
use surfacelab::dem::{detector_error_model, DetectorErrorModel, Symptom};

/// (file stem, family, basis, d, r, noise) of the models `make_golden_circuits.py` writes.
fn cases() -> Vec<(String, CodeFamily, MemoryParams)> {
    let four = NoiseParams {
        after_clifford_depolarization: 0.001,
        after_reset_flip_probability: 0.002,
        before_measure_flip_probability: 0.003,
        before_round_data_depolarization: 0.004,
    };
    let measure = NoiseParams {
        before_measure_flip_probability: 0.01,
        ..NoiseParams::default()
    };
    let uniform = NoiseParams::uniform(0.001);
    [
        (CodeFamily::Repetition, Basis::Z, 3, 3, "four", four),
        (CodeFamily::Repetition, Basis::Z, 5, 15, "four", four),
        (
            CodeFamily::Repetition,
            Basis::Z,
            25,
            25,
            "all0.001",
            uniform,
        ),
        (CodeFamily::Unrotated, Basis::Z, 3, 3, "four", four),
        (CodeFamily::Unrotated, Basis::X, 3, 9, "four", four),
        (CodeFamily::Unrotated, Basis::Z, 4, 4, "all0.001", uniform),
        (CodeFamily::Unrotated, Basis::X, 5, 5, "all0.001", uniform),
        (
            CodeFamily::Unrotated,
            Basis::X,
            2,
            6,
            "measure0.01",
            measure,
        ),
    ]
    .into_iter()
    .map(|(code, basis, distance, rounds, tag, noise)| {
        let name = format!(
            "{}_{}_d{distance}_r{rounds}_{tag}",
            code.name(),
            basis.letter().to_lowercase()
        );
        let memory = MemoryParams {
            distance,
            rounds,
            basis,
            noise,
        };
        (name, code, memory)
    })
    .collect()
}

/// Total probability per decomposition (pieces in order).
fn by_decomposition(model: &DetectorErrorModel) -> HashMap<Vec<Symptom>, f64> {
    let mut totals = HashMap::new();
    for error in &model.errors {
        let total = totals.entry(error.pieces.clone()).or_insert(0.0);
        *total = merge(*total, error.probability);
    }
    totals
}

#[test]
fn family_models_match_stim() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/circuits/families");
    for (name, code, memory) in cases() {
        let ours = detector_error_model(&generate_memory(code, &memory))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let theirs = parse_dem(&read(&dir.join(format!("{name}.dem")))).expect("stim's dem parses");
        assert_same_layout(&ours, &theirs, &name);
        assert_same_symptoms(&ours, &theirs, &name);
        assert_graphlike(&ours, &name);
        let (ours, theirs) = (by_decomposition(&ours), by_decomposition(&theirs));
        let missing = theirs.keys().filter(|k| !ours.contains_key(*k)).count();
        assert_eq!(
            missing,
            0,
            "{name}: {missing} of stim's {} decompositions differ",
            theirs.len()
        );
    }
}
