//! `--circuit FILE.stim` on the command line: `dem` writes the circuit's model, `sweep` times
//! it, `collect` runs it with metadata `{"circuit":"<SHA-256 of the text>"}` and the same counts for the same seed,
//! and bad input (an unsupported instruction, memory flags beside --circuit, a window decoder
//! without window rounds) is refused with status 2 and one line naming the problem.

mod cli_common;

use cli_common::{assert_rejected, stdout, surfacelab};
use std::path::{Path, PathBuf};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/circuit_corpus/{name}.stim"))
}

#[test]
fn dem_of_a_circuit_file_has_its_detectors() {
    let path = corpus("mpp_z_d3_r3");
    let dem = stdout(&surfacelab(&[
        "dem",
        "--circuit",
        path.to_str().expect("utf-8"),
    ]));
    assert!(dem.lines().any(|line| line.starts_with("error(")));
    assert!(dem.contains("detector(") || dem.contains("D0"));
}

#[test]
fn collect_of_a_circuit_is_keyed_by_its_text() {
    let path = corpus("cz_round_d3_r3");
    let path = path.to_str().expect("utf-8");
    let args = [
        "collect",
        "--circuit",
        path,
        "--max-shots",
        "5000",
        "--seed",
        "7",
        "--no-progress",
    ];
    let first = stdout(&surfacelab(&args));
    let second = stdout(&surfacelab(&args));
    let counts = |csv: &str| -> String {
        let row = csv.lines().nth(1).expect("one row").to_string();
        row.split(',').take(3).collect::<Vec<_>>().join(",")
    };
    assert_eq!(counts(&first), counts(&second));
    let text = std::fs::read(path).expect("corpus file");
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(&text)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(
        first.contains(&format!(r#""{{""circuit"":""{digest}""}}""#)),
        "{first}"
    );
    let correlated = stdout(&surfacelab(&[
        "collect",
        "--circuit",
        path,
        "--correlated",
        "--max-shots",
        "1000",
        "--no-progress",
    ]));
    assert!(correlated.contains("global+correlated"), "{correlated}");
    assert!(
        correlated.contains(&format!(
            r#""{{""circuit"":""{digest}"",""correlated"":true}}""#
        )),
        "{correlated}"
    );
}

#[test]
fn sweep_runs_a_circuit() {
    let path = corpus("mpp_z_d3_r3");
    let args = [
        "sweep",
        "--circuit",
        path.to_str().expect("utf-8"),
        "--decoder",
        "global",
        "--seconds",
        "0.1",
        "--grid",
        "1x1",
    ];
    let table = stdout(&surfacelab(&args));
    assert!(table.contains("shots/s"), "{table}");
}

#[test]
fn bad_circuits_and_flags_are_refused() {
    let dir = std::env::temp_dir().join("surfacelab-cli-circuit");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.stim");
    std::fs::write(&bad, "R 0 1\nH 0\nMXX 0 1\n").expect("write");
    let bad = bad.to_str().expect("utf-8");
    assert_rejected(&["dem", "--circuit", bad], &["line 3", "MXX"]);
    assert_rejected(
        &["collect", "--circuit", bad, "--no-progress"],
        &["line 3", "MXX"],
    );
    let good = corpus("cz_round_d3_r3");
    let good = good.to_str().expect("utf-8");
    assert_rejected(
        &[
            "collect",
            "--circuit",
            good,
            "--distances",
            "3",
            "--p",
            "0.1",
        ],
        &["--circuit replaces", "--distances", "--p"],
    );
    assert_rejected(
        &["collect", "--circuit", good, "--decoder", "sliding"],
        &["--commit-rounds", "--buffer-rounds"],
    );
    assert_rejected(
        &["collect", "--circuit", good, "--code", "repetition"],
        &["--circuit replaces", "--code"],
    );
    assert_rejected(
        &["threshold", "--circuit", good],
        &["does not take --circuit"],
    );
}
