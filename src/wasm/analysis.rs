//! The results panel's analysis, from the core ([`crate::analysis`]): what the table, the plot
//! and the threshold view show, so the page keeps no copy of the grouping, the metadata
//! parser, the crossing or the interval. Also the two small rules other panels used to copy:
//! the zone of a × b ([`crate::parallel::Zone`]) and the rounds grammar ([`RoundsSpec`]).

use super::{from_js, js_error, to_js};
use crate::analysis::{crossing_json, crossings, describe_crossing, group_curves, Per};
use crate::collect::stats::task_rates;
use crate::collect::CsvRow;
use crate::parallel::Zone;
use crate::spec::{self, RoundsSpec};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// The rate kind named by the page's radio buttons.
fn per_of(kind: &str) -> Result<Per, JsError> {
    match kind {
        "shot" => Ok(Per::Shot),
        "round" => Ok(Per::Round),
        other => Err(JsError::new(&format!(
            "rate kind must be shot or round, got {other:?}"
        ))),
    }
}

fn fit_json(fit: crate::collect::stats::RateFit) -> Value {
    json!({ "low": fit.low, "best": fit.best, "high": fit.high })
}

/// Everything the results panel draws for `rows` (objects as `readCsv` returns them, already
/// merged), with crossings per `kind` ("shot" or "round"):
///
/// `{rows: [{curveKey, familyKey, curve, legend, d, r, rLabel, p, pText, metadata, perShot,
/// perRound}], curves: [{key, familyKey, legend, d, rows}], crossings: [{group, distances, per,
/// p, low, high, measured, window, reason, text}], notes: [..]}` — rows in input order, each
/// curve's `rows` by increasing p, intervals sinter's (likelihood ratio 1000).
#[wasm_bindgen(js_name = analyzeRows)]
pub fn analyze_rows(rows: JsValue, kind: &str) -> Result<JsValue, JsError> {
    let per = per_of(kind)?;
    let rows: Vec<CsvRow> = from_js(rows)?;
    let grouping = group_curves(&rows);
    let described: Vec<Value> = rows
        .iter()
        .zip(&grouping.identities)
        .zip(&grouping.row_curve)
        .map(|((row, identity), curve)| {
            let rates = task_rates(row.shots, row.errors, identity.rounds);
            json!({
                "curveKey": identity.curve_key,
                "familyKey": identity.family_key,
                "curve": curve,
                "legend": curve.map(|c| grouping.curves[c].legend.clone()),
                "d": identity.distance,
                "r": identity.metadata.get("r"),
                "rLabel": identity.curve.get("r"),
                "p": identity.p,
                "pText": identity.p_text,
                "metadata": Value::Object(identity.metadata.clone()),
                "perShot": fit_json(rates.per_shot),
                "perRound": fit_json(rates.per_round),
            })
        })
        .collect();
    let curves: Vec<Value> = grouping
        .curves
        .iter()
        .map(|curve| {
            json!({
                "key": curve.key,
                "familyKey": curve.family_key,
                "legend": curve.legend,
                "d": curve.distance,
                "rows": curve.points.iter().map(|point| point.row).collect::<Vec<_>>(),
            })
        })
        .collect();
    let found: Vec<Value> = crossings(&grouping.curves, per)
        .iter()
        .map(|crossing| {
            let mut object = crossing_json(crossing);
            object["text"] = Value::String(describe_crossing(crossing));
            object["familyKey"] = Value::String(crossing.family_key.clone());
            object
        })
        .collect();
    to_js(&json!({
        "rows": described,
        "curves": curves,
        "crossings": found,
        "notes": grouping.notes,
    }))
}

/// The zone of `concurrency` (a × b) on `hardware_threads`: "optimal", "acceptable" or
/// "too many".
#[wasm_bindgen(js_name = zoneOf)]
pub fn zone_of(concurrency: f64, hardware_threads: u32) -> Result<String, JsError> {
    if !(concurrency.is_finite() && concurrency >= 1.0 && concurrency.fract() == 0.0) {
        return Err(JsError::new(&format!(
            "a × b must be a whole number of at least 1, got {concurrency}"
        )));
    }
    Ok(Zone::of(concurrency as u64, hardware_threads.max(1))
        .name()
        .to_string())
}

/// The rounds `text` ("9", "d", "3d", "3D") means at distance `distance`; throws the CLI's
/// message when it is not the rounds grammar.
#[wasm_bindgen(js_name = resolveRounds)]
pub fn resolve_rounds(text: &str, distance: &str) -> Result<u32, JsError> {
    let distance = spec::parse_distance(distance).map_err(js_error)?;
    RoundsSpec::parse(text)
        .and_then(|rounds| rounds.resolve(distance))
        .map_err(js_error)
}
