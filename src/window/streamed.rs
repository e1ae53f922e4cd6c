//! Window decoding of a long memory while it is sampled, in constant memory (issue "Long
//! memories"): a block's shots are sampled layer by layer ([`LayeredSampler`]), every window is
//! decoded for every shot of the block as soon as its layers are complete, and layers that no
//! window will read again are forgotten. Only a ring of layers per shot exists, never the
//! block, the model or the graph of the whole memory.
//!
//! The shots, the windows, their graphs and their order of commits are those of the whole-memory
//! decoders ([`super::SlidingDecoder`], [`super::ParallelWindowDecoder`]), so the predictions
//! are too (`tests/streamed.rs`). Layer A windows are decoded in order, each after the one
//! before (their flips never reach each other's layers), and B_j after A_{j+1}.
//!
//! With a window threads, each window's shots are split among them (every thread has its own
//! solvers), so the result never depends on a.

use super::parallel::{busy_while, idle_while, WindowThreads, WorkObserver};
use super::plan::{parallel_windows, sliding_windows, WindowSpan};
use super::shape::{ShapeKey, ShapeSolver};
use crate::dem::LayeredModel;
use crate::ints::{BlockIndex, ObservableMask, BLOCK_SHOTS};
use crate::matching::matchable::Unmatchable;
use crate::sample::{block_stream, LayeredSampler};
use crate::Result;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Which rule a window follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Sliding: commits edges starting in its commit region, hands its flips on.
    Sliding,
    /// Parallel layer A: commits edges touching its commit region, hands its flips on.
    LayerA,
    /// Parallel layer B: commits everything; only its observables matter.
    LayerB,
}

/// One window in decode order.
#[derive(Debug, Clone)]
struct Scheduled {
    span: WindowSpan,
    role: Role,
    /// Index of its solver in each lane.
    shape: usize,
}

/// Which windowed decoder to stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamedKind {
    /// Sliding windows.
    Sliding,
    /// Parallel windows (layers A and B).
    Parallel,
}

/// The decoder of one shot worker for a streamed task.
pub struct StreamedWindowDecoder {
    model: Arc<LayeredModel>,
    sampler: Arc<LayeredSampler>,
    schedule: Vec<Scheduled>,
    /// One set of solvers (one per shape) per window thread.
    lanes: Vec<Vec<ShapeSolver>>,
    threads: WindowThreads,
    observer: Option<Arc<dyn WorkObserver>>,
    /// Layers kept per shot, and 64-bit words per layer.
    slots: usize,
    words: usize,
    /// Shot-major: shot, then slot (layer t in slot t mod slots), then word.
    ring: Vec<u64>,
    truth: Vec<ObservableMask>,
    predictions: Vec<ObservableMask>,
}

/// The windows in decode order.
fn schedule(kind: StreamedKind, layers: u32, commit: u32, buffer: u32) -> Vec<(WindowSpan, Role)> {
    match kind {
        StreamedKind::Sliding => sliding_windows(layers, commit, buffer)
            .into_iter()
            .map(|span| (span, Role::Sliding))
            .collect(),
        StreamedKind::Parallel => {
            let plan = parallel_windows(layers, commit, buffer);
            let mut order = Vec::with_capacity(plan.layer_a.len() + plan.layer_b.len());
            let mut a = plan.layer_a.into_iter();
            order.extend(a.next().map(|span| (span, Role::LayerA)));
            for (next_a, b) in a.zip(plan.layer_b) {
                order.push((next_a, Role::LayerA));
                order.push((b, Role::LayerB));
            }
            order
        }
    }
}

impl StreamedWindowDecoder {
    /// Builds the windows' solvers (one per distinct window graph and window thread); with
    /// `correlated`, every window matches in two passes (correlated matching).
    pub fn new(
        model: Arc<LayeredModel>,
        sampler: Arc<LayeredSampler>,
        kind: StreamedKind,
        commit: u32,
        buffer: u32,
        threads: WindowThreads,
        correlated: bool,
    ) -> Result<StreamedWindowDecoder> {
        let mut keys: HashMap<ShapeKey, usize> = HashMap::new();
        // Each shape's span, and whether it is shared by many windows and commits paths.
        let mut spans_of_shape: Vec<(WindowSpan, bool)> = Vec::new();
        let schedule: Vec<Scheduled> = schedule(kind, model.num_layers(), commit, buffer)
            .into_iter()
            .map(|(span, role)| {
                let key = ShapeKey::of(&model, &span);
                let cache = key.at.is_none() && role != Role::LayerB;
                let shape = *keys.entry(key).or_insert_with(|| {
                    spans_of_shape.push((span.clone(), cache));
                    spans_of_shape.len() - 1
                });
                Scheduled { span, role, shape }
            })
            .collect();
        let lane_count = match &threads {
            WindowThreads::Sequential => 1,
            WindowThreads::Global => rayon::current_num_threads().max(1),
            WindowThreads::Pool(pool) => pool.current_num_threads().max(1),
        };
        let lanes = (0..lane_count)
            .map(|_| {
                spans_of_shape
                    .iter()
                    .map(|(span, cache)| ShapeSolver::build(&model, span, *cache, correlated))
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<Vec<_>>>()?;
        let slots = ring_slots(&model, &schedule);
        let words = (model.max_layer_detectors() as usize).div_ceil(64);
        Ok(StreamedWindowDecoder {
            model,
            sampler,
            schedule,
            lanes,
            threads,
            observer: None,
            slots,
            words,
            ring: Vec::new(),
            truth: Vec::new(),
            predictions: Vec::new(),
        })
    }

    /// Reports busy and idle threads to `observer`, as the whole-memory decoders do.
    pub fn set_observer(&mut self, observer: Option<Arc<dyn WorkObserver>>) {
        self.observer = observer;
    }

    /// Windows per shot.
    pub fn num_windows(&self) -> usize {
        self.schedule.len()
    }

    /// Distinct window graphs (solvers per window thread).
    pub fn num_shapes(&self) -> usize {
        self.lanes.first().map_or(0, Vec::len)
    }

    /// The last block's predictions and actual observable flips, shot by shot.
    pub fn last_block(&self) -> (&[ObservableMask], &[ObservableMask]) {
        (&self.predictions, &self.truth)
    }

    /// Layers kept per shot.
    pub fn ring_layers(&self) -> usize {
        self.slots
    }

    /// The smallest detector a window left out since the last call (see
    /// [`crate::matching::Decoder::take_unmatchable`]).
    pub fn take_unmatchable(&mut self) -> Option<Unmatchable> {
        self.lanes
            .iter_mut()
            .flatten()
            .filter_map(ShapeSolver::take_unmatchable)
            .min_by_key(|found| found.detector)
    }

    /// Samples block `block` (its first `shots` shots, 1 ≤ shots ≤ [`BLOCK_SHOTS`]) layer by
    /// layer from the stream of (`seed`, `task_key`), decodes it while it is sampled, and
    /// returns how many shots were mispredicted: exactly what sampling the block whole and
    /// decoding it with the whole-memory decoder gives.
    pub fn run_block(&mut self, seed: u64, task_key: &str, block: BlockIndex, shots: usize) -> u64 {
        let shots = shots.min(BLOCK_SHOTS);
        let per_shot = self.slots * self.words;
        self.ring.resize(shots * per_shot, 0);
        self.truth.clear();
        self.truth.resize(shots, 0);
        self.predictions.clear();
        self.predictions.resize(shots, 0);
        let mut rng = block_stream(seed, task_key, block);
        let num_layers = self.model.num_layers();
        let (back, ahead) = self.model.lags();
        let mut cleared: i64 = -1;
        let mut next = 0;
        for lead in 0..num_layers {
            let top = (lead + ahead + 1).min(num_layers - 1) as i64;
            while cleared < top {
                cleared += 1;
                self.clear_layer(cleared as u32, shots);
            }
            let (model, ring, truth) = (&*self.model, &mut self.ring, &mut self.truth);
            let (slots, words) = (self.slots, self.words);
            self.sampler.sample_chunk(
                &mut rng,
                lead,
                shots,
                &mut |shot, detectors, shift, observables| {
                    truth[shot] ^= observables;
                    let shot_ring = &mut ring[shot * per_shot..(shot + 1) * per_shot];
                    for &d in detectors {
                        flip(model, shot_ring, slots, words, (d + shift) as i64);
                    }
                },
            );
            let complete = lead as i64 - back as i64;
            while next < self.schedule.len()
                && self.schedule[next].span.layers.end as i64 - 1 <= complete
            {
                self.decode_window(next, shots);
                next += 1;
            }
        }
        let truth = &mut self.truth;
        self.sampler
            .sample_observable_led(&mut rng, shots, &mut |shot, observables| {
                truth[shot] ^= observables
            });
        while next < self.schedule.len() {
            self.decode_window(next, shots);
            next += 1;
        }
        self.predictions
            .iter()
            .zip(&self.truth)
            .filter(|(predicted, actual)| predicted != actual)
            .count() as u64
    }

    fn clear_layer(&mut self, t: u32, shots: usize) {
        let per_shot = self.slots * self.words;
        let at = (t as usize % self.slots) * self.words;
        for shot in 0..shots {
            self.ring[shot * per_shot + at..][..self.words].fill(0);
        }
    }

    /// Decodes window `index` for every shot, on the window threads when there are several.
    fn decode_window(&mut self, index: usize, shots: usize) {
        let window = &self.schedule[index];
        let (model, slots, words) = (&*self.model, self.slots, self.words);
        let per_shot = slots * words;
        let lanes = self.lanes.len();
        let observer = self.observer.as_deref();
        let work = |solvers: &mut Vec<ShapeSolver>,
                    ring: &mut [u64],
                    predictions: &mut [ObservableMask]| {
            decode_shots(
                model,
                window,
                &mut solvers[window.shape],
                ring,
                predictions,
                slots,
                words,
            )
        };
        if lanes == 1 || shots < 2 {
            work(
                &mut self.lanes[0],
                &mut self.ring[..shots * per_shot],
                &mut self.predictions,
            );
            return;
        }
        let chunk = shots.div_ceil(lanes);
        let (all_lanes, ring, predictions) =
            (&mut self.lanes, &mut self.ring, &mut self.predictions);
        let threads = &self.threads;
        let mut parallel = move || {
            all_lanes
                .par_iter_mut()
                .zip(ring[..shots * per_shot].par_chunks_mut(chunk * per_shot))
                .zip(predictions.par_chunks_mut(chunk))
                .with_max_len(1)
                .for_each(|((solvers, ring), predictions)| {
                    busy_while(observer, || work(solvers, ring, predictions))
                })
        };
        idle_while(observer, || match threads {
            WindowThreads::Pool(pool) => pool.install(parallel),
            _ => parallel(),
        });
    }
}

/// Flips global detector `d` in one shot's ring.
#[inline]
fn flip(model: &LayeredModel, shot_ring: &mut [u64], slots: usize, words: usize, d: i64) {
    let d = d as u32;
    let t = model.layer_of(d);
    let bit = (d - model.layer_start(t)) as usize;
    shot_ring[(t as usize % slots) * words + bit / 64] ^= 1 << (bit % 64);
}

/// Decodes one window for consecutive shots (their rings and predictions).
fn decode_shots(
    model: &LayeredModel,
    window: &Scheduled,
    solver: &mut ShapeSolver,
    ring: &mut [u64],
    predictions: &mut [ObservableMask],
    slots: usize,
    words: usize,
) {
    let span = &window.span;
    let first = span.layers.start;
    let origin = model.layer_start(first);
    let per_shot = slots * words;
    for (shot_ring, prediction) in ring.chunks_exact_mut(per_shot).zip(predictions) {
        solver.defects.clear();
        for t in span.layers.clone() {
            let offset = model.layer_start(t) - origin;
            let slot = &shot_ring[(t as usize % slots) * words..][..words];
            for (w, &word) in slot.iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    solver
                        .defects
                        .push(offset + 64 * w as u32 + bits.trailing_zeros());
                    bits &= bits - 1;
                }
            }
        }
        if solver.defects.is_empty() {
            continue;
        }
        solver.note_unmatchable(origin);
        if window.role == Role::LayerB {
            *prediction ^= solver.match_observables();
            continue;
        }
        for edge in solver.match_edges() {
            let (one, other) = (first + edge.first, edge.second.map(|o| first + o));
            let commits = match window.role {
                Role::Sliding => span.commits_starting(one, other),
                _ => span.commits_touching(one, other),
            };
            if commits {
                *prediction ^= edge.observables;
                flip(model, shot_ring, slots, words, origin as i64 + edge.a);
                if let Some(b) = edge.b {
                    flip(model, shot_ring, slots, words, origin as i64 + b);
                }
            }
        }
    }
}

/// Layers each shot's ring must hold: from the oldest layer a window still to decode may read
/// or flip (its first layer − 1) to the newest layer the sampler may be writing.
fn ring_slots(model: &LayeredModel, schedule: &[Scheduled]) -> usize {
    let num_layers = model.num_layers() as i64;
    let (back, ahead) = model.lags();
    // The earliest first layer among windows i, i + 1, … (decode order is not start order).
    let mut earliest = vec![i64::MAX; schedule.len() + 1];
    for (i, window) in schedule.iter().enumerate().rev() {
        earliest[i] = earliest[i + 1].min(window.span.layers.start as i64);
    }
    let mut next = 0;
    let mut most = 1i64;
    for lead in 0..num_layers {
        let top = (lead + ahead as i64 + 1).min(num_layers - 1);
        let oldest = match earliest[next] {
            i64::MAX => top,
            start => start - 1,
        }
        .max(0);
        most = most.max(top - oldest + 1);
        while next < schedule.len()
            && schedule[next].span.layers.end as i64 - 1 <= lead - back as i64
        {
            next += 1;
        }
    }
    most as usize + 1
}
