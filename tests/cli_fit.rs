//! `surfacelab fit` on sinter's own CSV of stim + PyMatching runs (tests/data/
//! sinter_threshold_d3_d11.csv, written by scripts/reference/make_sinter_threshold.py): every
//! adjacent pair's interval holds the crossing sinter's data show, found here without the
//! core's analysis (log-log interpolation between the two p values where the order flips).

mod cli_common;

use cli_common::{assert_rejected, stdout, surfacelab};
use serde_json::Value;
use std::collections::BTreeMap;
use surfacelab::collect::read_csv;

const SINTER_CSV: &str = "tests/data/sinter_threshold_d3_d11.csv";

/// (d, p) → (shots, errors, r) of sinter's CSV, merged by (d, p).
fn sinter_points() -> BTreeMap<(u64, u64), (u64, u64, u64)> {
    let text = std::fs::read_to_string(SINTER_CSV).expect("the committed sinter CSV");
    let mut points = BTreeMap::new();
    for row in read_csv(&text).expect("sinter's format") {
        let metadata: Value = serde_json::from_str(&row.json_metadata).expect("JSON metadata");
        let d = metadata["d"].as_u64().expect("d");
        let p_micro = (metadata["p"].as_f64().expect("p") * 1e6).round() as u64;
        let r = metadata["r"].as_u64().expect("r");
        let entry = points.entry((d, p_micro)).or_insert((0, 0, r));
        entry.0 += row.shots;
        entry.1 += row.errors;
    }
    points
}

/// The rate per shot or per round (sinter's conversion).
fn rate(shots: u64, errors: u64, rounds: u64, per_round: bool) -> f64 {
    let shot = errors as f64 / shots as f64;
    if per_round {
        (1.0 - (1.0 - 2.0 * shot).powf(1.0 / rounds as f64)) / 2.0
    } else {
        shot
    }
}

/// Where the data of d1 and d2 cross: the first p at which d2's rate is at least d1's, and
/// the p before it, joined by straight lines on log-log axes; `None` when d2 stays below.
fn data_crossing(
    points: &BTreeMap<(u64, u64), (u64, u64, u64)>,
    d1: u64,
    d2: u64,
    per_round: bool,
) -> Option<f64> {
    let curve = |d: u64| -> Vec<(f64, f64)> {
        points
            .iter()
            .filter(|((dd, _), _)| *dd == d)
            .map(|((_, p), (shots, errors, r))| {
                (
                    (*p as f64 / 1e6).ln(),
                    rate(*shots, *errors, *r, per_round).ln(),
                )
            })
            .collect()
    };
    let (one, two) = (curve(d1), curve(d2));
    let at = (1..one.len()).find(|&i| two[i].1 >= one[i].1 && two[i - 1].1 < one[i - 1].1)?;
    let gap = |i: usize| two[i].1 - one[i].1;
    let t = gap(at - 1) / (gap(at - 1) - gap(at));
    Some((one[at - 1].0 + t * (one[at].0 - one[at - 1].0)).exp())
}

fn fit_json(args: &[&str]) -> Vec<Value> {
    let output = surfacelab(args);
    serde_json::from_str(&stdout(&output)).expect("a JSON list")
}

#[test]
fn the_interval_holds_the_crossing_sinters_data_show() {
    let points = sinter_points();
    for per_round in [false, true] {
        let mut args = vec!["fit", "--csv", SINTER_CSV, "--json"];
        if per_round {
            args.push("--per-round");
        }
        let found = fit_json(&args);
        let pairs: Vec<Value> = found.iter().map(|c| c["distances"].clone()).collect();
        assert_eq!(
            pairs,
            [[3, 5], [5, 7], [7, 9], [9, 11]]
                .iter()
                .map(|pair| serde_json::json!(pair))
                .collect::<Vec<_>>()
        );
        for crossing in &found {
            assert_eq!(
                crossing["group"],
                serde_json::json!({"b": "Z", "decoder": "pymatching", "r": "1d"})
            );
            let d1 = crossing["distances"][0].as_u64().expect("d1");
            let d2 = crossing["distances"][1].as_u64().expect("d2");
            let Some(shown) = data_crossing(&points, d1, d2, per_round) else {
                // Per round, d = 3 / 5 and 7 / 9 cross only above p = 0.012.
                assert!(per_round, "per shot every pair crosses in the data");
                assert_eq!(crossing["p"], Value::Null, "d = {d1}/{d2}: {crossing}");
                assert_eq!(crossing["reason"], "no crossing in the measured range");
                continue;
            };
            let (p, low, high) = (
                crossing["p"].as_f64().expect("a crossing"),
                crossing["low"].as_f64().expect("low"),
                crossing["high"].as_f64().expect("high"),
            );
            assert!(
                low <= shown && shown <= high && low < p && p < high,
                "d = {d1}/{d2} per round {per_round}: data cross at {shown}, fit {p} [{low}, {high}]"
            );
            // Near the known threshold of this noise model with matching (≈ 0.7 %).
            assert!(p > 0.005 && p < 0.0125, "{p}");
        }
    }
}

#[test]
fn curves_that_do_not_cross_say_so() {
    // Only p ≤ 0.006 (below the threshold): d = 5 is below d = 3 everywhere.
    let text = std::fs::read_to_string(SINTER_CSV).expect("the committed sinter CSV");
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| {
            line.contains("shots")
                || ((line.contains("\"\"d\"\":3,") || line.contains("\"\"d\"\":5,"))
                    && ["0.002", "0.004", "0.006"]
                        .iter()
                        .any(|p| line.contains(&format!("\"\"p\"\":{p},"))))
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("surfacelab-fit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let path = dir.join("below.csv");
    std::fs::write(&path, kept.join("\n") + "\n").expect("writing the CSV");
    let path_text = path.to_string_lossy().to_string();
    let found = fit_json(&["fit", "--csv", &path_text, "--json"]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["p"], Value::Null);
    assert_eq!(found[0]["reason"], "no crossing in the measured range");
    let words = stdout(&surfacelab(&["fit", "--csv", &path_text]));
    assert!(
        words.contains("d = 3 / 5, per shot: no crossing in the measured range (p 0.002 … 0.006)"),
        "{words}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_file_that_is_not_sinters_is_refused() {
    assert_rejected(
        &["fit", "--csv", "Cargo.toml"],
        &["Cargo.toml", "missing column"],
    );
}
