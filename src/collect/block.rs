//! Running one shot block: sample it from its own stream, decode every shot, count errors.

use super::task::PreparedTask;
use crate::ints::{BlockIndex, DetectorIndex};
use crate::matching::Decoder;
use crate::sample::ShotBatch;

/// Buffers a worker reuses from block to block.
#[derive(Default)]
pub struct BlockBuffers {
    batch: ShotBatch,
    defects: Vec<DetectorIndex>,
}

/// Samples block `block` of `task` (`shots` shots) and returns how many shots the decoder got
/// wrong (any observable mispredicted).
pub fn run_block(
    task: &PreparedTask,
    decoder: &mut dyn Decoder,
    seed: u64,
    block: BlockIndex,
    shots: usize,
    buffers: &mut BlockBuffers,
) -> u64 {
    task.sampler
        .sample_block(seed, &task.metadata, block, shots, &mut buffers.batch);
    let mut errors = 0;
    for shot in 0..shots {
        buffers.batch.defects_into(shot, &mut buffers.defects);
        let predicted = decoder.decode(&buffers.defects);
        if predicted != buffers.batch.observables[shot] {
            errors += 1;
        }
    }
    errors
}
