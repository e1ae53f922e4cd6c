//! Our side of `npm run bench`'s loop rates, in µs/shot, single-threaded: sampling, and the
//! decode loop alone (plain and correlated) with the matching engine `SURFACELAB_ENGINE` names
//! (`blossom` = ours, `rmatching` = the cross-check; default: the library's default engine).
//!
//! `cargo bench --bench core_rates -- --manifest FILE [--case NAME]`
//!   decodes stim's shots of each manifest case (the JSON lines of
//!   `scripts/reference/bench_reference.py data`: its .dem and b8 files), so that PyMatching
//!   (`bench_reference.py loop`) and both engines decode the very same shots; graphs are built
//!   from stim's .dem file, outside the timing. The plain loop is timed twice: as every caller
//!   decodes (`Matcher::decode`, which leaves out the graph's components that cannot flip an
//!   observable) and on every component (`Matcher::decode_every_component`, the engine alone).
//! `cargo bench --bench core_rates -- [--distances 9,13,17] [--ps 0.001,0.005] [--shots N]`
//!   without a reference: decodes shots of our own sampler.
//!
//! `cargo bench --bench core_rates -- --engine-name` prints the engine's name and exits.
//!
//! Prints one JSON line per case (`scripts/bench-summary.mjs` reads them).

use std::time::Instant;
use surfacelab::circuit::{Basis, CodeFamily, NoiseParams};
use surfacelab::collect::PreparedTask;
use surfacelab::dem::text::parse_dem;
use surfacelab::ints::{ObservableMask, BLOCK_SHOTS};
use surfacelab::matching::{
    default_engine, set_default_engine, CorrelationTable, Decoder, EngineKind, Matcher,
    MatchingGraph, Reweighter,
};
use surfacelab::sample::{b8, ShotBatch};
use surfacelab::spec::{DecoderKind, NoiseModel, TaskSpec};

struct Options {
    distances: Vec<u32>,
    ps: Vec<f64>,
    shots: Option<usize>,
    manifest: Option<String>,
    case: Option<String>,
}

fn options() -> Options {
    let mut options = Options {
        distances: vec![9, 13, 17],
        ps: vec![0.001, 0.005],
        shots: None,
        manifest: None,
        case: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--distances" => {
                options.distances = value.split(',').filter_map(|s| s.parse().ok()).collect()
            }
            "--ps" => options.ps = value.split(',').filter_map(|s| s.parse().ok()).collect(),
            "--shots" => options.shots = value.parse().ok(),
            "--manifest" => options.manifest = Some(value),
            "--case" => options.case = Some(value),
            _ => {
                // cargo bench passes --bench; ignore what we don't know.
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    options
}

/// One case to time: its memory experiment and, from a manifest, stim's model and shots.
struct Case {
    name: String,
    d: u32,
    p: f64,
    shots: usize,
    stim: Option<StimShots>,
}

/// stim's decomposed model text, its shots and their actual observable flips.
struct StimShots {
    dem_text: String,
    batch: ShotBatch,
    observables: Vec<ObservableMask>,
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("bench: cannot read {path}: {e}"))
}

fn manifest_cases(path: &str, only: Option<&str>) -> Vec<Case> {
    let text = String::from_utf8(read(path)).expect("manifest is UTF-8");
    let mut cases = Vec::new();
    for line in text.lines().filter(|line| line.starts_with('{')) {
        let entry: serde_json::Value = serde_json::from_str(line).expect("manifest JSON line");
        let name = entry["case"].as_str().expect("case").to_string();
        if only.is_some_and(|only| only != name) {
            continue;
        }
        let field = |key: &str| entry[key].as_str().expect(key).to_string();
        let count = |key: &str| entry[key].as_u64().expect(key) as usize;
        let mut batch = ShotBatch::default();
        b8::read_b8(&read(&field("dets")), count("num_detectors"), &mut batch).expect("dets b8");
        let mut flips = ShotBatch::default();
        b8::read_b8(&read(&field("obs")), count("num_observables"), &mut flips).expect("obs b8");
        let observables = (0..flips.num_shots)
            .map(|shot| flips.shot_words(shot).first().copied().unwrap_or(0))
            .collect();
        cases.push(Case {
            name,
            d: count("d") as u32,
            p: entry["p"].as_f64().expect("p"),
            shots: batch.num_shots,
            stim: Some(StimShots {
                dem_text: String::from_utf8(read(&field("dem"))).expect("dem is UTF-8"),
                batch,
                observables,
            }),
        });
    }
    cases
}

fn default_shots(d: u32) -> usize {
    match d {
        0..=9 => 20_000,
        10..=13 => 8_000,
        _ => 3_000,
    }
}

fn task(d: u32, p: f64, correlated: bool) -> PreparedTask {
    PreparedTask::prepare(TaskSpec {
        code: CodeFamily::Rotated,
        distance: d,
        rounds: d,
        basis: Basis::Z,
        noise: NoiseModel::Stim(NoiseParams::uniform(p)),
        decoder: DecoderKind::Global,
        window: None,
        correlated,
    })
    .expect("benchmark task builds")
}

/// Our sampler's µs/shot for `shots` shots of the case's circuit, and the shots themselves.
fn sample(case: &Case) -> (f64, ShotBatch, Vec<ObservableMask>) {
    let task = task(case.d, case.p, false);
    let sampler = &task.whole().expect("a whole task").sampler;
    let blocks = case.shots.div_ceil(BLOCK_SHOTS);
    let mut batches: Vec<ShotBatch> = (0..blocks).map(|_| ShotBatch::default()).collect();
    // Warm up.
    sampler.sample_block(1, &task.metadata, u64::MAX, BLOCK_SHOTS, &mut batches[0]);
    let start = Instant::now();
    for (block, batch) in batches.iter_mut().enumerate() {
        sampler.sample_block(1, &task.metadata, block as u64, BLOCK_SHOTS, batch);
    }
    let us = start.elapsed().as_secs_f64() * 1e6 / (blocks * BLOCK_SHOTS) as f64;
    // One batch of exactly `shots` shots, for the decode loops.
    let num_detectors = batches[0].num_detectors;
    let mut all = ShotBatch::zeroed(case.shots, num_detectors);
    let mut observables = Vec::with_capacity(case.shots);
    for shot in 0..case.shots {
        let batch = &batches[shot / BLOCK_SHOTS];
        let within = shot % BLOCK_SHOTS;
        all.shot_words_mut(shot)
            .copy_from_slice(batch.shot_words(within));
        observables.push(batch.observables[within]);
    }
    (us, all, observables)
}

/// µs/shot of `decode` over every shot of `batch` (after a warm-up), and its logical errors.
fn time_loop(
    batch: &ShotBatch,
    observables: &[ObservableMask],
    mut decode: impl FnMut(&[u32]) -> ObservableMask,
) -> (f64, u64) {
    let mut defects = Vec::new();
    for shot in 0..batch.num_shots.min(256) {
        batch.defects_into(shot, &mut defects);
        decode(&defects);
    }
    let mut errors = 0u64;
    let start = Instant::now();
    for (shot, &actual) in observables.iter().enumerate().take(batch.num_shots) {
        batch.defects_into(shot, &mut defects);
        if decode(&defects) != actual {
            errors += 1;
        }
    }
    let us = start.elapsed().as_secs_f64() * 1e6 / batch.num_shots.max(1) as f64;
    (us, errors)
}

fn main() {
    let options = options();
    if let Ok(name) = std::env::var("SURFACELAB_ENGINE") {
        let kind = EngineKind::parse(&name).unwrap_or_else(|e| panic!("SURFACELAB_ENGINE: {e}"));
        set_default_engine(kind);
    }
    let engine = default_engine().name();
    if std::env::args().any(|arg| arg == "--engine-name") {
        println!("{engine}");
        return;
    }
    let cases = match &options.manifest {
        Some(path) => manifest_cases(path, options.case.as_deref()),
        None => {
            let mut cases = Vec::new();
            for &d in &options.distances {
                for &p in &options.ps {
                    cases.push(Case {
                        name: format!("d{d}_r{d}_p{p}"),
                        d,
                        p,
                        shots: options.shots.unwrap_or_else(|| default_shots(d)),
                        stim: None,
                    });
                }
            }
            cases
        }
    };
    if cases.is_empty() {
        panic!("bench: no case to run (check --manifest and --case)");
    }
    for case in cases {
        let (sample_us, own_batch, own_observables) = sample(&case);
        let (plain, every, correlated) = match &case.stim {
            Some(stim) => {
                let dem = parse_dem(&stim.dem_text).expect("stim's .dem parses");
                let graph = MatchingGraph::from_dem(&dem).expect("matching graph");
                let table = CorrelationTable::from_dem(&dem, &graph).expect("correlations");
                let mut matcher = Matcher::new(&graph).expect("matcher");
                let plain = time_loop(&stim.batch, &stim.observables, |defects| {
                    matcher.decode(defects)
                });
                let every = time_loop(&stim.batch, &stim.observables, |defects| {
                    matcher.decode_every_component(defects)
                });
                let mut reweighter = Reweighter::new(&graph, std::sync::Arc::new(table));
                let correlated = time_loop(&stim.batch, &stim.observables, |defects| {
                    reweighter.decode(&mut matcher, defects)
                });
                (plain, Some(every), correlated)
            }
            None => {
                let mut decoder = task(case.d, case.p, false).new_decoder(None).unwrap();
                let plain = time_loop(&own_batch, &own_observables, |defects| {
                    decoder.decode(defects)
                });
                let mut decoder = task(case.d, case.p, true).new_decoder(None).unwrap();
                let correlated = time_loop(&own_batch, &own_observables, |defects| {
                    decoder.decode(defects)
                });
                (plain, None, correlated)
            }
        };
        println!(
            "{}",
            serde_json::json!({
                "kind": "loop", "case": case.name, "d": case.d, "p": case.p,
                "shots": case.shots, "engine": engine,
                "shots_from": if case.stim.is_some() { "stim" } else { "surfacelab" },
                "sample_us_per_shot": sample_us,
                "plain_us_per_shot": plain.0, "plain_logical_errors": plain.1,
                "every_component_us_per_shot": every.map(|e| e.0),
                "correlated_us_per_shot": correlated.0, "correlated_logical_errors": correlated.1,
            })
        );
        eprintln!(
            "bench loop: {} ({engine}): sample {sample_us:.2} us/shot, decode {:.2}, \
             correlated {:.2} us/shot",
            case.name, plain.0, correlated.0
        );
    }
}
