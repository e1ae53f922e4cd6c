//! The `surfacelab` command-line tool: the only native place that touches files, environment
//! variables and the terminal. Bad input exits with status 2 and one line naming the
//! parameter, the value and the allowed range.

mod args;
mod circuit_file;
mod fit_cmd;
mod monitor;
mod plan_cmd;
mod run_collect;
mod shot_cmd;
mod stream_cmd;
mod sweep;
mod tasks;
mod threshold;
mod threshold_plot;

use args::{CircuitArgs, Cli, CombineArgs, Command, DecodeArgs};
use clap::Parser;
use std::io::Write;
use std::process::ExitCode;
use surfacelab::circuit::parse::parse_circuit;
use surfacelab::circuit::Circuit;
use surfacelab::collect::{read_csv, write_csv, Merge};
use surfacelab::dem::{detector_error_model, text};
use surfacelab::matching::matchable::Matchability;
use surfacelab::matching::{
    CorrelationTable, Decoder, Matcher, MatchingDetails, MatchingGraph, Reweighter,
};
use surfacelab::sample::{b8, ShotBatch};
use surfacelab::spec::{self, RoundsSpec};

/// What went wrong, and the exit status it gives.
pub enum Failure {
    /// Bad user input (status 2).
    Input(String),
    /// A file could not be read or written (status 1).
    Io(String),
    /// A worker crashed: a bug, not bad input (status 1).
    Crash(String),
}

impl From<surfacelab::Error> for Failure {
    fn from(error: surfacelab::Error) -> Self {
        match error {
            surfacelab::Error::Worker { reason } => Failure::Crash(reason),
            error => Failure::Input(error.to_string()),
        }
    }
}

fn read_file(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Input(format!("cannot read {}: {e}", path.display())))
}

pub(crate) fn read_text(path: &std::path::Path) -> Result<String, Failure> {
    String::from_utf8(read_file(path)?)
        .map_err(|_| Failure::Input(format!("{} is not UTF-8 text", path.display())))
}

/// Writes to the file, or to stdout when there is none.
fn write_output(path: Option<&std::path::Path>, text: &str) -> Result<(), Failure> {
    match path {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display()))),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth a message.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            Ok(())
        }
    }
}

fn circuit_of(args: &CircuitArgs) -> Result<Circuit, Failure> {
    if let Some(path) = &args.circuit {
        let given_memory_flags = args.distance.is_some()
            || args.rounds != "d"
            || args.basis != "z"
            || args.p != "0"
            || args.noise.model != "stim"
            || args.code != "rotated";
        if given_memory_flags {
            return Err(Failure::Input(
                "--circuit replaces the generated memory's flags; drop --code, --distance, \
                 --rounds, --basis, --p and --noise"
                    .into(),
            ));
        }
        let text = circuit_file::read_circuit(path)?;
        return parse_circuit(&text).map_err(circuit_file::in_file(path));
    }
    let distance = args
        .distance
        .as_deref()
        .ok_or_else(|| Failure::Input("needs --distance (or --circuit FILE)".into()))?;
    let distance = spec::parse_distance(distance)?;
    let code = spec::parse_code(&args.code)?;
    let rounds = RoundsSpec::parse(&args.rounds)?.resolve(distance)?;
    let basis = spec::parse_basis(&args.basis)?;
    spec::check_code(code, basis, spec::DecoderKind::Global)?;
    let kind = tasks::noise_kind(&args.noise)?;
    let p = kind.parse_p(&args.p)?;
    let noise = tasks::noise_model(kind, p, &args.noise)?;
    Ok(noise.family_circuit(code, distance, rounds, basis))
}

fn circuit_command(args: &CircuitArgs) -> Result<(), Failure> {
    let circuit = circuit_of(args)?;
    write_output(None, &format!("{circuit}\n"))
}

fn dem_command(args: &CircuitArgs) -> Result<(), Failure> {
    let circuit = circuit_of(args)?;
    let dem = match &args.circuit {
        Some(path) => detector_error_model(&circuit).map_err(circuit_file::in_file(path))?,
        None => detector_error_model(&circuit)?,
    };
    write_output(None, &text::write_dem(&dem))
}

fn decode_command(args: &DecodeArgs) -> Result<(), Failure> {
    let dem = text::parse_dem(&read_text(&args.dem)?)
        .map_err(|e| Failure::Input(format!("{}: {e}", args.dem.display())))?;
    let in_dem = |e: surfacelab::Error| Failure::Input(format!("{}: {e}", args.dem.display()));
    // stim's .dem without decompose_errors=True has hyperedges: decompose them as stim would.
    let dem = if dem
        .errors
        .iter()
        .any(|e| e.pieces.iter().any(|p| !p.is_graphlike()))
    {
        surfacelab::dem::decompose::decompose_model(&dem).map_err(in_dem)?
    } else {
        dem
    };
    let graph = MatchingGraph::from_dem(&dem).map_err(in_dem)?;
    let matchability = Matchability::new(&graph);
    let mut matcher = Matcher::new(&graph)?;
    let mut reweighter = if args.correlated {
        let table = CorrelationTable::from_dem(&dem, &graph).map_err(in_dem)?;
        // The first pass's paths: an engine that searches for them afterwards (rmatching)
        // searches on the graph's own weights, the same for every shot, so keeping each
        // source's distances makes later paths a walk. Ours traces them (nothing to keep).
        if Matcher::path_cache_bytes(graph.num_detectors as usize)
            <= surfacelab::window::shape::PATH_CACHE_BYTES
        {
            matcher.cache_paths();
        }
        Some(Reweighter::new(&graph, std::sync::Arc::new(table)))
    } else {
        None
    };
    let bytes = read_file(&args.dets)?;
    let mut batch = ShotBatch::default();
    b8::read_b8(&bytes, dem.num_detectors as usize, &mut batch)
        .map_err(|e| Failure::Input(format!("{}: {e}", args.dets.display())))?;
    let num_observables = dem.num_observables as usize;
    let mut predictions = String::with_capacity(batch.num_shots * (num_observables + 1));
    let mut weights = String::new();
    let mut details = MatchingDetails::default();
    let mut defects = Vec::new();
    for shot in 0..batch.num_shots {
        batch.defects_into(shot, &mut defects);
        if args.ignore_unmatchable {
            matchability.keep_matchable(&mut defects);
        } else if let Err(unmatchable) = matchability.check(&defects) {
            return Err(Failure::Input(format!(
                "{}: shot {shot}: {unmatchable} (--ignore-unmatchable leaves such defects out)",
                args.dets.display()
            )));
        }
        // Paths and weights only when asked for: a prediction alone is much cheaper.
        let observables = match (&mut reweighter, args.weights_out.is_some()) {
            (Some(reweighter), true) => {
                reweighter.decode_details(&mut matcher, &defects, &mut details);
                details.observables
            }
            (Some(reweighter), false) => reweighter.decode(&mut matcher, &defects),
            (None, true) => {
                matcher.try_decode_details(&defects, &mut details)?;
                details.observables
            }
            (None, false) => matcher.decode(&defects),
        };
        for k in 0..num_observables {
            predictions.push(if observables >> k & 1 == 1 { '1' } else { '0' });
        }
        predictions.push('\n');
        if args.weights_out.is_some() {
            weights.push_str(&format!("{:.12}\n", details.weight));
        }
    }
    if let Some(path) = &args.weights_out {
        write_output(Some(path), &weights)?;
    }
    write_output(args.out.as_deref(), &predictions)
}

/// Merges the files' rows like `sinter combine`, refusing (status 2) rows that would count a
/// shot twice; an exact repeat (a file combined with itself) is left out with a note.
fn combine_command(args: &CombineArgs) -> Result<(), Failure> {
    let mut merge = Merge::default();
    for path in &args.files {
        let text = read_text(path)?;
        let file_rows =
            read_csv(&text).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
        for (index, row) in file_rows.into_iter().enumerate() {
            let origin = format!("{} row {}", path.display(), index + 2);
            if let surfacelab::collect::merge::Added::Repeat(why) = merge.add(row, &origin)? {
                eprintln!("surfacelab: {why}");
            }
        }
    }
    write_output(None, &write_csv(&merge.rows()))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Hidden benchmark switch: which matching engine (`blossom` or `rmatching`) to run.
    if let Ok(name) = std::env::var("SURFACELAB_ENGINE") {
        match surfacelab::matching::EngineKind::parse(&name) {
            Ok(kind) => surfacelab::matching::set_default_engine(kind),
            Err(e) => {
                eprintln!("surfacelab: SURFACELAB_ENGINE: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let outcome = match &cli.command {
        Command::Circuit(args) => circuit_command(args),
        Command::Dem(args) => dem_command(args),
        Command::Collect(args) => run_collect::collect_command(args),
        Command::Decode(args) => decode_command(args),
        Command::Combine(args) => combine_command(args),
        Command::Plan(args) => plan_cmd::plan_command(args),
        Command::Sweep(args) => sweep::sweep_command(args),
        Command::Shot(args) => shot_cmd::shot_command(args),
        Command::Stream(args) => stream_cmd::stream_command(args),
        Command::Threshold(args) => threshold::threshold_command(args),
        Command::Fit(args) => fit_cmd::fit_command(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            eprintln!("surfacelab: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Io(message)) | Err(Failure::Crash(message)) => {
            eprintln!("surfacelab: {message}");
            ExitCode::from(1)
        }
    }
}
