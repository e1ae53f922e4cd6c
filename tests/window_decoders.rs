//! Window decoders agree with global matching: shot by shot on almost every shot, and in
//! logical error rate within statistical error. Removing the artificial-defect hand-off at a
//! window cut breaks the shot-by-shot agreement at once.

use std::sync::Arc;
use surfacelab::circuit::{Basis, NoiseParams};
use surfacelab::collect::PreparedTask;
use surfacelab::ints::BLOCK_SHOTS;
use surfacelab::matching::Decoder;
use surfacelab::sample::ShotBatch;
use surfacelab::spec::{DecoderKind, NoiseModel, TaskSpec, WindowRounds};

fn task(decoder: DecoderKind, basis: Basis, d: u32, r: u32, c: u32, w: u32) -> PreparedTask {
    PreparedTask::prepare(TaskSpec {
        code: surfacelab::circuit::CodeFamily::Rotated,
        distance: d,
        rounds: r,
        basis,
        noise: NoiseModel::Stim(NoiseParams::uniform(0.005)),
        decoder,
        window: decoder.is_windowed().then_some(WindowRounds {
            commit: c,
            buffer: w,
        }),
        correlated: false,
    })
    .expect("task builds")
}

/// Per shot: (true observables, prediction) over `blocks` blocks of the task's stream.
fn predictions(task: &PreparedTask, decoder: &mut dyn Decoder, blocks: u64) -> Vec<(u64, u64)> {
    let mut batch = ShotBatch::default();
    let mut defects = Vec::new();
    let mut out = Vec::new();
    for block in 0..blocks {
        // Every decoder of a comparison samples the global task's stream: same shots.
        task.whole().unwrap().sampler.sample_block(
            99,
            "window-test",
            block,
            BLOCK_SHOTS,
            &mut batch,
        );
        for shot in 0..BLOCK_SHOTS {
            batch.defects_into(shot, &mut defects);
            out.push((batch.observables[shot], decoder.decode(&defects)));
        }
    }
    out
}

fn compare(decoder: DecoderKind, basis: Basis, d: u32, r: u32, blocks: u64) {
    let global = task(DecoderKind::Global, basis, d, r, d, d);
    let windowed = task(decoder, basis, d, r, d, d);
    let mut global_decoder = global.new_decoder(None).unwrap();
    let mut window_decoder = windowed.new_decoder(None).unwrap();
    let reference = predictions(&global, global_decoder.as_mut(), blocks);
    let ours = predictions(&global, window_decoder.as_mut(), blocks);
    let shots = reference.len() as f64;
    let differing = reference
        .iter()
        .zip(&ours)
        .filter(|(g, w)| g.1 != w.1)
        .count();
    let errors = |list: &[(u64, u64)]| list.iter().filter(|(truth, p)| truth != p).count() as f64;
    let (global_rate, window_rate) = (errors(&reference) / shots, errors(&ours) / shots);
    let se =
        ((global_rate * (1.0 - global_rate) + window_rate * (1.0 - window_rate)) / shots).sqrt();
    println!(
        "{} {basis:?} d={d} r={r}: {differing} of {shots} shots decode differently; LER global {global_rate:.4}, windowed {window_rate:.4}",
        decoder.name()
    );
    assert!(
        (differing as f64) < 0.01 * shots,
        "{differing} of {shots} shots differ from global matching"
    );
    assert!((global_rate - window_rate).abs() <= 3.0 * se);
}

#[test]
fn sliding_agrees_with_global() {
    for basis in [Basis::Z, Basis::X] {
        compare(DecoderKind::Sliding, basis, 5, 30, 6);
    }
}

#[test]
fn parallel_window_agrees_with_global() {
    for basis in [Basis::Z, Basis::X] {
        compare(DecoderKind::ParallelWindow, basis, 5, 30, 6);
    }
    compare(DecoderKind::ParallelWindow, Basis::Z, 3, 40, 4);
}

#[test]
fn window_threads_do_not_change_predictions() {
    let windowed = task(DecoderKind::ParallelWindow, Basis::Z, 3, 60, 3, 3);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let mut sequential = windowed.new_decoder(None).unwrap();
    let mut threaded = windowed.new_decoder(Some(Arc::new(pool))).unwrap();
    assert_eq!(
        predictions(&windowed, sequential.as_mut(), 2),
        predictions(&windowed, threaded.as_mut(), 2)
    );
}

#[test]
fn one_window_memories_decode_like_global() {
    let global = task(DecoderKind::Global, Basis::Z, 5, 5, 5, 5);
    for decoder in [DecoderKind::Sliding, DecoderKind::ParallelWindow] {
        let windowed = task(decoder, Basis::Z, 5, 5, 5, 5);
        let mut g = global.new_decoder(None).unwrap();
        let mut w = windowed.new_decoder(None).unwrap();
        assert_eq!(
            predictions(&global, g.as_mut(), 2),
            predictions(&global, w.as_mut(), 2)
        );
    }
}
