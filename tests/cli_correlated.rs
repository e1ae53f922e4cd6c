//! `--correlated` on the command line: collect writes global+correlated rows with
//! "correlated":true in their metadata and decodes the shots plain collect decodes (same shot
//! counts, fewer errors); shot takes it; independent windows refuse it.

mod cli_common;

use cli_common::{assert_rejected, stdout, surfacelab};

/// (decoder, shots, errors, metadata) of each CSV row.
fn rows(csv: &str) -> Vec<(String, u64, u64, String)> {
    csv.lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.splitn(7, ',').map(str::trim).collect();
            (
                fields[4].to_string(),
                fields[0].parse().unwrap(),
                fields[1].parse().unwrap(),
                fields[6].to_string(),
            )
        })
        .collect()
}

#[test]
fn collect_tells_correlated_rows_apart_and_decodes_the_same_shots() {
    let args = [
        "collect",
        "--distances",
        "5",
        "--p",
        "0.008",
        "--decoder",
        "sliding",
        "--max-shots",
        "3000",
        "--max-errors",
        "1000000",
        "--seed",
        "3",
    ];
    let plain = rows(&stdout(&surfacelab(&args)));
    let correlated = rows(&stdout(&surfacelab(
        &[&args[..], &["--correlated"]].concat(),
    )));
    assert_eq!(plain.len(), 1);
    assert_eq!(correlated.len(), 1);
    assert_eq!(plain[0].0, "sliding");
    assert_eq!(correlated[0].0, "sliding+correlated");
    assert!(
        correlated[0].3.contains(r#"""correlated"":true"#),
        "{}",
        correlated[0].3
    );
    assert!(!plain[0].3.contains("correlated"));
    assert_eq!(plain[0].1, correlated[0].1, "same shots");
    assert!(correlated[0].2 < plain[0].2, "{correlated:?} vs {plain:?}");
}

#[test]
fn shot_takes_it_and_independent_windows_refuse_it() {
    let shot = stdout(&surfacelab(&[
        "shot",
        "--distance",
        "3",
        "--p",
        "0.02",
        "--count",
        "50",
        "--correlated",
    ]));
    assert!(shot.contains("global+correlated"), "{shot}");
    assert_rejected(
        &[
            "collect",
            "--distances",
            "5",
            "--rounds",
            "10",
            "--p",
            "0.01",
            "--decoder",
            "independent-windows",
            "--correlated",
        ],
        &["correlated must be off for independent-windows", "got on"],
    );
}
