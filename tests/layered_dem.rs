//! A long memory's model as layers (`dem::layered`): its chunks, concatenated, are the whole
//! model error for error, and each layer's chunk touches only the layers it says.

use surfacelab::circuit::{Basis, NoiseParams};
use surfacelab::dem::periodic::SHORT_ROUNDS;
use surfacelab::dem::{memory_error_model, LayeredModel};
use surfacelab::spec::NoiseModel;

#[test]
fn chunks_in_order_are_the_whole_model() {
    let noises = [
        NoiseModel::Stim(NoiseParams::uniform(0.001)),
        NoiseModel::Stim(NoiseParams {
            after_clifford_depolarization: 0.002,
            after_reset_flip_probability: 0.0005,
            before_measure_flip_probability: 0.003,
            before_round_data_depolarization: 0.001,
        }),
        NoiseModel::Si1000(0.002),
    ];
    let mut checked = 0;
    for noise in noises {
        for (distance, rounds) in [(3, SHORT_ROUNDS + 1), (4, 23), (5, 40), (3, 61)] {
            for basis in [Basis::Z, Basis::X] {
                let circuit_of = |r: u32| noise.memory_circuit(distance, r, basis);
                let whole = memory_error_model(&circuit_of, rounds).unwrap();
                let layered = LayeredModel::of_memory(&circuit_of, rounds)
                    .unwrap()
                    .expect("the memory has a bulk");
                let what = format!("{noise:?} d={distance} r={rounds} {basis:?}");
                assert_eq!(layered.num_detectors(), whole.num_detectors, "{what}");
                assert_eq!(layered.num_observables(), whole.num_observables, "{what}");
                for (d, coords) in whole.detector_coords.iter().enumerate() {
                    assert_eq!(layered.layer_of(d as u32) as f64, coords[2], "{what} D{d}");
                }
                let errors = layered.to_errors();
                assert_eq!(errors.len(), whole.errors.len(), "{what}");
                for (ours, theirs) in errors.iter().zip(&whole.errors) {
                    assert_eq!(ours.pieces, theirs.pieces, "{what}");
                    assert_eq!(ours.probability.to_bits(), theirs.probability.to_bits());
                }
                let (back, ahead) = layered.lags();
                for lead in 0..layered.num_layers() {
                    let chunk = layered.chunk(lead);
                    for error in chunk.errors {
                        for piece in &error.pieces {
                            for &d in &piece.detectors {
                                let t = layered.layer_of(d + chunk.shift) as i64;
                                assert!(
                                    (lead as i64 - back as i64..=lead as i64 + ahead as i64)
                                        .contains(&t),
                                    "{what}: chunk {lead} touches layer {t}"
                                );
                            }
                        }
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 24);
}
