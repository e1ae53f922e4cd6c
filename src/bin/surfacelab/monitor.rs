//! The resource monitor of `collect --monitor` (the seed's "System Resource Monitoring"): busy
//! threads against a × b, the process's CPU time, and its resident memory, sampled over time.
//!
//! A busy thread is one sampling or decoding (DESIGN.md); a shot worker waiting on its window
//! threads is not busy. Shot workers count themselves around each block; the parallel-window
//! decoder reports its window threads through [`WorkObserver`].

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use surfacelab::window::WorkObserver;

/// How often the monitor samples.
pub const SAMPLE_EVERY: Duration = Duration::from_millis(100);

/// The number of threads working right now.
#[derive(Debug, Default)]
pub struct BusyThreads {
    count: AtomicI64,
}

impl BusyThreads {
    /// Threads busy right now.
    pub fn now(&self) -> i64 {
        self.count.load(Ordering::Relaxed)
    }
}

impl WorkObserver for BusyThreads {
    fn work_started(&self) {
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    fn work_stopped(&self) {
        self.count.fetch_sub(1, Ordering::Relaxed);
    }
}

/// User plus system CPU seconds of the whole process (all its threads) so far.
pub fn cpu_seconds() -> Option<f64> {
    // SAFETY: getrusage only writes the struct it is given, which lives on this stack frame.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return None;
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

/// Resident memory of the process in bytes (VmRSS in /proc/self/status; Linux only).
pub fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The machine's memory in bytes (MemTotal in /proc/meminfo; Linux only).
pub fn machine_memory_bytes() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|line| line.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// One sample of the monitor.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// Seconds since the run started.
    pub seconds: f64,
    /// Threads busy at that moment.
    pub busy_threads: i64,
    /// CPU seconds of the process since the run started.
    pub cpu_seconds: f64,
    /// Resident memory in bytes (0 where unknown).
    pub rss_bytes: u64,
    /// Shots finished so far.
    pub shots: u64,
}

/// Samples until `done`, every [`SAMPLE_EVERY`]; `shots` reports the shots finished so far.
pub fn sample_until(
    busy: &BusyThreads,
    done: &AtomicBool,
    shots: impl Fn() -> u64,
    samples: &Mutex<Vec<Sample>>,
) {
    let started = Instant::now();
    let cpu_at_start = cpu_seconds().unwrap_or(0.0);
    loop {
        let finished = done.load(Ordering::Relaxed);
        let sample = Sample {
            seconds: started.elapsed().as_secs_f64(),
            busy_threads: busy.now(),
            cpu_seconds: cpu_seconds().map_or(0.0, |cpu| cpu - cpu_at_start),
            rss_bytes: rss_bytes().unwrap_or(0),
            shots: shots(),
        };
        samples
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(sample);
        if finished {
            return;
        }
        std::thread::sleep(SAMPLE_EVERY);
    }
}

/// What the monitor saw over a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Most busy threads in one sample.
    pub peak_busy: i64,
    /// Mean busy threads over the samples.
    pub mean_busy: f64,
    /// CPU seconds of the process over the run.
    pub cpu_seconds: f64,
    /// Wall seconds of the run.
    pub wall_seconds: f64,
    /// Largest resident memory seen, in bytes.
    pub peak_rss_bytes: u64,
}

/// Peak and mean of a run's samples.
pub fn summarize(samples: &[Sample]) -> Summary {
    let last = samples.last();
    Summary {
        peak_busy: samples.iter().map(|s| s.busy_threads).max().unwrap_or(0),
        mean_busy: samples.iter().map(|s| s.busy_threads as f64).sum::<f64>()
            / samples.len().max(1) as f64,
        cpu_seconds: last.map_or(0.0, |s| s.cpu_seconds),
        wall_seconds: last.map_or(0.0, |s| s.seconds),
        peak_rss_bytes: samples.iter().map(|s| s.rss_bytes).max().unwrap_or(0),
    }
}

/// The summary as stderr lines, against the nominal a × b.
pub fn report(summary: &Summary, window_workers: u32, workers: u32) -> String {
    let concurrency = window_workers as u64 * workers as u64;
    format!(
        "surfacelab: monitor: busy threads peak {} mean {:.2} of a x b = {window_workers} x {workers} = {concurrency}\n\
         surfacelab: monitor: CPU {:.2} s in {:.2} s wall ({:.2} cores busy on average); peak RSS {:.1} MiB\n",
        summary.peak_busy,
        summary.mean_busy,
        summary.cpu_seconds,
        summary.wall_seconds,
        summary.cpu_seconds / summary.wall_seconds.max(1e-9),
        summary.peak_rss_bytes as f64 / (1024.0 * 1024.0),
    )
}

/// The time series as CSV.
pub fn samples_csv(samples: &[Sample]) -> String {
    let mut csv = String::from("seconds,busy_threads,cpu_seconds,rss_bytes,shots\n");
    for s in samples {
        csv.push_str(&format!(
            "{:.3},{},{:.3},{},{}\n",
            s.seconds, s.busy_threads, s.cpu_seconds, s.rss_bytes, s.shots
        ));
    }
    csv
}
