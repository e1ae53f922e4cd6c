//! What the task tests share: a memory task with stim's uniform noise, and its shots decoded
//! streamed or as the whole memory.
#![allow(dead_code)]

use surfacelab::circuit::{Basis, NoiseParams};
use surfacelab::collect::{PreparedTask, TaskDecoder};
use surfacelab::ints::ObservableMask;
use surfacelab::sample::ShotBatch;
use surfacelab::spec::{DecoderKind, NoiseModel, TaskSpec, WindowRounds};
use surfacelab::window::WindowThreads;

/// d, r, basis and p with `decoder`; a windowed decoder gets c = w = min(d, r).
pub fn spec(decoder: DecoderKind, basis: Basis, d: u32, r: u32, p: f64) -> TaskSpec {
    TaskSpec {
        code: surfacelab::circuit::CodeFamily::Rotated,
        distance: d,
        rounds: r,
        basis,
        noise: NoiseModel::Stim(NoiseParams::uniform(p)),
        decoder,
        window: decoder.is_windowed().then_some(WindowRounds {
            commit: d.min(r),
            buffer: d.min(r),
        }),
        correlated: false,
    }
}

/// Where [`decoded_shots`] takes its shots: the first `shots` of block `block` for `seed`.
#[derive(Debug, Clone, Copy)]
pub struct ShotRange {
    pub seed: u64,
    pub block: u64,
    pub shots: usize,
}

/// (actual, predicted) per shot of `range`, decoded streamed (layer by layer while sampled) or
/// as the whole memory.
pub fn decoded_shots(
    spec: TaskSpec,
    stream: bool,
    threads: WindowThreads,
    range: ShotRange,
) -> Vec<(ObservableMask, ObservableMask)> {
    let ShotRange { seed, block, shots } = range;
    let task = PreparedTask::prepare_with(spec, stream).expect("task builds");
    assert_eq!(task.is_streamed(), stream, "{spec:?}");
    match task
        .new_block_decoder(threads, None)
        .expect("decoder builds")
    {
        TaskDecoder::Streamed(mut decoder) => {
            decoder.run_block(seed, &task.sample_key, block, shots);
            let (predicted, actual) = decoder.last_block();
            actual
                .iter()
                .copied()
                .zip(predicted.iter().copied())
                .collect()
        }
        TaskDecoder::Whole {
            mut decoder,
            sampler,
        } => {
            let mut batch = ShotBatch::default();
            sampler.sample_block(seed, &task.sample_key, block, shots, &mut batch);
            let mut defects = Vec::new();
            (0..shots)
                .map(|shot| {
                    batch.defects_into(shot, &mut defects);
                    (batch.observables[shot], decoder.decode(&defects))
                })
                .collect()
        }
    }
}
