//! Which detector layers each window covers and commits (DESIGN.md, "Window decoders").
//!
//! Time is counted in detector layers t = 0 … r (L = r + 1 layers). Ranges are half-open.

use std::ops::Range;

/// What lies beyond one side of a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The real time boundary (t = 0 or t = L): nothing beyond.
    Time,
    /// Someone else decides what lies beyond: edges through it become boundary edges.
    Open,
    /// Already committed: edges through it are left out; their effect arrives as artificial
    /// defects.
    Closed,
}

/// One window: the layers it decodes, the layers whose edges it commits, and its sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowSpan {
    /// Layers decoded.
    pub layers: Range<u32>,
    /// Layers whose matched edges this window commits (see each decoder's commit rule).
    pub commit: Range<u32>,
    /// The side at `layers.start`.
    pub past: Side,
    /// The side at `layers.end`.
    pub future: Side,
}

impl WindowSpan {
    /// The sliding rule: an edge is committed when its earlier endpoint (a boundary edge: its
    /// one endpoint) lies in the commit region. `first` and `second` are its endpoints' layers
    /// as the window sees them (`None` = the boundary side).
    pub fn commits_starting(&self, first: u32, second: Option<u32>) -> bool {
        self.commit
            .contains(&second.map_or(first, |s| s.min(first)))
    }

    /// The layer-A rule: an edge is committed when either endpoint (inside the window) lies in
    /// the commit region.
    pub fn commits_touching(&self, first: u32, second: Option<u32>) -> bool {
        self.commit.contains(&first) || second.is_some_and(|s| self.commit.contains(&s))
    }
}

fn side(at: u32, num_layers: u32, otherwise: Side) -> Side {
    if at == 0 || at == num_layers {
        Side::Time
    } else {
        otherwise
    }
}

/// Sliding windows: window i covers [i·c, i·c + c + w) ∩ [0, L), past closed, future open;
/// the last one (the first with i·c + c + w ≥ L) commits everything.
pub fn sliding_windows(num_layers: u32, commit: u32, buffer: u32) -> Vec<WindowSpan> {
    debug_assert!(commit >= 1 && num_layers >= 1);
    let mut windows = Vec::new();
    let mut start = 0u32;
    loop {
        let end = start.saturating_add(commit).saturating_add(buffer);
        let is_last = end >= num_layers;
        let end = end.min(num_layers);
        windows.push(WindowSpan {
            layers: start..end,
            commit: if is_last {
                start..end
            } else {
                start..start + commit
            },
            past: side(start, num_layers, Side::Closed),
            future: side(end, num_layers, Side::Open),
        });
        if is_last {
            return windows;
        }
        start += commit;
    }
}

/// The two layers of parallel windows (Skoric et al. 2023; Tan et al. 2023), P = c + 2w.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParallelPlan {
    /// Layer A: A_j = [j·P − w, j·P + c + w) ∩ [0, L), both sides open, committing edges with
    /// an endpoint in [j·P, j·P + c) (the last one to L).
    pub layer_a: Vec<WindowSpan>,
    /// Layer B: B_j = [j·P + c, (j+1)·P), both sides closed, committing everything.
    pub layer_b: Vec<WindowSpan>,
}

/// Plans parallel windows (needs c ≥ 1 and w ≥ 1).
pub fn parallel_windows(num_layers: u32, commit: u32, buffer: u32) -> ParallelPlan {
    debug_assert!(commit >= 1 && buffer >= 1 && num_layers >= 1);
    let period = commit + 2 * buffer;
    let count = num_layers.div_ceil(period);
    let mut layer_a = Vec::new();
    let mut layer_b = Vec::new();
    for j in 0..count {
        let commit_start = j * period;
        let is_last = j + 1 == count;
        let commit_end = if is_last {
            num_layers
        } else {
            commit_start + commit
        };
        let start = commit_start.saturating_sub(buffer);
        let end = if is_last {
            num_layers
        } else {
            (commit_end + buffer).min(num_layers)
        };
        layer_a.push(WindowSpan {
            layers: start..end,
            commit: commit_start..commit_end,
            past: side(start, num_layers, Side::Open),
            future: side(end, num_layers, Side::Open),
        });
        if !is_last {
            let b = commit_end..(j + 1) * period;
            layer_b.push(WindowSpan {
                layers: b.clone(),
                commit: b.clone(),
                past: Side::Closed,
                future: Side::Closed,
            });
        }
    }
    ParallelPlan { layer_a, layer_b }
}

/// Windows per shot of the sliding decoder: max(1, ⌈(L − c − w) / c⌉ + 1).
pub fn sliding_window_count(num_layers: u32, commit: u32, buffer: u32) -> u64 {
    let covered = commit as u64 + buffer as u64;
    if num_layers as u64 <= covered {
        1
    } else {
        (num_layers as u64 - covered).div_ceil(commit as u64) + 1
    }
}

/// Windows per shot of the parallel decoder: 2·⌈L / P⌉ − 1.
pub fn parallel_window_count(num_layers: u32, commit: u32, buffer: u32) -> u64 {
    let period = commit as u64 + 2 * buffer as u64;
    2 * (num_layers as u64).div_ceil(period) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliding_covers_and_commits_every_layer_once() {
        for (layers, c, w) in [(6, 5, 5), (51, 5, 5), (51, 5, 0), (11, 3, 2), (1, 1, 0)] {
            let windows = sliding_windows(layers, c, w);
            assert_eq!(windows.len() as u64, sliding_window_count(layers, c, w));
            let committed: Vec<u32> = windows.iter().flat_map(|w| w.commit.clone()).collect();
            assert_eq!(
                committed,
                (0..layers).collect::<Vec<_>>(),
                "{layers} {c} {w}"
            );
            assert_eq!(windows[0].past, Side::Time);
            assert_eq!(windows.last().map(|w| w.future), Some(Side::Time));
        }
    }

    #[test]
    fn parallel_example_from_design() {
        // d = 9, r = 450, c = w = 9: L = 451, P = 27, 17 A + 16 B = 33 windows.
        let plan = parallel_windows(451, 9, 9);
        assert_eq!((plan.layer_a.len(), plan.layer_b.len()), (17, 16));
        assert_eq!(parallel_window_count(451, 9, 9), 33);
        let mut committed: Vec<u32> = plan
            .layer_a
            .iter()
            .chain(&plan.layer_b)
            .flat_map(|w| w.commit.clone())
            .collect();
        committed.sort_unstable();
        assert_eq!(committed, (0..451).collect::<Vec<_>>());
        assert_eq!(plan.layer_a[1].layers, 18..45);
        assert_eq!(plan.layer_b[0].layers, 9..27);
    }

    #[test]
    fn one_window_when_it_fits() {
        assert_eq!(parallel_windows(6, 5, 5).layer_a.len(), 1);
        assert_eq!(parallel_window_count(6, 5, 5), 1);
        assert_eq!(sliding_window_count(6, 5, 5), 1);
    }
}
