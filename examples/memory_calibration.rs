//! Measures what one task really allocates in one shot worker, to calibrate
//! `spec::memory`'s estimate: the peak heap while the task is prepared (circuit, DEM, graph,
//! sampler), its decoder is built and one block of 1024 shots is sampled and decoded, next to
//! the model's sizes (detectors, DEM errors, graph edges) and the estimate.
//!
//! `cargo run --release --example memory_calibration [d,r[,decoder[,c,w]] ...]`
//!
//! Native pointers are 8 bytes against wasm's 4, so native bytes bound the wasm worker's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use surfacelab::circuit::Basis;
use surfacelab::collect::{run_block, BlockBuffers, PreparedTask};
use surfacelab::spec::{estimate_task_memory, DecoderKind, NoiseKind, TaskSpec, WindowRoundsSpec};
use surfacelab::window::WindowThreads;

/// The system allocator, counting live bytes and their peak.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: f64 = 1024.0 * 1024.0;

fn measure(distance: u32, rounds: u32, decoder: DecoderKind, window: WindowRoundsSpec) {
    let window = decoder.is_windowed().then(|| {
        window
            .resolve(decoder, distance, rounds)
            .expect("calibration tasks use valid window rounds")
    });
    let spec = TaskSpec {
        code: surfacelab::circuit::CodeFamily::Rotated,
        distance,
        rounds,
        basis: Basis::Z,
        noise: NoiseKind::Stim.uniform(0.005),
        decoder,
        window,
        correlated: false,
    };
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let task = PreparedTask::prepare(spec).expect("calibration tasks are valid");
    let prepared = LIVE.load(Relaxed) - before;
    let prepare_peak = PEAK.load(Relaxed) - before;
    let mut worker_decoder = task
        .new_block_decoder(WindowThreads::Sequential, None)
        .expect("calibration tasks have decoders");
    let with_decoder = LIVE.load(Relaxed) - before;
    let before_block = LIVE.load(Relaxed);
    PEAK.store(before_block, Relaxed);
    let mut buffers = BlockBuffers::default();
    run_block(&task, &mut worker_decoder, 1, 0, 1024, &mut buffers)
        .expect("calibration shots decode");
    let block_peak = PEAK.load(Relaxed) - before_block;
    let peak = prepare_peak.max(with_decoder + block_peak);
    let whole = task.whole().expect("calibration tasks are whole");
    let per_detector = |bytes: usize| bytes as f64 / whole.graph.num_detectors as f64;
    let estimate = estimate_task_memory(&spec, false);
    println!(
        "d={distance:3} r={rounds:6} {:19} c,w {:?} D {:8} errors/D {:5.2} edges/D {:4.2} | B/D: prepare peak {:5.0} kept {:5.0} decoder {:5.0} block {:5.0} | peak {:8.1} MiB, estimate {:8.1} MiB ({:.2}x)",
        decoder.name(),
        spec.window.map(|w| (w.commit, w.buffer)),
        whole.graph.num_detectors,
        whole.dem.errors.len() as f64 / whole.graph.num_detectors as f64,
        whole.graph.edges.len() as f64 / whole.graph.num_detectors as f64,
        per_detector(prepare_peak),
        per_detector(prepared),
        per_detector(with_decoder - prepared),
        per_detector(block_peak),
        peak as f64 / MIB,
        estimate.one_worker_bytes() as f64 / MIB,
        estimate.one_worker_bytes() as f64 / peak as f64,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cases: Vec<(u32, u32, DecoderKind, WindowRoundsSpec)> = if args.is_empty() {
        let mut cases = Vec::new();
        for decoder in [
            DecoderKind::Global,
            DecoderKind::Sliding,
            DecoderKind::ParallelWindow,
            DecoderKind::IndependentWindows,
        ] {
            for (d, r) in [
                (3, 3),
                (5, 50),
                (9, 9),
                (9, 90),
                (15, 15),
                (15, 150),
                (25, 25),
                (33, 3),
            ] {
                cases.push((d, r, decoder, WindowRoundsSpec::default()));
            }
        }
        cases
    } else {
        args.iter()
            .map(|arg| {
                let parts: Vec<&str> = arg.split(',').collect();
                let number = |i: usize| parts[i].parse().expect("d,r[,decoder[,c,w]]");
                let decoder = parts.get(2).map_or(DecoderKind::Global, |name| {
                    DecoderKind::parse(name).expect("a decoder name")
                });
                let window = WindowRoundsSpec {
                    commit: parts.get(3).map(|_| number(3)),
                    buffer: parts.get(4).map(|_| number(4)),
                };
                (number(0), number(1), decoder, window)
            })
            .collect()
    };
    for (distance, rounds, decoder, window) in cases {
        measure(distance, rounds, decoder, window);
    }
}
