//! `surfacelab sweep`: for each (a, b) of a grid, run b shot workers with a window threads each
//! for a fixed time and measure shots/s and per-shot decode latency.

use crate::args::SweepArgs;
use crate::run_collect::{hardware_threads, window_pool};
use crate::{tasks, write_output, Failure};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use surfacelab::collect::PreparedTask;
use surfacelab::parallel::Zone;
use surfacelab::sample::ShotBatch;
use surfacelab::spec::{self, TaskSpec, MAX_WORKERS};

/// A range of worker counts, `n` or `n-m`.
fn parse_range(name: &str, text: &str, whole: &str) -> Result<Vec<u32>, Failure> {
    let invalid = || {
        Failure::Input(format!(
            "grid must be A x B with A and B a number or range from 1 to 64 (e.g. 1-4x1-4); {name} range is {text:?} in {whole:?}"
        ))
    };
    let (low, high) = text.split_once('-').unwrap_or((text, text));
    let low = spec::parse_workers(name, low).map_err(|_| invalid())?;
    let high = spec::parse_workers(name, high).map_err(|_| invalid())?;
    if low > high {
        return Err(invalid());
    }
    Ok((low..=high).collect())
}

/// One measured (a, b).
struct Measurement {
    window_workers: u32,
    shot_workers: u32,
    shots: u64,
    seconds: f64,
    latencies_us: Vec<f64>,
}

impl Measurement {
    fn shots_per_second(&self) -> f64 {
        self.shots as f64 / self.seconds.max(1e-9)
    }

    fn latency_quantile(&self, q: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return f64::NAN;
        }
        let at = ((self.latencies_us.len() - 1) as f64 * q).round() as usize;
        self.latencies_us[at]
    }
}

/// Shots sampled per claim: small enough that slow shots still give many claims.
fn shots_per_claim(task: &PreparedTask) -> usize {
    if task.num_detectors() > 5_000 {
        32
    } else {
        256
    }
}

fn measure(
    task: &PreparedTask,
    window_workers: u32,
    shot_workers: u32,
    seconds: f64,
    seed: u64,
) -> Result<Measurement, Failure> {
    let next_claim = AtomicU64::new(0);
    let claim_shots = shots_per_claim(task);
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(seconds);
    let results: Vec<Result<(u64, Vec<f64>), surfacelab::Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..shot_workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut decoder = task.new_decoder(window_pool(window_workers)?)?;
                    let sampler = &task.whole()?.sampler;
                    let mut batch = ShotBatch::default();
                    let mut defects = Vec::new();
                    let (mut shots, mut latencies) = (0u64, Vec::new());
                    while Instant::now() < deadline {
                        let claim = next_claim.fetch_add(1, Ordering::Relaxed);
                        sampler.sample_block(
                            seed,
                            &task.sample_key,
                            claim,
                            claim_shots,
                            &mut batch,
                        );
                        for shot in 0..claim_shots {
                            batch.defects_into(shot, &mut defects);
                            let begun = Instant::now();
                            std::hint::black_box(decoder.decode(&defects));
                            latencies.push(begun.elapsed().as_secs_f64() * 1e6);
                        }
                        shots += claim_shots as u64;
                    }
                    Ok((shots, latencies))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(surfacelab::Error::Model {
                        reason: "a sweep worker crashed".into(),
                    })
                })
            })
            .collect()
    });
    let elapsed = start.elapsed().as_secs_f64();
    let mut measurement = Measurement {
        window_workers,
        shot_workers,
        shots: 0,
        seconds: elapsed,
        latencies_us: Vec::new(),
    };
    for result in results {
        let (shots, latencies) = result?;
        measurement.shots += shots;
        measurement.latencies_us.extend(latencies);
    }
    measurement
        .latencies_us
        .sort_unstable_by(|a, b| a.total_cmp(b));
    Ok(measurement)
}

/// Runs `sweep`.
pub fn sweep_command(args: &SweepArgs) -> Result<(), Failure> {
    let circuit_task = crate::circuit_file::circuit_task(&args.task, &tasks::SWEEP)?;
    let seconds = args
        .seconds
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| (0.1..=3600.0).contains(s))
        .ok_or_else(|| {
            Failure::Input(format!(
                "seconds must be a number from 0.1 to 3600, got {}",
                args.seconds.trim()
            ))
        })?;
    let seed = spec::parse_seed(&args.seed)?;
    let (a_text, b_text) = args.grid.split_once(['x', 'X']).ok_or_else(|| {
        Failure::Input(format!(
            "grid must be A x B with A and B a number or range from 1 to 64 (e.g. 1-4x1-4), got {:?}",
            args.grid
        ))
    })?;
    let a_values = parse_range("a", a_text, &args.grid)?;
    let b_values = parse_range("b", b_text, &args.grid)?;
    debug_assert!(a_values.iter().chain(&b_values).all(|&v| v <= MAX_WORKERS));
    let most_workers = b_values.iter().copied().max().unwrap_or(1);
    let (task, memory) = match circuit_task {
        Some(task) => {
            let path = args
                .task
                .circuit
                .as_deref()
                .unwrap_or(std::path::Path::new(""));
            (task, format!("circuit {}", path.display()))
        }
        None => {
            let lists = args.task.lists(&tasks::SWEEP)?;
            let spec = args.task.one_spec(&tasks::SWEEP)?;
            crate::run_collect::check_memory(&[spec], most_workers, false)?;
            let memory = format!(
                "d = {}, r = {}, p = {}",
                spec.distance,
                spec.rounds,
                lists.p.trim()
            );
            (PreparedTask::prepare(spec)?, memory)
        }
    };
    let TaskSpec {
        rounds,
        decoder,
        window,
        ..
    } = task.spec;
    let hardware = hardware_threads();
    let windows = surfacelab::parallel::windows_per_shot(
        decoder,
        rounds,
        window.map_or(1, |w| w.commit),
        window.map_or(0, |w| w.buffer),
    );
    eprintln!(
        "surfacelab: sweep {} {memory}, {windows} window(s) per shot, {seconds} s per (a, b), N = {hardware}",
        decoder.name(),
    );
    let mut table = String::from(
        "    a     b   a*b  zone        shots/s    speedup  efficiency  median_us     p95_us\n",
    );
    let mut csv = String::from(
        "a,b,concurrency,zone,shots,seconds,shots_per_second,speedup,efficiency,latency_median_us,latency_p95_us\n",
    );
    let mut baseline: Option<f64> = None;
    for &a in &a_values {
        for &b in &b_values {
            spec::check_concurrency(a, b)?;
            let m = measure(&task, a, b, seconds, seed)?;
            let rate = m.shots_per_second();
            let base = *baseline.get_or_insert(rate);
            let speedup = rate / base;
            let used = (a as u64 * b as u64).min(hardware as u64) as f64;
            let efficiency = speedup / used;
            let zone = Zone::of(a as u64 * b as u64, hardware);
            let (median, p95) = (m.latency_quantile(0.5), m.latency_quantile(0.95));
            let line = format!(
                "{:>5} {:>5} {:>5}  {:<10} {:>9.0} {:>9.2}x {:>11.2} {:>10.1} {:>10.1}\n",
                m.window_workers,
                m.shot_workers,
                a * b,
                zone.name(),
                rate,
                speedup,
                efficiency,
                median,
                p95
            );
            eprint!("{line}");
            table.push_str(&line);
            csv.push_str(&format!(
                "{a},{b},{},{},{},{:.3},{rate:.1},{speedup:.3},{efficiency:.3},{median:.2},{p95:.2}\n",
                a * b,
                zone.name(),
                m.shots,
                m.seconds
            ));
        }
    }
    if baseline.is_some() && !(a_values[0] == 1 && b_values[0] == 1) {
        table.push_str("(speedup is against the first cell of the grid)\n");
    }
    if let Some(path) = &args.out {
        write_output(Some(path), &csv)?;
    }
    write_output(None, &table)
}
