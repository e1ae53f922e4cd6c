//! A task made ready to run: its circuit, error model, matching graph and sampler, built once
//! and shared by every worker; each worker makes its own decoder from it.

use crate::dem::{memory_error_model, DetectorErrorModel};
use crate::matching::{Decoder, Matcher, MatchingGraph};
use crate::sample::Sampler;
use crate::spec::{DecoderKind, TaskSpec};
use crate::window::{
    DetectorLayers, IndependentWindowsDecoder, ParallelWindowDecoder, SlidingDecoder,
    TracedDecoder, WindowThreads, WorkObserver,
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
    /// The detector error model.
    pub dem: DetectorErrorModel,
    /// The matching graph of the whole model.
    pub graph: Arc<MatchingGraph>,
    /// Detector layers, for windowed decoders.
    pub layers: Option<Arc<DetectorLayers>>,
    /// The sampler of the model.
    pub sampler: Sampler,
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
    /// Builds circuit, error model, graph and sampler of a validated task.
    pub fn prepare(spec: TaskSpec) -> Result<PreparedTask> {
        let circuit = spec.circuit();
        let metadata = spec.metadata();
        let sample_key = spec.sample_key();
        let strong_id = strong_id(&circuit.to_string(), spec.decoder.name(), &metadata);
        // A long memory's model is its short model's, repeated (dem::periodic).
        let (distance, basis, noise) = (spec.distance, spec.basis, spec.noise);
        let dem = memory_error_model(
            &|rounds| noise.memory_circuit(distance, rounds, basis),
            spec.rounds,
        )?;
        let graph = MatchingGraph::from_dem(&dem)?;
        // Independent windows cut by detector index, not by layer.
        let layers = if matches!(
            spec.decoder,
            DecoderKind::Sliding | DecoderKind::ParallelWindow
        ) {
            Some(Arc::new(DetectorLayers::from_coords(
                &dem.detector_coords,
                &graph,
            )?))
        } else {
            None
        };
        let sampler = Sampler::new(&dem);
        Ok(PreparedTask {
            spec,
            metadata,
            sample_key,
            strong_id,
            dem,
            graph: Arc::new(graph),
            layers,
            sampler,
        })
    }

    /// A new decoder for one shot worker; `window_pool` holds its a window threads (a > 1).
    pub fn new_decoder(
        &self,
        window_pool: Option<Arc<rayon::ThreadPool>>,
    ) -> Result<Box<dyn Decoder>> {
        self.new_decoder_on(window_pool.into())
    }

    /// A new decoder for one shot worker whose parallel windows run on `window_threads`.
    pub fn new_decoder_on(&self, window_threads: WindowThreads) -> Result<Box<dyn Decoder>> {
        self.new_decoder_observed(window_threads, None)
    }

    /// Like [`PreparedTask::new_decoder_on`]; a parallel-window decoder also reports its busy
    /// and idle threads to `observer` (other decoders decode on the calling thread only).
    pub fn new_decoder_observed(
        &self,
        window_threads: WindowThreads,
        observer: Option<Arc<dyn WorkObserver>>,
    ) -> Result<Box<dyn Decoder>> {
        Ok(self.new_traced_decoder(window_threads, observer)?)
    }

    /// Like [`PreparedTask::new_decoder_observed`], as a decoder that can also explain one
    /// shot ([`TracedDecoder::decode_traced`]).
    pub fn new_traced_decoder(
        &self,
        window_threads: WindowThreads,
        observer: Option<Arc<dyn WorkObserver>>,
    ) -> Result<Box<dyn TracedDecoder>> {
        match self.spec.decoder {
            DecoderKind::Global => Ok(Box::new(Matcher::new(&self.graph)?)),
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
                    &self.graph,
                    self.spec.rounds,
                    window.commit,
                    window.buffer,
                )?))
            }
        }
    }

    /// The detector layers and window rounds of a windowed task.
    fn window_parts(&self) -> Result<(Arc<DetectorLayers>, u32, u32)> {
        let layers = self.layers.clone().ok_or_else(|| Error::Model {
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
        SlidingDecoder::new(self.graph.clone(), layers, commit, buffer)
    }

    /// The task's parallel-window decoder (its c and w), its windows run on `window_threads`.
    pub fn parallel_decoder(&self, window_threads: WindowThreads) -> Result<ParallelWindowDecoder> {
        let (layers, commit, buffer) = self.window_parts()?;
        ParallelWindowDecoder::with_threads(
            self.graph.clone(),
            layers,
            commit,
            buffer,
            window_threads,
        )
    }
}
