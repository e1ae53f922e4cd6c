//! A batch of sampled shots: detection events bit-packed per shot, observable flips as masks.
//!
//! The layout is shot-major so that one shot's detection events are one contiguous slice of
//! words, which is what a decoder reads. The batch is a reusable buffer: [`ShotBatch::reset`]
//! keeps its capacity, so refilling it for every block allocates nothing in steady state.

use crate::ints::{DetectorIndex, ObservableMask};

/// Bits per detection word.
const WORD_BITS: usize = 64;

/// Shots of one block (or fewer): shot-major, `words_per_shot` u64 words per shot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShotBatch {
    /// Number of shots held.
    pub num_shots: usize,
    /// Number of detectors per shot.
    pub num_detectors: usize,
    /// Detection events: bit (d % 64) of word (shot * words_per_shot + d / 64).
    pub detection_words: Vec<u64>,
    /// Observable flips of each shot.
    pub observables: Vec<ObservableMask>,
}

/// Number of u64 words that hold `num_detectors` bits.
pub fn words_for_detectors(num_detectors: usize) -> usize {
    num_detectors.div_ceil(WORD_BITS)
}

impl ShotBatch {
    /// An all-zero batch of `num_shots` shots over `num_detectors` detectors.
    pub fn zeroed(num_shots: usize, num_detectors: usize) -> Self {
        let mut batch = ShotBatch::default();
        batch.reset(num_shots, num_detectors);
        batch
    }

    /// Resizes the batch to `num_shots` × `num_detectors` and clears every bit and observable,
    /// reusing the existing allocations.
    pub fn reset(&mut self, num_shots: usize, num_detectors: usize) {
        self.num_shots = num_shots;
        self.num_detectors = num_detectors;
        let num_words = num_shots * words_for_detectors(num_detectors);
        self.detection_words.clear();
        self.detection_words.resize(num_words, 0);
        self.observables.clear();
        self.observables.resize(num_shots, 0);
    }

    /// Keeps only the first `num_shots` shots (no effect if there are fewer).
    pub fn truncate(&mut self, num_shots: usize) {
        if num_shots < self.num_shots {
            self.num_shots = num_shots;
            self.detection_words
                .truncate(num_shots * self.words_per_shot());
            self.observables.truncate(num_shots);
        }
    }

    /// Number of u64 words per shot: ⌈num_detectors / 64⌉.
    pub fn words_per_shot(&self) -> usize {
        words_for_detectors(self.num_detectors)
    }

    /// The detection words of one shot. Bits at and beyond `num_detectors` are zero.
    pub fn shot_words(&self, shot: usize) -> &[u64] {
        let width = self.words_per_shot();
        &self.detection_words[shot * width..(shot + 1) * width]
    }

    /// The detection words of one shot, for writing.
    pub fn shot_words_mut(&mut self, shot: usize) -> &mut [u64] {
        let width = self.words_per_shot();
        &mut self.detection_words[shot * width..(shot + 1) * width]
    }

    /// Whether `detector` fired in `shot`.
    pub fn fired(&self, shot: usize, detector: DetectorIndex) -> bool {
        let detector = detector as usize;
        let word = self.shot_words(shot)[detector / WORD_BITS];
        (word >> (detector % WORD_BITS)) & 1 == 1
    }

    /// Replaces `out` with the fired detectors of `shot`, ascending (the decoder's input).
    pub fn defects_into(&self, shot: usize, out: &mut Vec<DetectorIndex>) {
        out.clear();
        for (word_index, &word) in self.shot_words(shot).iter().enumerate() {
            let mut remaining = word;
            while remaining != 0 {
                let bit = remaining.trailing_zeros() as usize;
                out.push((word_index * WORD_BITS + bit) as DetectorIndex);
                remaining &= remaining - 1;
            }
        }
    }

    /// Number of fired detectors in `shot`.
    pub fn num_defects(&self, shot: usize) -> usize {
        self.shot_words(shot)
            .iter()
            .map(|word| word.count_ones() as usize)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defects_come_back_in_ascending_order_across_words() {
        let mut batch = ShotBatch::zeroed(2, 130);
        batch.shot_words_mut(1)[0] = 1 | (1 << 63);
        batch.shot_words_mut(1)[2] = 1 << 1;
        let mut defects = vec![99];
        batch.defects_into(1, &mut defects);
        assert_eq!(defects, vec![0, 63, 129]);
        assert!(batch.fired(1, 129));
        assert!(!batch.fired(0, 129));
        assert_eq!(batch.num_defects(1), 3);
        batch.defects_into(0, &mut defects);
        assert!(defects.is_empty());
    }

    #[test]
    fn reset_clears_old_bits_and_keeps_capacity() {
        let mut batch = ShotBatch::zeroed(4, 70);
        batch.detection_words.fill(u64::MAX);
        batch.observables.fill(3);
        let capacity = batch.detection_words.capacity();
        batch.reset(3, 70);
        assert_eq!(batch.words_per_shot(), 2);
        assert_eq!(batch.detection_words, vec![0; 6]);
        assert_eq!(batch.observables, vec![0; 3]);
        assert_eq!(batch.detection_words.capacity(), capacity);
    }
}
