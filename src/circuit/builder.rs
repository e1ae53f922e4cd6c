//! Appending instructions the way stim's circuit builder does, shared by the circuit generators.
//!
//! stim merges an instruction into the one right before it when both have the same gate and
//! arguments (operation fusion); our generators must do the same for their text to be stim's.

use super::{Circuit, Gate, Instruction, NoiseParams, Operation};
use crate::ints::QubitIndex;

/// Appends instructions the way stim's circuit builder does: an instruction with the same gate
/// and arguments as the one right before it is merged into it (stim's operation fusion).
#[derive(Debug, Default)]
pub(crate) struct FusingBuilder {
    circuit: Circuit,
}

impl FusingBuilder {
    pub(crate) fn push(&mut self, instruction: Instruction) {
        if let Some(Operation::Instruction(last)) = self.circuit.operations.last_mut() {
            if is_fusable(instruction.gate)
                && last.gate == instruction.gate
                && last.args == instruction.args
            {
                last.targets.extend(instruction.targets);
                return;
            }
        }
        self.circuit.push(instruction);
    }

    pub(crate) fn push_gate(&mut self, gate: Gate, qubits: &[QubitIndex]) {
        self.push(Instruction::on_qubits(gate, Vec::new(), qubits));
    }

    /// A noise channel; left out entirely when its probability is 0, as stim does.
    pub(crate) fn push_noise(&mut self, gate: Gate, probability: f64, qubits: &[QubitIndex]) {
        if probability != 0.0 {
            self.push(Instruction::on_qubits(gate, vec![probability], qubits));
        }
    }

    /// The end of every generated round: the measure qubits' flip before measurement, `MR`,
    /// and their flip after reset (stim's two measurement noise parameters).
    pub(crate) fn push_noisy_measure_reset(&mut self, noise: &NoiseParams, measure: &[QubitIndex]) {
        self.push_noise(Gate::XError, noise.before_measure_flip_probability, measure);
        self.push_gate(Gate::MR, measure);
        self.push_noise(Gate::XError, noise.after_reset_flip_probability, measure);
    }

    pub(crate) fn push_tick(&mut self) {
        self.push(Instruction::new(Gate::Tick, Vec::new(), Vec::new()));
    }

    pub(crate) fn push_repeat(&mut self, count: u64, body: Circuit) {
        self.circuit.push_repeat(count, body);
    }

    /// Appends `circuit`'s operations one by one (fusing at the seam, as stim would).
    pub(crate) fn extend(&mut self, circuit: Circuit) {
        for operation in circuit.operations {
            match operation {
                Operation::Instruction(instruction) => self.push(instruction),
                Operation::Repeat { count, body } => self.push_repeat(count, body),
            }
        }
    }

    pub(crate) fn finish(self) -> Circuit {
        self.circuit
    }
}

/// Gates stim merges when they repeat back to back; annotations and TICK are never merged.
fn is_fusable(gate: Gate) -> bool {
    !matches!(
        gate,
        Gate::QubitCoords
            | Gate::Detector
            | Gate::ObservableInclude
            | Gate::ShiftCoords
            | Gate::Tick
    )
}
