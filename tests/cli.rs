//! The command-line contract: bad input exits with status 2 and one clear line; counts do not
//! depend on workers, batch size or sharding.

mod cli_common;

use cli_common::{assert_rejected, stdout, surfacelab};
use std::process::Command;

#[test]
fn bad_parameters_name_value_and_range() {
    for d in ["0", "1", "1000000", "abc"] {
        assert_rejected(
            &["circuit", "--distance", d, "--rounds", "3", "--p", "0.001"],
            &["distance must be an integer from 2 to 101, got", d],
        );
    }
    assert_rejected(
        &["circuit", "--distance", "3", "--rounds", "0"],
        &["rounds must be", "got 0"],
    );
    for p in ["-0.1", "0.7", "NaN"] {
        assert_rejected(
            &["dem", "--distance", "3", "--rounds", "3", "--p", p],
            &["p must be a probability from 0 to 0.5", p],
        );
    }
    assert_rejected(
        &[
            "circuit",
            "--distance",
            "3",
            "--p",
            "0.001",
            "--before-measure-flip-probability",
            "2",
        ],
        &[
            "before-measure-flip-probability must be a probability from 0 to 0.5",
            "got 2",
        ],
    );
    let collect = [
        "collect",
        "--distances",
        "3",
        "--p",
        "0.001",
        "--max-shots",
        "1000",
    ];
    assert_rejected(
        &[&collect[..], &["--workers", "0"]].concat(),
        &["--workers", "from 1 to 64, got 0"],
    );
    assert_rejected(
        &[&collect[..], &["--shard", "3/2"]].concat(),
        &["shard must be", "got 3/2"],
    );
    assert_rejected(
        &[&collect[..], &["--seed", "-5"]].concat(),
        &["seed must be", "got -5"],
    );
    assert_rejected(
        &["collect", "--distances", "3,", "--p", "0.001"],
        &["distance must be an integer from 2 to 101, got \"\""],
    );
}

#[test]
fn environment_worker_count_is_validated() {
    let output = Command::new(env!("CARGO_BIN_EXE_surfacelab"))
        .args([
            "collect",
            "--distances",
            "3",
            "--p",
            "0.001",
            "--max-shots",
            "100",
        ])
        .env("NUM_WORKERS", "many")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("NUM_WORKERS must be an integer from 1 to 64, got many"),
        "{stderr}"
    );
}

/// `surfacelab decode --dem DEM --dets DETS` must be refused with every fragment in its message.
fn assert_decode_rejected(dem: &std::path::Path, dets: &std::path::Path, fragments: &[&str]) {
    let (dem, dets) = (dem.to_string_lossy(), dets.to_string_lossy());
    assert_rejected(&["decode", "--dem", &dem, "--dets", &dets], fragments);
}

fn tmp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("surfacelab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

#[test]
fn bad_files_give_clear_errors() {
    let dem = tmp_path("bad.dem");
    std::fs::write(&dem, "error(1.5) D0\n").unwrap();
    let dets = tmp_path("dets.b8");
    std::fs::write(&dets, [0u8; 3]).unwrap();
    assert_decode_rejected(&dem, &dets, &["bad.dem", "line 1"]);
    std::fs::write(&dem, "error(0.1) D0 D9\n").unwrap();
    // 10 detectors = 2 bytes per shot; 3 bytes is a truncated file.
    assert_decode_rejected(&dem, &dets, &["dets.b8"]);
    let csv = tmp_path("bad.csv");
    std::fs::write(&csv, "shots,errors,seconds\n1,0,0.5\n").unwrap();
    assert_rejected(
        &["combine", csv.to_str().unwrap()],
        &["missing column discards"],
    );
}

fn collect_csv(extra: &[&str]) -> String {
    let base = [
        "collect",
        "--distances",
        "3,5",
        "--rounds",
        "d",
        "--p",
        "0.004,0.01",
        "--basis",
        "z,x",
        "--max-shots",
        "9000",
        "--seed",
        "2024",
        "--no-progress",
    ];
    stdout(&surfacelab(&[&base[..], extra].concat()))
}

/// shots, errors, strong_id and metadata of every row (seconds vary).
/// Each row's shots, errors, strong id and metadata (not custom_counts: it names the shards).
fn counts(csv: &str) -> Vec<String> {
    surfacelab::collect::read_csv(csv)
        .expect("sinter CSV")
        .iter()
        .map(|row| {
            format!(
                "{} {} {} {}",
                row.shots, row.errors, row.strong_id, row.json_metadata
            )
        })
        .collect()
}

#[test]
fn counts_do_not_depend_on_workers_or_batches() {
    let reference = counts(&collect_csv(&["--workers", "1", "--batch-blocks", "1"]));
    assert_eq!(reference.len(), 8);
    for extra in [
        &["--workers", "2", "--batch-blocks", "1"][..],
        &["--workers", "3", "--batch-blocks", "5"][..],
    ] {
        assert_eq!(counts(&collect_csv(extra)), reference, "{extra:?}");
    }
    let with_max_errors = |workers: &str, batch: &str| {
        counts(&collect_csv(&[
            "--max-errors",
            "20",
            "--workers",
            workers,
            "--batch-blocks",
            batch,
        ]))
    };
    assert_eq!(with_max_errors("1", "1"), with_max_errors("2", "3"));
}

#[test]
fn shards_combine_to_one_run() {
    let whole = counts(&collect_csv(&["--workers", "2"]));
    let mut files = Vec::new();
    for i in 0..3 {
        let path = tmp_path(&format!("shard{i}.csv"));
        std::fs::write(&path, collect_csv(&["--shard", &format!("{i}/3")])).unwrap();
        files.push(path.to_string_lossy().into_owned());
    }
    let mut args = vec!["combine"];
    args.extend(files.iter().map(String::as_str));
    assert_eq!(counts(&stdout(&surfacelab(&args))), whole);
}

#[test]
fn bad_dem_files_name_the_line() {
    let dets = tmp_path("one.b8");
    std::fs::write(&dets, [1u8]).unwrap();
    let cases = [
        (
            "unknown.dem",
            "error(0.1) D0\nfoo D1\n",
            "line 2: unknown instruction",
        ),
        (
            "unclosed.dem",
            "repeat 3 {\nerror(0.1) D0\n",
            "never closed",
        ),
        (
            "overflow.dem",
            "error(0.1) D99999999999\n",
            "detector index must be below",
        ),
        ("probability.dem", "error(abc) D0\n", "line 1"),
    ];
    for (name, text, fragment) in cases {
        let dem = tmp_path(name);
        std::fs::write(&dem, text).unwrap();
        assert_decode_rejected(&dem, &dets, &[name, fragment]);
    }
    let empty = tmp_path("empty.dem");
    std::fs::write(&empty, "").unwrap();
    assert_decode_rejected(&empty, &dets, &["no detectors"]);
}

#[test]
fn interrupt_keeps_the_finished_prefix() {
    let child = Command::new(env!("CARGO_BIN_EXE_surfacelab"))
        .args([
            "collect",
            "--distances",
            "7",
            "--rounds",
            "d",
            "--p",
            "0.005",
            "--max-shots",
            "100000000",
            "--seed",
            "3",
            "--workers",
            "2",
            "--no-progress",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let output = child.wait_with_output().expect("finishes");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows = surfacelab::collect::read_csv(&String::from_utf8(output.stdout).unwrap()).unwrap();
    assert_eq!(rows.len(), 1);
    let shots = rows[0].shots;
    assert!(
        shots > 0 && shots < 100_000_000 && shots % 1024 == 0,
        "{shots}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("stopped"));
}

/// Counts of a parallel-window run over several windows (d = 3, r = 30: L = 31 > c + 2w = 9).
fn windowed_counts(decoder: &str, a: &str, b: &str, extra: &[&str]) -> Vec<String> {
    let base = [
        "collect",
        "--distances",
        "3",
        "--rounds",
        "30",
        "--p",
        "0.006",
        "--basis",
        "z,x",
        "--decoder",
        decoder,
        "--max-shots",
        "6000",
        "--seed",
        "11",
        "--no-progress",
        "--window-workers",
        a,
        "--workers",
        b,
    ];
    counts(&stdout(&surfacelab(&[&base[..], extra].concat())))
}

#[test]
fn counts_do_not_depend_on_a_and_b() {
    for decoder in ["parallel-window", "global"] {
        for extra in [&[][..], &["--max-errors", "40"][..]] {
            let reference = windowed_counts(decoder, "1", "1", extra);
            for (a, b) in [("2", "1"), ("1", "2"), ("2", "2")] {
                assert_eq!(
                    windowed_counts(decoder, a, b, extra),
                    reference,
                    "{decoder} {a} {b} {extra:?}"
                );
            }
            let batched = [extra, &["--batch-blocks", "3"][..]].concat();
            assert_eq!(windowed_counts(decoder, "2", "2", &batched), reference);
        }
    }
}

#[test]
fn parallel_window_metadata_has_c_and_w_not_workers() {
    let csv = stdout(&surfacelab(&[
        "collect",
        "--distances",
        "3",
        "--rounds",
        "9",
        "--p",
        "0.004",
        "--decoder",
        "parallel-window",
        "--commit-rounds",
        "2",
        "--buffer-rounds",
        "1",
        "--max-shots",
        "1024",
        "--seed",
        "1",
        "--workers",
        "2",
        "--window-workers",
        "2",
        "--no-progress",
    ]));
    assert!(
        csv.contains(r#"{""b"":""Z"",""c"":2,""d"":3,""p"":0.004,""r"":9,""w"":1}"#),
        "{csv}"
    );
    assert!(csv.contains(",parallel-window,"), "{csv}");
}

#[test]
fn bad_parallel_parameters() {
    let memory = [
        "collect",
        "--distances",
        "3",
        "--rounds",
        "9",
        "--p",
        "0.001",
        "--max-shots",
        "1000",
    ];
    let collect = [&memory[..], &["--decoder", "parallel-window"]].concat();
    let with = |extra: &[&'static str]| [&collect[..], extra].concat();
    assert_rejected(
        &with(&["--workers", "65"]),
        &["--workers must be an integer from 1 to 64, got 65"],
    );
    assert_rejected(
        &with(&["--window-workers", "0"]),
        &["--window-workers must be an integer from 1 to 64, got 0"],
    );
    assert_rejected(
        &with(&["--window-workers", "64", "--workers", "17"]),
        &["at most 1024", "64 × 17 = 1088"],
    );
    assert_rejected(
        &with(&["--commit-rounds", "0"]),
        &["commit rounds must be an integer from 1 to the rounds r = 9, got 0"],
    );
    assert_rejected(
        &with(&["--commit-rounds", "10"]),
        &["commit rounds", "got 10"],
    );
    assert_rejected(
        &with(&["--buffer-rounds", "-1"]),
        &["buffer rounds", "got -1"],
    );
    assert_rejected(
        &with(&["--buffer-rounds", "0"]),
        &["parallel-window needs w >= 1", "got 0"],
    );
    assert_rejected(&with(&["--shard", "3/2"]), &["shard must be", "got 3/2"]);
    let output = Command::new(env!("CARGO_BIN_EXE_surfacelab"))
        .args(&collect)
        .env("WINDOW_PARALLEL_WORKERS", "two")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("WINDOW_PARALLEL_WORKERS must be an integer from 1 to 64, got two"));
    // A sliding buffer of 0 is allowed.
    let sliding = [
        &memory[..],
        &[
            "--decoder",
            "sliding",
            "--buffer-rounds",
            "0",
            "--no-progress",
        ],
    ]
    .concat();
    assert!(surfacelab(&sliding).status.success());
    assert_rejected(
        &[
            "plan",
            "--distance",
            "9",
            "--rounds",
            "450",
            "--workers",
            "0",
        ],
        &["--workers", "got 0"],
    );
}

#[test]
fn plan_reports_zone_and_recommendation() {
    let json = stdout(&surfacelab(&[
        "plan",
        "--workers",
        "1",
        "--window-workers",
        "1",
        "--decoder",
        "parallel-window",
        "--distance",
        "9",
        "--rounds",
        "450",
        "--threads",
        "2",
        "--json",
    ]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("plan JSON");
    assert_eq!(value["windows_per_shot"], 33);
    assert_eq!(value["recommended_window_workers"], 2);
    assert_eq!(value["zone"], "optimal");
    let text = stdout(&surfacelab(&[
        "plan",
        "--workers",
        "2",
        "--window-workers",
        "3",
        "--decoder",
        "global",
        "--distance",
        "5",
        "--threads",
        "2",
    ]));
    assert!(
        text.contains("zone: too many") && text.contains("a unused"),
        "{text}"
    );
}
