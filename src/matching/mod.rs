//! Minimum-weight perfect matching with a boundary, on the graph of a detector error model.
//!
//! [`MatchingGraph`] is our own graph (parallel edges merged as PyMatching does, weights
//! ln((1-p)/p)); [`Matcher`] solves matchings on it, with our own engine ([`blossom`], the
//! sparse blossom algorithm) or the crate rmatching ([`engine`], the cross-check) behind it;
//! callers never see either's types. Both share the integer weights ([`discrete`]), the
//! negative-edge handling ([`negative`]), per-shot weights ([`overrides`]) and the search for
//! the paths of matched pairs ([`paths`]).

pub mod blossom;
pub mod components;
pub mod correlated;
pub mod correlations;
pub mod details;
pub mod discrete;
pub mod engine;
pub mod graph;
pub mod matchable;
pub mod matcher;
pub mod negative;
pub mod overrides;
pub mod paths;

pub use correlated::{CorrelatedMatcher, Reweighter};
pub use correlations::CorrelationTable;
pub use details::{MatchedPair, MatchingDetails};
pub use graph::{GraphEdge, MatchingGraph};
pub use matcher::{default_engine, set_default_engine, EngineKind, Matcher};

use crate::ints::{DetectorIndex, ObservableMask};
use crate::sample::ShotBatch;

/// Anything that turns one shot's detection events into predicted observable flips.
pub trait Decoder: Send {
    /// Predicts the observables flipped in a shot whose fired detectors are `defects`
    /// (sorted ascending, no duplicates).
    fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask;

    /// The first defect, since the last call, that a window of this decoder could not match
    /// and so left out (its detector in the whole model's numbering). Callers check it after a
    /// batch and stop rather than count shots decoded without it. Decoders without windows
    /// never leave one out unseen (callers check the whole graph first): `None`.
    fn take_unmatchable(&mut self) -> Option<matchable::Unmatchable> {
        None
    }

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
