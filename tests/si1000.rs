//! Our SI1000 circuits and their error models against the same circuits built with stim.
//!
//! Golden files in `tests/data/si1000/` come from `scripts/reference/make_golden_si1000.py`
//! (stim 1.16), which builds the SI1000 circuit from stim's own noiseless rotated memory by the
//! rules of issue 6, independently of `src/circuit/si1000.rs`: `<name>.stim` is stim's text of
//! that circuit and `<name>.dem` its decomposed model (with stim's repeat folding). For d in
//! {3, 5, 7}, r in {d, 3d}, both bases, p = 0.002 the checks are: (a) our model, built from our
//! generated circuit, has the same symptoms as stim's, each with the same total probability
//! (errors XOR-combined by full symptom) within 1e-12 relative, every piece graph-like; (b) our
//! circuit text is stim's, byte for byte.

mod dem_common;

use dem_common::{assert_graphlike, assert_same_symptoms, by_symptom, read};
use std::path::{Path, PathBuf};

use surfacelab::circuit::{generate_si1000_memory, Basis};
use surfacelab::dem::text::parse_dem;
use surfacelab::dem::{detector_error_model, DetectorErrorModel};

const P: f64 = 0.002;

/// One golden case: basis, distance, rounds.
fn cases() -> Vec<(Basis, u32, u32)> {
    let mut cases = Vec::new();
    for basis in [Basis::Z, Basis::X] {
        for distance in [3, 5, 7] {
            for rounds in [distance, 3 * distance] {
                cases.push((basis, distance, rounds));
            }
        }
    }
    cases
}

fn golden_path(basis: Basis, distance: u32, rounds: u32, extension: &str) -> PathBuf {
    let basis = basis.letter().to_ascii_lowercase();
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/si1000")
        .join(format!(
            "si1000_{basis}_d{distance}_r{rounds}_p{P}.{extension}"
        ))
}

fn assert_same_model(ours: &DetectorErrorModel, theirs: &DetectorErrorModel, name: &str) {
    assert_eq!(
        ours.num_detectors, theirs.num_detectors,
        "{name}: detectors"
    );
    assert_eq!(ours.num_observables, theirs.num_observables, "{name}");
    assert_eq!(ours.detector_coords, theirs.detector_coords, "{name}");
    assert_same_symptoms(ours, theirs, name);
    assert_graphlike(ours, name);
}

#[test]
fn models_match_stim_built_si1000_circuits() {
    let cases = cases();
    assert_eq!(cases.len(), 12);
    for (basis, distance, rounds) in cases {
        let name = format!("{basis:?} d = {distance}, r = {rounds}");
        let circuit = generate_si1000_memory(distance, rounds, basis, P);
        let ours = detector_error_model(&circuit).expect("our SI1000 circuit has a model");
        let theirs = parse_dem(&read(&golden_path(basis, distance, rounds, "dem")))
            .expect("stim's dem parses");
        assert_same_model(&ours, &theirs, &name);
        println!(
            "{name}: {} symptoms equal stim's",
            by_symptom(&theirs).len()
        );
    }
}

#[test]
fn circuit_text_is_stims() {
    for (basis, distance, rounds) in cases() {
        let ours = generate_si1000_memory(distance, rounds, basis, P).to_string();
        let theirs = read(&golden_path(basis, distance, rounds, "stim"));
        assert_eq!(
            ours,
            theirs.trim_end_matches('\n'),
            "{basis:?} d = {distance}, r = {rounds}"
        );
    }
}
