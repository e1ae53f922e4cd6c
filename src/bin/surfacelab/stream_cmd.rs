//! `surfacelab stream`: one long memory decoded while its rounds arrive at a set rate, with
//! the backlog, the window latency and the sustainable rate ([`surfacelab::realtime`]). The
//! clock and the threads live here; the scheduling and accounting in the core.

use crate::args::StreamArgs;
use crate::run_collect::{check_memory, window_pool};
use crate::{tasks, write_output, Failure};
use std::time::{Duration, Instant};
use surfacelab::collect::PreparedTask;
use surfacelab::realtime::{
    check_live_decoder, parse_round_rate, run_stream, spawn_on_pool, LiveEnv, StreamReport,
    StreamSettings, MAX_STREAM_SHOTS,
};
use surfacelab::spec;

pub fn stream_command(args: &StreamArgs) -> Result<(), Failure> {
    let spec = args.task.one_spec(&tasks::STREAM)?;
    let seed = spec::parse_seed(&args.seed)?;
    let window_workers = spec::parse_workers("window-workers", &args.window_workers)?;
    let shots = spec::parse_bounded("shots", &args.shots, 1, MAX_STREAM_SHOTS)?;
    let round_rate = args
        .round_rate
        .as_deref()
        .map(parse_round_rate)
        .transpose()?;
    check_live_decoder(spec.decoder)?;
    check_memory(&[spec], 1, false)?;
    let task = PreparedTask::prepare(spec)?;
    let pool = window_pool(window_workers)?;
    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64();
    let wait_until = move |t: f64| {
        let left = t - now();
        if left > 3e-4 {
            std::thread::sleep(Duration::from_secs_f64(left - 2e-4));
        } else {
            std::hint::spin_loop();
        }
    };
    let spawn = |threads: u32, body: &(dyn Fn() + Sync)| {
        // Without a pool of its own (a = 1) everything runs on this thread.
        let threads = if pool.is_some() { threads } else { 1 };
        spawn_on_pool(pool.as_deref(), threads, body)
    };
    let env = LiveEnv {
        now: &now,
        wait_until: &wait_until,
        spawn: &spawn,
    };
    let settings = StreamSettings {
        round_rate,
        shots,
        window_workers,
        seed,
    };
    let report = run_stream(&task, settings, &env)?;
    let text = if args.json {
        serde_json::to_string(&report)
            .map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))?
            + "\n"
    } else {
        summary(&report)
    };
    write_output(None, &text)
}

fn summary(report: &StreamReport) -> String {
    format!(
        "stream {} d = {}, r = {}, c = {}, w = {}, a = {}: {} memory(ies) at {:.0} rounds/s\n\
         backlog: max {} rounds, {} when the middle round arrived, {} when the last arrived ({})\n\
         window latency: median {:.3} ms, p95 {:.3} ms, max {:.3} ms\n\
         sustainable rate: {:.0} rounds/s ({:.2} µs a round); logical errors: {}\n",
        report.decoder,
        report.distance,
        report.rounds,
        report.commit_rounds,
        report.buffer_rounds,
        report.window_workers,
        report.shots,
        report.round_rate,
        report.max_backlog_rounds,
        report.mid_backlog_rounds,
        report.final_backlog_rounds,
        if report.keeps_up {
            "keeps up"
        } else {
            "falls behind"
        },
        report.latency_p50_ms,
        report.latency_p95_ms,
        report.latency_max_ms,
        report.sustainable_round_rate,
        1e6 / report.sustainable_round_rate,
        report.errors
    )
}
