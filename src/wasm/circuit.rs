//! The page's own circuit (the circuit box): its text checked by the core exactly as
//! `--circuit FILE.stim` checks it, and the task key it gets, so the page's counts equal the
//! CLI's for the same text and seed.
//!
//! The form is checked on every edit of any field, and a circuit is checked by building its
//! model and decoder, so the last answer is kept: checking the same text with the same decoder
//! again costs one comparison of the text.

use crate::collect::{PreparedTask, TaskDecoder};
use crate::spec::{DecoderKind, TaskSpec, WindowRounds};
use crate::window::WindowThreads;
use crate::{Error, Result};
use std::cell::RefCell;

/// A circuit that the core has read, modelled and made a decoder for.
#[derive(Debug, Clone)]
pub struct CheckedCircuit {
    /// The text, as given (its SHA-256 is the task's key).
    pub text: String,
    /// The task as the run lists it (memory fields are placeholders, see
    /// [`PreparedTask::from_circuit`]).
    pub spec: TaskSpec,
    /// `{"circuit":"<sha256>"}` and the decoder's keys: the CLI's metadata for the same text.
    pub metadata: String,
    /// sinter's strong id, as the CLI writes it.
    pub strong_id: String,
}

/// What a circuit is checked with: everything [`PreparedTask::from_circuit`] takes.
#[derive(Debug, Clone, PartialEq)]
struct CircuitKey {
    text: String,
    decoder: DecoderKind,
    window: Option<WindowRounds>,
    correlated: bool,
}

thread_local! {
    /// The last circuit checked and its answer (the page's main thread is single-threaded).
    static LAST: RefCell<Option<(CircuitKey, std::result::Result<CheckedCircuit, String>)>> =
        const { RefCell::new(None) };
}

/// Reads `text` and builds its task and decoder, or says why not (the line and the reason for
/// a circuit the reader refuses). Remembers the last answer.
pub fn check_circuit(
    text: &str,
    decoder: DecoderKind,
    window: Option<WindowRounds>,
    correlated: bool,
) -> std::result::Result<CheckedCircuit, String> {
    let key = CircuitKey {
        text: text.to_string(),
        decoder,
        window,
        correlated,
    };
    if let Some(answer) = LAST.with(|last| {
        last.borrow()
            .as_ref()
            .filter(|(last_key, _)| *last_key == key)
            .map(|(_, answer)| answer.clone())
    }) {
        return answer;
    }
    let answer = build(text, decoder, window, correlated).map_err(|error| error.to_string());
    LAST.with(|last| *last.borrow_mut() = Some((key, answer.clone())));
    answer
}

/// The prepared task of a circuit, as a shot worker builds it.
pub fn prepare(
    text: &str,
    decoder: DecoderKind,
    window: Option<WindowRounds>,
    correlated: bool,
) -> Result<PreparedTask> {
    if text.trim().is_empty() {
        return Err(Error::parameter(
            "circuit",
            "an empty text",
            "a stim circuit (paste one or choose a .stim file)",
        ));
    }
    PreparedTask::from_circuit(text, decoder, window, correlated)
}

fn build(
    text: &str,
    decoder: DecoderKind,
    window: Option<WindowRounds>,
    correlated: bool,
) -> Result<CheckedCircuit> {
    let prepared = prepare(text, decoder, window, correlated)?;
    // A decoder the worker could not make (windows that do not fit the layers) is refused here,
    // beside the field, not in the middle of a run.
    let _decoder: TaskDecoder = prepared.new_block_decoder(WindowThreads::Sequential, None)?;
    Ok(CheckedCircuit {
        text: text.to_string(),
        spec: prepared.spec,
        metadata: prepared.metadata,
        strong_id: prepared.strong_id,
    })
}
