//! The CLI side of the seed comparison: the seed's window names, `independent-windows`,
//! `threshold` (CSV, JSON, SVG; per-task max-seconds) and `collect --monitor`.

mod cli_common;

use cli_common::{assert_rejected, surfacelab};
use std::process::Output;

fn succeeded(args: &[&str]) -> Output {
    let output = surfacelab(args);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

const COLLECT: [&str; 9] = [
    "collect",
    "--distances",
    "5",
    "--rounds",
    "20",
    "--p",
    "0.005",
    "--max-shots",
    "1000",
];

fn collect_with(extra: &[&str]) -> Vec<String> {
    COLLECT.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn as_strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[test]
fn bad_window_parameters_are_refused() {
    let cases: [(&[&str], &[&str]); 8] = [
        (
            &["--decoder", "sliding", "--window-rounds", "0"],
            &["window rounds (commit rounds) must be an integer from 1 to the rounds r = 20, got 0"],
        ),
        (
            &["--decoder", "independent-windows", "--window-rounds", "21"],
            &["window rounds must be an integer from 1 to the rounds r = 20, got 21"],
        ),
        (
            &["--decoder", "independent-windows", "--overlap", "-1"],
            &["overlap (buffer rounds) must be", "got -1"],
        ),
        (
            &["--decoder", "independent-windows", "--overlap", "21"],
            &["overlap must be an integer from 0 to the rounds r = 20, got 21"],
        ),
        (
            &["--decoder", "parallel-window", "--overlap", "0"],
            &["overlap (buffer rounds) must be an integer from 1", "parallel-window needs w >= 1", "got 0"],
        ),
        (
            &["--decoder", "sliding", "--commit-rounds", "5", "--window-rounds", "6"],
            &["--commit-rounds 5 and --window-rounds 6 name the same parameter"],
        ),
        (
            &["--decoder", "sliding", "--buffer-rounds", "2", "--overlap", "3"],
            &["--buffer-rounds 2 and --overlap 3 name the same parameter"],
        ),
        (
            &["--decoder", "windows"],
            &["decoder must be global, sliding, parallel-window or independent-windows"],
        ),
    ];
    for (extra, fragments) in cases {
        assert_rejected(&as_strs(&collect_with(extra)), fragments);
    }
    assert_rejected(
        &[
            "collect",
            "--distances",
            "4",
            "--p",
            "0.005",
            "--decoder",
            "independent-windows",
        ],
        &[
            "distance must be an odd integer from 3 to 101 for independent-windows",
            "got 4",
        ],
    );
    assert_rejected(
        &[
            "plan",
            "--distance",
            "5",
            "--rounds",
            "20",
            "--overlap",
            "0",
        ],
        &["overlap (buffer rounds) must be an integer from 1", "got 0"],
    );
}

/// CSV rows without the `seconds` column (timings differ from run to run).
fn without_seconds(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let mut fields: Vec<&str> = line.split(',').collect();
            fields.remove(3);
            fields.join(",")
        })
        .collect()
}

#[test]
fn seed_names_are_aliases() {
    let ours = succeeded(&as_strs(&collect_with(&[
        "--decoder",
        "sliding",
        "--commit-rounds",
        "4",
        "--buffer-rounds",
        "0",
        "--seed",
        "3",
    ])));
    let seeds = succeeded(&as_strs(&collect_with(&[
        "--decoder",
        "sliding",
        "--window-rounds",
        "4",
        "--overlap",
        "0",
        "--commit-rounds",
        "4",
        "--seed",
        "3",
    ])));
    assert_eq!(without_seconds(&ours), without_seconds(&seeds));
    let csv = String::from_utf8(ours.stdout).unwrap();
    assert!(
        csv.contains(r#"""c"":4"#) && csv.contains(r#"""w"":0"#),
        "{csv}"
    );
    let independent = succeeded(&as_strs(&collect_with(&[
        "--decoder",
        "independent-windows",
        "--window-rounds",
        "5",
        "--overlap",
        "0",
        "--seed",
        "3",
    ])));
    let csv = String::from_utf8(independent.stdout).unwrap();
    assert!(csv.contains(",independent-windows,"), "{csv}");
    let plan = succeeded(&[
        "plan",
        "--decoder",
        "independent-windows",
        "--distance",
        "5",
        "--rounds",
        "150",
        "--window-rounds",
        "5",
        "--overlap",
        "0",
        "--threads",
        "8",
        "--workers",
        "1",
        "--json",
    ]);
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    assert_eq!(plan["windows_per_shot"], 30);
    assert_eq!(plan["recommended_window_workers"], 8);
}

fn read_summary(dir: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json written");
    serde_json::from_str(&text).expect("summary.json is JSON")
}

#[test]
fn threshold_bad_input() {
    assert_rejected(
        &["threshold", "--distances", ""],
        &["distances must be a comma-separated list with at least one value"],
    );
    assert_rejected(
        &["threshold", "--max-seconds", "0"],
        &[
            "max-seconds must be a number of seconds from 0.1 to 10000000",
            "got 0",
        ],
    );
    assert_rejected(
        &["threshold", "--stop", "never"],
        &["stop must be fixed", "or seed", "got never"],
    );
    assert_rejected(
        &["threshold", "--per", "day"],
        &["per must be round or shot"],
    );
}

#[test]
fn threshold_writes_csv_json_and_svg() {
    let dir = std::env::temp_dir().join(format!("surfacelab-threshold-{}", std::process::id()));
    let dir_text = dir.to_string_lossy().to_string();
    succeeded(&[
        "threshold",
        "--distances",
        "3,5",
        "--rounds",
        "d",
        "--p",
        "0.003,0.01",
        "--max-shots",
        "3000",
        "--max-errors",
        "100",
        "--workers",
        "2",
        "--seed",
        "5",
        "--out-dir",
        &dir_text,
    ]);
    let csv = std::fs::read_to_string(dir.join("stats.csv")).unwrap();
    assert_eq!(csv.lines().count(), 5, "{csv}");
    let summary = read_summary(&dir);
    let tasks = summary["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 4);
    for task in tasks {
        let shots = task["shots"].as_u64().unwrap();
        let errors = task["errors"].as_u64().unwrap();
        assert!(shots > 0 && (shots == 3000 || errors >= 100), "{task}");
        let per_round = &task["per_round"];
        assert!(per_round["low"].as_f64() <= per_round["best"].as_f64());
        assert!(per_round["best"].as_f64() <= per_round["high"].as_f64());
        assert!(task["shots_per_second"].as_f64().unwrap() > 0.0);
    }
    assert_eq!(summary["configuration"]["workers"], 2);
    assert!(summary["wall_seconds"].as_f64().unwrap() > 0.0);
    assert_eq!(summary["reproducible_from_seed"], true);
    let svg = std::fs::read_to_string(dir.join("threshold.svg")).unwrap();
    // Curves named by the core's legend (only d tells them apart here).
    assert!(svg.starts_with("<svg") && svg.contains("d = 3") && svg.contains("d = 5"));
    // The core's threshold estimate of d = 3 / 5 (crossing or not), as `surfacelab fit` gives it.
    let crossings = summary["crossings"].as_array().unwrap();
    assert_eq!(crossings.len(), 1, "{crossings:?}");
    assert_eq!(crossings[0]["distances"], serde_json::json!([3, 5]));
    assert_eq!(crossings[0]["group"]["r"], "1d");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn threshold_max_seconds_keeps_the_prefix() {
    let dir = std::env::temp_dir().join(format!("surfacelab-cut-{}", std::process::id()));
    let dir_text = dir.to_string_lossy().to_string();
    succeeded(&[
        "threshold",
        "--distances",
        "5",
        "--rounds",
        "10",
        "--p",
        "0.001",
        "--stop",
        "seed",
        "--max-seconds",
        "0.5",
        "--workers",
        "2",
        "--seed",
        "5",
        "--out-dir",
        &dir_text,
    ]);
    let summary = read_summary(&dir);
    let task = &summary["tasks"][0];
    // The seed's rule: max_errors 1000, max_shots 10^8 / sqrt(10); the time cut ends it first.
    assert_eq!(task["max_errors"], 1000);
    assert_eq!(task["max_shots"], 31_622_776);
    assert_eq!(task["cut_by_time"], true);
    assert_eq!(summary["reproducible_from_seed"], false);
    let shots = task["shots"].as_u64().unwrap();
    assert!(
        shots > 0 && shots % 1024 == 0 && shots < 31_622_776,
        "{task}"
    );
    assert!(summary["wall_seconds"].as_f64().unwrap() < 5.0);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn monitor_counts_busy_threads() {
    let dir = std::env::temp_dir().join(format!("surfacelab-monitor-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let series = dir.join("monitor.csv");
    let output = succeeded(&[
        "collect",
        "--distances",
        "5",
        "--rounds",
        "100",
        "--p",
        "0.005",
        "--decoder",
        "parallel-window",
        "--workers",
        "2",
        "--window-workers",
        "2",
        "--max-shots",
        "6000",
        "--batch-blocks",
        "1",
        "--seed",
        "1",
        "--monitor-out",
        &series.to_string_lossy(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak: i64 = stderr
        .split("busy threads peak ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no monitor summary in {stderr}"));
    assert!((1..=4).contains(&peak), "{stderr}");
    assert!(stderr.contains("of a x b = 2 x 2 = 4"), "{stderr}");
    assert!(stderr.contains("peak RSS"), "{stderr}");
    let csv = std::fs::read_to_string(&series).unwrap();
    let rows: Vec<Vec<f64>> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    assert!(rows.len() >= 3, "{csv}");
    // Columns: seconds, busy_threads, cpu_seconds, rss_bytes, shots; they change as it runs.
    let last = rows.last().unwrap();
    assert!(last[2] > rows[0][2] && last[4] > rows[0][4], "{csv}");
    assert!(
        rows.iter().all(|row| (0.0..=4.0).contains(&row[1])),
        "{csv}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
