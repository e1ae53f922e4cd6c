//! Gate names (stim's canonical names and aliases) and what each gate takes: its targets and
//! its parenthesised arguments. The reader ([`super::parse`]) checks lines against this; the
//! writer ([`super::text`]) prints the canonical names.
//!
//! Names stim knows that are not here (MXX, SQRT_XX, SPP, MPAD, CXSWAP, heralded errors,
//! ELSE_CORRELATED_ERROR, ...) are listed in [`KNOWN_UNSUPPORTED`] so that the reader can say
//! "not supported" rather than "unknown".

use super::model::{Clifford1, Clifford2, Gate};

/// Every gate with its canonical name first and then its aliases.
const NAMES: &[(Gate, &[&str])] = &[
    (Gate::QubitCoords, &["QUBIT_COORDS"]),
    (Gate::R, &["R", "RZ"]),
    (Gate::RX, &["RX"]),
    (Gate::RY, &["RY"]),
    (Gate::M, &["M", "MZ"]),
    (Gate::MX, &["MX"]),
    (Gate::MY, &["MY"]),
    (Gate::MR, &["MR", "MRZ"]),
    (Gate::MRX, &["MRX"]),
    (Gate::MRY, &["MRY"]),
    (Gate::MPP, &["MPP"]),
    (Gate::Clifford1(Clifford1::I), &["I"]),
    (Gate::Clifford1(Clifford1::X), &["X"]),
    (Gate::Clifford1(Clifford1::Y), &["Y"]),
    (Gate::Clifford1(Clifford1::Z), &["Z"]),
    (Gate::Clifford1(Clifford1::H), &["H", "H_XZ"]),
    (Gate::Clifford1(Clifford1::HXY), &["H_XY"]),
    (Gate::Clifford1(Clifford1::HYZ), &["H_YZ"]),
    (Gate::Clifford1(Clifford1::HNXY), &["H_NXY"]),
    (Gate::Clifford1(Clifford1::HNXZ), &["H_NXZ"]),
    (Gate::Clifford1(Clifford1::HNYZ), &["H_NYZ"]),
    (Gate::Clifford1(Clifford1::S), &["S", "SQRT_Z"]),
    (Gate::Clifford1(Clifford1::SDag), &["S_DAG", "SQRT_Z_DAG"]),
    (Gate::Clifford1(Clifford1::SqrtX), &["SQRT_X"]),
    (Gate::Clifford1(Clifford1::SqrtXDag), &["SQRT_X_DAG"]),
    (Gate::Clifford1(Clifford1::SqrtY), &["SQRT_Y"]),
    (Gate::Clifford1(Clifford1::SqrtYDag), &["SQRT_Y_DAG"]),
    (Gate::Clifford1(Clifford1::CXYZ), &["C_XYZ"]),
    (Gate::Clifford1(Clifford1::CZYX), &["C_ZYX"]),
    (Gate::Clifford1(Clifford1::CNXYZ), &["C_NXYZ"]),
    (Gate::Clifford1(Clifford1::CXNYZ), &["C_XNYZ"]),
    (Gate::Clifford1(Clifford1::CXYNZ), &["C_XYNZ"]),
    (Gate::Clifford1(Clifford1::CNZYX), &["C_NZYX"]),
    (Gate::Clifford1(Clifford1::CZNYX), &["C_ZNYX"]),
    (Gate::Clifford1(Clifford1::CZYNX), &["C_ZYNX"]),
    (Gate::Clifford2(Clifford2::II), &["II"]),
    (Gate::Clifford2(Clifford2::CX), &["CX", "CNOT", "ZCX"]),
    (Gate::Clifford2(Clifford2::CY), &["CY", "ZCY"]),
    (Gate::Clifford2(Clifford2::CZ), &["CZ", "ZCZ"]),
    (Gate::Clifford2(Clifford2::Swap), &["SWAP"]),
    (Gate::Clifford2(Clifford2::ISwap), &["ISWAP"]),
    (Gate::Clifford2(Clifford2::ISwapDag), &["ISWAP_DAG"]),
    (Gate::Clifford2(Clifford2::XCX), &["XCX"]),
    (Gate::Clifford2(Clifford2::XCY), &["XCY"]),
    (Gate::Clifford2(Clifford2::XCZ), &["XCZ"]),
    (Gate::Clifford2(Clifford2::YCX), &["YCX"]),
    (Gate::Clifford2(Clifford2::YCY), &["YCY"]),
    (Gate::Clifford2(Clifford2::YCZ), &["YCZ"]),
    (Gate::XError, &["X_ERROR"]),
    (Gate::YError, &["Y_ERROR"]),
    (Gate::ZError, &["Z_ERROR"]),
    (Gate::Depolarize1, &["DEPOLARIZE1"]),
    (Gate::Depolarize2, &["DEPOLARIZE2"]),
    (Gate::PauliChannel1, &["PAULI_CHANNEL_1"]),
    (Gate::PauliChannel2, &["PAULI_CHANNEL_2"]),
    (Gate::CorrelatedError, &["E", "CORRELATED_ERROR"]),
    (Gate::Tick, &["TICK"]),
    (Gate::Detector, &["DETECTOR"]),
    (Gate::ObservableInclude, &["OBSERVABLE_INCLUDE"]),
    (Gate::ShiftCoords, &["SHIFT_COORDS"]),
];

/// stim 1.16 instructions this reader does not support, for a clearer refusal.
pub const KNOWN_UNSUPPORTED: &[&str] = &[
    "CXSWAP",
    "SWAPCX",
    "CZSWAP",
    "SWAPCZ",
    "ELSE_CORRELATED_ERROR",
    "HERALDED_ERASE",
    "HERALDED_PAULI_CHANNEL_1",
    "I_ERROR",
    "II_ERROR",
    "MPAD",
    "MXX",
    "MYY",
    "MZZ",
    "SPP",
    "SPP_DAG",
    "SQRT_XX",
    "SQRT_XX_DAG",
    "SQRT_YY",
    "SQRT_YY_DAG",
    "SQRT_ZZ",
    "SQRT_ZZ_DAG",
];

/// The canonical (printed) name of a gate.
pub fn canonical_name(gate: Gate) -> &'static str {
    NAMES
        .iter()
        .find(|(g, _)| *g == gate)
        .map(|(_, names)| names[0])
        .expect("every gate has an entry in NAMES")
}

/// The gate a name (canonical or alias, any case) stands for.
pub fn gate_from_name(name: &str) -> Option<Gate> {
    NAMES
        .iter()
        .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(name)))
        .map(|(gate, _)| *gate)
}

/// True for a stim instruction name that this reader refuses on purpose.
pub fn is_known_unsupported(name: &str) -> bool {
    KNOWN_UNSUPPORTED
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// What kind of targets a gate takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// Qubits.
    Qubits,
    /// Qubits, optionally `!`-inverted (measurements).
    MeasuredQubits,
    /// Qubits in pairs of two different qubits.
    QubitPairs,
    /// Pauli targets joined into products by `*` (MPP).
    PauliProducts,
    /// Pauli targets on different qubits (E).
    Paulis,
    /// `rec[-k]` only.
    Records,
    /// None.
    Nothing,
}

/// What parenthesised arguments a gate takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgumentKind {
    /// None.
    Nothing,
    /// Exactly this many probabilities, each in [0, 1], summing to at most 1 when more than one.
    Probabilities(usize),
    /// At most one probability in [0, 1] (a measurement's flip probability).
    OptionalProbability,
    /// One integer observable index.
    ObservableIndex,
    /// Any number of finite numbers (coordinates).
    Coordinates,
}

/// The targets a gate takes.
pub fn target_kind(gate: Gate) -> TargetKind {
    match gate {
        Gate::Clifford2(_) | Gate::Depolarize2 | Gate::PauliChannel2 => TargetKind::QubitPairs,
        Gate::M | Gate::MX | Gate::MY | Gate::MR | Gate::MRX | Gate::MRY => {
            TargetKind::MeasuredQubits
        }
        Gate::MPP => TargetKind::PauliProducts,
        Gate::CorrelatedError => TargetKind::Paulis,
        Gate::Detector | Gate::ObservableInclude => TargetKind::Records,
        Gate::Tick | Gate::ShiftCoords => TargetKind::Nothing,
        Gate::QubitCoords
        | Gate::R
        | Gate::RX
        | Gate::RY
        | Gate::Clifford1(_)
        | Gate::XError
        | Gate::YError
        | Gate::ZError
        | Gate::Depolarize1
        | Gate::PauliChannel1 => TargetKind::Qubits,
    }
}

/// The arguments a gate takes.
pub fn argument_kind(gate: Gate) -> ArgumentKind {
    match gate {
        Gate::XError
        | Gate::YError
        | Gate::ZError
        | Gate::Depolarize1
        | Gate::Depolarize2
        | Gate::CorrelatedError => ArgumentKind::Probabilities(1),
        Gate::PauliChannel1 => ArgumentKind::Probabilities(3),
        Gate::PauliChannel2 => ArgumentKind::Probabilities(15),
        Gate::M | Gate::MX | Gate::MY | Gate::MR | Gate::MRX | Gate::MRY | Gate::MPP => {
            ArgumentKind::OptionalProbability
        }
        Gate::ObservableInclude => ArgumentKind::ObservableIndex,
        Gate::QubitCoords | Gate::Detector | Gate::ShiftCoords => ArgumentKind::Coordinates,
        Gate::R | Gate::RX | Gate::RY | Gate::Clifford1(_) | Gate::Clifford2(_) | Gate::Tick => {
            ArgumentKind::Nothing
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_to_its_gate() {
        for (gate, names) in NAMES {
            assert_eq!(canonical_name(*gate), names[0]);
            for name in *names {
                assert_eq!(gate_from_name(name), Some(*gate), "{name}");
                assert_eq!(gate_from_name(&name.to_lowercase()), Some(*gate), "{name}");
                assert!(!is_known_unsupported(name), "{name}");
            }
        }
        assert_eq!(gate_from_name("MXX"), None);
        assert!(is_known_unsupported("mxx"));
    }
}
