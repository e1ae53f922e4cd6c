//! A long memory's error model as a stream of layers, never whole: a start, one bulk chunk
//! repeated, and an end, so that a memory of any number of rounds costs the memory of a short
//! one (streamed window decoding, DESIGN.md "Long memories").
//!
//! The model's errors, in model order (stim's, [`super::periodic`]), fall into chunks: chunk L
//! holds the errors whose first target is a detector of layer L. Since the order sorts by that
//! first target, model order is chunk 0, chunk 1, …, chunk r, then the few errors whose first
//! target is an observable. Every chunk in the bulk is one pattern shifted by whole layers; the
//! chunks near either end are listed explicitly. Chunk L touches only layers
//! L − `lag_back` … L + `lag_ahead`, so layer t is complete once chunk t + `lag_back` is done.
//! `tests/layered_dem.rs` checks that the chunks, concatenated, are the whole model error for
//! error.

use super::periodic::{anchor, shifted, sort_key, Layers, END_LAYERS, SHORT_ROUNDS, START_LAYERS};
use super::{DemError, DetectorErrorModel, Symptom};
use crate::circuit::Circuit;
use crate::ints::DetectorIndex;
use crate::Result;
use std::ops::Range;

/// One chunk of errors: listed, or the bulk pattern shifted by `shift` detectors.
#[derive(Debug, Clone, Copy)]
pub struct Chunk<'a> {
    /// The errors (before the shift), in model order.
    pub errors: &'a [DemError],
    /// Detectors to add to every detector index of `errors`.
    pub shift: u32,
}

/// A long memory's model, layer by layer (see the module docs).
#[derive(Debug, Clone)]
pub struct LayeredModel {
    rounds: u32,
    /// Detectors in layer 0, in each bulk layer 1 … r − 1, and in layer r.
    first: u32,
    bulk: u32,
    last: u32,
    num_observables: u32,
    /// Chunks 0 … bulk_from − 1.
    head: Vec<Vec<DemError>>,
    /// Chunk `bulk_from`; chunk L in bulk_from ..= bulk_to is it shifted by L − bulk_from layers.
    bulk_chunk: Vec<DemError>,
    bulk_from: u32,
    bulk_to: u32,
    /// Chunks bulk_to + 1 … r.
    tail: Vec<Vec<DemError>>,
    /// Errors without detectors (first target an observable): last in model order.
    observable_led: Vec<DemError>,
    /// Chunk L touches layers L − lag_back ..= L + lag_ahead.
    lag_back: u32,
    lag_ahead: u32,
}

/// The layers an error touches, and the layer of its first target (`None` without detectors).
fn layer_span(
    error: &DemError,
    layer_of: &dyn Fn(DetectorIndex) -> u32,
) -> Option<(u32, u32, u32)> {
    let lead = layer_of(*error.pieces.first()?.detectors.first()?);
    let detectors = error.pieces.iter().flat_map(|piece| piece.detectors.iter());
    let (low, high) = detectors.fold((u32::MAX, 0), |(low, high), &d| {
        let t = layer_of(d);
        (low.min(t), high.max(t))
    });
    Some((lead, low, high))
}

fn has_detectors(error: &DemError) -> bool {
    error.pieces.iter().any(|piece| !piece.detectors.is_empty())
}

impl LayeredModel {
    /// The model of the memory `circuit_of(rounds)` as layers, from `circuit_of(SHORT_ROUNDS)`'s
    /// model, or `None` when the memory is too short to have a bulk or is not periodic (then
    /// build the whole model).
    pub fn of_memory(
        circuit_of: &dyn Fn(u32) -> Circuit,
        rounds: u32,
    ) -> Result<Option<LayeredModel>> {
        if rounds <= SHORT_ROUNDS {
            return Ok(None);
        }
        let short = super::detector_error_model(&circuit_of(SHORT_ROUNDS))?;
        Ok(Self::from_short(&short, SHORT_ROUNDS, rounds))
    }

    /// The layers of a memory of `rounds` rounds from the periodic model `short` of
    /// `short_rounds` rounds.
    pub fn from_short(
        short: &DetectorErrorModel,
        short_rounds: u32,
        rounds: u32,
    ) -> Option<LayeredModel> {
        let layers = Layers::of(short, short_rounds)?;
        let last = short.num_detectors - layers.num_detectors(0);
        let end_from = short_rounds - END_LAYERS;
        let (mut start, mut template, mut end, mut observable_led) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut by_anchor_count = vec![0usize; short_rounds as usize + 1];
        for error in &short.errors {
            match anchor(error, &layers) {
                u32::MAX => observable_led.push(error.clone()),
                a if a < START_LAYERS => start.push(error.clone()),
                a if a > end_from => end.push(error.clone()),
                a => {
                    by_anchor_count[a as usize] += 1;
                    if a == START_LAYERS {
                        template.push(error.clone());
                    }
                }
            }
        }
        // The bulk must be one pattern (`periodic` checks it error by error; here the counts
        // suffice, since the chunks are checked against the whole model in tests).
        let bulk_anchors = &by_anchor_count[START_LAYERS as usize..=end_from as usize];
        if bulk_anchors.iter().any(|&count| count != template.len()) {
            return None;
        }
        let long = Layers { rounds, ..layers };
        let short_layer = |d: DetectorIndex| layers.layer_of(d);
        let long_layer = |d: DetectorIndex| long.layer_of(d);
        // Errors whose first target is an observable sort last: they must touch no detector.
        if observable_led.iter().any(has_detectors) {
            return None;
        }
        let tail_shift = (rounds - short_rounds) * layers.bulk;
        let end: Vec<DemError> = end.iter().map(|e| shifted(e, tail_shift)).collect();
        let long_end_from = rounds - END_LAYERS;
        let (mut lag_back, mut lag_ahead) = (0u32, 0u32);
        let mut note_lags = |span: Option<(u32, u32, u32)>| -> Option<(u32, u32, u32)> {
            let (lead, low, high) = span?;
            lag_back = lag_back.max(lead - low);
            lag_ahead = lag_ahead.max(high - lead);
            Some((lead, low, high))
        };
        // Template errors: lead − anchor.
        let mut template_lead = Vec::with_capacity(template.len());
        for error in &template {
            let (lead, _, _) = note_lags(layer_span(error, &short_layer))?;
            template_lead.push(lead - START_LAYERS);
        }
        let mut start_lead = Vec::with_capacity(start.len());
        for error in &start {
            start_lead.push(note_lags(layer_span(error, &long_layer))?.0);
        }
        let mut end_lead = Vec::with_capacity(end.len());
        for error in &end {
            end_lead.push(note_lags(layer_span(error, &long_layer))?.0);
        }
        let max_offset = template_lead.iter().copied().max().unwrap_or(0);
        let min_offset = template_lead.iter().copied().min().unwrap_or(0);
        let bulk_from =
            (start_lead.iter().map(|&l| l + 1).max().unwrap_or(0)).max(START_LAYERS + max_offset);
        let bulk_to = (end_lead
            .iter()
            .copied()
            .min()
            .unwrap_or(rounds + 1)
            .checked_sub(1)?)
        .min(long_end_from + min_offset);
        if bulk_from > bulk_to {
            return None;
        }
        // Every error of chunk L, in model order.
        let chunk_of = |lead: u32| -> Vec<DemError> {
            let mut errors: Vec<DemError> = Vec::new();
            errors.extend(
                start
                    .iter()
                    .zip(&start_lead)
                    .filter(|(_, &l)| l == lead)
                    .map(|(e, _)| e.clone()),
            );
            for (error, &offset) in template.iter().zip(&template_lead) {
                let Some(a) = lead.checked_sub(offset) else {
                    continue;
                };
                if (START_LAYERS..=long_end_from).contains(&a) {
                    errors.push(shifted(error, (a - START_LAYERS) * layers.bulk));
                }
            }
            errors.extend(
                end.iter()
                    .zip(&end_lead)
                    .filter(|(_, &l)| l == lead)
                    .map(|(e, _)| e.clone()),
            );
            errors.sort_by(|a, b| sort_key(a).cmp(sort_key(b)));
            errors
        };
        let head = (0..bulk_from).map(chunk_of).collect();
        let bulk_chunk = chunk_of(bulk_from);
        let tail = (bulk_to + 1..=rounds).map(chunk_of).collect();
        observable_led.sort_by(|a, b| sort_key(a).cmp(sort_key(b)));
        Some(LayeredModel {
            rounds,
            first: layers.first,
            bulk: layers.bulk,
            last,
            num_observables: short.num_observables,
            head,
            bulk_chunk,
            bulk_from,
            bulk_to,
            tail,
            observable_led,
            lag_back,
            lag_ahead,
        })
    }

    /// Rounds r of the memory.
    pub fn rounds(&self) -> u32 {
        self.rounds
    }

    /// Detector layers L = r + 1 (also the number of chunks).
    pub fn num_layers(&self) -> u32 {
        self.rounds + 1
    }

    /// Detectors of the whole memory.
    pub fn num_detectors(&self) -> u32 {
        self.layer_start(self.num_layers())
    }

    /// Observables of the memory.
    pub fn num_observables(&self) -> u32 {
        self.num_observables
    }

    /// The most detectors in one layer.
    pub fn max_layer_detectors(&self) -> u32 {
        self.first.max(self.last).max(self.bulk)
    }

    /// First detector of layer `t` (t = L: the number of detectors).
    pub fn layer_start(&self, t: u32) -> DetectorIndex {
        match t {
            0 => 0,
            t if t <= self.rounds => self.first + (t - 1) * self.bulk,
            _ => self.first + (self.rounds - 1) * self.bulk + self.last,
        }
    }

    /// The layer of detector `d`.
    pub fn layer_of(&self, d: DetectorIndex) -> u32 {
        if d < self.first {
            0
        } else {
            (1 + (d - self.first) / self.bulk).min(self.rounds)
        }
    }

    /// Chunk L touches layers L − `lag_back` … L + `lag_ahead`.
    pub fn lags(&self) -> (u32, u32) {
        (self.lag_back, self.lag_ahead)
    }

    /// The leads whose chunk is the bulk pattern shifted (inclusive).
    pub fn bulk_leads(&self) -> (u32, u32) {
        (self.bulk_from, self.bulk_to)
    }

    /// Chunk `lead` (0 ≤ lead ≤ r): the errors whose first target is in layer `lead`.
    pub fn chunk(&self, lead: u32) -> Chunk<'_> {
        if lead < self.bulk_from {
            Chunk {
                errors: &self.head[lead as usize],
                shift: 0,
            }
        } else if lead <= self.bulk_to {
            Chunk {
                errors: &self.bulk_chunk,
                shift: (lead - self.bulk_from) * self.bulk,
            }
        } else {
            Chunk {
                errors: &self.tail[(lead - self.bulk_to - 1) as usize],
                shift: 0,
            }
        }
    }

    /// The errors after the last chunk: those without detectors.
    pub fn observable_led(&self) -> &[DemError] {
        &self.observable_led
    }

    /// True when chunks `leads` are all the bulk pattern (shifted).
    pub fn is_bulk(&self, leads: Range<i64>) -> bool {
        leads.start >= self.bulk_from as i64 && leads.end <= self.bulk_to as i64 + 1
    }

    /// The chunks that may touch layers `layers`, as a range of leads (possibly out of 0 ..= r).
    pub fn chunks_touching(&self, layers: &Range<u32>) -> Range<i64> {
        layers.start as i64 - self.lag_ahead as i64..layers.end as i64 + self.lag_back as i64
    }

    /// How far beyond a range of layers an error touching it may reach.
    pub fn reach(&self) -> u32 {
        (self.lag_back + self.lag_ahead).max(1)
    }

    /// The layers `layers` widened by [`LayeredModel::reach`] on each side, within 0 … L.
    pub fn widened(&self, layers: &Range<u32>) -> Range<u32> {
        layers.start.saturating_sub(self.reach())
            ..(layers.end + self.reach()).min(self.num_layers())
    }

    /// The errors (in model order) with a detector in `layers`, as a model of the layers
    /// [`LayeredModel::widened`], whose first layer's first detector is renumbered 0; with that
    /// first layer. `None` when such an error reaches further (never, by the lags).
    pub fn errors_touching(&self, layers: &Range<u32>) -> Option<(DetectorErrorModel, u32)> {
        let Range {
            start: base,
            end: base_end,
        } = self.widened(layers);
        let (from, to) = (self.layer_start(base), self.layer_start(base_end));
        let inside = self.layer_start(layers.start)..self.layer_start(layers.end);
        let leads = self.chunks_touching(layers);
        let mut errors = Vec::new();
        for lead in leads.start.max(0)..leads.end.min(self.num_layers() as i64) {
            let chunk = self.chunk(lead as u32);
            for error in chunk.errors {
                let mut touches = false;
                for &d in error.pieces.iter().flat_map(|p| p.detectors.iter()) {
                    let d = d + chunk.shift;
                    touches |= inside.contains(&d);
                    if !(from..to).contains(&d) {
                        return None;
                    }
                }
                if touches {
                    errors.push(DemError {
                        probability: error.probability,
                        pieces: error
                            .pieces
                            .iter()
                            .map(|piece| Symptom {
                                detectors: piece
                                    .detectors
                                    .iter()
                                    .map(|&d| d + chunk.shift - from)
                                    .collect(),
                                observables: piece.observables,
                            })
                            .collect(),
                    });
                }
            }
        }
        let model = DetectorErrorModel {
            errors,
            num_detectors: to - from,
            num_observables: self.num_observables,
            detector_coords: Vec::new(),
        };
        Some((model, base))
    }

    /// Every error, in model order, with the chunks' shifts applied (tests compare it with the
    /// whole model; nothing that runs a long memory calls it).
    pub fn to_errors(&self) -> Vec<DemError> {
        let mut errors = Vec::new();
        for lead in 0..self.num_layers() {
            let chunk = self.chunk(lead);
            errors.extend(chunk.errors.iter().map(|e| shifted(e, chunk.shift)));
        }
        errors.extend(self.observable_led.iter().cloned());
        errors
    }
}
