//! The a × b planner for the parallelism panel: the same [`crate::parallel::plan`] as the CLI.

use super::form::FormFields;
use super::{from_js, js_error, to_js};
use crate::parallel::{plan, PlanInput};
use crate::spec::{self, DecoderKind, RoundsSpec, WindowRoundsSpec};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The plan as the page shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlanView {
    window_workers: u32,
    shot_workers: u32,
    hardware_threads: u32,
    concurrency: u64,
    zone: &'static str,
    windows_per_shot: u64,
    window_workers_unused: bool,
    recommended_window_workers: u32,
    reason: String,
    /// The task the windows were counted for (the largest distance).
    distance: u32,
    rounds: u32,
}

/// The plan for the form's a and b on `hardware_threads` threads. The windows are counted for
/// the largest valid distance; fields that do not parse fall back to their defaults (their
/// messages are shown by `validateForm`), except a and b, whose errors are thrown.
#[wasm_bindgen(js_name = planFor)]
pub fn plan_for(form: JsValue, hardware_threads: u32) -> Result<JsValue, JsError> {
    let fields: FormFields = from_js(form)?;
    let a = spec::parse_workers("window-workers", &fields.window_workers).map_err(js_error)?;
    let b = spec::parse_workers("workers", &fields.workers).map_err(js_error)?;
    let decoder = DecoderKind::parse(&fields.decoder).unwrap_or(DecoderKind::Global);
    let distance = fields
        .distances
        .split(',')
        .filter_map(|text| spec::parse_distance(text).ok())
        .max()
        .unwrap_or(3);
    let rounds = RoundsSpec::parse(&fields.rounds)
        .and_then(|r| r.resolve(distance))
        .unwrap_or(distance);
    let window_spec = WindowRoundsSpec {
        commit: WindowRoundsSpec::parse(Some(&fields.commit_rounds), None)
            .ok()
            .and_then(|w| w.commit),
        buffer: WindowRoundsSpec::parse(None, Some(&fields.buffer_rounds))
            .ok()
            .and_then(|w| w.buffer),
    };
    let (commit_rounds, buffer_rounds) = if decoder.is_windowed() {
        window_spec
            .resolve(decoder, distance, rounds)
            .map(|w| (w.commit, w.buffer))
            .unwrap_or((distance.min(rounds), distance.min(rounds)))
    } else {
        (1, 0)
    };
    let input = PlanInput {
        window_workers: a,
        shot_workers: b,
        hardware_threads: hardware_threads.max(1),
        decoder,
        distance,
        rounds,
        commit_rounds,
        buffer_rounds,
    };
    let planned = plan(&input);
    to_js(&PlanView {
        window_workers: a,
        shot_workers: b,
        hardware_threads: input.hardware_threads,
        concurrency: planned.concurrency,
        zone: planned.zone.name(),
        windows_per_shot: planned.windows_per_shot,
        window_workers_unused: planned.window_workers_unused,
        recommended_window_workers: planned.recommended_window_workers,
        reason: planned.reason,
        distance,
        rounds,
    })
}
