//! The matcher against independent brute-force oracles on small random graphs, for both
//! engines (ours and rmatching), which must also agree with each other on every shot.
//!
//! Oracle 1 (positive weights): all-pairs shortest paths with petgraph's Dijkstra, the
//! boundary being one node that may be used any number of times, then an exact minimum-weight
//! perfect matching of ≤ 12 defects by bitmask dynamic programming (each defect pairs with
//! another or with the boundary).
//! Oracle 2 (any signs, ≤ 16 edges): the lightest set of edges whose syndrome is the defects,
//! by enumerating every subset.
//!
//! Tolerance. The engine discretises weights like PyMatching: w ↦ round(w · s) with
//! s = (2^24 − 1) / max|w|, so each edge's weight is off by at most 1 / (2s) and the matching
//! it finds is optimal for the rounded weights only. Our weight (float weights along the
//! engine's paths) can then exceed the float optimum by at most (E_ours + E_opt) / (2s), E
//! being the edges in each solution. E_opt is bounded by (pairs) × (nodes + 1) (simple
//! paths), giving tolerance = (E_ours + pairs · (nodes + 1)) · max|w| / (2 (2^24 − 1)),
//! plus 1e-9 · max(1, w) for float summation. With these graphs that is about 1e-5: far below
//! the gap between distinct matchings of random weights, so a wrong matching still fails.

use petgraph::algo::dijkstra;
use petgraph::graph::{NodeIndex, UnGraph};
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use surfacelab::dem::{DemError, DetectorErrorModel, Symptom};
use surfacelab::ints::{DetectorIndex, ObservableMask};
use surfacelab::matching::{Decoder, EngineKind, Matcher, MatchingDetails, MatchingGraph};

/// Largest discretised weight level of the engine (PyMatching's NUM_DISTINCT_WEIGHTS − 1).
const MAX_DISCRETE_WEIGHT: f64 = ((1u32 << 24) - 1) as f64;
const MAX_DEFECTS: usize = 12;
/// Every test runs both engines.
const ENGINES: [EngineKind; 2] = [EngineKind::Blossom, EngineKind::Rmatching];

/// One matcher per engine.
fn matchers(graph: &MatchingGraph) -> Vec<Matcher> {
    ENGINES
        .iter()
        .map(|&kind| Matcher::with_engine(graph, kind).expect("valid graph"))
        .collect()
}

fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn below(rng: &mut Xoshiro256PlusPlus, bound: usize) -> usize {
    (rng.next_u64() % bound as u64) as usize
}

/// A model whose errors are the given (detectors, observables) pieces with probabilities.
struct ModelBuilder {
    errors: Vec<DemError>,
    num_detectors: u32,
}

impl ModelBuilder {
    fn new(num_detectors: u32) -> Self {
        ModelBuilder {
            errors: Vec::new(),
            num_detectors,
        }
    }

    fn edge(&mut self, detectors: &[u32], observables: ObservableMask, probability: f64) {
        let mut detectors = detectors.to_vec();
        detectors.sort_unstable();
        self.errors.push(DemError {
            probability,
            pieces: vec![Symptom {
                detectors,
                observables,
            }],
        });
    }

    fn build(self) -> DetectorErrorModel {
        DetectorErrorModel {
            errors: self.errors,
            num_detectors: self.num_detectors,
            num_observables: 2,
            detector_coords: Vec::new(),
        }
    }
}

fn random_probability(rng: &mut Xoshiro256PlusPlus, negative_allowed: bool) -> f64 {
    if negative_allowed && uniform(rng) < 0.2 {
        0.55 + 0.4 * uniform(rng)
    } else {
        0.005 + 0.3 * uniform(rng)
    }
}

/// A repetition code over `rounds` rounds: a chain per round, boundaries at both ends (the
/// left one flips L0), time edges between rounds, some diagonal (hook-like) edges.
fn repetition_code(rng: &mut Xoshiro256PlusPlus, negative_allowed: bool) -> DetectorErrorModel {
    let width = 2 + below(rng, 5) as u32;
    let rounds = 1 + below(rng, 3) as u32;
    let node = |round: u32, column: u32| round * width + column;
    let mut model = ModelBuilder::new(width * rounds);
    for round in 0..rounds {
        model.edge(
            &[node(round, 0)],
            1,
            random_probability(rng, negative_allowed),
        );
        model.edge(
            &[node(round, width - 1)],
            0,
            random_probability(rng, negative_allowed),
        );
        for column in 0..width - 1 {
            let p = random_probability(rng, negative_allowed);
            model.edge(&[node(round, column), node(round, column + 1)], 0, p);
        }
        if round + 1 < rounds {
            for column in 0..width {
                let p = random_probability(rng, negative_allowed);
                model.edge(&[node(round, column), node(round + 1, column)], 0, p);
                if column + 1 < width && uniform(rng) < 0.5 {
                    let p = random_probability(rng, negative_allowed);
                    model.edge(&[node(round, column + 1), node(round + 1, column)], 0, p);
                }
            }
        }
    }
    model.build()
}

/// A random grid with missing edges, some diagonals, boundary edges on its border (those on
/// the left flip L0), a few edges flipping L1, and some repeated (parallel) errors.
fn planar_ish(
    rng: &mut Xoshiro256PlusPlus,
    negative_allowed: bool,
    boundary_everywhere: bool,
) -> DetectorErrorModel {
    let rows = 2 + below(rng, 3) as u32;
    let columns = 2 + below(rng, 3) as u32;
    let node = |row: u32, column: u32| row * columns + column;
    let mut model = ModelBuilder::new(rows * columns);
    for row in 0..rows {
        for column in 0..columns {
            let extra = if uniform(rng) < 0.15 { 2 } else { 0 };
            if column == 0 {
                model.edge(
                    &[node(row, column)],
                    1 | extra,
                    random_probability(rng, negative_allowed),
                );
            }
            let on_border = row == 0 || row == rows - 1 || column == columns - 1;
            let boundary_here = if boundary_everywhere {
                uniform(rng) < 0.8
            } else {
                on_border && uniform(rng) < 0.5
            };
            if boundary_here {
                model.edge(
                    &[node(row, column)],
                    extra,
                    random_probability(rng, negative_allowed),
                );
            }
            let mut neighbours = Vec::new();
            if column + 1 < columns {
                neighbours.push(node(row, column + 1));
            }
            if row + 1 < rows {
                neighbours.push(node(row + 1, column));
                if column + 1 < columns && uniform(rng) < 0.3 {
                    neighbours.push(node(row + 1, column + 1));
                }
            }
            for other in neighbours {
                if uniform(rng) < 0.85 {
                    let p = random_probability(rng, negative_allowed);
                    model.edge(&[node(row, column), other], extra, p);
                }
            }
        }
    }
    let num_errors = model.errors.len();
    for _ in 0..below(rng, 3) {
        let repeated = model.errors[below(rng, num_errors)].clone();
        model.errors.push(DemError {
            probability: random_probability(rng, false),
            ..repeated
        });
    }
    model.build()
}

/// The defects of a random set of edges (so a perfect matching always exists).
fn random_syndrome(rng: &mut Xoshiro256PlusPlus, graph: &MatchingGraph) -> Vec<DetectorIndex> {
    let flip_probability = 0.05 + 0.3 * uniform(rng);
    let mut fired = vec![false; graph.num_detectors as usize];
    for edge in &graph.edges {
        if uniform(rng) < flip_probability {
            fired[edge.node_a as usize] ^= true;
            if let Some(node_b) = edge.node_b {
                fired[node_b as usize] ^= true;
            }
        }
    }
    (0..graph.num_detectors)
        .filter(|&d| fired[d as usize])
        .collect()
}

/// Oracle 1: shortest paths through petgraph, then bitmask DP over the defects.
fn oracle_matching_weight(graph: &MatchingGraph, defects: &[DetectorIndex]) -> Option<f64> {
    let boundary = graph.num_detectors as usize;
    let mut petgraph_graph = UnGraph::<(), f64>::new_undirected();
    for _ in 0..=boundary {
        petgraph_graph.add_node(());
    }
    for edge in &graph.edges {
        let other = edge.node_b.map_or(boundary, |b| b as usize);
        petgraph_graph.add_edge(
            NodeIndex::new(edge.node_a as usize),
            NodeIndex::new(other),
            edge.weight,
        );
    }
    let distances: Vec<Vec<f64>> = defects
        .iter()
        .map(|&defect| {
            let reached = dijkstra(
                &petgraph_graph,
                NodeIndex::new(defect as usize),
                None,
                |e| *e.weight(),
            );
            let distance_to = |node: usize| {
                reached
                    .get(&NodeIndex::new(node))
                    .copied()
                    .unwrap_or(f64::INFINITY)
            };
            let mut row: Vec<f64> = defects
                .iter()
                .map(|&other| distance_to(other as usize))
                .collect();
            row.push(distance_to(boundary));
            row
        })
        .collect();
    let count = defects.len();
    let mut best = vec![f64::INFINITY; 1 << count];
    best[0] = 0.0;
    for mask in 1usize..(1 << count) {
        let first = mask.trailing_zeros() as usize;
        let rest = mask & !(1 << first);
        let mut value = distances[first][count] + best[rest];
        let mut others = rest;
        while others != 0 {
            let second = others.trailing_zeros() as usize;
            others &= others - 1;
            value = value.min(distances[first][second] + best[rest & !(1 << second)]);
        }
        best[mask] = value;
    }
    let weight = best[(1 << count) - 1];
    weight.is_finite().then_some(weight)
}

/// Oracle 2: the lightest edge set whose syndrome is `defects` (any weight signs).
fn oracle_lightest_correction(
    graph: &MatchingGraph,
    defects: &[DetectorIndex],
) -> Option<(f64, ObservableMask)> {
    let num_edges = graph.edges.len();
    assert!(num_edges <= 16);
    let target: u64 = defects.iter().map(|&d| 1u64 << d).fold(0, |a, b| a | b);
    // Gray-code order: each subset differs from the previous one by one edge.
    let (mut syndrome, mut weight, mut observables) = (0u64, 0.0, 0);
    let mut best = (syndrome == target).then_some((0.0, 0));
    for step in 1u32..(1 << num_edges) {
        let index = step.trailing_zeros() as usize;
        let edge = &graph.edges[index];
        let now_in = (step ^ (step >> 1)) >> index & 1 == 1;
        syndrome ^= 1 << edge.node_a;
        if let Some(node_b) = edge.node_b {
            syndrome ^= 1 << node_b;
        }
        weight += if now_in { edge.weight } else { -edge.weight };
        observables ^= edge.observables;
        if syndrome == target && best.is_none_or(|(w, _)| weight < w) {
            best = Some((weight, observables));
        }
    }
    best
}

/// Checks the details' internal consistency: pairs cover the defects once, every path is a
/// walk between its pair, the observables of all path edges are the prediction, and the
/// weight is the sum of the path edges' weights.
fn check_details(graph: &MatchingGraph, defects: &[DetectorIndex], details: &MatchingDetails) {
    let mut covered: Vec<DetectorIndex> = details
        .matched_pairs
        .iter()
        .flat_map(|&(a, b)| std::iter::once(a).chain(b))
        .collect();
    covered.sort_unstable();
    let has_negative = graph.edges.iter().any(|edge| edge.weight < 0.0);
    if !has_negative {
        assert_eq!(
            covered, defects,
            "matched pairs must cover each defect once"
        );
    }
    assert_eq!(details.path_ends.len(), details.matched_pairs.len());
    for (pair_index, &(from, to)) in details.matched_pairs.iter().enumerate() {
        let mut at = Some(from);
        for &edge in details.path(pair_index) {
            let (a, b) = graph.endpoints(edge);
            let here = at.expect("a path continues only from a detector, not from the boundary");
            at = if here == a {
                b
            } else {
                assert_eq!(Some(here), b, "path edge {edge} does not touch node {here}");
                Some(a)
            };
        }
        assert_eq!(at, to, "path {pair_index} must end at its partner");
    }
    let observables = details
        .path_edges
        .iter()
        .fold(0, |acc, &edge| acc ^ graph.edges[edge as usize].observables);
    assert_eq!(observables, details.observables);
    let last_path_end = details.path_ends.last().map_or(0, |&end| end as usize);
    let weight: f64 = details.path_edges[..last_path_end]
        .iter()
        .map(|&edge| graph.edges[edge as usize].weight.abs())
        .chain(
            details.path_edges[last_path_end..]
                .iter()
                .map(|&edge| graph.edges[edge as usize].weight),
        )
        .sum();
    assert!((weight - details.weight).abs() <= 1e-9 * weight.abs().max(1.0));
}

/// Decodes `defects` both ways, checks they agree and that the details are consistent.
fn decode_and_check(
    matcher: &mut Matcher,
    graph: &MatchingGraph,
    defects: &[DetectorIndex],
    details: &mut MatchingDetails,
) {
    let predicted = matcher.decode(defects);
    matcher.decode_details(defects, details);
    assert_eq!(
        details.observables, predicted,
        "details must agree with decode"
    );
    check_details(graph, defects, details);
}

fn discretisation_tolerance(graph: &MatchingGraph, details: &MatchingDetails, weight: f64) -> f64 {
    let max_weight = graph
        .edges
        .iter()
        .map(|edge| edge.weight.abs())
        .fold(0.0, f64::max);
    let edge_bound =
        details.path_edges.len() + details.matched_pairs.len() * (graph.num_detectors as usize + 1);
    edge_bound as f64 * max_weight / (2.0 * MAX_DISCRETE_WEIGHT) + 1e-9 * weight.abs().max(1.0)
}

/// A repetition code, a planar-ish grid, or a grid with boundary edges on most nodes.
fn random_model(rng: &mut Xoshiro256PlusPlus, negative_allowed: bool) -> DetectorErrorModel {
    let roll = uniform(rng);
    if roll < 0.4 {
        repetition_code(rng, negative_allowed)
    } else {
        planar_ish(rng, negative_allowed, roll > 0.7)
    }
}

/// Decodes `defects` with every engine, checks each, and checks that their weights agree
/// (they solve the same integer problem; tied matchings may differ in prediction). Returns
/// whether the predictions differed.
fn decode_with_all(
    matchers: &mut [Matcher],
    graph: &MatchingGraph,
    defects: &[DetectorIndex],
    details: &mut [MatchingDetails; 2],
) -> bool {
    for (matcher, details) in matchers.iter_mut().zip(details.iter_mut()) {
        decode_and_check(matcher, graph, defects, details);
    }
    let tolerance = discretisation_tolerance(graph, &details[0], details[0].weight)
        + discretisation_tolerance(graph, &details[1], details[1].weight);
    assert!(
        (details[0].weight - details[1].weight).abs() <= tolerance,
        "engines disagree: blossom {:?} vs rmatching {:?} for {defects:?} on {graph:?}",
        details[0],
        details[1]
    );
    details[0].observables != details[1].observables
}

/// At least 10,000 random graphs (chains, grids, grids with boundary edges on most nodes),
/// both engines against the brute-force matching weight.
#[test]
fn weights_equal_the_brute_force_matching() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
    let mut details: [MatchingDetails; 2] = Default::default();
    let (mut checked, mut graphs, mut differing) = (0, 0, 0);
    for _ in 0..10_000 {
        let model = random_model(&mut rng, false);
        let graph = MatchingGraph::from_dem(&model).expect("graph-like model");
        let mut matchers = matchers(&graph);
        graphs += 1;
        for _ in 0..3 {
            let defects = random_syndrome(&mut rng, &graph);
            if defects.len() > MAX_DEFECTS {
                continue;
            }
            differing += decode_with_all(&mut matchers, &graph, &defects, &mut details) as usize;
            let oracle =
                oracle_matching_weight(&graph, &defects).expect("a syndrome of edges is matchable");
            for details in &details {
                let tolerance = discretisation_tolerance(&graph, details, oracle);
                assert!(
                    (details.weight - oracle).abs() <= tolerance,
                    "weight {} vs oracle {oracle} (tolerance {tolerance}) for defects {defects:?} on {graph:?}",
                    details.weight
                );
            }
            checked += 1;
        }
    }
    assert!(
        graphs >= 10_000 && checked > 20_000,
        "only {checked} shots checked"
    );
    assert!(
        differing * 100 < checked,
        "{differing} of {checked} predictions differ"
    );
}

/// Negative weights (p > 1/2) on random graphs with at most 16 edges: both engines against
/// the lightest edge set with the shot's syndrome.
#[test]
fn negative_weights_give_the_lightest_correction() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(99);
    let mut details: [MatchingDetails; 2] = Default::default();
    let mut checked = 0;
    for _ in 0..3000 {
        let model = random_model(&mut rng, true);
        let graph = MatchingGraph::from_dem(&model).expect("graph-like model");
        if graph.edges.len() > 16 {
            continue;
        }
        let mut matchers = matchers(&graph);
        for _ in 0..5 {
            let defects = random_syndrome(&mut rng, &graph);
            decode_with_all(&mut matchers, &graph, &defects, &mut details);
            let (oracle_weight, _) =
                oracle_lightest_correction(&graph, &defects).expect("syndrome of edges");
            for details in &details {
                let tolerance = discretisation_tolerance(&graph, details, oracle_weight) + 1e-5;
                assert!(
                    (details.weight - oracle_weight).abs() <= tolerance,
                    "weight {} vs lightest correction {oracle_weight} for {defects:?} on {graph:?}",
                    details.weight
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 3000, "only {checked} shots checked");
}

#[test]
fn tied_boundaries_keep_paths_consistent_with_the_prediction() {
    // A 5-node chain with equal weights: the middle node is equally far from both
    // boundaries, and only the left one flips L0.
    let mut model = ModelBuilder::new(5);
    model.edge(&[0], 1, 0.01);
    model.edge(&[4], 0, 0.01);
    for node in 0..4 {
        model.edge(&[node, node + 1], 0, 0.01);
    }
    let graph = MatchingGraph::from_dem(&model.build()).expect("chain");
    let mut details = MatchingDetails::default();
    for mut matcher in matchers(&graph) {
        for defects in [vec![2], vec![0, 2, 4], vec![1, 2, 3], vec![]] {
            decode_and_check(&mut matcher, &graph, &defects, &mut details);
            let oracle = oracle_matching_weight(&graph, &defects).expect("chain with boundaries");
            assert!((details.weight - oracle).abs() < 1e-6);
        }
    }
}

/// A matcher that keeps path distances from shot to shot (`Matcher::cache_paths`, used by
/// shared window solvers) finds exactly the details of one that searches afresh every time.
#[test]
fn cached_path_distances_give_the_same_details() {
    use surfacelab::circuit::{Basis, NoiseParams};
    use surfacelab::ints::BLOCK_SHOTS;
    use surfacelab::sample::{Sampler, ShotBatch};
    use surfacelab::spec::NoiseModel;
    let circuit = NoiseModel::Stim(NoiseParams::uniform(0.01)).memory_circuit(5, 10, Basis::X);
    let dem = surfacelab::dem::detector_error_model(&circuit).unwrap();
    let graph = MatchingGraph::from_dem(&dem).unwrap();
    let mut fresh = Matcher::with_engine(&graph, EngineKind::Rmatching).unwrap();
    let mut cached = Matcher::with_engine(&graph, EngineKind::Rmatching).unwrap();
    cached.cache_paths();
    let sampler = Sampler::new(&dem);
    let mut batch = ShotBatch::default();
    let (mut defects, mut a, mut b) = (
        Vec::new(),
        MatchingDetails::default(),
        MatchingDetails::default(),
    );
    let mut paths = 0;
    for block in 0..3 {
        sampler.sample_block(5, "cache", block, BLOCK_SHOTS, &mut batch);
        for shot in 0..BLOCK_SHOTS {
            batch.defects_into(shot, &mut defects);
            fresh.decode_details(&defects, &mut a);
            cached.decode_details(&defects, &mut b);
            assert_eq!(a, b, "block {block} shot {shot}");
            paths += a.matched_pairs.len();
        }
    }
    assert!(paths > 10_000, "{paths} paths compared");
}

/// Per-shot weights: a matcher whose weights were changed decodes exactly like one built on a
/// graph with those weights (same scale: the heaviest edge is kept, new |weights| stay below
/// it), zero and negative weights included; after `restore_weights` it decodes like the
/// original again. One of the two matchers keeps cached path distances, which must not leak
/// the build's weights into changed shots.
#[test]
fn changed_weights_decode_like_a_graph_built_with_them() {
    for kind in ENGINES {
        changed_weights_decode_like_a_fresh_build(kind);
    }
}

fn changed_weights_decode_like_a_fresh_build(kind: EngineKind) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(4711);
    let (mut ours, mut theirs) = (MatchingDetails::default(), MatchingDetails::default());
    let mut compared = 0;
    for model_index in 0..300 {
        let negative_allowed = model_index % 2 == 1;
        let graph = MatchingGraph::from_dem(&random_model(&mut rng, negative_allowed)).unwrap();
        let mut original = Matcher::with_engine(&graph, kind).unwrap();
        let mut matcher = Matcher::with_engine(&graph, kind).unwrap();
        if model_index % 3 == 0 {
            matcher.cache_paths();
        }
        let heaviest = (0..graph.edges.len())
            .max_by(|&a, &b| {
                graph.edges[a]
                    .weight
                    .abs()
                    .total_cmp(&graph.edges[b].weight.abs())
            })
            .unwrap();
        let max_weight = graph.edges[heaviest].weight.abs();
        for _ in 0..4 {
            let mut changed = graph.clone();
            for edge in 0..graph.edges.len() {
                if edge == heaviest || uniform(&mut rng) < 0.5 {
                    continue;
                }
                let roll = uniform(&mut rng);
                let weight = if roll < 0.15 {
                    0.0
                } else if roll < 0.3 && negative_allowed {
                    -max_weight * uniform(&mut rng)
                } else {
                    max_weight * uniform(&mut rng)
                };
                changed.edges[edge].weight = weight;
                matcher.set_edge_weight(edge as u32, weight);
            }
            let mut fresh = Matcher::with_engine(&changed, kind).unwrap();
            for _ in 0..8 {
                let defects = random_syndrome(&mut rng, &graph);
                assert_eq!(matcher.decode(&defects), fresh.decode(&defects));
                matcher.decode_details(&defects, &mut ours);
                fresh.decode_details(&defects, &mut theirs);
                assert_eq!(
                    ours, theirs,
                    "changed weights, defects {defects:?} on {changed:?}"
                );
                check_details(&changed, &defects, &ours);
                compared += 1;
            }
            matcher.restore_weights();
            for _ in 0..4 {
                let defects = random_syndrome(&mut rng, &graph);
                matcher.decode_details(&defects, &mut ours);
                original.decode_details(&defects, &mut theirs);
                assert_eq!(ours, theirs, "restored weights, defects {defects:?}");
                assert_eq!(matcher.decode(&defects), ours.observables);
            }
        }
    }
    assert!(compared > 9000, "only {compared} shots compared");
}

/// Defects no matching can cover (a detector without edges; an odd number in a piece without
/// boundary edges): our engine neither loops nor panics, matches the rest and lists them.
#[test]
fn unmatchable_defects_are_listed_not_fatal() {
    // Detectors 0-1-2 form a triangle without boundary; 3 has no edges; 4-5 reach a boundary.
    let mut model = ModelBuilder::new(6);
    model.edge(&[0, 1], 0, 0.1);
    model.edge(&[1, 2], 1, 0.1);
    model.edge(&[0, 2], 0, 0.2);
    model.edge(&[4, 5], 0, 0.1);
    model.edge(&[5], 1, 0.1);
    let graph = MatchingGraph::from_dem(&model.build()).expect("graph");
    let mut matcher = Matcher::with_engine(&graph, EngineKind::Blossom).unwrap();
    let mut details = MatchingDetails::default();
    matcher.decode_details(&[0, 1, 2, 3, 4], &mut details);
    let unmatched = matcher.unmatched().to_vec();
    assert_eq!(unmatched.len(), 2, "{unmatched:?}");
    assert!(unmatched.contains(&3), "{unmatched:?}");
    assert_eq!(details.matched_pairs.len(), 2, "{details:?}");
    assert!(details.matched_pairs.contains(&(4, None)));
    // `decode` leaves out components that cannot flip an observable (3's): ask the engine.
    matcher.decode_every_component(&[3]);
    assert_eq!(matcher.unmatched(), &[3]);
    matcher.decode(&[4, 5]);
    assert!(matcher.unmatched().is_empty());
}

/// Both engines on stim-like circuit noise: equal weights on every shot, predictions that
/// differ only where the two matchings tie.
#[test]
fn engines_agree_on_circuit_noise() {
    use surfacelab::circuit::{Basis, NoiseParams};
    use surfacelab::ints::BLOCK_SHOTS;
    use surfacelab::sample::{Sampler, ShotBatch};
    use surfacelab::spec::NoiseModel;
    for (distance, p) in [(3, 0.02), (5, 0.01), (7, 0.005)] {
        let circuit =
            NoiseModel::Stim(NoiseParams::uniform(p)).memory_circuit(distance, distance, Basis::Z);
        let dem = surfacelab::dem::detector_error_model(&circuit).unwrap();
        let graph = MatchingGraph::from_dem(&dem).unwrap();
        let mut matchers = matchers(&graph);
        let sampler = Sampler::new(&dem);
        let mut batch = ShotBatch::default();
        let mut defects = Vec::new();
        let mut details: [MatchingDetails; 2] = Default::default();
        let (mut shots, mut differing) = (0, 0);
        for block in 0..(10 - distance as u64) / 3 {
            sampler.sample_block(distance as u64, "engines", block, BLOCK_SHOTS, &mut batch);
            for shot in 0..BLOCK_SHOTS {
                batch.defects_into(shot, &mut defects);
                differing +=
                    decode_with_all(&mut matchers, &graph, &defects, &mut details) as usize;
                shots += 1;
            }
        }
        assert!(
            differing * 200 <= shots,
            "d={distance}: {differing} of {shots} predictions differ"
        );
    }
}
