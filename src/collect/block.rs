//! Running one shot block: sample it from its own stream, decode every shot, count errors.

use super::task::{PreparedTask, TaskDecoder};
use crate::ints::{BlockIndex, ObservableMask};
use crate::sample::ShotBatch;

/// Buffers a worker reuses from block to block.
#[derive(Default)]
pub struct BlockBuffers {
    batch: ShotBatch,
    predictions: Vec<ObservableMask>,
}

/// Samples block `block` of `task` (`shots` shots) and returns how many shots the decoder got
/// wrong (any observable mispredicted).
pub fn run_block(
    task: &PreparedTask,
    decoder: &mut TaskDecoder,
    seed: u64,
    block: BlockIndex,
    shots: usize,
    buffers: &mut BlockBuffers,
) -> u64 {
    let (sampler, decoder) = match decoder {
        TaskDecoder::Streamed(decoder) => {
            return decoder.run_block(seed, &task.sample_key, block, shots)
        }
        TaskDecoder::Whole { decoder, sampler } => (sampler, decoder),
    };
    sampler.sample_block(seed, &task.sample_key, block, shots, &mut buffers.batch);
    decoder.decode_batch(&buffers.batch, &mut buffers.predictions);
    let truth = &buffers.batch.observables;
    buffers
        .predictions
        .iter()
        .zip(truth)
        .filter(|(predicted, actual)| predicted != actual)
        .count() as u64
}
