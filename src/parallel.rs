//! The a × b plan: concurrency, zone, windows per shot and the seed's recommendation.
//!
//! a = window threads per decoder (WINDOW_PARALLEL_WORKERS), b = shot workers (NUM_WORKERS).
//! One function, used by the CLI (`plan`, `collect`) and the page alike.

use crate::spec::DecoderKind;
use crate::window::independent::independent_window_count;
use crate::window::plan::{parallel_window_count, sliding_window_count};
use serde::Serialize;

/// How a × b compares with the hardware threads N.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Zone {
    /// a × b ≤ N.
    #[serde(rename = "optimal")]
    Optimal,
    /// N < a × b ≤ 2N.
    #[serde(rename = "acceptable")]
    Acceptable,
    /// a × b > 2N: context switching overhead.
    #[serde(rename = "too many")]
    TooMany,
}

impl Zone {
    /// `optimal`, `acceptable` or `too many`.
    pub fn name(self) -> &'static str {
        match self {
            Zone::Optimal => "optimal",
            Zone::Acceptable => "acceptable",
            Zone::TooMany => "too many",
        }
    }

    /// The zone of a concurrency on `hardware_threads` threads.
    pub fn of(concurrency: u64, hardware_threads: u32) -> Zone {
        let n = hardware_threads.max(1) as u64;
        if concurrency <= n {
            Zone::Optimal
        } else if concurrency <= 2 * n {
            Zone::Acceptable
        } else {
            Zone::TooMany
        }
    }
}

/// What the planner is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanInput {
    /// Window threads a.
    pub window_workers: u32,
    /// Shot workers b.
    pub shot_workers: u32,
    /// Hardware threads N.
    pub hardware_threads: u32,
    /// The decoder.
    pub decoder: DecoderKind,
    /// Code distance d.
    pub distance: u32,
    /// Rounds r.
    pub rounds: u32,
    /// Commit rounds c (windowed decoders).
    pub commit_rounds: u32,
    /// Buffer rounds w (windowed decoders).
    pub buffer_rounds: u32,
}

/// The planner's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// Nominal a × b (even where a is unused).
    pub concurrency: u64,
    /// Zone of the concurrency.
    pub zone: Zone,
    /// Windows per shot.
    pub windows_per_shot: u64,
    /// True when a > 1 cannot help (global or sliding decoder, or one window per shot).
    pub window_workers_unused: bool,
    /// The recommended a.
    pub recommended_window_workers: u32,
    /// The reason, in one sentence.
    pub reason: String,
}

/// Windows per shot of a decoder on a memory of `rounds` rounds.
pub fn windows_per_shot(decoder: DecoderKind, rounds: u32, commit: u32, buffer: u32) -> u64 {
    let layers = rounds + 1;
    match decoder {
        DecoderKind::Global => 1,
        DecoderKind::Sliding => sliding_window_count(layers, commit.max(1), buffer),
        DecoderKind::ParallelWindow => parallel_window_count(layers, commit.max(1), buffer),
        DecoderKind::IndependentWindows => independent_window_count(rounds, commit),
    }
}

/// Plans a × b for the seed's question: how many threads, and is a > 1 worth it here?
pub fn plan(input: &PlanInput) -> Plan {
    let (a, b, n) = (
        input.window_workers as u64,
        input.shot_workers.max(1) as u64,
        input.hardware_threads.max(1) as u64,
    );
    let concurrency = a * b;
    let zone = Zone::of(concurrency, input.hardware_threads);
    let windows = windows_per_shot(
        input.decoder,
        input.rounds,
        input.commit_rounds,
        input.buffer_rounds,
    );
    // The seed's rule counts its own independent windows as parallel too.
    let parallel_decoder = matches!(
        input.decoder,
        DecoderKind::ParallelWindow | DecoderKind::IndependentWindows
    );
    // Ours decodes them one after another on one matcher, as the seed's GIL-bound threads do.
    let threads_used = input.decoder == DecoderKind::ParallelWindow;
    let spare_per_worker = n / b;
    let recommended = if parallel_decoder && windows > 20 && spare_per_worker >= 2 {
        spare_per_worker.min(64).min(1024 / b) as u32
    } else {
        1
    };
    let reason = if parallel_decoder && !threads_used && recommended > 1 {
        format!(
            "The seed's rule says a = {recommended} ({windows} windows per shot), but independent-windows decodes its windows one after another with one matcher (as the seed's threads do under the GIL), so a is unused here."
        )
    } else if !parallel_decoder {
        format!(
            "Keep a = 1: the {} decoder decodes a shot in one thread, so window threads would sit idle.",
            input.decoder.name()
        )
    } else if windows <= 20 {
        format!(
            "Keep a = 1: {windows} window(s) per shot is too few (the seed's rule needs more than 20) to pay for threads; use the cores for shot workers b."
        )
    } else if spare_per_worker < 2 {
        format!(
            "Keep a = 1: with b = {b} shot workers on {n} hardware threads there is no spare core per worker for window threads."
        )
    } else {
        format!(
            "Use a = {recommended}: {windows} windows per shot and {spare_per_worker} hardware threads per shot worker, so window threads cut each shot's latency."
        )
    };
    Plan {
        concurrency,
        zone,
        windows_per_shot: windows,
        window_workers_unused: !threads_used || windows == 1,
        recommended_window_workers: recommended,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(a: u32, b: u32, decoder: DecoderKind, d: u32, r: u32) -> PlanInput {
        PlanInput {
            window_workers: a,
            shot_workers: b,
            hardware_threads: 2,
            decoder,
            distance: d,
            rounds: r,
            commit_rounds: d,
            buffer_rounds: d,
        }
    }

    #[test]
    fn zones() {
        assert_eq!(Zone::of(2, 2), Zone::Optimal);
        assert_eq!(Zone::of(4, 2), Zone::Acceptable);
        assert_eq!(Zone::of(6, 2), Zone::TooMany);
    }

    #[test]
    fn recommendation_follows_the_seed() {
        let long = plan(&input(1, 1, DecoderKind::ParallelWindow, 9, 450));
        assert_eq!(long.windows_per_shot, 33);
        assert_eq!(long.recommended_window_workers, 2);
        let short = plan(&input(2, 1, DecoderKind::ParallelWindow, 5, 5));
        assert_eq!(short.recommended_window_workers, 1);
        assert!(short.window_workers_unused);
        let busy = plan(&input(1, 2, DecoderKind::ParallelWindow, 9, 450));
        assert_eq!(busy.recommended_window_workers, 1);
        let independent = plan(&input(1, 1, DecoderKind::IndependentWindows, 9, 450));
        assert_eq!(independent.windows_per_shot, 50);
        assert_eq!(independent.recommended_window_workers, 2);
        assert!(independent.window_workers_unused);
        let global = plan(&input(3, 2, DecoderKind::Global, 9, 450));
        assert_eq!((global.concurrency, global.zone), (6, Zone::TooMany));
        assert!(global.window_workers_unused);
    }
}
