//! Undoing Clifford gates on the sensitivity lists: a gate maps each target's sensitivity
//! (a Pauli product) to the product it was before the gate, which only moves the X and Z parts
//! of the touched qubits around (signs never matter to which errors flip what).
//!
//! Each rule is written as updates `part ^= other part` on the lists, applied in order; the
//! single-qubit rules come from the gate's permutation of X, Y and Z, the two-qubit rules from
//! the gate's action on X and Z of each qubit.

use super::tracker::{xor_in_place, SensitivityTracker};
use crate::circuit::model::PauliPermutation;
use crate::circuit::Clifford2;
use crate::ints::QubitIndex;

/// One list of the tracker: the targets with an X part (`X`) or a Z part (`Z`) on a qubit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    X(usize),
    Z(usize),
}

use Part::{X, Z};

impl SensitivityTracker {
    fn list_mut(&mut self, part: Part) -> &mut Vec<u64> {
        match part {
            // An X part is what a Z error flips, and the other way round.
            X(q) => &mut self.flipped_by_z[q],
            Z(q) => &mut self.flipped_by_x[q],
        }
    }

    /// `destination ^= source` (different lists).
    fn xor_part(&mut self, destination: Part, source: Part) {
        debug_assert!(destination != source);
        let source_list = std::mem::take(self.list_mut(source));
        let mut scratch = std::mem::take(&mut self.scratch);
        xor_in_place(self.list_mut(destination), &source_list, &mut scratch);
        self.scratch = scratch;
        *self.list_mut(source) = source_list;
    }

    fn swap_parts(&mut self, a: Part, b: Part) {
        let first = std::mem::take(self.list_mut(a));
        let second = std::mem::replace(self.list_mut(b), first);
        *self.list_mut(a) = second;
    }

    /// Undoes a single-qubit Clifford of the given kind on `qubit`.
    pub(crate) fn undo_clifford1(&mut self, permutation: PauliPermutation, qubit: QubitIndex) {
        let q = qubit as usize;
        match permutation {
            PauliPermutation::Identity => {}
            PauliPermutation::SwapXZ => {
                std::mem::swap(&mut self.flipped_by_x[q], &mut self.flipped_by_z[q])
            }
            // X <-> Y: an X part picks up a Z part.
            PauliPermutation::SwapXY => self.xor_part(Z(q), X(q)),
            // Y <-> Z: a Z part picks up an X part.
            PauliPermutation::SwapYZ => self.xor_part(X(q), Z(q)),
            // Before X -> Y -> Z -> X, a sensitivity X was Z, Z was Y, Y was X.
            PauliPermutation::CycleXYZ => {
                self.xor_part(Z(q), X(q));
                self.xor_part(X(q), Z(q));
            }
            PauliPermutation::CycleZYX => {
                self.xor_part(X(q), Z(q));
                self.xor_part(Z(q), X(q));
            }
        }
    }

    /// Undoes a two-qubit Clifford on the pair (`a`, `b`), in the order stim writes targets.
    pub(crate) fn undo_clifford2(&mut self, gate: Clifford2, a: QubitIndex, b: QubitIndex) {
        let (a, b) = (a as usize, b as usize);
        match gate {
            Clifford2::II => {}
            Clifford2::CX => self.undo_cx(a, b),
            Clifford2::XCZ => self.undo_cx(b, a),
            Clifford2::CY => self.undo_cy(a, b),
            Clifford2::YCZ => self.undo_cy(b, a),
            Clifford2::CZ => {
                self.xor_part(Z(a), X(b));
                self.xor_part(Z(b), X(a));
            }
            Clifford2::XCX => {
                self.xor_part(X(a), Z(b));
                self.xor_part(X(b), Z(a));
            }
            Clifford2::XCY => self.undo_xcy(a, b),
            Clifford2::YCX => self.undo_xcy(b, a),
            Clifford2::YCY => {
                // A part anticommuting with Y on one qubit picks up Y on the other.
                for (one, other) in [(a, b), (b, a)] {
                    self.xor_part(Z(one), X(other));
                    self.xor_part(Z(one), Z(other));
                    self.xor_part(X(one), X(other));
                    self.xor_part(X(one), Z(other));
                }
            }
            Clifford2::Swap => {
                self.swap_parts(X(a), X(b));
                self.swap_parts(Z(a), Z(b));
            }
            Clifford2::ISwap | Clifford2::ISwapDag => {
                self.xor_part(Z(a), X(a));
                self.xor_part(Z(a), X(b));
                self.xor_part(Z(b), X(a));
                self.xor_part(Z(b), X(b));
                self.swap_parts(X(a), X(b));
                self.swap_parts(Z(a), Z(b));
            }
        }
    }

    /// Undoes `CX control target`: an X on the control spreads to the target, a Z on the
    /// target spreads to the control.
    pub(crate) fn undo_cx(&mut self, control: usize, target: usize) {
        self.xor_part(Z(control), Z(target));
        self.xor_part(X(target), X(control));
    }

    fn undo_cy(&mut self, control: usize, target: usize) {
        self.xor_part(Z(control), Z(target));
        self.xor_part(Z(control), X(target));
        self.xor_part(X(target), X(control));
        self.xor_part(Z(target), X(control));
    }

    fn undo_xcy(&mut self, x_control: usize, y_target: usize) {
        self.xor_part(X(x_control), X(y_target));
        self.xor_part(X(x_control), Z(y_target));
        self.xor_part(X(y_target), Z(x_control));
        self.xor_part(Z(y_target), Z(x_control));
    }
}
