//! The main thread's scheduler: a [`Collection`] the page's shot workers claim blocks from.
//! It never samples or decodes; it only hands out blocks and keeps the prefix rule's counts.

use super::form::{self, FormFields};
use super::task::TaskParams;
use super::{from_js, to_js};
use crate::collect::task::strong_id;
use crate::collect::{BlockClaim, Collection, CsvRow, ShotSource, Tally, TaskSchedule};
use crate::spec::TaskSpec;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// One task of a run as the page lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TaskView {
    index: usize,
    params: TaskParams,
    metadata: String,
    strong_id: String,
    /// `z` or `x`.
    basis: String,
    distance: u32,
    rounds: u32,
    /// The metadata's p text (e.g. `0.005`), or the four parameters when they differ.
    p: String,
    decoder: String,
    max_shots: u64,
}

/// One task's progress.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProgressView {
    shots: u64,
    errors: u64,
    seconds: f64,
    finished_shots: u64,
    max_shots: u64,
    max_errors: Option<u64>,
    in_flight: u64,
    complete: bool,
}

/// A batch for one worker.
#[derive(Serialize)]
struct BatchView {
    task: usize,
    blocks: Vec<u64>,
    shots: Vec<usize>,
}

/// A run: the form's tasks, their schedules and the seed.
#[wasm_bindgen]
pub struct Run {
    specs: Vec<TaskSpec>,
    /// The circuit box's text when the run is its one task.
    circuit: Option<String>,
    metadata: Vec<String>,
    strong_ids: Vec<String>,
    collection: Collection,
    seed: u64,
    workers: u32,
    window_workers: u32,
}

fn p_text(metadata: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(metadata).unwrap_or_default();
    match value.get("p") {
        Some(p) => p.to_string(),
        None => ["p_clifford", "p_data", "p_measure", "p_reset"]
            .iter()
            .filter_map(|key| value.get(*key).map(|v| format!("{key}={v}")))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

#[wasm_bindgen]
impl Run {
    /// A run of the form's experiment; throws the first invalid field's message.
    #[wasm_bindgen(constructor)]
    pub fn new(form: JsValue) -> Result<Run, JsError> {
        let fields: FormFields = from_js(form)?;
        let experiment = form::experiment(&fields).map_err(|message| JsError::new(&message))?;
        let (metadata, strong_ids) = match &experiment.circuit {
            // Its model was built when the form was checked: it fits this page's memory.
            Some(circuit) => (
                vec![circuit.metadata.clone()],
                vec![circuit.strong_id.clone()],
            ),
            None => {
                // Refused before any worker builds a task: a worker's wasm memory stops at 4 GiB.
                crate::spec::check_wasm_worker(&experiment.specs, true).map_err(super::js_error)?;
                let metadata: Vec<String> =
                    experiment.specs.iter().map(TaskSpec::metadata).collect();
                let strong_ids = experiment
                    .specs
                    .iter()
                    .zip(&metadata)
                    .map(|(spec, metadata)| {
                        strong_id(&spec.circuit().to_string(), spec.decoder_name(), metadata)
                    })
                    .collect();
                (metadata, strong_ids)
            }
        };
        let limits = std::iter::repeat_n(experiment.limits, experiment.specs.len());
        Ok(Run {
            collection: Collection::new(limits),
            circuit: experiment.circuit.map(|circuit| circuit.text),
            specs: experiment.specs,
            metadata,
            strong_ids,
            seed: experiment.seed,
            workers: experiment.workers,
            window_workers: experiment.window_workers,
        })
    }

    /// The seed as a decimal string.
    #[wasm_bindgen(getter)]
    pub fn seed(&self) -> String {
        self.seed.to_string()
    }

    /// b, the shot workers the form asked for.
    #[wasm_bindgen(getter)]
    pub fn workers(&self) -> u32 {
        self.workers
    }

    /// a, the window threads the form asked for.
    #[wasm_bindgen(getter, js_name = windowWorkers)]
    pub fn window_workers(&self) -> u32 {
        self.window_workers
    }

    /// The tasks, in the CLI's order (basis, distance, p).
    #[wasm_bindgen(getter)]
    pub fn tasks(&self) -> Result<JsValue, JsError> {
        let views: Vec<TaskView> = self
            .specs
            .iter()
            .enumerate()
            .map(|(index, spec)| TaskView {
                index,
                params: TaskParams {
                    circuit: self.circuit.clone(),
                    ..TaskParams::from_spec(spec)
                },
                metadata: self.metadata[index].clone(),
                strong_id: self.strong_ids[index].clone(),
                basis: spec.basis.letter().to_ascii_lowercase(),
                distance: spec.distance,
                rounds: spec.rounds,
                p: p_text(&self.metadata[index]),
                decoder: spec.decoder_name().to_string(),
                max_shots: self.collection.schedules()[index].limits().max_shots,
            })
            .collect();
        to_js(&views)
    }

    /// Up to `batch_blocks` blocks of the first task that needs some, as
    /// `{task, blocks: number[], shots: number[]}`, or `undefined` when nothing is left.
    pub fn claim(&mut self, batch_blocks: u32) -> Result<JsValue, JsError> {
        match self.collection.claim(batch_blocks as usize) {
            None => Ok(JsValue::UNDEFINED),
            Some(batch) => to_js(&BatchView {
                task: batch.task,
                blocks: batch.blocks.iter().map(|c| c.block).collect(),
                shots: batch.blocks.iter().map(|c| c.shots).collect(),
            }),
        }
    }

    /// Records finished blocks with their errors; `seconds` is the worker time of the whole
    /// batch, shared among its blocks in proportion to their shots.
    pub fn complete(
        &mut self,
        task: usize,
        blocks: &[f64],
        shots: &[u32],
        errors: &[u32],
        seconds: f64,
    ) -> Result<(), JsError> {
        for (claim, tally) in self.finished_blocks(task, blocks, shots, errors, seconds)? {
            self.collection.complete(task, claim, tally);
        }
        Ok(())
    }

    /// Records blocks finished before the page was reloaded (a saved run being resumed), as
    /// `complete` records them; they are never handed out again, so by the prefix rule the run
    /// ends with the counts of an uninterrupted one. Throws for a block the task does not have.
    pub fn restore(
        &mut self,
        task: usize,
        blocks: &[f64],
        shots: &[u32],
        errors: &[u32],
        seconds: f64,
    ) -> Result<(), JsError> {
        for (claim, tally) in self.finished_blocks(task, blocks, shots, errors, seconds)? {
            if !self.collection.restore(task, claim, tally) {
                return Err(JsError::new(&format!(
                    "task {task} has no block {} of {} shots",
                    claim.block, claim.shots
                )));
            }
        }
        Ok(())
    }

    /// Gives back blocks a worker will not finish (it crashed or was stopped), to be redone.
    pub fn release(&mut self, task: usize, blocks: &[f64], shots: &[u32]) -> Result<(), JsError> {
        self.check_batch(task, blocks, shots)?;
        for (&block, &count) in blocks.iter().zip(shots) {
            let claim = BlockClaim {
                block: block as u64,
                shots: count as usize,
            };
            self.collection.release(task, claim);
        }
        Ok(())
    }

    /// Hands out nothing more; the counts stay at each task's finished prefix.
    pub fn stop(&mut self) {
        self.collection.stop();
    }

    /// True when every task's counts are final.
    #[wasm_bindgen(js_name = isComplete)]
    pub fn is_complete(&self) -> bool {
        self.collection.is_complete()
    }

    /// Blocks handed out and not yet finished, over all tasks.
    #[wasm_bindgen(js_name = inFlight)]
    pub fn in_flight(&self) -> f64 {
        self.collection
            .schedules()
            .iter()
            .map(|s| s.in_flight() as f64)
            .sum()
    }

    /// Each task's `{shots, errors, seconds, finishedShots, maxShots, maxErrors, inFlight,
    /// complete}`; shots and errors are the counted prefix.
    pub fn progress(&self) -> Result<JsValue, JsError> {
        let views: Vec<ProgressView> = self
            .collection
            .schedules()
            .iter()
            .map(|schedule: &TaskSchedule| {
                let counted = schedule.counted();
                ProgressView {
                    shots: counted.shots,
                    errors: counted.errors,
                    seconds: counted.seconds,
                    finished_shots: schedule.finished_shots(),
                    max_shots: schedule.limits().max_shots,
                    max_errors: schedule.limits().max_errors,
                    in_flight: schedule.in_flight(),
                    complete: schedule.is_complete(),
                }
            })
            .collect();
        to_js(&views)
    }

    /// The counted rows (tasks with at least one shot), as `readCsv` returns rows.
    pub fn rows(&self) -> Result<JsValue, JsError> {
        let rows: Vec<CsvRow> = self
            .collection
            .schedules()
            .iter()
            .enumerate()
            .filter(|(_, schedule)| schedule.counted().shots > 0)
            .map(|(index, schedule)| {
                // The same row as collect::csv_row, without preparing the task here.
                let counted = schedule.counted();
                CsvRow {
                    shots: counted.shots,
                    errors: counted.errors,
                    discards: 0,
                    seconds: counted.seconds,
                    decoder: self.specs[index].decoder_name().to_string(),
                    strong_id: self.strong_ids[index].clone(),
                    json_metadata: self.metadata[index].clone(),
                    custom_counts: self.source(index).custom_counts(counted.shots),
                }
            })
            .collect();
        to_js(&rows)
    }
}

impl Run {
    /// Where task `task`'s shots come from: the seed and its shard (the page runs every block).
    fn source(&self, task: usize) -> ShotSource {
        ShotSource {
            seed: self.seed,
            shard: self.collection.schedules()[task].limits().shard,
        }
    }

    /// Finished blocks with their tallies; `seconds` (the whole batch's worker time) is shared
    /// among the blocks in proportion to their shots.
    fn finished_blocks(
        &self,
        task: usize,
        blocks: &[f64],
        shots: &[u32],
        errors: &[u32],
        seconds: f64,
    ) -> Result<Vec<(BlockClaim, Tally)>, JsError> {
        self.check_batch(task, blocks, shots)?;
        if errors.len() != blocks.len() {
            return Err(JsError::new("a batch needs one error count per block"));
        }
        let total_shots: f64 = shots.iter().map(|&s| s as f64).sum();
        let finished = blocks.iter().zip(shots).zip(errors);
        Ok(finished
            .map(|((&block, &count), &wrong)| {
                let claim = BlockClaim {
                    block: block as u64,
                    shots: count as usize,
                };
                let tally = Tally {
                    shots: count as u64,
                    errors: wrong as u64,
                    seconds: seconds.max(0.0) * count as f64 / total_shots.max(1.0),
                };
                (claim, tally)
            })
            .collect())
    }

    fn check_batch(&self, task: usize, blocks: &[f64], shots: &[u32]) -> Result<(), JsError> {
        if task >= self.specs.len() || blocks.len() != shots.len() {
            return Err(JsError::new(&format!(
                "a batch needs a task index below {} and one shot count per block",
                self.specs.len()
            )));
        }
        Ok(())
    }
}
