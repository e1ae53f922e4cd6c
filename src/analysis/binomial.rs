//! Exact binomial draws for the parametric bootstrap of [`super::crossing`].
//!
//! Small means are drawn by inversion (walking the probability mass function from 0); large
//! ones by Knuth's beta splitting (TAOCP vol. 2, 3.4.1 F): the a-th of n uniforms is
//! Beta(a, n + 1 − a), and the count below p is split at it, so each step halves n and
//! leaves an exact draw. Only `libm` functions are used, so the CLI and the page draw the
//! same numbers from the same seed.

use rand_xoshiro::rand_core::Rng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Below this mean (n · min(p, 1 − p)) inversion is cheaper than splitting.
const INVERSION_BELOW_MEAN: f64 = 16.0;

/// A uniform draw in (0, 1): 53 random bits, never exactly 0.
fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal draw (Box–Muller, one of the pair).
fn normal(rng: &mut Xoshiro256PlusPlus) -> f64 {
    let radius = libm::sqrt(-2.0 * libm::log(uniform(rng)));
    radius * libm::cos(2.0 * std::f64::consts::PI * uniform(rng))
}

/// A Gamma(shape, 1) draw for shape ≥ 1 (Marsaglia and Tsang, 2000).
fn gamma(rng: &mut Xoshiro256PlusPlus, shape: f64) -> f64 {
    debug_assert!(shape >= 1.0);
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    loop {
        let x = normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = uniform(rng);
        if libm::log(u) < 0.5 * x * x + d - d * v + d * libm::log(v) {
            return d * v;
        }
    }
}

/// Binomial(n, p) by inversion; `p` ≤ 1/2 and n·p small.
fn by_inversion(rng: &mut Xoshiro256PlusPlus, n: u64, p: f64) -> u64 {
    let odds = p / (1.0 - p);
    let mut mass = libm::pow(1.0 - p, n as f64);
    let mut below = mass;
    let u = uniform(rng);
    let mut k = 0;
    while u > below && k < n {
        mass *= odds * (n - k) as f64 / (k + 1) as f64;
        k += 1;
        below += mass;
        if mass == 0.0 && (k as f64) > n as f64 * p {
            break;
        }
    }
    k
}

/// A Binomial(n, p) draw.
pub fn binomial(rng: &mut Xoshiro256PlusPlus, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        return n - binomial(rng, n, 1.0 - p);
    }
    let (mut n, mut p, mut count) = (n, p, 0u64);
    while n as f64 * p >= INVERSION_BELOW_MEAN {
        let a = n / 2 + 1;
        let b = n + 1 - a;
        let (x, y) = (gamma(rng, a as f64), gamma(rng, b as f64));
        let split = x / (x + y);
        if split >= p {
            // The a-th uniform is above p: all hits are among the a − 1 below it.
            n = a - 1;
            p /= split;
        } else {
            // a uniforms are at or below p; the rest are uniform on (split, 1).
            count += a;
            n = b - 1;
            p = (p - split) / (1.0 - split);
        }
        if p > 0.5 {
            return count + n - binomial(rng, n, 1.0 - p);
        }
    }
    count + by_inversion(rng, n, p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_xoshiro::rand_core::SeedableRng;

    /// Mean and variance of many draws against n·p and n·p·(1 − p).
    fn check_moments(n: u64, p: f64) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let draws = 20_000;
        let values: Vec<f64> = (0..draws)
            .map(|_| binomial(&mut rng, n, p) as f64)
            .collect();
        let mean = values.iter().sum::<f64>() / draws as f64;
        let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / draws as f64;
        let expected_variance = n as f64 * p * (1.0 - p);
        let standard_error = (expected_variance / draws as f64).sqrt();
        assert!(
            (mean - n as f64 * p).abs() < 5.0 * standard_error,
            "n {n} p {p}: mean {mean}"
        );
        assert!(
            (variance / expected_variance - 1.0).abs() < 0.06,
            "n {n} p {p}: variance {variance} vs {expected_variance}"
        );
    }

    #[test]
    fn moments_match_the_binomial() {
        check_moments(1_000_000, 0.002);
        check_moments(50_000, 0.3);
        check_moments(1000, 0.9);
        check_moments(200, 0.01);
    }

    #[test]
    fn small_mean_frequencies_match_the_mass_function() {
        // Binomial(10, 0.2): P(0) = 0.107374, P(2) = 0.301990.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        let draws = 100_000;
        let mut counts = [0u32; 11];
        for _ in 0..draws {
            counts[binomial(&mut rng, 10, 0.2) as usize] += 1;
        }
        let share = |k: usize| counts[k] as f64 / draws as f64;
        assert!((share(0) - 0.107_374).abs() < 0.005, "{}", share(0));
        assert!((share(2) - 0.301_990).abs() < 0.006, "{}", share(2));
        assert_eq!(binomial(&mut rng, 0, 0.3), 0);
        assert_eq!(binomial(&mut rng, 7, 1.0), 7);
    }
}
