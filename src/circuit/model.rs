//! The circuit model: a list of instructions and REPEAT blocks, as stim holds it.
//!
//! Only the gates the rotated-memory circuits (stim's and SI1000) need are modelled.

use crate::ints::QubitIndex;

/// A stim gate or annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gate {
    /// `QUBIT_COORDS(x, y) q`
    QubitCoords,
    /// `R`: reset to |0>.
    R,
    /// `RX`: reset to |+>.
    RX,
    /// `M`: Z-basis measurement.
    M,
    /// `MX`: X-basis measurement.
    MX,
    /// `MR`: Z-basis measurement then reset to |0>.
    MR,
    /// `H`: Hadamard.
    H,
    /// `CX`: controlled X, targets in (control, target) pairs.
    CX,
    /// `X_ERROR(p)`
    XError,
    /// `Z_ERROR(p)`
    ZError,
    /// `DEPOLARIZE1(p)`
    Depolarize1,
    /// `DEPOLARIZE2(p)`, targets in pairs.
    Depolarize2,
    /// `TICK`
    Tick,
    /// `DETECTOR(coords...) rec[-k]...`
    Detector,
    /// `OBSERVABLE_INCLUDE(k) rec[-k]...`
    ObservableInclude,
    /// `SHIFT_COORDS(dx, dy, dt)`
    ShiftCoords,
}

impl Gate {
    /// stim's name of the gate.
    pub fn name(self) -> &'static str {
        match self {
            Gate::QubitCoords => "QUBIT_COORDS",
            Gate::R => "R",
            Gate::RX => "RX",
            Gate::M => "M",
            Gate::MX => "MX",
            Gate::MR => "MR",
            Gate::H => "H",
            Gate::CX => "CX",
            Gate::XError => "X_ERROR",
            Gate::ZError => "Z_ERROR",
            Gate::Depolarize1 => "DEPOLARIZE1",
            Gate::Depolarize2 => "DEPOLARIZE2",
            Gate::Tick => "TICK",
            Gate::Detector => "DETECTOR",
            Gate::ObservableInclude => "OBSERVABLE_INCLUDE",
            Gate::ShiftCoords => "SHIFT_COORDS",
        }
    }

    /// True for noise channels (their argument is a probability).
    pub fn is_noise(self) -> bool {
        matches!(
            self,
            Gate::XError | Gate::ZError | Gate::Depolarize1 | Gate::Depolarize2
        )
    }

    /// True for gates that add measurement records (one per target).
    pub fn is_measurement(self) -> bool {
        matches!(self, Gate::M | Gate::MX | Gate::MR)
    }
}

/// One target of an instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A qubit.
    Qubit(QubitIndex),
    /// A measurement record looked back from the current position: `Rec(1)` is `rec[-1]`.
    Rec(u32),
}

/// One instruction: a gate, its parenthesised arguments, and its targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Instruction {
    /// The gate or annotation.
    pub gate: Gate,
    /// Arguments in parentheses (probabilities, coordinates, observable index).
    pub args: Vec<f64>,
    /// Targets in order.
    pub targets: Vec<Target>,
}

impl Instruction {
    /// The qubits among its targets, in order (measurement records left out).
    pub fn qubits(&self) -> impl Iterator<Item = QubitIndex> + '_ {
        self.targets.iter().filter_map(|target| match target {
            Target::Qubit(q) => Some(*q),
            Target::Rec(_) => None,
        })
    }

    /// An instruction from its parts.
    pub fn new(gate: Gate, args: Vec<f64>, targets: Vec<Target>) -> Self {
        Instruction {
            gate,
            args,
            targets,
        }
    }

    /// A gate on qubits.
    pub fn on_qubits(gate: Gate, args: Vec<f64>, qubits: &[QubitIndex]) -> Self {
        Instruction::new(
            gate,
            args,
            qubits.iter().map(|&q| Target::Qubit(q)).collect(),
        )
    }
}

/// One element of a circuit: an instruction or a repeated block.
#[derive(Debug, Clone, PartialEq)]
pub enum Operation {
    /// A single instruction.
    Instruction(Instruction),
    /// `REPEAT count { body }`.
    Repeat {
        /// How many times the body runs (≥ 1).
        count: u64,
        /// The repeated circuit.
        body: Circuit,
    },
}

/// A circuit: operations in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Circuit {
    /// The operations, top to bottom.
    pub operations: Vec<Operation>,
}

impl Circuit {
    /// An empty circuit.
    pub fn new() -> Self {
        Circuit::default()
    }

    /// Appends an instruction.
    pub fn push(&mut self, instruction: Instruction) {
        self.operations.push(Operation::Instruction(instruction));
    }

    /// Appends a REPEAT block.
    pub fn push_repeat(&mut self, count: u64, body: Circuit) {
        self.operations.push(Operation::Repeat { count, body });
    }

    /// Calls `visit` on every instruction in execution order, REPEAT blocks unrolled.
    pub fn for_each_flat(&self, visit: &mut impl FnMut(&Instruction)) {
        for operation in &self.operations {
            match operation {
                Operation::Instruction(instruction) => visit(instruction),
                Operation::Repeat { count, body } => {
                    for _ in 0..*count {
                        body.for_each_flat(visit);
                    }
                }
            }
        }
    }

    /// The circuit with every REPEAT block written out.
    pub fn flattened(&self) -> Circuit {
        let mut flat = Circuit::new();
        self.for_each_flat(&mut |instruction| flat.push(instruction.clone()));
        flat
    }

    /// Largest qubit index + 1 (stim's `num_qubits`).
    pub fn num_qubits(&self) -> u32 {
        let mut max = 0;
        self.for_each_flat(&mut |instruction| {
            if instruction.gate == Gate::QubitCoords || instruction.gate == Gate::Detector {
                // coordinates only
            }
            for target in &instruction.targets {
                if let Target::Qubit(q) = target {
                    max = max.max(q + 1);
                }
            }
        });
        max
    }

    /// Number of `DETECTOR` instructions executed.
    pub fn num_detectors(&self) -> u64 {
        let mut count = 0;
        self.for_each_flat(&mut |instruction| {
            if instruction.gate == Gate::Detector {
                count += 1;
            }
        });
        count
    }

    /// Number of measurement records produced.
    pub fn num_measurements(&self) -> u64 {
        let mut count = 0;
        self.for_each_flat(&mut |instruction| {
            if instruction.gate.is_measurement() {
                count += instruction.targets.len() as u64;
            }
        });
        count
    }
}
