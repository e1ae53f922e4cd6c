//! Sampling a long memory chunk by chunk ([`crate::dem::LayeredModel`]): the same draws, in the
//! same order, as [`super::Sampler`] on the whole model, so a block sampled layer by layer has
//! exactly the shots of the block sampled whole; only the block never exists whole.
//!
//! Draw order: chunk 0, 1, …, r, then the errors without detectors; within a chunk, the model's
//! order. Model order is this order (`dem::layered`), so [`super::sampler`]'s contract holds.

use super::geometric::FiringRule;
use crate::dem::{DemError, LayeredModel};
use crate::ints::{DetectorIndex, ObservableMask, BLOCK_SHOTS};
use rand_xoshiro::Xoshiro256PlusPlus;

/// One compiled error mechanism: its rule, its full symptom's detectors
/// (`detectors[start..end]`) and its observables.
#[derive(Debug, Clone)]
struct Mechanism {
    rule: FiringRule,
    start: u32,
    end: u32,
    observables: ObservableMask,
}

/// A chunk's mechanisms, compiled once.
#[derive(Debug, Clone, Default)]
struct CompiledChunk {
    mechanisms: Vec<Mechanism>,
    detectors: Vec<DetectorIndex>,
}

impl CompiledChunk {
    fn of(errors: &[DemError]) -> CompiledChunk {
        let mut chunk = CompiledChunk::default();
        for error in errors {
            let symptom = error.symptom();
            let start = chunk.detectors.len() as u32;
            chunk.detectors.extend_from_slice(&symptom.detectors);
            chunk.mechanisms.push(Mechanism {
                rule: FiringRule::for_probability(error.probability),
                start,
                end: chunk.detectors.len() as u32,
                observables: symptom.observables,
            });
        }
        chunk
    }

    /// Draws every mechanism for a block of [`BLOCK_SHOTS`] shots and calls
    /// `fire(shot, detectors, observables)` for each firing in a shot below `keep`; detectors
    /// are before the chunk's `shift`.
    fn sample(
        &self,
        rng: &mut Xoshiro256PlusPlus,
        keep: usize,
        fire: &mut impl FnMut(usize, &[DetectorIndex], ObservableMask),
    ) {
        for mechanism in &self.mechanisms {
            let detectors = &self.detectors[mechanism.start as usize..mechanism.end as usize];
            mechanism.rule.for_each_firing(rng, BLOCK_SHOTS, |shot| {
                if shot < keep {
                    fire(shot, detectors, mechanism.observables);
                }
            });
        }
    }
}

/// Samples a [`LayeredModel`] chunk by chunk.
#[derive(Debug, Clone)]
pub struct LayeredSampler {
    /// Compiled chunks, one per distinct chunk of the model: `index_of[lead]` picks one.
    chunks: Vec<CompiledChunk>,
    /// For each lead layer: (compiled chunk, shift).
    index_of: Vec<(u32, u32)>,
    observable_led: CompiledChunk,
}

impl LayeredSampler {
    /// Compiles every distinct chunk of `model` (the bulk pattern once).
    pub fn new(model: &LayeredModel) -> LayeredSampler {
        let mut chunks: Vec<CompiledChunk> = Vec::new();
        let mut index_of = Vec::with_capacity(model.num_layers() as usize);
        let mut last: Option<*const DemError> = None;
        for lead in 0..model.num_layers() {
            let chunk = model.chunk(lead);
            let identity = chunk.errors.as_ptr();
            if last != Some(identity) || chunk.errors.is_empty() {
                chunks.push(CompiledChunk::of(chunk.errors));
                last = Some(identity);
            }
            index_of.push((chunks.len() as u32 - 1, chunk.shift));
        }
        LayeredSampler {
            chunks,
            index_of,
            observable_led: CompiledChunk::of(model.observable_led()),
        }
    }

    /// Draws chunk `lead` for a block; `fire(shot, detectors, observables)` for each firing in a
    /// shot below `keep`, detectors absolute.
    pub fn sample_chunk(
        &self,
        rng: &mut Xoshiro256PlusPlus,
        lead: u32,
        keep: usize,
        fire: &mut impl FnMut(usize, &[DetectorIndex], u32, ObservableMask),
    ) {
        let (index, shift) = self.index_of[lead as usize];
        self.chunks[index as usize].sample(rng, keep, &mut |shot, detectors, observables| {
            fire(shot, detectors, shift, observables)
        });
    }

    /// Draws the errors without detectors (after the last chunk); `fire(shot, observables)`.
    pub fn sample_observable_led(
        &self,
        rng: &mut Xoshiro256PlusPlus,
        keep: usize,
        fire: &mut impl FnMut(usize, ObservableMask),
    ) {
        self.observable_led
            .sample(rng, keep, &mut |shot, _, observables| {
                fire(shot, observables)
            });
    }
}
