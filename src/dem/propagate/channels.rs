//! Noise channels as stim's error analysis models them: a channel on one or two qubits has
//! cases built from basis errors (the X and Z parts per qubit); each case gets a probability
//! and is merged into the model as an independent mechanism.
//!
//! - `DEPOLARIZE1(p)`, `DEPOLARIZE2(p)`: every case independent with the same probability
//!   (q1 = (1 − √(1 − 4p/3))/2, q2 = (1 − (1 − 16p/15)^(1/8))/2).
//! - `PAULI_CHANNEL_1(px, py, pz)`: its disjoint probabilities turned into independent X, Y, Z
//!   mechanisms when such exist ([`disjoint_to_independent_xyz`]); otherwise the disjoint
//!   probabilities are used as they are (stim's `approximate_disjoint_errors`, which sinter
//!   turns on).
//! - `PAULI_CHANNEL_2(...)`: always the disjoint probabilities as they are (the same option).
//!
//! Disjoint probabilities of cases that differ only by an invisible case (no symptom) are
//! summed first, which is exact for disjoint cases.

use super::error_classes::ErrorClasses;
use super::targets::TargetCode;
use crate::dem::decompose::channel_keys;
use crate::Result;

/// How the case probabilities of a channel relate.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum CaseProbabilities {
    /// Every case happens independently of the others.
    Independent,
    /// At most one case happens.
    Disjoint,
}

/// Adds the cases (1 ≤ k < 2^s) of a channel whose basis errors are `basis` with the
/// probabilities `probabilities[k]`.
pub(super) fn add_channel(
    classes: &mut ErrorClasses,
    basis: &[&[TargetCode]],
    probabilities: &[f64],
    relation: CaseProbabilities,
    decompose: bool,
) -> Result<()> {
    let keys = channel_keys(basis, decompose)?;
    debug_assert_eq!(keys.len(), probabilities.len());
    if relation == CaseProbabilities::Independent {
        for (key, &p) in keys.iter().zip(probabilities).skip(1) {
            classes.add(p, key);
        }
        return Ok(());
    }
    let mut merged = probabilities.to_vec();
    for invisible in 1..keys.len() {
        if !keys[invisible].is_empty() {
            continue;
        }
        for destination in 0..keys.len() {
            let source = destination ^ invisible;
            if source > destination {
                merged[destination] += merged[source];
                merged[source] = 0.0;
            }
        }
    }
    for (key, &p) in keys.iter().zip(&merged).skip(1) {
        classes.add(p, key);
    }
    Ok(())
}

/// Independent X, Y, Z probabilities equivalent to disjoint ones (x, y, z), as stim finds
/// them: rearranged so that no error is the most likely case, solved in closed form when
/// the pairwise sums are below 1/2, else by up to 50 Newton steps (stim's own steps, so that
/// the same channels are found exact). `None` when no exact solution is found.
pub(super) fn disjoint_to_independent_xyz(x: f64, y: f64, z: f64) -> Option<[f64; 3]> {
    let identity = (1.0 - x - y - z).max(0.0);
    // Multiplying by the most likely Pauli relabels the cases; that mechanism then happens
    // with probability 1 − its value.
    if identity < x {
        let [a, b, c] = disjoint_to_independent_xyz(identity, z, y)?;
        return Some([1.0 - a, b, c]);
    }
    if identity < y {
        let [a, b, c] = disjoint_to_independent_xyz(z, identity, x)?;
        return Some([a, 1.0 - b, c]);
    }
    if identity < z {
        let [a, b, c] = disjoint_to_independent_xyz(y, x, identity)?;
        return Some([a, b, 1.0 - c]);
    }
    if x + z < 0.5 && x + y < 0.5 && y + z < 0.5 {
        let s_xz = libm::sqrt(1.0 - 2.0 * x - 2.0 * z);
        let s_xy = libm::sqrt(1.0 - 2.0 * x - 2.0 * y);
        let s_yz = libm::sqrt(1.0 - 2.0 * y - 2.0 * z);
        let a = 0.5 - 0.5 * s_xz * s_xy / s_yz;
        let b = 0.5 - 0.5 * s_xy * s_yz / s_xz;
        let c = 0.5 - 0.5 * s_xz * s_yz / s_xy;
        if a >= 0.0 && b >= 0.0 && c >= 0.0 {
            return Some([a, b, c]);
        }
    }
    newton_disjoint_to_independent(x, y, z)
}

/// The Newton iteration of [`disjoint_to_independent_xyz`], with stim's step (whose third
/// derivative term uses `ac` where `ab` would be exact; kept so the same channels converge).
fn newton_disjoint_to_independent(x: f64, y: f64, z: f64) -> Option<[f64; 3]> {
    const MAX_STEPS: usize = 50;
    let (mut a, mut b, mut c) = (x, y, z);
    for _ in 0..MAX_STEPS {
        let (ab, ac, bc) = (a * b, a * c, b * c);
        let (a_not, b_not, c_not) = (1.0 - a, 1.0 - b, 1.0 - c);
        let (ab_not, ac_not, bc_not) = (a_not * b_not, a_not * c_not, b_not * c_not);
        let dx = a * bc_not + a_not * bc - x;
        let dy = b * ac_not + b_not * ac - y;
        let dz = c * ab_not + c_not * ab - z;
        if dx.abs() + dy.abs() + dz.abs() < 1e-14 {
            return Some([a, b, c]);
        }
        a = (a - dx / (bc_not - bc)).max(0.0);
        b = (b - dy / (ac_not - ac)).max(0.0);
        c = (c - dz / (ab_not - ac)).max(0.0);
    }
    None
}

/// The 16 case probabilities of `PAULI_CHANNEL_2(pix, piy, piz, pxi, ..., pzz)` on the basis
/// `[X on b, Z on b, X on a, Z on a]` (bit k of a case is basis error k).
pub(super) fn pauli_channel_2_cases(args: &[f64]) -> [f64; 16] {
    // stim's argument order counts the second qubit's Pauli fastest, I X Y Z each.
    let bits_of = |pauli: usize| match pauli {
        1 => 0b01, // X
        2 => 0b11, // Y
        3 => 0b10, // Z
        _ => 0b00,
    };
    let mut cases = [0.0; 16];
    for (k, &p) in args.iter().enumerate().take(15) {
        let index = k + 1;
        let case = bits_of(index & 3) | bits_of(index >> 2) << 2;
        cases[case] = p;
    }
    cases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_channels_convert_and_back() {
        for (x, y, z) in [(0.01, 0.02, 0.03), (0.1, 0.0, 0.0), (0.0, 0.2, 0.0)] {
            let [a, b, c] = disjoint_to_independent_xyz(x, y, z).expect("exact");
            let back_x = a * (1.0 - b) * (1.0 - c) + (1.0 - a) * b * c;
            let back_z = c * (1.0 - a) * (1.0 - b) + (1.0 - c) * a * b;
            assert!((back_x - x).abs() < 1e-12 && (back_z - z).abs() < 1e-12);
        }
        assert!(disjoint_to_independent_xyz(0.1, 0.1, 0.0).is_none());
    }

    #[test]
    fn pauli_channel_2_cases_follow_the_argument_order() {
        let mut args = [0.0; 15];
        args[0] = 0.5; // IX: X on b
        args[14] = 0.25; // ZZ
        let cases = pauli_channel_2_cases(&args);
        assert_eq!(cases[0b0001], 0.5);
        assert_eq!(cases[0b1010], 0.25);
    }
}
