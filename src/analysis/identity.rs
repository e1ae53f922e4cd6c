//! A row's identity: what tells its task apart from every other task but its p.
//!
//! The identity is every key of the row's `json_metadata` except the physical error rate,
//! plus the CSV's decoder column (sinter's strong id covers the decoder too). Rounds are
//! written as a multiple of the distance (`"1d"`, `"3d"`) where r = k·d, so runs with r = d
//! at several distances form one family; a family in which every row has the same fixed r
//! keeps that number instead (r = 3 at d = 3, 5, 7 is one fixed-r family, not "1d" at d = 3).
//!
//! The x coordinate p is the key `p`, else `p_clifford` (our metadata when the four stim
//! parameters differ); the other `p_*` keys that equal it moved with it and are left out of
//! the identity too, the ones that differ from it (fixed overrides) stay in.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The identity of one row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowIdentity {
    /// Everything but p, as an object (r as `"kd"` where it applies, the decoder included).
    pub curve: Map<String, Value>,
    /// The curve's identity without d: the family whose curves at adjacent d may cross.
    pub family: Map<String, Value>,
    /// `curve` as compact JSON with sorted keys (the page's `data-key`).
    pub curve_key: String,
    /// `family` as compact JSON with sorted keys.
    pub family_key: String,
    /// The distance `d`, when the metadata has a positive whole one.
    pub distance: Option<u32>,
    /// The physical error rate (the x coordinate), when the metadata has one.
    pub p: Option<f64>,
    /// The metadata's p as text (`p`, or the `p_*` values joined by `/`); empty when none.
    pub p_text: String,
    /// Rounds `r` for the per-round rate; 1 when the metadata has none.
    pub rounds: u32,
    /// The metadata as an object (empty when it is not a JSON object).
    pub metadata: Map<String, Value>,
}

/// The keys our metadata uses for the four stim parameters when they differ.
const P_PARTS: [&str; 4] = ["p_clifford", "p_data", "p_measure", "p_reset"];

/// The metadata as an object; anything else (not JSON, not an object) is kept whole, under
/// `json_metadata`, so that rows with different unreadable metadata are never pooled.
fn metadata_object(json: &str) -> (Map<String, Value>, bool) {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => (map, true),
        _ => {
            let mut map = Map::new();
            map.insert("json_metadata".into(), Value::String(json.to_string()));
            (map, false)
        }
    }
}

/// A positive whole number, when `value` is one.
fn whole(value: Option<&Value>) -> Option<u32> {
    value
        .and_then(Value::as_u64)
        .filter(|&v| v > 0)
        .and_then(|v| u32::try_from(v).ok())
}

/// `value` as text: strings without quotes, numbers as JSON writes them.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The x coordinate's key and value.
fn x_of(metadata: &Map<String, Value>) -> Option<(&'static str, f64)> {
    ["p", "p_clifford"].into_iter().find_map(|key| {
        let p = metadata.get(key)?.as_f64()?;
        Some((key, p))
    })
}

/// The identity before the rounds rule: metadata without p (and what moved with it), plus the
/// decoder; r stays a number here.
fn raw_identity(metadata: &Map<String, Value>, decoder: &str) -> Map<String, Value> {
    let mut identity = metadata.clone();
    if let Some((key, p)) = x_of(metadata) {
        identity.remove(key);
        for part in P_PARTS {
            if identity.get(part).and_then(Value::as_f64) == Some(p) {
                identity.remove(part);
            }
        }
    }
    match metadata.get("decoder") {
        None => {
            identity.insert("decoder".into(), Value::String(decoder.to_string()));
        }
        Some(value) if value_text(value) == decoder => {}
        // The metadata names another decoder than the CSV column: keep both.
        Some(_) => {
            identity.insert("csv_decoder".into(), Value::String(decoder.to_string()));
        }
    }
    identity
}

/// `r` as `"kd"` when r = k·d.
fn rounds_as_multiple(rounds: u32, distance: u32) -> Option<String> {
    (rounds % distance == 0).then(|| format!("{}d", rounds / distance))
}

/// The identities of `rows` (json_metadata, decoder), in order. A row's r is written as its
/// multiple of d unless every row of its family (same identity but d and r) has the same r.
pub fn identities<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<RowIdentity> {
    let parsed: Vec<(Map<String, Value>, Map<String, Value>)> = rows
        .into_iter()
        .map(|(json, decoder)| {
            let (metadata, _) = metadata_object(json);
            let identity = raw_identity(&metadata, decoder);
            (metadata, identity)
        })
        .collect();
    // Which r values each family (identity without d and r) has.
    let bucket = |identity: &Map<String, Value>| {
        let mut rest = identity.clone();
        rest.remove("d");
        rest.remove("r");
        Value::Object(rest).to_string()
    };
    let mut rounds_seen: BTreeMap<String, Vec<Option<u32>>> = BTreeMap::new();
    for (metadata, identity) in &parsed {
        let seen = rounds_seen.entry(bucket(identity)).or_default();
        let r = whole(metadata.get("r"));
        if !seen.contains(&r) {
            seen.push(r);
        }
    }
    parsed
        .into_iter()
        .map(|(metadata, mut curve)| {
            let distance = whole(metadata.get("d"));
            let rounds = whole(metadata.get("r"));
            let fixed_r = rounds_seen[&bucket(&curve)].len() == 1;
            if let (Some(r), Some(d), false) = (rounds, distance, fixed_r) {
                if let Some(multiple) = rounds_as_multiple(r, d) {
                    curve.insert("r".into(), Value::String(multiple));
                }
            }
            let mut family = curve.clone();
            family.remove("d");
            let p_text = p_text(&metadata);
            RowIdentity {
                curve_key: Value::Object(curve.clone()).to_string(),
                family_key: Value::Object(family.clone()).to_string(),
                curve,
                family,
                distance,
                p: x_of(&metadata).map(|(_, p)| p),
                p_text,
                rounds: rounds.unwrap_or(1),
                metadata,
            }
        })
        .collect()
}

/// The metadata's p as a reader sees it: `p`, or the four stim parameters joined by `/`.
fn p_text(metadata: &Map<String, Value>) -> String {
    if let Some(p) = metadata.get("p") {
        return value_text(p);
    }
    P_PARTS
        .iter()
        .filter_map(|key| metadata.get(*key).map(value_text))
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(rows: &[(&str, &str)]) -> Vec<RowIdentity> {
        identities(rows.iter().copied())
    }

    #[test]
    fn r_equal_to_d_is_one_family_across_distances() {
        let ids = of(&[
            (r#"{"b":"Z","d":3,"p":0.001,"r":3}"#, "pymatching"),
            (r#"{"b":"Z","d":5,"p":0.001,"r":5}"#, "pymatching"),
            (r#"{"b":"Z","d":5,"p":0.001,"r":15}"#, "pymatching"),
        ]);
        assert_eq!(
            ids[0].curve_key,
            r#"{"b":"Z","d":3,"decoder":"pymatching","r":"1d"}"#
        );
        assert_eq!(ids[0].family_key, ids[1].family_key);
        assert_eq!(
            ids[2].family_key,
            r#"{"b":"Z","decoder":"pymatching","r":"3d"}"#
        );
        assert_eq!(
            (ids[0].p, ids[0].rounds, ids[2].rounds),
            (Some(0.001), 3, 15)
        );
    }

    #[test]
    fn a_fixed_r_family_keeps_its_number() {
        let ids = of(&[
            (r#"{"b":"Z","d":3,"p":0.001,"r":3}"#, "global"),
            (r#"{"b":"Z","d":5,"p":0.001,"r":3}"#, "global"),
        ]);
        assert_eq!(ids[0].family_key, r#"{"b":"Z","decoder":"global","r":3}"#);
        assert_eq!(ids[0].family_key, ids[1].family_key);
    }

    #[test]
    fn window_keys_and_unreadable_metadata_stay_apart() {
        let ids = of(&[
            (
                r#"{"b":"Z","c":3,"d":3,"p":0.001,"r":9,"w":3}"#,
                "parallel-window",
            ),
            (
                r#"{"b":"Z","c":3,"d":3,"p":0.001,"r":9,"w":6}"#,
                "parallel-window",
            ),
            ("not json", "x"),
            ("also not", "x"),
        ]);
        assert_ne!(ids[0].curve_key, ids[1].curve_key);
        assert_ne!(ids[2].curve_key, ids[3].curve_key);
        assert_eq!((ids[2].p, ids[2].distance), (None, None));
    }

    #[test]
    fn p_parts_that_move_with_p_are_p() {
        let ids = of(&[(
            r#"{"b":"Z","d":3,"p_clifford":0.002,"p_data":0.002,"p_measure":0.01,"p_reset":0.002,"r":3}"#,
            "global",
        )]);
        assert_eq!(ids[0].p, Some(0.002));
        assert_eq!(ids[0].p_text, "0.002/0.002/0.01/0.002");
        assert_eq!(
            ids[0].curve_key,
            r#"{"b":"Z","d":3,"decoder":"global","p_measure":0.01,"r":3}"#
        );
    }
}
