//! Decoding while the memory runs (`surfacelab::realtime`): window by window on real threads
//! as the clock allows gives exactly the predictions of decoding the whole memory at once, and
//! `surfacelab stream` reports the backlog and refuses what it cannot do.

mod cli_common;

use cli_common::{assert_rejected, stdout, surfacelab};
use std::time::Instant;
use surfacelab::circuit::{Basis, NoiseParams};
use surfacelab::collect::PreparedTask;
use surfacelab::ints::BLOCK_SHOTS;
use surfacelab::realtime::{spawn_on_pool, LiveDecoder, LiveEnv, SyndromeClock};
use surfacelab::sample::ShotBatch;
use surfacelab::spec::{DecoderKind, NoiseModel, TaskSpec, WindowRounds};

#[test]
fn live_decoding_predicts_what_whole_memory_decoding_predicts() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64();
    let wait_until = |_t: f64| std::thread::yield_now();
    let spawn = |threads: u32, body: &(dyn Fn() + Sync)| spawn_on_pool(Some(&pool), threads, body);
    let env = LiveEnv {
        now: &now,
        wait_until: &wait_until,
        spawn: &spawn,
    };
    for (decoder, basis, c, w) in [
        (DecoderKind::ParallelWindow, Basis::Z, 3, 2),
        (DecoderKind::ParallelWindow, Basis::X, 5, 5),
        (DecoderKind::Sliding, Basis::Z, 4, 3),
    ] {
        let task = PreparedTask::prepare(TaskSpec {
            code: surfacelab::circuit::CodeFamily::Rotated,
            distance: 5,
            rounds: 40,
            basis,
            noise: NoiseModel::Stim(NoiseParams::uniform(0.008)),
            decoder,
            window: Some(WindowRounds {
                commit: c,
                buffer: w,
            }),
            correlated: false,
        })
        .unwrap();
        let mut whole = task.new_decoder(None).unwrap();
        let mut live = LiveDecoder::new(&task).unwrap();
        let mut batch = ShotBatch::default();
        task.whole()
            .unwrap()
            .sampler
            .sample_block(3, &task.sample_key, 0, BLOCK_SHOTS, &mut batch);
        let mut defects = Vec::new();
        for shot in 0..300 {
            batch.defects_into(shot, &mut defects);
            // A fast clock (every round at once) and a slow one (windows wait for rounds).
            let rate = if shot % 50 == 0 { 20_000.0 } else { 1e12 };
            let clock = SyndromeClock {
                round_rate: rate,
                rounds: 40,
            };
            let (prediction, timeline) = live.decode(&defects, clock, 3, &env);
            assert_eq!(
                prediction,
                whole.decode(&defects),
                "{} shot {shot}",
                decoder.name()
            );
            assert_eq!(timeline.commits.len(), timeline.latencies.len());
            assert_eq!(timeline.commits.last().unwrap().committed_rounds, 40);
            if rate < 1e6 {
                assert!(
                    timeline.finished_at >= 40.0 / rate,
                    "the last window waits for its rounds"
                );
            }
        }
    }
}

#[test]
fn stream_reports_the_backlog_as_json() {
    let out = stdout(&surfacelab(&[
        "stream",
        "--distance",
        "3",
        "--rounds",
        "60",
        "--p",
        "0.005",
        "--decoder",
        "sliding",
        "--round-rate",
        "100000",
        "--shots",
        "3",
        "--json",
    ]));
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    for key in [
        "round_rate",
        "rounds",
        "max_backlog_rounds",
        "mid_backlog_rounds",
        "final_backlog_rounds",
        "sustainable_round_rate",
        "latency_p50_ms",
        "latency_p95_ms",
        "latency_max_ms",
        "window_workers",
    ] {
        assert!(report.get(key).is_some(), "{key} missing in {out}");
    }
    assert_eq!(report["round_rate"], 100000.0);
    assert_eq!(report["rounds"], 60);
    assert_eq!(report["shots"], 3);
    assert!(report["sustainable_round_rate"].as_f64().unwrap() > 0.0);
    let max = report["max_backlog_rounds"].as_u64().unwrap();
    assert!(max >= report["final_backlog_rounds"].as_u64().unwrap());
    assert!(max <= 60);
}

#[test]
fn stream_refuses_bad_input() {
    let task = ["stream", "--distance", "3", "--rounds", "9"];
    let with = |extra: &[&'static str]| {
        let mut args = task.to_vec();
        args.extend_from_slice(extra);
        args
    };
    for rate in ["0", "-5", "NaN", "abc", "inf"] {
        assert_rejected(
            &with(&["--round-rate", rate]),
            &[
                "round-rate must be a number of rounds per second from 0.001 to 1e12",
                &format!("got {rate}"),
            ],
        );
    }
    for decoder in ["global", "independent-windows"] {
        assert_rejected(
            &with(&["--decoder", decoder]),
            &[
                "decoder must be sliding or parallel-window",
                &format!("got {decoder}"),
            ],
        );
    }
    assert_rejected(
        &["stream", "--distance", "3", "--rounds", "1000001"],
        &["rounds must be an integer from 1 to", "got 1000001"],
    );
    assert_rejected(
        &with(&["--shots", "0"]),
        &["shots must be an integer from 1 to 1000, got 0"],
    );
}
