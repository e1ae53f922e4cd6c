//! Circuits of every supported kind against stim's detector error models.
//!
//! `tests/data/circuit_corpus/` comes from `scripts/reference/make_circuit_corpus.py` (stim
//! 1.16, models as sinter builds them: `decompose_errors=True, approximate_disjoint_errors=True`).
//! For each circuit: the same detectors, observables and coordinates, the same symptoms with
//! the same total probabilities within 1e-9 relative, every piece graph-like, and (reported)
//! how many of stim's decompositions ours has exactly. Circuits stim refuses are refused here
//! too, for the same reason.

mod dem_common;

use dem_common::{assert_graphlike, assert_same_layout, assert_same_symptoms_within, read};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use surfacelab::circuit::parse::parse_circuit;
use surfacelab::dem::text::parse_dem;
use surfacelab::dem::{detector_error_model, Symptom};

const RELATIVE_TOLERANCE: f64 = 1e-9;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/circuit_corpus")
}

fn stim_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the corpus directory exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "stim"))
        .collect();
    paths.sort();
    paths
}

fn name_of(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string()
}

#[test]
fn corpus_models_are_equivalent_to_stims() {
    let circuits = stim_files(&corpus_dir());
    assert!(circuits.len() >= 30, "expected at least 30 corpus circuits");
    let (mut exact, mut distinct) = (0, 0);
    for path in &circuits {
        let name = name_of(path);
        let circuit = parse_circuit(&read(path))
            .unwrap_or_else(|e| panic!("{name}: stim's circuit should parse: {e}"));
        let ours = detector_error_model(&circuit)
            .unwrap_or_else(|e| panic!("{name}: stim builds a model, we refused: {e}"));
        let theirs = parse_dem(&read(&path.with_extension("dem"))).expect("stim's dem parses");
        assert_same_layout(&ours, &theirs, &name);
        assert_same_symptoms_within(&ours, &theirs, &name, RELATIVE_TOLERANCE);
        assert_graphlike(&ours, &name);
        let ours_pieces: HashSet<&Vec<Symptom>> = ours.errors.iter().map(|e| &e.pieces).collect();
        let theirs_pieces: HashSet<&Vec<Symptom>> =
            theirs.errors.iter().map(|e| &e.pieces).collect();
        let matched = theirs_pieces.intersection(&ours_pieces).count();
        println!(
            "{name}: {matched} of stim's {} decompositions exact",
            theirs_pieces.len()
        );
        exact += matched;
        distinct += theirs_pieces.len();
    }
    println!("corpus: {exact} of stim's {distinct} decompositions exact");
}

#[test]
fn circuits_stim_refuses_are_refused() {
    let refused = stim_files(&corpus_dir().join("refused"));
    assert!(refused.len() >= 2);
    for path in &refused {
        let name = name_of(path);
        let stim_reason = read(&path.with_extension("reason"));
        let circuit = parse_circuit(&read(path)).expect("the circuit itself is valid stim");
        let error = detector_error_model(&circuit)
            .err()
            .unwrap_or_else(|| panic!("{name}: stim refuses ({stim_reason}), we built a model"))
            .to_string();
        let expected = if stim_reason.contains("decompose") {
            "cannot decompose"
        } else {
            "not deterministic"
        };
        assert!(
            error.contains(expected),
            "{name}: {error} (stim: {stim_reason})"
        );
    }
}
