//! Splitting errors that flip more than two detectors into graph-like pieces (at most two
//! detectors each), following the heuristic of stim's `decompose_errors=True` so that the
//! pieces, their order, and hence the matching graph's edges, come out as stim's.
//!
//! Two steps, as in stim:
//! 1. **Per channel** ([`channel_keys`]). A noise channel's cases are built from basis errors
//!    (the X and Z parts on each of its qubits). A case that is not a single detector and not an
//!    *irreducible pair* (two detectors, at least one of which no single-detector case of the
//!    channel flips) is rewritten as: one irreducible pair, or two disjoint ones, of the same
//!    channel, then the channel's single-detector cases covering the rest. When that fails the
//!    case stays whole for step 2.
//! 2. **Over the whole model** ([`decompose_remaining`]). Every piece of every error with a
//!    non-zero probability that has one or two detectors becomes a *known* piece (keyed by its
//!    detectors; the last in key order wins). A piece with more than two detectors is rewritten
//!    as known pieces whose detectors partition it and whose observables cancel (a depth-first
//!    search preferring pairs in target order); failing that, as known pairs, then known
//!    singles, greedily, plus one *remnant* piece of at most two detectors. Failing that, the
//!    model cannot be decomposed and an error is returned.
//!
//! This module only decides pieces; it never changes which detectors an error flips overall
//! (except where stim's own per-channel choice does, which is kept for fidelity).

use super::propagate::error_classes::ErrorClasses;
use super::propagate::targets::{
    append_symptom, detector_count, is_detector, is_graphlike, observable_mask, piece_to_symptom,
    pieces, xor_sorted_into, TargetCode, SEPARATOR,
};
use super::{DemError, DetectorErrorModel};
use crate::{Error, Result};
use std::collections::HashMap;

/// Most distinct detectors the basis errors of one channel may flip together (stim's limit).
const MAX_CHANNEL_DETECTORS: usize = 16;

/// Most targets a piece may have for the known-piece search (the search tracks them in a mask).
const MAX_SEARCH_TARGETS: usize = 63;

/// Steps the known-piece search may take for one piece before it gives up (it is exponential
/// in the worst case; the circuits here need a handful of steps).
const SEARCH_STEP_BUDGET: usize = 1_000_000;

/// The keys of every case of a channel built from `basis` errors (each a sorted target list):
/// case `k` (1 ≤ k < 2^s) is the product of the basis errors whose bits are set in `k`. Entry 0
/// is empty. With `split`, cases are split into graph-like pieces where the channel itself
/// allows it.
pub(crate) fn channel_keys(basis: &[&[TargetCode]], split: bool) -> Result<Vec<Vec<TargetCode>>> {
    let cases = 1usize << basis.len();
    let mut keys: Vec<Vec<TargetCode>> = vec![Vec::new(); cases];
    let mut masks = vec![0u64; cases];
    let mut involved: Vec<TargetCode> = Vec::with_capacity(MAX_CHANNEL_DETECTORS);
    for (k, symptom) in basis.iter().enumerate() {
        keys[1 << k] = symptom.to_vec();
        if !split {
            continue;
        }
        for &code in symptom.iter().filter(|&&code| is_detector(code)) {
            let bit = match involved.iter().position(|&known| known == code) {
                Some(bit) => bit,
                None if involved.len() < MAX_CHANNEL_DETECTORS => {
                    involved.push(code);
                    involved.len() - 1
                }
                None => {
                    return Err(Error::Model {
                        reason: format!(
                            "a noise channel's cases flip more than {MAX_CHANNEL_DETECTORS} \
                             detectors together, too many to decompose"
                        ),
                    })
                }
            };
            masks[1 << k] ^= 1 << bit;
        }
    }
    for k in 3..cases {
        let rest = k & (k - 1);
        if rest == 0 {
            continue;
        }
        let lowest = k ^ rest;
        let mut combined = Vec::with_capacity(keys[rest].len() + keys[lowest].len());
        xor_sorted_into(&keys[rest], &keys[lowest], &mut combined);
        keys[k] = combined;
        masks[k] = masks[rest] ^ masks[lowest];
    }
    if split {
        split_cases_within_channel(&mut keys, &masks);
    }
    Ok(keys)
}

/// The pieces that make up each case of one channel, by detector mask.
struct ChannelCases<'a> {
    keys: &'a [Vec<TargetCode>],
    masks: &'a [u64],
    /// Union of the masks of single-detector cases.
    single_detectors: u64,
    /// Cases with two detectors, at least one of them outside `single_detectors`.
    irreducible_pairs: Vec<usize>,
}

impl ChannelCases<'_> {
    fn count(&self, case: usize) -> u32 {
        self.masks[case].count_ones()
    }

    /// Pairs that bring `goal` into the single-detector region, and what they leave over.
    /// `None` when no one or two disjoint irreducible pairs do.
    fn pair_pieces(&self, goal: u64) -> Option<(Vec<usize>, u64)> {
        let singles = self.single_detectors;
        if goal & !singles == 0 {
            return Some((Vec::new(), goal));
        }
        for &k in &self.irreducible_pairs {
            let m = self.masks[k];
            if goal & m == m && goal & !(singles | m) == 0 {
                return Some((vec![k], goal & !m));
            }
        }
        for (i, &first) in self.irreducible_pairs.iter().enumerate() {
            for &second in &self.irreducible_pairs[i + 1..] {
                let (m1, m2) = (self.masks[first], self.masks[second]);
                if m1 & m2 == 0 && goal & !(singles | m1 | m2) == 0 {
                    let (a, b) = if self.keys[second] < self.keys[first] {
                        (second, first)
                    } else {
                        (first, second)
                    };
                    return Some((vec![a, b], goal & !(m1 | m2)));
                }
            }
        }
        None
    }

    /// The cases whose pieces make up `case`, or `None` when the channel cannot split it.
    fn split(&self, case: usize) -> Option<Vec<usize>> {
        let (mut parts, mut remnants) = self.pair_pieces(self.masks[case])?;
        for k in 1..self.keys.len() {
            if remnants == 0 {
                break;
            }
            if self.count(k) == 1 && self.masks[k] & !remnants == 0 {
                remnants &= !self.masks[k];
                parts.push(k);
            }
        }
        Some(parts)
    }
}

/// Step 1 of the module docs, in place.
fn split_cases_within_channel(keys: &mut [Vec<TargetCode>], masks: &[u64]) {
    let cases = keys.len();
    let mut solved = vec![false; cases];
    let mut single_detectors = 0;
    for k in 1..cases {
        if masks[k].count_ones() == 1 {
            single_detectors |= masks[k];
            solved[k] = true;
        }
    }
    let mut irreducible_pairs = Vec::new();
    for k in 1..cases {
        if masks[k].count_ones() == 2 && masks[k] & !single_detectors != 0 {
            irreducible_pairs.push(k);
            solved[k] = true;
        }
    }
    let splits: Vec<(usize, Vec<usize>)> = {
        let channel = ChannelCases {
            keys,
            masks,
            single_detectors,
            irreducible_pairs,
        };
        (1..cases)
            .filter(|&k| masks[k] != 0 && !solved[k])
            .filter_map(|k| channel.split(k).map(|parts| (k, parts)))
            .collect()
    };
    // Pieces are always solved cases, which are never rewritten, so order does not matter.
    for (case, parts) in splits {
        let mut joined = Vec::new();
        for (i, &part) in parts.iter().enumerate() {
            if i > 0 {
                joined.push(SEPARATOR);
            }
            joined.extend_from_slice(&keys[part]);
        }
        keys[case] = joined;
    }
}

/// Known graph-like pieces, keyed by their one or two detectors.
type KnownPieces<'a> = HashMap<(TargetCode, TargetCode), &'a [TargetCode]>;

/// Stands in for the missing second detector of a single-detector piece's key.
const NO_DETECTOR: TargetCode = SEPARATOR;

/// Step 2 of the module docs. `classes` are sorted by key, each with a non-zero probability.
/// Returns, for each class that is not graph-like, its index and its new key.
pub(crate) fn decompose_remaining(
    classes: &[(Vec<TargetCode>, f64)],
) -> Result<Vec<(usize, Vec<TargetCode>)>> {
    if classes.iter().all(|(key, _)| is_graphlike(key)) {
        return Ok(Vec::new());
    }
    let known = known_pieces(classes);
    let mut rewrites = Vec::new();
    for (index, (key, _)) in classes.iter().enumerate() {
        if is_graphlike(key) {
            continue;
        }
        let mut rewritten = Vec::with_capacity(key.len() + 4);
        for piece in pieces(key) {
            if !append_known_partition(piece, &known, &mut rewritten)?
                && !append_with_remnant(piece, &known, &mut rewritten)
            {
                return Err(Error::Model {
                    reason: format!(
                        "cannot decompose the error piece {} into graph-like pieces (at most two \
                         detectors each) from the model's other errors",
                        describe(piece)
                    ),
                });
            }
        }
        rewritten.pop();
        rewrites.push((index, rewritten));
    }
    Ok(rewrites)
}

fn known_pieces(classes: &[(Vec<TargetCode>, f64)]) -> KnownPieces<'_> {
    let mut known = KnownPieces::new();
    for (key, _) in classes {
        for piece in pieces(key) {
            let mut detectors = piece.iter().copied().filter(|&code| is_detector(code));
            match (detectors.next(), detectors.next(), detectors.next()) {
                (Some(a), None, _) => {
                    known.insert((a, NO_DETECTOR), piece);
                }
                (Some(a), Some(b), None) => {
                    known.insert((a, b), piece);
                }
                _ => {}
            }
        }
    }
    known
}

/// Writes `piece` as known pieces (each followed by a separator) whose detectors partition it
/// and whose observables cancel against it. Returns false when there is no such partition.
fn append_known_partition(
    piece: &[TargetCode],
    known: &KnownPieces<'_>,
    out: &mut Vec<TargetCode>,
) -> Result<bool> {
    if piece.len() > MAX_SEARCH_TARGETS {
        return Err(Error::Model {
            reason: format!(
                "an error piece has {} targets; decomposing supports at most {MAX_SEARCH_TARGETS}",
                piece.len()
            ),
        });
    }
    let mut search = PartitionSearch {
        piece,
        known,
        steps_left: SEARCH_STEP_BUDGET,
        found: Vec::new(),
    };
    let observables_used: u64 = piece
        .iter()
        .enumerate()
        .filter(|(_, &code)| !is_detector(code))
        .fold(0, |mask, (i, _)| mask | 1 << i);
    if !search.run(0, observables_used, observable_mask(piece)) {
        return Ok(false);
    }
    for part in search.found.iter().rev() {
        out.extend_from_slice(part);
        out.push(SEPARATOR);
    }
    Ok(true)
}

/// Depth-first search for a partition of a piece's detectors into known pieces.
struct PartitionSearch<'a, 'k> {
    piece: &'a [TargetCode],
    known: &'k KnownPieces<'a>,
    steps_left: usize,
    /// The parts, deepest first.
    found: Vec<&'a [TargetCode]>,
}

impl PartitionSearch<'_, '_> {
    /// Covers the unused targets from `start` on; `observables` must cancel to zero.
    fn run(&mut self, start: usize, used: u64, observables: u64) -> bool {
        if self.steps_left == 0 {
            return false;
        }
        self.steps_left -= 1;
        let n = self.piece.len();
        let Some(first) = (start..n).find(|&i| used >> i & 1 == 0) else {
            return observables == 0;
        };
        let used = used | 1 << first;
        // Partners in target order, then the first target alone.
        for partner in (first + 1..n).map(Some).chain(std::iter::once(None)) {
            let (key, used_after) = match partner {
                Some(p) if used >> p & 1 == 1 => continue,
                Some(p) => ((self.piece[first], self.piece[p]), used | 1 << p),
                None => ((self.piece[first], NO_DETECTOR), used),
            };
            if let Some(&part) = self.known.get(&key) {
                if self.run(first + 1, used_after, observables ^ observable_mask(part)) {
                    self.found.push(part);
                    return true;
                }
            }
        }
        false
    }
}

/// Writes `piece` as known pairs, then known singles, chosen greedily in target order, plus
/// what is left over when that is at most two detectors (stim's last resort). Returns false,
/// writing nothing, when more than two detectors are left uncovered.
fn append_with_remnant(
    piece: &[TargetCode],
    known: &KnownPieces<'_>,
    out: &mut Vec<TargetCode>,
) -> bool {
    if detector_count(piece) <= 2 {
        out.extend_from_slice(piece);
        out.push(SEPARATOR);
        return true;
    }
    let start_len = out.len();
    let mut done: Vec<bool> = piece.iter().map(|&code| !is_detector(code)).collect();
    let mut remnant = piece.to_vec();
    for i in 0..piece.len() {
        if done[i] {
            continue;
        }
        for j in i + 1..piece.len() {
            if done[j] {
                continue;
            }
            if let Some(&part) = known.get(&(piece[i], piece[j])) {
                done[i] = true;
                done[j] = true;
                take(part, out, &mut remnant);
                break;
            }
        }
    }
    let mut missed = 0;
    for i in 0..piece.len() {
        if !done[i] {
            if let Some(&part) = known.get(&(piece[i], NO_DETECTOR)) {
                done[i] = true;
                take(part, out, &mut remnant);
            }
        }
        missed += usize::from(!done[i]);
    }
    if missed > 2 {
        out.truncate(start_len);
        return false;
    }
    if !remnant.is_empty() {
        out.extend_from_slice(&remnant);
        out.push(SEPARATOR);
    }
    true
}

/// Appends a known piece (and a separator) and removes it from the remnant.
fn take(part: &[TargetCode], out: &mut Vec<TargetCode>, remnant: &mut Vec<TargetCode>) {
    out.extend_from_slice(part);
    out.push(SEPARATOR);
    let mut next = Vec::with_capacity(remnant.len() + part.len());
    xor_sorted_into(remnant, part, &mut next);
    *remnant = next;
}

fn describe(piece: &[TargetCode]) -> String {
    let symptom = piece_to_symptom(piece);
    let mut words: Vec<String> = symptom.detectors.iter().map(|d| format!("D{d}")).collect();
    words.extend(
        (0..64)
            .filter(|k| symptom.observables >> k & 1 == 1)
            .map(|k| format!("L{k}")),
    );
    words.join(" ")
}

/// Decomposes a model's errors that are not graph-like (e.g. a `.dem` made without
/// `decompose_errors`) by step 2 of the module docs, using the model's own graph-like errors.
/// Errors with the same resulting pieces are merged.
pub fn decompose_model(model: &DetectorErrorModel) -> Result<DetectorErrorModel> {
    let mut classes = ErrorClasses::default();
    let mut key = Vec::new();
    for error in &model.errors {
        key.clear();
        for (i, piece) in error.pieces.iter().enumerate() {
            if i > 0 {
                key.push(SEPARATOR);
            }
            append_symptom(piece, &mut key);
        }
        classes.add(error.probability, &key);
    }
    let errors = finish_classes(classes)?;
    Ok(DetectorErrorModel {
        errors,
        ..model.clone()
    })
}

/// Runs step 2 over all classes and returns the model's errors in stim's order.
pub(crate) fn finish_classes(mut classes: ErrorClasses) -> Result<Vec<DemError>> {
    let sorted = classes.sorted();
    for (index, new_key) in decompose_remaining(&sorted)? {
        let old_key = &sorted[index].0;
        let probability = classes.remove(old_key);
        classes.add(probability, &new_key);
    }
    Ok(classes
        .sorted()
        .into_iter()
        .map(|(key, probability)| DemError {
            probability,
            pieces: pieces(&key).map(piece_to_symptom).collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(index: u64) -> TargetCode {
        index
    }

    #[test]
    fn a_two_qubit_channel_splits_into_its_single_qubit_parts() {
        // Z on qubit a flips D1 D2, X on qubit b flips D3; their product flips D1 D2 D3.
        let za = [d(1), d(2)];
        let xb = [d(3)];
        let keys = channel_keys(&[&za, &[], &[], &xb], true).expect("small channel");
        assert_eq!(keys[1], vec![d(1), d(2)]);
        assert_eq!(keys[9], vec![d(1), d(2), SEPARATOR, d(3)]);
    }

    #[test]
    fn a_pair_made_of_single_detector_cases_is_split() {
        let z = [d(4)];
        let x = [d(5)];
        let keys = channel_keys(&[&z, &x], true).expect("small channel");
        assert_eq!(keys[3], vec![d(4), SEPARATOR, d(5)]);
    }

    #[test]
    fn remaining_hyperedges_use_known_pieces() {
        let classes = vec![
            (vec![d(1), d(2)], 0.1),
            (vec![d(1), d(2), d(3)], 0.1),
            (vec![d(3)], 0.1),
        ];
        let rewrites = decompose_remaining(&classes).expect("decomposable");
        assert_eq!(rewrites, vec![(1, vec![d(1), d(2), SEPARATOR, d(3)])]);
    }

    #[test]
    fn undecomposable_hyperedges_are_refused() {
        let classes = vec![(vec![d(1), d(2), d(3), d(4), d(5)], 0.1)];
        assert!(decompose_remaining(&classes).is_err());
    }
}
