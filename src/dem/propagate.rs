//! Circuit -> detector error model by propagating every Pauli error mechanism to the detectors
//! and observables it flips.
//!
//! The circuit is walked once, backwards (as stim's `ErrorAnalyzer` does): a
//! [`tracker::SensitivityTracker`] holds, for each qubit, the targets an X or Z error at the
//! current point would flip, so every noise channel met on the way reads its symptoms directly.
//! Channels become independent mechanisms as stim models them (`DEPOLARIZE1(p)`: X, Y, Z each
//! with q1 = (1 − √(1 − 4p/3))/2; `DEPOLARIZE2(p)`: the 15 two-qubit Paulis each with
//! q2 = (1 − (1 − 16p/15)^(1/8))/2), are split into graph-like pieces by [`super::decompose`]
//! and merged by key in [`error_classes`], in stim's order, so probabilities match stim's bit
//! for bit. All floating-point functions come from `libm`, so native and wasm builds agree.
//!
//! The model is flat: REPEAT blocks are unrolled (stim folds them into `repeat` blocks instead,
//! which gives the same set of distinct errors for these circuits but more error lines).

mod channels;
mod cliffords;
pub(crate) mod error_classes;
pub(crate) mod targets;
mod tracker;
mod undo;

use super::decompose::finish_classes;
use super::{DemError, DetectorErrorModel};
use crate::circuit::parse::MAX_QUBIT_INDEX;
use crate::circuit::{Circuit, Gate, Instruction, Operation};
use crate::ints::{ObservableIndex, MAX_OBSERVABLES};
use crate::{Error, Result};
use targets::piece_to_symptom;
use tracker::SensitivityTracker;
use undo::BackwardAnalyzer;

/// Most instructions a circuit may execute once REPEAT blocks are unrolled.
pub const MAX_FLAT_INSTRUCTIONS: u64 = 1 << 30;

/// The decomposed detector error model of a circuit, equivalent to stim's
/// `circuit.detector_error_model(decompose_errors=True)` (flattened).
pub fn detector_error_model(circuit: &Circuit) -> Result<DetectorErrorModel> {
    build_model(circuit, true)
}

/// The model without decomposition, like stim's `decompose_errors=False` (flattened): every
/// error is one piece, however many detectors it flips.
pub fn undecomposed_detector_error_model(circuit: &Circuit) -> Result<DetectorErrorModel> {
    build_model(circuit, false)
}

fn build_model(circuit: &Circuit, decompose: bool) -> Result<DetectorErrorModel> {
    let totals = CircuitTotals::of(circuit)?;
    let tracker = SensitivityTracker::at_end(
        totals.qubits as usize,
        totals.measurements,
        totals.detectors,
    );
    let mut analyzer = BackwardAnalyzer::new(tracker, decompose);
    analyzer.undo_circuit(circuit)?;
    analyzer.tracker.check_initial_state()?;
    let errors = if decompose {
        finish_classes(analyzer.classes)?
    } else {
        analyzer
            .classes
            .sorted()
            .into_iter()
            .map(|(key, probability)| DemError {
                probability,
                pieces: vec![piece_to_symptom(&key)],
            })
            .collect()
    };
    let num_detectors = u32::try_from(totals.detectors).map_err(|_| Error::Model {
        reason: format!(
            "the circuit has {} detectors; at most {} are supported",
            totals.detectors,
            u32::MAX
        ),
    })?;
    Ok(DetectorErrorModel {
        errors,
        num_detectors,
        num_observables: totals.observables,
        detector_coords: detector_coordinates(circuit, totals.detectors as usize),
    })
}

/// Counts over the unrolled circuit.
#[derive(Default)]
struct CircuitTotals {
    /// Largest qubit index + 1.
    qubits: u32,
    measurements: u64,
    detectors: u64,
    /// Largest observable index + 1.
    observables: u32,
    instructions: u64,
}

impl CircuitTotals {
    fn of(circuit: &Circuit) -> Result<CircuitTotals> {
        let mut totals = CircuitTotals::default();
        totals.add_block(circuit, 1)?;
        if totals.instructions > MAX_FLAT_INSTRUCTIONS
            || totals.detectors > u64::from(u32::MAX)
            || totals.qubits > MAX_QUBIT_INDEX + 1
        {
            return Err(too_large());
        }
        Ok(totals)
    }

    fn add_block(&mut self, block: &Circuit, repetitions: u64) -> Result<()> {
        for operation in &block.operations {
            match operation {
                Operation::Instruction(instruction) => {
                    self.add_instruction(instruction, repetitions)?
                }
                Operation::Repeat { count, body } => {
                    let inner = repetitions.checked_mul(*count).ok_or_else(too_large)?;
                    // Each pass counts, so that a huge loop over an empty body is refused too.
                    self.instructions =
                        self.instructions.checked_add(inner).ok_or_else(too_large)?;
                    self.add_block(body, inner)?;
                }
            }
        }
        Ok(())
    }

    fn add_instruction(&mut self, instruction: &Instruction, repetitions: u64) -> Result<()> {
        let add = |total: u64, each: u64| {
            each.checked_mul(repetitions)
                .and_then(|n| total.checked_add(n))
                .ok_or_else(too_large)
        };
        self.instructions = add(self.instructions, 1)?;
        let gate = instruction.gate;
        if gate.is_measurement() {
            self.measurements = add(self.measurements, instruction.measurement_count())?;
        }
        if gate == Gate::Detector {
            self.detectors = add(self.detectors, 1)?;
        }
        if gate == Gate::ObservableInclude {
            let index = observable_index(instruction)?;
            self.observables = self.observables.max(index + 1);
        }
        if gate != Gate::QubitCoords {
            for q in instruction.qubits() {
                self.qubits = self.qubits.max(q.saturating_add(1));
            }
        }
        Ok(())
    }
}

fn too_large() -> Error {
    Error::Model {
        reason: format!(
            "the unrolled circuit is too large: at most {MAX_FLAT_INSTRUCTIONS} instructions and \
             REPEAT passes, {} detectors and qubit indices up to {MAX_QUBIT_INDEX} are supported",
            u32::MAX
        ),
    }
}

pub(super) fn observable_index(instruction: &Instruction) -> Result<ObservableIndex> {
    match instruction.args.as_slice() {
        [k] if *k >= 0.0 && *k < f64::from(MAX_OBSERVABLES) && k.fract() == 0.0 => {
            Ok(*k as ObservableIndex)
        }
        args => Err(Error::Model {
            reason: format!(
                "OBSERVABLE_INCLUDE needs one integer argument from 0 to {}, got {args:?}",
                MAX_OBSERVABLES - 1
            ),
        }),
    }
}

/// Per-Pauli probability of stim's independent model of `DEPOLARIZE1(p)`.
pub(super) fn depolarize1_component(p: f64) -> f64 {
    0.5 - 0.5 * libm::sqrt(1.0 - (4.0 * p) / 3.0)
}

/// Per-Pauli probability of stim's independent model of `DEPOLARIZE2(p)`.
pub(super) fn depolarize2_component(p: f64) -> f64 {
    0.5 - 0.5 * eighth_root(1.0 - (16.0 * p) / 15.0)
}

/// `y^(1/8)` correctly rounded (for 0 ≤ y ≤ 1), so that it equals glibc's `pow(y, 0.125)`,
/// which stim calls, where `libm::pow` alone is one unit in the last place off for about 3 %
/// of inputs. `libm::pow` gives a neighbour of the answer; of it and its two neighbours, the
/// one whose 8th power, computed in double-double arithmetic, lies closest to `y` is taken.
fn eighth_root(y: f64) -> f64 {
    let guess = libm::pow(y, 0.125);
    if !(guess > 0.0 && guess.is_finite()) {
        return guess;
    }
    let distance = |r: f64| {
        let (high, low) = eighth_power(r);
        ((high - y) + low).abs()
    };
    let below = libm::nextafter(guess, 0.0);
    let above = libm::nextafter(guess, f64::INFINITY);
    [below, above].into_iter().fold(guess, |best, r| {
        if distance(r) < distance(best) {
            r
        } else {
            best
        }
    })
}

/// `r^8` as an unevaluated sum `high + low` (error about 2^-100 relative).
fn eighth_power(r: f64) -> (f64, f64) {
    let square = |(high, low): (f64, f64)| {
        let product = high * high;
        let error = libm::fma(high, high, -product) + 2.0 * high * low;
        let sum = product + error;
        (sum, error - (sum - product))
    };
    square(square(square((r, 0.0))))
}

/// Absolute coordinates of every detector (SHIFT_COORDS applied), in detector order.
fn detector_coordinates(circuit: &Circuit, num_detectors: usize) -> Vec<Vec<f64>> {
    let mut coords = Vec::with_capacity(num_detectors);
    let mut shift: Vec<f64> = Vec::new();
    circuit.for_each_flat(&mut |instruction| match instruction.gate {
        Gate::ShiftCoords => {
            if shift.len() < instruction.args.len() {
                shift.resize(instruction.args.len(), 0.0);
            }
            for (total, delta) in shift.iter_mut().zip(&instruction.args) {
                *total += delta;
            }
        }
        Gate::Detector => coords.push(
            instruction
                .args
                .iter()
                .enumerate()
                .map(|(i, &x)| x + shift.get(i).copied().unwrap_or(0.0))
                .collect(),
        ),
        _ => {}
    });
    coords
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::parse::parse_circuit;

    #[test]
    fn eighth_root_is_exact_on_powers() {
        for k in 1..200 {
            let root = f64::from(k) / 256.0;
            let y = root.powi(8);
            if eighth_power(root) == (y, 0.0) {
                assert_eq!(eighth_root(y), root);
            }
        }
        assert_eq!(eighth_root(1.0), 1.0);
        assert_eq!(eighth_root(0.0), 0.0);
    }

    #[test]
    fn depolarizing_components_match_stim() {
        // The smallest probability in stim's DEM of the d = 3 reference circuit.
        assert_eq!(depolarize2_component(0.001), 6.669779853440971e-05);
        // Two of the three DEPOLARIZE1 components combine to exactly 2p/3 for a lone detector.
        let q = depolarize1_component(0.001);
        let combined = error_classes::merge_independent(q, q);
        assert_eq!(
            crate::dem::text::format_general(combined, 19),
            "0.0006666666666666692465"
        );
    }

    #[test]
    fn a_repetition_code_has_the_expected_errors() {
        let circuit = parse_circuit(
            "R 0 1 2\nX_ERROR(0.1) 0\nCX 0 1\nCX 2 1\nM 0 1 2\nDETECTOR(1, 0) rec[-2]\n\
             OBSERVABLE_INCLUDE(0) rec[-1]",
        )
        .expect("valid");
        let model = detector_error_model(&circuit).expect("deterministic");
        assert_eq!(model.num_detectors, 1);
        assert_eq!(model.num_observables, 1);
        assert_eq!(model.errors.len(), 1);
        assert_eq!(model.errors[0].pieces[0].detectors, vec![0]);
        assert_eq!(model.detector_coords, vec![vec![1.0, 0.0]]);
    }

    #[test]
    fn y_basis_and_products_match_hand_results() {
        // RY, a Y error's flips, MY; MPP of the stabilizer of a Bell pair is deterministic.
        let text = "RY 0\nZ_ERROR(0.25) 0\nMY 0\nDETECTOR rec[-1]\nR 1 2\nH 1\nCX 1 2\n\
                    X_ERROR(0.125) 1\nMPP X1*X2 !Z1*Z2\nDETECTOR rec[-1]\nDETECTOR rec[-2]";
        let model = detector_error_model(&parse_circuit(text).expect("valid")).expect("model");
        let flips: Vec<(Vec<u32>, f64)> = model
            .errors
            .iter()
            .map(|e| (e.symptom().detectors, e.probability))
            .collect();
        assert_eq!(flips, vec![(vec![0], 0.25), (vec![1], 0.125)]);
    }

    #[test]
    fn huge_loops_are_refused_not_run() {
        let circuit = parse_circuit("REPEAT 1000000000000 {\n}").expect("valid");
        assert!(detector_error_model(&circuit).is_err());
        let circuit = parse_circuit("REPEAT 100000 {\nREPEAT 100000 {\nTICK\n}\n}").expect("valid");
        assert!(detector_error_model(&circuit).is_err());
    }

    #[test]
    fn a_random_detector_is_refused() {
        // Found at the reset, which the error names by its line.
        let circuit = parse_circuit("RX 0\nM 0\nDETECTOR rec[-1]").expect("valid");
        match detector_error_model(&circuit) {
            Err(Error::CircuitParse { line, reason }) => {
                assert_eq!(line, 1);
                assert!(reason.contains("not deterministic"), "{reason}");
            }
            other => panic!("expected a line error, got {other:?}"),
        }
        // A measurement that randomizes a later one, and an MPP anticommuting with it.
        for text in [
            "RX 0\nM 0\nMX 0\nDETECTOR rec[-1]",
            "R 0 1\nMPP X0*X1\nM 0\nDETECTOR rec[-1]",
        ] {
            let circuit = parse_circuit(text).expect("valid");
            assert!(detector_error_model(&circuit).is_err(), "{text}");
        }
        let circuit = parse_circuit("M 0\nDETECTOR rec[-2]").expect("valid");
        assert!(detector_error_model(&circuit).is_err());
    }
}
