//! Results you can trust at the command line: `combine` counts no shot twice (a file with
//! itself changes nothing and says why; overlapping shards are refused; shards and seeds still
//! merge), and `decode` stops on a defect no matching can pair, as PyMatching does.

mod cli_common;

use cli_common::{assert_rejected, stdout, surfacelab};
use surfacelab::collect::read_csv;

fn tmp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("surfacelab-integrity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// A small collect run written to `name`; returns its path.
fn collect_file(name: &str, extra: &[&str]) -> String {
    let path = tmp_path(name);
    let mut args = vec![
        "collect",
        "--distances",
        "3",
        "--p",
        "0.01",
        "--max-shots",
        "3000",
        "--workers",
        "1",
        "--no-progress",
        "--out",
    ];
    let path_text = path.to_string_lossy().into_owned();
    args.push(&path_text);
    args.extend(extra);
    stdout(&surfacelab(&args));
    path_text
}

/// (shots, errors, custom_counts) of the only row of a CSV document.
fn only_row(text: &str) -> (u64, u64, String) {
    let rows = read_csv(text).expect("sinter CSV");
    assert_eq!(rows.len(), 1, "{text}");
    (rows[0].shots, rows[0].errors, rows[0].custom_counts.clone())
}

#[test]
fn rows_record_their_seed_and_shard() {
    let whole = collect_file("seed5.csv", &["--seed", "5"]);
    let (shots, _, counts) = only_row(&std::fs::read_to_string(&whole).unwrap());
    assert_eq!(shots, 3000);
    assert_eq!(counts, r#"{"seed=5,shard=0/1":3000}"#);
}

#[test]
fn combine_of_a_file_with_itself_changes_no_count_and_says_why() {
    let file = collect_file("self.csv", &["--seed", "5"]);
    let alone = only_row(&std::fs::read_to_string(&file).unwrap());
    let output = surfacelab(&["combine", &file, &file]);
    assert_eq!(only_row(&stdout(&output)), alone);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("repeats"), "{stderr}");
    assert!(stderr.contains("counted once"), "{stderr}");
}

#[test]
fn combine_refuses_overlapping_shards_and_merges_the_rest() {
    let whole = collect_file("whole.csv", &["--seed", "5"]);
    let shard0 = collect_file("shard0.csv", &["--seed", "5", "--shard", "0/2"]);
    let shard1 = collect_file("shard1.csv", &["--seed", "5", "--shard", "1/2"]);
    let other_seed = collect_file("seed6.csv", &["--seed", "6"]);
    assert_rejected(
        &["combine", &whole, &shard1],
        &[
            "row 2",
            "both hold shots of seed 5",
            "refusing to count them twice",
        ],
    );
    let shards = only_row(&stdout(&surfacelab(&["combine", &shard0, &shard1])));
    let (shots, errors, _) = only_row(&std::fs::read_to_string(&whole).unwrap());
    assert_eq!(
        (shards.0, shards.1),
        (shots, errors),
        "two shards make the whole run"
    );
    // Blocks are 1024 shots: shard 0/2 has blocks 0 and 2 (1024 + 952), shard 1/2 block 1.
    assert_eq!(
        shards.2,
        r#"{"seed=5,shard=0/2":1976,"seed=5,shard=1/2":1024}"#
    );
    let seeds = only_row(&stdout(&surfacelab(&["combine", &whole, &other_seed])));
    assert_eq!(seeds.0, 6000, "two seeds are different shots");
}

/// Detectors 0 and 1 reach the boundary; 2 and 3 form a component without one.
const CLOSED_DEM: &str =
    "error(0.1) D0 L0\nerror(0.1) D0 D1\nerror(0.1) D1\nerror(0.1) D2 D3\ndetector D3\n";

#[test]
fn decode_stops_on_an_unmatchable_defect_unless_asked_to_leave_it_out() {
    let dem = tmp_path("closed.dem");
    std::fs::write(&dem, CLOSED_DEM).unwrap();
    let dets = tmp_path("closed.b8");
    // b8: one byte per shot (4 detectors). Shot 0 fires D0 and D2+D3; shot 1 fires D0 and D2.
    std::fs::write(&dets, [0b1101u8, 0b0101]).unwrap();
    let (dem, dets) = (dem.to_string_lossy(), dets.to_string_lossy());
    assert_rejected(
        &["decode", "--dem", &dem, "--dets", &dets],
        &[
            "shot 1",
            "detector 2",
            "no perfect matching",
            "--ignore-unmatchable",
        ],
    );
    let predictions = stdout(&surfacelab(&[
        "decode",
        "--dem",
        &dem,
        "--dets",
        &dets,
        "--ignore-unmatchable",
    ]));
    assert_eq!(predictions, "1\n1\n");
}
