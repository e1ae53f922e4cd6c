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
    /// Chunks 0 … bulk_from − 1.
    head: Vec<CompiledChunk>,
    /// Chunk bulk_from; chunk L of the bulk is it shifted by `layer_detectors` · (L − bulk_from).
    bulk: CompiledChunk,
    bulk_leads: (u32, u32),
    layer_detectors: u32,
    /// Chunks bulk_to + 1 … r.
    tail: Vec<CompiledChunk>,
    observable_led: CompiledChunk,
}

impl LayeredSampler {
    /// Compiles every distinct chunk of `model` (the bulk pattern once).
    pub fn new(model: &LayeredModel) -> LayeredSampler {
        let (from, to) = model.bulk_leads();
        let compile = |lead: u32| CompiledChunk::of(model.chunk(lead).errors);
        let bulk_shift = |lead: u32| model.chunk(lead).shift;
        LayeredSampler {
            head: (0..from).map(compile).collect(),
            bulk: compile(from),
            bulk_leads: (from, to),
            layer_detectors: if to > from {
                bulk_shift(from + 1) - bulk_shift(from)
            } else {
                0
            },
            tail: (to + 1..model.num_layers()).map(compile).collect(),
            observable_led: CompiledChunk::of(model.observable_led()),
        }
    }

    /// Draws chunk `lead` for a block; `fire(shot, detectors, shift, observables)` for each
    /// firing in a shot below `keep` (detectors + shift are absolute).
    pub fn sample_chunk(
        &self,
        rng: &mut Xoshiro256PlusPlus,
        lead: u32,
        keep: usize,
        fire: &mut impl FnMut(usize, &[DetectorIndex], u32, ObservableMask),
    ) {
        let (from, to) = self.bulk_leads;
        let (chunk, shift) = if lead < from {
            (&self.head[lead as usize], 0)
        } else if lead <= to {
            (&self.bulk, (lead - from) * self.layer_detectors)
        } else {
            (&self.tail[(lead - to - 1) as usize], 0)
        };
        chunk.sample(rng, keep, &mut |shot, detectors, observables| {
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
