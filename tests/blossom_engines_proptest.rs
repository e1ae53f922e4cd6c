//! Property test: our engine and rmatching find matchings of equal weight on random graphs
//! (any shape: chains, cycles, parallel merges, boundary edges anywhere, probabilities up to
//! 0.6 so that some weights are negative), with details that agree with their predictions.

use proptest::prelude::*;
use surfacelab::dem::{DemError, DetectorErrorModel, Symptom};
use surfacelab::ints::DetectorIndex;
use surfacelab::matching::{Decoder, EngineKind, Matcher, MatchingDetails, MatchingGraph};

/// A random graph as (detectors, edges (a, b or boundary, p, observables)) and which edges a
/// shot flips (so every shot is matchable).
type RandomShot = (u32, Vec<(u32, Option<u32>, f64, u64)>, Vec<bool>);

fn random_shot() -> impl Strategy<Value = RandomShot> {
    (2u32..14).prop_flat_map(|nodes| {
        let edge = (
            0..nodes,
            prop::option::weighted(0.75, 0..nodes),
            0.001f64..0.6,
            0u64..4,
        );
        (Just(nodes), prop::collection::vec(edge, 1..40)).prop_flat_map(|(nodes, edges)| {
            let count = edges.len();
            (
                Just(nodes),
                Just(edges),
                prop::collection::vec(prop::bool::weighted(0.2), count),
            )
        })
    })
}

fn graph_and_defects(shot: &RandomShot) -> (MatchingGraph, Vec<DetectorIndex>) {
    let (nodes, edges, flipped) = shot;
    let mut errors = Vec::new();
    let mut fired = vec![false; *nodes as usize];
    for (&(a, b, p, observables), &flip) in edges.iter().zip(flipped) {
        let detectors = match b {
            Some(b) if b != a => vec![a.min(b), a.max(b)],
            _ => vec![a],
        };
        if flip {
            for &d in &detectors {
                fired[d as usize] ^= true;
            }
        }
        errors.push(DemError {
            probability: p,
            pieces: vec![Symptom {
                detectors,
                observables,
            }],
        });
    }
    let model = DetectorErrorModel {
        errors,
        num_detectors: *nodes,
        num_observables: 2,
        detector_coords: Vec::new(),
    };
    let graph = MatchingGraph::from_dem(&model).expect("graph-like");
    let defects = (0..*nodes).filter(|&d| fired[d as usize]).collect();
    (graph, defects)
}

fn tolerance(graph: &MatchingGraph, a: &MatchingDetails, b: &MatchingDetails) -> f64 {
    let max_weight = graph
        .edges
        .iter()
        .map(|edge| edge.weight.abs())
        .fold(0.0, f64::max);
    let edges = a.path_edges.len()
        + b.path_edges.len()
        + (a.matched_pairs.len() + b.matched_pairs.len()) * (graph.num_detectors as usize + 1);
    edges as f64 * max_weight / (2.0 * ((1u32 << 24) - 1) as f64) + 1e-9 * a.weight.abs().max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn engines_find_equal_weights(shot in random_shot()) {
        let (graph, defects) = graph_and_defects(&shot);
        let mut ours = Matcher::with_engine(&graph, EngineKind::Blossom).unwrap();
        let mut theirs = Matcher::with_engine(&graph, EngineKind::Rmatching).unwrap();
        let (mut a, mut b) = (MatchingDetails::default(), MatchingDetails::default());
        ours.decode_details(&defects, &mut a);
        theirs.decode_details(&defects, &mut b);
        prop_assert_eq!(ours.decode(&defects), a.observables);
        prop_assert_eq!(theirs.decode(&defects), b.observables);
        prop_assert!(ours.unmatched().is_empty());
        let crossed = a
            .path_edges
            .iter()
            .fold(0, |acc, &edge| acc ^ graph.edges[edge as usize].observables);
        prop_assert_eq!(crossed, a.observables);
        let limit = tolerance(&graph, &a, &b);
        prop_assert!(
            (a.weight - b.weight).abs() <= limit,
            "blossom {:?} vs rmatching {:?} for {:?}", a, b, defects
        );
    }
}
