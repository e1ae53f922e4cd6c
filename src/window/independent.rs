//! The seed's independent windows, kept only as a labelled comparison baseline
//! (`reference/seed_system.md`, "How its windows work").
//!
//! The detector vector (D detectors, D = (d² − 1)·r for odd d) is cut into r equal blocks in
//! stim's index order; these blocks straddle stim's time layers, as in the seed. For s = 0, n,
//! 2n, … while s < r, with e = min(s + n, r), a window keeps the detection events of blocks
//! [max(0, s − k), min(e + k, r)) and drops the others; it is decoded by the one matcher of the
//! full model, and its whole prediction is XORed into the shot's. There are no artificial
//! defects and nothing is committed, so chains crossing a cut are matched wrongly and overlaps
//! are counted more than once: that is the point of the comparison, not something to fix here.

use super::trace::{DecoderTrace, TracedDecoder, WindowKind, WindowTrace};
use crate::ints::{DetectorIndex, ObservableMask};
use crate::matching::matchable::{Matchability, Unmatchable};
use crate::matching::{Decoder, Matcher, MatchingDetails, MatchingGraph};
use crate::{Error, Result};
use std::ops::Range;

/// Windows per shot: ⌈r / n⌉.
pub fn independent_window_count(rounds: u32, window_rounds: u32) -> u64 {
    (rounds as u64).div_ceil(window_rounds.max(1) as u64)
}

/// The detectors each window keeps, by the seed's rule (n ≥ 1, k ≥ 0). Fails when the
/// detectors do not split into `rounds` equal blocks (even d).
pub fn independent_windows(
    num_detectors: u32,
    rounds: u32,
    window_rounds: u32,
    overlap: u32,
) -> Result<Vec<Range<DetectorIndex>>> {
    if rounds == 0 || window_rounds == 0 || num_detectors % rounds != 0 {
        return Err(Error::Model {
            reason: format!(
                "independent windows need the {num_detectors} detectors to split into r = {rounds} equal blocks (odd d) and window rounds n >= 1, got n = {window_rounds}"
            ),
        });
    }
    let block = num_detectors / rounds;
    let mut windows = Vec::new();
    let mut start = 0u32;
    while start < rounds {
        let end = start.saturating_add(window_rounds).min(rounds);
        let first = start.saturating_sub(overlap);
        let last = end.saturating_add(overlap).min(rounds);
        windows.push(first * block..last * block);
        start = start.saturating_add(window_rounds);
    }
    Ok(windows)
}

/// The seed's independent-windows decoder for one task and one shot worker. Its windows run
/// one after another on the one matcher, as the seed's GIL-bound threads effectively do.
pub struct IndependentWindowsDecoder {
    matcher: Matcher,
    /// Which defects of a window the full graph's matching can pair.
    matchability: Matchability,
    /// The first defect since [`Decoder::take_unmatchable`] that a window left out.
    unmatchable: Option<Unmatchable>,
    windows: Vec<Range<DetectorIndex>>,
    /// Each window's recording blocks [s, min(s + n, r)), for traces.
    recorded: Vec<Range<u32>>,
    /// Detectors per block (one block per round).
    block: u32,
}

impl IndependentWindowsDecoder {
    /// Builds the full model's matcher and the windows (see [`independent_windows`]).
    pub fn new(
        full: &MatchingGraph,
        rounds: u32,
        window_rounds: u32,
        overlap: u32,
    ) -> Result<IndependentWindowsDecoder> {
        let windows = independent_windows(full.num_detectors, rounds, window_rounds, overlap)?;
        let recorded = (0..windows.len() as u32)
            .map(|i| {
                let start = i * window_rounds;
                start..start.saturating_add(window_rounds).min(rounds)
            })
            .collect();
        Ok(IndependentWindowsDecoder {
            windows,
            recorded,
            block: full.num_detectors / rounds,
            matcher: Matcher::new(full)?,
            matchability: Matchability::new(full),
            unmatchable: None,
        })
    }

    /// Number of windows per shot.
    pub fn num_windows(&self) -> usize {
        self.windows.len()
    }
}

impl Decoder for IndependentWindowsDecoder {
    fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask {
        let mut observables = 0;
        for window in &self.windows {
            // Defects are sorted, so a window's events are one contiguous run of them.
            let from = defects.partition_point(|&d| d < window.start);
            let to = defects.partition_point(|&d| d < window.end);
            if from < to {
                if self.unmatchable.is_none() {
                    self.unmatchable = self.matchability.check(&defects[from..to]).err();
                }
                observables ^= self.matcher.decode(&defects[from..to]);
            }
        }
        observables
    }

    fn take_unmatchable(&mut self) -> Option<Unmatchable> {
        self.unmatchable.take()
    }
}

impl TracedDecoder for IndependentWindowsDecoder {
    fn decode_traced(&mut self, defects: &[DetectorIndex], _window_threads: u32) -> DecoderTrace {
        let mut trace = DecoderTrace::default();
        let mut details = MatchingDetails::default();
        for (window, recorded) in self.windows.iter().zip(&self.recorded) {
            let from = defects.partition_point(|&d| d < window.start);
            let to = defects.partition_point(|&d| d < window.end);
            let events = &defects[from..to];
            let mut traced = WindowTrace {
                kind: WindowKind::Independent,
                layers: window.start / self.block.max(1)..window.end / self.block.max(1),
                commit: recorded.clone(),
                detectors: window.clone(),
                thread: 0,
                defects: events.to_vec(),
                artificial_defects: Vec::new(),
                matched_pairs: Vec::new(),
                path_edges: Vec::new(),
                weight: 0.0,
                committed_edges: Vec::new(),
                observables: 0,
            };
            if !events.is_empty() {
                self.matcher.decode_details(events, &mut details);
                traced.matched_pairs = details.matched_pairs.clone();
                traced.path_edges = details.path_edges.clone();
                traced.committed_edges = details.path_edges.clone();
                traced.weight = details.weight;
                traced.observables = details.observables;
                trace.prediction ^= details.observables;
                trace.weight += details.weight;
                trace.path_edges.extend_from_slice(&details.path_edges);
            }
            trace.windows.push(traced);
        }
        trace
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_follow_the_seed_rule() {
        // r = 10 blocks of 24 detectors (d = 5), n = 4, k = 2: recording windows [0,4), [4,8),
        // [8,10); decoding blocks [0,6), [2,10), [6,10).
        let windows = independent_windows(240, 10, 4, 2).unwrap();
        assert_eq!(windows, [0..144, 48..240, 144..240]);
        assert_eq!(independent_window_count(10, 4), 3);
        let disjoint = independent_windows(240, 10, 5, 0).unwrap();
        assert_eq!(disjoint, [0..120, 120..240]);
        let one = independent_windows(240, 10, 10, 3).unwrap();
        assert_eq!((one.len(), one[0].clone()), (1, 0..240));
        assert!(independent_windows(241, 10, 5, 0).is_err());
    }
}
