//! Decoding one memory while it runs: the syndrome clock, which window may start when, and the
//! backlog (rounds received minus rounds committed) over time.
//!
//! Rounds arrive at a fixed rate R: round t's detector layer is complete at (t + 1) / R, and the
//! last layer (the final data measurements, t = r) arrives with the last round, at r / R. A
//! window ([`Job`]) may start once its layers have arrived and the windows it depends on are
//! done; a threads take ready windows oldest first (the earliest commit region). The core
//! reads no clock: the caller hands in `now` (seconds since any fixed origin) and
//! `wait_until`, so the same code runs natively (sleeping threads) and in a browser worker,
//! and tests can run it on a simulated clock.

use crate::window::plan::{parallel_windows, WindowSpan};
use serde::Serialize;
use std::ops::Range;
use std::sync::Mutex;

/// Smallest and largest round rate (rounds per second).
pub const ROUND_RATE_RANGE: (f64, f64) = (1e-3, 1e12);

/// One window as the clock sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// It needs layers [0, `needs_layers`) to have arrived.
    pub needs_layers: u32,
    /// Windows that must be done first.
    pub deps: Vec<usize>,
    /// The layers it commits.
    pub commit: Range<u32>,
}

/// The jobs of windows decoded one after another (sliding): window i needs its layers and
/// window i − 1.
pub fn sequential_jobs<'a>(spans: impl IntoIterator<Item = &'a WindowSpan>) -> Vec<Job> {
    spans
        .into_iter()
        .enumerate()
        .map(|(i, span)| Job {
            needs_layers: span.layers.end,
            deps: if i == 0 { Vec::new() } else { vec![i - 1] },
            commit: span.commit.clone(),
        })
        .collect()
}

/// The jobs of a parallel decoder, layer A first (index j), then layer B (index A + j): B_j
/// needs A_j and A_{j+1}.
pub fn parallel_jobs(num_layers: u32, commit: u32, buffer: u32) -> Vec<Job> {
    let plan = parallel_windows(num_layers, commit, buffer);
    let count_a = plan.layer_a.len();
    let mut jobs: Vec<Job> = plan
        .layer_a
        .into_iter()
        .map(|span| Job {
            needs_layers: span.layers.end,
            deps: Vec::new(),
            commit: span.commit,
        })
        .collect();
    jobs.extend(plan.layer_b.into_iter().enumerate().map(|(j, span)| Job {
        needs_layers: span.layers.end,
        deps: vec![j, j + 1],
        commit: span.commit,
    }));
    debug_assert!(jobs[count_a..].iter().all(|job| job.deps[1] < count_a));
    jobs
}

/// Runs one window's job, from any thread.
pub type RunJob<'a> = dyn Fn(usize) + Sync + 'a;

/// Runs every job of a shot through a [`RunJob`], each once and after its dependencies.
pub type DriveJobs<'a> = dyn Fn(&[Job], &RunJob) + 'a;

/// Parses a round rate (rounds per second): a positive decimal or e-notation number.
pub fn parse_round_rate(text: &str) -> crate::Result<f64> {
    let allowed = "a number of rounds per second from 0.001 to 1e12 (e.g. 1000000 or 1e6)";
    let trimmed = text.trim();
    let value = trimmed
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && !trimmed.starts_with('+'))
        .filter(|v| (ROUND_RATE_RANGE.0..=ROUND_RATE_RANGE.1).contains(v));
    value.ok_or_else(|| {
        let shown = if trimmed.is_empty() { "\"\"" } else { trimmed };
        crate::Error::parameter("round-rate", shown, allowed)
    })
}

/// When layers arrive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyndromeClock {
    /// Rounds per second.
    pub round_rate: f64,
    /// Rounds r of the memory (layers: r + 1).
    pub rounds: u32,
}

impl SyndromeClock {
    /// The time at which layers [0, `layers`) have all arrived.
    pub fn layers_arrive_at(&self, layers: u32) -> f64 {
        layers.min(self.rounds) as f64 / self.round_rate
    }

    /// Rounds received by time `t`.
    pub fn rounds_received(&self, t: f64) -> u32 {
        let rounds = (t * self.round_rate + 1e-9).floor();
        if rounds <= 0.0 {
            0
        } else {
            (rounds as u64).min(self.rounds as u64) as u32
        }
    }

    /// Layers received by time `t` (the last layer comes with the last round).
    pub fn layers_received(&self, t: f64) -> u32 {
        let rounds = self.rounds_received(t);
        if rounds == self.rounds {
            rounds + 1
        } else {
            rounds
        }
    }
}

/// A commit seen by the clock: at `time`, the committed prefix became `committed_rounds`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CommitEvent {
    /// Seconds since the first round started.
    pub time: f64,
    /// Rounds received at that time.
    pub received_rounds: u32,
    /// Rounds committed (the committed prefix of layers, at most r) after the commit.
    pub committed_rounds: u32,
}

/// What happened to one memory decoded while it ran.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// The clock.
    pub round_rate: f64,
    /// Rounds of the memory.
    pub rounds: u32,
    /// Every commit, in time order.
    pub commits: Vec<CommitEvent>,
    /// Each window's latency in seconds: done minus ready (its layers arrived and the windows
    /// it depends on done), in window order.
    pub latencies: Vec<f64>,
    /// When the last window finished (seconds).
    pub finished_at: f64,
}

impl Timeline {
    fn clock(&self) -> SyndromeClock {
        SyndromeClock {
            round_rate: self.round_rate,
            rounds: self.rounds,
        }
    }

    /// Rounds committed by time `t`.
    pub fn committed_at(&self, t: f64) -> u32 {
        self.commits
            .iter()
            .take_while(|event| event.time <= t)
            .last()
            .map_or(0, |event| event.committed_rounds)
    }

    /// Backlog (rounds received minus committed) at time `t`.
    pub fn backlog_at(&self, t: f64) -> u32 {
        self.clock()
            .rounds_received(t)
            .saturating_sub(self.committed_at(t))
    }

    /// The largest backlog: reached just before a commit (or at the end of the run).
    pub fn max_backlog(&self) -> u32 {
        let mut committed = 0;
        let mut worst = 0;
        for event in &self.commits {
            worst = worst.max(event.received_rounds.saturating_sub(committed));
            committed = event.committed_rounds;
        }
        worst
    }

    /// The backlog when the middle round (⌈r / 2⌉) arrives.
    pub fn mid_backlog(&self) -> u32 {
        self.backlog_at(self.rounds.div_ceil(2) as f64 / self.round_rate)
    }

    /// The backlog when the last round arrives.
    pub fn final_backlog(&self) -> u32 {
        self.backlog_at(self.rounds as f64 / self.round_rate)
    }

    /// True when the backlog did not grow: it rose by at most `swing` rounds (c + 2w for
    /// parallel windows, which commit in steps of that size) from the middle round to the last.
    pub fn keeps_up(&self, swing: u32) -> bool {
        self.final_backlog() <= self.mid_backlog() + swing
    }
}

/// Shared progress of the jobs of one run.
struct Board {
    taken: Vec<bool>,
    done_at: Vec<Option<f64>>,
    layer_committed: Vec<bool>,
    committed_layers: u32,
    timeline: Timeline,
}

/// Runs `jobs` (each once, through `run`) on `threads` threads as the clock allows. `now`
/// gives seconds (any origin); `wait_until(t)` returns at or after `now() >= t` (it may return
/// earlier, e.g. after a short nap); `spawn(threads, body)` runs `body` on that many threads at
/// once and returns when all are done (a rayon scope, or a loop for one thread).
pub fn run_jobs(
    jobs: &[Job],
    clock: SyndromeClock,
    threads: u32,
    now: &(dyn Fn() -> f64 + Sync),
    wait_until: &(dyn Fn(f64) + Sync),
    spawn: &dyn Fn(u32, &(dyn Fn() + Sync)),
    run: &(dyn Fn(usize) + Sync),
) -> Timeline {
    let origin = now();
    let since = || now() - origin;
    let num_layers = clock.rounds + 1;
    let board = Mutex::new(Board {
        taken: vec![false; jobs.len()],
        done_at: vec![None; jobs.len()],
        layer_committed: vec![false; num_layers as usize],
        committed_layers: 0,
        timeline: Timeline {
            round_rate: clock.round_rate,
            rounds: clock.rounds,
            commits: Vec::new(),
            latencies: vec![0.0; jobs.len()],
            finished_at: 0.0,
        },
    });
    let ready_at = |board: &Board, job: usize| -> Option<f64> {
        let mut at = clock.layers_arrive_at(jobs[job].needs_layers);
        for &dep in &jobs[job].deps {
            at = at.max(board.done_at[dep]?);
        }
        Some(at)
    };
    // Oldest rounds first: of the ready windows, the one whose commit region starts earliest,
    // so that a parallel decoder's layer-B window runs before the next layer-A windows and the
    // committed prefix moves (taking layer A first would leave every round uncommitted while
    // rounds keep arriving).
    let mut oldest_first: Vec<usize> = (0..jobs.len()).collect();
    oldest_first.sort_by_key(|&job| (jobs[job].commit.start, job));
    let worker = || loop {
        let picked = {
            let mut board = board.lock().expect("no job panics while holding the board");
            if board.taken.iter().all(|&taken| taken) {
                return;
            }
            let t = since();
            let mut next_time = f64::INFINITY;
            let mut picked = None;
            for &job in &oldest_first {
                if board.taken[job] {
                    continue;
                }
                if let Some(at) = ready_at(&board, job) {
                    if at <= t {
                        picked = Some((job, at));
                        break;
                    }
                    next_time = next_time.min(at);
                }
            }
            if let Some((job, _)) = picked {
                board.taken[job] = true;
            }
            (picked, next_time)
        };
        match picked {
            (Some((job, ready)), _) => {
                run(job);
                let mut board = board.lock().expect("no job panics while holding the board");
                // Read under the lock, so that commits are recorded in time order.
                let t = since();
                let board = &mut *board;
                board.done_at[job] = Some(t);
                board.timeline.latencies[job] = t - ready;
                for layer in jobs[job].commit.clone() {
                    board.layer_committed[layer as usize] = true;
                }
                while (board.committed_layers as usize) < board.layer_committed.len()
                    && board.layer_committed[board.committed_layers as usize]
                {
                    board.committed_layers += 1;
                }
                let committed_rounds = board.committed_layers.min(clock.rounds);
                board.timeline.commits.push(CommitEvent {
                    time: t,
                    received_rounds: clock.rounds_received(t),
                    committed_rounds,
                });
                board.timeline.finished_at = board.timeline.finished_at.max(t);
            }
            // Nothing ready: wait for the next arrival, or briefly for another thread's job.
            (None, next_time) => wait_until(origin + next_time.min(since() + 1e-4)),
        }
    };
    spawn(threads.max(1), &worker);
    let mut timeline = board
        .into_inner()
        .expect("no job panics while holding the board")
        .timeline;
    timeline.commits.sort_by(|a, b| a.time.total_cmp(&b.time));
    timeline
}

/// A quantile of `values` (sorted in place), `NaN` when empty.
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[((values.len() - 1) as f64 * q).round() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A simulated clock: `run` advances time by a fixed cost per window, one thread.
    fn simulate(jobs: &[Job], rate: f64, rounds: u32, cost: f64) -> Timeline {
        let time = Mutex::new(0.0f64);
        let now = || *time.lock().unwrap();
        let wait_until = |t: f64| {
            let mut clock = time.lock().unwrap();
            *clock = clock.max(t);
        };
        let run = |_job: usize| *time.lock().unwrap() += cost;
        let spawn = |_threads: u32, body: &(dyn Fn() + Sync)| body();
        run_jobs(
            jobs,
            SyndromeClock {
                round_rate: rate,
                rounds,
            },
            1,
            &now,
            &wait_until,
            &spawn,
            &run,
        )
    }

    fn sliding_jobs(num_layers: u32, commit: u32, buffer: u32) -> Vec<Job> {
        sequential_jobs(&crate::window::plan::sliding_windows(
            num_layers, commit, buffer,
        ))
    }

    #[test]
    fn jobs_follow_the_plans() {
        let jobs = parallel_jobs(451, 9, 9);
        assert_eq!(jobs.len(), 33);
        assert_eq!(jobs[17].deps, vec![0, 1]);
        assert_eq!(jobs[0].needs_layers, 18);
        let sliding = sliding_jobs(51, 5, 5);
        assert_eq!(sliding[1].deps, vec![0]);
        assert_eq!(sliding.last().unwrap().commit.end, 51);
    }

    #[test]
    fn a_fast_decoder_keeps_up_and_a_slow_one_falls_behind() {
        let (rounds, c, w) = (1000, 10, 10);
        let jobs = sliding_jobs(rounds + 1, c, w);
        // 1000 rounds/s, 100 windows: 5 ms a window keeps up (10 ms of rounds per window).
        let fast = simulate(&jobs, 1000.0, rounds, 0.005);
        assert!(
            fast.keeps_up(c + 2 * w),
            "{} {}",
            fast.mid_backlog(),
            fast.final_backlog()
        );
        assert!(fast.max_backlog() <= 2 * (c + w));
        let slow = simulate(&jobs, 1000.0, rounds, 0.02);
        assert!(!slow.keeps_up(c + 2 * w));
        assert!(
            slow.final_backlog() > rounds / 3,
            "{}",
            slow.final_backlog()
        );
        assert_eq!(slow.commits.len(), jobs.len());
    }

    #[test]
    fn clock_counts_rounds_and_the_last_layer() {
        let clock = SyndromeClock {
            round_rate: 10.0,
            rounds: 5,
        };
        assert_eq!(clock.rounds_received(0.05), 0);
        assert_eq!(clock.rounds_received(0.1), 1);
        assert_eq!(clock.layers_received(0.5), 6);
        assert_eq!(clock.layers_arrive_at(6), 0.5);
        assert!(parse_round_rate("0").is_err());
        assert!(parse_round_rate("-5").is_err());
        assert!(parse_round_rate("abc").is_err());
        assert_eq!(parse_round_rate("1e6"), Ok(1e6));
        assert_eq!(
            parse_round_rate("0").unwrap_err().to_string(),
            "round-rate must be a number of rounds per second from 0.001 to 1e12 (e.g. 1000000 or 1e6), got 0"
        );
    }
}

/// What the caller provides: the clock and the threads.
pub struct LiveEnv<'a> {
    /// Seconds since any fixed origin.
    pub now: &'a (dyn Fn() -> f64 + Sync),
    /// Returns at or after `now() >= t` (or earlier; the scheduler asks again).
    pub wait_until: &'a (dyn Fn(f64) + Sync),
    /// Runs `body` on `threads` threads at once and returns when all are done.
    pub spawn: &'a dyn Fn(u32, &(dyn Fn() + Sync)),
}

/// Runs `body` on `threads` threads of `pool` (or, without one, of the rayon pool the caller
/// is in: in a browser worker, wasm-bindgen-rayon's) at once, and returns when all are done;
/// one thread runs it on the caller. A [`LiveEnv::spawn`] for both builds.
pub fn spawn_on_pool(pool: Option<&rayon::ThreadPool>, threads: u32, body: &(dyn Fn() + Sync)) {
    if threads <= 1 {
        return body();
    }
    fn spawn_all<'s>(scope: &rayon::Scope<'s>, threads: u32, body: &'s (dyn Fn() + Sync)) {
        for _ in 0..threads {
            scope.spawn(move |_| body());
        }
    }
    match pool {
        Some(pool) => pool.scope(|scope| spawn_all(scope, threads, body)),
        None => rayon::scope(|scope| spawn_all(scope, threads, body)),
    }
}

/// A window decoder that can decode while the memory runs.
pub enum LiveDecoder {
    /// Sliding windows (one after another).
    Sliding(crate::window::SlidingDecoder),
    /// Parallel windows (layer A on the a threads as their layers arrive, then layer B).
    Parallel(crate::window::ParallelWindowDecoder),
}

/// Refuses decoders that cannot decode while the memory runs, with the decoder parameter's
/// message.
pub fn check_live_decoder(decoder: crate::spec::DecoderKind) -> crate::Result<()> {
    use crate::spec::DecoderKind;
    match decoder {
        DecoderKind::Sliding | DecoderKind::ParallelWindow => Ok(()),
        _ => Err(crate::Error::parameter(
            "decoder",
            decoder.name(),
            "sliding or parallel-window to decode while the memory runs (global matching waits for the whole memory; the seed's independent windows commit nothing)",
        )),
    }
}

impl LiveDecoder {
    /// The live decoder of a sliding or parallel-window task; others are refused
    /// ([`check_live_decoder`]).
    pub fn new(task: &crate::collect::PreparedTask) -> crate::Result<LiveDecoder> {
        use crate::spec::DecoderKind;
        check_live_decoder(task.spec.decoder)?;
        Ok(match task.spec.decoder {
            DecoderKind::Sliding => LiveDecoder::Sliding(task.sliding_decoder()?),
            _ => LiveDecoder::Parallel(task.parallel_decoder(Default::default())?),
        })
    }

    /// Decodes one memory whose rounds arrive by `clock`, on `threads` threads.
    pub fn decode(
        &mut self,
        defects: &[crate::ints::DetectorIndex],
        clock: SyndromeClock,
        threads: u32,
        env: &LiveEnv,
    ) -> (crate::ints::ObservableMask, Timeline) {
        let timeline = Mutex::new(None);
        let drive = |jobs: &[Job], run: &RunJob| {
            let result = run_jobs(
                jobs,
                clock,
                threads,
                env.now,
                env.wait_until,
                env.spawn,
                run,
            );
            *timeline.lock().expect("set once") = Some(result);
        };
        let prediction = match self {
            LiveDecoder::Sliding(decoder) => decoder.decode_scheduled(defects, &drive),
            LiveDecoder::Parallel(decoder) => decoder.decode_scheduled(defects, &drive),
        };
        let timeline = timeline
            .into_inner()
            .expect("set once")
            .expect("the drive ran the jobs");
        (prediction, timeline)
    }
}

/// The highest round rate at which `keeps_up(rate)` holds, to within `precision` (e.g. 1.05:
/// 5 %), by doubling or halving from `guess` and then bisection on a log scale. `keeps_up` runs
/// one trial; a trial at a rate that keeps up is assumed to keep up at every lower rate.
pub fn sustainable_rate(guess: f64, precision: f64, mut keeps_up: impl FnMut(f64) -> bool) -> f64 {
    let guess = guess.clamp(ROUND_RATE_RANGE.0, ROUND_RATE_RANGE.1);
    let (mut low, mut high);
    if keeps_up(guess) {
        low = guess;
        high = guess * 2.0;
        while high < ROUND_RATE_RANGE.1 && keeps_up(high) {
            low = high;
            high *= 2.0;
        }
    } else {
        high = guess;
        low = guess / 2.0;
        while low > ROUND_RATE_RANGE.0 && !keeps_up(low) {
            high = low;
            low /= 2.0;
        }
    }
    while high / low > precision {
        let middle = (low * high).sqrt();
        if keeps_up(middle) {
            low = middle;
        } else {
            high = middle;
        }
    }
    low
}

/// `surfacelab stream --json` and the page's realtime view: one memory decoded at a round rate,
/// and the sustainable rate of the same decoder and a.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StreamReport {
    /// The decoder's name.
    pub decoder: &'static str,
    /// Code distance.
    pub distance: u32,
    /// Rounds r of each memory.
    pub rounds: u32,
    /// Commit rounds c.
    pub commit_rounds: u32,
    /// Buffer rounds w.
    pub buffer_rounds: u32,
    /// Window threads a.
    pub window_workers: u32,
    /// Memories decoded in a row at `round_rate`.
    pub shots: u64,
    /// The round rate of the run (rounds per second).
    pub round_rate: f64,
    /// The largest backlog (rounds received minus committed) of any memory.
    pub max_backlog_rounds: u32,
    /// The backlog when the middle round arrived (worst memory).
    pub mid_backlog_rounds: u32,
    /// The backlog when the last round arrived (worst memory).
    pub final_backlog_rounds: u32,
    /// True when every memory's backlog grew by at most the swing from the middle round on.
    pub keeps_up: bool,
    /// How far the backlog may swing while keeping up: c + 2w (parallel) or c + w (sliding).
    pub swing_rounds: u32,
    /// The highest rate at which the backlog does not grow (to 5 %; a rate counts when one of
    /// three trials keeps up).
    pub sustainable_round_rate: f64,
    /// Window latency (ready to done), median, in ms.
    pub latency_p50_ms: f64,
    /// 95th percentile, in ms.
    pub latency_p95_ms: f64,
    /// Largest, in ms.
    pub latency_max_ms: f64,
    /// Logical errors among the memories.
    pub errors: u64,
    /// The first memory's backlog after each commit: `[seconds, backlog rounds]`.
    pub backlog: Vec<[f64; 2]>,
    /// The first memory's window latencies in ms, in window order.
    pub latencies_ms: Vec<f64>,
}

/// The backlog series of a timeline: `[time, backlog]` just before and after each commit.
pub fn backlog_series(timeline: &Timeline) -> Vec<[f64; 2]> {
    let mut series = vec![[0.0, 0.0]];
    let mut committed = 0;
    for event in &timeline.commits {
        series.push([
            event.time,
            event.received_rounds.saturating_sub(committed) as f64,
        ]);
        committed = event.committed_rounds;
        series.push([
            event.time,
            event.received_rounds.saturating_sub(committed) as f64,
        ]);
    }
    let end = timeline.rounds as f64 / timeline.round_rate;
    if end > timeline.finished_at {
        series.push([end, timeline.backlog_at(end) as f64]);
    }
    series
}

/// Most memories one stream run decodes in a row.
pub const MAX_STREAM_SHOTS: u64 = 1000;

/// How a stream run goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StreamSettings {
    /// Rounds per second; `None` = run at the measured sustainable rate.
    pub round_rate: Option<f64>,
    /// Memories decoded in a row (1 … [`MAX_STREAM_SHOTS`]).
    pub shots: u64,
    /// Window threads a.
    pub window_workers: u32,
    /// Seed of the task's stream (memory k is shot k of `collect`'s stream).
    pub seed: u64,
}

/// Decodes `settings.shots` memories of `task` while they run (sampled ahead, so the clock
/// measures decoding), after finding the sustainable rate on the first one.
pub fn run_stream(
    task: &crate::collect::PreparedTask,
    settings: StreamSettings,
    env: &LiveEnv,
) -> crate::Result<StreamReport> {
    use crate::ints::BLOCK_SHOTS;
    let mut decoder = LiveDecoder::new(task)?;
    let window = task.spec.window.expect("a live decoder has windows");
    let rounds = task.spec.rounds;
    let threads = settings.window_workers.max(1);
    let swing = window.commit + 2 * window.buffer;
    let mut shots = Vec::new();
    let mut batch = crate::sample::ShotBatch::default();
    let mut defects = Vec::new();
    for shot in 0..settings.shots.clamp(1, MAX_STREAM_SHOTS) {
        let (block, position) = (
            shot / BLOCK_SHOTS as u64,
            (shot % BLOCK_SHOTS as u64) as usize,
        );
        if position == 0 {
            task.whole()?.sampler.sample_block(
                settings.seed,
                &task.sample_key,
                block,
                BLOCK_SHOTS,
                &mut batch,
            );
        }
        batch.defects_into(position, &mut defects);
        shots.push((defects.clone(), batch.observables[position]));
    }
    let clock = |round_rate| SyndromeClock { round_rate, rounds };
    let first = &shots[0].0;
    let (_, at_once) = decoder.decode(first, clock(ROUND_RATE_RANGE.1), threads, env);
    let guess = rounds as f64 / at_once.finished_at.max(1e-6);
    // A rate keeps up when one of three trials does: on a shared machine another process can
    // stall a trial, which says nothing about the decoder.
    let sustainable = sustainable_rate(guess, 1.05, |rate| {
        (0..3).any(|_| {
            decoder
                .decode(first, clock(rate), threads, env)
                .1
                .keeps_up(swing)
        })
    });
    let round_rate = settings.round_rate.unwrap_or(sustainable);
    let mut report = StreamReport {
        decoder: task.spec.decoder_name(),
        distance: task.spec.distance,
        rounds,
        commit_rounds: window.commit,
        buffer_rounds: window.buffer,
        window_workers: threads,
        shots: shots.len() as u64,
        round_rate,
        max_backlog_rounds: 0,
        mid_backlog_rounds: 0,
        final_backlog_rounds: 0,
        keeps_up: true,
        swing_rounds: swing,
        sustainable_round_rate: sustainable,
        latency_p50_ms: 0.0,
        latency_p95_ms: 0.0,
        latency_max_ms: 0.0,
        errors: 0,
        backlog: Vec::new(),
        latencies_ms: Vec::new(),
    };
    let mut latencies = Vec::new();
    for (index, (events, actual)) in shots.iter().enumerate() {
        let (prediction, timeline) = decoder.decode(events, clock(round_rate), threads, env);
        report.errors += u64::from(prediction != *actual);
        report.max_backlog_rounds = report.max_backlog_rounds.max(timeline.max_backlog());
        report.mid_backlog_rounds = report.mid_backlog_rounds.max(timeline.mid_backlog());
        report.final_backlog_rounds = report.final_backlog_rounds.max(timeline.final_backlog());
        report.keeps_up &= timeline.keeps_up(swing);
        if index == 0 {
            report.backlog = backlog_series(&timeline);
            report.latencies_ms = timeline.latencies.iter().map(|s| s * 1e3).collect();
        }
        latencies.extend(timeline.latencies.iter().map(|s| s * 1e3));
    }
    report.latency_p50_ms = quantile(&mut latencies, 0.5);
    report.latency_p95_ms = quantile(&mut latencies, 0.95);
    report.latency_max_ms = quantile(&mut latencies, 1.0);
    Ok(report)
}
