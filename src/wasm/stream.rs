//! The realtime view's data: one memory decoded while its rounds arrive, in a worker whose
//! rayon pool holds the a window threads ([`crate::realtime`]). The clock is the page's own
//! (`performance.timeOrigin + performance.now()`, the same origin on every thread).

use super::task::TaskParams;
use super::{js_error, to_js};
use crate::collect::PreparedTask;
use crate::realtime::{
    check_live_decoder, parse_round_rate, run_stream, spawn_on_pool, LiveEnv, StreamSettings,
};
use crate::spec;
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

/// Seconds since the epoch on this thread's clock, comparable across the page's workers.
fn now_seconds() -> f64 {
    let performance = Reflect::get(&js_sys::global(), &"performance".into()).unwrap_or_default();
    let origin = Reflect::get(&performance, &"timeOrigin".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let now = Reflect::get(&performance, &"now".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call0(&performance).ok())
        .and_then(|v| v.as_f64());
    match now {
        Some(now) => (origin + now) / 1e3,
        None => js_sys::Date::now() / 1e3,
    }
}

/// Waits about `seconds`: window threads are Web Workers, which may block, so in the threaded
/// build they sleep (`memory.atomic.wait32` under `std::thread::sleep`) instead of spinning
/// against the decoding threads; the single-thread build cannot block and spins.
fn wait_for(seconds: f64) {
    #[cfg(target_feature = "atomics")]
    if seconds > 8e-5 {
        // A little short: the scheduler asks again and finishes the wait.
        std::thread::sleep(std::time::Duration::from_secs_f64(seconds * 0.8));
        return;
    }
    let _ = seconds;
    std::hint::spin_loop();
}

/// One memory, ready to be decoded while it runs.
#[wasm_bindgen]
pub struct StreamRunner {
    task: PreparedTask,
    window_workers: u32,
}

#[wasm_bindgen]
impl StreamRunner {
    /// Prepares the memory `params` (as `Task` takes them; the decoder must be sliding or
    /// parallel-window) for `windowWorkers` (a) threads: the worker's rayon pool (the
    /// single-thread build uses 1).
    #[wasm_bindgen(constructor)]
    pub fn new(params: JsValue, window_workers: u32) -> Result<StreamRunner, JsError> {
        let spec = TaskParams::spec_of(params)?;
        check_live_decoder(spec.decoder).map_err(js_error)?;
        // Refused with the numbers before building what would not fit in a worker.
        spec::check_wasm_worker(&[spec], false).map_err(js_error)?;
        let window_workers =
            spec::parse_workers("window-workers", &window_workers.to_string()).map_err(js_error)?;
        let window_workers = if cfg!(target_feature = "atomics") {
            window_workers
        } else {
            1
        };
        let task = PreparedTask::prepare(spec).map_err(js_error)?;
        Ok(StreamRunner {
            task,
            window_workers,
        })
    }

    /// Decodes `shots` memories at `roundRate` (text, rounds per second; empty = the measured
    /// sustainable rate) with `seed` (decimal text): the object `surfacelab stream --json`
    /// prints.
    pub fn run(&self, round_rate: &str, shots: u32, seed: &str) -> Result<JsValue, JsError> {
        let round_rate = if round_rate.trim().is_empty() {
            None
        } else {
            Some(parse_round_rate(round_rate).map_err(js_error)?)
        };
        let seed = spec::parse_seed(seed).map_err(js_error)?;
        let shots = spec::parse_bounded(
            "shots",
            &shots.to_string(),
            1,
            crate::realtime::MAX_STREAM_SHOTS,
        )
        .map_err(js_error)?;
        let wait_until = |t: f64| wait_for(t - now_seconds());
        // The worker's rayon pool: wasm-bindgen-rayon's a threads.
        let spawn = |threads: u32, body: &(dyn Fn() + Sync)| spawn_on_pool(None, threads, body);
        let env = LiveEnv {
            now: &now_seconds,
            wait_until: &wait_until,
            spawn: &spawn,
        };
        let settings = StreamSettings {
            round_rate,
            shots,
            window_workers: self.window_workers,
            seed,
        };
        to_js(&run_stream(&self.task, settings, &env).map_err(js_error)?)
    }
}
