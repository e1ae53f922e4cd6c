//! Correlated matching inside windows: parallel-window decoding at c = w = d has the logical
//! error rate of correlated global matching (d = 5 and 7, r = 10d, p = 0.005), correlation
//! helps every decoder, and a streamed long memory decodes shot for shot as the whole memory.

mod task_common;

use surfacelab::circuit::Basis;
use surfacelab::collect::PreparedTask;
use surfacelab::ints::{ObservableMask, BLOCK_SHOTS};
use surfacelab::sample::ShotBatch;
use surfacelab::spec::{DecoderKind, TaskSpec};
use surfacelab::window::WindowThreads;

use task_common::{decoded_shots, spec, ShotRange};

fn correlated(spec: TaskSpec) -> TaskSpec {
    TaskSpec {
        correlated: true,
        ..spec
    }
}

/// (actual, predicted) per shot over `blocks` blocks of the memory's stream (the same shots
/// for every decoder of one memory), decoded with the whole memory's model.
fn decode(spec: TaskSpec, blocks: u64) -> Vec<(ObservableMask, ObservableMask)> {
    let task = PreparedTask::prepare(spec).expect("task builds");
    let mut decoder = task.new_decoder(None).expect("decoder builds");
    let sampler = &task.whole().unwrap().sampler;
    let (mut batch, mut defects, mut out) = (ShotBatch::default(), Vec::new(), Vec::new());
    for block in 0..blocks {
        sampler.sample_block(11, &task.sample_key, block, BLOCK_SHOTS, &mut batch);
        for shot in 0..BLOCK_SHOTS {
            batch.defects_into(shot, &mut defects);
            out.push((batch.observables[shot], decoder.decode(&defects)));
        }
    }
    out
}

fn errors(shots: &[(ObservableMask, ObservableMask)]) -> usize {
    shots
        .iter()
        .filter(|(actual, predicted)| actual != predicted)
        .count()
}

#[test]
fn correlated_parallel_windows_match_correlated_global_matching() {
    for (d, blocks) in [(5, 2), (7, 1)] {
        let memory = |decoder| spec(decoder, Basis::Z, d, 10 * d, 0.005);
        let global = decode(correlated(memory(DecoderKind::Global)), blocks);
        let windows = decode(correlated(memory(DecoderKind::ParallelWindow)), blocks);
        let plain_global = decode(memory(DecoderKind::Global), blocks);
        let plain_windows = decode(memory(DecoderKind::ParallelWindow), blocks);
        let shots = global.len() as f64;
        let rate = |list: &[(u64, u64)]| errors(list) as f64 / shots;
        let (g, w) = (rate(&global), rate(&windows));
        let combined = ((g * (1.0 - g) + w * (1.0 - w)) / shots).sqrt();
        let differing = global
            .iter()
            .zip(&windows)
            .filter(|(a, b)| a.1 != b.1)
            .count();
        println!(
            "d={d} r={}: LER correlated global {g:.4}, correlated parallel-window {w:.4} \
             (3 SE = {:.4}; {differing} of {shots} shots differ); plain global {:.4}, plain \
             parallel-window {:.4}",
            10 * d,
            3.0 * combined,
            rate(&plain_global),
            rate(&plain_windows)
        );
        assert!((g - w).abs() <= 3.0 * combined, "d = {d}: {g} vs {w}");
        assert!(
            errors(&global) < errors(&plain_global),
            "d = {d}: correlation helps globally"
        );
        assert!(
            errors(&windows) < errors(&plain_windows),
            "d = {d}: and in windows"
        );
    }
}

/// (actual, predicted) per shot of block 0's first `shots` shots (seed 5), streamed or whole.
fn block(spec: TaskSpec, stream: bool, shots: usize) -> Vec<(ObservableMask, ObservableMask)> {
    let range = ShotRange {
        seed: 5,
        block: 0,
        shots,
    };
    decoded_shots(spec, stream, WindowThreads::Sequential, range)
}

#[test]
fn streamed_correlated_windows_decode_as_the_whole_memory() {
    for decoder in [DecoderKind::Sliding, DecoderKind::ParallelWindow] {
        for basis in [Basis::Z, Basis::X] {
            let memory = correlated(spec(decoder, basis, 5, 50, 0.008));
            let whole = block(memory, false, 300);
            let streamed = block(memory, true, 300);
            assert_eq!(whole, streamed, "{decoder:?} {basis:?}");
            let plain = block(
                TaskSpec {
                    correlated: false,
                    ..memory
                },
                false,
                300,
            );
            assert_ne!(
                whole, plain,
                "{decoder:?} {basis:?}: correlation changes something"
            );
        }
    }
}

#[test]
fn correlated_tasks_are_told_apart_but_decode_the_same_shots() {
    let plain = spec(DecoderKind::Sliding, Basis::X, 3, 6, 0.01);
    let task = PreparedTask::prepare(plain).unwrap();
    let correlated_task = PreparedTask::prepare(correlated(plain)).unwrap();
    assert_eq!(task.sample_key, correlated_task.sample_key);
    assert_ne!(task.strong_id, correlated_task.strong_id);
    assert_eq!(correlated_task.spec.decoder_name(), "sliding+correlated");
    assert!(correlated_task.metadata.contains(r#""correlated":true"#));
    assert!(!task.metadata.contains("correlated"));
    let refused = PreparedTask::prepare(correlated(spec(
        DecoderKind::IndependentWindows,
        Basis::Z,
        5,
        10,
        0.01,
    )));
    let message = refused.err().expect("refused").to_string();
    assert!(message.starts_with("correlated must be"), "{message}");
}
