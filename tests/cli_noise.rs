//! `--noise stim|si1000` on the command line: the SI1000 circuit as stim builds it, its metadata,
//! and bad input (unknown model, p above SI1000's 0.1, stim-only parameters) refused with status
//! 2 and one line.

mod cli_common;

use cli_common::{assert_rejected, stdout, surfacelab};
use std::path::Path;

#[test]
fn si1000_circuit_is_the_stim_built_one() {
    let golden =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/si1000/si1000_x_d3_r9_p0.002.stim");
    let expected = std::fs::read_to_string(&golden).expect("golden circuit exists");
    let args = [
        "circuit",
        "--distance",
        "3",
        "--rounds",
        "3d",
        "--basis",
        "x",
        "--noise",
        "si1000",
        "--p",
        "0.002",
    ];
    assert_eq!(stdout(&surfacelab(&args)), expected);
}

#[test]
fn stim_stays_the_default() {
    let args = ["circuit", "--distance", "3", "--p", "0.001"];
    let default = stdout(&surfacelab(&args));
    let named = stdout(&surfacelab(&[&args[..], &["--noise", "stim"]].concat()));
    assert_eq!(default, named);
    assert!(default.contains("DEPOLARIZE1(0.001)"));
}

#[test]
fn si1000_dem_and_collect_metadata() {
    let dem = stdout(&surfacelab(&[
        "dem",
        "--distance",
        "3",
        "--noise",
        "si1000",
        "--p",
        "0.002",
    ]));
    assert!(dem.lines().any(|line| line.starts_with("error(")), "{dem}");
    let csv = stdout(&surfacelab(&[
        "collect",
        "--distances",
        "3",
        "--noise",
        "si1000",
        "--p",
        "0.002",
        "--max-shots",
        "2048",
        "--seed",
        "7",
        "--workers",
        "2",
        "--no-progress",
    ]));
    let metadata = r#"{""b"":""Z"",""d"":3,""noise"":""si1000"",""p"":0.002,""r"":3}"#;
    assert!(csv.contains(metadata), "{csv}");
}

#[test]
fn unknown_noise_model_is_refused() {
    for command in [
        &["circuit", "--distance", "3"][..],
        &["dem", "--distance", "3"][..],
        &["collect", "--distances", "3", "--p", "0.001"][..],
        &["sweep", "--distance", "3"][..],
    ] {
        assert_rejected(
            &[command, &["--noise", "si100"]].concat(),
            &["noise must be stim or si1000, got si100"],
        );
    }
}

#[test]
fn si1000_p_above_a_tenth_is_refused() {
    let range = "p must be a probability from 0 to 0.1 with si1000 noise (5p must stay at most 0.5";
    for command in [
        &["circuit", "--distance", "3", "--p", "0.2"][..],
        &["dem", "--distance", "3", "--p", "0.11"][..],
        &["collect", "--distances", "3", "--p", "0.001,0.2"][..],
        &["sweep", "--distance", "3", "--p", "0.5"][..],
    ] {
        let given = command[command.len() - 1].rsplit(',').next().unwrap_or("");
        assert_rejected(
            &[command, &["--noise", "si1000"]].concat(),
            &[range, &format!("got {given}")],
        );
    }
    // The same p is fine with stim's model, and 0.1 itself with SI1000.
    stdout(&surfacelab(&["circuit", "--distance", "3", "--p", "0.2"]));
    stdout(&surfacelab(&[
        "circuit",
        "--distance",
        "3",
        "--noise",
        "si1000",
        "--p",
        "0.1",
    ]));
}

#[test]
fn stim_parameters_are_refused_with_si1000() {
    assert_rejected(
        &[
            "circuit",
            "--distance",
            "3",
            "--noise",
            "si1000",
            "--p",
            "0.001",
            "--before-measure-flip-probability",
            "0.01",
        ],
        &[
            "--before-measure-flip-probability is a parameter of the stim noise model",
            "--noise si1000 takes only --p",
        ],
    );
}
