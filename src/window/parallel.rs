//! The parallel-window decoder (Skoric et al. 2023; Tan et al. 2023): layer A windows are
//! decoded independently, each committing the edges that touch its commit region; layer B
//! windows fill the gaps, taking A's committed edges' far endpoints as artificial defects.
//! Both layers run on the a window threads ([`WindowThreads`]) or one after another; either
//! way every window computes the same thing, so results never depend on a.

use super::cut::{DetectorLayers, WindowGraph};
use super::plan::{parallel_windows, WindowSpan};
use super::scheduled::{self, lock_state};
use super::solver::{first_unmatchable, WindowSolver};
use super::trace::{
    finish_window_trace, record_window, DecoderTrace, TracedDecoder, WindowKind, WindowTrace,
};
use crate::ints::{DetectorIndex, ObservableMask};
use crate::matching::graph::NodeAdjacency;
use crate::matching::matchable::Unmatchable;
use crate::matching::{decode_each, CorrelationTable, Decoder, MatchingGraph};
use crate::realtime::{parallel_jobs, DriveJobs, Job};
use crate::sample::ShotBatch;
use crate::Result;
use rayon::prelude::*;
use std::sync::Arc;

/// Where the windows of one layer run.
#[derive(Clone, Default)]
pub enum WindowThreads {
    /// One after another on the calling thread (a = 1).
    #[default]
    Sequential,
    /// On the rayon pool the caller is in, or the global pool: in the threaded wasm build that
    /// is wasm-bindgen-rayon's pool of a Web Workers, which cannot be wrapped in a `ThreadPool`.
    Global,
    /// On a pool of its own (natively, a threads per shot worker).
    Pool(Arc<rayon::ThreadPool>),
}

/// Told when a thread starts or stops working for the decoder, so that a caller can count busy
/// threads (DESIGN.md: a thread sampling or decoding; a shot worker waiting on its window
/// threads is not busy). The decoder never reads clocks; the observer may.
pub trait WorkObserver: Send + Sync {
    /// The calling thread starts working (e.g. a window thread picks up a window).
    fn work_started(&self);
    /// The calling thread stops working (a window is done, or it waits on window threads).
    fn work_stopped(&self);
}

/// Reports the calling thread idle while `wait` runs (it waits on other threads).
pub(crate) fn idle_while<T>(observer: Option<&dyn WorkObserver>, wait: impl FnOnce() -> T) -> T {
    observer.inspect(|o| o.work_stopped());
    let result = wait();
    observer.inspect(|o| o.work_started());
    result
}

/// Reports the calling thread busy while `work` runs.
pub(crate) fn busy_while<T>(observer: Option<&dyn WorkObserver>, work: impl FnOnce() -> T) -> T {
    observer.inspect(|o| o.work_started());
    let result = work();
    observer.inspect(|o| o.work_stopped());
    result
}

impl From<Option<Arc<rayon::ThreadPool>>> for WindowThreads {
    fn from(pool: Option<Arc<rayon::ThreadPool>>) -> Self {
        pool.map_or(WindowThreads::Sequential, WindowThreads::Pool)
    }
}

/// A parallel-window decoder for one task and one shot worker.
pub struct ParallelWindowDecoder {
    full: Arc<MatchingGraph>,
    layers: Arc<DetectorLayers>,
    layer_a: Vec<WindowSolver>,
    layer_b: Vec<WindowSolver>,
    state: Vec<u8>,
    threads: WindowThreads,
    observer: Option<Arc<dyn WorkObserver>>,
    commit_layers: u32,
    buffer_layers: u32,
}

fn solvers(
    full: &MatchingGraph,
    adjacency: &NodeAdjacency,
    layers: &DetectorLayers,
    spans: Vec<WindowSpan>,
) -> Result<Vec<WindowSolver>> {
    spans
        .into_iter()
        .map(|span| WindowSolver::new(WindowGraph::cut(full, adjacency, layers, span)))
        .collect()
}

impl ParallelWindowDecoder {
    /// Builds every window's matcher (c ≥ 1, w ≥ 1, checked by `spec`). With `pool`, the
    /// windows of each layer are decoded on its threads.
    pub fn new(
        full: Arc<MatchingGraph>,
        layers: Arc<DetectorLayers>,
        commit_layers: u32,
        buffer_layers: u32,
        pool: Option<Arc<rayon::ThreadPool>>,
    ) -> Result<ParallelWindowDecoder> {
        Self::with_threads(full, layers, commit_layers, buffer_layers, pool.into())
    }

    /// Like [`ParallelWindowDecoder::new`], with the windows of each layer run on `threads`.
    pub fn with_threads(
        full: Arc<MatchingGraph>,
        layers: Arc<DetectorLayers>,
        commit_layers: u32,
        buffer_layers: u32,
        threads: WindowThreads,
    ) -> Result<ParallelWindowDecoder> {
        let plan = parallel_windows(layers.num_layers(), commit_layers, buffer_layers);
        let adjacency = full.adjacency();
        let layer_a = solvers(&full, &adjacency, &layers, plan.layer_a)?;
        let layer_b = solvers(&full, &adjacency, &layers, plan.layer_b)?;
        let state = vec![0; full.num_detectors as usize];
        Ok(ParallelWindowDecoder {
            full,
            layers,
            layer_a,
            layer_b,
            state,
            threads,
            observer: None,
            commit_layers,
            buffer_layers,
        })
    }

    /// Reports busy and idle threads to `observer` (the calling shot worker counts as busy
    /// while it decodes; it is reported idle while it waits on the window threads).
    pub fn set_observer(&mut self, observer: Option<Arc<dyn WorkObserver>>) {
        self.observer = observer;
    }

    /// Number of windows per shot.
    pub fn num_windows(&self) -> usize {
        self.layer_a.len() + self.layer_b.len()
    }

    /// Makes every window match in two passes (correlated matching) with `table`, the full
    /// graph's correlations.
    pub fn correlate(&mut self, table: &CorrelationTable) {
        for window in self.layer_a.iter_mut().chain(self.layer_b.iter_mut()) {
            window.correlate(&self.full, &self.layers, table);
        }
    }

    /// Runs `solve` on every window of one layer: in parallel on the rayon pool the caller is
    /// in (see [`Decoder::decode`] below), or one after another.
    fn run_layer(
        parallel: bool,
        observer: Option<&dyn WorkObserver>,
        windows: &mut [WindowSolver],
        solve: impl Fn(&mut WindowSolver) + Sync + Send,
    ) {
        if parallel && windows.len() > 1 {
            idle_while(observer, || {
                windows
                    .par_iter_mut()
                    .with_max_len(1)
                    .for_each(|window| busy_while(observer, || solve(window)))
            })
        } else {
            windows.iter_mut().for_each(solve)
        }
    }

    /// Decodes one shot; `parallel` runs each layer's windows on the current rayon pool.
    fn decode_layers(&mut self, defects: &[DetectorIndex], parallel: bool) -> ObservableMask {
        self.decode_recorded(defects, parallel, None)
    }

    /// [`ParallelWindowDecoder::decode_layers`]; with `trace` = (its windows, a), records every
    /// window in decode order (layer A, then layer B), its thread labelled round-robin over a.
    fn decode_recorded(
        &mut self,
        defects: &[DetectorIndex],
        parallel: bool,
        mut trace: Option<(&mut Vec<WindowTrace>, u32)>,
    ) -> ObservableMask {
        for &d in defects {
            self.state[d as usize] ^= 1;
        }
        let (full, layer_of) = (&*self.full, &self.layers.layer_of[..]);
        let observer = self.observer.as_deref();
        let state = &self.state[..];
        Self::run_layer(parallel, observer, &mut self.layer_a, |window| {
            // Layer A commits every edge with an endpoint (inside the window) in its commit region.
            let span = window.window.span.clone();
            window.solve(state, full, layer_of, |f, s| span.commits_touching(f, s));
        });
        record_layer(
            &mut trace,
            &self.layer_a,
            WindowKind::LayerA,
            state,
            defects,
        );
        let mut observables = 0;
        for window in &self.layer_a {
            observables ^= window.commit.observables;
            window.commit.apply_flips(&mut self.state);
        }
        let state = &self.state[..];
        // Layer B commits everything and its flips are never read: without a trace, only its
        // observables are needed, so no path is looked up.
        let traced = trace.is_some();
        Self::run_layer(parallel, observer, &mut self.layer_b, |window| {
            if traced {
                window.solve(state, full, layer_of, |_, _| true);
            } else {
                window.solve_observables(state);
            }
        });
        record_layer(
            &mut trace,
            &self.layer_b,
            WindowKind::LayerB,
            state,
            defects,
        );
        for window in &self.layer_b {
            observables ^= window.commit.observables;
        }
        self.state.fill(0);
        observables
    }
}

/// Records one layer's windows into `trace`, if there is one.
fn record_layer(
    trace: &mut Option<(&mut Vec<WindowTrace>, u32)>,
    windows: &[WindowSolver],
    kind: WindowKind,
    state: &[u8],
    defects: &[DetectorIndex],
) {
    if let Some((trace, threads)) = trace {
        for (position, window) in windows.iter().enumerate() {
            let thread = position as u32 % (*threads).max(1);
            trace.push(record_window(window, kind, thread, state, defects));
        }
    }
}

impl TracedDecoder for ParallelWindowDecoder {
    fn decode_traced(&mut self, defects: &[DetectorIndex], window_threads: u32) -> DecoderTrace {
        let mut windows = Vec::with_capacity(self.num_windows());
        let prediction = self.decode_recorded(defects, false, Some((&mut windows, window_threads)));
        finish_window_trace(windows, prediction, &self.full)
    }
}

impl ParallelWindowDecoder {
    /// Decodes one shot window by window as `drive` schedules them (decoding while the memory
    /// runs, [`crate::realtime`]): `drive(jobs, run)` must call `run(j)` exactly once for every
    /// job of [`ParallelWindowDecoder::jobs`], each after the jobs it depends on, from any
    /// threads. Gives the prediction of [`Decoder::decode`].
    pub fn decode_scheduled(
        &mut self,
        defects: &[DetectorIndex],
        drive: &DriveJobs,
    ) -> ObservableMask {
        let jobs = self.jobs();
        let (full, layer_of) = (&*self.full, &self.layers.layer_of[..]);
        let count_a = self.layer_a.len();
        let windows = self
            .layer_a
            .iter_mut()
            .chain(self.layer_b.iter_mut())
            .collect();
        scheduled::decode_scheduled(
            &mut self.state,
            defects,
            windows,
            &jobs,
            drive,
            &|job, window, state| {
                window.load_defects(&lock_state(state));
                if job < count_a {
                    // A windows read regions no other A window flips (see `realtime`).
                    let span = window.window.span.clone();
                    window.match_and_commit(full, layer_of, |f, s| span.commits_touching(f, s));
                    window.commit.apply_flips(&mut lock_state(state));
                } else {
                    window.match_observables();
                }
            },
        )
    }

    /// The windows as jobs for [`crate::realtime::run_jobs`]: layer A (index j), then layer B
    /// (index A + j, after A_j and A_{j+1}).
    pub fn jobs(&self) -> Vec<Job> {
        parallel_jobs(
            self.layers.num_layers(),
            self.commit_layers,
            self.buffer_layers,
        )
    }
}

impl Decoder for ParallelWindowDecoder {
    fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask {
        match self.threads.clone() {
            // One entry into the pool per shot: both layers run inside it.
            WindowThreads::Pool(pool) if self.num_windows() > 1 => {
                let observer = self.observer.clone();
                idle_while(observer.as_deref(), || {
                    pool.install(|| {
                        busy_while(observer.as_deref(), || self.decode_layers(defects, true))
                    })
                })
            }
            WindowThreads::Global => self.decode_layers(defects, true),
            _ => self.decode_layers(defects, false),
        }
    }

    fn take_unmatchable(&mut self) -> Option<Unmatchable> {
        let a = first_unmatchable(&mut self.layer_a);
        let b = first_unmatchable(&mut self.layer_b);
        a.into_iter().chain(b).min_by_key(|found| found.detector)
    }

    fn decode_batch(&mut self, batch: &ShotBatch, predictions: &mut Vec<ObservableMask>) {
        match self.threads.clone() {
            // One entry into the pool per batch: its threads stay awake from shot to shot.
            WindowThreads::Pool(pool) if self.num_windows() > 1 => {
                let observer = self.observer.clone();
                idle_while(observer.as_deref(), || {
                    pool.install(|| {
                        busy_while(observer.as_deref(), || {
                            decode_each(batch, predictions, |d| self.decode_layers(d, true))
                        })
                    })
                })
            }
            WindowThreads::Global => {
                decode_each(batch, predictions, |d| self.decode_layers(d, true))
            }
            _ => decode_each(batch, predictions, |d| self.decode_layers(d, false)),
        }
    }
}
