//! Command-line arguments. Values are taken as text and validated by `surfacelab::spec`, so
//! every bad value gets the same message as everywhere else.

use clap::{Args, Parser, Subcommand};

/// SurfaceLab: surface-code memory experiments (stim-identical circuits, exact matching).
#[derive(Debug, Parser)]
#[command(name = "surfacelab", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the stim circuit text of a memory (rotated surface code unless --code says).
    Circuit(CircuitArgs),
    /// Print the decomposed detector error model (.dem text) of the same circuit.
    Dem(CircuitArgs),
    /// Sample and decode tasks; write sinter CSV.
    Collect(CollectArgs),
    /// Decode stim b8 detection events with a .dem file; print predictions as 01 text.
    Decode(DecodeArgs),
    /// Merge sinter CSV files, adding rows with the same strong id.
    Combine(CombineArgs),
    /// The a × b plan: concurrency, zone, windows per shot, recommended a.
    Plan(PlanArgs),
    /// Measure shots/s and per-shot latency over a grid of (a, b).
    Sweep(SweepArgs),
    /// One shot explained: detection events, fired errors, the decoder's matching and windows.
    Shot(ShotArgs),
    /// Decode one long memory while its rounds arrive: backlog, window latency, sustainable rate.
    Stream(StreamArgs),
    /// A threshold run with the seed's defaults: sinter CSV, a JSON summary and an SVG plot.
    Threshold(ThresholdArgs),
    /// The threshold estimate of a sinter CSV: where adjacent distances' curves cross.
    Fit(crate::fit_cmd::FitArgs),
}

/// How a run uses the machine: a, b, seed, batch size, progress bar.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Window threads a per shot worker, 1 … 64 (default: WINDOW_PARALLEL_WORKERS, else 1).
    #[arg(long, allow_hyphen_values = true)]
    pub window_workers: Option<String>,
    /// Shot workers b, 1 … 64 (default: NUM_WORKERS, else min(hardware threads, 64)).
    #[arg(long, allow_hyphen_values = true)]
    pub workers: Option<String>,
    /// Seed, 0 … 2^64 − 1 (default: a random one, printed on stderr).
    #[arg(long, allow_hyphen_values = true)]
    pub seed: Option<String>,
    /// Blocks of 1024 shots a worker takes at a time (results do not depend on it).
    #[arg(long, default_value = "4", allow_hyphen_values = true)]
    pub batch_blocks: String,
    /// No progress bar, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
}

/// Commit and buffer rounds of a windowed decoder, also under the seed's names.
#[derive(Debug, Args, Default)]
pub struct WindowArgs {
    /// Commit rounds c of a windowed decoder, 1 … r (default d).
    #[arg(long, allow_hyphen_values = true)]
    pub commit_rounds: Option<String>,
    /// Buffer rounds w of a windowed decoder, 0 … r, ≥ 1 for parallel-window (default d).
    #[arg(long, allow_hyphen_values = true)]
    pub buffer_rounds: Option<String>,
    /// The seed's name for --commit-rounds (its window size n).
    #[arg(long, allow_hyphen_values = true)]
    pub window_rounds: Option<String>,
    /// The seed's name for --buffer-rounds (its overlap k; 0 allowed except for parallel-window).
    #[arg(long, allow_hyphen_values = true)]
    pub overlap: Option<String>,
}

/// The noise model, and the four stim noise parameters, each overriding --p.
#[derive(Debug, Args, Default)]
pub struct NoiseOverrides {
    /// Noise model: stim (its four parameters) or si1000 (one parameter p, 0 … 0.1).
    #[arg(long = "noise", default_value = "stim")]
    pub model: String,
    /// DEPOLARIZE1/2 after each Clifford gate (default: --p).
    #[arg(long, allow_hyphen_values = true)]
    pub after_clifford_depolarization: Option<String>,
    /// X_ERROR after each reset (default: --p).
    #[arg(long, allow_hyphen_values = true)]
    pub after_reset_flip_probability: Option<String>,
    /// X_ERROR before each measurement (default: --p).
    #[arg(long, allow_hyphen_values = true)]
    pub before_measure_flip_probability: Option<String>,
    /// DEPOLARIZE1 on data qubits at the start of each round (default: --p).
    #[arg(long, allow_hyphen_values = true)]
    pub before_round_data_depolarization: Option<String>,
}

#[derive(Debug, Args)]
pub struct CircuitArgs {
    /// A stim circuit file to use instead of a generated memory (dem: its model).
    #[arg(long)]
    pub circuit: Option<std::path::PathBuf>,
    /// Code family: rotated (the default), unrotated or repetition (basis z only).
    #[arg(long, default_value = "rotated")]
    pub code: String,
    /// Code distance, 2 … 101 (required without --circuit).
    #[arg(long, allow_hyphen_values = true)]
    pub distance: Option<String>,
    /// Rounds: an integer 1 … 1000000, or Nd (N × distance), e.g. 3d.
    #[arg(long, allow_hyphen_values = true, default_value = "d")]
    pub rounds: String,
    /// Memory basis: z or x.
    #[arg(long, default_value = "z")]
    pub basis: String,
    /// Noise strength: all four stim parameters, 0 … 0.5; or SI1000's p, 0 … 0.1.
    #[arg(long, allow_hyphen_values = true, default_value = "0")]
    pub p: String,
    #[command(flatten)]
    pub noise: NoiseOverrides,
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    #[command(flatten)]
    pub task: TaskFlags,
    #[command(flatten)]
    pub run: RunArgs,
    /// Shots per task at most, 1 … 10^15.
    #[arg(long, default_value = "100000", allow_hyphen_values = true)]
    pub max_shots: String,
    /// Stop a task once its errors reach this, 1 … 10^15.
    #[arg(long, allow_hyphen_values = true)]
    pub max_errors: Option<String>,
    /// Run only the blocks k with k mod n = i; `combine` the n shards afterwards.
    #[arg(long, allow_hyphen_values = true)]
    pub shard: Option<String>,
    /// Write CSV here instead of stdout.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Hold the whole memory (model, graph, block) for sliding and parallel-window instead of
    /// sampling and decoding it layer by layer in constant memory; the counts are the same.
    #[arg(long)]
    pub no_stream: bool,
    /// Measure busy threads (against a × b), CPU time and memory during the run; print a
    /// summary on stderr at the end.
    #[arg(long)]
    pub monitor: bool,
    /// Also write the monitor's time series (every 100 ms) as CSV here (implies --monitor).
    #[arg(long)]
    pub monitor_out: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// A stim .dem file (decomposed: every piece at most two detectors).
    #[arg(long)]
    pub dem: std::path::PathBuf,
    /// Detection events in stim's b8 format (stim sample_dets --out_format b8).
    #[arg(long)]
    pub dets: std::path::PathBuf,
    /// Write predictions here instead of stdout.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Also write each shot's matching weight, one per line, to this file.
    #[arg(long)]
    pub weights_out: Option<std::path::PathBuf>,
    /// Correlated matching (two passes, as PyMatching's enable_correlations=True); the
    /// weights written are the second matching's, under the lowered weights.
    #[arg(long)]
    pub correlated: bool,
    /// Leave out the defects no matching can pair (an odd number of them in a component without
    /// a boundary edge) instead of stopping with an error naming the detector, as PyMatching does.
    #[arg(long)]
    pub ignore_unmatchable: bool,
}

#[derive(Debug, Args)]
pub struct CombineArgs {
    /// sinter CSV files.
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Shot workers b, 1 … 64 (default: NUM_WORKERS, else min(hardware threads, 64)).
    #[arg(long, allow_hyphen_values = true)]
    pub workers: Option<String>,
    /// Window threads a, 1 … 64 (default: WINDOW_PARALLEL_WORKERS, else 1).
    #[arg(long, allow_hyphen_values = true)]
    pub window_workers: Option<String>,
    /// Decoder: global, sliding, parallel-window or independent-windows (comparison baseline).
    #[arg(long, default_value = "parallel-window")]
    pub decoder: String,
    /// Code distance, 2 … 101.
    #[arg(long, allow_hyphen_values = true)]
    pub distance: String,
    /// Rounds: an integer, or Nd.
    #[arg(long, allow_hyphen_values = true, default_value = "d")]
    pub rounds: String,
    #[command(flatten)]
    pub window: WindowArgs,
    /// Hardware threads N (default: this machine's).
    #[arg(long, allow_hyphen_values = true)]
    pub threads: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The task flags of `collect`, `threshold`, `sweep`, `shot` and `stream`, written once: each
/// command applies its own defaults in code (`tasks::TaskDefaults`), so a new task flag is
/// added here and nowhere else. `collect` and `threshold` take comma lists; `sweep`, `shot` and
/// `stream` one value of each.
#[derive(Debug, Args)]
pub struct TaskFlags {
    /// A stim circuit file to run instead of a generated memory (it replaces --code,
    /// --distances, --rounds, --p, --basis and the noise flags; collect and sweep).
    #[arg(long)]
    pub circuit: Option<std::path::PathBuf>,
    /// Code family: rotated (stim's surface_code:rotated_memory_*, the default), unrotated
    /// (surface_code:unrotated_memory_*) or repetition (repetition_code:memory, basis z only).
    #[arg(long)]
    pub code: Option<String>,
    /// Code distances, each 2 … 101: a comma list for collect and threshold (default 29,31,33
    /// for threshold), one distance for sweep, shot and stream.
    #[arg(
        long = "distances",
        visible_alias = "distance",
        allow_hyphen_values = true
    )]
    pub distances: Option<String>,
    /// Rounds: an integer 1 … 1000000, or Nd (N × distance), e.g. d or 3d (default d; 3 for
    /// threshold).
    #[arg(long, allow_hyphen_values = true)]
    pub rounds: Option<String>,
    /// Noise strengths, each 0 … 0.5 (0 … 0.1 with --noise si1000): a comma list for collect
    /// (required) and threshold (default 0.001,0.003,0.005,0.007,0.009,0.01); one for sweep,
    /// shot and stream (default 0.005).
    #[arg(long, allow_hyphen_values = true)]
    pub p: Option<String>,
    /// Memory bases z, x: a comma list for collect and threshold, one for the others (default
    /// z).
    #[arg(long)]
    pub basis: Option<String>,
    #[command(flatten)]
    pub noise: NoiseOverrides,
    /// Decoder: global, sliding, parallel-window, or independent-windows (the seed's
    /// scheme, a comparison baseline: no artificial defects at the cuts, odd d only)
    /// (default: parallel-window for sweep and stream, global for the others).
    #[arg(long)]
    pub decoder: Option<String>,
    #[command(flatten)]
    pub window: WindowArgs,
    /// Correlated matching (two passes, as PyMatching's enable_correlations=True), globally or
    /// inside every window; the CSV's decoder reads e.g. global+correlated. Not with
    /// independent-windows.
    #[arg(long)]
    pub correlated: bool,
}

#[derive(Debug, Args)]
pub struct ShotArgs {
    #[command(flatten)]
    pub task: TaskFlags,
    /// Seed of the task's stream, 0 … 2^64 − 1.
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub seed: String,
    /// The shot's index K in the task's stream (K = 1024 · block + position), 0 … 2^53 − 1.
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    pub index: String,
    /// Number of consecutive shots, 1 … 1000000 (one JSON object per line with --json).
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub count: String,
    /// A hand-made error `qubit:round` (repeatable): on a data qubit, the Pauli that flips the
    /// observable at the start of round t; on a measure qubit, a flipped result in round t.
    #[arg(long, allow_hyphen_values = true)]
    pub flip: Vec<String>,
    /// Window threads a that the windows are labelled with (round-robin), 1 … 64.
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub window_workers: String,
    /// Print JSON (one object per shot and line) instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// Print the memory's geometry as JSON instead (qubits, stabilizers, observable, detectors,
    /// graph edges: what the viewer draws), then exit.
    #[arg(long)]
    pub geometry: bool,
}

#[derive(Debug, Args)]
pub struct StreamArgs {
    #[command(flatten)]
    pub task: TaskFlags,
    /// Seed of the task's stream (memory k is shot k of collect's stream).
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub seed: String,
    /// Window threads a, 1 … 64.
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub window_workers: String,
    /// The syndrome clock in rounds per second (without it: run at the measured sustainable
    /// rate).
    #[arg(long, allow_hyphen_values = true)]
    pub round_rate: Option<String>,
    /// Memories decoded in a row, 1 … 1000.
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub shots: String,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub task: TaskFlags,
    /// a range × b range, e.g. 1-4x1-4 or 1-2x2.
    #[arg(long, default_value = "1-2x1-2")]
    pub grid: String,
    /// Seconds to measure each (a, b), 0.1 … 3600.
    #[arg(long, default_value = "3", allow_hyphen_values = true)]
    pub seconds: String,
    /// Seed of the shots (the same shots for every (a, b)).
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub seed: String,
    /// Also write the table as CSV here.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ThresholdArgs {
    #[command(flatten)]
    pub task: TaskFlags,
    #[command(flatten)]
    pub run: RunArgs,
    /// Stopping rule per task: `fixed` (--max-shots, --max-errors) or `seed` (the seed's
    /// max_errors = min(100000, max(1000, 1000 p / 0.001)) and
    /// max_shots = max(10^6, 10^8 (0.001 / p) r^-0.5); --max-shots/--max-errors override it).
    #[arg(long, default_value = "fixed")]
    pub stop: String,
    /// Shots per task at most, 1 … 10^15 (default 100000 with --stop fixed).
    #[arg(long, allow_hyphen_values = true)]
    pub max_shots: Option<String>,
    /// Stop a task once its errors reach this, 1 … 10^15 (default 1000 with --stop fixed).
    #[arg(long, allow_hyphen_values = true)]
    pub max_errors: Option<String>,
    /// Wall seconds per task at most, 0.1 … 10^7; a task cut by time keeps its finished prefix
    /// (and is then not reproducible from the seed).
    #[arg(long, allow_hyphen_values = true)]
    pub max_seconds: Option<String>,
    /// Plot the logical error rate per `round` or per `shot`.
    #[arg(long, default_value = "round")]
    pub per: String,
    /// Directory for stats.csv, summary.json and threshold.svg (default threshold-<time>).
    #[arg(long)]
    pub out_dir: Option<std::path::PathBuf>,
}
