//! The SI1000 noise model (superconducting-inspired, 1000 ns cycle; Gidney, Newman, Fowler and
//! Broughton, "A fault-tolerant honeycomb memory", 2021), applied to a noiseless circuit.
//!
//! A layer is the run of instructions between two TICKs. With the one parameter p, each layer
//! gets, in this order:
//!
//! - every instruction in its place, with its noise beside it:
//!   `CX` then `DEPOLARIZE2(p)` on its pairs; `H` then `DEPOLARIZE1(p/10)`;
//!   `R` then `X_ERROR(2p)`; `RX` then `Z_ERROR(2p)`; `X_ERROR(5p)` then `M`;
//!   `Z_ERROR(5p)` then `MX`; `X_ERROR(5p)` then `MR` then `X_ERROR(2p)`; annotations unchanged;
//! - last, right before the TICK that closes the layer (after the layer's annotations), one
//!   `DEPOLARIZE1` on every used qubit (one that some gate of the circuit targets) that no gate of
//!   this layer targets, in increasing order: 2p if the layer measures or resets (the resonator
//!   idle), else p/10. A layer without any gate (only annotations, or nothing) gets no noise.
//!
//! Instructions are appended with stim's fusion (same gate and arguments back to back become one
//! line, e.g. an H layer's two `DEPOLARIZE1(p/10)`), and channels of probability 0 are left out,
//! so the text is what stim prints for the same circuit.
//!
//! REPEAT blocks stay folded where that is exact. A block whose body starts with a TICK begins a
//! new layer, so its body is made noisy on its own. If the body does not end with a TICK and
//! something other than a TICK follows the block, the last iteration's final layer continues after
//! the block (in the rotated memory: the last round's `MR` and the data qubits' `M` share a layer,
//! so no qubit idles there); that iteration is then written out after a REPEAT of the others (no
//! REPEAT when one other is left). Any other block, and every block nested in a body, is written
//! out iteration by iteration.
//!
//! The input is expected to be noiseless; noise channels already in it are kept, in place, and do
//! not count as touching a qubit. This module does not check p (that is `spec`'s job).

use super::builder::FusingBuilder;
use super::RotatedMemory;
use super::{generate_rotated_memory, Basis, Circuit, Gate, Instruction, NoiseParams, Operation};
use crate::ints::QubitIndex;
use std::collections::BTreeSet;

/// The channel strengths of SI1000 at one parameter p.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Si1000 {
    /// DEPOLARIZE2 after each CX: p.
    pub two_qubit: f64,
    /// DEPOLARIZE1 after each H, and on qubits idle in a layer without measurement or reset: p/10.
    pub one_qubit: f64,
    /// X_ERROR (Z_ERROR for RX) after each reset: 2p.
    pub reset_flip: f64,
    /// X_ERROR (Z_ERROR for MX) before each measurement: 5p.
    pub measure_flip: f64,
    /// DEPOLARIZE1 on qubits idle in a layer that measures or resets: 2p.
    pub resonator_idle: f64,
}

impl Si1000 {
    /// The strengths at parameter `p` (0 … 0.1, so that 5p ≤ 0.5).
    pub fn new(p: f64) -> Self {
        debug_assert!((0.0..=0.1).contains(&p), "SI1000 p must be in 0 … 0.1");
        Si1000 {
            two_qubit: p,
            one_qubit: p / 10.0,
            reset_flip: 2.0 * p,
            measure_flip: 5.0 * p,
            resonator_idle: 2.0 * p,
        }
    }
}

/// The rotated memory of `distance`, `rounds` and `basis` with SI1000 noise of parameter `p`:
/// stim's noiseless circuit, made noisy layer by layer.
pub fn generate_si1000_memory(distance: u32, rounds: u32, basis: Basis, p: f64) -> Circuit {
    let noiseless = generate_rotated_memory(&RotatedMemory {
        distance,
        rounds,
        basis,
        noise: NoiseParams::default(),
    });
    add_si1000_noise(&noiseless, p)
}

/// `noiseless` with SI1000 noise of parameter `p`, by the rules in the module docs.
pub fn add_si1000_noise(noiseless: &Circuit, p: f64) -> Circuit {
    let used = used_qubits(noiseless);
    let mut layering = Layering::new(Si1000::new(p), &used);
    layering.feed(&noiseless.operations, true);
    layering.finish()
}

/// A noise channel and its probability.
type Channel = (Gate, f64);

impl Si1000 {
    /// The channels on a gate's targets right before and right after it.
    fn channels_around(&self, gate: Gate) -> (Option<Channel>, Option<Channel>) {
        match gate {
            Gate::CX => (None, Some((Gate::Depolarize2, self.two_qubit))),
            Gate::H => (None, Some((Gate::Depolarize1, self.one_qubit))),
            Gate::R => (None, Some((Gate::XError, self.reset_flip))),
            Gate::RX => (None, Some((Gate::ZError, self.reset_flip))),
            Gate::M => (Some((Gate::XError, self.measure_flip)), None),
            Gate::MX => (Some((Gate::ZError, self.measure_flip)), None),
            Gate::MR => (
                Some((Gate::XError, self.measure_flip)),
                Some((Gate::XError, self.reset_flip)),
            ),
            // SI1000 is defined here for the gates of the generated memories only.
            _ => (None, None),
        }
    }
}

/// Every qubit some gate targets (coordinates and noise channels do not count), in order.
fn used_qubits(circuit: &Circuit) -> Vec<QubitIndex> {
    let mut used = BTreeSet::new();
    circuit.for_each_flat(&mut |instruction| {
        if is_gate(instruction.gate) {
            used.extend(instruction.qubits());
        }
    });
    used.into_iter().collect()
}

/// True for operations that act on qubits in time; false for annotations, TICK and noise.
fn is_gate(gate: Gate) -> bool {
    !gate.is_noise() && !gate.is_annotation()
}

fn is_tick(operation: &Operation) -> bool {
    matches!(operation, Operation::Instruction(i) if i.gate == Gate::Tick)
}

/// Cuts a circuit into layers and writes each one out with its noise.
struct Layering<'a> {
    noise: Si1000,
    used: &'a [QubitIndex],
    out: FusingBuilder,
    /// The open layer: instructions since the last TICK, still without noise.
    layer: Vec<Instruction>,
}

impl<'a> Layering<'a> {
    fn new(noise: Si1000, used: &'a [QubitIndex]) -> Self {
        Layering {
            noise,
            used,
            out: FusingBuilder::default(),
            layer: Vec::new(),
        }
    }

    /// Feeds `operations` in order; `top_level` is false inside a REPEAT body.
    fn feed(&mut self, operations: &[Operation], top_level: bool) {
        for (i, operation) in operations.iter().enumerate() {
            match operation {
                Operation::Instruction(tick) if tick.gate == Gate::Tick => {
                    self.close_layer();
                    self.out.push(tick.clone());
                }
                Operation::Instruction(instruction) => self.layer.push(instruction.clone()),
                Operation::Repeat { count, body } if top_level && body_starts_layer(body) => {
                    self.feed_folded_repeat(*count, body, &operations[i + 1..]);
                }
                Operation::Repeat { count, body } => {
                    for _ in 0..*count {
                        self.feed(&body.operations, false);
                    }
                }
            }
        }
    }

    /// A REPEAT whose body starts with a TICK, kept folded (see the module docs).
    fn feed_folded_repeat(&mut self, count: u64, body: &Circuit, after: &[Operation]) {
        self.close_layer();
        let mut iteration = Layering::new(self.noise, self.used);
        iteration.feed(&body.operations, false);
        let last_layer_continues =
            !iteration.layer.is_empty() && after.first().is_some_and(|op| !is_tick(op));
        iteration.close_layer();
        let noisy_body = iteration.finish();
        let folded = if last_layer_continues {
            count.saturating_sub(1)
        } else {
            count
        };
        match folded {
            0 => {}
            1 if last_layer_continues => self.out.extend(noisy_body),
            _ => self.out.push_repeat(folded, noisy_body),
        }
        if last_layer_continues {
            // The last iteration, written out; its final layer stays open for what follows.
            self.feed(&body.operations, false);
        }
    }

    /// Writes the open layer with its noise.
    fn close_layer(&mut self) {
        let layer = std::mem::take(&mut self.layer);
        let mut touched = BTreeSet::new();
        let mut has_gate = false;
        let mut measures_or_resets = false;
        for instruction in &layer {
            if is_gate(instruction.gate) {
                has_gate = true;
                touched.extend(instruction.qubits());
                measures_or_resets |= is_measure_or_reset(instruction.gate);
            }
            self.push_with_noise(instruction);
        }
        if has_gate {
            let idle: Vec<QubitIndex> = (self.used.iter())
                .filter(|q| !touched.contains(*q))
                .copied()
                .collect();
            let strength = if measures_or_resets {
                self.noise.resonator_idle
            } else {
                self.noise.one_qubit
            };
            if !idle.is_empty() {
                self.out.push_noise(Gate::Depolarize1, strength, &idle);
            }
        }
    }

    /// One instruction with the noise SI1000 puts before and after it.
    fn push_with_noise(&mut self, instruction: &Instruction) {
        let (before, after) = self.noise.channels_around(instruction.gate);
        if let Some((gate, probability)) = before {
            self.push_channel(gate, probability, instruction);
        }
        self.out.push(instruction.clone());
        if let Some((gate, probability)) = after {
            self.push_channel(gate, probability, instruction);
        }
    }

    /// A noise channel on the targets of `instruction`.
    fn push_channel(&mut self, gate: Gate, probability: f64, instruction: &Instruction) {
        let targets: Vec<QubitIndex> = instruction.qubits().collect();
        self.out.push_noise(gate, probability, &targets);
    }

    fn finish(mut self) -> Circuit {
        self.close_layer();
        self.out.finish()
    }
}

fn is_measure_or_reset(gate: Gate) -> bool {
    matches!(gate, Gate::R | Gate::RX | Gate::M | Gate::MX | Gate::MR)
}

/// True when the body's first operation is a TICK, so each iteration begins a new layer.
fn body_starts_layer(body: &Circuit) -> bool {
    body.operations.first().is_some_and(is_tick)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_lines(circuit: &Circuit, gate: Gate, argument: f64) -> usize {
        let mut count = 0;
        circuit.for_each_flat(&mut |instruction| {
            count += usize::from(instruction.gate == gate && instruction.args == [argument]);
        });
        count
    }

    /// Every layer of the flattened circuit, as (gate, targets) of the instructions in it.
    fn flat_layers(circuit: &Circuit) -> Vec<Vec<Instruction>> {
        let mut layers = vec![Vec::new()];
        circuit.for_each_flat(&mut |instruction| {
            if instruction.gate == Gate::Tick {
                layers.push(Vec::new());
            } else {
                layers
                    .last_mut()
                    .expect("starts non-empty")
                    .push(instruction.clone());
            }
        });
        layers
    }

    #[test]
    fn folded_output_flattens_to_the_noisy_flat_circuit() {
        for basis in [Basis::Z, Basis::X] {
            for rounds in [1, 2, 3, 4, 7] {
                let noiseless = generate_rotated_memory(&RotatedMemory {
                    distance: 3,
                    rounds,
                    basis,
                    noise: NoiseParams::default(),
                });
                let folded = add_si1000_noise(&noiseless, 0.002);
                let flat = add_si1000_noise(&noiseless.flattened(), 0.002);
                assert_eq!(
                    flat_layers(&folded),
                    flat_layers(&flat),
                    "basis {basis:?}, r = {rounds}"
                );
            }
        }
    }

    #[test]
    fn last_round_is_written_out_and_data_do_not_idle_at_the_end() {
        let circuit = generate_si1000_memory(3, 5, Basis::Z, 0.001);
        let text = circuit.to_string();
        assert!(text.contains("REPEAT 3 {"), "{text}");
        let last = flat_layers(&circuit).pop().expect("has layers");
        assert!(last.iter().all(|i| i.gate != Gate::Depolarize1));
        assert!(last.iter().any(|i| i.gate == Gate::MR));
        assert!(last.iter().any(|i| i.gate == Gate::M));
        // r = 3: one folded iteration is written out, no REPEAT.
        let three = generate_si1000_memory(3, 3, Basis::Z, 0.001).to_string();
        assert!(!three.contains("REPEAT"), "{three}");
    }

    #[test]
    fn every_round_has_its_channels() {
        let (rounds, p) = (4, 0.01);
        let circuit = generate_si1000_memory(3, rounds, Basis::X, p);
        let noise = Si1000::new(p);
        let rounds = rounds as usize;
        assert_eq!(count_lines(&circuit, Gate::Depolarize2, p), 4 * rounds);
        // Data qubits idle while the measure qubits are measured, in every round but the last.
        let idle = count_lines(&circuit, Gate::Depolarize1, noise.resonator_idle);
        assert_eq!(idle, rounds - 1);
        // MR: X flips before (5p) and after (2p); the final MX: a Z flip before; RX: one after.
        assert_eq!(
            count_lines(&circuit, Gate::XError, noise.measure_flip),
            rounds
        );
        assert_eq!(
            count_lines(&circuit, Gate::XError, noise.reset_flip),
            rounds + 1
        );
        assert_eq!(count_lines(&circuit, Gate::ZError, noise.measure_flip), 1);
        assert_eq!(count_lines(&circuit, Gate::ZError, noise.reset_flip), 1);
    }

    #[test]
    fn zero_p_adds_no_channels() {
        let circuit = generate_si1000_memory(3, 3, Basis::Z, 0.0);
        circuit.for_each_flat(&mut |instruction| assert!(!instruction.gate.is_noise()));
    }
}
