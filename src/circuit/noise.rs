//! stim's four noise parameters of the generated surface-code circuits.

/// The strengths of stim's four noise channels in `stim.Circuit.generated`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct NoiseParams {
    /// DEPOLARIZE1/DEPOLARIZE2 after every Clifford gate (H, CX).
    pub after_clifford_depolarization: f64,
    /// X_ERROR (Z_ERROR after RX) after every reset.
    pub after_reset_flip_probability: f64,
    /// X_ERROR (Z_ERROR before MX) before every measurement.
    pub before_measure_flip_probability: f64,
    /// DEPOLARIZE1 on every data qubit at the start of every round.
    pub before_round_data_depolarization: f64,
}

impl NoiseParams {
    /// All four parameters equal to `p`.
    pub fn uniform(p: f64) -> Self {
        NoiseParams {
            after_clifford_depolarization: p,
            after_reset_flip_probability: p,
            before_measure_flip_probability: p,
            before_round_data_depolarization: p,
        }
    }

    /// True when all four are equal (metadata then carries a single `p`).
    pub fn is_uniform(&self) -> bool {
        let p = self.after_clifford_depolarization;
        self.after_reset_flip_probability == p
            && self.before_measure_flip_probability == p
            && self.before_round_data_depolarization == p
    }
}
