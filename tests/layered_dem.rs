//! A long memory's model as layers (`dem::layered`): its chunks, concatenated, are the whole
//! model error for error, and each layer's chunk touches only the layers it says.

mod dem_common;

use surfacelab::dem::{memory_error_model, LayeredModel};

#[test]
fn chunks_in_order_are_the_whole_model() {
    let checked = dem_common::for_each_long_memory(|&noise, distance, rounds, basis| {
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
                            (lead as i64 - back as i64..=lead as i64 + ahead as i64).contains(&t),
                            "{what}: chunk {lead} touches layer {t}"
                        );
                    }
                }
            }
        }
    });
    assert_eq!(checked, 24);
}
