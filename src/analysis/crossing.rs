//! The threshold estimate: where the curves of two adjacent distances of one family cross.
//!
//! 1. The measured range is the p values both curves have. Where the larger distance's rate
//!    goes from below the smaller's to above it (or back) is the crossing region: the split of
//!    the shared p values that agrees best with "one side below, the other above".
//! 2. Each curve gets a straight line on log-log axes ([`LogLine`]) fitted to the (up to)
//!    four shared points around that split; the estimate is where the lines meet, if that is
//!    inside the measured range. Otherwise: "no crossing in the measured range".
//! 3. The interval comes from a parametric bootstrap over the binomial counts: every point of
//!    the window is redrawn as Binomial(shots, errors/shots) and the lines refitted,
//!    [`RESAMPLES`] times, from a seed fixed by the pair (so the CLI and the page print the
//!    same numbers). Tails at sinter's likelihood ratio 1000 (≈ 3.7 σ, two-sided 99.98 %)
//!    would need millions of resamples; instead the spread of log p* is measured where it is
//!    well sampled (its 15.9 % and 84.1 % quantiles, one σ each side for a normal) and the
//!    interval is log p̂ ± z σ with z = √(2 ln 1000), the width sinter's fit gives a normal
//!    estimate. The interval is kept inside the measured range: outside it there are no data.
//!    docs/analysis.md says more.

use super::binomial::binomial;
use super::curves::{Curve, CurvePoint};
use super::local_fit::{LogLine, RatePoint};
use crate::collect::stats::{per_round_rate, MAX_LIKELIHOOD_FACTOR};
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde_json::{Map, Value};

/// Bootstrap resamples per crossing.
pub const RESAMPLES: usize = 2000;
/// The bootstrap's seed, mixed with the pair's identity (see [`pair_seed`]).
pub const BOOTSTRAP_SEED: u64 = 0x005e_ed0f_7e57;
/// Shared points fitted around the crossing: two each side where there are.
const WINDOW_EACH_SIDE: usize = 2;

/// The rate a crossing is computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// Logical error rate per shot.
    Shot,
    /// Per round (sinter's `shot_error_rate_to_piece_error_rate`).
    Round,
}

impl Per {
    /// `"shot"` or `"round"`.
    pub fn name(self) -> &'static str {
        match self {
            Per::Shot => "shot",
            Per::Round => "round",
        }
    }
}

/// An estimate with its interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrossingEstimate {
    /// Where the local fits meet.
    pub p: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
}

/// The crossing of two adjacent distances of one family.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossing {
    /// The family's identity (without d and p), as compact JSON.
    pub family_key: String,
    /// The family's identity as an object.
    pub family: Map<String, Value>,
    /// The two distances, smaller first.
    pub distances: [u32; 2],
    /// Per shot or per round.
    pub per: Per,
    /// The smallest and largest p both curves have.
    pub measured: (f64, f64),
    /// The shared p values fitted around the crossing.
    pub window: (f64, f64),
    /// The estimate, or `None` with `reason`.
    pub estimate: Option<CrossingEstimate>,
    /// Why there is no estimate ("no crossing in the measured range", ...); empty otherwise.
    pub reason: String,
}

/// The rate of one point, per shot or per round.
fn rate_point(point: &CurvePoint, errors: u64, per: Per) -> RatePoint {
    let shot_rate = errors as f64 / point.shots as f64;
    RatePoint {
        p: point.p,
        rate: match per {
            Per::Shot => shot_rate,
            Per::Round => per_round_rate(shot_rate, point.rounds),
        },
        errors,
        shots: point.shots,
    }
}

/// The p values at which each curve has exactly one point (a p held twice is left out:
/// which of the two rows to use would be a guess), with both points.
fn shared_points<'a>(first: &'a Curve, second: &'a Curve) -> Vec<(&'a CurvePoint, &'a CurvePoint)> {
    let single = |curve: &'a Curve, p: f64| {
        let mut at = curve.points.iter().filter(|point| point.p == p);
        match (at.next(), at.next()) {
            (Some(point), None) => Some(point),
            _ => None,
        }
    };
    first
        .points
        .iter()
        .filter_map(|a| Some((single(first, a.p)?, single(second, a.p)?)))
        .collect()
}

/// The index k such that the split before shared point k best separates "larger distance
/// below" from "above" (either way round); `None` when the sign never changes.
fn crossing_split(signs: &[f64]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for split in 1..signs.len() {
        for direction in [1.0, -1.0] {
            let before = signs[..split].iter().filter(|&&s| s * direction < 0.0);
            let after = signs[split..].iter().filter(|&&s| s * direction > 0.0);
            let (before, after) = (before.count(), after.count());
            if before == 0 || after == 0 {
                continue;
            }
            if best.is_none_or(|(score, _)| before + after > score) {
                best = Some((before + after, split));
            }
        }
    }
    best.map(|(_, split)| split)
}

/// log p where the two distances' lines over `window` meet, with `errors` per point.
fn meeting(window: &[(&CurvePoint, &CurvePoint)], errors: &[(u64, u64)], per: Per) -> Option<f64> {
    let first: Vec<RatePoint> = window
        .iter()
        .zip(errors)
        .map(|((a, _), (e, _))| rate_point(a, *e, per))
        .collect();
    let second: Vec<RatePoint> = window
        .iter()
        .zip(errors)
        .map(|((_, b), (_, e))| rate_point(b, *e, per))
        .collect();
    LogLine::fit(&first)?.meets(&LogLine::fit(&second)?)
}

/// A seed of its own for each pair and rate, from the fixed [`BOOTSTRAP_SEED`] (FNV-1a over
/// the family, the distances and per): the same numbers whatever else is in the file.
fn pair_seed(family_key: &str, distances: [u32; 2], per: Per) -> u64 {
    let text = format!(
        "{family_key}|{}|{}|{}",
        distances[0],
        distances[1],
        per.name()
    );
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^ BOOTSTRAP_SEED
}

/// The `q`-quantile of sorted values (linear between neighbours).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let at = q * (sorted.len() - 1) as f64;
    let (below, fraction) = (at.floor() as usize, at - at.floor());
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + fraction * (sorted[above] - sorted[below])
}

/// The bootstrap interval around `log_p` (see the module docs); the whole measured range
/// when more than one resample in six has lines that do not meet.
fn bootstrap_interval(
    window: &[(&CurvePoint, &CurvePoint)],
    per: Per,
    seed: u64,
    log_p: f64,
    measured: (f64, f64),
) -> (f64, f64) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut draws = Vec::with_capacity(RESAMPLES);
    let mut errors = vec![(0, 0); window.len()];
    for _ in 0..RESAMPLES {
        for (slot, (a, b)) in errors.iter_mut().zip(window) {
            let rate = |point: &CurvePoint| point.errors as f64 / point.shots as f64;
            *slot = (
                binomial(&mut rng, a.shots, rate(a)),
                binomial(&mut rng, b.shots, rate(b)),
            );
        }
        if let Some(x) = meeting(window, &errors, per) {
            draws.push(x);
        }
    }
    if draws.len() * 6 < RESAMPLES * 5 {
        return measured;
    }
    draws.sort_by(f64::total_cmp);
    // One normal σ each side: Φ(−1) and Φ(1).
    let sigma = (quantile(&draws, 0.841_344_746) - quantile(&draws, 0.158_655_254)) / 2.0;
    let z = libm::sqrt(2.0 * libm::log(MAX_LIKELIHOOD_FACTOR));
    (
        libm::exp(log_p - z * sigma).max(measured.0),
        libm::exp(log_p + z * sigma).min(measured.1),
    )
}

/// The crossing of `first` and `second` (same family, `first` the smaller distance); `None`
/// when they share fewer than two p values.
pub fn crossing(first: &Curve, second: &Curve, per: Per) -> Option<Crossing> {
    let shared = shared_points(first, second);
    if shared.len() < 2 {
        return None;
    }
    let distances = [first.distance?, second.distance?];
    let measured = (shared[0].0.p, shared[shared.len() - 1].0.p);
    let signs: Vec<f64> = shared
        .iter()
        .map(|(a, b)| {
            let rates = (rate_point(a, a.errors, per), rate_point(b, b.errors, per));
            rates.1.rate - rates.0.rate
        })
        .collect();
    let mut result = Crossing {
        family_key: first.family_key.clone(),
        family: first.family.clone(),
        distances,
        per,
        measured,
        window: measured,
        estimate: None,
        reason: String::new(),
    };
    let Some(split) = crossing_split(&signs) else {
        result.reason = "no crossing in the measured range".into();
        return Some(result);
    };
    let window = &shared
        [split.saturating_sub(WINDOW_EACH_SIDE)..(split + WINDOW_EACH_SIDE).min(shared.len())];
    result.window = (window[0].0.p, window[window.len() - 1].0.p);
    let counts: Vec<(u64, u64)> = window.iter().map(|(a, b)| (a.errors, b.errors)).collect();
    let Some(log_p) = meeting(window, &counts, per) else {
        result.reason = "too few points with errors near the crossing to fit".into();
        return Some(result);
    };
    let p = libm::exp(log_p);
    if !(p >= measured.0 && p <= measured.1) {
        result.reason = "no crossing in the measured range".into();
        return Some(result);
    }
    let seed = pair_seed(&first.family_key, distances, per);
    let (low, high) = bootstrap_interval(window, per, seed, log_p, measured);
    result.estimate = Some(CrossingEstimate { p, low, high });
    Some(result)
}

/// The crossings of adjacent distances in every family of `curves` (as
/// [`super::group_curves`] orders them: by family, then distance).
pub fn crossings(curves: &[Curve], per: Per) -> Vec<Crossing> {
    let with_distance: Vec<&Curve> = curves.iter().filter(|c| c.distance.is_some()).collect();
    with_distance
        .windows(2)
        .filter(|pair| pair[0].family_key == pair[1].family_key)
        .filter(|pair| pair[0].distance != pair[1].distance)
        .filter_map(|pair| crossing(pair[0], pair[1], per))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A curve of rate = scale · p^power at each p, with `shots` shots (errors rounded).
    fn curve(distance: u32, scale: f64, power: f64, ps: &[f64], shots: u64) -> Curve {
        Curve {
            key: format!("d{distance}"),
            family_key: "family".into(),
            family: Map::new(),
            distance: Some(distance),
            legend: String::new(),
            points: ps
                .iter()
                .enumerate()
                .map(|(row, &p)| CurvePoint {
                    row,
                    p,
                    shots,
                    errors: (scale * p.powf(power) * shots as f64).round() as u64,
                    rounds: distance,
                })
                .collect(),
        }
    }

    const PS: [f64; 6] = [0.002, 0.004, 0.006, 0.008, 0.010, 0.012];

    #[test]
    fn power_laws_cross_where_they_are_equal() {
        // 30 p^2 and 3750 p^3 are equal at p = 0.008.
        let small = curve(3, 30.0, 2.0, &PS, 10_000_000);
        let large = curve(5, 3750.0, 3.0, &PS, 10_000_000);
        let found = crossing(&small, &large, Per::Shot).expect("six shared p");
        let estimate = found.estimate.expect("they cross at 0.008");
        assert!((estimate.p - 0.008).abs() < 1e-4, "{estimate:?}");
        assert!(
            estimate.low < estimate.p && estimate.p < estimate.high,
            "{estimate:?}"
        );
        assert!(
            estimate.low > 0.007 && estimate.high < 0.009,
            "{estimate:?}"
        );
        assert_eq!(found.window, (0.004, 0.010));
        // A fixed seed: the same numbers every time.
        assert_eq!(crossing(&small, &large, Per::Shot), Some(found));
    }

    #[test]
    fn fewer_shots_give_a_wider_interval() {
        let width = |shots| {
            let small = curve(3, 30.0, 2.0, &PS, shots);
            let large = curve(5, 3750.0, 3.0, &PS, shots);
            let e = crossing(&small, &large, Per::Shot)
                .and_then(|c| c.estimate)
                .expect("cross");
            e.high / e.low
        };
        assert!(width(100_000) > width(10_000_000));
    }

    #[test]
    fn curves_that_do_not_cross_say_so() {
        let small = curve(3, 30.0, 2.0, &PS, 1_000_000);
        let large = curve(5, 10.0, 2.0, &PS, 1_000_000);
        let found = crossing(&small, &large, Per::Round).expect("six shared p");
        assert_eq!(found.estimate, None);
        assert_eq!(found.reason, "no crossing in the measured range");
    }

    #[test]
    fn split_follows_the_majority() {
        assert_eq!(crossing_split(&[-1.0, -1.0, 1.0, -1.0, 1.0, 1.0]), Some(2));
        assert_eq!(crossing_split(&[1.0, 1.0, 1.0]), None);
        assert_eq!(crossing_split(&[1.0, -1.0]), Some(1));
    }
}
