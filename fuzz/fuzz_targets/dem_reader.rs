//! The `.dem` reader on arbitrary text: a model or an error, never a panic. An accepted model
//! must print as text that reads back to the same detectors, observables and symptoms
//! (probabilities are printed to a fixed number of digits), and a small one goes on through
//! decomposition, the matching graph, the sampler and the matcher, each of which may refuse it
//! with an error but not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use surfacelab::dem::decompose::decompose_model;
use surfacelab::dem::text::{parse_dem, parse_dem_within, write_dem};
use surfacelab::dem::DetectorErrorModel;
use surfacelab::matching::{Matcher, MatchingDetails, MatchingGraph};
use surfacelab::sample::{Sampler, ShotBatch};

/// Small enough to decode a few shots well within the 10 s per input.
fn is_small(model: &DetectorErrorModel) -> bool {
    model.num_detectors <= 256 && model.errors.len() <= 256
}

fn decode_some_shots(model: &DetectorErrorModel) {
    let Ok(graph) = MatchingGraph::from_dem(model) else {
        return;
    };
    let Ok(mut matcher) = Matcher::new(&graph) else {
        return;
    };
    let sampler = Sampler::new(model);
    let mut batch = ShotBatch::zeroed(0, 0);
    sampler.sample(&mut Xoshiro256PlusPlus::seed_from_u64(7), 16, &mut batch);
    let (mut defects, mut details) = (Vec::new(), MatchingDetails::default());
    for shot in 0..batch.num_shots {
        batch.defects_into(shot, &mut defects);
        matcher.decode_details(&defects, &mut details);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A budget of 2^20 unrolled steps instead of the reader's 2^26 keeps every input fast (a
    // valid `repeat 3222222 { ... }` took 14 s under the fuzzer); the limit's logic is the same.
    let Ok(model) = parse_dem_within(text, 1 << 20) else {
        return;
    };
    if model.num_detectors > 1 << 16 {
        return; // printing lists every detector; the reader is what is tested here
    }
    let reread = parse_dem(&write_dem(&model)).expect("printed model reads back");
    assert_eq!(reread.num_detectors, model.num_detectors);
    assert_eq!(reread.num_observables, model.num_observables);
    let pieces = |m: &DetectorErrorModel| {
        m.errors
            .iter()
            .map(|e| e.pieces.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pieces(&reread),
        pieces(&model),
        "printed symptoms read back"
    );
    if is_small(&model) {
        if let Ok(decomposed) = decompose_model(&model) {
            decode_some_shots(&decomposed);
        }
        decode_some_shots(&model);
    }
});
