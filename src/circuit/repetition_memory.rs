//! stim's `repetition_code:memory`, instruction for instruction (stim 1.16).
//!
//! A line of 2d − 1 qubits: data qubits at the even indices 0, 2, …, 2d − 2, measure qubits at
//! the odd ones between them, each measuring Z⊗Z of its two neighbours with two CX layers
//! (left neighbour, then right). Only the Z basis exists (the code protects against bit flips
//! only), and stim writes no `QUBIT_COORDS`; detectors carry (x, t) with x the measure qubit's
//! index. The noise channels are stim's four, placed as in the surface codes.

use super::builder::FusingBuilder;
use super::rotated_memory::MemoryParams;
use super::{Circuit, Gate, Instruction, NoiseParams, Target};
use crate::ints::QubitIndex;

/// Generates `repetition_code:memory` exactly as `stim.Circuit.generated` (stim 1.16) does;
/// `memory.basis` is ignored (Z is the only basis; `spec` refuses X).
pub fn generate_repetition_memory(memory: &MemoryParams) -> Circuit {
    debug_assert!(memory.distance >= 2, "distance must be at least 2");
    debug_assert!(memory.rounds >= 1, "rounds must be at least 1");
    let line = Line::new(memory.distance, memory.noise);
    let mut builder = FusingBuilder::default();
    let all: Vec<QubitIndex> = (0..2 * memory.distance - 1).collect();
    builder.push_gate(Gate::R, &all);
    builder.push_noise(Gate::XError, line.noise.after_reset_flip_probability, &all);
    line.push_round(&mut builder);
    line.push_first_round_detectors(&mut builder);
    match memory.rounds {
        1 => {}
        2 => builder.extend(line.steady_round()),
        rounds => builder.push_repeat(u64::from(rounds - 1), line.steady_round()),
    }
    line.push_final_measurement(&mut builder);
    builder.finish()
}

/// The qubit lists of the line.
struct Line {
    noise: NoiseParams,
    /// Data qubits 0, 2, …, 2d − 2.
    data: Vec<QubitIndex>,
    /// Measure qubits 1, 3, …, 2d − 3.
    measure: Vec<QubitIndex>,
}

impl Line {
    fn new(distance: u32, noise: NoiseParams) -> Self {
        Line {
            noise,
            data: (0..distance).map(|k| 2 * k).collect(),
            measure: (0..distance - 1).map(|k| 2 * k + 1).collect(),
        }
    }

    fn num_measure(&self) -> u32 {
        self.measure.len() as u32
    }

    /// One round: data depolarization, CX from each left neighbour, then from each right
    /// neighbour, and `MR` with its noise.
    fn push_round(&self, builder: &mut FusingBuilder) {
        let clifford = self.noise.after_clifford_depolarization;
        builder.push_tick();
        let data_depolarization = self.noise.before_round_data_depolarization;
        builder.push_noise(Gate::Depolarize1, data_depolarization, &self.data);
        for side in [0, 2] {
            let pairs: Vec<QubitIndex> = self
                .measure
                .iter()
                .flat_map(|&m| [m - 1 + side, m])
                .collect();
            builder.push_gate(Gate::CX, &pairs);
            builder.push_noise(Gate::Depolarize2, clifford, &pairs);
            builder.push_tick();
        }
        builder.push_noisy_measure_reset(&self.noise, &self.measure);
    }

    /// Round 1: every check is deterministic (the data start in |0⟩).
    fn push_first_round_detectors(&self, builder: &mut FusingBuilder) {
        let n = self.num_measure();
        for (k, &m) in self.measure.iter().enumerate() {
            builder.push(detector(m, 0.0, vec![Target::Rec(n - k as u32)]));
        }
    }

    /// Rounds 2 … r: a round, a time shift, and each check compared with its previous outcome.
    fn steady_round(&self) -> Circuit {
        let mut builder = FusingBuilder::default();
        self.push_round(&mut builder);
        builder.push(Instruction::new(
            Gate::ShiftCoords,
            vec![0.0, 1.0],
            Vec::new(),
        ));
        let n = self.num_measure();
        for (k, &m) in self.measure.iter().enumerate() {
            let newest = n - k as u32;
            let records = vec![Target::Rec(newest), Target::Rec(newest + n)];
            builder.push(detector(m, 0.0, records));
        }
        builder.finish()
    }

    /// The data measured, each check rebuilt from its two neighbours and compared with its
    /// last `MR`, and the observable: the last data qubit.
    fn push_final_measurement(&self, builder: &mut FusingBuilder) {
        let measure_flip = self.noise.before_measure_flip_probability;
        builder.push_noise(Gate::XError, measure_flip, &self.data);
        builder.push_gate(Gate::M, &self.data);
        let num_data = self.data.len() as u32;
        let n = self.num_measure();
        for (k, &m) in self.measure.iter().enumerate() {
            let k = k as u32;
            // Data positions k + 1 (newer record) and k, then the check's last MR.
            let records = vec![
                Target::Rec(num_data - (k + 1)),
                Target::Rec(num_data - k),
                Target::Rec(n - k + num_data),
            ];
            builder.push(detector(m, 1.0, records));
        }
        builder.push(Instruction::new(
            Gate::ObservableInclude,
            vec![0.0],
            vec![Target::Rec(1)],
        ));
    }
}

/// `DETECTOR(x, t) records...`.
fn detector(qubit: QubitIndex, time: f64, records: Vec<Target>) -> Instruction {
    Instruction::new(Gate::Detector, vec![f64::from(qubit), time], records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::Basis;

    #[test]
    fn counts_detectors_and_measurements() {
        for (distance, rounds) in [(2u32, 1u32), (3, 2), (5, 7)] {
            let circuit = generate_repetition_memory(&MemoryParams {
                distance,
                rounds,
                basis: Basis::Z,
                noise: NoiseParams::uniform(0.001),
            });
            let checks = u64::from(distance - 1);
            assert_eq!(circuit.num_detectors(), checks * u64::from(rounds + 1));
            assert_eq!(
                circuit.num_measurements(),
                checks * u64::from(rounds) + u64::from(distance)
            );
        }
    }
}
