//! One task inside a shot worker: prepared once, then runs the shot blocks it is handed.

use super::busy::BusyThreads;
use super::{from_js, js_error, to_js};
use crate::collect::circuit_task::circuit_window;
use crate::collect::{run_block, BlockBuffers, PreparedTask, TaskDecoder};
use crate::spec::{self, DecoderKind, NoiseKind, NoiseModel, TaskSpec};
use crate::window::{WindowThreads, WorkObserver};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// A task's parameters as plain data (what `Run.tasks` hands to the workers).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskParams {
    /// `rotated` (the default when absent), `unrotated` or `repetition`.
    #[serde(default)]
    pub code: Option<String>,
    pub distance: u32,
    pub rounds: u32,
    /// `z` or `x`.
    pub basis: String,
    /// `stim` (uniform p; the default when absent) or `si1000`.
    #[serde(default)]
    pub noise: Option<String>,
    pub p: f64,
    /// `global`, `sliding` or `parallel-window`.
    pub decoder: String,
    pub commit_rounds: Option<u32>,
    pub buffer_rounds: Option<u32>,
    /// Correlated matching (absent: plain).
    #[serde(default)]
    pub correlated: bool,
    /// The circuit box's stim text: when present, the task is this circuit (decoder, window and
    /// correlated apply; the memory fields are not read), keyed by its SHA-256 as in the CLI.
    #[serde(default)]
    pub circuit: Option<String>,
}

impl TaskParams {
    pub fn from_spec(spec: &TaskSpec) -> TaskParams {
        let p = match spec.noise {
            NoiseModel::Stim(noise) => noise.after_clifford_depolarization,
            NoiseModel::Si1000(p) => p,
        };
        TaskParams {
            code: Some(spec.code.name().to_string()),
            distance: spec.distance,
            rounds: spec.rounds,
            basis: spec.basis.letter().to_ascii_lowercase(),
            noise: Some(spec.noise.kind().name().to_string()),
            p,
            decoder: spec.decoder.name().to_string(),
            commit_rounds: spec.window.map(|w| w.commit),
            buffer_rounds: spec.window.map(|w| w.buffer),
            correlated: spec.correlated,
            circuit: None,
        }
    }

    /// The prepared task of these params: the circuit's, or the generated memory's.
    pub fn prepare(&self) -> crate::Result<PreparedTask> {
        let Some(text) = &self.circuit else {
            return PreparedTask::prepare_with(self.to_spec()?, true);
        };
        let decoder = DecoderKind::parse(&self.decoder)?;
        decoder.check_correlated(self.correlated)?;
        let window = circuit_window(decoder, self.commit_rounds, self.buffer_rounds)?;
        super::circuit::prepare(text, decoder, window, self.correlated)
    }

    /// The task spec of plain JS params, checked by the core's parsers.
    pub fn spec_of(params: JsValue) -> Result<TaskSpec, JsError> {
        let params: TaskParams = from_js(params)?;
        params.to_spec().map_err(js_error)
    }

    /// The task spec, checked again by the core's parsers (the worker trusts nobody).
    pub fn to_spec(&self) -> crate::Result<TaskSpec> {
        if self.circuit.is_some() {
            return Err(crate::Error::parameter(
                "code",
                "your own circuit",
                "a generated memory (rotated, unrotated or repetition) here: this view draws \
                 generated memories only",
            ));
        }
        let distance = spec::parse_distance(&self.distance.to_string())?;
        let rounds = spec::RoundsSpec::parse(&self.rounds.to_string())?.resolve(distance)?;
        let noise = NoiseKind::parse(self.noise.as_deref().unwrap_or("stim"))?;
        let p = noise.parse_p(&self.p.to_string())?;
        let decoder = DecoderKind::parse(&self.decoder)?;
        decoder.check_correlated(self.correlated)?;
        let code = spec::parse_code(self.code.as_deref().unwrap_or("rotated"))?;
        let basis = spec::parse_basis(&self.basis)?;
        spec::check_code(code, basis, decoder)?;
        let window = if decoder.is_windowed() {
            let window = spec::WindowRoundsSpec {
                commit: self.commit_rounds,
                buffer: self.buffer_rounds,
            };
            Some(window.resolve(decoder, distance, rounds)?)
        } else {
            None
        };
        Ok(TaskSpec {
            code,
            distance,
            rounds,
            basis,
            noise: noise.uniform(p),
            decoder,
            window,
            correlated: self.correlated,
        })
    }
}

/// One task in one worker: circuit, error model, graph, sampler and decoder, built once.
#[wasm_bindgen]
pub struct Task {
    prepared: PreparedTask,
    decoder: TaskDecoder,
    buffers: BlockBuffers,
    busy: Arc<BusyThreads>,
}

/// A worker's busy threads since the last look.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BusyView {
    /// The most threads (this worker and its window threads) busy at once.
    peak: u32,
    /// Busy thread-seconds (the worker's CPU time, as far as a page can measure it).
    seconds: f64,
}

#[wasm_bindgen]
impl Task {
    /// Prepares the task `params` (`{distance, rounds, basis, p, decoder, commitRounds,
    /// bufferRounds}`). With `windowThreads` true, the parallel-window decoder runs each
    /// layer's windows on rayon's global pool (threaded build, after `initThreadPool`).
    #[wasm_bindgen(constructor)]
    pub fn new(params: JsValue, window_threads: bool) -> Result<Task, JsError> {
        let params: TaskParams = from_js(params)?;
        let prepared = params.prepare().map_err(js_error)?;
        let threads = if window_threads {
            WindowThreads::Global
        } else {
            WindowThreads::Sequential
        };
        let busy = Arc::new(BusyThreads::default());
        let observer: Arc<dyn WorkObserver> = busy.clone();
        let decoder = prepared
            .new_block_decoder(threads, Some(observer))
            .map_err(js_error)?;
        Ok(Task {
            prepared,
            decoder,
            buffers: BlockBuffers::default(),
            busy,
        })
    }

    /// The canonical metadata string (also the key of the task's random streams).
    #[wasm_bindgen(getter)]
    pub fn metadata(&self) -> String {
        self.prepared.metadata.clone()
    }

    /// SHA-256 hex of circuit, decoder and metadata, as in sinter's CSV.
    #[wasm_bindgen(getter, js_name = strongId)]
    pub fn strong_id(&self) -> String {
        self.prepared.strong_id.clone()
    }

    /// Detectors in the task's error model.
    #[wasm_bindgen(getter, js_name = numDetectors)]
    pub fn num_detectors(&self) -> u32 {
        self.prepared.num_detectors()
    }

    /// `{peak, seconds}`: the most threads busy at once and the busy thread-seconds since the
    /// last call (the worker while it samples and decodes, window threads while they decode).
    #[wasm_bindgen(js_name = takeBusy)]
    pub fn take_busy(&self) -> Result<JsValue, JsError> {
        let (peak, seconds) = self.busy.take();
        to_js(&BusyView { peak, seconds })
    }

    /// Runs blocks `blocks[i]` of `shots[i]` shots each with seed `seed` (a decimal string:
    /// JS numbers are exact only to 2^53) and returns each block's logical errors.
    #[wasm_bindgen(js_name = runBlocks)]
    pub fn run_blocks(
        &mut self,
        seed: &str,
        blocks: &[f64],
        shots: &[u32],
    ) -> Result<Vec<u32>, JsError> {
        let seed = spec::parse_seed(seed).map_err(js_error)?;
        if blocks.len() != shots.len() {
            return Err(JsError::new(&format!(
                "runBlocks needs one shot count per block, got {} blocks and {} counts",
                blocks.len(),
                shots.len()
            )));
        }
        let mut errors = Vec::with_capacity(blocks.len());
        let busy = Arc::clone(&self.busy);
        busy.work_started();
        let result = self.run_checked(seed, blocks, shots, &mut errors);
        busy.work_stopped();
        result.map(|()| errors)
    }
}

impl Task {
    fn run_checked(
        &mut self,
        seed: u64,
        blocks: &[f64],
        shots: &[u32],
        errors: &mut Vec<u32>,
    ) -> Result<(), JsError> {
        for (&block, &count) in blocks.iter().zip(shots) {
            if !(block >= 0.0 && block.fract() == 0.0 && block < 9.007_199_254_740_992e15) {
                return Err(JsError::new(&format!(
                    "block indices must be whole numbers from 0 to 2^53, got {block}"
                )));
            }
            if count == 0 || count as usize > crate::ints::BLOCK_SHOTS {
                return Err(JsError::new(&format!(
                    "a block holds 1 to {} shots, got {count}",
                    crate::ints::BLOCK_SHOTS
                )));
            }
            let wrong = run_block(
                &self.prepared,
                &mut self.decoder,
                seed,
                block as u64,
                count as usize,
                &mut self.buffers,
            )
            .map_err(js_error)?;
            errors.push(wrong as u32);
        }
        Ok(())
    }
}
