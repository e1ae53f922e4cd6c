//! A long memory decoded while it is sampled, layer by layer (`window::streamed`), gives shot
//! for shot the predictions and observables of the whole-memory path: same seed, same block,
//! sliding and parallel-window, both bases, d = 5 and 9, r = 10d and 50d.

mod task_common;

use surfacelab::circuit::Basis;
use surfacelab::ints::ObservableMask;
use surfacelab::spec::{DecoderKind, TaskSpec};
use surfacelab::window::WindowThreads;

use task_common::{decoded_shots, spec, ShotRange};

/// (actual, predicted) per shot of block `block`'s first `shots` shots (seed 7), streamed or
/// whole.
fn shots(
    spec: TaskSpec,
    stream: bool,
    threads: WindowThreads,
    block: u64,
    shots: usize,
) -> Vec<(ObservableMask, ObservableMask)> {
    let range = ShotRange {
        seed: 7,
        block,
        shots,
    };
    decoded_shots(spec, stream, threads, range)
}

#[test]
fn streamed_equals_whole_memory_shot_for_shot() {
    let mut compared = 0;
    for (d, shots_per_block) in [(5, 300), (9, 40)] {
        for r in [10 * d, 50 * d] {
            for basis in [Basis::Z, Basis::X] {
                for decoder in [DecoderKind::Sliding, DecoderKind::ParallelWindow] {
                    let spec = spec(decoder, basis, d, r, 0.008);
                    let whole = shots(spec, false, WindowThreads::Sequential, 3, shots_per_block);
                    let streamed = shots(spec, true, WindowThreads::Sequential, 3, shots_per_block);
                    let what = format!("d={d} r={r} {basis:?} {decoder:?}");
                    assert_eq!(streamed, whole, "{what}");
                    let wrong = whole.iter().filter(|(a, p)| a != p).count();
                    let flipped = whole.iter().filter(|(a, _)| *a != 0).count();
                    assert!(
                        flipped > 0,
                        "{what}: the comparison has flipped observables"
                    );
                    eprintln!(
                        "{what}: {shots_per_block} shots equal ({flipped} flipped, {wrong} wrong)"
                    );
                    compared += 1;
                }
            }
        }
    }
    assert_eq!(compared, 16);
}

#[test]
fn streamed_predictions_do_not_depend_on_window_threads() {
    let spec = spec(DecoderKind::ParallelWindow, Basis::Z, 5, 120, 0.008);
    let pool = std::sync::Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap(),
    );
    let one = shots(spec, true, WindowThreads::Sequential, 0, 100);
    let three = shots(spec, true, WindowThreads::Pool(pool), 0, 100);
    assert_eq!(one, three);
}
