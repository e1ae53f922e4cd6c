//! `surfacelab plan`: the a × b plan for a decoder and memory, as text or JSON.

use crate::args::PlanArgs;
use crate::run_collect::{hardware_threads, worker_count};
use crate::{write_output, Failure};
use surfacelab::parallel::{plan, PlanInput};
use surfacelab::spec::{self, DecoderKind, RoundsSpec};

/// Runs `plan`.
pub fn plan_command(args: &PlanArgs) -> Result<(), Failure> {
    let hardware = match &args.threads {
        Some(text) => spec::parse_bounded("threads", text, 1, 65_536)? as u32,
        None => hardware_threads(),
    };
    let workers = worker_count("--workers", &args.workers, "NUM_WORKERS", hardware.min(64))?;
    let window_workers = worker_count(
        "--window-workers",
        &args.window_workers,
        "WINDOW_PARALLEL_WORKERS",
        1,
    )?;
    spec::check_concurrency(window_workers, workers)?;
    let decoder = DecoderKind::parse(&args.decoder)?;
    let distance = spec::parse_distance(&args.distance)?;
    let rounds = RoundsSpec::parse(&args.rounds)?.resolve(distance)?;
    let window = args.window.resolve(decoder, distance, rounds)?;
    let input = PlanInput {
        window_workers,
        shot_workers: workers,
        hardware_threads: hardware,
        decoder,
        distance,
        rounds,
        commit_rounds: window.commit,
        buffer_rounds: window.buffer,
    };
    let plan = plan(&input);
    let text = if args.json {
        let mut value = serde_json::to_value(&plan).map_err(|e| Failure::Io(e.to_string()))?;
        if let Some(object) = value.as_object_mut() {
            object.insert("window_workers".into(), window_workers.into());
            object.insert("workers".into(), workers.into());
            object.insert("hardware_threads".into(), hardware.into());
        }
        format!("{value}\n")
    } else {
        format!(
            "a (window threads) x b (shot workers) = {window_workers} x {workers} = {}\n\
             hardware threads N: {hardware}\n\
             zone: {} (optimal <= {hardware}, acceptable <= {}, too many above)\n\
             windows per shot: {}{}\n\
             recommended a: {}\n\
             {}\n",
            plan.concurrency,
            plan.zone.name(),
            2 * hardware,
            plan.windows_per_shot,
            if plan.window_workers_unused {
                " (a unused)"
            } else {
                ""
            },
            plan.recommended_window_workers,
            plan.reason
        )
    };
    write_output(None, &text)
}
