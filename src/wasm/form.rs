//! The page's experiment form: its fields as the URL writes them, checked field by field with
//! [`crate::spec`]'s parsers, so the page shows the CLI's messages beside each field.

use super::circuit::{check_circuit, CheckedCircuit};
use super::{from_js, to_js};
use crate::circuit::CodeFamily;
use crate::collect::circuit_task::circuit_window;
use crate::collect::Limits;
use crate::spec::{self, DecoderKind, NoiseKind, RoundsSpec, Shard, TaskSpec, WindowRoundsSpec};
use crate::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

/// The form's fields as text, named as in the URL (missing ones are empty).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct FormFields {
    pub code: String,
    pub distances: String,
    pub rounds: String,
    pub p: String,
    pub basis: String,
    pub noise: String,
    pub decoder: String,
    pub commit_rounds: String,
    pub buffer_rounds: String,
    pub max_shots: String,
    pub max_errors: String,
    pub seed: String,
    pub workers: String,
    pub window_workers: String,
    /// `1` for correlated matching; empty or `0` for plain.
    pub correlated: String,
    /// The circuit box's stim text, read when `code` is [`OWN_CIRCUIT`] (never in the URL's
    /// query: the page keeps it in the fragment).
    pub circuit: String,
}

/// The code field's value for "your own circuit": the circuit box's text replaces the
/// generated memory's fields (code, distances, rounds, p, basis, noise), as `--circuit` does.
pub const OWN_CIRCUIT: &str = "circuit";

/// A checked form: the tasks in (basis, distance, p) order, as the CLI orders them.
pub struct Experiment {
    pub specs: Vec<TaskSpec>,
    /// The circuit box's task (then `specs` is its one placeholder spec).
    pub circuit: Option<CheckedCircuit>,
    pub limits: Limits,
    pub seed: u64,
    pub workers: u32,
    pub window_workers: u32,
}

/// Every field's message, keyed by the field's URL name; absent when the field is valid.
pub type FieldErrors = BTreeMap<&'static str, String>;

/// The noise model; empty means the default (stim).
fn parse_noise(text: &str) -> Result<NoiseKind> {
    if text.trim().is_empty() {
        Ok(NoiseKind::default())
    } else {
        NoiseKind::parse(text)
    }
}

/// The correlated switch: `1` (or `true`) on, empty, `0` (or `false`) off.
fn parse_correlated(text: &str) -> Result<bool> {
    match text.trim() {
        "" | "0" | "false" => Ok(false),
        "1" | "true" => Ok(true),
        other => Err(Error::parameter("correlated", other, "0 or 1")),
    }
}

/// The code family; empty means the default (rotated).
fn parse_code(text: &str) -> Result<CodeFamily> {
    if text.trim().is_empty() {
        Ok(CodeFamily::default())
    } else {
        spec::parse_code(text)
    }
}

/// Keeps the first message of each field.
fn note<T>(errors: &mut FieldErrors, name: &'static str, result: &Result<T>) {
    if let Err(error) = result {
        errors.entry(name).or_insert_with(|| error.to_string());
    }
}

/// Empty text means "not given" (the default).
fn given(text: &str) -> Option<&str> {
    (!text.trim().is_empty()).then_some(text)
}

/// Checks every field, collecting one message per field, and returns the experiment when all
/// of them are valid.
pub fn check(fields: &FormFields) -> (Option<Experiment>, FieldErrors) {
    if fields.code.trim() == OWN_CIRCUIT {
        return check_own_circuit(fields);
    }
    let mut errors = FieldErrors::new();
    let code = parse_code(&fields.code);
    let bases = spec::parse_list("basis", &fields.basis, spec::parse_basis);
    let distances = spec::parse_list("distances", &fields.distances, spec::parse_distance);
    let rounds = RoundsSpec::parse(&fields.rounds);
    let noise = parse_noise(&fields.noise);
    // p's range depends on the model (stim 0 … 0.5, si1000 0 … 0.1).
    let noise_for_p = *noise.as_ref().unwrap_or(&NoiseKind::default());
    let probabilities = spec::parse_list("p", &fields.p, |text| noise_for_p.parse_p(text));
    let (decoder, correlated, commit, buffer) = decoder_fields(fields, &mut errors);
    note(&mut errors, "code", &code);
    note(&mut errors, "basis", &bases);
    // The family's bases and decoders (the repetition code: Z only, no independent-windows).
    if let (Ok(code), Ok(bases), Ok(decoder)) = (&code, &bases, &decoder) {
        for &basis in bases {
            if let Err(error) = spec::check_code(*code, basis, *decoder) {
                let name = match &error {
                    Error::Parameter { name, .. } if name == "basis" => "basis",
                    _ => "decoder",
                };
                note::<()>(&mut errors, name, &Err(error));
            }
        }
    }
    note(&mut errors, "distances", &distances);
    note(&mut errors, "rounds", &rounds);
    note(&mut errors, "p", &probabilities);
    note(&mut errors, "noise", &noise);
    if let (Ok(decoder), Ok(correlated)) = (&decoder, &correlated) {
        note(
            &mut errors,
            "correlated",
            &decoder.check_correlated(*correlated),
        );
    }
    let run = check_run_fields(fields, &mut errors);
    // Rounds and window rounds depend on each distance: check them per distance.
    let mut resolved = Vec::new();
    if let (Ok(distances), Ok(rounds), Ok(decoder)) = (&distances, &rounds, &decoder) {
        let window_spec = WindowRoundsSpec {
            commit: commit.as_ref().ok().and_then(|c| c.commit),
            buffer: buffer.as_ref().ok().and_then(|b| b.buffer),
        };
        for &distance in distances {
            match rounds.resolve(distance) {
                Err(error) => note::<()>(&mut errors, "rounds", &Err(error)),
                Ok(r) if decoder.is_windowed() => {
                    match window_spec.resolve(*decoder, distance, r) {
                        Ok(window) => resolved.push((distance, r, Some(window))),
                        Err(error) => {
                            let name = window_field(&error);
                            note::<()>(&mut errors, name, &Err(error));
                        }
                    }
                }
                Ok(r) => resolved.push((distance, r, None)),
            }
        }
    }
    if !errors.is_empty() {
        return (None, errors);
    }
    let (Ok(code), Ok(bases), Ok(probabilities), Ok(decoder), Ok(noise)) =
        (code, bases, probabilities, decoder, noise)
    else {
        return (None, errors);
    };
    let mut specs = Vec::new();
    for &basis in &bases {
        for &(distance, rounds, window) in &resolved {
            for &p in &probabilities {
                specs.push(TaskSpec {
                    code,
                    distance,
                    rounds,
                    basis,
                    noise: noise.uniform(p),
                    decoder,
                    window,
                    correlated: *correlated.as_ref().unwrap_or(&false),
                });
            }
        }
    }
    (Some(run.experiment(specs, None)), errors)
}

/// The decoder's fields, parsed: (decoder, correlated, commit rounds, buffer rounds).
type DecoderFields = (
    Result<DecoderKind>,
    Result<bool>,
    Result<WindowRoundsSpec>,
    Result<WindowRoundsSpec>,
);

/// Parses the decoder's fields (a memory and a circuit share them), noting each one's error
/// under its own name.
fn decoder_fields(fields: &FormFields, errors: &mut FieldErrors) -> DecoderFields {
    let decoder = DecoderKind::parse(&fields.decoder);
    let correlated = parse_correlated(&fields.correlated);
    let commit = WindowRoundsSpec::parse(given(&fields.commit_rounds), None);
    let buffer = WindowRoundsSpec::parse(None, given(&fields.buffer_rounds));
    note(errors, "decoder", &decoder);
    note(errors, "correlated", &correlated);
    note(errors, "commit-rounds", &commit);
    note(errors, "buffer-rounds", &buffer);
    (decoder, correlated, commit, buffer)
}

/// The fields every experiment has (limits, seed, a and b), checked.
struct RunFields {
    limits: Limits,
    seed: u64,
    workers: u32,
    window_workers: u32,
}

impl RunFields {
    fn experiment(self, specs: Vec<TaskSpec>, circuit: Option<CheckedCircuit>) -> Experiment {
        Experiment {
            specs,
            circuit,
            limits: self.limits,
            seed: self.seed,
            workers: self.workers,
            window_workers: self.window_workers,
        }
    }
}

/// Checks max shots, max errors, the seed, a and b, noting their messages.
fn check_run_fields(fields: &FormFields, errors: &mut FieldErrors) -> RunFields {
    let max_shots = spec::parse_count("max-shots", &fields.max_shots);
    let max_errors = spec::parse_count("max-errors", &fields.max_errors);
    let seed = spec::parse_seed(&fields.seed);
    let workers = spec::parse_workers("workers", &fields.workers);
    let window_workers = spec::parse_workers("window-workers", &fields.window_workers);
    note(errors, "max-shots", &max_shots);
    note(errors, "max-errors", &max_errors);
    note(errors, "seed", &seed);
    note(errors, "workers", &workers);
    note(errors, "window-workers", &window_workers);
    if let (Ok(a), Ok(b)) = (&window_workers, &workers) {
        note(errors, "window-workers", &spec::check_concurrency(*a, *b));
    }
    RunFields {
        limits: Limits {
            max_shots: max_shots.unwrap_or(1),
            max_errors: max_errors.ok(),
            shard: Shard::WHOLE,
        },
        seed: seed.unwrap_or(0),
        workers: workers.unwrap_or(1),
        window_workers: window_workers.unwrap_or(1),
    }
}

/// The circuit box's experiment: one task, the circuit's, with the decoder fields; the memory
/// fields are not read (the circuit replaces them). The circuit's message (the line and the
/// reason where the reader names one) goes beside the box.
fn check_own_circuit(fields: &FormFields) -> (Option<Experiment>, FieldErrors) {
    let mut errors = FieldErrors::new();
    let (decoder, correlated, commit, buffer) = decoder_fields(fields, &mut errors);
    let run = check_run_fields(fields, &mut errors);
    let (Ok(decoder), Ok(correlated), Ok(commit), Ok(buffer)) =
        (decoder, correlated, commit, buffer)
    else {
        return (None, errors);
    };
    note(
        &mut errors,
        "correlated",
        &decoder.check_correlated(correlated),
    );
    let window = circuit_window(decoder, commit.commit, buffer.buffer);
    if let Err(error) = &window {
        let name = window_field(error);
        note::<()>(&mut errors, name, &Err(error.clone()));
    }
    let checked = match window {
        Ok(window) if !errors.contains_key("correlated") => {
            check_circuit(&fields.circuit, decoder, window, correlated)
        }
        _ => return (None, errors),
    };
    match checked {
        Ok(checked) if errors.is_empty() => {
            let specs = vec![checked.spec];
            (Some(run.experiment(specs, Some(checked))), errors)
        }
        Ok(_) => (None, errors),
        Err(message) => {
            errors.insert("circuit", message);
            (None, errors)
        }
    }
}

/// Which field a window-rounds error belongs to (the seed's scheme names its own parameters).
fn window_field(error: &Error) -> &'static str {
    match error {
        Error::Parameter { name, .. }
            if name.starts_with("commit") || name.starts_with("window") =>
        {
            "commit-rounds"
        }
        Error::Parameter { name, .. } if name.starts_with("distance") => "distances",
        _ => "buffer-rounds",
    }
}

/// A checked experiment, or the first field's message as an error.
pub fn experiment(fields: &FormFields) -> std::result::Result<Experiment, String> {
    match check(fields) {
        (Some(experiment), _) => Ok(experiment),
        (None, errors) => Err(errors
            .into_values()
            .next()
            .unwrap_or_else(|| "the form is not valid".into())),
    }
}

/// Messages of every invalid field of `form` (an object of URL-named text fields), as an
/// object `{field: message}`; valid fields are absent.
#[wasm_bindgen(js_name = validateForm)]
pub fn validate_form(form: JsValue) -> std::result::Result<JsValue, JsError> {
    let fields: FormFields = from_js(form)?;
    to_js(&check(&fields).1)
}

/// The message for field `name` given the whole form as `context`; `""` when it is valid.
#[wasm_bindgen(js_name = validateField)]
pub fn validate_field(
    name: &str,
    value: &str,
    context: JsValue,
) -> std::result::Result<String, JsError> {
    let mut fields: FormFields = if context.is_undefined() || context.is_null() {
        FormFields::default()
    } else {
        from_js(context)?
    };
    let slot = match name {
        "distances" => &mut fields.distances,
        "rounds" => &mut fields.rounds,
        "p" => &mut fields.p,
        "basis" => &mut fields.basis,
        "noise" => &mut fields.noise,
        "decoder" => &mut fields.decoder,
        "commit-rounds" => &mut fields.commit_rounds,
        "buffer-rounds" => &mut fields.buffer_rounds,
        "max-shots" => &mut fields.max_shots,
        "max-errors" => &mut fields.max_errors,
        "seed" => &mut fields.seed,
        "workers" => &mut fields.workers,
        "window-workers" => &mut fields.window_workers,
        "circuit" => &mut fields.circuit,
        _ => return Err(JsError::new(&format!("no form field named {name:?}"))),
    };
    *slot = value.to_string();
    Ok(check(&fields).1.remove(name).unwrap_or_default())
}
