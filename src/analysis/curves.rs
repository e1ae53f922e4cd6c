//! Rows grouped into curves, one per identity ([`super::identity`]), each a list of points
//! at distinct p. Rows are never pooled: two rows of one curve at the same p (different
//! tasks whose metadata does not tell them apart) both stay, with a note; a row that cannot
//! be drawn (no p, no shots) is on no curve, with a note.

use super::identity::{identities, value_text, RowIdentity};
use crate::collect::CsvRow;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One row on a curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// Index of the row in the input.
    pub row: usize,
    /// Physical error rate.
    pub p: f64,
    /// Shots taken.
    pub shots: u64,
    /// Errors counted.
    pub errors: u64,
    /// Rounds, for the per-round rate.
    pub rounds: u32,
}

/// The rows of one identity, by increasing p.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// The identity as compact JSON (the page's `data-key`).
    pub key: String,
    /// The identity without d, as compact JSON.
    pub family_key: String,
    /// The identity without d.
    pub family: Map<String, Value>,
    /// The distance, when the metadata has one.
    pub distance: Option<u32>,
    /// What tells this curve apart from the others, e.g. `d = 5, r = 3d`.
    pub legend: String,
    /// The points, by increasing p.
    pub points: Vec<CurvePoint>,
}

/// Every row's place: the curves, each row's curve, and notes on rows that need a word.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// Curves by family, then distance.
    pub curves: Vec<Curve>,
    /// Each row's identity.
    pub identities: Vec<RowIdentity>,
    /// Each row's curve (index into `curves`), `None` when it is drawn on none.
    pub row_curve: Vec<Option<usize>>,
    /// One line per row left off the plot or sharing a point with another row.
    pub notes: Vec<String>,
}

/// The keys whose values differ between curves: what the legend must name.
fn distinguishing_keys(identities: &[&RowIdentity]) -> Vec<String> {
    let mut values: BTreeMap<&str, Vec<Option<&Value>>> = BTreeMap::new();
    for identity in identities {
        for key in identity.curve.keys() {
            values.entry(key).or_default();
        }
    }
    for (key, seen) in values.iter_mut() {
        for identity in identities {
            let value = identity.curve.get(*key);
            if !seen.contains(&value) {
                seen.push(value);
            }
        }
    }
    let mut keys: Vec<String> = values
        .into_iter()
        .filter(|(key, seen)| seen.len() > 1 && *key != "d")
        .map(|(key, _)| key.to_string())
        .collect();
    keys.insert(0, "d".into());
    keys
}

/// `d = 5, r = 3d`: the curve's values of the keys that tell curves apart.
fn legend(identity: &RowIdentity, keys: &[String]) -> String {
    keys.iter()
        .map(|key| {
            let value = identity.curve.get(key).map_or("-".into(), value_text);
            format!("{key} = {value}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a row is on no curve, or `None` when it can be drawn.
fn left_off(row: &CsvRow, identity: &RowIdentity) -> Option<&'static str> {
    match identity.p {
        None => Some("its metadata has no p"),
        Some(p) if p.is_nan() || p <= 0.0 => Some("its p is not positive (log axes)"),
        _ if row.shots == 0 => Some("it has no shots"),
        _ => None,
    }
}

/// Groups `rows` into curves by identity.
pub fn group_curves(rows: &[CsvRow]) -> Grouping {
    let identities = identities(
        rows.iter()
            .map(|row| (row.json_metadata.as_str(), row.decoder.as_str())),
    );
    let mut notes = Vec::new();
    let mut by_key: BTreeMap<(String, u32, String), Vec<usize>> = BTreeMap::new();
    for (index, (row, identity)) in rows.iter().zip(&identities).enumerate() {
        if let Some(reason) = left_off(row, identity) {
            notes.push(format!(
                "row {} ({}) is not plotted: {reason}",
                index + 1,
                row.json_metadata
            ));
            continue;
        }
        let sort_key = (
            identity.family_key.clone(),
            identity.distance.unwrap_or(0),
            identity.curve_key.clone(),
        );
        by_key.entry(sort_key).or_default().push(index);
    }
    let drawn: Vec<&RowIdentity> = by_key.values().map(|rows| &identities[rows[0]]).collect();
    let keys = distinguishing_keys(&drawn);
    let mut row_curve = vec![None; rows.len()];
    let mut curves = Vec::new();
    for members in by_key.values() {
        let first = &identities[members[0]];
        let mut points: Vec<CurvePoint> = members
            .iter()
            .map(|&row| CurvePoint {
                row,
                p: identities[row].p.unwrap_or(f64::NAN),
                shots: rows[row].shots,
                errors: rows[row].errors,
                rounds: identities[row].rounds,
            })
            .collect();
        points.sort_by(|a, b| a.p.total_cmp(&b.p).then(a.row.cmp(&b.row)));
        for pair in points.windows(2) {
            if pair[0].p == pair[1].p {
                notes.push(format!(
                    "rows {} and {} are different tasks (strong ids {:.8}…, {:.8}…) with the same metadata {}: both are drawn at p = {}",
                    pair[0].row + 1,
                    pair[1].row + 1,
                    rows[pair[0].row].strong_id,
                    rows[pair[1].row].strong_id,
                    rows[pair[0].row].json_metadata,
                    pair[0].p
                ));
            }
        }
        for &member in members {
            row_curve[member] = Some(curves.len());
        }
        curves.push(Curve {
            key: first.curve_key.clone(),
            family_key: first.family_key.clone(),
            family: first.family.clone(),
            distance: first.distance,
            legend: legend(first, &keys),
            points,
        });
    }
    Grouping {
        curves,
        identities,
        row_curve,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(metadata: &str, strong_id: &str) -> CsvRow {
        CsvRow {
            shots: 1000,
            errors: 10,
            discards: 0,
            seconds: 0.1,
            decoder: "global".into(),
            strong_id: strong_id.into(),
            json_metadata: metadata.into(),
            custom_counts: String::new(),
        }
    }

    #[test]
    fn rows_differing_in_r_are_separate_curves_named_by_r() {
        let rows = [
            row(r#"{"b":"Z","d":3,"p":0.001,"r":3}"#, "a"),
            row(r#"{"b":"Z","d":3,"p":0.002,"r":3}"#, "b"),
            row(r#"{"b":"Z","d":3,"p":0.001,"r":9}"#, "c"),
            row(r#"{"b":"Z","d":5,"p":0.001,"r":5}"#, "d"),
            row(r#"{"b":"Z","d":5}"#, "e"),
        ];
        let grouping = group_curves(&rows);
        assert_eq!(grouping.curves.len(), 3);
        let legends: Vec<&str> = grouping.curves.iter().map(|c| c.legend.as_str()).collect();
        assert_eq!(legends, ["d = 3, r = 1d", "d = 5, r = 1d", "d = 3, r = 3d"]);
        assert_eq!(grouping.curves[0].points.len(), 2);
        assert_eq!(
            grouping.row_curve,
            [Some(0), Some(0), Some(2), Some(1), None]
        );
        assert_eq!(grouping.notes.len(), 1);
        assert!(grouping.notes[0].contains("row 5"), "{:?}", grouping.notes);
    }

    #[test]
    fn same_metadata_different_tasks_are_both_kept_with_a_note() {
        let rows = [
            row(r#"{"b":"Z","d":3,"p":0.001,"r":3}"#, "aaaaaaaaaa"),
            row(r#"{"b":"Z","d":3,"p":0.001,"r":3}"#, "bbbbbbbbbb"),
        ];
        let grouping = group_curves(&rows);
        assert_eq!(grouping.curves.len(), 1);
        assert_eq!(grouping.curves[0].points.len(), 2);
        assert!(
            grouping.notes[0].contains("aaaaaaaa…"),
            "{:?}",
            grouping.notes
        );
    }
}
