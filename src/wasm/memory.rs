//! The memory each shot worker needs for the form's tasks, before they start
//! ([`crate::spec::check_wasm_worker`]): the page states it and refuses what would not fit.

use super::form::{self, FormFields};
use super::{from_js, to_js};
use crate::spec::{self, format_bytes, WASM_WORKER_BYTES};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What the page shows about memory.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MemoryView {
    /// Estimated bytes per worker (0 when the run is refused).
    per_worker_bytes: f64,
    /// The same, as people read it (`44 MiB`).
    per_worker: String,
    /// What a worker can hold (`4 GiB`).
    limit: String,
    /// The largest task's estimate for one worker, in bytes.
    largest_task_bytes: f64,
    /// Why the run is refused, or empty.
    refused: String,
}

/// `{perWorkerBytes, perWorker, limit, largestTaskBytes, refused}` for the form's tasks, or
/// `null` while a field is invalid (its message is beside the field).
#[wasm_bindgen(js_name = memoryFor)]
pub fn memory_for(form: JsValue) -> Result<JsValue, JsError> {
    let fields: FormFields = from_js(form)?;
    let Ok(experiment) = form::experiment(&fields) else {
        return Ok(JsValue::NULL);
    };
    if experiment.circuit.is_some() {
        // The circuit's model was built when it was checked: it fits; there is no estimate.
        return Ok(JsValue::NULL);
    }
    let largest = experiment
        .specs
        .iter()
        .map(|spec| spec::estimate_task_memory(spec, true).one_worker_bytes())
        .max()
        .unwrap_or(0);
    let view = match spec::check_wasm_worker(&experiment.specs, true) {
        Ok(bytes) => MemoryView {
            per_worker_bytes: bytes as f64,
            per_worker: format_bytes(bytes),
            limit: format_bytes(WASM_WORKER_BYTES),
            largest_task_bytes: largest as f64,
            refused: String::new(),
        },
        Err(error) => MemoryView {
            per_worker_bytes: 0.0,
            per_worker: String::new(),
            limit: format_bytes(WASM_WORKER_BYTES),
            largest_task_bytes: largest as f64,
            refused: error.to_string(),
        },
    };
    to_js(&view)
}
