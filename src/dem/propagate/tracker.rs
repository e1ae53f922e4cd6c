//! Backward sensitivity tracking: walking a circuit from its end to its start, for each qubit
//! the detectors and observables that an X (or Z) error at the current point would flip.
//!
//! Gates update the sets as their Heisenberg-picture conjugation dictates; a measurement hands
//! the targets that read its result to the qubit; a reset forgets them. A reset or measurement
//! that a target's sensitivity anticommutes with makes that target random, which is refused.

use super::targets::{detector_code, observable_code, toggle_sorted, xor_sorted_into, TargetCode};
use crate::ints::{ObservableIndex, QubitIndex};
use crate::{Error, Result};
use std::collections::HashMap;

/// Which Pauli error a sensitivity list answers for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pauli {
    X,
    Z,
}

/// The sensitivity state at one point of the circuit.
pub(crate) struct SensitivityTracker {
    /// Per qubit: targets flipped by an X error here (sorted).
    flipped_by_x: Vec<Vec<TargetCode>>,
    /// Per qubit: targets flipped by a Z error here (sorted).
    flipped_by_z: Vec<Vec<TargetCode>>,
    /// Per measurement index: the targets that include its result (sorted).
    record_readers: HashMap<u64, Vec<TargetCode>>,
    /// Measurements made before the current point.
    measurements_in_past: u64,
    /// Detectors declared before the current point.
    detectors_in_past: u64,
    scratch: Vec<TargetCode>,
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

    /// Targets flipped by `pauli` on `qubit` at the current point.
    pub(crate) fn flipped_by(&self, pauli: Pauli, qubit: QubitIndex) -> &[TargetCode] {
        match pauli {
            Pauli::X => &self.flipped_by_x[qubit as usize],
            Pauli::Z => &self.flipped_by_z[qubit as usize],
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

    /// Undoes one measurement of `qubit` in the basis of `basis` (`Z` for M, `X` for MX) and
    /// returns the targets that read it (for a measurement flip probability).
    pub(crate) fn undo_measurement(
        &mut self,
        qubit: QubitIndex,
        basis: Pauli,
    ) -> Result<Vec<TargetCode>> {
        self.measurements_in_past -= 1;
        let readers = self
            .record_readers
            .remove(&self.measurements_in_past)
            .unwrap_or_default();
        let q = qubit as usize;
        // A Z-basis result is flipped by X errors; an X-basis result by Z errors.
        let (flipped, must_be_empty) = match basis {
            Pauli::Z => (&mut self.flipped_by_x[q], &self.flipped_by_z[q]),
            Pauli::X => (&mut self.flipped_by_z[q], &self.flipped_by_x[q]),
        };
        self.scratch.clear();
        xor_sorted_into(flipped, &readers, &mut self.scratch);
        std::mem::swap(flipped, &mut self.scratch);
        check_deterministic(must_be_empty, "measurement", qubit)?;
        Ok(readers)
    }

    /// Undoes a reset of `qubit` into the `basis` eigenstate (`Z` for R, `X` for RX).
    pub(crate) fn undo_reset(&mut self, qubit: QubitIndex, basis: Pauli) -> Result<()> {
        let q = qubit as usize;
        // After a |0> reset, anything sensitive to Z errors would read the random X basis.
        let must_be_empty = match basis {
            Pauli::Z => &self.flipped_by_z[q],
            Pauli::X => &self.flipped_by_x[q],
        };
        check_deterministic(must_be_empty, "reset", qubit)?;
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

    /// Undoes `H`.
    pub(crate) fn undo_hadamard(&mut self, qubit: QubitIndex) {
        let q = qubit as usize;
        std::mem::swap(&mut self.flipped_by_x[q], &mut self.flipped_by_z[q]);
    }

    /// Undoes `CX control target`.
    pub(crate) fn undo_cx(&mut self, control: QubitIndex, target: QubitIndex) {
        let (c, t) = (control as usize, target as usize);
        // An X on the control before the gate is X on both after; a Z on the target before is
        // Z on both after.
        xor_list_into(&mut self.flipped_by_x, c, t, &mut self.scratch);
        xor_list_into(&mut self.flipped_by_z, t, c, &mut self.scratch);
    }
}

/// `lists[destination] ^= lists[source]` (distinct indices).
fn xor_list_into(
    lists: &mut [Vec<TargetCode>],
    destination: usize,
    source: usize,
    scratch: &mut Vec<TargetCode>,
) {
    if lists[source].is_empty() {
        return;
    }
    scratch.clear();
    xor_sorted_into(&lists[destination], &lists[source], scratch);
    std::mem::swap(&mut lists[destination], scratch);
}

fn check_deterministic(sensitive: &[TargetCode], operation: &str, qubit: QubitIndex) -> Result<()> {
    if sensitive.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = sensitive.iter().map(|&code| target_name(code)).collect();
    Err(Error::Model {
        reason: format!(
            "{} not deterministic: anticommutes with the {operation} of qubit {qubit}",
            names.join(" ")
        ),
    })
}

fn target_name(code: TargetCode) -> String {
    if super::targets::is_detector(code) {
        format!("D{code}")
    } else {
        format!("L{}", code & !(1 << 63))
    }
}
