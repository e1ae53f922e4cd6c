//! The DEM sampler: draws shots of detection events and observable flips from a detector
//! error model.
//!
//! # Draw order (part of the reproducibility contract)
//!
//! A call to [`Sampler::sample`] for `n` shots consumes its random stream like this, and
//! nothing else may change it without changing every recorded result:
//!
//! 1. Error mechanisms are visited in model order (`DetectorErrorModel::errors`), one at a time.
//!    Each mechanism decides all `n` shots before the next mechanism draws.
//! 2. Within a mechanism with probability p (see [`FiringRule`]):
//!    - p = 0 and p = 1 draw nothing (never / always);
//!    - 0 < p < [`BERNOULLI_FROM_PROBABILITY`]: geometric skipping over the shots `0..n`. Each
//!      draw x (one `next_u64`) gives u = ((x >> 11) + 1) · 2^-53 ∈ (0, 1] and the gap
//!      g = ⌊ln u / ln(1 − p)⌋ (`libm::log`, `libm::log1p`); the mechanism happens in shot
//!      `s + g`, where `s` starts at 0 and becomes `s + g + 1`. The first gap that reaches past
//!      shot n − 1 ends the mechanism, so it uses (number of firings + 1) draws;
//!    - p ≥ [`BERNOULLI_FROM_PROBABILITY`]: one draw x per shot, in shot order; the mechanism
//!      happens when (x >> 11) < p · 2^53.
//! 3. A mechanism that happens XORs its full symptom (the XOR of all its pieces) into the
//!    shot's detection events and observable mask.
//!
//! Mechanisms whose symptom is empty still draw, so the contract does not depend on symptoms.
//! [`Sampler::sample_block`] runs this for a whole block of [`BLOCK_SHOTS`] shots with
//! [`block_stream`]`(seed, task_key, block)` and keeps the first shots asked for.
//!
//! The sampler never allocates per shot: symptoms are compiled once into (word, bits) lists,
//! and the output batch is reused.

use super::batch::{words_for_detectors, ShotBatch};
use super::geometric::FiringRule;
use super::stream::block_stream;
use crate::dem::{DemError, DetectorErrorModel};
use crate::ints::{BlockIndex, ObservableMask, BLOCK_SHOTS};
use rand_xoshiro::Xoshiro256PlusPlus;

pub use super::geometric::BERNOULLI_FROM_PROBABILITY;

/// The bits one mechanism flips in one detection word of a shot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordFlip {
    /// Word index within the shot.
    word: u32,
    /// Bits to XOR into that word.
    bits: u64,
}

/// One compiled error mechanism.
#[derive(Debug, Clone, PartialEq)]
struct CompiledMechanism {
    /// How it decides which shots it happens in.
    rule: FiringRule,
    /// Its detection-word flips: `flips[flips_start..flips_end]` of the sampler.
    flips_start: u32,
    flips_end: u32,
    /// Observables it flips.
    observables: ObservableMask,
}

/// Samples shots from a detector error model. Build once per task; `sample` is `&self`, so
/// one sampler can serve several workers.
#[derive(Debug, Clone, PartialEq)]
pub struct Sampler {
    num_detectors: usize,
    words_per_shot: usize,
    mechanisms: Vec<CompiledMechanism>,
    /// Arena of every mechanism's word flips.
    flips: Vec<WordFlip>,
}

impl Sampler {
    /// Compiles the model: a firing rule per mechanism and its full symptom as word flips.
    pub fn new(dem: &DetectorErrorModel) -> Sampler {
        let num_detectors = dem.num_detectors as usize;
        let mut sampler = Sampler {
            num_detectors,
            words_per_shot: words_for_detectors(num_detectors),
            mechanisms: Vec::with_capacity(dem.errors.len()),
            flips: Vec::new(),
        };
        for error in &dem.errors {
            sampler.compile_mechanism(error);
        }
        sampler
    }

    fn compile_mechanism(&mut self, error: &DemError) {
        let symptom = error.symptom();
        let flips_start = self.flips.len() as u32;
        for &detector in &symptom.detectors {
            debug_assert!((detector as usize) < self.num_detectors);
            let word = detector / 64;
            let bit = 1u64 << (detector % 64);
            // Detectors are sorted, so flips of one word are adjacent.
            let own_flips = &mut self.flips[flips_start as usize..];
            match own_flips.last_mut() {
                Some(last) if last.word == word => last.bits |= bit,
                _ => self.flips.push(WordFlip { word, bits: bit }),
            }
        }
        self.mechanisms.push(CompiledMechanism {
            rule: FiringRule::for_probability(error.probability),
            flips_start,
            flips_end: self.flips.len() as u32,
            observables: symptom.observables,
        });
    }

    /// Number of detectors per shot.
    pub fn num_detectors(&self) -> usize {
        self.num_detectors
    }

    /// Number of error mechanisms (including those with p = 0).
    pub fn num_mechanisms(&self) -> usize {
        self.mechanisms.len()
    }

    /// Replaces `out` with `num_shots` shots drawn from `rng` in the documented draw order.
    pub fn sample(&self, rng: &mut Xoshiro256PlusPlus, num_shots: usize, out: &mut ShotBatch) {
        out.reset(num_shots, self.num_detectors);
        let words_per_shot = self.words_per_shot;
        let ShotBatch {
            detection_words,
            observables,
            ..
        } = out;
        for mechanism in &self.mechanisms {
            let flips = &self.flips[mechanism.flips_start as usize..mechanism.flips_end as usize];
            mechanism.rule.for_each_firing(rng, num_shots, |shot| {
                let shot_words = &mut detection_words[shot * words_per_shot..][..words_per_shot];
                for flip in flips {
                    shot_words[flip.word as usize] ^= flip.bits;
                }
                observables[shot] ^= mechanism.observables;
            });
        }
    }

    /// For every shot of block `block`, the mechanisms (indices into the model's errors,
    /// ascending) that happen in it: the same draws as [`Sampler::sample_block`], so these are
    /// exactly the errors behind each shot's detection events and observable flips.
    pub fn fired_by_shot(&self, seed: u64, task_key: &str, block: BlockIndex) -> Vec<Vec<u32>> {
        let mut rng = block_stream(seed, task_key, block);
        let mut fired = vec![Vec::new(); BLOCK_SHOTS];
        for (index, mechanism) in self.mechanisms.iter().enumerate() {
            mechanism
                .rule
                .for_each_firing(&mut rng, BLOCK_SHOTS, |shot| fired[shot].push(index as u32));
        }
        fired
    }

    /// Replaces `out` with the first `num_shots` shots of block `block` of the task keyed
    /// `task_key`: [`Sampler::sample`] of a whole block ([`BLOCK_SHOTS`] shots) on
    /// [`block_stream`]`(seed, task_key, block)`, cut to `num_shots`. A block cut short holds
    /// exactly the first shots of the full block, so where a task stops never changes a shot.
    pub fn sample_block(
        &self,
        seed: u64,
        task_key: &str,
        block: BlockIndex,
        num_shots: usize,
        out: &mut ShotBatch,
    ) {
        debug_assert!(num_shots <= BLOCK_SHOTS, "a block has {BLOCK_SHOTS} shots");
        let mut rng = block_stream(seed, task_key, block);
        self.sample(&mut rng, num_shots.max(BLOCK_SHOTS), out);
        out.truncate(num_shots);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dem::Symptom;

    fn error(probability: f64, pieces: &[&[u32]], observables: u64) -> DemError {
        DemError {
            probability,
            pieces: pieces
                .iter()
                .enumerate()
                .map(|(index, detectors)| Symptom {
                    detectors: detectors.to_vec(),
                    observables: if index == 0 { observables } else { 0 },
                })
                .collect(),
        }
    }

    #[test]
    fn full_symptom_is_the_xor_of_the_pieces() {
        let dem = DetectorErrorModel {
            errors: vec![error(1.0, &[&[0, 70], &[70, 130]], 1)],
            num_detectors: 131,
            num_observables: 1,
            detector_coords: Vec::new(),
        };
        let sampler = Sampler::new(&dem);
        let mut batch = ShotBatch::default();
        sampler.sample_block(1, "task", 0, 3, &mut batch);
        let mut defects = Vec::new();
        for shot in 0..3 {
            batch.defects_into(shot, &mut defects);
            assert_eq!(defects, vec![0, 130]);
            assert_eq!(batch.observables[shot], 1);
        }
    }

    #[test]
    fn detectors_in_one_word_become_one_flip() {
        let dem = DetectorErrorModel {
            errors: vec![error(0.5, &[&[1, 2], &[3, 64]], 0), error(0.5, &[&[64]], 0)],
            num_detectors: 65,
            num_observables: 0,
            detector_coords: Vec::new(),
        };
        let sampler = Sampler::new(&dem);
        assert_eq!(
            sampler.flips,
            vec![
                WordFlip {
                    word: 0,
                    bits: 0b1110
                },
                WordFlip { word: 1, bits: 1 },
                WordFlip { word: 1, bits: 1 },
            ]
        );
    }
}
