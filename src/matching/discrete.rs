//! Integer edge weights, discretised as PyMatching does, shared by every engine.
//!
//! Matching runs on integers so that region radii and collision times are exact. The scale is
//! fixed when a graph is built: if every weight is an integer it is 1, otherwise the largest
//! |weight| becomes `NUM_DISTINCT_WEIGHTS − 1` (2^24 − 1, PyMatching's `NUM_DISTINCT_WEIGHTS`
//! for 32-bit weights); each weight is rounded at that scale and doubled, so that two regions
//! growing towards each other always meet at an integer time. Both engines use this one rule,
//! so they solve the same integer problem and their matchings have equal integer weight.

/// PyMatching's number of distinct weight levels for 32-bit weights (2^24).
pub const NUM_DISTINCT_WEIGHTS: u32 = 1 << 24;

/// The scale that maps float weights to the engines' integers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightScale {
    /// Levels per unit of weight.
    factor: f64,
    /// The largest level (the largest |weight| at build); later weights saturate here so that
    /// no sum of weights along a path can overflow.
    max_level: f64,
}

impl WeightScale {
    /// The scale of a graph whose edges weigh `weights`.
    pub fn of(weights: impl Iterator<Item = f64> + Clone) -> Self {
        let max_abs = weights.clone().fold(0.0f64, |max, w| max.max(w.abs()));
        let all_integral = weights.into_iter().all(|w| w.round() == w);
        let factor = if all_integral || max_abs == 0.0 {
            1.0
        } else {
            (NUM_DISTINCT_WEIGHTS - 1) as f64 / max_abs
        };
        WeightScale {
            factor,
            max_level: (max_abs * factor)
                .round()
                .max((NUM_DISTINCT_WEIGHTS - 1) as f64),
        }
    }

    /// The engine's integer for |weight|: 2 · round(|weight| · factor), saturating at the
    /// largest level of the build (a weight changed per shot to more than the graph's largest
    /// |weight| counts as that largest weight).
    pub fn discretise(&self, weight: f64) -> u32 {
        let level = (weight.abs() * self.factor).round().min(self.max_level);
        level as u32 * 2
    }

    /// Float weight per integer unit (to turn an integer total back into a weight).
    pub fn unit(&self) -> f64 {
        0.5 / self.factor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_weight_gets_the_largest_level_and_others_round() {
        let weights = [2.0, -4.5, 1.3];
        let scale = WeightScale::of(weights.iter().copied());
        let top = (NUM_DISTINCT_WEIGHTS - 1) * 2;
        assert_eq!(scale.discretise(-4.5), top);
        assert_eq!(scale.discretise(4.5), top);
        let level = (2.0 * (NUM_DISTINCT_WEIGHTS - 1) as f64 / 4.5).round() as u32;
        assert_eq!(scale.discretise(2.0), 2 * level);
        assert_eq!(
            scale.discretise(9.0),
            top,
            "saturates at the build's largest weight"
        );
        assert_eq!(scale.discretise(0.0), 0);
    }

    #[test]
    fn integral_weights_keep_their_values() {
        let scale = WeightScale::of([3.0, 1.0, -2.0].iter().copied());
        assert_eq!(scale.discretise(3.0), 6);
        assert_eq!(scale.discretise(-2.0), 4);
        assert_eq!(scale.unit(), 0.5);
    }
}
