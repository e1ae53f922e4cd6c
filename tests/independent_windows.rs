//! `independent-windows` reproduces the seed's measured rates (`reference/seed_system.md`:
//! d = 5, r = 50, p = 0.005, 20,000 shots per row), while sliding and parallel-window with
//! c = w = 5 agree with global matching, all within 3 combined standard errors. Fewer shots
//! than the seed's, from a fixed seed, so that it runs in seconds.

use surfacelab::circuit::{Basis, NoiseParams};
use surfacelab::collect::PreparedTask;
use surfacelab::ints::BLOCK_SHOTS;
use surfacelab::sample::ShotBatch;
use surfacelab::spec::{DecoderKind, NoiseModel, TaskSpec, WindowRounds};

const SEED: u64 = 20_260_122;
const BLOCKS: u64 = 4;
/// Shots per row in the seed's table.
const SEED_SHOTS: f64 = 20_000.0;

fn task(decoder: DecoderKind, commit: u32, buffer: u32) -> PreparedTask {
    PreparedTask::prepare(TaskSpec {
        code: surfacelab::circuit::CodeFamily::Rotated,
        distance: 5,
        rounds: 50,
        basis: Basis::Z,
        noise: NoiseModel::Stim(NoiseParams::uniform(0.005)),
        decoder,
        window: decoder
            .is_windowed()
            .then_some(WindowRounds { commit, buffer }),
        correlated: false,
    })
    .expect("task builds")
}

/// Logical error rate of `decoder` on the shots of `shots_of` (the same shots for every decoder).
fn rate(shots_of: &PreparedTask, decoder: &PreparedTask) -> (f64, f64) {
    let mut decoder = decoder.new_decoder(None).expect("decoder builds");
    let (mut batch, mut predictions) = (ShotBatch::default(), Vec::new());
    let mut errors = 0;
    for block in 0..BLOCKS {
        shots_of.whole().unwrap().sampler.sample_block(
            SEED,
            &shots_of.metadata,
            block,
            BLOCK_SHOTS,
            &mut batch,
        );
        decoder.decode_batch(&batch, &mut predictions);
        errors += predictions
            .iter()
            .zip(&batch.observables)
            .filter(|(p, t)| p != t)
            .count();
    }
    let shots = (BLOCKS as usize * BLOCK_SHOTS) as f64;
    (errors as f64 / shots, shots)
}

/// Asserts that `ours` (from `shots`) is within 3 combined standard errors of the seed's rate.
fn assert_matches_seed(label: &str, ours: f64, shots: f64, seed_rate: f64) {
    let se = (ours * (1.0 - ours) / shots + seed_rate * (1.0 - seed_rate) / SEED_SHOTS).sqrt();
    let sigmas = (ours - seed_rate).abs() / se;
    println!("{label}: {ours:.4} against the seed's {seed_rate:.4} ({sigmas:.2} combined SE)");
    assert!(
        sigmas <= 3.0,
        "{label}: {ours:.4} is {sigmas:.2} combined SE from {seed_rate:.4}"
    );
}

#[test]
fn independent_windows_reproduce_the_seed() {
    let shots_of = task(DecoderKind::Global, 5, 5);
    for (n, k, seed_rate) in [(5, 0, 0.3992), (10, 0, 0.2898), (5, 5, 0.4828)] {
        let (ours, shots) = rate(&shots_of, &task(DecoderKind::IndependentWindows, n, k));
        assert_matches_seed(
            &format!("independent-windows n={n} k={k}"),
            ours,
            shots,
            seed_rate,
        );
    }
}

#[test]
fn sliding_and_parallel_window_agree_with_global() {
    let shots_of = task(DecoderKind::Global, 5, 5);
    for decoder in [
        DecoderKind::Global,
        DecoderKind::Sliding,
        DecoderKind::ParallelWindow,
    ] {
        let (ours, shots) = rate(&shots_of, &task(decoder, 5, 5));
        assert_matches_seed(decoder.name(), ours, shots, 0.1326);
    }
}
