//! A long memory's error model built from a short one (`dem::periodic`) equals the model built
//! by propagating the whole circuit: the same errors, pieces, probabilities (bit for bit),
//! order and detector coordinates.

mod dem_common;

use surfacelab::circuit::{Basis, NoiseParams};
use surfacelab::dem::periodic::{extended_memory_model, SHORT_ROUNDS};
use surfacelab::dem::{detector_error_model, memory_error_model};
use surfacelab::spec::NoiseModel;

#[test]
fn periodic_models_equal_direct_ones() {
    let checked = dem_common::for_each_long_memory(|&noise, distance, rounds, basis| {
        let circuit_of = |r: u32| noise.memory_circuit(distance, r, basis);
        let direct = detector_error_model(&circuit_of(rounds)).unwrap();
        let periodic = extended_memory_model(&circuit_of, rounds)
            .unwrap()
            .expect("the memory is periodic");
        assert_eq!(memory_error_model(&circuit_of, rounds).unwrap(), periodic);
        assert_eq!(periodic.num_detectors, direct.num_detectors);
        assert_eq!(periodic.detector_coords, direct.detector_coords);
        assert_eq!(
            periodic.errors.len(),
            direct.errors.len(),
            "{noise:?} d={distance} r={rounds}"
        );
        for (ours, theirs) in periodic.errors.iter().zip(&direct.errors) {
            assert_eq!(
                ours.pieces, theirs.pieces,
                "{noise:?} d={distance} r={rounds}"
            );
            assert_eq!(ours.probability.to_bits(), theirs.probability.to_bits());
        }
    });
    assert_eq!(checked, 24);
    let short =
        |r: u32| NoiseModel::Stim(NoiseParams::uniform(0.001)).memory_circuit(3, r, Basis::Z);
    assert!(extended_memory_model(&short, SHORT_ROUNDS)
        .unwrap()
        .is_none());
}
