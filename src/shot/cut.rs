//! Which chain crossed which cut: on a shot where the seed's independent windows fail and
//! parallel-window does not, the sampled error or global matching's edge whose detectors lie
//! in two different independent windows' recording blocks, and the parallel-window artificial
//! defect nearest that cut (the hand-over the seed's windows lack). The viewer words it; the
//! reading is made here, once.

use super::ShotExplanation;
use crate::ints::DetectorIndex;
use serde::Serialize;

/// One end of a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChainEnd {
    /// The detector.
    pub detector: DetectorIndex,
    /// Its layer t.
    pub t: u32,
    /// The independent window (0-based) whose recording block holds t.
    pub block: usize,
}

/// An artificial defect of a parallel-window window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandOver {
    /// The detector.
    pub detector: DetectorIndex,
    /// Its layer t.
    pub t: u32,
    /// The window's name as views number them: its layer letter and its place in that layer
    /// from 1 (`B3`).
    pub window: String,
}

/// The chain that crossed a cut, and the hand-over at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CutCrossing {
    /// `error` (a sampled error) or `matched edge` (an edge of global matching's correction).
    pub kind: &'static str,
    /// The layer where the later block starts.
    pub cut: u32,
    /// The earlier end.
    pub from: ChainEnd,
    /// The later end.
    pub to: ChainEnd,
    /// The parallel-window artificial defect nearest the cut, if it had any.
    pub hand_over: Option<HandOver>,
}

/// The story of a shot's cuts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CutStory {
    /// True when either decoder used one window: there is no cut.
    pub single_window: bool,
    /// The crossing nearest a hand-over, if a chain crossed a cut.
    pub crossing: Option<CutCrossing>,
}

/// Reads the story off the three decoders' explanations of one shot; `layer_of` gives each
/// detector's layer.
pub fn cut_story(
    independent: &ShotExplanation,
    parallel: &ShotExplanation,
    global: &ShotExplanation,
    layer_of: &[u32],
) -> CutStory {
    let blocks = independent.windows.as_deref().unwrap_or_default();
    let windows = parallel.windows.as_deref().unwrap_or_default();
    if blocks.len() <= 1 || windows.len() <= 1 {
        return CutStory {
            single_window: true,
            crossing: None,
        };
    }
    let block_of = |t: u32| {
        blocks
            .iter()
            .position(|b| b.commit_start <= t && t < b.commit_end)
    };
    let mut hand_overs = Vec::new();
    let mut ordinal = [0usize; 4];
    for window in windows {
        let slot = "ABSI".find(window.layer).unwrap_or(0);
        ordinal[slot] += 1;
        let name = format!("{}{}", window.layer, ordinal[slot]);
        hand_overs.extend(window.artificial_defects.iter().map(|&d| HandOver {
            detector: d,
            t: layer_of[d as usize],
            window: name.clone(),
        }));
    }
    let mut best: Option<(u32, bool, CutCrossing)> = None;
    let mut consider = |detectors: &[DetectorIndex], kind: &'static str| {
        for (i, &a) in detectors.iter().enumerate() {
            for &b in &detectors[i + 1..] {
                let (ta, tb) = (layer_of[a as usize], layer_of[b as usize]);
                let (Some(ba), Some(bb)) = (block_of(ta), block_of(tb)) else {
                    continue;
                };
                if ba == bb {
                    continue;
                }
                let (from, to) = if ta <= tb {
                    ((a, ta, ba), (b, tb, bb))
                } else {
                    ((b, tb, bb), (a, ta, ba))
                };
                let cut = blocks[to.2].commit_start;
                let hand_over = hand_overs.iter().min_by_key(|h| h.t.abs_diff(cut)).cloned();
                let distance = hand_over.as_ref().map_or(u32::MAX, |h| h.t.abs_diff(cut));
                let rank = (distance, kind != "error");
                if best.as_ref().is_none_or(|(d, k, _)| rank < (*d, *k)) {
                    let end = |(detector, t, block)| ChainEnd { detector, t, block };
                    best = Some((
                        distance,
                        kind != "error",
                        CutCrossing {
                            kind,
                            cut,
                            from: end(from),
                            to: end(to),
                            hand_over,
                        },
                    ));
                }
            }
        }
    };
    for fired in &independent.fired_errors {
        consider(&fired.detectors, "error");
    }
    for &(a, b) in &global.path_edges {
        if let Some(b) = b {
            consider(&[a, b], "matched edge");
        }
    }
    CutStory {
        single_window: false,
        crossing: best.map(|(_, _, crossing)| crossing),
    }
}
