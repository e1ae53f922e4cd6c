//! Running one shot block: sample it from its own stream, decode every shot, count errors.

use super::task::{PreparedTask, TaskDecoder};
use crate::ints::{BlockIndex, DetectorIndex, ObservableMask};
use crate::matching::matchable::Unmatchable;
use crate::sample::ShotBatch;
use crate::spec::DecoderKind;
use crate::{Error, Result};

/// Buffers a worker reuses from block to block.
#[derive(Default)]
pub struct BlockBuffers {
    batch: ShotBatch,
    predictions: Vec<ObservableMask>,
    defects: Vec<DetectorIndex>,
}

/// Samples block `block` of `task` (`shots` shots) and returns how many shots the decoder got
/// wrong (any observable mispredicted). Fails, naming the detector, when the global decoder
/// meets a defect no matching can pair, rather than count a shot it decoded without it.
pub fn run_block(
    task: &PreparedTask,
    decoder: &mut TaskDecoder,
    seed: u64,
    block: BlockIndex,
    shots: usize,
    buffers: &mut BlockBuffers,
) -> Result<u64> {
    let (sampler, decoder) = match decoder {
        TaskDecoder::Streamed(decoder) => {
            let errors = decoder.run_block(seed, &task.sample_key, block, shots);
            return match decoder.take_unmatchable() {
                Some(found) => Err(window_left_out(task, block, found)),
                None => Ok(errors),
            };
        }
        TaskDecoder::Whole { decoder, sampler } => (sampler, decoder),
    };
    sampler.sample_block(seed, &task.sample_key, block, shots, &mut buffers.batch);
    if task.spec.decoder == DecoderKind::Global {
        check_matchable(task, block, buffers)?;
    }
    decoder.decode_batch(&buffers.batch, &mut buffers.predictions);
    if let Some(found) = decoder.take_unmatchable() {
        return Err(window_left_out(task, block, found));
    }
    let truth = &buffers.batch.observables;
    Ok(buffers
        .predictions
        .iter()
        .zip(truth)
        .filter(|(predicted, actual)| predicted != actual)
        .count() as u64)
}

/// The error for a window decoder that met a defect it could not match in one of its windows
/// (a window's graph with a component that has no boundary edge and an odd number of defects).
fn window_left_out(task: &PreparedTask, block: BlockIndex, found: Unmatchable) -> Error {
    Error::Model {
        reason: format!(
            "task {}, block {block}: a {} window met an unmatchable defect: {found}; the window decoder stops rather than leave it out",
            task.metadata,
            task.spec.decoder_name()
        ),
    }
}

/// Every shot of the sampled block can be matched by the global decoder. Shots sampled from the
/// graph's own model always can (each error flips an even number of detectors in a component
/// without boundary), so a failure here means model and graph disagree: a bug, reported.
fn check_matchable(
    task: &PreparedTask,
    block: BlockIndex,
    buffers: &mut BlockBuffers,
) -> Result<()> {
    let matchability = &task.whole()?.matchability;
    if matchability.always_matchable() {
        return Ok(());
    }
    for shot in 0..buffers.batch.num_shots {
        buffers.batch.defects_into(shot, &mut buffers.defects);
        if let Err(unmatchable) = matchability.check(&buffers.defects) {
            return Err(Error::Model {
                reason: format!(
                    "task {}, block {block}, shot {shot}: {unmatchable}; the global decoder stops rather than leave it out",
                    task.metadata
                ),
            });
        }
    }
    Ok(())
}
