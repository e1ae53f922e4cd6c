//! Turning `collect`'s lists into tasks.

use crate::args::{CollectArgs, NoiseOverrides};
use crate::Failure;
use surfacelab::circuit::NoiseParams;
use surfacelab::spec::NoiseKind;
use surfacelab::spec::{self, DecoderKind, NoiseModel, RoundsSpec, TaskSpec, WindowRoundsSpec};

/// The noise model `--noise` names; stim's four overrides are refused with any other model.
pub fn noise_kind(overrides: &NoiseOverrides) -> Result<NoiseKind, Failure> {
    let kind = NoiseKind::parse(&overrides.model)?;
    let given = [
        (
            "after-clifford-depolarization",
            &overrides.after_clifford_depolarization,
        ),
        (
            "after-reset-flip-probability",
            &overrides.after_reset_flip_probability,
        ),
        (
            "before-measure-flip-probability",
            &overrides.before_measure_flip_probability,
        ),
        (
            "before-round-data-depolarization",
            &overrides.before_round_data_depolarization,
        ),
    ]
    .into_iter()
    .find(|(_, value)| value.is_some());
    match (kind, given) {
        (NoiseKind::Si1000, Some((name, _))) => Err(Failure::Input(format!(
            "--{name} is a parameter of the stim noise model; --noise si1000 takes only --p"
        ))),
        _ => Ok(kind),
    }
}

/// The model of `kind` at strength `p` (for stim, each override given replaces `p`).
pub fn noise_model(
    kind: NoiseKind,
    p: f64,
    overrides: &NoiseOverrides,
) -> Result<NoiseModel, Failure> {
    match kind {
        NoiseKind::Stim => Ok(NoiseModel::Stim(noise_params(p, overrides)?)),
        NoiseKind::Si1000 => Ok(NoiseModel::Si1000(p)),
    }
}

/// The four stim parameters: each override if given, else `p`.
pub fn noise_params(p: f64, overrides: &NoiseOverrides) -> Result<NoiseParams, Failure> {
    let pick = |name: &str, value: &Option<String>| -> Result<f64, Failure> {
        match value {
            Some(text) => Ok(spec::parse_probability(
                name,
                text,
                spec::MAX_STIM_PROBABILITY,
            )?),
            None => Ok(p),
        }
    };
    Ok(NoiseParams {
        after_clifford_depolarization: pick(
            "after-clifford-depolarization",
            &overrides.after_clifford_depolarization,
        )?,
        after_reset_flip_probability: pick(
            "after-reset-flip-probability",
            &overrides.after_reset_flip_probability,
        )?,
        before_measure_flip_probability: pick(
            "before-measure-flip-probability",
            &overrides.before_measure_flip_probability,
        )?,
        before_round_data_depolarization: pick(
            "before-round-data-depolarization",
            &overrides.before_round_data_depolarization,
        )?,
    })
}

/// Every (basis, distance, p) combination, in that nesting order.
pub fn task_specs(args: &CollectArgs) -> Result<Vec<TaskSpec>, Failure> {
    let bases = spec::parse_list("basis", &args.basis, spec::parse_basis)?;
    let distances = spec::parse_list("distances", &args.distances, spec::parse_distance)?;
    let rounds = RoundsSpec::parse(&args.rounds)?;
    let noise = noise_kind(&args.noise)?;
    let probabilities = spec::parse_list("p", &args.p, |text| noise.parse_p(text))?;
    let decoder = DecoderKind::parse(&args.decoder)?;
    let window_rounds =
        WindowRoundsSpec::parse(args.commit_rounds.as_deref(), args.buffer_rounds.as_deref())?;
    let mut specs = Vec::new();
    for &basis in &bases {
        for &distance in &distances {
            let rounds = rounds.resolve(distance)?;
            let window = if decoder.is_windowed() {
                Some(window_rounds.resolve(decoder, distance, rounds)?)
            } else {
                None
            };
            for &p in &probabilities {
                specs.push(TaskSpec {
                    distance,
                    rounds,
                    basis,
                    noise: noise_model(noise, p, &args.noise)?,
                    decoder,
                    window,
                });
            }
        }
    }
    Ok(specs)
}
