//! `surfacelab threshold`: the seed's threshold experiment with its defaults (d = 29, 31, 33;
//! r = 3; six p values; b = min(N, 64)), run by the collect driver, written as sinter CSV
//! (`stats.csv`), a JSON summary (`summary.json`) and a log-log plot (`threshold.svg`), with
//! the threshold estimate of the core's analysis (`surfacelab fit`'s numbers) printed, in the
//! summary and drawn on the plot.

use crate::args::ThresholdArgs;
use crate::run_collect::{run_settings, run_tasks, RunOutcome, RunSettings};
use crate::tasks::THRESHOLD;
use crate::threshold_plot::{threshold_svg, PlotPoint};
use crate::{write_output, Failure};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use surfacelab::analysis::{crossing_json, crossings, group_curves, Crossing, Grouping, Per};
use surfacelab::collect::seed_rule::seed_limits;
use surfacelab::collect::stats::{task_rates, RateFit};
use surfacelab::collect::{csv_row, write_csv, CsvRow, Limits, PreparedTask, ShotSource};
use surfacelab::spec::{self, Shard, TaskSpec};

/// Defaults of `--stop fixed`.
const FIXED_MAX_SHOTS: u64 = 100_000;
const FIXED_MAX_ERRORS: u64 = 1_000;

/// How each task's max_shots and max_errors are chosen.
enum StopRule {
    /// The same limits for every task.
    Fixed { max_shots: u64, max_errors: u64 },
    /// The seed's per-task rule; a flag given overrides its part of the rule.
    Seed {
        max_shots: Option<u64>,
        max_errors: Option<u64>,
    },
}

impl StopRule {
    fn parse(args: &ThresholdArgs) -> Result<StopRule, Failure> {
        let count = |name: &str, text: &Option<String>| {
            text.as_deref()
                .map(|text| spec::parse_count(name, text))
                .transpose()
        };
        let max_shots = count("max-shots", &args.max_shots)?;
        let max_errors = count("max-errors", &args.max_errors)?;
        match args.stop.trim() {
            "fixed" => Ok(StopRule::Fixed {
                max_shots: max_shots.unwrap_or(FIXED_MAX_SHOTS),
                max_errors: max_errors.unwrap_or(FIXED_MAX_ERRORS),
            }),
            "seed" => Ok(StopRule::Seed {
                max_shots,
                max_errors,
            }),
            other => Err(Failure::from(surfacelab::Error::parameter(
                "stop",
                other,
                "fixed (--max-shots, --max-errors) or seed (the seed's rule per task)",
            ))),
        }
    }

    fn limits(&self, p: f64, rounds: u32) -> Limits {
        let (max_shots, max_errors) = match *self {
            StopRule::Fixed {
                max_shots,
                max_errors,
            } => (max_shots, max_errors),
            StopRule::Seed {
                max_shots,
                max_errors,
            } => {
                let rule = seed_limits(p, rounds);
                (
                    max_shots.unwrap_or(rule.max_shots),
                    max_errors.unwrap_or(rule.max_errors),
                )
            }
        };
        Limits {
            max_shots,
            max_errors: Some(max_errors),
            shard: Shard::WHOLE,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            StopRule::Fixed { .. } => "fixed",
            StopRule::Seed { .. } => "seed",
        }
    }
}

/// The task's p as its metadata states it (`p`, or `p_clifford` when the four differ).
fn task_p(task: &PreparedTask) -> f64 {
    let metadata: Value = serde_json::from_str(&task.metadata).unwrap_or(Value::Null);
    metadata
        .get("p")
        .or_else(|| metadata.get("p_clifford"))
        .and_then(Value::as_f64)
        .unwrap_or(f64::NAN)
}

/// `threshold-YYYYMMDD-HHMMSS` in UTC.
fn default_out_dir() -> PathBuf {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, time) = (seconds / 86_400, seconds % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    PathBuf::from(format!(
        "threshold-{year:04}{month:02}{day:02}-{:02}{:02}{:02}",
        time / 3600,
        time / 60 % 60,
        time % 60
    ))
}

fn fit_json(fit: &RateFit) -> Value {
    json!({ "low": fit.low, "best": fit.best, "high": fit.high })
}

/// The JSON summary: configuration, timing, and per task counts and rates.
fn summary_json(
    args: &ThresholdArgs,
    rule: &StopRule,
    settings: &RunSettings,
    hardware: u32,
    tasks: &[PreparedTask],
    limits: &[Limits],
    outcome: &RunOutcome,
) -> Value {
    let rows: Vec<Value> = tasks
        .iter()
        .zip(limits)
        .enumerate()
        .map(|(i, (task, limit))| {
            let tally = &outcome.tallies[i];
            let rates = task_rates(tally.shots, tally.errors, task.spec.rounds);
            let seconds = outcome.task_seconds[i];
            json!({
                "metadata": serde_json::from_str::<Value>(&task.metadata).unwrap_or(Value::Null),
                "decoder": task.spec.decoder_name(),
                "strong_id": task.strong_id,
                "d": task.spec.distance,
                "r": task.spec.rounds,
                "p": task_p(task),
                "max_shots": limit.max_shots,
                "max_errors": limit.max_errors,
                "shots": tally.shots,
                "errors": tally.errors,
                "seconds": seconds,
                "worker_seconds": tally.seconds,
                "shots_per_second": if seconds > 0.0 { tally.shots as f64 / seconds } else { 0.0 },
                "cut_by_time": outcome.cut_by_time[i],
                "per_shot": fit_json(&rates.per_shot),
                "per_round": fit_json(&rates.per_round),
            })
        })
        .collect();
    // The flags as given, with threshold's defaults (it has one for every flag).
    let lists = args.task.lists(&THRESHOLD).ok();
    json!({
        "configuration": {
            "distances": lists.as_ref().map(|l| l.distances),
            "rounds": lists.as_ref().map(|l| l.rounds),
            "p": lists.as_ref().map(|l| l.p),
            "basis": lists.as_ref().map(|l| l.basis),
            "decoder": lists.as_ref().map(|l| l.decoder),
            "window": tasks.first().and_then(|t| t.spec.window).map(|w| json!({
                "commit_rounds": w.commit,
                "buffer_rounds": w.buffer,
            })),
            "stop": rule.name(),
            "max_seconds": settings.max_seconds,
            "workers": settings.workers,
            "window_workers": settings.window_workers,
            "hardware_threads": hardware,
            "batch_blocks": settings.batch_blocks,
            "seed": settings.seed.to_string(),
            "per": args.per,
        },
        "wall_seconds": outcome.wall_seconds,
        "cpu_seconds": outcome.cpu_seconds,
        "worker_seconds": outcome.tallies.iter().map(|t| t.seconds).sum::<f64>(),
        "interrupted": outcome.interrupted,
        "reproducible_from_seed": !outcome.interrupted && !outcome.cut_by_time.contains(&true),
        "tasks": rows,
    })
}

/// The plot's points: each row's rate per round or per shot, on its curve (the core's
/// grouping, named by its legend).
fn plot_points(rows: &[CsvRow], grouping: &Grouping, per_round: bool) -> Vec<PlotPoint> {
    grouping
        .curves
        .iter()
        .flat_map(|curve| {
            curve.points.iter().map(|point| {
                let rates = task_rates(point.shots, point.errors, point.rounds);
                PlotPoint {
                    series: curve.legend.clone(),
                    p: point.p,
                    rate: if per_round {
                        rates.per_round
                    } else {
                        rates.per_shot
                    },
                    shots: rows[point.row].shots,
                }
            })
        })
        .collect()
}

fn write_file(dir: &Path, name: &str, text: &str) -> Result<PathBuf, Failure> {
    let path = dir.join(name);
    write_output(Some(&path), text)?;
    Ok(path)
}

/// Runs `threshold`.
pub fn threshold_command(args: &ThresholdArgs) -> Result<(), Failure> {
    let lists = args.task.lists(&THRESHOLD)?;
    let specs: Vec<TaskSpec> = args.task.specs(&THRESHOLD)?;
    let rule = StopRule::parse(args)?;
    let max_seconds = args
        .max_seconds
        .as_deref()
        .map(|text| spec::parse_max_seconds("max-seconds", text))
        .transpose()?;
    let per_round = match args.per.trim() {
        "round" => true,
        "shot" => false,
        other => {
            return Err(Failure::from(surfacelab::Error::parameter(
                "per",
                other,
                "round or shot",
            )))
        }
    };
    let (mut settings, hardware) = run_settings(&args.run)?;
    settings.max_seconds = max_seconds;
    crate::run_collect::check_memory(&specs, settings.workers, true)?;
    let out_dir = args.out_dir.clone().unwrap_or_else(default_out_dir);
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| Failure::Io(format!("cannot create {}: {e}", out_dir.display())))?;
    eprintln!(
        "surfacelab: threshold: {} tasks, stop rule {}, b = {} shot workers x a = {} window threads on {hardware} hardware threads, writing to {}",
        specs.len(),
        rule.name(),
        settings.workers,
        settings.window_workers,
        out_dir.display()
    );
    let tasks = specs
        .into_iter()
        .map(|spec| PreparedTask::prepare_with(spec, true))
        .collect::<Result<Vec<_>, _>>()?;
    let limits: Vec<Limits> = tasks
        .iter()
        .map(|task| rule.limits(task_p(task), task.spec.rounds))
        .collect();
    let outcome = run_tasks(&tasks, limits.clone(), &settings);
    let rows: Vec<_> = tasks
        .iter()
        .zip(&outcome.tallies)
        .zip(&limits)
        .map(|((task, tally), limits)| {
            let source = ShotSource {
                seed: settings.seed,
                shard: limits.shard,
            };
            csv_row(task, tally, source)
        })
        .collect();
    let csv_path = write_file(&out_dir, "stats.csv", &write_csv(&rows))?;
    let grouping = group_curves(&rows);
    let per = if per_round { Per::Round } else { Per::Shot };
    let found: Vec<Crossing> = crossings(&grouping.curves, per);
    let mut summary = summary_json(args, &rule, &settings, hardware, &tasks, &limits, &outcome);
    summary["crossings"] = Value::Array(found.iter().map(crossing_json).collect());
    let json_path = write_file(
        &out_dir,
        "summary.json",
        &format!(
            "{}\n",
            serde_json::to_string_pretty(&summary).unwrap_or_default()
        ),
    )?;
    let title = format!(
        "{} decoder, r = {}: logical error rate per {}",
        tasks.first().map_or("", |t| t.spec.decoder_name()),
        lists.rounds.trim(),
        if per_round { "round" } else { "shot" }
    );
    let points = plot_points(&rows, &grouping, per_round);
    let svg = threshold_svg(&points, &found, per_round, &title)
        .map_err(|e| Failure::Io(format!("cannot draw the plot: {e}")))?;
    let svg_path = write_file(&out_dir, "threshold.svg", &svg)?;
    for (task, tally) in tasks.iter().zip(&outcome.tallies) {
        let rates = task_rates(tally.shots, tally.errors, task.spec.rounds);
        let rate = if per_round {
            rates.per_round
        } else {
            rates.per_shot
        };
        eprintln!(
            "surfacelab: d = {:>3} p = {:<8} shots {:>10} errors {:>7}  LER {:.3e} [{:.3e}, {:.3e}]",
            task.spec.distance,
            task_p(task),
            tally.shots,
            tally.errors,
            rate.best,
            rate.low,
            rate.high
        );
    }
    for line in crate::fit_cmd::crossings_text(&found, &grouping.notes).lines() {
        eprintln!("surfacelab: threshold: {line}");
    }
    eprintln!(
        "surfacelab: wrote {}, {} and {} ({:.1} s wall, {} CPU)",
        csv_path.display(),
        json_path.display(),
        svg_path.display(),
        outcome.wall_seconds,
        outcome
            .cpu_seconds
            .map_or("unknown".to_string(), |cpu| format!("{cpu:.1} s"))
    );
    if outcome.interrupted {
        eprintln!("surfacelab: stopped; wrote the finished prefix of every task");
    }
    outcome
        .error
        .map_or(Ok(()), |error| Err(Failure::from(error)))
}
