//! `surfacelab shot`: one shot (or N consecutive ones) explained by the core's
//! [`ShotExplorer`]: detection events, fired errors, the decoder's matching and its windows.

use crate::args::ShotArgs;
use crate::circuit_file::{circuit_choice, in_file};
use crate::{tasks, write_output, Failure};
use surfacelab::shot::flip::HandError;
use surfacelab::shot::{ShotExplanation, ShotExplorer, MAX_SHOT_INDEX};
use surfacelab::spec;

/// Most shots one `shot` command explains.
const MAX_COUNT: u64 = 1_000_000;

pub fn shot_command(args: &ShotArgs) -> Result<(), Failure> {
    let seed = spec::parse_seed(&args.seed)?;
    let index = spec::parse_bounded("index", &args.index, 0, MAX_SHOT_INDEX)?;
    let count = spec::parse_bounded("count", &args.count, 1, MAX_COUNT)?;
    let window_workers = spec::parse_workers("window-workers", &args.window_workers)?;
    let flips = args
        .flip
        .iter()
        .map(|text| HandError::parse(text))
        .collect::<surfacelab::Result<Vec<_>>>()?;
    if index + count - 1 > MAX_SHOT_INDEX {
        return Err(Failure::Input(format!(
            "index + count - 1 must be at most {MAX_SHOT_INDEX} (2^53 - 1), got {}",
            index as u128 + count as u128 - 1
        )));
    }
    let mut explorer = explorer_of(args, window_workers)?;
    let decoder = explorer.decoder();
    if args.geometry {
        let geometry = explorer
            .geometry()
            .map_err(|error| match &args.task.circuit {
                Some(path) => in_file(path)(error),
                None => error.into(),
            })?;
        let geometry = serde_json::to_string(&geometry)
            .map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))?;
        return write_output(None, &format!("{geometry}\n"));
    }
    let mut out = String::new();
    let mut wrong = 0u64;
    for k in index..index + count {
        let shot = explorer.explain(seed, k, &flips, decoder)?;
        wrong += u64::from(!shot.correct);
        if args.json {
            let line = serde_json::to_string(&shot)
                .map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))?;
            out.push_str(&line);
            out.push('\n');
        } else {
            out.push_str(&summary(&shot));
        }
        // Long runs print as they go rather than holding every shot.
        if out.len() > 1 << 20 {
            write_output(None, &out)?;
            out.clear();
        }
    }
    if !args.json && count > 1 {
        out.push_str(&format!(
            "{wrong} of {count} shots predicted wrongly by {}\n",
            explorer.decoder_name()
        ));
    }
    write_output(None, &out)
}

/// The explorer of the generated memory the flags describe, or of `--circuit FILE.stim`
/// (errors about the circuit name the file).
fn explorer_of(args: &ShotArgs, window_workers: u32) -> Result<ShotExplorer, Failure> {
    let Some(path) = &args.task.circuit else {
        let spec = args.task.one_spec(&tasks::SHOT)?;
        crate::run_collect::check_memory(&[spec], 1, false)?;
        return Ok(ShotExplorer::new(spec, window_workers)?);
    };
    let choice = circuit_choice(&args.task, &tasks::SHOT)?.expect("--circuit was given");
    if !args.flip.is_empty() {
        return Err(Failure::Input(
            "--flip needs a generated memory (hand-made errors are placed by round on its data \
             and measure qubits); drop it with --circuit"
                .into(),
        ));
    }
    ShotExplorer::from_circuit(
        &choice.text,
        choice.decoder,
        choice.window,
        choice.correlated,
        window_workers,
    )
    .map_err(in_file(path))
}

/// A few human-readable lines about one shot.
fn summary(shot: &ShotExplanation) -> String {
    let verdict = if shot.correct { "right" } else { "WRONG" };
    let mut text = format!(
        "shot {}: {} detection events, {} fired errors, observable flips {}, {} predicts {} ({verdict}), weight {:.3}, {} path edges\n",
        shot.index,
        shot.detection_events.len(),
        shot.fired_errors.len(),
        shot.observable_flips,
        shot.decoder,
        shot.prediction,
        shot.weight,
        shot.path_edges.len()
    );
    for window in shot.windows.iter().flatten() {
        text.push_str(&format!(
            "  window {} layers [{}, {}) commits [{}, {}) thread {}: {} defects ({} artificial), weight {:.3}\n",
            window.layer,
            window.start,
            window.end,
            window.commit_start,
            window.commit_end,
            window.thread,
            window.defects.len(),
            window.artificial_defects.len(),
            window.weight
        ));
    }
    text
}
