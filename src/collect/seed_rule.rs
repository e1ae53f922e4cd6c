//! The seed's stopping rule (`reference/seed_system.md`): per task, from its p and rounds r,
//! max_errors = min(100000, max(1000, 1000·p/0.001)) and
//! max_shots = max(10^6, 10^8·(0.001/p)·r^(−1/2)).

use crate::spec::MAX_COUNT;

/// max_shots and max_errors of one task under the seed's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedLimits {
    /// Shots at most.
    pub max_shots: u64,
    /// Errors at most.
    pub max_errors: u64,
}

/// The seed's limits for noise strength `p` and `rounds` rounds. p = 0 gives the largest
/// allowed max_shots (the seed's formula divides by p).
pub fn seed_limits(p: f64, rounds: u32) -> SeedLimits {
    // 1000·p/0.001 = p·10^6, rounded so that 0.003 gives 3000 and not 2999.999….
    let max_errors = libm::round(p * 1e6).clamp(1000.0, 100_000.0) as u64;
    let shots = if p > 0.0 {
        libm::floor(1e5 / (p * libm::sqrt(rounds.max(1) as f64)))
    } else {
        MAX_COUNT as f64
    };
    let max_shots = shots.clamp(1e6, MAX_COUNT as f64) as u64;
    SeedLimits {
        max_shots,
        max_errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_seed_formulas() {
        assert_eq!(
            seed_limits(0.001, 3),
            SeedLimits {
                max_shots: 57_735_026,
                max_errors: 1000
            }
        );
        assert_eq!(seed_limits(0.003, 3).max_errors, 3000);
        assert_eq!(seed_limits(0.01, 3).max_errors, 10_000);
        assert_eq!(seed_limits(0.2, 3).max_errors, 100_000);
        // 10^8 · 0.1 / sqrt(10^4) = 10^5, below the floor of 10^6.
        assert_eq!(seed_limits(0.01, 10_000).max_shots, 1_000_000);
        assert_eq!(seed_limits(0.0, 3).max_shots, MAX_COUNT);
    }
}
