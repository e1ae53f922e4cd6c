//! One shot, explained: its detection events, its actual observable flips, the error
//! mechanisms that fired, and a decoder's answer with how it got there (the matching, or every
//! window with its spans, artificial defects and own matching). Used by `surfacelab shot` and
//! the page's shot viewer, which draw what this returns and compute none of it.
//!
//! A shot is the task and its index K in the task's stream: K = 1024·block + position, the
//! same K-th shot that `collect` samples for that seed. Since the stream is keyed on what is
//! sampled ([`TaskSpec::sample_key`]), every decoder sees the same shot K.

pub mod cut;
pub mod flip;
pub mod geometry;
mod own_circuit;

use crate::circuit::NoiseParams;
use crate::collect::PreparedTask;
use crate::dem::Symptom;
use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask, BLOCK_SHOTS};
use crate::matching::{MatchedPair, MatchingGraph};
use crate::sample::ShotBatch;
use crate::spec::{DecoderKind, NoiseModel, TaskSpec, WindowRoundsSpec};
use crate::window::{DecoderTrace, TracedDecoder, WindowThreads, WindowTrace};
use crate::{Error, Result};
use flip::{HandError, HandErrors};
use geometry::{shot_geometry, ShotGeometry};
use serde::Serialize;

/// Largest shot index K: 2^53 − 1, so that the page's numbers hold it exactly.
pub const MAX_SHOT_INDEX: u64 = (1 << 53) - 1;

/// Every decoder, in the order "compare decoders" lists them.
pub const ALL_DECODERS: [DecoderKind; 4] = [
    DecoderKind::Global,
    DecoderKind::Sliding,
    DecoderKind::ParallelWindow,
    DecoderKind::IndependentWindows,
];

/// An error mechanism that fired in the shot (or a hand-made one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiredError {
    /// The detectors it flips (ascending).
    pub detectors: Vec<DetectorIndex>,
    /// The observables it flips.
    pub observables: ObservableMask,
}

/// A hand-made error and what it flips.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandErrorView {
    /// stim's qubit index.
    pub qubit: u32,
    /// Round t.
    pub round: u32,
    /// The detectors it flips (ascending).
    pub detectors: Vec<DetectorIndex>,
    /// The observables it flips.
    pub observables: ObservableMask,
}

/// An edge as views draw it: `[a, b]`, `b` null for the boundary.
pub type EdgeEnds = (DetectorIndex, Option<DetectorIndex>);

/// One window of a window decoder's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowView {
    /// `A`, `B`, `S` (sliding) or `I` (the seed's independent windows).
    pub layer: &'static str,
    /// First layer it decodes.
    pub start: u32,
    /// One past its last layer.
    pub end: u32,
    /// First layer it commits.
    pub commit_start: u32,
    /// One past the last layer it commits.
    pub commit_end: u32,
    /// Its detectors, half-open.
    pub detector_start: DetectorIndex,
    /// One past its last detector.
    pub detector_end: DetectorIndex,
    /// Which of the a window threads decodes it (round-robin within its layer).
    pub thread: u32,
    /// The detection events it matched (artificial ones included).
    pub defects: Vec<DetectorIndex>,
    /// The events it received from windows committed before it.
    pub artificial_defects: Vec<DetectorIndex>,
    /// Its own matching's pairs (`null` = its boundary, open sides included).
    pub matched_pairs: Vec<MatchedPair>,
    /// Its own matching's path edges.
    pub path_edges: Vec<EdgeEnds>,
    /// Its own matching's weight.
    pub weight: f64,
    /// The edges it committed.
    pub committed_edges: Vec<EdgeEnds>,
    /// XOR of the committed edges' observables.
    pub observables: ObservableMask,
}

/// One shot and one decoder's answer (`surfacelab shot --json`, the viewer's data).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShotExplanation {
    /// The shot's index K in the task's stream.
    pub index: u64,
    /// The decoder's name.
    pub decoder: &'static str,
    /// Detection events after hand-made errors (ascending).
    pub detection_events: Vec<DetectorIndex>,
    /// Actual observable flips after hand-made errors.
    pub observable_flips: ObservableMask,
    /// The decoder's predicted flips.
    pub prediction: ObservableMask,
    /// True when the prediction equals the actual flips.
    pub correct: bool,
    /// The correction: matched paths (global) or committed edges (windows).
    pub path_edges: Vec<EdgeEnds>,
    /// Each path edge's observables, in the same order.
    pub path_edge_observables: Vec<ObservableMask>,
    /// The sum of the path edges' weights (global: the minimum matching weight).
    pub weight: f64,
    /// Global matching's pairs (`null` = boundary); empty for window decoders.
    pub matched_pairs: Vec<MatchedPair>,
    /// The sampled error mechanisms that fired.
    pub fired_errors: Vec<FiredError>,
    /// The hand-made errors, in the order given.
    pub hand_errors: Vec<HandErrorView>,
    /// Window decoders: every window in decode order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub windows: Option<Vec<WindowView>>,
}

/// One decoder's verdict on a shot ("compare decoders").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecoderVerdict {
    /// The decoder's name.
    pub decoder: &'static str,
    /// Its prediction, when it can decode this memory.
    pub prediction: Option<ObservableMask>,
    /// True when it predicted the actual flips.
    pub correct: Option<bool>,
    /// Number of windows it used.
    pub windows: usize,
    /// Why it cannot decode this memory (e.g. independent windows need odd d).
    pub unavailable: Option<String>,
}

/// What [`ShotExplorer::find`] looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// A shot the decoder predicts wrongly.
    Failure(DecoderKind),
    /// A shot the seed's independent windows predict wrongly and parallel-window rightly.
    SeedFailsParallelRight,
}

/// The result of a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Found {
    /// The first matching shot's index, if any.
    pub index: Option<u64>,
    /// How many shots were looked at.
    pub searched: u64,
}

/// One decoder of the explored memory, prepared on first use.
struct DecoderSlot {
    kind: DecoderKind,
    task: PreparedTask,
    decoder: Box<dyn TracedDecoder>,
}

/// Explains shots of one memory, for any decoder. Build once per task (circuit, model and
/// decoders are prepared on first use and kept); every call is cheap after that.
pub struct ShotExplorer {
    spec: TaskSpec,
    window_threads: u32,
    slots: Vec<DecoderSlot>,
    /// Hand-made errors are placed by round on a generated memory's qubits: `None` for a
    /// circuit of the user's own.
    hand: Option<HandErrors>,
    /// The text of a circuit of the user's own (`shot --circuit`), when the memory is one.
    circuit: Option<String>,
    /// The last sampled block: (seed, block, shots).
    block: Option<(u64, u64, ShotBatch)>,
    /// The mechanisms that fired in each shot of that block, once a shot of it is explained.
    fired: Option<Vec<Vec<u32>>>,
}

/// A shot's events and flips after hand-made errors.
struct SampledShot {
    detection_events: Vec<DetectorIndex>,
    observable_flips: ObservableMask,
    fired_errors: Vec<FiredError>,
    hand_errors: Vec<HandErrorView>,
}

impl ShotExplorer {
    /// Prepares the memory of `spec` with its decoder; `window_threads` (a) labels which
    /// window thread decodes each window.
    pub fn new(spec: TaskSpec, window_threads: u32) -> Result<ShotExplorer> {
        let noiseless = noiseless_memory(&spec);
        let mut explorer = ShotExplorer {
            spec,
            window_threads: window_threads.max(1),
            slots: Vec::new(),
            hand: Some(HandErrors::new(&noiseless, spec.basis, spec.rounds)),
            circuit: None,
            block: None,
            fired: None,
        };
        explorer.slot(spec.decoder)?;
        Ok(explorer)
    }

    /// The task's own decoder.
    pub fn decoder(&self) -> DecoderKind {
        self.spec.decoder
    }

    /// The task's decoder as the CSV names it (`global+correlated`, ...).
    pub fn decoder_name(&self) -> &'static str {
        self.spec.decoder_name()
    }

    /// What a view needs to draw the memory.
    pub fn geometry(&mut self) -> Result<ShotGeometry> {
        if self.circuit.is_some() {
            return self.circuit_geometry();
        }
        let basis = self.spec.basis.letter();
        let (distance, rounds) = (self.spec.distance, self.spec.rounds);
        let noiseless = noiseless_memory(&self.spec);
        let slot = self.slot(self.spec.decoder)?;
        shot_geometry(
            &noiseless,
            &slot.task.whole()?.dem,
            &slot.task.whole()?.graph,
            distance,
            rounds,
            basis,
        )
    }

    /// The spec of the same memory decoded by `kind`: window rounds as asked, or d; correlated
    /// as asked, where `kind` can be.
    fn spec_for(&self, kind: DecoderKind) -> Result<TaskSpec> {
        if self.circuit.is_some() {
            return self.circuit_spec_for(kind);
        }
        let window = if kind.is_windowed() {
            let asked = WindowRoundsSpec {
                commit: self.spec.window.map(|w| w.commit),
                buffer: self.spec.window.map(|w| w.buffer),
            };
            let buffer_ok = asked.buffer.is_none_or(|w| w >= kind.min_buffer_rounds());
            let asked = if buffer_ok {
                asked
            } else {
                WindowRoundsSpec {
                    buffer: None,
                    ..asked
                }
            };
            Some(asked.resolve(kind, self.spec.distance, self.spec.rounds)?)
        } else {
            None
        };
        Ok(TaskSpec {
            decoder: kind,
            window,
            // Independent windows have no correlated matching: they stay the seed's baseline.
            correlated: self.spec.correlated && kind != DecoderKind::IndependentWindows,
            ..self.spec
        })
    }

    fn slot(&mut self, kind: DecoderKind) -> Result<&mut DecoderSlot> {
        let position = match self.slots.iter().position(|slot| slot.kind == kind) {
            Some(position) => position,
            None => {
                let spec = self.spec_for(kind)?;
                let task = match &self.circuit {
                    Some(text) => {
                        PreparedTask::from_circuit(text, kind, spec.window, spec.correlated)?
                    }
                    None => PreparedTask::prepare(spec)?,
                };
                let decoder = task.new_traced_decoder(WindowThreads::Sequential, None)?;
                self.slots.push(DecoderSlot {
                    kind,
                    task,
                    decoder,
                });
                self.slots.len() - 1
            }
        };
        Ok(&mut self.slots[position])
    }

    /// Samples (or reuses) the block of shot `index`.
    fn load_block(&mut self, seed: u64, block: u64) -> Result<()> {
        if matches!(&self.block, Some((s, b, _)) if *s == seed && *b == block) {
            return Ok(());
        }
        let mut batch = self
            .block
            .take()
            .map(|(_, _, batch)| batch)
            .unwrap_or_default();
        let task = &self.slots[0].task;
        task.whole()?
            .sampler
            .sample_block(seed, &task.sample_key, block, BLOCK_SHOTS, &mut batch);
        self.block = Some((seed, block, batch));
        self.fired = None;
        Ok(())
    }

    /// Shot `index` of the stream with `seed`, with `flips` applied.
    fn sample(&mut self, seed: u64, index: u64, flips: &[HandError]) -> Result<SampledShot> {
        check_index(index)?;
        let (block, position) = (
            index / BLOCK_SHOTS as u64,
            (index % BLOCK_SHOTS as u64) as usize,
        );
        self.load_block(seed, block)?;
        let batch = &self.block.as_ref().expect("load_block keeps the block").2;
        let mut events = Vec::new();
        batch.defects_into(position, &mut events);
        let mut shot = Symptom {
            detectors: events,
            observables: batch.observables[position],
        };
        let task = &self.slots[0].task;
        let whole = task.whole()?;
        let fired = self
            .fired
            .get_or_insert_with(|| whole.sampler.fired_by_shot(seed, &task.sample_key, block));
        let fired_errors = fired[position]
            .iter()
            .map(|&mechanism| {
                let symptom = whole.dem.errors[mechanism as usize].symptom();
                FiredError {
                    detectors: symptom.detectors,
                    observables: symptom.observables,
                }
            })
            .collect();
        let mut hand_errors = Vec::with_capacity(flips.len());
        for &flip in flips {
            let symptom = self
                .hand
                .as_mut()
                .ok_or_else(|| {
                    Error::parameter(
                        "flip",
                        format!("{}:{}", flip.qubit, flip.round),
                        "absent for a circuit of your own (hand-made errors are placed by \
                         round on a generated memory's data and measure qubits)",
                    )
                })?
                .symptom(flip)?;
            shot = shot.xor(&symptom);
            hand_errors.push(HandErrorView {
                qubit: flip.qubit,
                round: flip.round,
                detectors: symptom.detectors,
                observables: symptom.observables,
            });
        }
        Ok(SampledShot {
            detection_events: shot.detectors,
            observable_flips: shot.observables,
            fired_errors,
            hand_errors,
        })
    }

    /// Shot `index` with `flips` applied, decoded by `decoder`.
    pub fn explain(
        &mut self,
        seed: u64,
        index: u64,
        flips: &[HandError],
        decoder: DecoderKind,
    ) -> Result<ShotExplanation> {
        let shot = self.sample(seed, index, flips)?;
        let window_threads = self.window_threads;
        let slot = self.slot(decoder)?;
        let trace = slot
            .decoder
            .decode_traced(&shot.detection_events, window_threads);
        let graph = &slot.task.whole()?.graph;
        Ok(explanation(index, decoder, shot, trace, graph))
    }

    /// Every decoder's verdict on shot `index` with `flips` applied.
    pub fn compare(
        &mut self,
        seed: u64,
        index: u64,
        flips: &[HandError],
    ) -> Result<Vec<DecoderVerdict>> {
        let shot = self.sample(seed, index, flips)?;
        let mut verdicts = Vec::with_capacity(ALL_DECODERS.len());
        for kind in ALL_DECODERS {
            let verdict = match self.slot(kind) {
                Ok(slot) => {
                    let trace = slot.decoder.decode_traced(&shot.detection_events, 1);
                    DecoderVerdict {
                        decoder: kind.name(),
                        prediction: Some(trace.prediction),
                        correct: Some(trace.prediction == shot.observable_flips),
                        windows: trace.windows.len().max(1),
                        unavailable: None,
                    }
                }
                Err(error) => DecoderVerdict {
                    decoder: kind.name(),
                    prediction: None,
                    correct: None,
                    windows: 0,
                    unavailable: Some(error.to_string()),
                },
            };
            verdicts.push(verdict);
        }
        Ok(verdicts)
    }

    /// Which chain crossed which of the seed's cuts in shot `index` with `flips`, and the
    /// parallel-window hand-over at it ([`cut::cut_story`]).
    pub fn cut_story(
        &mut self,
        seed: u64,
        index: u64,
        flips: &[HandError],
    ) -> Result<cut::CutStory> {
        let independent = self.explain(seed, index, flips, DecoderKind::IndependentWindows)?;
        let parallel = self.explain(seed, index, flips, DecoderKind::ParallelWindow)?;
        let global = self.explain(seed, index, flips, DecoderKind::Global)?;
        let layers = self
            .slot(DecoderKind::ParallelWindow)?
            .task
            .whole()?
            .layers
            .clone()
            .ok_or_else(|| Error::Model {
                reason: "parallel-window without detector layers".into(),
            })?;
        Ok(cut::cut_story(
            &independent,
            &parallel,
            &global,
            &layers.layer_of,
        ))
    }

    /// The first shot from `from` on (at most `limit` shots) that is `wanted`, without
    /// hand-made errors.
    pub fn find(&mut self, seed: u64, from: u64, limit: u64, wanted: Wanted) -> Result<Found> {
        check_index(from)?;
        let kinds: &[DecoderKind] = match wanted {
            Wanted::Failure(kind) => &[kind][..],
            Wanted::SeedFailsParallelRight => {
                &[DecoderKind::IndependentWindows, DecoderKind::ParallelWindow][..]
            }
        };
        let kinds = kinds.to_vec();
        for &kind in &kinds {
            self.slot(kind)?;
        }
        let end = from.saturating_add(limit).min(MAX_SHOT_INDEX + 1);
        let mut events = Vec::new();
        let mut index = from;
        while index < end {
            let block = index / BLOCK_SHOTS as u64;
            self.load_block(seed, block)?;
            let block_end = ((block + 1) * BLOCK_SHOTS as u64).min(end);
            while index < block_end {
                let position = (index % BLOCK_SHOTS as u64) as usize;
                let (batch, slots) = (
                    &self.block.as_ref().expect("block loaded").2,
                    &mut self.slots,
                );
                batch.defects_into(position, &mut events);
                let actual = batch.observables[position];
                let mut wrong = |kind: DecoderKind| {
                    let slot = slots
                        .iter_mut()
                        .find(|slot| slot.kind == kind)
                        .expect("prepared above");
                    slot.decoder.decode(&events) != actual
                };
                let hit = match wanted {
                    Wanted::Failure(kind) => wrong(kind),
                    Wanted::SeedFailsParallelRight => {
                        wrong(DecoderKind::IndependentWindows)
                            && !wrong(DecoderKind::ParallelWindow)
                    }
                };
                if hit {
                    return Ok(Found {
                        index: Some(index),
                        searched: index - from + 1,
                    });
                }
                index += 1;
            }
        }
        Ok(Found {
            index: None,
            searched: end - from,
        })
    }
}

/// The memory's circuit without noise: the qubits, gates and detectors of every noise model's
/// circuit (noise models only add noise), which geometry and hand-made errors read.
fn noiseless_memory(spec: &TaskSpec) -> crate::circuit::Circuit {
    NoiseModel::Stim(NoiseParams::uniform(0.0)).family_circuit(
        spec.code,
        spec.distance,
        spec.rounds,
        spec.basis,
    )
}

fn check_index(index: u64) -> Result<()> {
    if index > MAX_SHOT_INDEX {
        return Err(Error::parameter(
            "index",
            index,
            "an integer from 0 to 9007199254740991 (2^53 - 1)",
        ));
    }
    Ok(())
}

fn ends(graph: &MatchingGraph, edge: EdgeIndex) -> EdgeEnds {
    let edge = &graph.edges[edge as usize];
    (edge.node_a, edge.node_b)
}

fn window_view(window: WindowTrace, graph: &MatchingGraph) -> WindowView {
    WindowView {
        layer: window.kind.letter(),
        start: window.layers.start,
        end: window.layers.end,
        commit_start: window.commit.start,
        commit_end: window.commit.end,
        detector_start: window.detectors.start,
        detector_end: window.detectors.end,
        thread: window.thread,
        defects: window.defects,
        artificial_defects: window.artificial_defects,
        matched_pairs: window.matched_pairs,
        path_edges: window.path_edges.iter().map(|&e| ends(graph, e)).collect(),
        weight: window.weight,
        committed_edges: window
            .committed_edges
            .iter()
            .map(|&e| ends(graph, e))
            .collect(),
        observables: window.observables,
    }
}

fn explanation(
    index: u64,
    decoder: DecoderKind,
    shot: SampledShot,
    trace: DecoderTrace,
    graph: &MatchingGraph,
) -> ShotExplanation {
    let windows = decoder.is_windowed().then(|| {
        trace
            .windows
            .into_iter()
            .map(|w| window_view(w, graph))
            .collect()
    });
    ShotExplanation {
        index,
        decoder: decoder.name(),
        correct: trace.prediction == shot.observable_flips,
        detection_events: shot.detection_events,
        observable_flips: shot.observable_flips,
        prediction: trace.prediction,
        path_edges: trace.path_edges.iter().map(|&e| ends(graph, e)).collect(),
        path_edge_observables: trace
            .path_edges
            .iter()
            .map(|&e| graph.edges[e as usize].observables)
            .collect(),
        weight: trace.weight,
        matched_pairs: trace.matched_pairs,
        fired_errors: shot.fired_errors,
        hand_errors: shot.hand_errors,
        windows,
    }
}
