//! stim circuit text, byte-identical to stim's `str(circuit)`.

use super::Circuit;
use std::fmt;

impl fmt::Display for Circuit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let _ = f;
        todo!("stim text writer")
    }
}
