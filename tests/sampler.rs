//! The sampler: reproducible per (seed, task, block), independent of buffer reuse, and
//! statistically faithful to the model.

use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use surfacelab::dem::{DemError, DetectorErrorModel, Symptom};
use surfacelab::ints::{ObservableMask, BLOCK_SHOTS};
use surfacelab::sample::{block_stream, read_b8, write_b8, Sampler, ShotBatch};

fn piece(detectors: &[u32], observables: ObservableMask) -> Symptom {
    Symptom {
        detectors: detectors.to_vec(),
        observables,
    }
}

fn error(probability: f64, pieces: Vec<Symptom>) -> DemError {
    DemError {
        probability,
        pieces,
    }
}

/// A small model mixing skipped, Bernoulli, certain and impossible mechanisms, multi-piece
/// errors whose pieces cancel on a shared detector, and detectors in two words.
fn small_model() -> DetectorErrorModel {
    DetectorErrorModel {
        errors: vec![
            error(0.01, vec![piece(&[0, 1], 1)]),
            error(0.002, vec![piece(&[1, 2], 0), piece(&[2, 70], 0)]),
            error(0.3, vec![piece(&[3], 2)]),
            error(0.04, vec![piece(&[0], 0)]),
            error(0.7, vec![piece(&[3, 4], 0)]),
            error(0.05, vec![piece(&[69, 70], 1)]),
            error(0.0, vec![piece(&[5], 1)]),
            error(1.0, vec![piece(&[6], 0)]),
            error(0.0001, vec![piece(&[4], 0), piece(&[], 2)]),
            error(0.02, vec![piece(&[0, 69], 0)]),
        ],
        num_detectors: 71,
        num_observables: 2,
        detector_coords: Vec::new(),
    }
}

/// P(odd number of the mechanisms happen) = (1 − Π(1 − 2p)) / 2.
fn odd_parity_probability(probabilities: impl Iterator<Item = f64>) -> f64 {
    (1.0 - probabilities.map(|p| 1.0 - 2.0 * p).product::<f64>()) / 2.0
}

#[test]
fn same_seed_task_and_block_give_the_same_bits() {
    let sampler = Sampler::new(&small_model());
    let mut first = ShotBatch::default();
    let mut second = ShotBatch::default();
    sampler.sample_block(7, "task", 3, BLOCK_SHOTS, &mut first);
    sampler.sample_block(7, "task", 3, BLOCK_SHOTS, &mut second);
    assert_eq!(first, second);
    for (seed, key, block) in [(8, "task", 3), (7, "tusk", 3), (7, "task", 4)] {
        sampler.sample_block(seed, key, block, BLOCK_SHOTS, &mut second);
        assert_ne!(
            first, second,
            "({seed}, {key}, {block}) must draw another stream"
        );
    }
}

#[test]
fn results_do_not_depend_on_buffer_reuse() {
    let big_model = DetectorErrorModel {
        num_detectors: 300,
        ..small_model()
    };
    let sampler = Sampler::new(&small_model());
    let mut fresh = ShotBatch::default();
    sampler.sample_block(1, "reuse", 0, BLOCK_SHOTS, &mut fresh);
    // A buffer that held a wider batch, then garbage.
    let mut reused = ShotBatch::default();
    Sampler::new(&big_model).sample_block(2, "other", 5, BLOCK_SHOTS, &mut reused);
    reused.detection_words.fill(u64::MAX);
    reused.observables.fill(u64::MAX);
    sampler.sample_block(1, "reuse", 0, BLOCK_SHOTS, &mut reused);
    assert_eq!(fresh, reused);
}

#[test]
fn a_block_cut_short_is_a_prefix_of_the_full_block() {
    let sampler = Sampler::new(&small_model());
    let mut full = ShotBatch::default();
    sampler.sample_block(11, "cut", 2, BLOCK_SHOTS, &mut full);
    let mut cut = ShotBatch::default();
    for num_shots in [0, 1, 100, 1023] {
        sampler.sample_block(11, "cut", 2, num_shots, &mut cut);
        assert_eq!(cut.num_shots, num_shots);
        for shot in 0..num_shots {
            assert_eq!(cut.shot_words(shot), full.shot_words(shot));
            assert_eq!(cut.observables[shot], full.observables[shot]);
        }
    }
}

#[test]
fn sample_block_is_sample_on_the_block_stream() {
    let sampler = Sampler::new(&small_model());
    let mut by_block = ShotBatch::default();
    sampler.sample_block(5, "key", 9, BLOCK_SHOTS, &mut by_block);
    let mut by_stream = ShotBatch::default();
    sampler.sample(&mut block_stream(5, "key", 9), BLOCK_SHOTS, &mut by_stream);
    assert_eq!(by_block, by_stream);
}

#[test]
fn firing_rates_match_the_model_within_five_sigma() {
    let model = small_model();
    let sampler = Sampler::new(&model);
    let num_blocks = 200;
    let num_shots = (num_blocks * BLOCK_SHOTS) as f64;
    let mut detector_counts = vec![0u64; model.num_detectors as usize];
    let mut observable_counts = [0u64; 2];
    let mut batch = ShotBatch::default();
    let mut defects = Vec::new();
    for block in 0..num_blocks as u64 {
        sampler.sample_block(42, "rates", block, BLOCK_SHOTS, &mut batch);
        for shot in 0..batch.num_shots {
            batch.defects_into(shot, &mut defects);
            defects
                .iter()
                .for_each(|&d| detector_counts[d as usize] += 1);
            for (k, count) in observable_counts.iter_mut().enumerate() {
                *count += (batch.observables[shot] >> k) & 1;
            }
        }
    }
    let check = |what: String, count: u64, rate: f64| {
        let expected = rate * num_shots;
        let sigma = (num_shots * rate * (1.0 - rate)).sqrt();
        if sigma == 0.0 {
            assert_eq!(count as f64, expected, "{what}");
        } else {
            let deviation = (count as f64 - expected).abs() / sigma;
            assert!(
                deviation < 5.0,
                "{what}: {count} vs {expected} ({deviation:.1} σ)"
            );
        }
    };
    for detector in 0..model.num_detectors {
        let rate = odd_parity_probability(
            model
                .errors
                .iter()
                .filter(|e| e.symptom().detectors.contains(&detector))
                .map(|e| e.probability),
        );
        check(
            format!("detector {detector}"),
            detector_counts[detector as usize],
            rate,
        );
    }
    for (k, &count) in observable_counts.iter().enumerate() {
        let rate = odd_parity_probability(
            model
                .errors
                .iter()
                .filter(|e| (e.symptom().observables >> k) & 1 == 1)
                .map(|e| e.probability),
        );
        check(format!("observable {k}"), count, rate);
    }
}

#[test]
fn impossible_mechanisms_never_fire_and_certain_ones_always_do() {
    let model = DetectorErrorModel {
        errors: vec![
            error(0.0, vec![piece(&[0], 1)]),
            error(1.0, vec![piece(&[1, 2], 2)]),
            error(0.5, vec![piece(&[3], 0)]),
        ],
        num_detectors: 4,
        num_observables: 2,
        detector_coords: Vec::new(),
    };
    let sampler = Sampler::new(&model);
    let mut batch = ShotBatch::default();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    for _ in 0..20 {
        sampler.sample(&mut rng, BLOCK_SHOTS, &mut batch);
        for shot in 0..batch.num_shots {
            assert!(!batch.fired(shot, 0));
            assert!(batch.fired(shot, 1) && batch.fired(shot, 2));
            assert_eq!(batch.observables[shot], 2);
        }
    }
}

#[test]
fn sampled_shots_survive_a_b8_round_trip() {
    let sampler = Sampler::new(&small_model());
    let mut batch = ShotBatch::default();
    sampler.sample_block(1, "b8", 0, 333, &mut batch);
    let mut bytes = Vec::new();
    write_b8(&batch, &mut bytes);
    assert_eq!(bytes.len(), 333 * 9);
    let mut read = ShotBatch::default();
    read_b8(&bytes, 71, &mut read).expect("whole shots");
    assert_eq!(read.detection_words, batch.detection_words);
    assert!(read_b8(&bytes[..bytes.len() - 1], 71, &mut read).is_err());
}
