//! stim's `surface_code:rotated_memory_z` and `_x`, instruction for instruction.

use super::{Circuit, NoiseParams};

/// Which logical observable the memory protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    /// `rotated_memory_z`
    Z,
    /// `rotated_memory_x`
    X,
}

impl Basis {
    /// `"Z"` or `"X"`, as in CSV metadata.
    pub fn letter(self) -> &'static str {
        match self {
            Basis::Z => "Z",
            Basis::X => "X",
        }
    }
}

/// The parameters of a generated rotated-memory circuit (already validated by `spec`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RotatedMemory {
    /// Code distance, 2 … 101.
    pub distance: u32,
    /// Rounds of stabilizer measurement, ≥ 1.
    pub rounds: u32,
    /// Memory basis.
    pub basis: Basis,
    /// stim's four noise strengths.
    pub noise: NoiseParams,
}

/// Generates the circuit exactly as `stim.Circuit.generated` (stim 1.16) does.
pub fn generate_rotated_memory(memory: &RotatedMemory) -> Circuit {
    let _ = memory;
    todo!("circuit generator")
}
