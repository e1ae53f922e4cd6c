//! The shot viewer's data: the core's [`ShotExplorer`] behind plain JS objects. The page's
//! viewer worker holds one per memory and draws what it returns; it samples, propagates and
//! decodes nothing itself.

use super::task::TaskParams;
use super::{from_js, js_error, to_js};
use crate::shot::flip::HandError;
use crate::shot::{ShotExplorer, Wanted, MAX_SHOT_INDEX};
use crate::spec::{self, DecoderKind};
use wasm_bindgen::prelude::*;

/// One memory's shots, explained for any decoder.
#[wasm_bindgen]
pub struct ShotViewer {
    explorer: ShotExplorer,
}

/// A shot index from JS, a number or the text the user wrote: a whole number from 0 to
/// 2^53 − 1 (text is quoted back as written in the message).
fn shot_index(name: &str, value: &JsValue) -> Result<u64, JsError> {
    if let Some(text) = value.as_string() {
        return spec::parse_bounded(name, &text, 0, MAX_SHOT_INDEX).map_err(js_error);
    }
    match value.as_f64() {
        Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= MAX_SHOT_INDEX as f64 => Ok(v as u64),
        other => Err(js_error(crate::Error::parameter(
            name,
            other.map_or_else(|| format!("{value:?}"), |v| v.to_string()),
            &format!("an integer from 0 to {MAX_SHOT_INDEX}"),
        ))),
    }
}

/// Hand-made errors as `qubit:round` strings.
fn hand_errors(flips: JsValue) -> Result<Vec<HandError>, JsError> {
    let texts: Vec<String> = if flips.is_undefined() || flips.is_null() {
        Vec::new()
    } else {
        from_js(flips)?
    };
    texts
        .iter()
        .map(|text| HandError::parse(text).map_err(js_error))
        .collect()
}

/// A shot as JS names it: the seed (decimal text), its index and its hand-made errors.
fn shot_of(
    seed: &str,
    index: &JsValue,
    flips: JsValue,
) -> Result<(u64, u64, Vec<HandError>), JsError> {
    let seed = spec::parse_seed(seed).map_err(js_error)?;
    Ok((seed, shot_index("shot", index)?, hand_errors(flips)?))
}

fn decoder_of(name: &str) -> Result<DecoderKind, JsError> {
    DecoderKind::parse(name).map_err(js_error)
}

#[wasm_bindgen]
impl ShotViewer {
    /// Prepares the memory `params` (`{distance, rounds, basis, noise, p, decoder,
    /// commitRounds, bufferRounds}`, as `Task` takes them); windows are labelled with
    /// `windowWorkers` (a) threads.
    #[wasm_bindgen(constructor)]
    pub fn new(params: JsValue, window_workers: u32) -> Result<ShotViewer, JsError> {
        let spec = TaskParams::spec_of(params)?;
        // Refused with the numbers before building what would not fit in a worker.
        spec::check_wasm_worker(&[spec], false).map_err(js_error)?;
        let window_workers =
            spec::parse_workers("window-workers", &window_workers.to_string()).map_err(js_error)?;
        let explorer = ShotExplorer::new(spec, window_workers).map_err(js_error)?;
        Ok(ShotViewer { explorer })
    }

    /// Qubits, stabilizers, the observable's support, detectors and graph edges.
    pub fn geometry(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.explorer.geometry().map_err(js_error)?)
    }

    /// Shot `index` of the stream with `seed` (a decimal string), with `flips`
    /// (`["qubit:round", …]`) applied, decoded by `decoder`: the object `surfacelab shot
    /// --json` prints.
    pub fn explain(
        &mut self,
        seed: &str,
        index: JsValue,
        flips: JsValue,
        decoder: &str,
    ) -> Result<JsValue, JsError> {
        let (seed, index, flips) = shot_of(seed, &index, flips)?;
        let decoder = decoder_of(decoder)?;
        let shot = self
            .explorer
            .explain(seed, index, &flips, decoder)
            .map_err(js_error)?;
        to_js(&shot)
    }

    /// Every decoder's verdict on the same shot.
    pub fn compare(
        &mut self,
        seed: &str,
        index: JsValue,
        flips: JsValue,
    ) -> Result<JsValue, JsError> {
        let (seed, index, flips) = shot_of(seed, &index, flips)?;
        to_js(
            &self
                .explorer
                .compare(seed, index, &flips)
                .map_err(js_error)?,
        )
    }

    /// Which chain crossed which of the seed's cuts in the shot, and the parallel-window
    /// artificial defect nearest it: `{single_window, crossing: {kind, cut, from, to,
    /// hand_over} | null}`.
    #[wasm_bindgen(js_name = cutStory)]
    pub fn cut_story(
        &mut self,
        seed: &str,
        index: JsValue,
        flips: JsValue,
    ) -> Result<JsValue, JsError> {
        let (seed, index, flips) = shot_of(seed, &index, flips)?;
        let story = self
            .explorer
            .cut_story(seed, index, &flips)
            .map_err(js_error)?;
        to_js(&story)
    }

    /// The first shot from `from` on, within `limit` shots, that `wanted` describes:
    /// `"failure"` (the `decoder` predicts wrongly) or `"seed-fails-parallel-right"`.
    /// Returns `{index, searched}` (`index` null when none was found).
    pub fn find(
        &mut self,
        seed: &str,
        from: JsValue,
        limit: JsValue,
        wanted: &str,
        decoder: &str,
    ) -> Result<JsValue, JsError> {
        let seed = spec::parse_seed(seed).map_err(js_error)?;
        let from = shot_index("shot", &from)?;
        let limit = shot_index("limit", &limit)?;
        let wanted = match wanted {
            "failure" => Wanted::Failure(decoder_of(decoder)?),
            "seed-fails-parallel-right" => Wanted::SeedFailsParallelRight,
            other => {
                return Err(js_error(crate::Error::parameter(
                    "wanted",
                    other,
                    "failure or seed-fails-parallel-right",
                )))
            }
        };
        let found = self
            .explorer
            .find(seed, from, limit, wanted)
            .map_err(js_error)?;
        to_js(&found)
    }
}
