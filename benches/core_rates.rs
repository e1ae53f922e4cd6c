//! Sampling and decoding rates, named by size, with the ratio to stim and PyMatching when a
//! reference file from the same session is given.
//!
//! `cargo bench --bench core_rates -- [--distances 5,9,13,17] [--ps 0.001,0.005]
//!  [--shots N] [--reference FILE.jsonl] [--round K]`
//!
//! Prints one human line per case, e.g.
//! `decode/d9_r9_p0.005: 16.3 us/shot (PyMatching 21.0, ratio 0.78)`, and with `--json` one
//! JSON line per case (for scripts/bench.sh, which runs reference and ours side by side three
//! times and reports medians).
//!
//! The matching engine is the default one, or the one `SURFACELAB_ENGINE` names (`blossom` =
//! ours, `rmatching` = the cross-check), so that the engines can be compared on the same shots.

use std::collections::HashMap;
use std::time::Instant;
use surfacelab::circuit::{Basis, NoiseParams};
use surfacelab::collect::PreparedTask;
use surfacelab::ints::BLOCK_SHOTS;
use surfacelab::matching::{default_engine, set_default_engine, EngineKind};
use surfacelab::sample::ShotBatch;
use surfacelab::spec::{DecoderKind, NoiseModel, TaskSpec};

struct Options {
    distances: Vec<u32>,
    ps: Vec<f64>,
    shots: Option<usize>,
    reference: Option<String>,
    json: bool,
}

fn options() -> Options {
    let mut options = Options {
        distances: vec![5, 9, 13, 17],
        ps: vec![0.001, 0.005],
        shots: None,
        reference: None,
        json: false,
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
            "--reference" => options.reference = Some(value),
            "--json" => {
                options.json = true;
                i += 1;
                continue;
            }
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

/// (d, p) -> (stim sample µs/shot, PyMatching decode µs/shot) from the reference's JSON lines.
fn read_reference(path: &str) -> HashMap<(u32, String), (f64, f64)> {
    let mut map = HashMap::new();
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("bench: no reference file {path}");
        return map;
    };
    for line in text.lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(d), Some(p), Some(sample), Some(decode)) = (
            value["d"].as_u64(),
            value["p"].as_f64(),
            value["sample_us_per_shot"].as_f64(),
            value["decode_us_per_shot"].as_f64(),
        ) else {
            continue;
        };
        map.insert((d as u32, format!("{p}")), (sample, decode));
    }
    map
}

fn default_shots(d: u32) -> usize {
    match d {
        0..=5 => 100_000,
        6..=9 => 30_000,
        10..=13 => 10_000,
        _ => 4_000,
    }
}

fn main() {
    let options = options();
    if let Ok(name) = std::env::var("SURFACELAB_ENGINE") {
        let kind = EngineKind::parse(&name).unwrap_or_else(|e| panic!("SURFACELAB_ENGINE: {e}"));
        set_default_engine(kind);
    }
    let engine = default_engine().name();
    let reference = options
        .reference
        .as_deref()
        .map(read_reference)
        .unwrap_or_default();
    for &d in &options.distances {
        for &p in &options.ps {
            let task = PreparedTask::prepare(TaskSpec {
                code: surfacelab::circuit::CodeFamily::Rotated,
                distance: d,
                rounds: d,
                basis: Basis::Z,
                noise: NoiseModel::Stim(NoiseParams::uniform(p)),
                decoder: DecoderKind::Global,
                window: None,
                correlated: false,
            })
            .expect("benchmark task builds");
            let shots = options.shots.unwrap_or_else(|| default_shots(d));
            let blocks = shots.div_ceil(BLOCK_SHOTS);
            let mut batches: Vec<ShotBatch> = (0..blocks).map(|_| ShotBatch::default()).collect();
            let sampler = &task.whole().expect("a whole task").sampler;
            // Warm up.
            sampler.sample_block(1, &task.metadata, u64::MAX, BLOCK_SHOTS, &mut batches[0]);
            let start = Instant::now();
            for (block, batch) in batches.iter_mut().enumerate() {
                sampler.sample_block(1, &task.metadata, block as u64, BLOCK_SHOTS, batch);
            }
            let sample_us = start.elapsed().as_secs_f64() * 1e6 / (blocks * BLOCK_SHOTS) as f64;
            let mut decoder = task.new_decoder(None).expect("decoder builds");
            let mut defects = Vec::new();
            let mut errors = 0u64;
            let start = Instant::now();
            for batch in &batches {
                for shot in 0..batch.num_shots {
                    batch.defects_into(shot, &mut defects);
                    if decoder.decode(&defects) != batch.observables[shot] {
                        errors += 1;
                    }
                }
            }
            let decode_us = start.elapsed().as_secs_f64() * 1e6 / (blocks * BLOCK_SHOTS) as f64;
            let name = format!("d{d}_r{d}_p{p}");
            let reference = reference.get(&(d, format!("{p}"))).copied();
            let ratio = |ours: f64, theirs: Option<f64>| theirs.map(|t| ours / t);
            let sample_ratio = ratio(sample_us, reference.map(|r| r.0));
            let decode_ratio = ratio(decode_us, reference.map(|r| r.1));
            if options.json {
                println!(
                    "{}",
                    serde_json::json!({
                        "case": name, "d": d, "p": p, "shots": blocks * BLOCK_SHOTS, "engine": engine,
                        "sample_us_per_shot": sample_us, "decode_us_per_shot": decode_us,
                        "stim_sample_us_per_shot": reference.map(|r| r.0),
                        "pymatching_decode_us_per_shot": reference.map(|r| r.1),
                        "sample_ratio": sample_ratio, "decode_ratio": decode_ratio,
                        "logical_errors": errors,
                    })
                );
            } else {
                let with = |label: &str, theirs: Option<f64>, r: Option<f64>| match (theirs, r) {
                    (Some(t), Some(r)) => format!(" ({label} {t:.2}, ratio {r:.2})"),
                    _ => String::new(),
                };
                println!(
                    "sample/{name}: {sample_us:.2} us/shot{}",
                    with("stim", reference.map(|r| r.0), sample_ratio)
                );
                println!(
                    "decode/{name} ({engine}): {decode_us:.2} us/shot, {:.3} us/round{}",
                    decode_us / d as f64,
                    with("PyMatching", reference.map(|r| r.1), decode_ratio)
                );
            }
        }
    }
}
