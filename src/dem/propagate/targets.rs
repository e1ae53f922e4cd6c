//! The target encoding used while a model is built: one `u64` per target, ordered the way stim
//! orders error targets (detectors by index, then observables, then the `^` separator), so that
//! sorting keys sorts errors exactly as stim prints them.
//!
//! A *key* is a list of targets with `^` separators between graph-like pieces; each piece is
//! sorted and free of duplicates.

use crate::dem::Symptom;
use crate::ints::{DetectorIndex, ObservableIndex};

/// One encoded target.
pub(crate) type TargetCode = u64;

/// Set on observables; detectors are plain indices below it.
const OBSERVABLE_FLAG: TargetCode = 1 << 63;

/// The `^` between pieces; sorts after every detector and observable.
pub(crate) const SEPARATOR: TargetCode = u64::MAX;

/// The code of detector `index`.
pub(crate) fn detector_code(index: u64) -> TargetCode {
    debug_assert!(index < OBSERVABLE_FLAG);
    index
}

/// The code of observable `index`.
pub(crate) fn observable_code(index: ObservableIndex) -> TargetCode {
    OBSERVABLE_FLAG | TargetCode::from(index)
}

/// True for a detector (not an observable, not a separator).
pub(crate) fn is_detector(code: TargetCode) -> bool {
    code & OBSERVABLE_FLAG == 0
}

/// The observable index of an observable code.
fn observable_index(code: TargetCode) -> u64 {
    code & !OBSERVABLE_FLAG
}

/// Appends the symmetric difference of two sorted target lists, sorted, to `out`.
pub(crate) fn xor_sorted_into(a: &[TargetCode], b: &[TargetCode], out: &mut Vec<TargetCode>) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// Flips membership of `code` in a sorted list.
pub(crate) fn toggle_sorted(list: &mut Vec<TargetCode>, code: TargetCode) {
    match list.binary_search(&code) {
        Ok(position) => {
            list.remove(position);
        }
        Err(position) => list.insert(position, code),
    }
}

/// The pieces of a key (split at separators).
pub(crate) fn pieces(key: &[TargetCode]) -> impl Iterator<Item = &[TargetCode]> {
    key.split(|&code| code == SEPARATOR)
}

/// Number of detectors in a piece.
pub(crate) fn detector_count(piece: &[TargetCode]) -> usize {
    piece.iter().filter(|&&code| is_detector(code)).count()
}

/// True when every piece of the key flips at most two detectors.
pub(crate) fn is_graphlike(key: &[TargetCode]) -> bool {
    pieces(key).all(|piece| detector_count(piece) <= 2)
}

/// The observables of a piece as a mask (observable indices below 64 are guaranteed by the
/// builders, which refuse larger ones).
pub(crate) fn observable_mask(piece: &[TargetCode]) -> u64 {
    piece
        .iter()
        .filter(|&&code| !is_detector(code) && code != SEPARATOR)
        .fold(0, |mask, &code| {
            mask ^ (1u64 << (observable_index(code) & 63))
        })
}

/// A piece as a [`Symptom`]. Detector indices fit [`DetectorIndex`] (the builders check it).
pub(crate) fn piece_to_symptom(piece: &[TargetCode]) -> Symptom {
    Symptom {
        detectors: piece
            .iter()
            .filter(|&&code| is_detector(code))
            .map(|&code| code as DetectorIndex)
            .collect(),
        observables: observable_mask(piece),
    }
}

/// Appends a [`Symptom`] as a sorted piece (no separator).
pub(crate) fn append_symptom(symptom: &Symptom, out: &mut Vec<TargetCode>) {
    out.extend(
        symptom
            .detectors
            .iter()
            .map(|&d| detector_code(u64::from(d))),
    );
    out.extend(
        (0..64u32)
            .filter(|k| symptom.observables >> k & 1 == 1)
            .map(observable_code),
    );
}
