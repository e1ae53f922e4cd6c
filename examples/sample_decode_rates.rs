//! Quick timing of the sampler and the matcher, in µs per shot, on surface-code-sized models.
//!
//! `cargo run --release --example sample_decode_rates [d ...]`
//!
//! Until the circuit → DEM builder is in, the models are synthetic but sized and shaped like
//! stim's `surface_code:rotated_memory_z` DEMs (two decoupled stabiliser lattices over r + 1
//! layers, space, time and space-time diagonal edges, two boundaries, several mechanisms per
//! edge, two-piece "Y" mechanisms), with mechanism probabilities averaging about p / 2 like
//! stim's. Compare with stim (sampling) and PyMatching (decoding) in
//! `tests/data/reference/bench_*.json` only as an order of magnitude.

use std::time::Instant;
use surfacelab::dem::{DemError, DetectorErrorModel, Symptom};
use surfacelab::ints::{DetectorIndex, BLOCK_SHOTS};
use surfacelab::matching::{Decoder, Matcher, MatchingDetails, MatchingGraph};
use surfacelab::sample::{Sampler, ShotBatch};

/// A small deterministic generator for mechanism probabilities.
struct SplitMix(u64);

impl SplitMix {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The synthetic surface-code-like model described in the module docs.
fn synthetic_surface_dem(distance: u32, rounds: u32, p: f64) -> DetectorErrorModel {
    let (rows, columns, layers) = (distance - 1, distance.div_ceil(2), rounds + 1);
    let per_lattice = rows * columns * layers;
    let node = |lattice: u32, layer: u32, row: u32, column: u32| {
        lattice * per_lattice + (layer * rows + row) * columns + column
    };
    let mut probabilities = SplitMix(distance as u64 * 1000 + rounds as u64);
    let mut errors = Vec::new();
    let mut mechanism = |pieces: Vec<Symptom>, errors: &mut Vec<DemError>| {
        let probability = p * (0.066 + 0.83 * probabilities.unit());
        errors.push(DemError {
            probability,
            pieces,
        });
    };
    let piece = |detectors: Vec<DetectorIndex>, observables| Symptom {
        detectors,
        observables,
    };
    for layer in 0..layers {
        for row in 0..rows {
            for column in 0..columns {
                for lattice in 0..2 {
                    let here = node(lattice, layer, row, column);
                    let mut edges: Vec<(Vec<u32>, u64)> = Vec::new();
                    if column == 0 {
                        edges.push((vec![here], if lattice == 0 { 1 } else { 0 }));
                    }
                    if column + 1 == columns {
                        edges.push((vec![here], 0));
                    }
                    let mut others = Vec::new();
                    if column + 1 < columns {
                        others.push(node(lattice, layer, row, column + 1));
                    }
                    if row + 1 < rows {
                        others.push(node(lattice, layer, row + 1, column));
                        if column + 1 < columns {
                            others.push(node(lattice, layer, row + 1, column + 1));
                        }
                    }
                    if layer + 1 < layers {
                        others.push(node(lattice, layer + 1, row, column));
                        if column + 1 < columns {
                            others.push(node(lattice, layer + 1, row, column + 1));
                        }
                    }
                    edges.extend(others.into_iter().map(|other| (vec![here, other], 0)));
                    for (detectors, observables) in edges {
                        for _ in 0..3 {
                            mechanism(vec![piece(detectors.clone(), observables)], &mut errors);
                        }
                    }
                }
                // A "Y" error: one piece in each lattice.
                if column + 1 < columns {
                    let z_piece =
                        vec![node(0, layer, row, column), node(0, layer, row, column + 1)];
                    let x_piece =
                        vec![node(1, layer, row, column), node(1, layer, row, column + 1)];
                    mechanism(vec![piece(z_piece, 0), piece(x_piece, 0)], &mut errors);
                }
            }
        }
    }
    DetectorErrorModel {
        errors,
        num_detectors: 2 * per_lattice,
        num_observables: 1,
        detector_coords: Vec::new(),
    }
}

/// Fastest of `repeats` runs of `run`, in µs per shot of `shots` shots.
fn fastest_us_per_shot(repeats: usize, shots: usize, mut run: impl FnMut()) -> f64 {
    (0..repeats)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1e6 / shots as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn report(distance: u32, p: f64) {
    let dem = synthetic_surface_dem(distance, distance, p);
    let start = Instant::now();
    let sampler = Sampler::new(&dem);
    let sampler_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let graph = MatchingGraph::from_dem(&dem).expect("synthetic model is graph-like");
    let graph_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let mut matcher = Matcher::new(&graph).expect("synthetic graph is valid");
    let matcher_ms = start.elapsed().as_secs_f64() * 1e3;

    let num_blocks = 20;
    let num_shots = num_blocks * BLOCK_SHOTS;
    let mut batches = vec![ShotBatch::default(); num_blocks];
    let sample_us = fastest_us_per_shot(5, num_shots, || {
        for (block, batch) in batches.iter_mut().enumerate() {
            sampler.sample_block(1, "timing", block as u64, BLOCK_SHOTS, batch);
        }
    });
    let shots: Vec<Vec<DetectorIndex>> = batches
        .iter()
        .flat_map(|batch| {
            (0..batch.num_shots).map(move |shot| {
                let mut defects = Vec::new();
                batch.defects_into(shot, &mut defects);
                defects
            })
        })
        .collect();
    let mean_defects = shots.iter().map(Vec::len).sum::<usize>() as f64 / num_shots as f64;
    let mut flips = 0u64;
    let decode_us = fastest_us_per_shot(3, num_shots, || {
        for defects in &shots {
            flips += matcher.decode(defects);
        }
    });
    let mut details = MatchingDetails::default();
    let details_us = fastest_us_per_shot(3, num_shots, || {
        for defects in &shots {
            matcher.decode_details(defects, &mut details);
        }
    });
    let dense_us = rmatching_dense_us_per_shot(&graph, &shots);
    println!(
        "d={distance} r={distance} p={p}: {} detectors, {} mechanisms, {} edges, {mean_defects:.1} defects/shot",
        dem.num_detectors,
        dem.errors.len(),
        graph.edges.len()
    );
    println!(
        "  build: sampler {sampler_ms:.1} ms, graph {graph_ms:.1} ms, matcher {matcher_ms:.1} ms"
    );
    println!(
        "  sample {sample_us:.2} us/shot | decode {decode_us:.2} us/shot | decode_details {details_us:.2} us/shot | rmatching Matching::decode (dense syndrome) {dense_us:.2} us/shot"
    );
    std::hint::black_box(flips);
}

/// rmatching's public `Matching::decode` on the same graph, for comparison with our
/// Mwpm-level fast path.
fn rmatching_dense_us_per_shot(graph: &MatchingGraph, shots: &[Vec<DetectorIndex>]) -> f64 {
    let mut matching = rmatching::Matching::new();
    for edge in &graph.edges {
        let observables: Vec<usize> = (0..64).filter(|k| edge.observables >> k & 1 == 1).collect();
        match edge.node_b {
            Some(b) => matching.add_edge(
                edge.node_a as usize,
                b as usize,
                edge.weight,
                &observables,
                edge.probability,
            ),
            None => matching.add_boundary_edge(
                edge.node_a as usize,
                edge.weight,
                &observables,
                edge.probability,
            ),
        }
    }
    matching.prepare();
    let mut syndrome = vec![0u8; graph.num_detectors as usize];
    let mut prediction = Vec::new();
    fastest_us_per_shot(3, shots.len(), || {
        for defects in shots {
            syndrome.fill(0);
            defects.iter().for_each(|&d| syndrome[d as usize] = 1);
            matching.decode_into(&syndrome, &mut prediction);
        }
    })
}

fn main() {
    let distances: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|arg| arg.parse().ok())
        .collect();
    let distances = if distances.is_empty() {
        vec![9, 13]
    } else {
        distances
    };
    for distance in distances {
        for p in [0.001, 0.005] {
            report(distance, p);
        }
    }
}
