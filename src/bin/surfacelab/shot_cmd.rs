//! `surfacelab shot`: one shot (or N consecutive ones) explained by the core's
//! [`ShotExplorer`]: detection events, fired errors, the decoder's matching and its windows.

use crate::args::ShotArgs;
use crate::{tasks, write_output, Failure};
use surfacelab::shot::flip::HandError;
use surfacelab::shot::{ShotExplanation, ShotExplorer, MAX_SHOT_INDEX};
use surfacelab::spec;

/// Most shots one `shot` command explains.
const MAX_COUNT: u64 = 1_000_000;

pub fn shot_command(args: &ShotArgs) -> Result<(), Failure> {
    let spec = args.task.one_spec(&tasks::SHOT)?;
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
    crate::run_collect::check_memory(&[spec], 1, false)?;
    let mut explorer = ShotExplorer::new(spec, window_workers)?;
    if args.geometry {
        let geometry = serde_json::to_string(&explorer.geometry()?)
            .map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))?;
        return write_output(None, &format!("{geometry}\n"));
    }
    let mut out = String::new();
    let mut wrong = 0u64;
    for k in index..index + count {
        let shot = explorer.explain(seed, k, &flips, spec.decoder)?;
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
            spec.decoder_name()
        ));
    }
    write_output(None, &out)
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
