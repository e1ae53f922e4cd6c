//! Backward sensitivity tracking: walking a circuit from its end to its start, for each qubit
//! the detectors and observables that an X (or Z) error at the current point would flip.
//!
//! Gates update the sets as their Heisenberg-picture conjugation dictates; a measurement hands
//! the targets that read its result to the qubit; a reset forgets them. A reset or measurement
//! that a target's sensitivity anticommutes with makes that target random, which is refused.

use super::targets::{detector_code, observable_code, toggle_sorted, xor_sorted_into, TargetCode};
use crate::circuit::Pauli;
use crate::ints::{ObservableIndex, QubitIndex};
use crate::{Error, Result};
use std::collections::HashMap;

/// The sensitivity state at one point of the circuit.
///
/// A target's *sensitivity* is the Pauli product it reads, carried back to the current
/// point; an error flips the target when it anticommutes with it. So `flipped_by_x[q]` holds
/// the targets whose sensitivity has a Z part (Z or Y) on `q`, and `flipped_by_z[q]` those
/// with an X part (X or Y).
pub(crate) struct SensitivityTracker {
    /// Per qubit: targets flipped by an X error here (sorted).
    pub(super) flipped_by_x: Vec<Vec<TargetCode>>,
    /// Per qubit: targets flipped by a Z error here (sorted).
    pub(super) flipped_by_z: Vec<Vec<TargetCode>>,
    /// Per measurement index: the targets that include its result (sorted).
    record_readers: HashMap<u64, Vec<TargetCode>>,
    /// Measurements made before the current point.
    measurements_in_past: u64,
    /// Detectors declared before the current point.
    detectors_in_past: u64,
    pub(super) scratch: Vec<TargetCode>,
}

impl SensitivityTracker {
    /// The state at the end of a circuit with these totals.
    pub(crate) fn at_end(num_qubits: usize, num_measurements: u64, num_detectors: u64) -> Self {
        SensitivityTracker {
            flipped_by_x: vec![Vec::new(); num_qubits],
            flipped_by_z: vec![Vec::new(); num_qubits],
            record_readers: HashMap::new(),
            measurements_in_past: num_measurements,
            detectors_in_past: num_detectors,
            scratch: Vec::new(),
        }
    }

    /// Targets flipped by an X error on `qubit` at the current point.
    pub(crate) fn flipped_by_x(&self, qubit: QubitIndex) -> &[TargetCode] {
        &self.flipped_by_x[qubit as usize]
    }

    /// Targets flipped by a Z error on `qubit` at the current point.
    pub(crate) fn flipped_by_z(&self, qubit: QubitIndex) -> &[TargetCode] {
        &self.flipped_by_z[qubit as usize]
    }

    /// Replaces `out` with the targets flipped by `pauli` on `qubit` (a Y flips those that
    /// exactly one of X and Z flips).
    pub(crate) fn flipped_by_into(
        &self,
        pauli: Pauli,
        qubit: QubitIndex,
        out: &mut Vec<TargetCode>,
    ) {
        out.clear();
        let q = qubit as usize;
        match pauli {
            Pauli::X => out.extend_from_slice(&self.flipped_by_x[q]),
            Pauli::Z => out.extend_from_slice(&self.flipped_by_z[q]),
            Pauli::Y => xor_sorted_into(&self.flipped_by_x[q], &self.flipped_by_z[q], out),
        }
    }

    /// Undoes `DETECTOR rec[-k]...`: the next detector (counting down) reads those records.
    pub(crate) fn undo_detector(&mut self, lookbacks: &[u32]) -> Result<()> {
        self.detectors_in_past -= 1;
        let code = detector_code(self.detectors_in_past);
        self.add_reader(code, lookbacks)
    }

    /// Undoes `OBSERVABLE_INCLUDE(k) rec[-k]...`.
    pub(crate) fn undo_observable_include(
        &mut self,
        observable: ObservableIndex,
        lookbacks: &[u32],
    ) -> Result<()> {
        self.add_reader(observable_code(observable), lookbacks)
    }

    fn add_reader(&mut self, code: TargetCode, lookbacks: &[u32]) -> Result<()> {
        for &lookback in lookbacks {
            let lookback = u64::from(lookback);
            if lookback > self.measurements_in_past {
                return Err(Error::Model {
                    reason: format!(
                        "rec[-{lookback}] looks back further than the {} measurements made so far",
                        self.measurements_in_past
                    ),
                });
            }
            let measurement = self.measurements_in_past - lookback;
            toggle_sorted(self.record_readers.entry(measurement).or_default(), code);
        }
        Ok(())
    }

    /// Undoes one measurement record: returns the targets that read it (for a measurement
    /// flip probability, and for the caller to hand to the measured qubits).
    pub(crate) fn pop_record(&mut self) -> Vec<TargetCode> {
        self.measurements_in_past -= 1;
        self.record_readers
            .remove(&self.measurements_in_past)
            .unwrap_or_default()
    }

    /// Undoes one measurement of `qubit` in `basis` whose result `readers` read: they become
    /// sensitive to `basis` on the qubit. Refused when a target anticommutes with the basis.
    pub(crate) fn undo_measurement(
        &mut self,
        qubit: QubitIndex,
        basis: Pauli,
        readers: &[TargetCode],
    ) -> Result<()> {
        self.multiply_sensitivity(qubit, basis, readers);
        self.check_commutes(qubit, basis, "measurement")
    }

    /// Multiplies the sensitivity of every target in `readers` by `pauli` on `qubit`.
    pub(crate) fn multiply_sensitivity(
        &mut self,
        qubit: QubitIndex,
        pauli: Pauli,
        readers: &[TargetCode],
    ) {
        if readers.is_empty() {
            return;
        }
        let q = qubit as usize;
        // An X part is flipped by Z errors; a Z part by X errors.
        if pauli.has_x() {
            xor_in_place(&mut self.flipped_by_z[q], readers, &mut self.scratch);
        }
        if pauli.has_z() {
            xor_in_place(&mut self.flipped_by_x[q], readers, &mut self.scratch);
        }
    }

    /// Refuses targets whose sensitivity anticommutes with `basis` on `qubit`: a reset or
    /// measurement there would make them random.
    fn check_commutes(&mut self, qubit: QubitIndex, basis: Pauli, operation: &str) -> Result<()> {
        let q = qubit as usize;
        match basis {
            // Anticommuting with Z: an X part.
            Pauli::Z => check_deterministic(&self.flipped_by_z[q], operation, qubit),
            Pauli::X => check_deterministic(&self.flipped_by_x[q], operation, qubit),
            Pauli::Y => {
                if self.flipped_by_x[q] == self.flipped_by_z[q] {
                    return Ok(());
                }
                self.scratch.clear();
                xor_sorted_into(
                    &self.flipped_by_x[q],
                    &self.flipped_by_z[q],
                    &mut self.scratch,
                );
                check_deterministic(&self.scratch, operation, qubit)
            }
        }
    }

    /// Undoes a reset of `qubit` into the `basis` eigenstate.
    pub(crate) fn undo_reset(&mut self, qubit: QubitIndex, basis: Pauli) -> Result<()> {
        self.check_commutes(qubit, basis, "reset")?;
        let q = qubit as usize;
        self.flipped_by_x[q].clear();
        self.flipped_by_z[q].clear();
        Ok(())
    }

    /// Checks that the circuit's start (all qubits in |0>) leaves every target deterministic.
    pub(crate) fn check_initial_state(&self) -> Result<()> {
        for (qubit, flipped) in self.flipped_by_z.iter().enumerate() {
            check_deterministic(flipped, "initialization to |0>", qubit as QubitIndex)?;
        }
        Ok(())
    }
}

/// `list ^= other` (both sorted).
pub(super) fn xor_in_place(
    list: &mut Vec<TargetCode>,
    other: &[TargetCode],
    scratch: &mut Vec<TargetCode>,
) {
    if other.is_empty() {
        return;
    }
    scratch.clear();
    xor_sorted_into(list, other, scratch);
    std::mem::swap(list, scratch);
}

fn check_deterministic(sensitive: &[TargetCode], operation: &str, qubit: QubitIndex) -> Result<()> {
    if sensitive.is_empty() {
        return Ok(());
    }
    Err(not_deterministic(sensitive, operation, qubit))
}

/// The error for targets made random by an operation on `qubit`.
pub(super) fn not_deterministic(
    sensitive: &[TargetCode],
    operation: &str,
    qubit: QubitIndex,
) -> Error {
    let names: Vec<String> = sensitive.iter().map(|&code| target_name(code)).collect();
    Error::Model {
        reason: format!(
            "{} not deterministic: anticommutes with the {operation} of qubit {qubit}",
            names.join(" ")
        ),
    }
}

fn target_name(code: TargetCode) -> String {
    if super::targets::is_detector(code) {
        format!("D{code}")
    } else {
        format!("L{}", code & !(1 << 63))
    }
}
