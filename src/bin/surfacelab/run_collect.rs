//! `surfacelab collect`: b shot workers on threads, a progress bar on stderr, Ctrl-C keeps the
//! finished prefix of every task.

use crate::args::CollectArgs;
use crate::{tasks, write_output, Failure};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use surfacelab::collect::{
    csv_row, run_block, write_csv, BlockBuffers, Collection, Limits, PreparedTask, Tally, WorkBatch,
};
use surfacelab::matching::Decoder;
use surfacelab::spec::{self, Shard};

/// Reads a worker count from the flag, else the environment variable, else the default.
pub fn worker_count(
    flag_name: &str,
    flag: &Option<String>,
    env_name: &str,
    default: u32,
) -> Result<u32, Failure> {
    if let Some(text) = flag {
        return Ok(spec::parse_workers(flag_name, text)?);
    }
    match std::env::var(env_name) {
        Ok(text) => Ok(spec::parse_workers(env_name, &text)?),
        Err(_) => Ok(default),
    }
}

pub fn hardware_threads() -> u32 {
    std::thread::available_parallelism()
        .map(|n| n.get() as u32)
        .unwrap_or(1)
}

/// One worker: claims batches, runs their blocks, reports each block.
fn worker_loop(
    tasks: &[PreparedTask],
    collection: &Mutex<Collection>,
    stop: &AtomicBool,
    seed: u64,
    batch_blocks: usize,
    window_workers: u32,
) -> Result<(), surfacelab::Error> {
    let window_pool = window_pool(window_workers)?;
    let mut decoders: HashMap<usize, Box<dyn Decoder>> = HashMap::new();
    let mut buffers = BlockBuffers::default();
    loop {
        let claimed = lock(collection).claim(batch_blocks);
        let Some(WorkBatch { task, blocks }) = claimed else {
            return Ok(());
        };
        let decoder = match decoders.entry(task) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert(tasks[task].new_decoder(window_pool.clone())?)
            }
        };
        for (position, claim) in blocks.iter().enumerate() {
            if stop.load(Ordering::Relaxed) {
                let mut collection = lock(collection);
                for unfinished in &blocks[position..] {
                    collection.release(task, *unfinished);
                }
                return Ok(());
            }
            let start = Instant::now();
            let errors = run_block(
                &tasks[task],
                decoder.as_mut(),
                seed,
                claim.block,
                claim.shots,
                &mut buffers,
            );
            let tally = Tally {
                shots: claim.shots as u64,
                errors,
                seconds: start.elapsed().as_secs_f64(),
            };
            lock(collection).complete(task, *claim, tally);
        }
    }
}

/// The worker's own pool of a window threads (none when a = 1).
pub fn window_pool(
    window_workers: u32,
) -> Result<Option<Arc<rayon::ThreadPool>>, surfacelab::Error> {
    if window_workers <= 1 {
        return Ok(None);
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(window_workers as usize)
        .thread_name(|i| format!("window-{i}"))
        .build()
        .map(|pool| Some(Arc::new(pool)))
        .map_err(|e| surfacelab::Error::Model {
            reason: format!("cannot start {window_workers} window threads: {e}"),
        })
}

fn lock(collection: &Mutex<Collection>) -> std::sync::MutexGuard<'_, Collection> {
    // A worker that panicked leaves consistent counts behind (each update is one call).
    collection
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Draws the progress bar until the workers are done.
fn show_progress(collection: &Mutex<Collection>, tasks: &[PreparedTask], done: &AtomicBool) {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} shots {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = Instant::now();
    while !done.load(Ordering::Relaxed) {
        let (shots, planned, errors, finished_tasks) = {
            let collection = lock(collection);
            let schedules = collection.schedules();
            let shots: u64 = schedules.iter().map(|s| s.finished_shots()).sum();
            let planned: u64 = schedules.iter().map(|s| s.limits().max_shots).sum();
            let errors: u64 = schedules.iter().map(|s| s.counted().errors).sum();
            let finished = schedules.iter().filter(|s| s.is_complete()).count();
            (shots, planned, errors, finished)
        };
        let rate = shots as f64 / started.elapsed().as_secs_f64().max(1e-9);
        bar.set_length(planned);
        bar.set_position(shots);
        bar.set_message(format!(
            "{rate:.0} shots/s, {errors} errors, tasks {finished_tasks}/{}",
            tasks.len()
        ));
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}

/// Runs `collect`.
pub fn collect_command(args: &CollectArgs) -> Result<(), Failure> {
    let specs = tasks::task_specs(args)?;
    if specs.is_empty() {
        return Err(Failure::Input("collect needs at least one task".into()));
    }
    let max_shots = spec::parse_count("max-shots", &args.max_shots)?;
    let max_errors = args
        .max_errors
        .as_deref()
        .map(|text| spec::parse_count("max-errors", text))
        .transpose()?;
    let seed = match &args.seed {
        Some(text) => spec::parse_seed(text)?,
        None => random_seed(),
    };
    let hardware = hardware_threads();
    let workers = worker_count(
        "--workers",
        &args.workers,
        "NUM_WORKERS",
        hardware.min(spec::MAX_WORKERS),
    )?;
    let window_workers = worker_count(
        "--window-workers",
        &args.window_workers,
        "WINDOW_PARALLEL_WORKERS",
        1,
    )?;
    spec::check_concurrency(window_workers, workers)?;
    let batch_blocks = spec::parse_bounded("batch-blocks", &args.batch_blocks, 1, 4096)? as usize;
    let shard = match &args.shard {
        Some(text) => Shard::parse(text)?,
        None => Shard::WHOLE,
    };
    if args.seed.is_none() {
        eprintln!("surfacelab: seed {seed}");
    }
    report_plan(&specs, window_workers, workers, hardware);
    let prepared = specs
        .into_iter()
        .map(PreparedTask::prepare)
        .collect::<Result<Vec<_>, _>>()?;
    let limits = Limits {
        max_shots,
        max_errors,
        shard,
    };
    let collection = Mutex::new(Collection::new(vec![limits; prepared.len()]));
    let stop = Arc::new(AtomicBool::new(false));
    let stop_for_handler = Arc::clone(&stop);
    // Installing the handler fails only if another one exists; then Ctrl-C just ends the process.
    let _ = ctrlc::set_handler(move || stop_for_handler.store(true, Ordering::Relaxed));
    let progress = !args.no_progress && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let workers_done = AtomicBool::new(false);
    let outcome: Result<(), surfacelab::Error> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    worker_loop(
                        &prepared,
                        &collection,
                        &stop,
                        seed,
                        batch_blocks,
                        window_workers,
                    )
                })
            })
            .collect();
        if progress {
            scope.spawn(|| show_progress(&collection, &prepared, &workers_done));
        }
        let mut outcome = Ok(());
        for handle in handles {
            match handle.join() {
                Ok(Ok(())) => {}
                Ok(Err(error)) => outcome = Err(error),
                Err(_) => {
                    outcome = Err(surfacelab::Error::Model {
                        reason: "a worker crashed; the finished prefix of each task was kept"
                            .into(),
                    })
                }
            }
        }
        workers_done.store(true, Ordering::Relaxed);
        outcome
    });
    let collection = lock(&collection);
    let rows: Vec<_> = prepared
        .iter()
        .zip(collection.schedules())
        .map(|(task, schedule)| csv_row(task, &schedule.counted()))
        .collect();
    write_output(args.out.as_deref(), &write_csv(&rows))?;
    if stop.load(Ordering::Relaxed) {
        eprintln!("surfacelab: stopped; wrote the finished prefix of every task");
    }
    outcome.map_err(Failure::from)
}

/// Prints the zone of a × b at the start, and a warning in the "too many" zone.
fn report_plan(specs: &[spec::TaskSpec], window_workers: u32, workers: u32, hardware: u32) {
    let Some(first) = specs.first() else { return };
    let window = first.window.unwrap_or(spec::WindowRounds {
        commit: 1,
        buffer: 0,
    });
    let plan = surfacelab::parallel::plan(&surfacelab::parallel::PlanInput {
        window_workers,
        shot_workers: workers,
        hardware_threads: hardware,
        decoder: first.decoder,
        distance: first.distance,
        rounds: first.rounds,
        commit_rounds: window.commit,
        buffer_rounds: window.buffer,
    });
    eprintln!(
        "surfacelab: a = {window_workers} window threads x b = {workers} shot workers = {} on {hardware} hardware threads: {}{}",
        plan.concurrency,
        plan.zone.name(),
        if plan.window_workers_unused && window_workers > 1 { " (a unused)" } else { "" }
    );
    if plan.zone == surfacelab::parallel::Zone::TooMany {
        eprintln!(
            "surfacelab: warning: a x b = {} is more than twice the {hardware} hardware threads; expect context-switching overhead",
            plan.concurrency
        );
    }
}

fn random_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    hasher.finish()
}
