//! Logical error rates with sinter's definitions: per shot, per round
//! (`shot_error_rate_to_piece_error_rate`), and `fit_binomial` likelihood-ratio intervals.

/// A rate with its likelihood-ratio interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateFit {
    /// Lower end of the interval.
    pub low: f64,
    /// Maximum-likelihood estimate.
    pub best: f64,
    /// Upper end of the interval.
    pub high: f64,
}

/// sinter's default: the interval holds every rate whose likelihood is within this factor of
/// the maximum likelihood (the seed's plots use it).
pub const MAX_LIKELIHOOD_FACTOR: f64 = 1000.0;

/// Log-likelihood of `hits` in `shots` at rate `p`, without the binomial coefficient.
fn log_likelihood(p: f64, shots: u64, hits: u64) -> f64 {
    let misses = shots - hits;
    let mut total = 0.0;
    if hits > 0 {
        if p <= 0.0 {
            return f64::NEG_INFINITY;
        }
        total += hits as f64 * libm::log(p);
    }
    if misses > 0 {
        if p >= 1.0 {
            return f64::NEG_INFINITY;
        }
        total += misses as f64 * libm::log1p(-p);
    }
    total
}

/// Finds where the log-likelihood crosses `target` between `inside` (above target) and
/// `outside` (below target), by bisection.
fn crossing(shots: u64, hits: u64, target: f64, mut inside: f64, mut outside: f64) -> f64 {
    for _ in 0..100 {
        let middle = (inside + outside) / 2.0;
        if log_likelihood(middle, shots, hits) >= target {
            inside = middle;
        } else {
            outside = middle;
        }
    }
    (inside + outside) / 2.0
}

/// sinter's `fit_binomial(num_shots, num_hits, max_likelihood_factor)`.
pub fn fit_binomial(shots: u64, hits: u64, max_likelihood_factor: f64) -> RateFit {
    if shots == 0 {
        return RateFit {
            low: 0.0,
            best: 0.5,
            high: 1.0,
        };
    }
    debug_assert!(hits <= shots && max_likelihood_factor >= 1.0);
    let best = hits as f64 / shots as f64;
    let target = log_likelihood(best, shots, hits) - libm::log(max_likelihood_factor);
    let low = if hits == 0 {
        0.0
    } else {
        crossing(shots, hits, target, best, 0.0)
    };
    let high = if hits == shots {
        1.0
    } else {
        crossing(shots, hits, target, best, 1.0)
    };
    RateFit { low, best, high }
}

/// sinter's `shot_error_rate_to_piece_error_rate(rate, pieces)`: the per-round rate that,
/// compounded over `pieces` rounds, gives the per-shot rate `rate`.
pub fn per_round_rate(shot_rate: f64, pieces: u32) -> f64 {
    if shot_rate > 0.5 {
        return 1.0 - per_round_rate(1.0 - shot_rate, pieces);
    }
    let randomize = 2.0 * shot_rate;
    let round_randomize = 1.0 - libm::pow(1.0 - randomize, 1.0 / pieces as f64);
    round_randomize / 2.0
}

/// Per-shot and per-round rates of one task, with intervals (per-round converted endpoint by
/// endpoint).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaskRates {
    /// Per-shot logical error rate.
    pub per_shot: RateFit,
    /// Per-round logical error rate.
    pub per_round: RateFit,
}

/// The rates of `errors` in `shots` over `rounds` rounds.
pub fn task_rates(shots: u64, errors: u64, rounds: u32) -> TaskRates {
    let per_shot = fit_binomial(shots, errors, MAX_LIKELIHOOD_FACTOR);
    let per_round = RateFit {
        low: per_round_rate(per_shot.low, rounds),
        best: per_round_rate(per_shot.best, rounds),
        high: per_round_rate(per_shot.high, rounds),
    };
    TaskRates {
        per_shot,
        per_round,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_brackets_the_estimate() {
        let fit = fit_binomial(10_000, 100, MAX_LIKELIHOOD_FACTOR);
        assert_eq!(fit.best, 0.01);
        assert!(fit.low < 0.01 && fit.high > 0.01);
        // ln(1000) drop in log-likelihood: about 3.7 standard errors each side.
        let sigma = (0.01f64 * 0.99 / 10_000.0).sqrt();
        assert!((fit.high - 0.01) / sigma > 3.3 && (fit.high - 0.01) / sigma < 4.3);
        assert!((0.01 - fit.low) / sigma > 3.0 && (0.01 - fit.low) / sigma < 4.0);
    }

    #[test]
    fn edge_cases() {
        let none = fit_binomial(1000, 0, MAX_LIKELIHOOD_FACTOR);
        assert_eq!((none.low, none.best), (0.0, 0.0));
        // 1000^(-1/1000) = 1 - high  =>  high ≈ ln(1000)/1000.
        assert!((none.high - 0.006884).abs() < 1e-4, "{}", none.high);
        let all = fit_binomial(10, 10, MAX_LIKELIHOOD_FACTOR);
        assert_eq!(all.high, 1.0);
        assert_eq!(fit_binomial(0, 0, 1000.0).best, 0.5);
    }

    #[test]
    fn per_round_inverts_compounding() {
        let round = 0.01;
        let shot = (1.0 - (1.0f64 - 2.0 * round).powi(5)) / 2.0;
        assert!((per_round_rate(shot, 5) - round).abs() < 1e-12);
        assert_eq!(per_round_rate(0.3, 1), 0.3);
        assert!((per_round_rate(0.7, 3) - (1.0 - per_round_rate(0.3, 3))).abs() < 1e-15);
    }
}
