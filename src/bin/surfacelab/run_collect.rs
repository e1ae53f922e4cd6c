//! `surfacelab collect`, and the run driver it shares with `threshold`: b shot workers on
//! threads, a progress bar with an ETA on stderr, per-task max-seconds, the resource monitor;
//! Ctrl-C or a cut by time keeps the finished prefix of every task.

use crate::args::{CollectArgs, RunArgs};
use crate::monitor::{self, BusyThreads};
use crate::{tasks, write_output, Failure};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use surfacelab::collect::{
    csv_row, run_block, write_csv, BlockBuffers, Collection, Limits, PreparedTask, ShotSource,
    Tally, TaskDecoder, TaskSchedule, WorkBatch,
};

use surfacelab::spec::{self, Shard};
use surfacelab::window::{WindowThreads, WorkObserver};

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

/// Refuses, before anything is built, a run whose tasks would not fit in the machine's memory
/// (where /proc/meminfo tells it; elsewhere nothing is checked).
/// With `stream`, tasks that stream are counted as streamed.
pub fn check_memory(specs: &[spec::TaskSpec], workers: u32, stream: bool) -> Result<(), Failure> {
    if let Some(machine) = monitor::machine_memory_bytes() {
        spec::check_native_run(specs, workers, machine, stream)?;
    }
    Ok(())
}

pub fn hardware_threads() -> u32 {
    std::thread::available_parallelism()
        .map(|n| n.get() as u32)
        .unwrap_or(1)
}

/// How to run a list of prepared tasks.
pub struct RunSettings {
    pub seed: u64,
    /// Shot workers b.
    pub workers: u32,
    /// Window threads a per shot worker.
    pub window_workers: u32,
    pub batch_blocks: usize,
    /// Draw a progress bar with an ETA on stderr.
    pub progress: bool,
    /// Wall seconds per task, counted from its first claimed block; then it gets no more
    /// blocks and keeps its finished prefix.
    pub max_seconds: Option<f64>,
    /// Sample busy threads, CPU time and memory every 100 ms.
    pub monitor: bool,
}

/// What a run did.
pub struct RunOutcome {
    /// Each task's counted prefix.
    pub tallies: Vec<Tally>,
    /// Each task's wall seconds, from its first claimed block to its last finished one.
    pub task_seconds: Vec<f64>,
    /// Tasks cut by max-seconds.
    pub cut_by_time: Vec<bool>,
    /// Wall seconds of the whole run.
    pub wall_seconds: f64,
    /// CPU seconds of the process (all workers) during the run.
    pub cpu_seconds: Option<f64>,
    /// True after Ctrl-C.
    pub interrupted: bool,
    /// The monitor's samples (empty without `monitor`).
    pub samples: Vec<monitor::Sample>,
    /// A worker's error, if any; the counts are still each task's finished prefix.
    pub error: Option<surfacelab::Error>,
}

/// The collection and when each task started and last finished a block.
struct RunState {
    collection: Collection,
    started: Vec<Option<Instant>>,
    finished: Vec<Option<Instant>>,
    cut_by_time: Vec<bool>,
}

impl RunState {
    /// True when task `task` gets no more blocks; closes it once its max-seconds are up.
    fn task_closed(&mut self, task: usize, max_seconds: Option<f64>) -> bool {
        let started = self.started[task];
        if let (Some(limit), Some(started)) = (max_seconds, started) {
            let schedule = &self.collection.schedules()[task];
            if !schedule.is_closed() && started.elapsed().as_secs_f64() >= limit {
                if !schedule.is_complete() {
                    self.cut_by_time[task] = true;
                }
                self.collection.close_task(task);
            }
        }
        self.collection.schedules()[task].is_closed()
    }

    /// Work done so far, in tasks (each 0 … 1): the furthest of shots, errors and seconds
    /// toward its limits. Drives the progress bar's ETA.
    fn tasks_done(&self, max_seconds: Option<f64>) -> f64 {
        let schedules = self.collection.schedules();
        schedules
            .iter()
            .zip(&self.started)
            .map(|(schedule, started)| {
                if schedule.is_complete() {
                    return 1.0;
                }
                let (limits, counted) = (schedule.limits(), schedule.counted());
                let by_shots = schedule.finished_shots() as f64 / limits.max_shots.max(1) as f64;
                let by_errors = limits
                    .max_errors
                    .map_or(0.0, |max| counted.errors as f64 / max.max(1) as f64);
                let by_time = match (max_seconds, started) {
                    (Some(limit), Some(started)) => started.elapsed().as_secs_f64() / limit,
                    _ => 0.0,
                };
                by_shots.max(by_errors).max(by_time).min(1.0)
            })
            .sum()
    }
}

/// What every worker shares.
struct Shared<'a> {
    tasks: &'a [PreparedTask],
    state: Mutex<RunState>,
    stop: &'a AtomicBool,
    busy: Arc<BusyThreads>,
    settings: &'a RunSettings,
}

impl Shared<'_> {
    fn lock(&self) -> std::sync::MutexGuard<'_, RunState> {
        // A worker that panicked leaves consistent counts behind (each update is one call).
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The text of a panic's payload (a `&str` or `String` message; anything else unnamed).
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| text.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

/// Runs `work` for task `task`; a panic becomes an error that says a worker crashed, on which
/// task and block, so that it is never mistaken for a problem with the model.
fn guarded<T>(
    task: &PreparedTask,
    block: Option<u64>,
    work: impl FnOnce() -> Result<T, surfacelab::Error>,
) -> Result<T, surfacelab::Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let at = block.map_or(String::from("building its decoder"), |b| format!("block {b}"));
        Err(surfacelab::Error::Worker {
            reason: format!(
                "a worker crashed (panicked: {}) on task {} ({} decoder), {at}; this is a bug, not a problem with the model; the finished prefix of each task was kept",
                panic_text(payload.as_ref()),
                task.metadata,
                task.spec.decoder.name()
            ),
        })
    })
}

/// One worker: claims batches, runs their blocks, reports each block. It keeps the decoder of
/// one task only: moving to the next task drops the old one first, so a worker holds at most
/// one decoder at a time (what `spec::check_native_run` budgets).
fn worker_loop(shared: &Shared) -> Result<(), surfacelab::Error> {
    let settings = shared.settings;
    let window_threads: WindowThreads = window_pool(settings.window_workers)?.into();
    let observer: Option<Arc<dyn WorkObserver>> = settings
        .monitor
        .then(|| shared.busy.clone() as Arc<dyn WorkObserver>);
    let mut current: Option<(usize, TaskDecoder)> = None;
    let mut buffers = BlockBuffers::default();
    loop {
        let claimed = {
            let mut state = shared.lock();
            let claimed = state.collection.claim(settings.batch_blocks);
            if let Some(batch) = &claimed {
                state.started[batch.task].get_or_insert_with(Instant::now);
            }
            claimed
        };
        let Some(WorkBatch { task, blocks }) = claimed else {
            return Ok(());
        };
        let prepared = &shared.tasks[task];
        if current.as_ref().map(|(index, _)| *index) != Some(task) {
            drop(current.take()); // the old decoder goes before the new one is built
            let decoder = guarded(prepared, None, || {
                prepared.new_block_decoder(window_threads.clone(), observer.clone())
            })?;
            current = Some((task, decoder));
        }
        let (_, decoder) = current
            .as_mut()
            .expect("the current task's decoder was just set");
        for (position, claim) in blocks.iter().enumerate() {
            let interrupted = shared.stop.load(Ordering::Relaxed);
            let mut state = shared.lock();
            if interrupted || state.task_closed(task, settings.max_seconds) {
                for unfinished in &blocks[position..] {
                    state.collection.release(task, *unfinished);
                }
                if interrupted {
                    return Ok(());
                }
                break;
            }
            drop(state);
            let start = Instant::now();
            shared.busy.work_started();
            let errors = guarded(prepared, Some(claim.block), || {
                run_block(
                    prepared,
                    decoder,
                    settings.seed,
                    claim.block,
                    claim.shots,
                    &mut buffers,
                )
            });
            shared.busy.work_stopped();
            let errors = errors?;
            let tally = Tally {
                shots: claim.shots as u64,
                errors,
                seconds: start.elapsed().as_secs_f64(),
            };
            let mut state = shared.lock();
            state.collection.complete(task, *claim, tally);
            state.finished[task] = Some(Instant::now());
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

/// Draws the progress bar, with an ETA, until the workers are done.
fn show_progress(shared: &Shared, done: &AtomicBool) {
    const STEPS_PER_TASK: f64 = 1000.0;
    let bar = indicatif::ProgressBar::new((shared.tasks.len() as f64 * STEPS_PER_TASK) as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {percent:>3}% ETA {eta} | {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = Instant::now();
    while !done.load(Ordering::Relaxed) {
        let (tasks_done, shots, errors, finished_tasks) = {
            let state = shared.lock();
            let schedules = state.collection.schedules();
            let shots: u64 = schedules.iter().map(|s| s.finished_shots()).sum();
            let errors: u64 = schedules.iter().map(|s| s.counted().errors).sum();
            let finished = schedules.iter().filter(|s| s.is_complete()).count();
            (
                state.tasks_done(shared.settings.max_seconds),
                shots,
                errors,
                finished,
            )
        };
        let rate = shots as f64 / started.elapsed().as_secs_f64().max(0.25);
        bar.set_position((tasks_done * STEPS_PER_TASK) as u64);
        bar.set_message(format!(
            "{shots} shots, {rate:.0} shots/s, {errors} errors, tasks {finished_tasks}/{}",
            shared.tasks.len()
        ));
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}

/// Runs `tasks` with b shot workers of a window threads each until every task is complete,
/// Ctrl-C, or a worker fails; each task's counts are its finished prefix.
pub fn run_tasks(
    tasks: &[PreparedTask],
    limits: Vec<Limits>,
    settings: &RunSettings,
) -> RunOutcome {
    let count = tasks.len();
    let stop = Arc::new(AtomicBool::new(false));
    let stop_for_handler = Arc::clone(&stop);
    // Installing the handler fails only if another one exists; then Ctrl-C just ends the process.
    let _ = ctrlc::set_handler(move || stop_for_handler.store(true, Ordering::Relaxed));
    let shared = Shared {
        tasks,
        state: Mutex::new(RunState {
            collection: Collection::new(limits),
            started: vec![None; count],
            finished: vec![None; count],
            cut_by_time: vec![false; count],
        }),
        stop: &stop,
        busy: Arc::new(BusyThreads::default()),
        settings,
    };
    let samples = Mutex::new(Vec::new());
    let workers_done = AtomicBool::new(false);
    let run_start = Instant::now();
    let cpu_at_start = monitor::cpu_seconds();
    let error: Option<surfacelab::Error> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..settings.workers)
            .map(|_| scope.spawn(|| worker_loop(&shared)))
            .collect();
        if settings.progress {
            scope.spawn(|| show_progress(&shared, &workers_done));
        }
        if settings.monitor {
            let shots = || {
                let state = shared.lock();
                let schedules = state.collection.schedules();
                schedules.iter().map(|s| s.finished_shots()).sum()
            };
            let (busy, done, samples) = (&*shared.busy, &workers_done, &samples);
            scope.spawn(move || monitor::sample_until(busy, done, shots, samples));
        }
        let mut error = None;
        for handle in handles {
            match handle.join() {
                Ok(Ok(())) => {}
                Ok(Err(failure)) => error = Some(failure),
                Err(payload) => {
                    error = Some(surfacelab::Error::Worker {
                        reason: format!(
                            "a worker crashed (panicked: {}) outside a task; the finished prefix of each task was kept",
                            panic_text(payload.as_ref())
                        ),
                    })
                }
            }
        }
        workers_done.store(true, Ordering::Relaxed);
        error
    });
    let wall_seconds = run_start.elapsed().as_secs_f64();
    let cpu_seconds = monitor::cpu_seconds()
        .zip(cpu_at_start)
        .map(|(end, start)| end - start);
    let state = shared.lock();
    let task_seconds = state
        .started
        .iter()
        .zip(&state.finished)
        .map(|(started, finished)| match (started, finished) {
            (Some(started), Some(finished)) => finished.duration_since(*started).as_secs_f64(),
            _ => 0.0,
        })
        .collect();
    RunOutcome {
        tallies: state
            .collection
            .schedules()
            .iter()
            .map(TaskSchedule::counted)
            .collect(),
        task_seconds,
        cut_by_time: state.cut_by_time.clone(),
        wall_seconds,
        cpu_seconds,
        interrupted: stop.load(Ordering::Relaxed),
        samples: samples
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
        error,
    }
}

/// Runs `collect`.
pub fn collect_command(args: &CollectArgs) -> Result<(), Failure> {
    let circuit_task = crate::circuit_file::circuit_task(&args.task, &tasks::COLLECT)?;
    let specs = match circuit_task {
        Some(_) => Vec::new(),
        None => args.task.specs(&tasks::COLLECT)?,
    };
    if specs.is_empty() && circuit_task.is_none() {
        return Err(Failure::Input("collect needs at least one task".into()));
    }
    let max_shots = spec::parse_count("max-shots", &args.max_shots)?;
    let max_errors = args
        .max_errors
        .as_deref()
        .map(|text| spec::parse_count("max-errors", text))
        .transpose()?;
    let shard = match &args.shard {
        Some(text) => Shard::parse(text)?,
        None => Shard::WHOLE,
    };
    let (mut settings, hardware) = run_settings(&args.run)?;
    settings.monitor = args.monitor || args.monitor_out.is_some();
    let prepared = match circuit_task {
        Some(task) => vec![task],
        None => {
            check_memory(&specs, settings.workers, !args.no_stream)?;
            report_plan(&specs, settings.window_workers, settings.workers, hardware);
            specs
                .into_iter()
                .map(|spec| PreparedTask::prepare_with(spec, !args.no_stream))
                .collect::<Result<Vec<_>, _>>()?
        }
    };
    let limits = Limits {
        max_shots,
        max_errors,
        shard,
    };
    let outcome = run_tasks(&prepared, vec![limits; prepared.len()], &settings);
    let rows: Vec<_> = prepared
        .iter()
        .zip(&outcome.tallies)
        .map(|(task, tally)| {
            let source = ShotSource {
                seed: settings.seed,
                shard,
            };
            csv_row(task, tally, source)
        })
        .collect();
    write_output(args.out.as_deref(), &write_csv(&rows))?;
    if settings.monitor {
        let summary = monitor::summarize(&outcome.samples);
        eprint!(
            "{}",
            monitor::report(&summary, settings.window_workers, settings.workers)
        );
        if let Some(path) = &args.monitor_out {
            write_output(Some(path), &monitor::samples_csv(&outcome.samples))?;
        }
    }
    if outcome.interrupted {
        eprintln!("surfacelab: stopped; wrote the finished prefix of every task");
    }
    outcome
        .error
        .map_or(Ok(()), |error| Err(Failure::from(error)))
}

/// Validates the shared run flags (printing a random seed when none was given); returns the
/// settings and the hardware threads N.
pub fn run_settings(flags: &RunArgs) -> Result<(RunSettings, u32), Failure> {
    let seed = match &flags.seed {
        Some(text) => spec::parse_seed(text)?,
        None => random_seed(),
    };
    let hardware = hardware_threads();
    let workers = worker_count(
        "--workers",
        &flags.workers,
        "NUM_WORKERS",
        hardware.min(spec::MAX_WORKERS),
    )?;
    let window_workers = worker_count(
        "--window-workers",
        &flags.window_workers,
        "WINDOW_PARALLEL_WORKERS",
        1,
    )?;
    spec::check_concurrency(window_workers, workers)?;
    let batch_blocks = spec::parse_bounded("batch-blocks", &flags.batch_blocks, 1, 4096)? as usize;
    if flags.seed.is_none() {
        eprintln!("surfacelab: seed {seed}");
    }
    let settings = RunSettings {
        seed,
        workers,
        window_workers,
        batch_blocks,
        progress: !flags.no_progress && std::io::IsTerminal::is_terminal(&std::io::stderr()),
        max_seconds: None,
        monitor: false,
    };
    Ok((settings, hardware))
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
