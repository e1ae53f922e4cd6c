//! One shot decoded window by window in an order that someone else schedules (decoding while
//! the memory runs, [`crate::realtime`]): the shared detector state behind a lock, each window
//! behind its own, and the prediction as the XOR of every window's commit.

use super::solver::WindowSolver;
use crate::ints::{DetectorIndex, ObservableMask};
use crate::realtime::{DriveJobs, Job};
use std::sync::{Mutex, MutexGuard};

/// Runs window `job` with the shared state: it reads its events under the lock and may apply
/// flips under it.
pub(crate) type RunWindow<'a> = dyn Fn(usize, &mut WindowSolver, &Mutex<Vec<u8>>) + Sync + 'a;

/// The shared state, locked (no window panics while holding it).
pub(crate) fn lock_state(state: &Mutex<Vec<u8>>) -> MutexGuard<'_, Vec<u8>> {
    state.lock().expect("no window panics holding the state")
}

/// Decodes one shot: `state` (all zero, one byte per detector) gets `defects`, `drive` calls
/// `run` once per job (window `windows[job]`), and the state is left all zero again.
pub(crate) fn decode_scheduled(
    state: &mut Vec<u8>,
    defects: &[DetectorIndex],
    windows: Vec<&mut WindowSolver>,
    jobs: &[Job],
    drive: &DriveJobs,
    run: &RunWindow,
) -> ObservableMask {
    let mut shared = std::mem::take(state);
    for &d in defects {
        shared[d as usize] ^= 1;
    }
    let shared = Mutex::new(shared);
    let windows: Vec<Mutex<&mut WindowSolver>> = windows.into_iter().map(Mutex::new).collect();
    drive(jobs, &|job| {
        let mut window = windows[job].lock().expect("each window runs once");
        run(job, &mut window, &shared);
    });
    let observables = windows.iter().fold(0, |acc, window| {
        acc ^ window.lock().expect("windows are done").commit.observables
    });
    *state = shared.into_inner().expect("windows are done");
    state.fill(0);
    observables
}
