//! The page's experiment form, through the core parsers it calls (src/wasm/form.rs compiles
//! only for wasm32, so this target makes the same calls in the same order). The input is the
//! form's fields, one per line: distances, rounds, p, basis, noise, decoder, commit rounds,
//! buffer rounds, max-shots, max-errors, seed, workers, window workers, then the CLI's shard
//! and max-seconds, then the code family and the correlated switch (last, so that older corpus
//! entries keep their meaning). Every parser must return a value or an error, never panic; a valid form
//! resolves into task specs whose metadata and memory estimates are computed, and a small task
//! is prepared and decodes a few shots.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use surfacelab::collect::{PreparedTask, TaskModel};
use surfacelab::sample::ShotBatch;
use surfacelab::spec::{
    self, check_wasm_worker, estimate_task_memory, DecoderKind, NoiseKind, RoundsSpec, Shard,
    TaskSpec, WindowRoundsSpec,
};
use surfacelab::window::WindowThreads;

/// Empty text means "not given", as in the form.
fn given(text: &str) -> Option<&str> {
    (!text.trim().is_empty()).then_some(text)
}

/// Prepares a small task and decodes a few of its shots; errors are fine, panics are not.
fn run_small_task(spec: TaskSpec) {
    let Ok(task) = PreparedTask::prepare(spec) else {
        return;
    };
    let TaskModel::Whole(whole) = &task.model else {
        return;
    };
    let Ok(mut decoder) = task.new_decoder_on(WindowThreads::Sequential) else {
        return;
    };
    let mut batch = ShotBatch::zeroed(0, 0);
    whole
        .sampler
        .sample(&mut Xoshiro256PlusPlus::seed_from_u64(1), 8, &mut batch);
    let mut predictions = Vec::new();
    decoder.decode_batch(&batch, &mut predictions);
    assert_eq!(predictions.len(), 8);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let mut field = || lines.next().unwrap_or("");
    let [distances, rounds, p, basis, noise, decoder, commit, buffer] = [(); 8].map(|()| field());
    let [max_shots, max_errors, seed, workers, window_workers, shard, max_seconds] =
        [(); 7].map(|()| field());
    let [code, correlated] = [(); 2].map(|()| field());

    let bases = spec::parse_list("basis", basis, spec::parse_basis);
    let distances = spec::parse_list("distances", distances, spec::parse_distance);
    let rounds = RoundsSpec::parse(rounds);
    let noise = match given(noise) {
        None => Ok(NoiseKind::default()),
        Some(text) => NoiseKind::parse(text),
    };
    let noise_for_p = *noise.as_ref().unwrap_or(&NoiseKind::default());
    let probabilities = spec::parse_list("p", p, |text| noise_for_p.parse_p(text));
    let decoder = DecoderKind::parse(decoder);
    let code = match given(code) {
        None => Ok(Default::default()),
        Some(text) => spec::parse_code(text),
    };
    // The form's switch: only 1 turns it on.
    let correlated = correlated.trim() == "1";
    let commit = WindowRoundsSpec::parse(given(commit), None);
    let buffer = WindowRoundsSpec::parse(None, given(buffer));
    let _ = spec::parse_count("max-shots", max_shots);
    let _ = spec::parse_count("max-errors", max_errors);
    let _ = spec::parse_seed(seed);
    let workers = spec::parse_workers("workers", workers);
    let window_workers = spec::parse_workers("window-workers", window_workers);
    if let (Ok(a), Ok(b)) = (&window_workers, &workers) {
        let _ = spec::check_concurrency(*a, *b);
    }
    if let Ok(shard) = Shard::parse(shard) {
        assert!(shard.index < shard.count);
        assert!(shard.owns(shard.index));
    }
    let _ = spec::parse_max_seconds("max-seconds", max_seconds);

    let (Ok(bases), Ok(distances), Ok(rounds), Ok(probabilities), Ok(decoder), Ok(noise)) =
        (bases, distances, rounds, probabilities, decoder, noise)
    else {
        return;
    };
    let Ok(code) = code else {
        return;
    };
    if decoder.check_correlated(correlated).is_err()
        || bases
            .iter()
            .any(|&basis| spec::check_code(code, basis, decoder).is_err())
    {
        return;
    }
    let window_spec = WindowRoundsSpec {
        commit: commit.ok().and_then(|c| c.commit),
        buffer: buffer.ok().and_then(|b| b.buffer),
    };
    let mut specs = Vec::new();
    for &basis in bases.iter().take(4) {
        for &distance in distances.iter().take(8) {
            let Ok(rounds) = rounds.resolve(distance) else {
                continue;
            };
            let window = if decoder.is_windowed() {
                match window_spec.resolve(decoder, distance, rounds) {
                    Ok(window) => Some(window),
                    Err(_) => continue,
                }
            } else {
                None
            };
            for &p in probabilities.iter().take(8) {
                specs.push(TaskSpec {
                    code,
                    distance,
                    rounds,
                    basis,
                    noise: noise.uniform(p),
                    decoder,
                    window,
                    correlated,
                });
            }
        }
    }
    for spec in &specs {
        let _ = spec.metadata();
        let _ = spec.sample_key();
        for stream in [false, true] {
            let _ = estimate_task_memory(spec, stream);
        }
    }
    let _ = check_wasm_worker(&specs, true);
    if let Some(small) = specs.iter().find(|s| s.distance <= 5 && s.rounds <= 6) {
        run_small_task(*small);
    }
});
