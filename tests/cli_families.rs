//! `--code`: the repetition code and the unrotated surface code on the command line, their
//! metadata, their decoders and their bad input.

mod cli_common;

use cli_common::{assert_rejected, stdout, surfacelab};
use serde_json::Value;
use std::path::Path;

fn golden(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/circuits/families")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn circuit_prints_stims_text_for_each_family() {
    let repetition = surfacelab(&[
        "circuit",
        "--code",
        "repetition",
        "--distance",
        "3",
        "--rounds",
        "3",
        "--after-clifford-depolarization",
        "0.001",
        "--after-reset-flip-probability",
        "0.002",
        "--before-measure-flip-probability",
        "0.003",
        "--before-round-data-depolarization",
        "0.004",
    ]);
    assert_eq!(stdout(&repetition), golden("repetition_z_d3_r3_four.stim"));
    let unrotated = surfacelab(&[
        "circuit",
        "--code",
        "unrotated",
        "--distance",
        "2",
        "--rounds",
        "2",
        "--basis",
        "x",
        "--after-clifford-depolarization",
        "0.01",
    ]);
    assert_eq!(
        stdout(&unrotated),
        golden("unrotated_x_d2_r2_clifford0.01.stim")
    );
}

#[test]
fn code_goes_into_metadata_only_when_not_rotated() {
    let run =
        |code: &str| collect_row(code, &["--p", "0.01", "--max-shots", "2048", "--seed", "5"]);
    let rotated = run("rotated");
    assert!(
        rotated.contains(r#",global,"#)
            && rotated.contains(r#","{""b"":""Z"",""d"":3,""p"":0.01,""r"":3}","#),
        "{rotated}"
    );
    let repetition = run("repetition");
    assert!(
        repetition.contains(r#"""code"":""repetition"""#),
        "{repetition}"
    );
    let unrotated = run("unrotated");
    assert!(
        unrotated.contains(r#"""code"":""unrotated"""#),
        "{unrotated}"
    );
}

/// The one CSV row of `collect --distances 3` for `code` with the rest of the flags `flags`.
fn collect_row(code: &str, flags: &[&str]) -> String {
    let mut args = vec![
        "collect",
        "--no-progress",
        "--workers",
        "2",
        "--code",
        code,
        "--distances",
        "3",
    ];
    args.extend_from_slice(flags);
    let csv = stdout(&surfacelab(&args));
    csv.lines().nth(1).expect("one row").to_string()
}

/// The logical errors of `collect`'s one row for `code` at d = 3, r = 12, p = 0.02, seed 3,
/// with `extra` flags (decoder, shots).
fn collect_errors(code: &str, extra: &[&str]) -> u64 {
    let mut flags = vec!["--rounds", "12", "--p", "0.02", "--seed", "3"];
    flags.extend_from_slice(extra);
    let row = collect_row(code, &flags);
    row.split(',').nth(1).unwrap().trim().parse().unwrap()
}

/// The window decoders work on both new families: on a long memory below threshold they make
/// about as many errors as the global decoder on the same shots, and `shot` counts as `collect`.
#[test]
fn window_decoders_and_shot_work_for_every_family() {
    for code in ["repetition", "unrotated"] {
        let global = collect_errors(code, &["--decoder", "global", "--max-shots", "4096"]);
        for decoder in ["sliding", "parallel-window"] {
            let windowed = collect_errors(code, &["--decoder", decoder, "--max-shots", "4096"]);
            assert!(global > 20, "{code}: {global} errors");
            let gap = windowed.abs_diff(global) as f64;
            assert!(
                gap <= 0.15 * global as f64 + 10.0,
                "{code} {decoder}: {windowed} vs {global}"
            );
        }
        let shots: Vec<Value> = stdout(&surfacelab(&[
            "shot",
            "--json",
            "--code",
            code,
            "--distance",
            "3",
            "--rounds",
            "12",
            "--p",
            "0.02",
            "--seed",
            "3",
            "--count",
            "300",
        ]))
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .collect();
        let wrong = shots
            .iter()
            .filter(|shot| shot["prediction"] != shot["observable_flips"])
            .count() as u64;
        assert_eq!(
            wrong,
            collect_errors(code, &["--max-shots", "300"]),
            "{code}"
        );
    }
}

#[test]
fn repetition_geometry_is_a_line() {
    let geometry: Value = serde_json::from_str(&stdout(&surfacelab(&[
        "shot",
        "--geometry",
        "--code",
        "repetition",
        "--distance",
        "4",
        "--rounds",
        "2",
    ])))
    .expect("JSON");
    let qubits = geometry["qubits"].as_array().unwrap();
    assert_eq!(qubits.len(), 7);
    for q in qubits {
        assert_eq!(q["x"].as_f64(), q["index"].as_f64());
        assert_eq!(q["y"].as_f64(), Some(0.0));
        let role = if q["index"].as_u64().unwrap() % 2 == 0 {
            "data"
        } else {
            "Z"
        };
        assert_eq!(q["role"], role);
    }
    assert_eq!(geometry["detectors"].as_array().unwrap().len(), 3 * 3);
    assert_eq!(geometry["observable_qubits"], serde_json::json!([6]));
}

#[test]
fn bad_codes_are_refused_naming_the_parameter() {
    assert_rejected(
        &[
            "collect",
            "--code",
            "color",
            "--distances",
            "3",
            "--p",
            "0.01",
        ],
        &["code", "color", "rotated, unrotated or repetition"],
    );
    assert_rejected(
        &[
            "shot",
            "--code",
            "repetition",
            "--distance",
            "3",
            "--basis",
            "x",
        ],
        &["basis", "z for the repetition code"],
    );
    assert_rejected(
        &[
            "circuit",
            "--code",
            "repetition",
            "--distance",
            "3",
            "--basis",
            "x",
        ],
        &["basis", "repetition_code:memory"],
    );
    assert_rejected(
        &[
            "collect",
            "--code",
            "repetition",
            "--distances",
            "3",
            "--p",
            "0.01",
            "--decoder",
            "independent-windows",
        ],
        &["decoder", "independent-windows", "repetition code"],
    );
}
