//! `--circuit FILE.stim` on the command line: `dem` writes the circuit's model, `sweep` times
//! it, `collect` runs it with metadata `{"circuit":"<SHA-256 of the text>"}` and the same counts for the same seed,
//! `shot` explains the same shots collect counts and draws them from the circuit's own coordinates,
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

#[test]
fn shot_explains_the_shots_collect_counts() {
    let path = corpus("cz_round_d3_r3");
    let path = path.to_str().expect("utf-8");
    let csv = stdout(&surfacelab(&[
        "collect",
        "--circuit",
        path,
        "--max-shots",
        "2048",
        "--max-errors",
        "100000",
        "--seed",
        "5",
        "--no-progress",
    ]));
    let row = csv.lines().nth(1).expect("one row");
    let fields: Vec<&str> = row.split(',').map(str::trim).collect();
    assert_eq!(fields[0], "2048", "{row}");
    let errors: u64 = fields[1].parse().expect("errors");
    assert!(errors > 0, "{row}");
    let shots = stdout(&surfacelab(&[
        "shot",
        "--circuit",
        path,
        "--seed",
        "5",
        "--index",
        "0",
        "--count",
        "2048",
    ]));
    let last = shots.lines().last().expect("a summary");
    assert_eq!(
        last,
        format!("{errors} of 2048 shots predicted wrongly by global")
    );
    let windows = stdout(&surfacelab(&[
        "shot",
        "--circuit",
        path,
        "--decoder",
        "parallel-window",
        "--commit-rounds",
        "1",
        "--buffer-rounds",
        "1",
        "--json",
    ]));
    assert!(windows.contains(r#""windows":[{"layer":"A""#), "{windows}");
}

#[test]
fn shot_geometry_comes_from_the_circuits_coordinates() {
    let path = corpus("cz_round_d3_r3");
    let geometry = stdout(&surfacelab(&[
        "shot",
        "--circuit",
        path.to_str().expect("utf-8"),
        "--geometry",
    ]));
    let geometry: serde_json::Value = serde_json::from_str(&geometry).expect("JSON");
    assert_eq!(geometry["num_layers"], 4);
    let qubit = |index: u64| {
        geometry["qubits"]
            .as_array()
            .expect("qubits")
            .iter()
            .find(|q| q["index"] == index)
            .cloned()
            .expect("the qubit")
    };
    // QUBIT_COORDS(2, 0) 2 and QUBIT_COORDS(4, 6) 25 in the file.
    assert_eq!(
        (qubit(2)["x"].clone(), qubit(2)["y"].clone()),
        (2.0.into(), 0.0.into())
    );
    assert_eq!(
        (qubit(25)["x"].clone(), qubit(25)["y"].clone()),
        (4.0.into(), 6.0.into())
    );
    let dem = stdout(&surfacelab(&[
        "dem",
        "--circuit",
        path.to_str().expect("utf-8"),
    ]));
    let detectors = dem.lines().filter(|l| l.starts_with("detector")).count();
    assert_eq!(
        geometry["detectors"].as_array().expect("detectors").len(),
        detectors
    );
    let repetition = stdout(&surfacelab(&[
        "shot",
        "--circuit",
        corpus("repetition_d5_r5").to_str().expect("utf-8"),
        "--geometry",
    ]));
    let repetition: serde_json::Value = serde_json::from_str(&repetition).expect("JSON");
    assert_eq!(repetition["num_layers"], 6, "r = 5: six detector layers");
}

#[test]
fn shot_refuses_what_a_circuit_cannot_give() {
    let dir = std::env::temp_dir().join("surfacelab-cli-circuit-shot");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text = std::fs::read_to_string(corpus("cz_round_d3_r3")).expect("corpus file");
    let write = |name: &str, text: String| {
        let file = dir.join(name);
        std::fs::write(&file, text).expect("write");
        file.to_str().expect("utf-8").to_string()
    };
    let without = |keep: &dyn Fn(&str) -> bool| {
        text.lines()
            .filter(|line| keep(line))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let none = write("none.stim", without(&|l| !l.starts_with("QUBIT_COORDS")));
    let partial = write("partial.stim", without(&|l| l != "QUBIT_COORDS(1, 1) 1"));
    let bare = write(
        "bare.stim",
        text.lines()
            .map(|l| match l.find(')') {
                Some(end) if l.trim_start().starts_with("DETECTOR(") => {
                    let indent = &l[..l.len() - l.trim_start().len()];
                    format!("{indent}DETECTOR{}", &l[end + 1..])
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    assert_rejected(
        &["shot", "--circuit", &none, "--geometry"],
        &["none.stim", "QUBIT_COORDS", "not on one line", "D0"],
    );
    assert_rejected(
        &["shot", "--circuit", &partial, "--geometry"],
        &["partial.stim", "QUBIT_COORDS", "qubit 1 has none"],
    );
    assert_rejected(
        &["shot", "--circuit", &bare, "--geometry"],
        &["bare.stim", "coordinates on every detector", "D0"],
    );
    // Shots need no geometry: the same files explain shots.
    assert!(stdout(&surfacelab(&["shot", "--circuit", &none])).starts_with("shot 0:"));
    let good = corpus("cz_round_d3_r3");
    let good = good.to_str().expect("utf-8");
    assert_rejected(
        &["shot", "--circuit", good, "--flip", "1:0"],
        &["--flip needs a generated memory"],
    );
    assert_rejected(
        &["shot", "--circuit", good, "--decoder", "sliding"],
        &["--commit-rounds", "--buffer-rounds"],
    );
    assert_rejected(
        &["shot", "--circuit", good, "--distance", "3"],
        &["--circuit replaces", "--distance"],
    );
}
