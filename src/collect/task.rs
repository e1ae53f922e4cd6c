//! A task made ready to run: its circuit, error model, matching graph and sampler, built once
//! and shared by every worker; each worker makes its own decoder from it.

use crate::dem::{memory_error_model, DetectorErrorModel, LayeredModel};
use crate::matching::matchable::Matchability;
use crate::matching::{CorrelatedMatcher, CorrelationTable, Decoder, Matcher, MatchingGraph};
use crate::sample::{LayeredSampler, Sampler};
use crate::spec::{DecoderKind, TaskSpec};
use crate::window::streamed::StreamedKind;
use crate::window::{
    DetectorLayers, IndependentWindowsDecoder, ParallelWindowDecoder, SlidingDecoder,
    StreamedWindowDecoder, TracedDecoder, WindowThreads, WorkObserver,
};
use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Everything about a task that does not change while it runs.
pub struct PreparedTask {
    /// The task's parameters.
    pub spec: TaskSpec,
    /// Canonical metadata string (the CSV's `json_metadata`).
    pub metadata: String,
    /// The key of the task's random streams ([`TaskSpec::sample_key`]): the same for every
    /// decoder of one memory.
    pub sample_key: String,
    /// SHA-256 hex of circuit text, decoder name and metadata.
    pub strong_id: String,
    /// The model, whole or as layers.
    pub model: TaskModel,
}

/// A task's model: whole (every decoder), or as layers for window decoders of long memories,
/// which then sample and decode a block layer by layer in constant memory.
pub enum TaskModel {
    /// The whole error model, graph and sampler.
    Whole(WholeModel),
    /// The model as layers ([`LayeredModel`]) and its sampler.
    Streamed {
        /// The layers.
        model: Arc<LayeredModel>,
        /// Its sampler.
        sampler: Arc<LayeredSampler>,
    },
}

/// The whole model of a task.
pub struct WholeModel {
    /// The detector error model.
    pub dem: DetectorErrorModel,
    /// The matching graph of the whole model.
    /// Which defects the graph can match: the global decoder checks every shot against it.
    pub matchability: Arc<Matchability>,
    pub graph: Arc<MatchingGraph>,
    /// Detector layers, for windowed decoders.
    pub layers: Option<Arc<DetectorLayers>>,
    /// The sampler of the model.
    pub sampler: Arc<Sampler>,
    /// The graph's edge correlations, for correlated matching.
    pub correlations: Option<Arc<CorrelationTable>>,
}

/// A shot worker's decoder for one task.
pub enum TaskDecoder {
    /// Decodes shots of whole blocks that `sampler` samples.
    Whole {
        /// The decoder.
        decoder: Box<dyn TracedDecoder>,
        /// The task's sampler.
        sampler: Arc<Sampler>,
    },
    /// Samples and decodes blocks layer by layer.
    Streamed(Box<StreamedWindowDecoder>),
}

/// sinter-style strong id: SHA-256 hex of `circuit_text \n decoder \n metadata`.
pub fn strong_id(circuit_text: &str, decoder: &str, metadata: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(circuit_text.as_bytes());
    hasher.update(b"\n");
    hasher.update(decoder.as_bytes());
    hasher.update(b"\n");
    hasher.update(metadata.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

impl PreparedTask {
    /// Builds circuit, whole error model, graph and sampler of a validated task.
    pub fn prepare(spec: TaskSpec) -> Result<PreparedTask> {
        Self::prepare_with(spec, false)
    }

    /// Like [`PreparedTask::prepare`]; with `stream`, a sliding or parallel-window task of a
    /// long memory keeps its model as layers instead ([`TaskModel::Streamed`]), when its
    /// memory has a bulk (more than [`crate::dem::periodic::SHORT_ROUNDS`] rounds). Counts
    /// are the same either way.
    pub fn prepare_with(spec: TaskSpec, stream: bool) -> Result<PreparedTask> {
        let circuit = spec.circuit();
        let metadata = spec.metadata();
        let sample_key = spec.sample_key();
        spec.decoder.check_correlated(spec.correlated)?;
        let strong_id = strong_id(&circuit.to_string(), spec.decoder_name(), &metadata);
        drop(circuit);
        let (code, distance, basis, noise) = (spec.code, spec.distance, spec.basis, spec.noise);
        let circuit_of = |rounds| noise.family_circuit(code, distance, rounds, basis);
        let windowed = matches!(
            spec.decoder,
            DecoderKind::Sliding | DecoderKind::ParallelWindow
        );
        let layered = if stream && windowed {
            LayeredModel::of_memory(&circuit_of, spec.rounds)?
        } else {
            None
        };
        let model = match layered {
            Some(model) => TaskModel::Streamed {
                sampler: Arc::new(LayeredSampler::new(&model)),
                model: Arc::new(model),
            },
            None => TaskModel::Whole(WholeModel::build(
                &circuit_of,
                spec.rounds,
                windowed,
                spec.correlated,
            )?),
        };
        Ok(PreparedTask {
            spec,
            metadata,
            sample_key,
            strong_id,
            model,
        })
    }

    /// The whole model; an error for a streamed task.
    pub fn whole(&self) -> Result<&WholeModel> {
        match &self.model {
            TaskModel::Whole(whole) => Ok(whole),
            TaskModel::Streamed { .. } => Err(Error::Model {
                reason: "this needs the whole model of the memory, and the task streams it".into(),
            }),
        }
    }

    /// True when the task samples and decodes layer by layer.
    pub fn is_streamed(&self) -> bool {
        matches!(self.model, TaskModel::Streamed { .. })
    }

    /// Detectors of the memory.
    pub fn num_detectors(&self) -> u32 {
        match &self.model {
            TaskModel::Whole(whole) => whole.graph.num_detectors,
            TaskModel::Streamed { model, .. } => model.num_detectors(),
        }
    }

    /// A new decoder for one shot worker of a whole task; `window_pool` holds its a window
    /// threads (a > 1).
    pub fn new_decoder(
        &self,
        window_pool: Option<Arc<rayon::ThreadPool>>,
    ) -> Result<Box<dyn Decoder>> {
        self.new_decoder_on(window_pool.into())
    }

    /// A new decoder for one shot worker of a whole task whose parallel windows run on
    /// `window_threads`.
    pub fn new_decoder_on(&self, window_threads: WindowThreads) -> Result<Box<dyn Decoder>> {
        Ok(self.new_traced_decoder(window_threads, None)?)
    }

    /// What a shot worker runs blocks of this task with ([`super::run_block`]): a decoder of
    /// whole blocks, or for a streamed task one that samples and decodes layer by layer. Its
    /// parallel windows run on `window_threads` and report busy and idle threads to `observer`.
    pub fn new_block_decoder(
        &self,
        window_threads: WindowThreads,
        observer: Option<Arc<dyn WorkObserver>>,
    ) -> Result<TaskDecoder> {
        match &self.model {
            TaskModel::Whole(whole) => Ok(TaskDecoder::Whole {
                decoder: self.new_traced_decoder(window_threads, observer)?,
                sampler: whole.sampler.clone(),
            }),
            TaskModel::Streamed { model, sampler } => {
                let window = self.spec.window.ok_or_else(|| Error::Model {
                    reason: "windowed decoder without commit and buffer rounds".into(),
                })?;
                let (kind, threads) = match self.spec.decoder {
                    DecoderKind::Sliding => (StreamedKind::Sliding, WindowThreads::Sequential),
                    _ => (StreamedKind::Parallel, window_threads),
                };
                let mut decoder = StreamedWindowDecoder::new(
                    model.clone(),
                    sampler.clone(),
                    kind,
                    window.commit,
                    window.buffer,
                    threads,
                    self.spec.correlated,
                )?;
                decoder.set_observer(observer);
                Ok(TaskDecoder::Streamed(Box::new(decoder)))
            }
        }
    }

    /// A decoder of a whole task that can also explain one shot ([`TracedDecoder::decode_traced`]).
    pub fn new_traced_decoder(
        &self,
        window_threads: WindowThreads,
        observer: Option<Arc<dyn WorkObserver>>,
    ) -> Result<Box<dyn TracedDecoder>> {
        let whole = self.whole()?;
        match self.spec.decoder {
            DecoderKind::Global => match &whole.correlations {
                Some(table) => Ok(Box::new(CorrelatedMatcher::new(
                    &whole.graph,
                    table.clone(),
                )?)),
                None => Ok(Box::new(Matcher::new(&whole.graph)?)),
            },
            DecoderKind::Sliding => Ok(Box::new(self.sliding_decoder()?)),
            DecoderKind::ParallelWindow => {
                let mut decoder = self.parallel_decoder(window_threads)?;
                decoder.set_observer(observer);
                Ok(Box::new(decoder))
            }
            DecoderKind::IndependentWindows => {
                let window = self.spec.window.ok_or_else(|| Error::Model {
                    reason: "independent-windows decoder without window rounds and overlap".into(),
                })?;
                Ok(Box::new(IndependentWindowsDecoder::new(
                    &whole.graph,
                    self.spec.rounds,
                    window.commit,
                    window.buffer,
                )?))
            }
        }
    }

    /// The detector layers and window rounds of a windowed task.
    fn window_parts(&self) -> Result<(Arc<DetectorLayers>, u32, u32)> {
        let layers = self.whole()?.layers.clone().ok_or_else(|| Error::Model {
            reason: "windowed decoder without detector layers".into(),
        })?;
        let window = self.spec.window.ok_or_else(|| Error::Model {
            reason: "windowed decoder without commit and buffer rounds".into(),
        })?;
        Ok((layers, window.commit, window.buffer))
    }

    /// The task's sliding-window decoder (its c and w).
    pub fn sliding_decoder(&self) -> Result<SlidingDecoder> {
        let (layers, commit, buffer) = self.window_parts()?;
        let whole = self.whole()?;
        let mut decoder = SlidingDecoder::new(whole.graph.clone(), layers, commit, buffer)?;
        if let Some(table) = &whole.correlations {
            decoder.correlate(table);
        }
        Ok(decoder)
    }

    /// The task's parallel-window decoder (its c and w), its windows run on `window_threads`.
    pub fn parallel_decoder(&self, window_threads: WindowThreads) -> Result<ParallelWindowDecoder> {
        let (layers, commit, buffer) = self.window_parts()?;
        let whole = self.whole()?;
        let mut decoder = ParallelWindowDecoder::with_threads(
            whole.graph.clone(),
            layers,
            commit,
            buffer,
            window_threads,
        )?;
        if let Some(table) = &whole.correlations {
            decoder.correlate(table);
        }
        Ok(decoder)
    }
}

impl WholeModel {
    /// The whole model of the memory `circuit_of(rounds)` (a long memory's from its short
    /// model, [`crate::dem::periodic`]), with detector layers when `windowed` and edge
    /// correlations when `correlated`.
    fn build(
        circuit_of: &dyn Fn(u32) -> crate::circuit::Circuit,
        rounds: u32,
        windowed: bool,
        correlated: bool,
    ) -> Result<WholeModel> {
        WholeModel::from_dem(
            memory_error_model(circuit_of, rounds)?,
            windowed,
            correlated,
        )
    }

    /// The whole model of a detector error model, with detector layers (from the detectors'
    /// time coordinates) when `windowed` and edge correlations when `correlated`.
    pub(super) fn from_dem(
        dem: DetectorErrorModel,
        windowed: bool,
        correlated: bool,
    ) -> Result<WholeModel> {
        let graph = MatchingGraph::from_dem(&dem)?;
        // Independent windows cut by detector index, not by layer.
        let layers = if windowed {
            Some(Arc::new(DetectorLayers::from_coords(
                &dem.detector_coords,
                &graph,
            )?))
        } else {
            None
        };
        let sampler = Arc::new(Sampler::new(&dem));
        let correlations = if correlated {
            Some(Arc::new(CorrelationTable::from_dem(&dem, &graph)?))
        } else {
            None
        };
        Ok(WholeModel {
            dem,
            matchability: Arc::new(Matchability::new(&graph)),
            graph: Arc::new(graph),
            layers,
            sampler,
            correlations,
        })
    }
}
