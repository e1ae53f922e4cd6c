//! Minimum-weight perfect matching with a boundary, on the graph of a detector error model.
//!
//! [`MatchingGraph`] is our own graph (parallel edges merged as PyMatching does, weights
//! ln((1-p)/p)); [`Matcher`] solves matchings on it. The engine behind `Matcher` is the crate
//! `rmatching` today; callers never see its types, so another engine can replace it.

pub mod discrete;
pub mod engine;
pub mod graph;
pub mod overrides;

pub use engine::{MatchedPair, Matcher, MatchingDetails};
pub use graph::{GraphEdge, MatchingGraph};

use crate::ints::{DetectorIndex, ObservableMask};
use crate::sample::ShotBatch;

/// Anything that turns one shot's detection events into predicted observable flips.
pub trait Decoder: Send {
    /// Predicts the observables flipped in a shot whose fired detectors are `defects`
    /// (sorted ascending, no duplicates).
    fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask;

    /// Predicts every shot of a batch into `predictions` (cleared first). Decoders with setup
    /// per call (e.g. entering a thread pool) override it to pay that once per batch.
    fn decode_batch(&mut self, batch: &ShotBatch, predictions: &mut Vec<ObservableMask>) {
        decode_each(batch, predictions, |defects| self.decode(defects));
    }
}

/// Calls `decode` on each shot of `batch` in order, collecting the predictions.
pub fn decode_each(
    batch: &ShotBatch,
    predictions: &mut Vec<ObservableMask>,
    mut decode: impl FnMut(&[DetectorIndex]) -> ObservableMask,
) {
    predictions.clear();
    let mut defects = Vec::new();
    for shot in 0..batch.num_shots {
        batch.defects_into(shot, &mut defects);
        predictions.push(decode(&defects));
    }
}
