//! Crossings as the CLI prints them and the page shows them: one JSON object and one line of
//! words per crossing, made here once so that `surfacelab fit` and the page say the same.

use super::crossing::Crossing;
use serde_json::{json, Value};

/// `{group, distances, per, p, low, high, measured, window, reason}`; `p`, `low` and `high`
/// are null when there is no crossing (`reason` says why).
pub fn crossing_json(crossing: &Crossing) -> Value {
    let (p, low, high) = match crossing.estimate {
        Some(e) => (json!(e.p), json!(e.low), json!(e.high)),
        None => (Value::Null, Value::Null, Value::Null),
    };
    json!({
        "group": Value::Object(crossing.family.clone()),
        "distances": crossing.distances,
        "per": crossing.per.name(),
        "p": p,
        "low": low,
        "high": high,
        "measured": [crossing.measured.0, crossing.measured.1],
        "window": [crossing.window.0, crossing.window.1],
        "reason": crossing.reason,
    })
}

/// Two significant digits, as the words show numbers.
fn short(x: f64) -> String {
    let text = format!("{x:.1e}");
    text.parse::<f64>().map_or(text, |v| v.to_string())
}

/// `d = 3 / 5, per shot: p ≈ 0.0082 [0.0071, 0.0095]`, or `… no crossing in the measured
/// range (p 0.002 … 0.012)`.
pub fn describe_crossing(crossing: &Crossing) -> String {
    let [d1, d2] = crossing.distances;
    let pair = format!("d = {d1} / {d2}, per {}", crossing.per.name());
    match crossing.estimate {
        Some(e) => format!(
            "{pair}: p ≈ {} [{}, {}]",
            short(e.p),
            short(e.low),
            short(e.high)
        ),
        None => format!(
            "{pair}: {} (p {} … {})",
            crossing.reason,
            short(crossing.measured.0),
            short(crossing.measured.1)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::crossing::{CrossingEstimate, Per};

    #[test]
    fn words_and_json_agree() {
        let mut crossing = Crossing {
            family_key: "{}".into(),
            family: serde_json::Map::new(),
            distances: [3, 5],
            per: Per::Shot,
            measured: (0.002, 0.012),
            window: (0.004, 0.01),
            estimate: Some(CrossingEstimate {
                p: 0.008_234,
                low: 0.007_11,
                high: 0.009_49,
            }),
            reason: String::new(),
        };
        assert_eq!(
            describe_crossing(&crossing),
            "d = 3 / 5, per shot: p ≈ 0.0082 [0.0071, 0.0095]"
        );
        assert_eq!(crossing_json(&crossing)["p"], json!(0.008_234));
        crossing.estimate = None;
        crossing.reason = "no crossing in the measured range".into();
        assert_eq!(
            describe_crossing(&crossing),
            "d = 3 / 5, per shot: no crossing in the measured range (p 0.002 … 0.012)"
        );
        assert_eq!(crossing_json(&crossing)["p"], Value::Null);
    }
}
