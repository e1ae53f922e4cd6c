//! `surfacelab shot`: the K-th shot of `collect`'s stream, as JSON lines, and its bad input.

mod cli_common;

use cli_common::{assert_rejected, stdout, surfacelab};
use serde_json::Value;

fn shots(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["shot", "--json"];
    all.extend_from_slice(args);
    stdout(&surfacelab(&all))
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

/// The errors column of `collect`'s one CSV row.
fn collect_errors(args: &[&str]) -> u64 {
    let mut all = vec!["collect", "--no-progress", "--workers", "2"];
    all.extend_from_slice(args);
    let csv = stdout(&surfacelab(&all));
    let row = csv.lines().nth(1).expect("one data row");
    row.split(',').nth(1).unwrap().trim().parse().unwrap()
}

#[test]
fn shot_count_matches_collect_for_global_and_parallel_window() {
    for (decoder, basis) in [("global", "x"), ("parallel-window", "z")] {
        let task = [
            "--distance",
            "5",
            "--rounds",
            "5",
            "--p",
            "0.01",
            "--basis",
            basis,
            "--decoder",
            decoder,
            "--seed",
            "4",
        ];
        let mut shot_args = task.to_vec();
        shot_args.extend(["--count", "1000"]);
        let explained = shots(&shot_args);
        assert_eq!(explained.len(), 1000);
        let wrong = explained
            .iter()
            .filter(|shot| shot["prediction"] != shot["observable_flips"])
            .count() as u64;
        let mut collect_args = task.to_vec();
        collect_args[0] = "--distances";
        collect_args.extend(["--max-shots", "1000"]);
        assert_eq!(wrong, collect_errors(&collect_args), "{decoder}");
        for (k, shot) in explained.iter().enumerate() {
            assert_eq!(shot["index"], k as u64);
            let events = shot["detection_events"].as_array().unwrap();
            assert!(events.windows(2).all(|w| w[0].as_u64() < w[1].as_u64()));
            assert_eq!(shot["windows"].is_array(), decoder != "global");
        }
    }
}

#[test]
fn windows_carry_their_spans_and_threads() {
    let shot = &shots(&[
        "--distance",
        "5",
        "--rounds",
        "50",
        "--p",
        "0.01",
        "--decoder",
        "parallel-window",
        "--window-workers",
        "2",
        "--index",
        "3",
    ])[0];
    let windows = shot["windows"].as_array().unwrap();
    // L = 51, P = 15: 4 layer-A and 3 layer-B windows.
    let layers: Vec<&str> = windows
        .iter()
        .map(|w| w["layer"].as_str().unwrap())
        .collect();
    assert_eq!(layers, ["A", "A", "A", "A", "B", "B", "B"]);
    assert_eq!(windows[1]["start"], 10);
    assert_eq!(windows[1]["commit_start"], 15);
    assert_eq!(windows[1]["commit_end"], 20);
    assert_eq!(windows[1]["thread"], 1);
    assert_eq!(windows[4]["start"], 5);
    assert_eq!(windows[4]["end"], 15);
    for window in windows.iter().filter(|w| w["layer"] == "A") {
        assert_eq!(window["artificial_defects"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn flips_change_exactly_their_detectors() {
    let base = [
        "--distance",
        "3",
        "--rounds",
        "3",
        "--p",
        "0.001",
        "--index",
        "2",
    ];
    let plain = &shots(&base)[0];
    let mut flipped_args = base.to_vec();
    flipped_args.extend(["--flip", "3:1"]);
    let flipped = &shots(&flipped_args)[0];
    let symptom: Vec<u64> = flipped["hand_errors"][0]["detectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let set = |shot: &Value| -> std::collections::BTreeSet<u64> {
        shot["detection_events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect()
    };
    let difference: Vec<u64> = set(plain)
        .symmetric_difference(&set(flipped))
        .copied()
        .collect();
    assert_eq!(difference, symptom);
    assert!(!symptom.is_empty());
}

#[test]
fn bad_input_is_refused_with_the_range() {
    let task = ["shot", "--distance", "3", "--rounds", "3"];
    let with = |extra: &[&'static str]| {
        let mut args = task.to_vec();
        args.extend_from_slice(extra);
        args
    };
    assert_rejected(
        &with(&["--index", "-1"]),
        &[
            "index must be an integer from 0 to 9007199254740991",
            "got -1",
        ],
    );
    assert_rejected(
        &with(&["--count", "0"]),
        &["count must be an integer from 1 to 1000000, got 0"],
    );
    assert_rejected(
        &with(&["--flip", "3:3"]),
        &["flip must be qubit:round with a round from 0 to r - 1 = 2, got 3:3"],
    );
    assert_rejected(
        &with(&["--flip", "4:0"]),
        &[
            "flip must be qubit:round with a data or measure qubit",
            "got 4:0",
        ],
    );
    assert_rejected(
        &with(&["--flip", "x"]),
        &["flip must be qubit:round", "got x"],
    );
    assert_rejected(
        &with(&["--decoder", "fast"]),
        &["decoder must be global, sliding, parallel-window or independent-windows, got fast"],
    );
    assert_rejected(
        &with(&["--window-workers", "0"]),
        &["window-workers must be an integer from 1 to 64, got 0"],
    );
    assert_rejected(
        &[
            "shot",
            "--distance",
            "4",
            "--decoder",
            "independent-windows",
        ],
        &["distance must be an odd integer"],
    );
    // Refused before building, with the numbers (about 8 TiB).
    assert_rejected(
        &["shot", "--distance", "101", "--rounds", "100000"],
        &[
            "task d = 101, r = 100000 (global) needs about",
            "use fewer rounds",
        ],
    );
}
