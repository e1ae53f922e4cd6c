//! Turning `collect`'s lists into tasks.

use crate::args::{CollectArgs, NoiseOverrides};
use crate::Failure;
use surfacelab::circuit::NoiseParams;
use surfacelab::spec::{self, DecoderKind, NoiseModel, RoundsSpec, TaskSpec, WindowRoundsSpec};

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
    let probabilities = spec::parse_list("p", &args.p, |text| {
        spec::parse_probability("p", text, spec::MAX_STIM_PROBABILITY)
    })?;
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
                    noise: NoiseModel::Stim(noise_params(p, &args.noise)?),
                    decoder,
                    window,
                });
            }
        }
    }
    Ok(specs)
}
