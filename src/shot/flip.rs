//! Hand-made errors (`--flip qubit:round`, a click in the viewer) and what they flip.
//!
//! On a data qubit: the Pauli that flips the memory's observable (X in a Z-basis memory, Z in
//! an X-basis one) at the start of round t, before the round's first gate, where stim puts
//! `before_round_data_depolarization`. On a measure qubit: a flipped result of its
//! measurement in round t. The symptom is computed by the core's own propagation: the error is
//! inserted into the noiseless circuit of the same memory, whose error model then has exactly
//! this one error.

use crate::circuit::{Basis, Circuit, Gate, Instruction};
use crate::dem::propagate::undecomposed_detector_error_model;
use crate::dem::Symptom;
use crate::ints::QubitIndex;
use crate::{Error, Result};
use std::collections::HashMap;

/// One hand-made error: a qubit and a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HandError {
    /// stim's qubit index.
    pub qubit: QubitIndex,
    /// Round t = 0 … r − 1.
    pub round: u32,
}

const FLIP_GRAMMAR: &str = "qubit:round with two integers (a stim qubit index and a round t)";

impl HandError {
    /// Parses `qubit:round` (ranges are checked against the memory by [`HandErrors::symptom`]).
    pub fn parse(text: &str) -> Result<HandError> {
        let invalid = || Error::parameter("flip", text.trim(), FLIP_GRAMMAR);
        let (qubit, round) = text.trim().split_once(':').ok_or_else(invalid)?;
        let integer = |part: &str| {
            let part = part.trim();
            (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u32>().ok())
                .flatten()
        };
        Ok(HandError {
            qubit: integer(qubit).ok_or_else(invalid)?,
            round: integer(round).ok_or_else(invalid)?,
        })
    }
}

/// Where each round starts and where each measure qubit is measured, in the flat noiseless
/// circuit, with the symptoms computed so far.
pub struct HandErrors {
    flat: Vec<Instruction>,
    basis: Basis,
    rounds: u32,
    /// Instruction index before which round t's data errors go.
    round_starts: Vec<usize>,
    /// For each measure qubit, the index of its measurement instruction in each round.
    measurements: HashMap<QubitIndex, Vec<usize>>,
    /// Data qubits (measured once, at the end).
    data: Vec<QubitIndex>,
    cache: HashMap<HandError, Symptom>,
}

impl HandErrors {
    /// Reads the noiseless circuit of a memory of `rounds` rounds in `basis`.
    pub fn new(noiseless: &Circuit, basis: Basis, rounds: u32) -> HandErrors {
        let flat: Vec<Instruction> = noiseless
            .flattened()
            .operations
            .into_iter()
            .filter_map(|operation| match operation {
                crate::circuit::Operation::Instruction(instruction) => Some(instruction),
                crate::circuit::Operation::Repeat { .. } => None,
            })
            .collect();
        let mut round_starts = Vec::new();
        let mut measurements: HashMap<QubitIndex, Vec<usize>> = HashMap::new();
        let mut data = Vec::new();
        // A round starts after the TICK that follows the reset (round 0) or the previous
        // round's measure-and-reset.
        let mut awaiting_start = true;
        for (index, instruction) in flat.iter().enumerate() {
            match instruction.gate {
                Gate::Tick if awaiting_start => {
                    round_starts.push(index + 1);
                    awaiting_start = false;
                }
                Gate::MR => {
                    for q in instruction.qubits() {
                        measurements.entry(q).or_default().push(index);
                    }
                    awaiting_start = true;
                }
                Gate::M | Gate::MX => data.extend(instruction.qubits()),
                _ => {}
            }
        }
        round_starts.truncate(rounds as usize);
        data.sort_unstable();
        HandErrors {
            flat,
            basis,
            rounds,
            round_starts,
            measurements,
            data,
            cache: HashMap::new(),
        }
    }

    /// The detectors and observables `error` flips; an error message naming the flip and the
    /// allowed qubits and rounds when it is not a data or measure qubit of this memory or
    /// its round is not 0 … r − 1.
    pub fn symptom(&mut self, error: HandError) -> Result<Symptom> {
        if let Some(symptom) = self.cache.get(&error) {
            return Ok(symptom.clone());
        }
        let text = format!("{}:{}", error.qubit, error.round);
        if error.round >= self.rounds {
            return Err(Error::parameter(
                "flip",
                text,
                &format!(
                    "qubit:round with a round from 0 to r - 1 = {}",
                    self.rounds - 1
                ),
            ));
        }
        let (position, inserted) = if self.data.binary_search(&error.qubit).is_ok() {
            let gate = match self.basis {
                Basis::Z => Gate::XError,
                Basis::X => Gate::ZError,
            };
            (self.round_starts.get(error.round as usize).copied(), gate)
        } else if let Some(rounds) = self.measurements.get(&error.qubit) {
            (rounds.get(error.round as usize).copied(), Gate::XError)
        } else {
            return Err(Error::parameter(
                "flip",
                text,
                "qubit:round with a data or measure qubit of the circuit (a stim qubit index from its QUBIT_COORDS)",
            ));
        };
        let position = position.ok_or_else(|| Error::Model {
            reason: format!(
                "the circuit has no round {} for the flip {text}",
                error.round
            ),
        })?;
        let mut circuit = Circuit::new();
        for (index, instruction) in self.flat.iter().enumerate() {
            if index == position {
                circuit.push(Instruction::on_qubits(inserted, vec![0.25], &[error.qubit]));
            }
            circuit.push(instruction.clone());
        }
        let model = undecomposed_detector_error_model(&circuit)?;
        let symptom = model
            .errors
            .first()
            .map(|error| error.symptom())
            .unwrap_or_default();
        self.cache.insert(error, symptom.clone());
        Ok(symptom)
    }
}
