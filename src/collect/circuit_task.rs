//! A task made from a stim circuit the user wrote (`--circuit FILE.stim`, the page's circuit
//! box) instead of a generated memory.
//!
//! The task's metadata is `{"circuit":"<SHA-256 hex of the text>"}` (plus `c` and `w` for a
//! window decoder), and its random streams are keyed by the text's digest alone, so the same
//! text gives the same task key and the same counts wherever it runs. Window decoders cut the
//! model into layers by the detectors' time coordinate (the third; the second when detectors
//! have two, as stim's repetition code writes them) and refuse a circuit without one.

use super::task::{strong_id, PreparedTask, TaskModel, WholeModel};
use crate::circuit::parse::parse_circuit;
use crate::circuit::{Basis, NoiseParams};
use crate::dem::detector_error_model;
use crate::spec::{DecoderKind, NoiseModel, TaskSpec, WindowRounds};
use crate::{Error, Result};
use sha2::{Digest, Sha256};

/// SHA-256 hex of a circuit's text, as given (no normalisation: a changed comment is a new
/// task).
pub fn circuit_digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The metadata of a circuit task: `{"circuit":"..."}`, with `c` and `w` for a window decoder
/// and `correlated` for correlated matching (sorted keys, compact, as [`TaskSpec::metadata`]).
pub fn circuit_metadata(digest: &str, window: Option<WindowRounds>, correlated: bool) -> String {
    let mut map = serde_json::Map::new();
    map.insert("circuit".into(), digest.into());
    if correlated {
        map.insert("correlated".into(), true.into());
    }
    if let Some(window) = window {
        map.insert("c".into(), window.commit.into());
        map.insert("w".into(), window.buffer.into());
    }
    serde_json::Value::Object(map).to_string()
}

/// The window rounds of a circuit task decoded by `decoder`: `None` for global matching; for
/// a window decoder both `commit` (at least 1) and `buffer` (at least the decoder's minimum)
/// must be given, since a circuit has no distance to default them to.
pub fn circuit_window(
    decoder: DecoderKind,
    commit: Option<u32>,
    buffer: Option<u32>,
) -> Result<Option<WindowRounds>> {
    if !decoder.is_windowed() {
        return Ok(None);
    }
    let (Some(commit), Some(buffer)) = (commit, buffer) else {
        let shown = |rounds: Option<u32>| rounds.map_or("none".to_string(), |r| r.to_string());
        return Err(Error::parameter(
            "commit-rounds and buffer-rounds",
            format!("c = {}, w = {}", shown(commit), shown(buffer)),
            "both given for a window decoder on a circuit (layers of the detectors' time \
             coordinate: there is no distance to default to; or use the global decoder)",
        ));
    };
    if commit < 1 {
        return Err(Error::parameter(
            "commit-rounds",
            commit,
            "an integer of at least 1",
        ));
    }
    let min_buffer = decoder.min_buffer_rounds();
    if buffer < min_buffer {
        return Err(Error::parameter(
            "buffer-rounds",
            buffer,
            &format!("an integer of at least {min_buffer} for {}", decoder.name()),
        ));
    }
    Ok(Some(WindowRounds { commit, buffer }))
}

impl PreparedTask {
    /// Reads `text`, builds its error model (errors name the line where they can), and makes
    /// a task decoded by `decoder` (with `window` rounds for a window decoder).
    ///
    /// The [`TaskSpec`] of the result carries only the decoder and window; its memory fields
    /// are placeholders (distance 0, the number of detector layers as rounds) that nothing
    /// reads for a circuit task: metadata and streams come from the text.
    pub fn from_circuit(
        text: &str,
        decoder: DecoderKind,
        window: Option<WindowRounds>,
        correlated: bool,
    ) -> Result<PreparedTask> {
        let circuit = parse_circuit(text)?;
        let mut dem = detector_error_model(&circuit)?;
        let windowed = decoder.is_windowed();
        if windowed {
            use_time_as_third_coordinate(&mut dem.detector_coords);
        }
        let layers = time_layers(&dem.detector_coords);
        let whole = WholeModel::from_dem(
            dem,
            windowed && decoder != DecoderKind::IndependentWindows,
            correlated,
        )?;
        let digest = circuit_digest(text);
        let metadata = circuit_metadata(&digest, window, correlated);
        let sample_key = circuit_metadata(&digest, None, false);
        let spec = TaskSpec {
            code: crate::circuit::CodeFamily::Rotated,
            distance: 0,
            rounds: layers,
            basis: Basis::Z,
            noise: NoiseModel::Stim(NoiseParams::uniform(0.0)),
            decoder,
            window,
            correlated,
        };
        Ok(PreparedTask {
            strong_id: strong_id(text, spec.decoder_name(), &metadata),
            spec,
            metadata,
            sample_key,
            model: TaskModel::Whole(whole),
        })
    }
}

/// Detectors with two coordinates (x, t) get a third so that the time is where the window
/// decoders read it.
fn use_time_as_third_coordinate(coords: &mut [Vec<f64>]) {
    for c in coords.iter_mut() {
        if c.len() == 2 {
            c.insert(1, 0.0);
        }
    }
}

/// Number of time layers (largest whole time coordinate + 1, the time being the third
/// coordinate, or the second of two), 1 when there are none.
fn time_layers(coords: &[Vec<f64>]) -> u32 {
    coords
        .iter()
        .filter_map(|c| if c.len() == 2 { c.get(1) } else { c.get(2) })
        .filter(|t| t.fract() == 0.0 && **t >= 0.0 && **t < f64::from(u32::MAX))
        .map(|&t| t as u32 + 1)
        .max()
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPETITION: &str =
        "R 0 1 2\nX_ERROR(0.1) 0 1 2\nCX 0 1 2 1\nMR 1\nDETECTOR(1, 0) rec[-1]\n\
         M 0 2\nDETECTOR(1, 1) rec[-1] rec[-2] rec[-3]\nOBSERVABLE_INCLUDE(0) rec[-1]\n";

    #[test]
    fn the_same_text_gives_the_same_key() {
        let a = PreparedTask::from_circuit(REPETITION, DecoderKind::Global, None, false)
            .expect("valid");
        let b = PreparedTask::from_circuit(REPETITION, DecoderKind::Global, None, false)
            .expect("valid");
        assert_eq!(a.metadata, b.metadata);
        assert_eq!(a.sample_key, b.sample_key);
        assert!(a.metadata.starts_with(r#"{"circuit":""#));
        assert_eq!(a.metadata.len(), r#"{"circuit":""}"#.len() + 64);
        let other = format!("{REPETITION}# another comment\n");
        let c =
            PreparedTask::from_circuit(&other, DecoderKind::Global, None, false).expect("valid");
        assert_ne!(a.metadata, c.metadata);
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "R 0\nH 0\nMXX 0 1\n";
        match PreparedTask::from_circuit(bad, DecoderKind::Global, None, false) {
            Err(crate::Error::CircuitParse { line, reason }) => {
                assert_eq!(line, 3);
                assert!(reason.contains("MXX"), "{reason}");
            }
            other => panic!("expected a line error, got {:?}", other.err()),
        }
        let random = "RX 0\nM 0\nDETECTOR rec[-1]\n";
        match PreparedTask::from_circuit(random, DecoderKind::Global, None, false) {
            Err(crate::Error::CircuitParse { line, .. }) => assert_eq!(line, 1),
            other => panic!("expected a line error, got {:?}", other.err()),
        }
    }

    #[test]
    fn window_rounds_of_a_circuit_are_both_given() {
        assert_eq!(
            circuit_window(DecoderKind::Global, None, None).expect("global"),
            None
        );
        let error = circuit_window(DecoderKind::Sliding, Some(2), None)
            .expect_err("w missing")
            .to_string();
        assert!(error.contains("both given"), "{error}");
        assert!(error.ends_with("got c = 2, w = none"), "{error}");
        let error = circuit_window(DecoderKind::ParallelWindow, Some(2), Some(0))
            .expect_err("parallel-window needs w >= 1")
            .to_string();
        assert!(error.starts_with("buffer-rounds must be"), "{error}");
        assert_eq!(
            circuit_window(DecoderKind::Sliding, Some(2), Some(3)).expect("both given"),
            Some(WindowRounds {
                commit: 2,
                buffer: 3
            })
        );
    }

    #[test]
    fn window_decoders_need_time_coordinates() {
        let window = Some(WindowRounds {
            commit: 1,
            buffer: 1,
        });
        let no_time = "R 0 1\nX_ERROR(0.1) 0\nCX 0 1\nMR 1\nDETECTOR rec[-1]\nM 0\nOBSERVABLE_INCLUDE(0) rec[-1]";
        let error = PreparedTask::from_circuit(no_time, DecoderKind::Sliding, window, false)
            .err()
            .expect("refused")
            .to_string();
        assert!(error.contains("time coordinate"), "{error}");
    }
}
