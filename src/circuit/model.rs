//! The circuit model: a list of instructions and REPEAT blocks, as stim holds it.
//!
//! The gates are those whose error propagation the detector-error-model builder knows (see
//! [`super::gates`] for names and target rules); anything else is refused when text is read.

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
    /// `RY`: reset to |i>.
    RY,
    /// `M`: Z-basis measurement.
    M,
    /// `MX`: X-basis measurement.
    MX,
    /// `MY`: Y-basis measurement.
    MY,
    /// `MR`: Z-basis measurement then reset to |0>.
    MR,
    /// `MRX`: X-basis measurement then reset to |+>.
    MRX,
    /// `MRY`: Y-basis measurement then reset to |i>.
    MRY,
    /// `MPP`: Pauli-product measurements, products of Pauli targets joined by `*`.
    MPP,
    /// A single-qubit Clifford gate (`H`, `S`, `SQRT_X`, `C_XYZ`, ...).
    Clifford1(Clifford1),
    /// A two-qubit Clifford gate (`CX`, `CZ`, `ISWAP`, ...), targets in pairs.
    Clifford2(Clifford2),
    /// `X_ERROR(p)`
    XError,
    /// `Y_ERROR(p)`
    YError,
    /// `Z_ERROR(p)`
    ZError,
    /// `DEPOLARIZE1(p)`
    Depolarize1,
    /// `DEPOLARIZE2(p)`, targets in pairs.
    Depolarize2,
    /// `PAULI_CHANNEL_1(px, py, pz)`
    PauliChannel1,
    /// `PAULI_CHANNEL_2(pix, piy, ..., pzz)`, targets in pairs.
    PauliChannel2,
    /// `E(p) X1 Y2 ...` (`CORRELATED_ERROR`): one error, a Pauli product, with probability p.
    CorrelatedError,
    /// `TICK`
    Tick,
    /// `DETECTOR(coords...) rec[-k]...`
    Detector,
    /// `OBSERVABLE_INCLUDE(k) rec[-k]...`
    ObservableInclude,
    /// `SHIFT_COORDS(dx, dy, dt)`
    ShiftCoords,
}

/// The single-qubit Clifford gates stim names (signs aside, six kinds of action on errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Clifford1 {
    I,
    X,
    Y,
    Z,
    H,
    HXY,
    HYZ,
    HNXY,
    HNXZ,
    HNYZ,
    S,
    SDag,
    SqrtX,
    SqrtXDag,
    SqrtY,
    SqrtYDag,
    CXYZ,
    CZYX,
    CNXYZ,
    CXNYZ,
    CXYNZ,
    CNZYX,
    CZNYX,
    CZYNX,
}

/// The two-qubit Clifford gates (all taking qubit pairs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Clifford2 {
    II,
    CX,
    CY,
    CZ,
    Swap,
    ISwap,
    ISwapDag,
    XCX,
    XCY,
    XCZ,
    YCX,
    YCY,
    YCZ,
}

/// How a single-qubit Clifford moves a Pauli error's X and Z parts (signs do not matter to
/// error propagation, so the 24 Cliffords fall into these six kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauliPermutation {
    /// Leaves X, Y and Z in place (I, X, Y, Z).
    Identity,
    /// Swaps X and Z (H, SQRT_Y, SQRT_Y_DAG, H_NXZ).
    SwapXZ,
    /// Swaps X and Y (S, S_DAG, H_XY, H_NXY).
    SwapXY,
    /// Swaps Y and Z (SQRT_X, SQRT_X_DAG, H_YZ, H_NYZ).
    SwapYZ,
    /// X -> Y -> Z -> X (C_XYZ and its sign variants).
    CycleXYZ,
    /// Z -> Y -> X -> Z (C_ZYX and its sign variants).
    CycleZYX,
}

impl Clifford1 {
    /// The gate's action on errors, signs aside.
    pub fn permutation(self) -> PauliPermutation {
        use Clifford1::*;
        match self {
            I | X | Y | Z => PauliPermutation::Identity,
            H | HNXZ | SqrtY | SqrtYDag => PauliPermutation::SwapXZ,
            S | SDag | HXY | HNXY => PauliPermutation::SwapXY,
            SqrtX | SqrtXDag | HYZ | HNYZ => PauliPermutation::SwapYZ,
            CXYZ | CNXYZ | CXNYZ | CXYNZ => PauliPermutation::CycleXYZ,
            CZYX | CNZYX | CZNYX | CZYNX => PauliPermutation::CycleZYX,
        }
    }
}

/// One Pauli operator of a Pauli target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pauli {
    X,
    Y,
    Z,
}

impl Pauli {
    /// True when the operator has an X part (X or Y).
    pub fn has_x(self) -> bool {
        matches!(self, Pauli::X | Pauli::Y)
    }

    /// True when the operator has a Z part (Z or Y).
    pub fn has_z(self) -> bool {
        matches!(self, Pauli::Z | Pauli::Y)
    }

    /// The letter stim writes.
    pub fn letter(self) -> char {
        match self {
            Pauli::X => 'X',
            Pauli::Y => 'Y',
            Pauli::Z => 'Z',
        }
    }
}

impl Gate {
    /// `H`, the Hadamard gate (a shorthand for the generators, which use it often).
    pub const H: Gate = Gate::Clifford1(Clifford1::H);
    /// `CX`, controlled X with targets in (control, target) pairs.
    pub const CX: Gate = Gate::Clifford2(Clifford2::CX);

    /// stim's (canonical) name of the gate.
    pub fn name(self) -> &'static str {
        super::gates::canonical_name(self)
    }

    /// True for noise channels (their arguments are probabilities).
    pub fn is_noise(self) -> bool {
        matches!(
            self,
            Gate::XError
                | Gate::YError
                | Gate::ZError
                | Gate::Depolarize1
                | Gate::Depolarize2
                | Gate::PauliChannel1
                | Gate::PauliChannel2
                | Gate::CorrelatedError
        )
    }

    /// True for gates that add measurement records (one per target, or per product for MPP).
    pub fn is_measurement(self) -> bool {
        matches!(
            self,
            Gate::M | Gate::MX | Gate::MY | Gate::MR | Gate::MRX | Gate::MRY | Gate::MPP
        )
    }

    /// True for annotations (coordinates, detectors, observables, TICK): no action on qubits.
    pub fn is_annotation(self) -> bool {
        matches!(
            self,
            Gate::QubitCoords
                | Gate::Tick
                | Gate::Detector
                | Gate::ObservableInclude
                | Gate::ShiftCoords
        )
    }
}

/// One target of an instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A qubit.
    Qubit(QubitIndex),
    /// A measurement record looked back from the current position: `Rec(1)` is `rec[-1]`.
    Rec(u32),
    /// `!q`: a qubit whose measurement result is recorded inverted (no effect on detectors,
    /// which compare against the noiseless result).
    InvertedQubit(QubitIndex),
    /// `X q`, `Y q`, `Z q` (written `X5`; `!X5` inverted) in MPP products and `E`.
    Pauli {
        /// The operator.
        pauli: Pauli,
        /// The qubit.
        qubit: QubitIndex,
        /// True for `!`: the product's result is recorded inverted.
        inverted: bool,
    },
    /// `*`: joins the Pauli targets of one MPP product.
    Combiner,
}

impl Target {
    /// The qubit the target acts on, if any.
    pub fn qubit(self) -> Option<QubitIndex> {
        match self {
            Target::Qubit(q) | Target::InvertedQubit(q) | Target::Pauli { qubit: q, .. } => Some(q),
            Target::Rec(_) | Target::Combiner => None,
        }
    }
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
    /// The qubits among its targets, in order (measurement records and `*` left out).
    pub fn qubits(&self) -> impl Iterator<Item = QubitIndex> + '_ {
        self.targets.iter().filter_map(|target| target.qubit())
    }

    /// How many measurement records the instruction adds: one per target of a measurement,
    /// one per product of `MPP`, none for anything else.
    pub fn measurement_count(&self) -> u64 {
        match self.gate {
            Gate::MPP => {
                let paulis = self.targets.len();
                let combiners = self
                    .targets
                    .iter()
                    .filter(|t| **t == Target::Combiner)
                    .count();
                paulis.saturating_sub(2 * combiners) as u64
            }
            gate if gate.is_measurement() => self.targets.len() as u64,
            _ => 0,
        }
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
    /// For a circuit read from text, the 1-based line of each operation (a REPEAT block's is
    /// its header's), so that problems found later can name the line; empty otherwise.
    pub lines: Vec<usize>,
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

    /// Appends an operation read from text at `line`.
    pub fn push_at_line(&mut self, operation: Operation, line: usize) {
        self.operations.push(operation);
        self.lines.push(line);
    }

    /// The text line of operation `index`, when the circuit was read from text.
    pub fn line_of(&self, index: usize) -> Option<usize> {
        self.lines.get(index).copied()
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
            for q in instruction.qubits() {
                max = max.max(q + 1);
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
            count += instruction.measurement_count();
        });
        count
    }
}
