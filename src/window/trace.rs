//! What a decoder did for one shot, for views (the shot viewer, `surfacelab shot`): the global
//! matching, or every window with its spans, the artificial defects it received, its own
//! matching and what it committed. Decoders record a trace only when asked
//! ([`TracedDecoder::decode_traced`]); their hot paths record nothing.

use super::solver::WindowSolver;
use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};
use crate::matching::{
    CorrelatedMatcher, Decoder, MatchedPair, Matcher, MatchingDetails, MatchingGraph,
};
use std::ops::Range;

/// Which kind of window a trace describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowKind {
    /// A parallel decoder's layer-A window (both sides open, decoded first).
    LayerA,
    /// A parallel decoder's layer-B window (both sides closed, decoded after layer A).
    LayerB,
    /// A sliding window.
    Sliding,
    /// One of the seed's independent windows.
    Independent,
}

impl WindowKind {
    /// The letter views and `surfacelab shot --json` use: `A`, `B`, `S` or `I`.
    pub fn letter(self) -> &'static str {
        match self {
            WindowKind::LayerA => "A",
            WindowKind::LayerB => "B",
            WindowKind::Sliding => "S",
            WindowKind::Independent => "I",
        }
    }
}

/// One window of one shot.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowTrace {
    /// Its kind.
    pub kind: WindowKind,
    /// The detector layers it decodes (half-open). For independent windows: the seed's blocks
    /// of detectors, which straddle stim's layers (see [`super::independent`]).
    pub layers: Range<u32>,
    /// The layers whose edges it commits (independent windows: its own recording blocks).
    pub commit: Range<u32>,
    /// Its detectors (global indices, half-open).
    pub detectors: Range<DetectorIndex>,
    /// Which of the a window threads decodes it: its position in its layer modulo a (the
    /// static round-robin schedule; rayon may hand windows out in another order, with the same
    /// result). 0 for decoders whose windows run one after another.
    pub thread: u32,
    /// The detection events it matched (global indices, ascending), artificial ones included.
    pub defects: Vec<DetectorIndex>,
    /// The events it received from windows committed before it (ascending): a detector whose
    /// state differs from the shot's own detection event there.
    pub artificial_defects: Vec<DetectorIndex>,
    /// Its matching: matched pairs in global indices (`None` = its boundary, which includes
    /// its open sides).
    pub matched_pairs: Vec<MatchedPair>,
    /// The full graph's edges along its matched paths.
    pub path_edges: Vec<EdgeIndex>,
    /// The weight of its matching.
    pub weight: f64,
    /// The full graph's edges it committed.
    pub committed_edges: Vec<EdgeIndex>,
    /// XOR of the committed edges' observables.
    pub observables: ObservableMask,
}

/// A decoder's answer for one shot, with how it got there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecoderTrace {
    /// Predicted observable flips.
    pub prediction: ObservableMask,
    /// The global matching's pairs (`None` = boundary); empty for window decoders, whose
    /// pairs are per window.
    pub matched_pairs: Vec<MatchedPair>,
    /// The correction: the matched paths' edges (global) or the committed edges (windows),
    /// as indices in the full graph.
    pub path_edges: Vec<EdgeIndex>,
    /// The sum of `path_edges`' weights (global: the minimum matching weight).
    pub weight: f64,
    /// Every window in decode order (empty for global matching).
    pub windows: Vec<WindowTrace>,
}

/// A decoder that can also say how it decoded one shot.
pub trait TracedDecoder: Decoder {
    /// Decodes `defects` (ascending) like [`Decoder::decode`] (same prediction) and records
    /// the trace; window threads are labelled for a pool of `window_threads`.
    fn decode_traced(&mut self, defects: &[DetectorIndex], window_threads: u32) -> DecoderTrace;
}

impl TracedDecoder for Matcher {
    fn decode_traced(&mut self, defects: &[DetectorIndex], _window_threads: u32) -> DecoderTrace {
        let mut details = MatchingDetails::default();
        self.decode_details(defects, &mut details);
        global_trace(details)
    }
}

impl TracedDecoder for CorrelatedMatcher {
    /// The second matching (its weight under the weights the first one lowered).
    fn decode_traced(&mut self, defects: &[DetectorIndex], _window_threads: u32) -> DecoderTrace {
        let mut details = MatchingDetails::default();
        self.decode_details(defects, &mut details);
        global_trace(details)
    }
}

fn global_trace(details: MatchingDetails) -> DecoderTrace {
    DecoderTrace {
        prediction: details.observables,
        matched_pairs: details.matched_pairs,
        path_edges: details.path_edges,
        weight: details.weight,
        windows: Vec::new(),
    }
}

/// Records what `solver` just did. `state` is the detector state it matched (one byte per
/// global detector, before its own commits are applied) and `shot_defects` the shot's own
/// detection events (ascending).
pub(crate) fn record_window(
    solver: &WindowSolver,
    kind: WindowKind,
    thread: u32,
    state: &[u8],
    shot_defects: &[DetectorIndex],
) -> WindowTrace {
    let window = &solver.window;
    let range = window.detectors.clone();
    let defects: Vec<DetectorIndex> = range.clone().filter(|&d| state[d as usize] != 0).collect();
    let artificial_defects = range
        .clone()
        .filter(|&d| (state[d as usize] != 0) != shot_defects.binary_search(&d).is_ok())
        .collect();
    let (matched_pairs, path_edges, weight) = if solver.had_defects() {
        let details = &solver.details;
        let pairs = details
            .matched_pairs
            .iter()
            .map(|&(a, b)| (a + range.start, b.map(|b| b + range.start)))
            .collect();
        let edges = details
            .path_edges
            .iter()
            .map(|&local| window.origin[local as usize])
            .collect();
        (pairs, edges, details.weight)
    } else {
        (Vec::new(), Vec::new(), 0.0)
    };
    WindowTrace {
        kind,
        layers: window.span.layers.clone(),
        commit: window.span.commit.clone(),
        detectors: range,
        thread,
        defects,
        artificial_defects,
        matched_pairs,
        path_edges,
        weight,
        committed_edges: solver.commit.edges.clone(),
        observables: solver.commit.observables,
    }
}

/// Fills the correction of a window decoder's trace from its windows: every committed edge,
/// its weight in the full graph, and the prediction.
pub(crate) fn finish_window_trace(
    windows: Vec<WindowTrace>,
    prediction: ObservableMask,
    full: &MatchingGraph,
) -> DecoderTrace {
    let path_edges: Vec<EdgeIndex> = windows
        .iter()
        .flat_map(|window| window.committed_edges.iter().copied())
        .collect();
    let weight = path_edges
        .iter()
        .map(|&edge| full.edges[edge as usize].weight)
        .sum();
    DecoderTrace {
        prediction,
        matched_pairs: Vec::new(),
        path_edges,
        weight,
        windows,
    }
}
