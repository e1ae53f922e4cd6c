//! The code families SurfaceLab generates, each byte-identical to `stim.Circuit.generated`
//! (stim 1.16): `surface_code:rotated_memory_{z,x}`, `surface_code:unrotated_memory_{z,x}` and
//! `repetition_code:memory` (Z basis only).

use super::repetition_memory::generate_repetition_memory;
use super::rotated_memory::{generate_rotated_memory, generate_unrotated_memory, MemoryParams};
use super::si1000::add_si1000_noise;
use super::{Basis, Circuit, NoiseParams};

/// A code family: the layout a memory experiment is generated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CodeFamily {
    /// stim's `surface_code:rotated_memory_*` (the default).
    #[default]
    Rotated,
    /// stim's `surface_code:unrotated_memory_*`.
    Unrotated,
    /// stim's `repetition_code:memory`.
    Repetition,
}

impl CodeFamily {
    /// Every family, in the order the page and the help list them.
    pub const ALL: [CodeFamily; 3] = [
        CodeFamily::Rotated,
        CodeFamily::Unrotated,
        CodeFamily::Repetition,
    ];

    /// The name on the command line, in the URL and in CSV metadata.
    pub fn name(self) -> &'static str {
        match self {
            CodeFamily::Rotated => "rotated",
            CodeFamily::Unrotated => "unrotated",
            CodeFamily::Repetition => "repetition",
        }
    }

    /// The family by its name.
    pub fn from_name(name: &str) -> Option<CodeFamily> {
        CodeFamily::ALL.into_iter().find(|code| code.name() == name)
    }

    /// The bases it has a memory experiment in (the repetition code protects Z only).
    pub fn bases(self) -> &'static [Basis] {
        match self {
            CodeFamily::Rotated | CodeFamily::Unrotated => &[Basis::Z, Basis::X],
            CodeFamily::Repetition => &[Basis::Z],
        }
    }

    /// stim's name of the generated circuit in `basis`.
    pub fn stim_name(self, basis: Basis) -> &'static str {
        match (self, basis) {
            (CodeFamily::Rotated, Basis::Z) => "surface_code:rotated_memory_z",
            (CodeFamily::Rotated, Basis::X) => "surface_code:rotated_memory_x",
            (CodeFamily::Unrotated, Basis::Z) => "surface_code:unrotated_memory_z",
            (CodeFamily::Unrotated, Basis::X) => "surface_code:unrotated_memory_x",
            (CodeFamily::Repetition, _) => "repetition_code:memory",
        }
    }

    /// Detectors per bulk round (one per measure qubit): d² − 1, 2d(d − 1), d − 1.
    pub fn checks(self, distance: u32) -> u64 {
        let d = u64::from(distance);
        match self {
            CodeFamily::Rotated => d * d - 1,
            CodeFamily::Unrotated => 2 * d * (d - 1),
            CodeFamily::Repetition => d - 1,
        }
    }
}

/// Generates the family's memory circuit exactly as `stim.Circuit.generated` does.
pub fn generate_memory(code: CodeFamily, memory: &MemoryParams) -> Circuit {
    match code {
        CodeFamily::Rotated => generate_rotated_memory(memory),
        CodeFamily::Unrotated => generate_unrotated_memory(memory),
        CodeFamily::Repetition => generate_repetition_memory(memory),
    }
}

/// The family's memory with SI1000 noise of parameter `p`: stim's noiseless circuit made noisy
/// layer by layer ([`super::si1000`]). Its rules cover every gate the three families use (R,
/// RX, M, MX, MR, H, CX), so it is defined for each of them.
pub fn generate_si1000_family_memory(
    code: CodeFamily,
    distance: u32,
    rounds: u32,
    basis: Basis,
    p: f64,
) -> Circuit {
    let noiseless = generate_memory(
        code,
        &MemoryParams {
            distance,
            rounds,
            basis,
            noise: NoiseParams::default(),
        },
    );
    add_si1000_noise(&noiseless, p)
}
