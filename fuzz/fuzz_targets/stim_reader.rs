//! The `.stim` reader on arbitrary text: it must return a circuit or an error, never panic.
//! A circuit it accepts must print as text that reads back, and printing must be stable from the
//! second print on (arguments print with stim's 6 significant digits), and a small
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
    // Like stim, the first print may round an argument to an integer (-77777777.78 prints as
    // -7.77778e+07, which reads back as -77777800 and prints so): stable from the second on.
    let reprinted = reread.to_string();
    let third = parse_circuit(&reprinted).expect("reprinted circuit text reads back");
    assert_eq!(
        third.to_string(),
        reprinted,
        "printing is stable from the second print"
    );
    if is_small(&circuit) {
        let _ = detector_error_model(&circuit);
    }
});
