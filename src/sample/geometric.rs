//! How one error mechanism decides, shot by shot, whether it happens.
//!
//! Every rule here is bit-for-bit reproducible on every platform: the only floating-point
//! functions are `libm`'s (never `f64::ln`, whose implementation differs between native and
//! wasm), and every comparison is between exactly representable values. This module draws
//! numbers and reports shots; it never touches detection events.

use crate::ints::BLOCK_SHOTS;
use rand_xoshiro::rand_core::Rng;

/// 2^-53: the spacing of the 53-bit uniform grid.
const INVERSE_TWO_POW_53: f64 = 1.0 / (1u64 << 53) as f64;
/// 2^53.
const TWO_POW_53: f64 = (1u64 << 53) as f64;

/// From this probability on, a mechanism draws once per shot instead of skipping: the
/// geometric gap costs a logarithm per firing, a Bernoulli draw one cheap comparison per shot.
/// Part of the reproducibility contract: changing it changes every stream that uses it.
pub const BERNOULLI_FROM_PROBABILITY: f64 = 0.0625;

/// The drawing rule of one mechanism, fixed when the sampler is built.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FiringRule {
    /// p = 0: never happens, draws nothing.
    Never,
    /// p = 1: happens in every shot, draws nothing.
    Always,
    /// 0 < p < [`BERNOULLI_FROM_PROBABILITY`]: geometric gaps between the shots where it happens.
    Skip {
        /// ln(1 − p) (negative), from `libm::log1p`.
        log_not_firing: f64,
        /// A first draw whose 53 bits are below this gives a gap of at least a whole block
        /// ([`BLOCK_SHOTS`]), so a block needs no logarithm to know the mechanism never happens
        /// in it (the draw is the same; see [`quiet_below`]).
        quiet_below: u64,
    },
    /// [`BERNOULLI_FROM_PROBABILITY`] ≤ p < 1: one draw per shot.
    Bernoulli {
        /// p · 2^53; a shot fires when its 53-bit draw is below it.
        threshold: f64,
    },
}

impl FiringRule {
    /// The rule for probability `probability` (clamped into [0, 1]; NaN counts as 0).
    pub fn for_probability(probability: f64) -> Self {
        if probability.is_nan() || probability <= 0.0 {
            FiringRule::Never
        } else if probability >= 1.0 {
            FiringRule::Always
        } else if probability < BERNOULLI_FROM_PROBABILITY {
            let log_not_firing = libm::log1p(-probability);
            FiringRule::Skip {
                log_not_firing,
                quiet_below: quiet_below(log_not_firing),
            }
        } else {
            FiringRule::Bernoulli {
                threshold: probability * TWO_POW_53,
            }
        }
    }

    /// Calls `fire(shot)` for every shot in `0..num_shots` where the mechanism happens, in
    /// ascending order, drawing from `rng` as the module docs of [`crate::sample::sampler`] say.
    #[inline]
    pub fn for_each_firing<R: Rng>(
        &self,
        rng: &mut R,
        num_shots: usize,
        mut fire: impl FnMut(usize),
    ) {
        match *self {
            FiringRule::Never => {}
            FiringRule::Always => (0..num_shots).for_each(fire),
            FiringRule::Skip {
                log_not_firing,
                quiet_below,
            } => {
                let mut shot = 0usize;
                if num_shots == BLOCK_SHOTS {
                    // The first gap from the first draw, as `geometric_gap` computes it, unless
                    // the draw is so small that the gap is surely a whole block or more.
                    let bits = rng.next_u64() >> 11;
                    if bits < quiet_below {
                        return;
                    }
                    match gap_of_bits(bits, log_not_firing, num_shots) {
                        Some(gap) => {
                            shot = gap;
                            fire(shot);
                            shot += 1;
                        }
                        None => return,
                    }
                }
                while let Some(gap) = geometric_gap(rng, log_not_firing, num_shots - shot) {
                    shot += gap;
                    fire(shot);
                    shot += 1;
                }
            }
            FiringRule::Bernoulli { threshold } => {
                for shot in 0..num_shots {
                    if uniform_53_bits(rng) < threshold {
                        fire(shot);
                    }
                }
            }
        }
    }
}

/// One draw's 53 high bits as an exact f64 integer in [0, 2^53).
#[inline]
fn uniform_53_bits<R: Rng>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64
}

/// One draw as a uniform number in (0, 1], on the 2^-53 grid (never 0, so its log is finite).
#[inline]
pub fn uniform_open_closed<R: Rng>(rng: &mut R) -> f64 {
    (uniform_53_bits(rng) + 1.0) * INVERSE_TWO_POW_53
}

/// Draws one geometric gap ⌊ln u / ln(1 − p)⌋ (failures before the next success) and returns
/// it if it is smaller than `remaining`, else `None` (the mechanism is done for this block).
#[inline]
pub fn geometric_gap<R: Rng>(rng: &mut R, log_not_firing: f64, remaining: usize) -> Option<usize> {
    gap_of_bits(rng.next_u64() >> 11, log_not_firing, remaining)
}

/// [`geometric_gap`] of a draw whose 53 high bits are `bits` (u = (bits + 1) · 2^-53).
#[inline]
fn gap_of_bits(bits: u64, log_not_firing: f64, remaining: usize) -> Option<usize> {
    let u = (bits as f64 + 1.0) * INVERSE_TWO_POW_53;
    let gap = libm::floor(libm::log(u) / log_not_firing);
    // `remaining` ≤ a block's shots, far below 2^53, so the comparison and the cast are exact.
    (gap < remaining as f64).then_some(gap as usize)
}

/// Relative margin below the exact boundary of [`quiet_below`]: far more than the rounding of
/// `exp`, `log` and the division (about 10^-16 relative), far less than any probability.
const QUIET_MARGIN: f64 = 1e-9;

/// The 53-bit draws below which the first gap is at least [`BLOCK_SHOTS`]: u ≤ (1 − p)^n,
/// n = a block, lowered by [`QUIET_MARGIN`] so that every draw below it gives the gap
/// `gap_of_bits` would compute (≥ n) whatever the last bits of `log` (`tests` check the
/// boundary).
fn quiet_below(log_not_firing: f64) -> u64 {
    let boundary = libm::exp(BLOCK_SHOTS as f64 * log_not_firing) * (1.0 - QUIET_MARGIN);
    // bits + 1 ≤ boundary · 2^53 − 1 keeps u = (bits + 1) · 2^-53 below the boundary.
    let below = libm::floor(boundary * TWO_POW_53) - 1.0;
    if below <= 0.0 {
        0
    } else {
        below as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_xoshiro::rand_core::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn count_firings(probability: f64, num_shots: usize) -> usize {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let mut count = 0;
        FiringRule::for_probability(probability)
            .for_each_firing(&mut rng, num_shots, |_| count += 1);
        count
    }

    #[test]
    fn rules_follow_the_probability() {
        assert_eq!(FiringRule::for_probability(0.0), FiringRule::Never);
        assert_eq!(FiringRule::for_probability(f64::NAN), FiringRule::Never);
        assert_eq!(FiringRule::for_probability(1.0), FiringRule::Always);
        assert!(matches!(
            FiringRule::for_probability(0.01),
            FiringRule::Skip { .. }
        ));
        assert!(matches!(
            FiringRule::for_probability(0.7),
            FiringRule::Bernoulli { .. }
        ));
    }

    #[test]
    fn firing_counts_match_the_probability() {
        let num_shots = 200_000;
        for probability in [1e-4, 0.01, 0.05, 0.0625, 0.3, 0.5, 0.9, 0.999] {
            let expected = probability * num_shots as f64;
            let sigma = (expected * (1.0 - probability)).sqrt().max(1.0);
            let count = count_firings(probability, num_shots) as f64;
            assert!(
                (count - expected).abs() < 5.0 * sigma,
                "p = {probability}: {count} firings, expected {expected} ± {sigma}"
            );
        }
        assert_eq!(count_firings(0.0, 1000), 0);
        assert_eq!(count_firings(1.0, 1000), 1000);
    }

    #[test]
    fn quiet_draws_give_a_whole_block_of_gap() {
        for probability in [1e-12, 1e-7, 1e-4, 1e-3, 0.005, 0.02, 0.0624] {
            let FiringRule::Skip {
                log_not_firing,
                quiet_below,
            } = FiringRule::for_probability(probability)
            else {
                panic!("p = {probability} skips");
            };
            // Every draw near the threshold, below it, gives a gap of a whole block or more;
            // just above the exact boundary the gap is shorter.
            for bits in quiet_below.saturating_sub(5000)..quiet_below {
                assert_eq!(
                    gap_of_bits(bits, log_not_firing, BLOCK_SHOTS),
                    None,
                    "p = {probability}"
                );
            }
            let beyond = (quiet_below as f64 * (1.0 + 1e-6)) as u64;
            if beyond < (1u64 << 53) && probability > 1e-6 {
                assert!(
                    gap_of_bits(beyond, log_not_firing, BLOCK_SHOTS).is_some(),
                    "p = {probability}"
                );
            }
        }
    }

    #[test]
    fn the_quiet_shortcut_draws_and_fires_as_the_gaps_do() {
        use rand_xoshiro::rand_core::SeedableRng;
        for probability in [1e-4, 1e-3, 0.004, 0.03] {
            let rule = FiringRule::for_probability(probability);
            let FiringRule::Skip { log_not_firing, .. } = rule else {
                panic!("skips");
            };
            let mut fast = Xoshiro256PlusPlus::seed_from_u64(11);
            let mut slow = Xoshiro256PlusPlus::seed_from_u64(11);
            for _ in 0..2000 {
                let mut fired = Vec::new();
                rule.for_each_firing(&mut fast, BLOCK_SHOTS, |shot| fired.push(shot));
                let mut expected = Vec::new();
                let mut shot = 0;
                while let Some(gap) = geometric_gap(&mut slow, log_not_firing, BLOCK_SHOTS - shot) {
                    shot += gap;
                    expected.push(shot);
                    shot += 1;
                }
                assert_eq!(fired, expected, "p = {probability}");
            }
            assert_eq!(fast.next_u64(), slow.next_u64(), "same draws consumed");
        }
    }

    #[test]
    fn uniform_is_never_zero_and_at_most_one() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        for _ in 0..10_000 {
            let u = uniform_open_closed(&mut rng);
            assert!(u > 0.0 && u <= 1.0);
        }
    }
}
