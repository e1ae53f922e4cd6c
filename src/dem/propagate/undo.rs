//! The backward walk over a circuit: each instruction undone on the sensitivity tracker, each
//! noise channel met turned into error mechanisms with the symptoms the tracker reads.
//!
//! Instructions are undone in reverse order, and so are their targets, as stim does, so that
//! an instruction acting twice on one qubit (`CX 0 1 1 2`) is undone correctly. Shapes were
//! checked when the circuit was read (or built); what is checked here is what needs the
//! circuit as a whole (a `rec[-k]` looking back too far, a random detector). An error names
//! the text line of the instruction when the circuit was read from text.

use super::channels::{
    add_channel, disjoint_to_independent_xyz, pauli_channel_2_cases, CaseProbabilities,
};
use super::error_classes::ErrorClasses;
use super::targets::TargetCode;
use super::tracker::{xor_in_place, SensitivityTracker};
use super::{depolarize1_component, depolarize2_component, observable_index};
use crate::circuit::{Circuit, Gate, Instruction, Operation, Pauli, Target};
use crate::ints::QubitIndex;
use crate::{Error, Result};

/// The backward walk: tracker state plus the mechanisms found so far.
pub(super) struct BackwardAnalyzer {
    pub(super) tracker: SensitivityTracker,
    pub(super) classes: ErrorClasses,
    pub(super) decompose: bool,
    /// Reused for symptoms assembled from several lists.
    symptom: Vec<TargetCode>,
    scratch: Vec<TargetCode>,
}

impl BackwardAnalyzer {
    pub(super) fn new(tracker: SensitivityTracker, decompose: bool) -> Self {
        BackwardAnalyzer {
            tracker,
            classes: ErrorClasses::default(),
            decompose,
            symptom: Vec::new(),
            scratch: Vec::new(),
        }
    }

    pub(super) fn undo_circuit(&mut self, circuit: &Circuit) -> Result<()> {
        for (index, operation) in circuit.operations.iter().enumerate().rev() {
            let undone = match operation {
                Operation::Instruction(instruction) => self.undo_instruction(instruction),
                Operation::Repeat { count, body } => {
                    (0..*count).try_for_each(|_| self.undo_circuit(body))
                }
            };
            if let Err(error) = undone {
                return Err(at_line(error, circuit.line_of(index)));
            }
        }
        Ok(())
    }

    fn undo_instruction(&mut self, instruction: &Instruction) -> Result<()> {
        let targets = &instruction.targets;
        match instruction.gate {
            Gate::QubitCoords | Gate::Tick | Gate::ShiftCoords => {}
            Gate::Detector => self.tracker.undo_detector(&record_targets(instruction)?)?,
            Gate::ObservableInclude => self.tracker.undo_observable_include(
                observable_index(instruction)?,
                &record_targets(instruction)?,
            )?,
            Gate::R => self.undo_resets(targets, Pauli::Z)?,
            Gate::RX => self.undo_resets(targets, Pauli::X)?,
            Gate::RY => self.undo_resets(targets, Pauli::Y)?,
            Gate::M => self.undo_measurements(instruction, Pauli::Z, false)?,
            Gate::MX => self.undo_measurements(instruction, Pauli::X, false)?,
            Gate::MY => self.undo_measurements(instruction, Pauli::Y, false)?,
            Gate::MR => self.undo_measurements(instruction, Pauli::Z, true)?,
            Gate::MRX => self.undo_measurements(instruction, Pauli::X, true)?,
            Gate::MRY => self.undo_measurements(instruction, Pauli::Y, true)?,
            Gate::MPP => self.undo_products(instruction)?,
            Gate::Clifford1(gate) => {
                let permutation = gate.permutation();
                for target in targets.iter().rev() {
                    self.tracker.undo_clifford1(permutation, qubit_of(target)?);
                }
            }
            Gate::Clifford2(gate) => {
                for pair in targets.chunks_exact(2).rev() {
                    let (a, b) = (qubit_of(&pair[0])?, qubit_of(&pair[1])?);
                    self.tracker.undo_clifford2(gate, a, b);
                }
            }
            Gate::XError | Gate::YError | Gate::ZError => {
                let pauli = match instruction.gate {
                    Gate::XError => Pauli::X,
                    Gate::YError => Pauli::Y,
                    _ => Pauli::Z,
                };
                let p = noise_probability(instruction, 1.0)?;
                for target in targets {
                    self.tracker
                        .flipped_by_into(pauli, qubit_of(target)?, &mut self.symptom);
                    self.classes.add(p, &self.symptom);
                }
            }
            Gate::CorrelatedError => {
                let p = noise_probability(instruction, 1.0)?;
                self.symptom.clear();
                for target in targets {
                    let Target::Pauli { pauli, qubit, .. } = *target else {
                        return Err(shape_error(instruction, "takes Pauli targets"));
                    };
                    self.tracker
                        .flipped_by_into(pauli, qubit, &mut self.scratch);
                    let part = std::mem::take(&mut self.scratch);
                    let mut merged = Vec::new();
                    xor_in_place(&mut self.symptom, &part, &mut merged);
                    self.scratch = part;
                }
                self.classes.add(p, &self.symptom);
            }
            Gate::Depolarize1 => {
                let p = depolarize1_component(noise_probability(instruction, 0.75)?);
                for target in targets {
                    let q = qubit_of(target)?;
                    let t = &self.tracker;
                    let basis = [t.flipped_by_z(q), t.flipped_by_x(q)];
                    add_channel(
                        &mut self.classes,
                        &basis,
                        &[p; 4],
                        CaseProbabilities::Independent,
                        self.decompose,
                    )?;
                }
            }
            Gate::Depolarize2 => {
                let p = depolarize2_component(noise_probability(instruction, 15.0 / 16.0)?);
                for pair in targets.chunks_exact(2) {
                    let (a, b) = (qubit_of(&pair[0])?, qubit_of(&pair[1])?);
                    let t = &self.tracker;
                    let basis = [
                        t.flipped_by_z(a),
                        t.flipped_by_x(a),
                        t.flipped_by_z(b),
                        t.flipped_by_x(b),
                    ];
                    add_channel(
                        &mut self.classes,
                        &basis,
                        &[p; 16],
                        CaseProbabilities::Independent,
                        self.decompose,
                    )?;
                }
            }
            Gate::PauliChannel1 => self.undo_pauli_channel_1(instruction)?,
            Gate::PauliChannel2 => {
                let cases = pauli_channel_2_cases(&probabilities(instruction, 15)?);
                for pair in targets.chunks_exact(2) {
                    let (a, b) = (qubit_of(&pair[0])?, qubit_of(&pair[1])?);
                    let t = &self.tracker;
                    let basis = [
                        t.flipped_by_x(b),
                        t.flipped_by_z(b),
                        t.flipped_by_x(a),
                        t.flipped_by_z(a),
                    ];
                    add_channel(
                        &mut self.classes,
                        &basis,
                        &cases,
                        CaseProbabilities::Disjoint,
                        self.decompose,
                    )?;
                }
            }
        }
        Ok(())
    }

    fn undo_resets(&mut self, targets: &[Target], basis: Pauli) -> Result<()> {
        for target in targets.iter().rev() {
            self.tracker.undo_reset(qubit_of(target)?, basis)?;
        }
        Ok(())
    }

    /// Undoes single-qubit measurements (and the reset after each, for MR...); a probability
    /// argument is a flip of the recorded result.
    fn undo_measurements(
        &mut self,
        instruction: &Instruction,
        basis: Pauli,
        reset: bool,
    ) -> Result<()> {
        let flip = measurement_flip(instruction)?;
        for target in instruction.targets.iter().rev() {
            let q = qubit_of(target)?;
            if reset {
                self.tracker.undo_reset(q, basis)?;
            }
            let readers = self.tracker.pop_record();
            if flip > 0.0 {
                self.classes.add(flip, &readers);
            }
            self.tracker.undo_measurement(q, basis, &readers)?;
        }
        Ok(())
    }

    /// Undoes `MPP`: each product, last first, is one record whose readers become sensitive
    /// to the whole product; a target anticommuting with the product would be random.
    fn undo_products(&mut self, instruction: &Instruction) -> Result<()> {
        let flip = measurement_flip(instruction)?;
        let products = split_products(&instruction.targets);
        for product in products.iter().rev() {
            let readers = self.tracker.pop_record();
            if flip > 0.0 {
                self.classes.add(flip, &readers);
            }
            for &(pauli, qubit) in product {
                self.tracker.multiply_sensitivity(qubit, pauli, &readers);
            }
            // Targets anticommuting with the product: the XOR over its qubits of those that
            // its Pauli on the qubit flips.
            self.symptom.clear();
            for &(pauli, qubit) in product {
                self.tracker
                    .flipped_by_into(pauli, qubit, &mut self.scratch);
                let part = std::mem::take(&mut self.scratch);
                let mut merged = Vec::new();
                xor_in_place(&mut self.symptom, &part, &mut merged);
                self.scratch = part;
            }
            if !self.symptom.is_empty() {
                let qubit = product.first().map(|&(_, q)| q).unwrap_or_default();
                return Err(super::tracker::not_deterministic(
                    &self.symptom,
                    "Pauli product measurement",
                    qubit,
                ));
            }
        }
        Ok(())
    }

    fn undo_pauli_channel_1(&mut self, instruction: &Instruction) -> Result<()> {
        let args = probabilities(instruction, 3)?;
        let (cases, relation) = match disjoint_to_independent_xyz(args[0], args[1], args[2]) {
            Some([x, y, z]) => ([0.0, x, z, y], CaseProbabilities::Independent),
            None => (
                [0.0, args[0], args[2], args[1]],
                CaseProbabilities::Disjoint,
            ),
        };
        for target in &instruction.targets {
            let q = qubit_of(target)?;
            let t = &self.tracker;
            let basis = [t.flipped_by_x(q), t.flipped_by_z(q)];
            add_channel(&mut self.classes, &basis, &cases, relation, self.decompose)?;
        }
        Ok(())
    }
}

/// An error from undoing an operation, with the operation's text line when known.
fn at_line(error: Error, line: Option<usize>) -> Error {
    match (error, line) {
        (Error::Model { reason }, Some(line)) => Error::CircuitParse { line, reason },
        (error, _) => error,
    }
}

/// The products of MPP targets: (Pauli, qubit) lists, `*` joining neighbours.
fn split_products(targets: &[Target]) -> Vec<Vec<(Pauli, QubitIndex)>> {
    let mut products: Vec<Vec<(Pauli, QubitIndex)>> = Vec::new();
    let mut joined = false;
    for target in targets {
        match *target {
            Target::Combiner => joined = true,
            Target::Pauli { pauli, qubit, .. } => {
                match products.last_mut() {
                    Some(product) if joined => product.push((pauli, qubit)),
                    _ => products.push(vec![(pauli, qubit)]),
                }
                joined = false;
            }
            _ => {}
        }
    }
    products
}

fn shape_error(instruction: &Instruction, what: &str) -> Error {
    Error::Model {
        reason: format!("{} {what}", instruction.gate.name()),
    }
}

fn qubit_of(target: &Target) -> Result<QubitIndex> {
    match *target {
        Target::Qubit(q) | Target::InvertedQubit(q) => Ok(q),
        _ => Err(Error::Model {
            reason: format!("expected a qubit target, got '{target}'"),
        }),
    }
}

fn noise_probability(instruction: &Instruction, max: f64) -> Result<f64> {
    match instruction.args.as_slice() {
        [p] if (0.0..=max).contains(p) => Ok(*p),
        args => Err(Error::Model {
            reason: format!(
                "{} needs one probability from 0 to {max}, got {args:?}",
                instruction.gate.name()
            ),
        }),
    }
}

/// A measurement's flip probability (0 without one).
fn measurement_flip(instruction: &Instruction) -> Result<f64> {
    match instruction.args.first() {
        Some(_) => noise_probability(instruction, 1.0),
        None => Ok(0.0),
    }
}

fn probabilities(instruction: &Instruction, count: usize) -> Result<Vec<f64>> {
    let args = &instruction.args;
    if args.len() != count || !args.iter().all(|p| (0.0..=1.0).contains(p)) {
        return Err(shape_error(
            instruction,
            &format!("needs {count} probabilities in [0, 1], got {args:?}"),
        ));
    }
    Ok(args.clone())
}

fn record_targets(instruction: &Instruction) -> Result<Vec<u32>> {
    instruction
        .targets
        .iter()
        .map(|target| match target {
            Target::Rec(k) => Ok(*k),
            _ => Err(shape_error(instruction, "takes rec[-k] targets only")),
        })
        .collect()
}
