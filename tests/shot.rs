//! One shot, explained (`shot::ShotExplorer`, `surfacelab shot`): the K-th shot is the one
//! `collect` samples, every decoder sees it, its fired errors explain its events, the path
//! edges explain the prediction and the weight, windows are the planner's, and hand-made
//! errors toggle cleanly.

mod task_common;

use surfacelab::circuit::Basis;
use surfacelab::collect::{run_serial, Limits, PreparedTask};
use surfacelab::dem::Symptom;
use surfacelab::parallel::windows_per_shot;
use surfacelab::shot::flip::HandError;
use surfacelab::shot::{ShotExplorer, Wanted, ALL_DECODERS};
use surfacelab::spec::{DecoderKind, Shard, TaskSpec};

use task_common::spec;

/// Errors `collect` counts for the first `shots` shots of the task with `seed`.
fn collected_errors(spec: TaskSpec, shots: u64, seed: u64) -> u64 {
    let task = PreparedTask::prepare(spec).unwrap();
    let limits = Limits {
        max_shots: shots,
        max_errors: None,
        shard: Shard::WHOLE,
    };
    run_serial(&[task], &[limits], seed, 1, &|| 0.0).unwrap()[0].errors
}

#[test]
fn shot_failures_equal_collect_errors() {
    // Done when: d in {3, 5, 7, 9}, r = d, p = 0.01, both bases, global and parallel-window.
    for d in [3, 5, 7, 9] {
        for basis in [Basis::Z, Basis::X] {
            for decoder in [DecoderKind::Global, DecoderKind::ParallelWindow] {
                let spec = spec(decoder, basis, d, d, 0.01);
                let mut explorer = ShotExplorer::new(spec, 1).unwrap();
                let wrong = (0..1000)
                    .filter(|&k| !explorer.explain(7, k, &[], decoder).unwrap().correct)
                    .count() as u64;
                let counted = collected_errors(spec, 1000, 7);
                assert_eq!(wrong, counted, "d = {d}, {basis:?}, {}", decoder.name());
                assert!(counted > 0, "the comparison must see failures");
            }
        }
    }
}

#[test]
fn every_decoder_sees_the_same_shot() {
    let mut explorers: Vec<ShotExplorer> = [
        DecoderKind::Global,
        DecoderKind::Sliding,
        DecoderKind::ParallelWindow,
    ]
    .into_iter()
    .map(|kind| ShotExplorer::new(spec(kind, Basis::Z, 5, 15, 0.01), 2).unwrap())
    .collect();
    for k in [0, 1, 1023, 1024, 5000] {
        let shots: Vec<_> = explorers
            .iter_mut()
            .map(|explorer| {
                let kind = explorer.decoder();
                explorer.explain(3, k, &[], kind).unwrap()
            })
            .collect();
        for shot in &shots[1..] {
            assert_eq!(shot.detection_events, shots[0].detection_events);
            assert_eq!(shot.observable_flips, shots[0].observable_flips);
            assert_eq!(shot.fired_errors, shots[0].fired_errors);
        }
    }
}

#[test]
fn fired_errors_explain_the_events_and_paths_explain_the_answer() {
    for decoder in ALL_DECODERS {
        let (d, r) = (5, 20);
        let spec = spec(decoder, Basis::X, d, r, 0.008);
        let task = PreparedTask::prepare(spec).unwrap();
        let mut explorer = ShotExplorer::new(spec, 3).unwrap();
        for k in 0..200 {
            let shot = explorer.explain(11, k, &[], decoder).unwrap();
            let fired = shot.fired_errors.iter().fold(Symptom::default(), |acc, e| {
                acc.xor(&Symptom {
                    detectors: e.detectors.clone(),
                    observables: e.observables,
                })
            });
            assert_eq!(fired.detectors, shot.detection_events, "shot {k}");
            assert_eq!(fired.observables, shot.observable_flips, "shot {k}");
            let observables = shot.path_edge_observables.iter().fold(0, |acc, o| acc ^ o);
            assert_eq!(observables, shot.prediction, "{} shot {k}", decoder.name());
            let weight: f64 = shot
                .path_edges
                .iter()
                .map(|&(a, b)| {
                    let edge = task
                        .whole()
                        .expect("a whole task")
                        .graph
                        .edges
                        .iter()
                        .find(|edge| edge.node_a == a && edge.node_b == b)
                        .expect("a path edge is an edge of the full graph");
                    edge.weight
                })
                .sum();
            assert!(
                (weight - shot.weight).abs() <= 1e-9 * weight.max(1.0),
                "{} shot {k}: {weight} vs {}",
                decoder.name(),
                shot.weight
            );
            let windows = shot.windows.as_ref().map_or(1, Vec::len) as u64;
            assert_eq!(
                windows,
                windows_per_shot(decoder, r, d, d),
                "{}",
                decoder.name()
            );
        }
    }
}

#[test]
fn hand_made_errors_toggle_and_are_checked() {
    let spec = spec(DecoderKind::ParallelWindow, Basis::Z, 5, 5, 0.001);
    let mut explorer = ShotExplorer::new(spec, 1).unwrap();
    let plain = explorer
        .explain(1, 4, &[], DecoderKind::ParallelWindow)
        .unwrap();
    // Qubit 12 is a data qubit of d = 5, 13 a Z-type measure qubit.
    let flip = HandError::parse("12:2").unwrap();
    let measured = HandError::parse("13:3").unwrap();
    let once = explorer
        .explain(1, 4, &[flip], DecoderKind::ParallelWindow)
        .unwrap();
    assert_ne!(once.detection_events, plain.detection_events);
    assert_eq!(once.hand_errors.len(), 1);
    assert!(!once.hand_errors[0].detectors.is_empty());
    let twice = explorer
        .explain(1, 4, &[flip, flip], DecoderKind::ParallelWindow)
        .unwrap();
    assert_eq!(twice.detection_events, plain.detection_events);
    assert_eq!(twice.observable_flips, plain.observable_flips);
    assert_eq!(twice.prediction, plain.prediction);
    let measurement = explorer
        .explain(1, 4, &[measured], DecoderKind::Global)
        .unwrap();
    // A measurement error flips the detector of its round and the next one: two events.
    assert_eq!(measurement.hand_errors[0].detectors.len(), 2);
    assert_eq!(measurement.hand_errors[0].observables, 0);
    for bad in ["12:5", "0:1", "999:0"] {
        let error = explorer
            .explain(1, 4, &[HandError::parse(bad).unwrap()], DecoderKind::Global)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("flip must be qubit:round"), "{error}");
        assert!(error.ends_with(&format!("got {bad}")), "{error}");
    }
    for bad in ["12", "a:1", "1:-1", ":", "1:2:3"] {
        assert!(HandError::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn searches_find_what_they_promise() {
    let spec = spec(DecoderKind::ParallelWindow, Basis::Z, 5, 50, 0.01);
    let mut explorer = ShotExplorer::new(spec, 2).unwrap();
    let found = explorer
        .find(1, 0, 5000, Wanted::Failure(DecoderKind::Global))
        .unwrap();
    let index = found
        .index
        .expect("global fails within 5000 shots at p = 0.01");
    assert_eq!(found.searched, index + 1);
    assert!(
        !explorer
            .explain(1, index, &[], DecoderKind::Global)
            .unwrap()
            .correct
    );
    for k in 0..index {
        assert!(
            explorer
                .explain(1, k, &[], DecoderKind::Global)
                .unwrap()
                .correct
        );
    }
    // Done when: within the first 2,000 shots, independent windows fail where parallel-window
    // is right (d = 5, r = 50, c = w = 5).
    let found = explorer
        .find(1, 0, 2000, Wanted::SeedFailsParallelRight)
        .unwrap();
    let index = found.index.expect("a seed failure within 2000 shots");
    let verdicts = explorer.compare(1, index, &[]).unwrap();
    let verdict = |name: &str| verdicts.iter().find(|v| v.decoder == name).unwrap().correct;
    assert_eq!(verdict("independent-windows"), Some(false));
    assert_eq!(verdict("parallel-window"), Some(true));
    let story = explorer.cut_story(1, index, &[]).unwrap();
    assert!(!story.single_window);
    let crossing = story.crossing.expect("a chain crossed a cut");
    assert!(crossing.from.block < crossing.to.block);
    assert!(crossing.from.t < crossing.cut && crossing.cut <= crossing.to.t);
    let hand_over = crossing
        .hand_over
        .expect("parallel-window handed a defect over");
    assert!(hand_over.window.starts_with('B'), "{hand_over:?}");
    let nothing = explorer
        .find(1, 0, 3, Wanted::Failure(DecoderKind::Global))
        .unwrap();
    assert!(nothing.index.is_none() || nothing.index < Some(3));
}
