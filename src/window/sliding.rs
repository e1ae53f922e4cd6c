//! The sliding-window decoder: windows of c + w layers, each committing the edges that start in
//! its first c layers and handing the defects those edges leave across the cut to the next.

use super::cut::{DetectorLayers, WindowGraph};
use super::plan::sliding_windows;
use super::scheduled::{self, lock_state};
use super::solver::{first_unmatchable, WindowSolver};
use super::trace::{
    finish_window_trace, record_window, DecoderTrace, TracedDecoder, WindowKind, WindowTrace,
};
use crate::ints::{DetectorIndex, ObservableMask};
use crate::matching::matchable::Unmatchable;
use crate::matching::{CorrelationTable, Decoder, MatchingGraph};
use crate::realtime::{sequential_jobs, DriveJobs, Job};
use crate::Result;
use std::sync::Arc;

/// A sliding-window decoder for one task.
pub struct SlidingDecoder {
    full: Arc<MatchingGraph>,
    layers: Arc<DetectorLayers>,
    windows: Vec<WindowSolver>,
    state: Vec<u8>,
}

impl SlidingDecoder {
    /// Builds every window's matcher (c ≥ 1, w ≥ 0, checked by `spec`).
    pub fn new(
        full: Arc<MatchingGraph>,
        layers: Arc<DetectorLayers>,
        commit_layers: u32,
        buffer_layers: u32,
    ) -> Result<SlidingDecoder> {
        let adjacency = full.adjacency();
        let windows = sliding_windows(layers.num_layers(), commit_layers, buffer_layers)
            .into_iter()
            .map(|span| WindowSolver::new(WindowGraph::cut(&full, &adjacency, &layers, span)))
            .collect::<Result<Vec<_>>>()?;
        let state = vec![0; full.num_detectors as usize];
        Ok(SlidingDecoder {
            full,
            layers,
            windows,
            state,
        })
    }

    /// Number of windows per shot.
    pub fn num_windows(&self) -> usize {
        self.windows.len()
    }

    /// Makes every window match in two passes (correlated matching) with `table`, the full
    /// graph's correlations.
    pub fn correlate(&mut self, table: &CorrelationTable) {
        for window in &mut self.windows {
            window.correlate(&self.full, &self.layers, table);
        }
    }
}

impl SlidingDecoder {
    /// Decodes one shot; with `trace`, records every window (in decode order).
    fn run(
        &mut self,
        defects: &[DetectorIndex],
        mut trace: Option<&mut Vec<WindowTrace>>,
    ) -> ObservableMask {
        for &d in defects {
            self.state[d as usize] ^= 1;
        }
        let mut observables = 0;
        for window in &mut self.windows {
            let span = window.window.span.clone();
            window.solve(&self.state, &self.full, &self.layers.layer_of, |f, s| {
                span.commits_starting(f, s)
            });
            if let Some(trace) = trace.as_deref_mut() {
                trace.push(record_window(
                    window,
                    WindowKind::Sliding,
                    0,
                    &self.state,
                    defects,
                ));
            }
            observables ^= window.commit.observables;
            window.commit.apply_flips(&mut self.state);
        }
        debug_assert!(
            self.state.iter().all(|&s| s == 0) || self.windows.iter().any(WindowSolver::left_out),
            "every defect is resolved, unless a window reported one it could not match"
        );
        self.state.fill(0);
        observables
    }
}

impl SlidingDecoder {
    /// Decodes one shot window by window as `drive` schedules them (see
    /// [`crate::window::ParallelWindowDecoder::decode_scheduled`]; window i after i − 1).
    pub fn decode_scheduled(
        &mut self,
        defects: &[DetectorIndex],
        drive: &DriveJobs,
    ) -> ObservableMask {
        let jobs = self.jobs();
        let (full, layer_of) = (&*self.full, &self.layers.layer_of[..]);
        let windows = self.windows.iter_mut().collect();
        scheduled::decode_scheduled(
            &mut self.state,
            defects,
            windows,
            &jobs,
            drive,
            &|_job, window, state| {
                let mut state = lock_state(state);
                window.load_defects(&state);
                let span = window.window.span.clone();
                window.match_and_commit(full, layer_of, |f, s| span.commits_starting(f, s));
                window.commit.apply_flips(&mut state);
            },
        )
    }

    /// The windows as jobs for [`crate::realtime::run_jobs`] (window i after i − 1).
    pub fn jobs(&self) -> Vec<Job> {
        sequential_jobs(self.windows.iter().map(|window| &window.window.span))
    }
}

impl Decoder for SlidingDecoder {
    fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask {
        self.run(defects, None)
    }

    fn take_unmatchable(&mut self) -> Option<Unmatchable> {
        first_unmatchable(&mut self.windows)
    }
}

impl TracedDecoder for SlidingDecoder {
    fn decode_traced(&mut self, defects: &[DetectorIndex], _window_threads: u32) -> DecoderTrace {
        let mut windows = Vec::with_capacity(self.windows.len());
        let prediction = self.run(defects, Some(&mut windows));
        finish_window_trace(windows, prediction, &self.full)
    }
}
