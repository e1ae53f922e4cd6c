//! `surfacelab fit --csv FILE [--per-round] [--json]`: the threshold estimate of any sinter
//! CSV (ours or sinter's own), from the core's analysis (`surfacelab::analysis`): rows of the
//! same task merged as `combine` merges them, grouped into curves by identity, and the
//! crossing of each family's adjacent distances with its bootstrap interval.

use crate::{read_text, write_output, Failure};
use clap::Args;
use serde_json::{json, Value};
use surfacelab::analysis::{
    crossing_json, crossings, describe_crossing, group_curves, Crossing, Grouping, Per,
};
use surfacelab::collect::stats::{task_rates, RateFit};
use surfacelab::collect::{combine, read_csv, CsvRow};

#[derive(Debug, Args)]
pub struct FitArgs {
    /// A sinter CSV file (ours or sinter's).
    #[arg(long)]
    pub csv: std::path::PathBuf,
    /// Estimate on the logical error rate per round instead of per shot.
    #[arg(long)]
    pub per_round: bool,
    /// Print a JSON list of {group, distances, p, low, high, ...} instead of words.
    #[arg(long)]
    pub json: bool,
    /// Print each row instead (JSON lines: curve identity, shots, errors and sinter's
    /// likelihood-ratio-1000 fits per shot and per round), after merging rows of one task.
    #[arg(long)]
    pub rows: bool,
}

/// One JSON line per row: its identity and sinter's fits.
fn rows_text(rows: &[CsvRow], grouping: &Grouping) -> String {
    let fit = |f: RateFit| json!({ "low": f.low, "best": f.best, "high": f.high });
    let mut text = String::new();
    for (row, identity) in rows.iter().zip(&grouping.identities) {
        let rates = task_rates(row.shots, row.errors, identity.rounds);
        let line = json!({
            "curve": identity.curve_key,
            "p": identity.p,
            "shots": row.shots,
            "errors": row.errors,
            "per_shot": fit(rates.per_shot),
            "per_round": fit(rates.per_round),
        });
        text.push_str(&format!("{line}\n"));
    }
    text
}

/// The family's identity in words: `b = Z, decoder = pymatching, r = 1d`.
pub fn family_words(crossing: &Crossing) -> String {
    crossing
        .family
        .iter()
        .map(|(key, value)| match value {
            Value::String(text) => format!("{key} = {text}"),
            other => format!("{key} = {other}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The crossings as words, one per line, each after its family; notes on rows last.
pub fn crossings_text(found: &[Crossing], notes: &[String]) -> String {
    let mut text = String::new();
    if found.is_empty() {
        text.push_str("no two adjacent distances of one family share two p values\n");
    }
    for crossing in found {
        text.push_str(&format!(
            "{}: {}\n",
            family_words(crossing),
            describe_crossing(crossing)
        ));
    }
    for note in notes {
        text.push_str(&format!("note: {note}\n"));
    }
    text
}

/// Runs `fit`.
pub fn fit_command(args: &FitArgs) -> Result<(), Failure> {
    let text = read_text(&args.csv)?;
    let rows =
        read_csv(&text).map_err(|e| Failure::Input(format!("{}: {e}", args.csv.display())))?;
    // The core's merge rule: a row repeated in the file is counted once (and said so); rows
    // holding the same shots otherwise are refused.
    let combined =
        combine(rows).map_err(|e| Failure::Input(format!("{}: {e}", args.csv.display())))?;
    for why in &combined.repeats {
        eprintln!("surfacelab: {}: {why}", args.csv.display());
    }
    let rows = combined.rows;
    let grouping = group_curves(&rows);
    if args.rows {
        return write_output(None, &rows_text(&rows, &grouping));
    }
    let per = if args.per_round {
        Per::Round
    } else {
        Per::Shot
    };
    let found = crossings(&grouping.curves, per);
    if args.json {
        let list: Vec<Value> = found.iter().map(crossing_json).collect();
        let json = serde_json::to_string_pretty(&list).unwrap_or_default();
        write_output(None, &format!("{json}\n"))
    } else {
        write_output(None, &crossings_text(&found, &grouping.notes))
    }
}
