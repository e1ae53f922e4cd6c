//! The engine against brute force on many tiny graphs with small integer weights, zero
//! included: ties, zero-length edges and blossoms inside blossoms are common there, and every
//! shot's weight must be the optimum (all-pairs shortest paths, then the best pairing of the
//! events by bitmask dynamic programming, the boundary usable any number of times).

use super::BlossomMatcher;
use crate::matching::details::MatchingDetails;
use crate::matching::{GraphEdge, MatchingGraph};

fn next(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *state >> 33
}

/// The minimum weight of a perfect matching of `events` with the boundary, if one exists.
fn brute_force(graph: &MatchingGraph, events: &[u32]) -> Option<f64> {
    let n = graph.num_detectors as usize;
    let mut distance = vec![vec![f64::INFINITY; n + 1]; n + 1];
    for (i, row) in distance.iter_mut().enumerate() {
        row[i] = 0.0;
    }
    for edge in &graph.edges {
        let (a, b) = (edge.node_a as usize, edge.node_b.map_or(n, |b| b as usize));
        distance[a][b] = distance[a][b].min(edge.weight);
        distance[b][a] = distance[a][b];
    }
    for k in 0..=n {
        for i in 0..=n {
            for j in 0..=n {
                distance[i][j] = distance[i][j].min(distance[i][k] + distance[k][j]);
            }
        }
    }
    let count = events.len();
    let mut best = vec![f64::INFINITY; 1 << count];
    best[0] = 0.0;
    for mask in 1usize..1 << count {
        let first = mask.trailing_zeros() as usize;
        let rest = mask & !(1 << first);
        let a = events[first] as usize;
        let mut value = distance[a][n] + best[rest];
        let mut others = rest;
        while others != 0 {
            let second = others.trailing_zeros() as usize;
            others &= others - 1;
            let b = events[second] as usize;
            value = value.min(distance[a][b] + best[rest & !(1 << second)]);
        }
        best[mask] = value;
    }
    let weight = best[(1 << count) - 1];
    weight.is_finite().then_some(weight)
}

#[test]
fn tiny_integer_graphs_match_the_brute_force_optimum() {
    let mut state = 7u64;
    let mut details = MatchingDetails::default();
    let (mut checked, mut unmatchable) = (0, 0);
    for _ in 0..40_000 {
        let n = 2 + next(&mut state) as u32 % 9;
        let mut edges = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                if next(&mut state) % 3 == 0 {
                    edges.push((a, Some(b)));
                }
            }
            if next(&mut state) % 3 == 0 {
                edges.push((a, None));
            }
        }
        let edges: Vec<GraphEdge> = edges
            .into_iter()
            .map(|(node_a, node_b)| GraphEdge {
                node_a,
                node_b,
                probability: 0.1,
                weight: (next(&mut state) % 7) as f64,
                observables: next(&mut state) % 2,
            })
            .collect();
        if edges.is_empty() {
            continue;
        }
        let graph = MatchingGraph {
            num_detectors: n,
            num_observables: 1,
            edges,
        };
        let events: Vec<u32> = (0..n).filter(|_| next(&mut state) % 2 == 0).collect();
        let mut matcher = BlossomMatcher::new(&graph);
        let predicted = matcher.decode(&events);
        matcher
            .decode_details(&events, &mut details)
            .expect("every matched pair has a path");
        assert_eq!(details.observables, predicted, "{events:?} on {graph:?}");
        let observables = details
            .path_edges
            .iter()
            .fold(0, |acc, &edge| acc ^ graph.edges[edge as usize].observables);
        assert_eq!(observables, predicted, "{details:?}");
        match brute_force(&graph, &events) {
            Some(optimum) => {
                assert!(
                    (details.weight - optimum).abs() < 1e-9,
                    "weight {} vs optimum {optimum} for {events:?} on {graph:?}",
                    details.weight
                );
                assert!(matcher.unmatched().is_empty());
                checked += 1;
            }
            None => {
                assert!(!matcher.unmatched().is_empty(), "{events:?} on {graph:?}");
                unmatchable += 1;
            }
        }
    }
    assert!(
        checked > 25_000 && unmatchable > 1_000,
        "{checked}, {unmatchable}"
    );
}
