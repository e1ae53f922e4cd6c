//! Rates with sinter's intervals, and sinter CSV in and out, for the results panel.

use super::from_js;
use super::{js_error, to_js};
use crate::collect::csv::{read_csv, write_csv, CsvRow};
use crate::collect::merge::combine;
use crate::collect::stats::{task_rates, RateFit};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct FitView {
    low: f64,
    best: f64,
    high: f64,
}

impl From<RateFit> for FitView {
    fn from(fit: RateFit) -> Self {
        FitView {
            low: fit.low,
            best: fit.best,
            high: fit.high,
        }
    }
}

/// Per-shot and per-round rates of one task.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RatesView {
    per_shot: FitView,
    per_round: FitView,
}

/// `{perShot: {low, best, high}, perRound: {...}}` for `errors` in `shots` over `rounds`.
/// Counts come as JS numbers (exact to 2^53, far above any run's shots).
#[wasm_bindgen(js_name = ratesFor)]
pub fn rates_for(shots: f64, errors: f64, rounds: u32) -> Result<JsValue, JsError> {
    let valid = |x: f64| x.is_finite() && x >= 0.0 && x.fract() == 0.0;
    if !valid(shots) || !valid(errors) || errors > shots || rounds == 0 {
        return Err(JsError::new(&format!(
            "rates need whole counts with errors <= shots and rounds >= 1, got shots {shots}, errors {errors}, rounds {rounds}"
        )));
    }
    let rates = task_rates(shots as u64, errors as u64, rounds);
    to_js(&RatesView {
        per_shot: rates.per_shot.into(),
        per_round: rates.per_round.into(),
    })
}

/// The rows of a sinter CSV document; throws the core's message when it is not sinter's format.
#[wasm_bindgen(js_name = readCsv)]
pub fn read_csv_text(text: &str) -> Result<JsValue, JsError> {
    to_js(&read_csv(text).map_err(js_error)?)
}

/// sinter CSV of `rows` (objects as `readCsv` returns them), rows with the same strong id
/// merged by the core's rule (`mergeRows`); throws when two rows hold the same shots.
#[wasm_bindgen(js_name = writeCsv)]
pub fn write_csv_text(rows: JsValue) -> Result<String, JsError> {
    let rows: Vec<CsvRow> = from_js(rows)?;
    Ok(write_csv(&combine(rows).map_err(js_error)?.rows))
}
