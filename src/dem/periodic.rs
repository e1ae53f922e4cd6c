//! The error model of a long memory from a short one: a memory of r rounds is a start, one
//! bulk round repeated, and an end, so its errors are those of a short memory with the bulk
//! round's errors repeated, shifted by one layer of detectors each time.
//!
//! The short model is built by propagation as usual; every error is filed under its anchor
//! layer (the earliest layer it touches). The anchors of the bulk must all be the same errors
//! shifted, which is checked on the short model itself; where the check fails (a circuit that
//! is not periodic) the long model is built directly instead. The result is sorted exactly as
//! the propagation sorts (stim's order), so for a periodic memory it equals the direct model
//! error for error, bit for bit (`tests/periodic_dem.rs`), at a cost that grows with r only in
//! copying.

use super::propagate::targets::{detector_code, observable_code, SEPARATOR};
use super::{DemError, DetectorErrorModel, Symptom};
use crate::circuit::Circuit;
use crate::ints::DetectorIndex;
use crate::Result;

/// Rounds of the short model; memories up to this many rounds are built directly.
pub const SHORT_ROUNDS: u32 = 16;

/// Anchors below this are the start.
pub(super) const START_LAYERS: u32 = 4;

/// Anchors within this many layers of the last are the end.
pub(super) const END_LAYERS: u32 = 4;

/// The decomposed error model of the memory `circuit_of(rounds)`: by extension of the model of
/// `circuit_of(SHORT_ROUNDS)` when rounds > [`SHORT_ROUNDS`] and the short model is periodic,
/// else by propagation of the whole circuit.
pub fn memory_error_model(
    circuit_of: &dyn Fn(u32) -> Circuit,
    rounds: u32,
) -> Result<DetectorErrorModel> {
    match extended_memory_model(circuit_of, rounds)? {
        Some(model) => Ok(model),
        None => super::detector_error_model(&circuit_of(rounds)),
    }
}

/// The model of `circuit_of(rounds)` extended from `circuit_of(SHORT_ROUNDS)`'s, or `None`
/// when rounds ≤ [`SHORT_ROUNDS`] or the short model is not periodic.
pub fn extended_memory_model(
    circuit_of: &dyn Fn(u32) -> Circuit,
    rounds: u32,
) -> Result<Option<DetectorErrorModel>> {
    if rounds <= SHORT_ROUNDS {
        return Ok(None);
    }
    let short = super::detector_error_model(&circuit_of(SHORT_ROUNDS))?;
    Ok(extend(&short, SHORT_ROUNDS, rounds))
}

/// The layer structure of a memory model: layer 0, equal bulk layers, the final layer.
pub(super) struct Layers {
    /// Detectors in layer 0.
    pub(super) first: u32,
    /// Detectors in each bulk layer 1 … r − 1.
    pub(super) bulk: u32,
    /// Rounds r (layers 0 … r).
    pub(super) rounds: u32,
}

impl Layers {
    /// Reads the layers from the time coordinates; `None` unless they have this shape.
    pub(super) fn of(model: &DetectorErrorModel, rounds: u32) -> Option<Layers> {
        let mut counts = vec![0u32; rounds as usize + 1];
        for coords in &model.detector_coords {
            let t = super::model::time_coordinate(coords)?;
            if t < 0.0 || t.fract() != 0.0 || t > rounds as f64 {
                return None;
            }
            counts[t as usize] += 1;
        }
        let bulk = counts[1];
        let shaped = counts[1..rounds as usize].iter().all(|&c| c == bulk)
            && counts.iter().sum::<u32>() == model.num_detectors;
        shaped.then_some(Layers {
            first: counts[0],
            bulk,
            rounds,
        })
    }

    pub(super) fn layer_of(&self, detector: DetectorIndex) -> u32 {
        if detector < self.first {
            0
        } else {
            (1 + (detector - self.first) / self.bulk).min(self.rounds)
        }
    }

    pub(super) fn num_detectors(&self, final_layer: u32) -> u32 {
        self.first + (self.rounds - 1) * self.bulk + final_layer
    }
}

/// The earliest layer an error touches (`u32::MAX` without detectors).
pub(super) fn anchor(error: &DemError, layers: &Layers) -> u32 {
    error
        .pieces
        .iter()
        .flat_map(|piece| piece.detectors.iter())
        .map(|&d| layers.layer_of(d))
        .min()
        .unwrap_or(u32::MAX)
}

pub(super) fn shifted(error: &DemError, by: u32) -> DemError {
    DemError {
        probability: error.probability,
        pieces: error
            .pieces
            .iter()
            .map(|piece| Symptom {
                detectors: piece.detectors.iter().map(|&d| d + by).collect(),
                observables: piece.observables,
            })
            .collect(),
    }
}

/// The propagation's sort key of an error (stim's order), without allocating: each piece's
/// detectors, then its observables, pieces separated by `^`.
pub(super) fn sort_key(error: &DemError) -> impl Iterator<Item = u64> + '_ {
    error.pieces.iter().enumerate().flat_map(|(index, piece)| {
        let separator = (index > 0).then_some(SEPARATOR);
        separator
            .into_iter()
            .chain(piece.detectors.iter().map(|&d| detector_code(d as u64)))
            .chain(
                (0..64)
                    .filter(move |bit| piece.observables >> bit & 1 == 1)
                    .map(observable_code),
            )
    })
}

/// The model of `rounds` rounds from the periodic model `short` of `short_rounds` rounds, or
/// `None` when `short` is not periodic.
fn extend(
    short: &DetectorErrorModel,
    short_rounds: u32,
    rounds: u32,
) -> Option<DetectorErrorModel> {
    let layers = Layers::of(short, short_rounds)?;
    let final_layer = short.num_detectors - layers.num_detectors(0);
    let end_from = short_rounds - END_LAYERS;
    let mut by_anchor: Vec<Vec<&DemError>> = vec![Vec::new(); short_rounds as usize + 1];
    let mut start = Vec::new();
    let mut end = Vec::new();
    for error in &short.errors {
        match anchor(error, &layers) {
            a if a < START_LAYERS => start.push(error),
            a if a > end_from || a == u32::MAX => end.push(error),
            a => by_anchor[a as usize].push(error),
        }
    }
    // The bulk anchors must be one pattern, shifted.
    let template = &by_anchor[START_LAYERS as usize];
    for a in START_LAYERS + 1..=end_from {
        let shift = (a - START_LAYERS) * layers.bulk;
        let same = by_anchor[a as usize].len() == template.len()
            && template
                .iter()
                .zip(&by_anchor[a as usize])
                .all(|(t, e)| shifted(t, shift) == **e);
        if !same {
            return None;
        }
    }
    let long_end_from = rounds - END_LAYERS;
    let tail_shift = (rounds - short_rounds) * layers.bulk;
    let bulk_count = (long_end_from - START_LAYERS + 1) as usize;
    let mut errors: Vec<DemError> =
        Vec::with_capacity(start.len() + end.len() + bulk_count * template.len());
    errors.extend(start.into_iter().cloned());
    for a in START_LAYERS..=long_end_from {
        let shift = (a - START_LAYERS) * layers.bulk;
        errors.extend(template.iter().map(|error| shifted(error, shift)));
    }
    errors.extend(end.into_iter().map(|error| shifted(error, tail_shift)));
    errors.sort_unstable_by(|a, b| sort_key(a).cmp(sort_key(b)));
    let long = Layers { rounds, ..layers };
    let num_detectors = long.num_detectors(final_layer);
    let mut detector_coords = Vec::with_capacity(num_detectors as usize);
    let first_bulk = layers.first as usize;
    let bulk_coords = &short.detector_coords[first_bulk..first_bulk + layers.bulk as usize];
    detector_coords.extend_from_slice(&short.detector_coords[..first_bulk]);
    for t in 1..rounds {
        detector_coords.extend(bulk_coords.iter().map(|c| with_time(c, t)));
    }
    let final_coords = &short.detector_coords[layers.num_detectors(0) as usize..];
    detector_coords.extend(final_coords.iter().map(|c| with_time(c, rounds)));
    Some(DetectorErrorModel {
        errors,
        num_detectors,
        num_observables: short.num_observables,
        detector_coords,
    })
}

fn with_time(coords: &[f64], t: u32) -> Vec<f64> {
    let mut coords = coords.to_vec();
    if let Some(time) = coords.get_mut(2) {
        *time = t as f64;
    }
    coords
}
