//! `--circuit FILE.stim` (dem, collect, sweep, shot): a task made from a stim circuit instead of the
//! generated memory's flags. The circuit replaces the memory flags (distance, rounds, p, basis, noise), which are
//! then refused; the decoder and window flags still apply. Errors name the file and the line.

use crate::args::TaskFlags;
use crate::tasks::TaskDefaults;
use crate::{read_text, Failure};
use std::path::Path;
use surfacelab::collect::circuit_task::circuit_window;
use surfacelab::collect::PreparedTask;
use surfacelab::spec::{DecoderKind, WindowRounds};

/// The circuit's text, or a message naming the file.
pub fn read_circuit(path: &Path) -> Result<String, Failure> {
    read_text(path)
}

/// Prefixes an error about the circuit with its file.
pub fn in_file(path: &Path) -> impl Fn(surfacelab::Error) -> Failure + '_ {
    move |error| Failure::Input(format!("{}: {error}", path.display()))
}

/// The memory flags given alongside `--circuit` (which replaces them), by name.
fn conflicting_flags(flags: &TaskFlags) -> Vec<&'static str> {
    let noise = &flags.noise;
    [
        ("--code", flags.code.is_some()),
        ("--distances", flags.distances.is_some()),
        ("--rounds", flags.rounds.is_some()),
        ("--p", flags.p.is_some()),
        ("--basis", flags.basis.is_some()),
        ("--noise", noise.model != "stim"),
        (
            "--after-clifford-depolarization",
            noise.after_clifford_depolarization.is_some(),
        ),
        (
            "--after-reset-flip-probability",
            noise.after_reset_flip_probability.is_some(),
        ),
        (
            "--before-measure-flip-probability",
            noise.before_measure_flip_probability.is_some(),
        ),
        (
            "--before-round-data-depolarization",
            noise.before_round_data_depolarization.is_some(),
        ),
    ]
    .into_iter()
    .filter_map(|(name, given)| given.then_some(name))
    .collect()
}

/// Refuses memory flags given with `--circuit`.
pub fn check_no_memory_flags(flags: &TaskFlags) -> Result<(), Failure> {
    let conflicting = conflicting_flags(flags);
    if conflicting.is_empty() {
        return Ok(());
    }
    Err(Failure::Input(format!(
        "--circuit replaces the generated memory's flags; drop {}",
        conflicting.join(", ")
    )))
}

/// What `--circuit` asks for: the file's text and how to decode it.
pub struct CircuitChoice {
    pub text: String,
    pub decoder: DecoderKind,
    pub window: Option<WindowRounds>,
    pub correlated: bool,
}

/// The circuit, decoder and window of `--circuit` with the command's decoder default (memory
/// flags beside it refused); `None` without `--circuit`.
pub fn circuit_choice(
    flags: &TaskFlags,
    defaults: &TaskDefaults,
) -> Result<Option<CircuitChoice>, Failure> {
    let Some(path) = &flags.circuit else {
        return Ok(None);
    };
    check_no_memory_flags(flags)?;
    let decoder = DecoderKind::parse(flags.decoder.as_deref().unwrap_or(defaults.decoder))?;
    decoder.check_correlated(flags.correlated)?;
    let window = window_rounds(flags, decoder)?;
    Ok(Some(CircuitChoice {
        text: read_circuit(path)?,
        decoder,
        window,
        correlated: flags.correlated,
    }))
}

/// The task of `--circuit` with the command's decoder default; `None` without `--circuit`.
pub fn circuit_task(
    flags: &TaskFlags,
    defaults: &TaskDefaults,
) -> Result<Option<PreparedTask>, Failure> {
    let (Some(path), Some(choice)) = (&flags.circuit, circuit_choice(flags, defaults)?) else {
        return Ok(None);
    };
    PreparedTask::from_circuit(
        &choice.text,
        choice.decoder,
        choice.window,
        choice.correlated,
    )
    .map(Some)
    .map_err(in_file(path))
}

/// A window decoder's rounds for a circuit ([`circuit_window`]: both given, as there is no
/// distance to default to), worded with the CLI's flags when one is missing.
fn window_rounds(flags: &TaskFlags, decoder: DecoderKind) -> Result<Option<WindowRounds>, Failure> {
    let spec = flags.window.spec()?;
    if decoder.is_windowed() && (spec.commit.is_none() || spec.buffer.is_none()) {
        return Err(Failure::Input(
            "with --circuit, a window decoder needs --commit-rounds and --buffer-rounds (layers \
             of the detectors' time coordinate; there is no distance to default to), or use \
             --decoder global"
                .into(),
        ));
    }
    Ok(circuit_window(decoder, spec.commit, spec.buffer)?)
}
