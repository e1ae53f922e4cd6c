//! Our detector error models against stim's.
//!
//! Golden files in `tests/data/dems/` come from `scripts/reference/make_golden_dems.py` (stim
//! 1.16): for each circuit, stim's decomposed model (`.dem`, with stim's repeat folding). The
//! checks: (a) the same symptoms, each with the same total probability (errors XOR-combined by
//! full symptom) within 1e-12 relative; (b) every piece of ours graph-like; (c) how many of
//! stim's distinct (symptom, decomposition) lines ours has exactly, pieces and total probability
//! (within 1e-12 relative), which must be all of them, with no decomposition of ours that stim
//! does not have.
//! Also: our text re-read gives our model; for the d = 3 reference our error lines equal stim's.

mod dem_common;

use dem_common::{
    assert_graphlike, assert_same_layout, assert_same_symptoms, merge, read, RELATIVE_TOLERANCE,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use surfacelab::circuit::parse::parse_circuit;
use surfacelab::dem::propagate::undecomposed_detector_error_model;
use surfacelab::dem::text::parse_dem;
use surfacelab::dem::{detector_error_model, DetectorErrorModel, Symptom};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn our_model(circuit_path: &Path) -> DetectorErrorModel {
    let circuit = parse_circuit(&read(circuit_path)).expect("stim's circuit parses");
    detector_error_model(&circuit).expect("the circuit has a decomposable model")
}

/// Total probability per (pieces in order).
fn by_decomposition(model: &DetectorErrorModel) -> HashMap<Vec<Symptom>, f64> {
    let mut totals = HashMap::new();
    for error in &model.errors {
        let total = totals.entry(error.pieces.clone()).or_insert(0.0);
        *total = merge(*total, error.probability);
    }
    totals
}

/// How ours and stim's decompositions compare, each compared as (pieces in order) with its total
/// probability.
struct DecompositionMatch {
    /// stim's distinct decompositions that ours has with the same probability.
    exact: usize,
    /// stim's distinct decompositions.
    distinct: usize,
    /// Decompositions ours has that stim does not (extra pieces or another split).
    extra: usize,
    /// The first difference, for the failure message.
    first_difference: Option<String>,
}

fn compare_decompositions(
    ours: &DetectorErrorModel,
    theirs: &DetectorErrorModel,
) -> DecompositionMatch {
    let (ours, theirs) = (by_decomposition(ours), by_decomposition(theirs));
    let mut first_difference = None;
    let mut exact = 0;
    for (pieces, &p) in &theirs {
        match ours.get(pieces) {
            Some(&q) if (p - q).abs() <= RELATIVE_TOLERANCE * p.abs() => exact += 1,
            found => {
                first_difference
                    .get_or_insert_with(|| format!("{pieces:?}: stim p = {p}, ours {found:?}"));
            }
        }
    }
    let extra: Vec<_> = ours.keys().filter(|k| !theirs.contains_key(*k)).collect();
    if let Some(pieces) = extra.first() {
        first_difference.get_or_insert_with(|| format!("{pieces:?} is ours only"));
    }
    DecompositionMatch {
        exact,
        distinct: theirs.len(),
        extra: extra.len(),
        first_difference,
    }
}

fn golden_circuits() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(data_dir().join("dems"))
        .expect("tests/data/dems exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension().is_some_and(|e| e == "stim") && path.with_extension("dem").exists()
        })
        .collect();
    paths.sort();
    paths
}

#[test]
fn models_match_stim_on_golden_circuits() {
    let circuits = golden_circuits();
    assert_eq!(circuits.len(), 12, "expected 12 golden circuits");
    let (mut matched_total, mut stim_total) = (0, 0);
    for circuit_path in circuits {
        let name = circuit_path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let ours = our_model(&circuit_path);
        let theirs =
            parse_dem(&read(&circuit_path.with_extension("dem"))).expect("stim's dem parses");
        assert_same_layout(&ours, &theirs, &name);
        assert_same_symptoms(&ours, &theirs, &name);
        assert_graphlike(&ours, &name);
        let found = compare_decompositions(&ours, &theirs);
        println!(
            "{name}: {} of stim's {} distinct decomposed errors match exactly (pieces and probability), {} extra",
            found.exact, found.distinct, found.extra
        );
        assert!(
            found.exact == found.distinct && found.extra == 0,
            "{name}: decompositions differ from stim's, first: {:?}",
            found.first_difference
        );
        matched_total += found.exact;
        stim_total += found.distinct;
    }
    println!(
        "all golden circuits: {matched_total} of {stim_total} decompositions match stim exactly"
    );
    assert_eq!(
        matched_total, stim_total,
        "every decomposition should match stim's"
    );
}

fn error_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("error")).collect()
}

/// Where stim leaves its model unfolded (no `repeat`), our error lines are stim's, byte for byte.
#[test]
fn unfolded_golden_models_have_stim_identical_error_lines() {
    let mut compared = 0;
    for circuit_path in golden_circuits() {
        let stim_text = read(&circuit_path.with_extension("dem"));
        if stim_text.contains("repeat") {
            continue;
        }
        let our_text = our_model(&circuit_path).to_string();
        assert_eq!(
            error_lines(&our_text),
            error_lines(&stim_text),
            "{}",
            circuit_path.display()
        );
        compared += 1;
    }
    println!("{compared} unfolded golden models: error lines identical to stim's");
    assert!(compared >= 4);
}

#[test]
fn d3_reference_text_matches_stim() {
    let reference = data_dir().join("reference");
    let ours = our_model(&reference.join("circuit_d3_r3_z.stim"));
    let stim_text = read(&reference.join("circuit_d3_r3_z.dem"));
    let our_text = ours.to_string();
    let error_lines = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("error"))
            .map(str::to_string)
            .collect()
    };
    let (ours_lines, stim_lines) = (error_lines(&our_text), error_lines(&stim_text));
    assert_eq!(ours_lines.len(), stim_lines.len());
    for (mine, theirs) in ours_lines.iter().zip(&stim_lines) {
        assert_eq!(mine, theirs);
    }
    // Annotations differ only in form: ours are absolute, stim's follow shift_detectors.
    let theirs = parse_dem(&stim_text).expect("stim's dem parses");
    assert_eq!(ours.detector_coords, theirs.detector_coords);
    assert_eq!(ours, theirs);
}

#[test]
fn flattened_reference_circuit_gives_the_same_model() {
    let reference = data_dir().join("reference");
    let folded = our_model(&reference.join("circuit_d3_r3_z.stim"));
    let flat = our_model(&reference.join("circuit_d3_r3_z_flattened.stim"));
    assert_eq!(folded, flat);
}

#[test]
fn undecomposed_model_matches_stim() {
    let reference = data_dir().join("reference");
    let circuit = parse_circuit(&read(&reference.join("circuit_d3_r3_z.stim"))).expect("parses");
    let ours = undecomposed_detector_error_model(&circuit).expect("deterministic");
    let theirs =
        parse_dem(&read(&reference.join("circuit_d3_r3_z_no_decompose.dem"))).expect("parses");
    assert_eq!(ours.errors.len(), 219);
    assert_eq!(ours, theirs);
    let decomposed = surfacelab::dem::decompose::decompose_model(&theirs).expect("decomposable");
    assert_graphlike(&decomposed, "decompose_model");
    assert_same_symptoms(&decomposed, &theirs, "decompose_model");
}

#[test]
fn text_round_trips() {
    for circuit_path in golden_circuits().iter().take(4) {
        let ours = our_model(circuit_path);
        let reread = parse_dem(&ours.to_string()).expect("our text parses");
        assert_eq!(reread, ours, "{}", circuit_path.display());
    }
}

#[test]
fn builds_d17_r17_with_stims_counts() {
    let path = data_dir().join("dems/timing_memory_z_d17_r17_p0.001.stim");
    let circuit = parse_circuit(&read(&path)).expect("parses");
    let start = Instant::now();
    let model = detector_error_model(&circuit).expect("builds");
    let elapsed = start.elapsed();
    println!(
        "d = r = 17: {} errors, {} detectors in {:.1} ms",
        model.errors.len(),
        model.num_detectors,
        elapsed.as_secs_f64() * 1e3
    );
    assert_eq!(model.num_detectors, 4896);
    assert_eq!(
        model.errors.len(),
        102_507,
        "stim's flattened model has 102507 errors"
    );
}
