//! The `.stim` reader on arbitrary text: it must return a circuit or an error, never panic.
//! A circuit it accepts must print as text that reads back to a circuit that prints the same
//! (arguments print with stim's few significant digits, so only the printing is stable), and a small
//! one (no REPEAT, few qubits and instructions) must give an error model or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use surfacelab::circuit::parse::parse_circuit;
use surfacelab::circuit::{Circuit, Operation};
use surfacelab::dem::detector_error_model;

/// Small enough to build the error model well within the 10 s per input.
fn is_small(circuit: &Circuit) -> bool {
    circuit.operations.len() <= 64
        && circuit
            .operations
            .iter()
            .all(|operation| matches!(operation, Operation::Instruction(_)))
        && circuit.num_qubits() <= 64
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(circuit) = parse_circuit(text) else {
        return;
    };
    let printed = circuit.to_string();
    let reread = parse_circuit(&printed).expect("printed circuit text reads back");
    assert_eq!(reread.operations.len(), circuit.operations.len());
    assert_eq!(reread.to_string(), printed, "printing is stable");
    if is_small(&circuit) {
        let _ = detector_error_model(&circuit);
    }
});
