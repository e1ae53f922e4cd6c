//! A straight line through one distance's rates on log-log axes, near the crossing.
//!
//! Each point is weighted by the inverse of its log-rate's binomial variance,
//! (1 − rate) / errors, so a point with few errors pulls the line little and a point with
//! none is left out (its logarithm is −∞). The per-round rate is close to the per-shot rate
//! divided by r at the rates where curves cross, so the same weights serve it.

/// One point to fit: its p, its rate and the errors behind the rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatePoint {
    /// Physical error rate (> 0).
    pub p: f64,
    /// Logical error rate, per shot or per round.
    pub rate: f64,
    /// Errors counted.
    pub errors: u64,
    /// Shots taken.
    pub shots: u64,
}

/// True for a positive number (false for NaN).
fn positive(x: f64) -> bool {
    x > 0.0
}

/// log(rate) = intercept + slope · log(p).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogLine {
    /// The line's value at log(p) = 0.
    pub intercept: f64,
    /// The exponent: rate ∝ p^slope.
    pub slope: f64,
}

impl LogLine {
    /// Weighted least squares over the points with errors; `None` with fewer than two
    /// such points at distinct p.
    pub fn fit(points: &[RatePoint]) -> Option<LogLine> {
        let mut weighted = Vec::with_capacity(points.len());
        for point in points {
            if point.errors == 0 || !positive(point.rate) || !positive(point.p) {
                continue;
            }
            let misses = point.shots.saturating_sub(point.errors).max(1) as f64;
            // errors / (1 − errors/shots), written to stay finite when every shot failed.
            let weight = point.errors as f64 * point.shots as f64 / misses;
            weighted.push((libm::log(point.p), libm::log(point.rate), weight));
        }
        let total: f64 = weighted.iter().map(|(_, _, w)| w).sum();
        if weighted.len() < 2 || total <= 0.0 {
            return None;
        }
        let mean_x = weighted.iter().map(|(x, _, w)| w * x).sum::<f64>() / total;
        let mean_y = weighted.iter().map(|(_, y, w)| w * y).sum::<f64>() / total;
        let (mut sxx, mut sxy) = (0.0, 0.0);
        for (x, y, w) in &weighted {
            sxx += w * (x - mean_x) * (x - mean_x);
            sxy += w * (x - mean_x) * (y - mean_y);
        }
        if !positive(sxx) {
            return None;
        }
        let slope = sxy / sxx;
        Some(LogLine {
            intercept: mean_y - slope * mean_x,
            slope,
        })
    }

    /// log(p) where two lines meet; `None` when they are parallel.
    pub fn meets(&self, other: &LogLine) -> Option<f64> {
        let slopes = self.slope - other.slope;
        let x = (other.intercept - self.intercept) / slopes;
        x.is_finite().then_some(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(p: f64, rate: f64) -> RatePoint {
        RatePoint {
            p,
            rate,
            errors: 1000,
            shots: (1000.0 / rate) as u64,
        }
    }

    #[test]
    fn power_laws_meet_where_they_are_equal() {
        // 10 p^2 and 1000 p^3 are equal at p = 0.01.
        let low = LogLine::fit(&[point(0.005, 10.0 * 0.005f64.powi(2)), point(0.02, 0.004)]);
        let high = LogLine::fit(&[
            point(0.005, 1000.0 * 0.005f64.powi(3)),
            point(0.02, 1000.0 * 0.02f64.powi(3)),
        ]);
        let (low, high) = (low.expect("two points"), high.expect("two points"));
        assert!((low.slope - 2.0).abs() < 1e-3 && (high.slope - 3.0).abs() < 1e-3);
        let at = libm::exp(low.meets(&high).expect("not parallel"));
        assert!((at - 0.01).abs() < 1e-4, "{at}");
    }

    #[test]
    fn points_without_errors_do_not_count() {
        let none = RatePoint {
            p: 0.001,
            rate: 0.0,
            errors: 0,
            shots: 100,
        };
        assert_eq!(LogLine::fit(&[none, point(0.01, 0.1)]), None);
    }
}
