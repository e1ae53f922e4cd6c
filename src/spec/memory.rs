//! How much memory a task needs, estimated from its parameters before anything is built, so
//! that a run that would not fit is refused with the numbers instead of failing halfway
//! (DESIGN.md: 4 GiB per wasm worker; the machine's memory natively).
//!
//! Everything a task holds grows with its detectors D = (d² − 1)·r (the estimate uses
//! (d² − 1)·(r + 1), an upper bound; other families their checks per round instead of d² − 1:
//! `CodeFamily::checks`). Measured with `examples/memory_calibration.rs` (a
//! counting allocator around prepare, decoder and one block of 1024 shots; native, so 8-byte
//! pointers: a wasm worker needs a little less) for d = 3 … 33, r = 3 … 250, every decoder and
//! c, w from 1 to d, in bytes per detector:
//!
//! | part | measured | estimate |
//! |---|---|---|
//! | building the model (circuit, DEM, graph, sampler): peak | 5,200 – 8,150 | 8,600 |
//! | the model kept afterwards (its DEM has about 22 errors per detector) | 3,600 – 6,630 | 7,000 |
//! | global or independent-windows decoder (one matcher of the whole graph) | 490 – 660 | 700 |
//! | sliding or parallel-window decoder, per layer of windows per layer of memory | 750 – 860 | 900 |
//! | one block: 1024 shots of detection events and the decoders' buffers | 140 – 870 | 300 + 60 per layer of windows |
//!
//! "Layers of windows per layer of memory" (the coverage) is the windows' total length over
//! L = r + 1: 1 for a single window, about (c + w)/c for sliding, (c + 4w)/(c + 2w) for
//! parallel-window. Plus a fixed 8 MiB (module, stacks, allocator slack). The estimate came
//! out 1.05 – 1.3 × the measured peak; d = 25, r = 250 (global) measured 1.1 GiB.

use super::{DecoderKind, TaskSpec};
use crate::window::plan::{parallel_windows, sliding_windows};
use crate::{Error, Result};

/// Bytes per detector while the model is built (the peak).
const BUILD_PEAK_PER_DETECTOR: f64 = 8600.0;
/// Bytes per detector of the model kept while the task runs.
const MODEL_PER_DETECTOR: f64 = 7000.0;
/// Bytes per detector of one matcher of the whole graph.
const MATCHER_PER_DETECTOR: f64 = 700.0;
/// Bytes per detector of window matchers, per layer of windows per layer of memory.
const WINDOWS_PER_DETECTOR: f64 = 900.0;
/// Bytes per detector of one block's events and the decoder's buffers (plus the next term
/// per layer of windows).
const BLOCK_PER_DETECTOR: f64 = 300.0;
const BLOCK_PER_DETECTOR_PER_COVERAGE: f64 = 60.0;
/// Fixed bytes per worker: the module, stacks, allocator slack.
const FIXED_BYTES: u64 = 8 << 20;

/// What a wasm worker's memory can grow to.
pub const WASM_WORKER_BYTES: u64 = 4 << 30;

/// One task's estimated memory, in bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryEstimate {
    /// Detectors counted, (d² − 1)·(r + 1).
    pub detectors: u64,
    /// Peak while the model (circuit, DEM, graph, sampler) is built.
    pub build_peak_bytes: u64,
    /// The model kept while the task runs (shared by the native workers of one process).
    pub model_bytes: u64,
    /// One worker's decoder (its matchers).
    pub decoder_bytes: u64,
    /// One worker's block of shots and decoding buffers.
    pub block_bytes: u64,
}

impl MemoryEstimate {
    /// What one worker holding this task alone needs at its peak (a wasm worker builds its
    /// own model).
    pub fn one_worker_bytes(&self) -> u64 {
        let running = self.model_bytes + self.decoder_bytes + self.block_bytes;
        self.build_peak_bytes.max(running) + FIXED_BYTES
    }

    /// What each further worker sharing the model needs (natively).
    pub fn extra_worker_bytes(&self) -> u64 {
        self.decoder_bytes + self.block_bytes
    }
}

/// Layers of windows per layer of memory: the windows' total length over L = r + 1.
fn window_coverage(spec: &TaskSpec) -> f64 {
    let layers = spec.rounds + 1;
    let window = match spec.window {
        Some(window) => window,
        None => return 1.0,
    };
    let total: u64 = match spec.decoder {
        DecoderKind::Sliding => sliding_windows(layers, window.commit, window.buffer)
            .iter()
            .map(|span| span.layers.len() as u64)
            .sum(),
        DecoderKind::ParallelWindow => {
            let plan = parallel_windows(layers, window.commit, window.buffer);
            plan.layer_a
                .iter()
                .chain(&plan.layer_b)
                .map(|span| span.layers.len() as u64)
                .sum()
        }
        DecoderKind::Global | DecoderKind::IndependentWindows => return 1.0,
    };
    total as f64 / layers as f64
}

/// The memory task `spec` needs (see the module docs for the formula and its calibration);
/// with `stream`, as a streamed task where it streams ([`TaskSpec::streams`]).
pub fn estimate_task_memory(spec: &TaskSpec, stream: bool) -> MemoryEstimate {
    if stream && spec.streams() {
        return estimate_streamed_memory(spec);
    }
    let detectors = spec.code.checks(spec.distance) * (spec.rounds as u64 + 1);
    let per = |bytes_per_detector: f64| (bytes_per_detector * detectors as f64).ceil() as u64;
    let coverage = window_coverage(spec);
    let decoder = match spec.decoder {
        DecoderKind::Sliding | DecoderKind::ParallelWindow => WINDOWS_PER_DETECTOR * coverage,
        DecoderKind::Global | DecoderKind::IndependentWindows => MATCHER_PER_DETECTOR,
    };
    MemoryEstimate {
        detectors,
        build_peak_bytes: per(BUILD_PEAK_PER_DETECTOR),
        model_bytes: per(MODEL_PER_DETECTOR),
        decoder_bytes: per(decoder),
        block_bytes: per(BLOCK_PER_DETECTOR + BLOCK_PER_DETECTOR_PER_COVERAGE * coverage),
    }
}

/// Layers from either end within which windows have graphs of their own (the start and end of
/// a streamed memory; `dem::layered` and `window::shape` use fewer).
const STREAM_EDGE_LAYERS: u32 = 12;

/// A streamed task ([`crate::window::streamed`]): the short model it is built from, a solver per
/// distinct window graph (the windows near either end, and one per bulk shape) with the bulk
/// shapes' path caches, and each shot's ring of layers; nothing grows with r.
fn estimate_streamed_memory(spec: &TaskSpec) -> MemoryEstimate {
    let per_layer = spec.code.checks(spec.distance);
    let short = per_layer * (crate::dem::periodic::SHORT_ROUNDS as u64 + 1);
    let per = |bytes_per_detector: f64, detectors: u64| {
        (bytes_per_detector * detectors as f64).ceil() as u64
    };
    let (commit, buffer) = spec.window.map_or((1, 1), |w| (w.commit, w.buffer));
    let layers = spec.rounds + 1;
    let spans: Vec<std::ops::Range<u32>> = match spec.decoder {
        DecoderKind::Sliding => sliding_windows(layers, commit, buffer)
            .into_iter()
            .map(|span| span.layers)
            .collect(),
        _ => {
            let plan = parallel_windows(layers, commit, buffer);
            plan.layer_a
                .into_iter()
                .chain(plan.layer_b)
                .map(|span| span.layers)
                .collect()
        }
    };
    let near_end = |span: &std::ops::Range<u32>| {
        span.start < STREAM_EDGE_LAYERS || span.end + STREAM_EDGE_LAYERS > layers
    };
    let longest = spans.iter().map(|s| s.len() as u64).max().unwrap_or(1);
    let window_layers: u64 = spans
        .iter()
        .filter(|span| near_end(span))
        .map(|span| span.len() as u64 + 4)
        .sum::<u64>()
        + 2 * (longest + 4);
    let ring_layers = 2 * (commit as u64 + 2 * buffer as u64) + longest + 12;
    let ring_bytes = crate::ints::BLOCK_SHOTS as u64 * ring_layers * per_layer.div_ceil(64) * 8;
    // The bulk windows that commit paths keep their path distances (window::shape), on an
    // engine that searches for paths after matching (rmatching; ours traces them: 0).
    let path_cache = crate::matching::Matcher::path_cache_bytes((longest * per_layer) as usize)
        .min(crate::window::shape::PATH_CACHE_BYTES);
    let path_caches = match spec.decoder {
        DecoderKind::Sliding => path_cache,
        _ => 2 * path_cache,
    };
    MemoryEstimate {
        detectors: per_layer * layers as u64,
        build_peak_bytes: per(BUILD_PEAK_PER_DETECTOR, short),
        model_bytes: per(MODEL_PER_DETECTOR, short),
        decoder_bytes: per(WINDOWS_PER_DETECTOR, window_layers * per_layer) + path_caches,
        block_bytes: ring_bytes + per(BLOCK_PER_DETECTOR, longest * per_layer),
    }
}

/// Bytes as people read them: `512 MiB`, `37.2 GiB`.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let number = if unit == 0 || value >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}").trim_end_matches(".0").to_string()
    };
    format!("{number} {}", UNITS[unit])
}

fn describe(spec: &TaskSpec) -> String {
    format!(
        "task d = {}, r = {} ({})",
        spec.distance,
        spec.rounds,
        spec.decoder_name()
    )
}

const ADVICE: &str = "use fewer rounds or a smaller distance";

/// A wasm worker's need for a run of `specs` (streamed where they stream, with `stream`): a
/// worker holds one task at a time (it frees the old task before it builds the next, see
/// www/app/worker.js), so the largest task is the need. Refuses, with the numbers, a run a
/// 4 GiB worker cannot hold.
pub fn check_wasm_worker(specs: &[TaskSpec], stream: bool) -> Result<u64> {
    let largest = specs
        .iter()
        .map(|spec| (estimate_task_memory(spec, stream).one_worker_bytes(), spec))
        .max_by_key(|&(need, _)| need);
    let Some((need, spec)) = largest else {
        return Ok(0);
    };
    if need > WASM_WORKER_BYTES {
        return Err(Error::Memory {
            reason: format!(
                "{} needs about {} per worker; a worker has {} (wasm) — {ADVICE}",
                describe(spec),
                format_bytes(need),
                format_bytes(WASM_WORKER_BYTES)
            ),
        });
    }
    Ok(need)
}

/// A native run's need: every task's model is built up front and kept, the b workers each
/// have their own decoder and block of the task they run, and one model is being built at a
/// time. Refuses, with the numbers, a run that needs more than `machine_bytes`.
pub fn check_native_run(
    specs: &[TaskSpec],
    workers: u32,
    machine_bytes: u64,
    stream: bool,
) -> Result<u64> {
    let estimates: Vec<MemoryEstimate> = specs
        .iter()
        .map(|spec| estimate_task_memory(spec, stream))
        .collect();
    for (spec, estimate) in specs.iter().zip(&estimates) {
        let need = estimate.one_worker_bytes();
        if need > machine_bytes {
            return Err(Error::Memory {
                reason: format!(
                    "{} needs about {} with one worker; this machine has {} — {ADVICE}",
                    describe(spec),
                    format_bytes(need),
                    format_bytes(machine_bytes)
                ),
            });
        }
    }
    let models: u64 = estimates.iter().map(|e| e.model_bytes).sum();
    let largest_build = estimates
        .iter()
        .map(|e| e.build_peak_bytes.saturating_sub(e.model_bytes))
        .max()
        .unwrap_or(0);
    let largest_worker = estimates
        .iter()
        .map(MemoryEstimate::extra_worker_bytes)
        .max()
        .unwrap_or(0);
    let workers_bytes = largest_worker * workers.max(1) as u64;
    let need = models + largest_build.max(workers_bytes) + FIXED_BYTES;
    if need > machine_bytes {
        return Err(Error::Memory {
            reason: format!(
                "this run needs about {} ({} tasks' models {} kept at once, {} workers' decoders and shots {}); this machine has {} — {ADVICE}, fewer tasks or fewer workers",
                format_bytes(need),
                specs.len(),
                format_bytes(models),
                workers,
                format_bytes(workers_bytes),
                format_bytes(machine_bytes)
            ),
        });
    }
    Ok(need)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::Basis;
    use crate::spec::{NoiseKind, WindowRoundsSpec};

    fn task(distance: u32, rounds: u32, decoder: DecoderKind) -> TaskSpec {
        let window = decoder.is_windowed().then(|| {
            WindowRoundsSpec::default()
                .resolve(decoder, distance, rounds)
                .expect("valid test windows")
        });
        TaskSpec {
            code: crate::circuit::CodeFamily::Rotated,
            distance,
            rounds,
            basis: Basis::Z,
            noise: NoiseKind::Stim.uniform(0.005),
            decoder,
            window,
            correlated: false,
        }
    }

    #[test]
    fn the_seed_large_codes_fit_a_wasm_worker() {
        for (d, r) in [(33, 3), (25, 250), (29, 3), (31, 3)] {
            for decoder in [DecoderKind::Global, DecoderKind::ParallelWindow] {
                let need = check_wasm_worker(&[task(d, r, decoder)], false).expect("fits");
                assert!(need < WASM_WORKER_BYTES / 2, "d {d} r {r}: {need}");
            }
        }
        // d = 25, r = 250, global measured 1.1 GiB natively: the estimate is above it.
        let need =
            estimate_task_memory(&task(25, 250, DecoderKind::Global), true).one_worker_bytes();
        assert!(need > 1_150_000_000 && need < 1_600_000_000, "{need}");
    }

    #[test]
    fn the_largest_task_is_refused_with_its_numbers() {
        let error =
            check_wasm_worker(&[task(101, 100_000, DecoderKind::Global)], true).unwrap_err();
        assert_eq!(
            error.to_string(),
            "task d = 101, r = 100000 (global) needs about 8 TiB per worker; a worker has 4 GiB (wasm) — use fewer rounds or a smaller distance"
        );
        let error = check_native_run(&[task(61, 1000, DecoderKind::Global)], 1, 16 << 30, true);
        assert!(error
            .unwrap_err()
            .to_string()
            .contains("this machine has 16 GiB"));
    }

    #[test]
    fn a_worker_holds_one_task_at_a_time() {
        let big = task(33, 300, DecoderKind::Global);
        let small = task(5, 5, DecoderKind::Global);
        let one = check_wasm_worker(&[big], true).expect("fits");
        assert_eq!(check_wasm_worker(&[big, big, small], true).unwrap(), one);
        assert_eq!(check_wasm_worker(&[], true).unwrap(), 0);
    }

    #[test]
    fn native_runs_count_every_model_and_every_worker() {
        let tasks = [
            task(9, 9, DecoderKind::Global),
            task(9, 90, DecoderKind::Global),
        ];
        let one = check_native_run(&tasks, 1, u64::MAX, true).unwrap();
        let four = check_native_run(&tasks, 4, u64::MAX, true).unwrap();
        assert!(four > one);
        let error = check_native_run(&tasks, 64, one, true)
            .unwrap_err()
            .to_string();
        assert!(error.contains("64 workers"), "{error}");
    }

    #[test]
    fn windows_cost_by_their_coverage() {
        let global = estimate_task_memory(&task(9, 90, DecoderKind::Global), false);
        let parallel = estimate_task_memory(&task(9, 90, DecoderKind::ParallelWindow), false);
        let sliding = estimate_task_memory(&task(9, 90, DecoderKind::Sliding), false);
        assert!(global.decoder_bytes < parallel.decoder_bytes);
        assert!(parallel.decoder_bytes < sliding.decoder_bytes);
        assert_eq!(format_bytes(1536), "1.5 KiB");
        // Streamed, a window decoder's need does not grow with r.
        let streamed = |r| {
            estimate_task_memory(&task(9, r, DecoderKind::ParallelWindow), true).one_worker_bytes()
        };
        assert_eq!(streamed(1000), streamed(1_000_000));
        assert!(streamed(1_000_000) < 200 << 20, "{}", streamed(1_000_000));
        let whole = estimate_task_memory(&task(9, 1000, DecoderKind::ParallelWindow), false);
        assert!(whole.one_worker_bytes() > 5 * streamed(1000));
        assert_eq!(format_bytes(300 << 20), "300 MiB");
    }
}
