//! Busy threads of one shot worker, measured (DESIGN.md: a busy thread is one sampling or
//! decoding). The shot worker counts as busy while it runs blocks, except while it waits on its
//! window threads; each window thread counts while it decodes a window. The core reports both
//! through its [`WorkObserver`] hook; this observer adds the clock (the page's `performance`,
//! in whichever Web Worker the thread is) and atomics, which are shared across the worker's
//! wasm threads in the threaded build.

use crate::window::WorkObserver;
use std::cell::Cell;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()` of the calling thread's global scope, in milliseconds.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

thread_local! {
    /// When the calling thread last started working (ms), NaN while it is idle.
    static STARTED: Cell<f64> = const { Cell::new(f64::NAN) };
}

/// Counts one worker's busy threads: how many now, the most at once, busy thread-time.
#[derive(Default)]
pub struct BusyThreads {
    now: AtomicU32,
    peak: AtomicU32,
    busy_micros: AtomicU64,
}

impl BusyThreads {
    /// The most threads busy at once and the busy thread-seconds since the last call.
    pub fn take(&self) -> (u32, f64) {
        let peak = self.peak.swap(self.now.load(Relaxed), Relaxed);
        let micros = self.busy_micros.swap(0, Relaxed);
        (peak, micros as f64 / 1e6)
    }
}

impl WorkObserver for BusyThreads {
    fn work_started(&self) {
        let busy = self.now.fetch_add(1, Relaxed) + 1;
        self.peak.fetch_max(busy, Relaxed);
        STARTED.with(|started| started.set(performance_now()));
    }

    fn work_stopped(&self) {
        self.now.fetch_sub(1, Relaxed);
        let started = STARTED.with(|started| started.replace(f64::NAN));
        if started.is_finite() {
            let micros = ((performance_now() - started) * 1000.0).max(0.0);
            self.busy_micros.fetch_add(micros as u64, Relaxed);
        }
    }
}
