//! Logical error rates from `surfacelab collect` agree with sinter + PyMatching's
//! (tests/data/reference/sinter_pymatching_d3_d5.csv) within 3 combined standard errors.

use std::collections::HashMap;
use std::process::Command;
use surfacelab::collect::read_csv;

#[test]
fn collect_matches_sinter_pymatching_d3_d5() {
    let reference_text = include_str!("data/reference/sinter_pymatching_d3_d5.csv");
    let reference = read_csv(reference_text).expect("reference CSV parses");
    let output = Command::new(env!("CARGO_BIN_EXE_surfacelab"))
        .args([
            "collect",
            "--distances",
            "3,5",
            "--rounds",
            "d",
            "--basis",
            "z",
            "--p",
            "0.001,0.003,0.005,0.007,0.01",
            "--max-shots",
            "1500000",
            "--max-errors",
            "600",
            "--seed",
            "7",
            "--workers",
            "2",
            "--no-progress",
        ])
        .output()
        .expect("surfacelab runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ours = read_csv(&String::from_utf8(output.stdout).expect("utf-8")).expect("our CSV parses");
    let ours: HashMap<_, _> = ours
        .iter()
        .map(|row| (row.json_metadata.clone(), row))
        .collect();
    assert_eq!(reference.len(), 10);
    for expected in &reference {
        let got = ours
            .get(&expected.json_metadata)
            .unwrap_or_else(|| panic!("no row for {}", expected.json_metadata));
        let rate = |row: &surfacelab::collect::CsvRow| row.errors as f64 / row.shots as f64;
        let (ours_rate, ref_rate) = (rate(got), rate(expected));
        let variance = |r: f64, n: u64| r * (1.0 - r) / n as f64;
        let combined = (variance(ours_rate, got.shots) + variance(ref_rate, expected.shots)).sqrt();
        let z = (ours_rate - ref_rate).abs() / combined;
        println!(
            "{}: ours {ours_rate:.3e} ({} / {}), sinter {ref_rate:.3e}, {z:.2} standard errors",
            expected.json_metadata, got.errors, got.shots
        );
        assert!(
            z <= 3.0,
            "{} differs by {z:.2} standard errors",
            expected.json_metadata
        );
    }
}
