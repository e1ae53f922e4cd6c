//! Circuit -> detector error model by propagating every Pauli error mechanism to the detectors
//! and observables it flips.

use super::DetectorErrorModel;
use crate::circuit::Circuit;
use crate::Result;

/// The decomposed detector error model of a circuit, equivalent to stim's
/// `circuit.detector_error_model(decompose_errors=True)`.
pub fn detector_error_model(circuit: &Circuit) -> Result<DetectorErrorModel> {
    let _ = circuit;
    todo!("dem builder")
}
