//! Pinned reproducibility: for a few (task, seed) pairs, the exact error counts, the metadata
//! and the strong id. A change of draw order, stream key (`TaskSpec::sample_key`), sampler,
//! decoder or metadata changes one of them and fails here, where it would otherwise pass every
//! statistical test unnoticed.
//!
//! THE GOLDEN VALUES LIVE IN `GOLDEN` BELOW, and only there. A change that is meant to change
//! them (e.g. another default matching engine, which may break ties between equal-weight
//! matchings differently, so a few errors move) must say so in its commit; regenerate with
//! `cargo test --test golden_counts -- --nocapture` and paste the `GOLDEN` lines it prints.

mod task_common;

use surfacelab::circuit::Basis;
use surfacelab::collect::{run_serial, Limits, PreparedTask};
use surfacelab::spec::{DecoderKind, NoiseModel, Shard, TaskSpec, WindowRounds};

/// (name, seed, shots, errors, metadata, first 16 hex digits of the strong id).
type Golden = (&'static str, u64, u64, u64, &'static str, &'static str);

const GOLDEN: [Golden; 5] = [
    (
        "global-z-d3",
        1,
        20000,
        1129,
        r#"{"b":"Z","d":3,"p":0.01,"r":3}"#,
        "3ed3d0879cd1c8d2",
    ),
    (
        "global-x-d5",
        2,
        10000,
        533,
        r#"{"b":"X","d":5,"p":0.008,"r":5}"#,
        "ad910e6f895b5d9e",
    ),
    (
        "si1000-z-d3",
        3,
        10000,
        331,
        r#"{"b":"Z","d":3,"noise":"si1000","p":0.004,"r":3}"#,
        "b8c0c32eed0c3bac",
    ),
    (
        "parallel-window-z-d5",
        4,
        5000,
        267,
        r#"{"b":"Z","c":2,"d":5,"p":0.006,"r":10,"w":2}"#,
        "288b70bca7371330",
    ),
    (
        "sliding-z-d3-r9",
        5,
        5000,
        774,
        r#"{"b":"Z","c":1,"d":3,"p":0.01,"r":9,"w":3}"#,
        "13498d36554fadf6",
    ),
];

/// The task behind each golden name.
fn task(name: &str) -> TaskSpec {
    let window = |c, w| {
        Some(WindowRounds {
            commit: c,
            buffer: w,
        })
    };
    match name {
        "global-z-d3" => task_common::spec(DecoderKind::Global, Basis::Z, 3, 3, 0.01),
        "global-x-d5" => task_common::spec(DecoderKind::Global, Basis::X, 5, 5, 0.008),
        "si1000-z-d3" => TaskSpec {
            noise: NoiseModel::Si1000(0.004),
            ..task_common::spec(DecoderKind::Global, Basis::Z, 3, 3, 0.004)
        },
        "parallel-window-z-d5" => TaskSpec {
            window: window(2, 2),
            ..task_common::spec(DecoderKind::ParallelWindow, Basis::Z, 5, 10, 0.006)
        },
        "sliding-z-d3-r9" => TaskSpec {
            window: window(1, 3),
            ..task_common::spec(DecoderKind::Sliding, Basis::Z, 3, 9, 0.01)
        },
        other => panic!("no golden task {other}"),
    }
}

#[test]
fn counts_metadata_and_strong_ids_are_pinned() {
    let mut actual = Vec::new();
    for &(name, seed, shots, _, _, _) in &GOLDEN {
        let prepared = PreparedTask::prepare(task(name)).expect("golden tasks are valid");
        let limits = Limits {
            max_shots: shots,
            max_errors: None,
            shard: Shard::WHOLE,
        };
        let tally = run_serial(std::slice::from_ref(&prepared), &[limits], seed, 4, &|| 0.0)
            .expect("golden tasks decode")[0];
        assert_eq!(tally.shots, shots, "{name}");
        actual.push((
            name,
            seed,
            shots,
            tally.errors,
            prepared.metadata.clone(),
            prepared.strong_id[..16].to_string(),
        ));
    }
    let lines: Vec<String> = actual
        .iter()
        .map(|(name, seed, shots, errors, metadata, id)| {
            format!("    ({name:?}, {seed}, {shots}, {errors}, r#\"{metadata}\"#, {id:?}),")
        })
        .collect();
    println!("GOLDEN:\n{}", lines.join("\n"));
    for (golden, got) in GOLDEN.iter().zip(&actual) {
        let expected = (golden.0, golden.1, golden.2, golden.3, golden.4, golden.5);
        let got = (got.0, got.1, got.2, got.3, got.4.as_str(), got.5.as_str());
        assert_eq!(
            got, expected,
            "golden counts changed; if on purpose, paste the GOLDEN lines printed above"
        );
    }
}
