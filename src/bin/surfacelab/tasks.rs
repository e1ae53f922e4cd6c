//! Turning the shared task flags into tasks, with each command's defaults.

use crate::args::{NoiseOverrides, TaskFlags, WindowArgs};
use crate::Failure;
use surfacelab::circuit::NoiseParams;
use surfacelab::spec::NoiseKind;
use surfacelab::spec::{
    self, DecoderKind, NoiseModel, RoundsSpec, TaskSpec, WindowRounds, WindowRoundsSpec,
};

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

/// One of two spellings of the same flag: an error if both are given with different values.
fn either<'a>(
    ours: (&str, &'a Option<String>),
    seeds: (&str, &'a Option<String>),
) -> Result<Option<&'a str>, Failure> {
    match (ours.1.as_deref(), seeds.1.as_deref()) {
        (Some(a), Some(b)) if a.trim() != b.trim() => Err(Failure::Input(format!(
            "--{} {} and --{} {} name the same parameter (--{} is the seed's name); give one of them, or the same value",
            ours.0,
            a.trim(),
            seeds.0,
            b.trim(),
            seeds.0
        ))),
        (Some(a), _) => Ok(Some(a)),
        (None, b) => Ok(b),
    }
}

impl WindowArgs {
    /// The window rounds as written, under either spelling.
    pub fn spec(&self) -> Result<WindowRoundsSpec, Failure> {
        let commit = either(
            ("commit-rounds", &self.commit_rounds),
            ("window-rounds", &self.window_rounds),
        )?;
        let buffer = either(
            ("buffer-rounds", &self.buffer_rounds),
            ("overlap", &self.overlap),
        )?;
        self.named(WindowRoundsSpec::parse(commit, buffer))
    }

    /// Resolves the window rounds for one decoder, distance and rounds.
    pub fn resolve(
        &self,
        decoder: DecoderKind,
        distance: u32,
        rounds: u32,
    ) -> Result<WindowRounds, Failure> {
        self.named(self.spec()?.resolve(decoder, distance, rounds))
    }

    /// Errors name the parameter by the spelling the user wrote (`window rounds`, `overlap`).
    fn named<T>(&self, result: surfacelab::Result<T>) -> Result<T, Failure> {
        result.map_err(|error| match error {
            surfacelab::Error::Parameter {
                name,
                value,
                allowed,
            } => {
                let name = match name.as_str() {
                    "commit rounds"
                        if self.commit_rounds.is_none() && self.window_rounds.is_some() =>
                    {
                        "window rounds (commit rounds)".to_string()
                    }
                    "buffer rounds" if self.buffer_rounds.is_none() && self.overlap.is_some() => {
                        "overlap (buffer rounds)".to_string()
                    }
                    _ => name,
                };
                Failure::from(surfacelab::Error::Parameter {
                    name,
                    value,
                    allowed,
                })
            }
            other => Failure::from(other),
        })
    }
}

/// A command's defaults for the shared task flags ([`TaskFlags`]); `None` where the flag is
/// required.
pub struct TaskDefaults {
    /// The command, for the message of a missing flag.
    pub command: &'static str,
    /// True when the command takes comma lists (`--distances`), false for one task
    /// (`--distance`).
    pub lists: bool,
    pub distances: Option<&'static str>,
    pub rounds: &'static str,
    pub p: Option<&'static str>,
    pub basis: &'static str,
    pub decoder: &'static str,
}

/// `collect`: distances and p are required.
pub const COLLECT: TaskDefaults = TaskDefaults {
    command: "collect",
    lists: true,
    distances: None,
    rounds: "d",
    p: None,
    basis: "z",
    decoder: "global",
};

/// `threshold`: the seed's experiment (d = 29, 31, 33; r = 3; six p values).
pub const THRESHOLD: TaskDefaults = TaskDefaults {
    command: "threshold",
    lists: true,
    distances: Some("29,31,33"),
    rounds: "3",
    p: Some("0.001,0.003,0.005,0.007,0.009,0.01"),
    basis: "z",
    decoder: "global",
};

/// `sweep`: one task, decoded by parallel windows.
pub const SWEEP: TaskDefaults = TaskDefaults {
    command: "sweep",
    lists: false,
    distances: None,
    rounds: "d",
    p: Some("0.005"),
    basis: "z",
    decoder: "parallel-window",
};

/// `shot`: one task, decoded globally.
pub const SHOT: TaskDefaults = TaskDefaults {
    command: "shot",
    decoder: "global",
    ..SWEEP
};

/// `stream`: one task, decoded by parallel windows.
pub const STREAM: TaskDefaults = TaskDefaults {
    command: "stream",
    ..SWEEP
};

/// The task flags of one command with its defaults filled in, as the user wrote them.
pub struct TaskLists<'a> {
    pub code: &'a str,
    pub basis: &'a str,
    pub distances: &'a str,
    pub rounds: &'a str,
    pub p: &'a str,
    pub noise: &'a NoiseOverrides,
    pub decoder: &'a str,
    pub window: &'a WindowArgs,
    pub correlated: bool,
}

impl TaskFlags {
    /// The flags with `defaults` where they are absent; a missing required flag is an error.
    pub fn lists<'a>(&'a self, defaults: &TaskDefaults) -> Result<TaskLists<'a>, Failure> {
        if self.circuit.is_some() {
            return Err(Failure::Input(format!(
                "{} does not take --circuit (collect, sweep, shot and dem do)",
                defaults.command
            )));
        }
        let required = |value: &'a Option<String>, default: Option<&'static str>, name: &str| {
            value
                .as_deref()
                .or(default)
                .ok_or_else(|| Failure::Input(format!("{} needs --{name}", defaults.command)))
        };
        Ok(TaskLists {
            code: self.code.as_deref().unwrap_or("rotated"),
            basis: self.basis.as_deref().unwrap_or(defaults.basis),
            distances: required(
                &self.distances,
                defaults.distances,
                if defaults.lists {
                    "distances"
                } else {
                    "distance"
                },
            )?,
            rounds: self.rounds.as_deref().unwrap_or(defaults.rounds),
            p: required(&self.p, defaults.p, "p")?,
            noise: &self.noise,
            decoder: self.decoder.as_deref().unwrap_or(defaults.decoder),
            window: &self.window,
            correlated: self.correlated,
        })
    }

    /// Every (basis, distance, p) combination, in that nesting order (`collect`, `threshold`).
    pub fn specs(&self, defaults: &TaskDefaults) -> Result<Vec<TaskSpec>, Failure> {
        specs_of(&self.lists(defaults)?)
    }

    /// The one task of `sweep`, `shot` and `stream`.
    pub fn one_spec(&self, defaults: &TaskDefaults) -> Result<TaskSpec, Failure> {
        one_spec_of(&self.lists(defaults)?)
    }
}

/// Every (basis, distance, p) combination, in that nesting order.
fn specs_of(args: &TaskLists) -> Result<Vec<TaskSpec>, Failure> {
    let code = spec::parse_code(args.code)?;
    let bases = spec::parse_list("basis", args.basis, spec::parse_basis)?;
    let distances = spec::parse_list("distances", args.distances, spec::parse_distance)?;
    let rounds = RoundsSpec::parse(args.rounds)?;
    let noise = noise_kind(args.noise)?;
    let probabilities = spec::parse_list("p", args.p, |text| noise.parse_p(text))?;
    let decoder = DecoderKind::parse(args.decoder)?;
    decoder.check_correlated(args.correlated)?;
    for &basis in &bases {
        spec::check_code(code, basis, decoder)?;
    }
    // Checked once up front, so that a bad value is reported even before any distance.
    args.window.spec()?;
    let mut specs = Vec::new();
    for &basis in &bases {
        for &distance in &distances {
            let rounds = rounds.resolve(distance)?;
            let window = if decoder.is_windowed() {
                Some(args.window.resolve(decoder, distance, rounds)?)
            } else {
                None
            };
            for &p in &probabilities {
                specs.push(TaskSpec {
                    code,
                    distance,
                    rounds,
                    basis,
                    noise: noise_model(noise, p, args.noise)?,
                    decoder,
                    window,
                    correlated: args.correlated,
                });
            }
        }
    }
    Ok(specs)
}

/// The one task the lists name, each a single value.
fn one_spec_of(args: &TaskLists) -> Result<TaskSpec, Failure> {
    let code = spec::parse_code(args.code)?;
    let distance = spec::parse_distance(args.distances)?;
    let rounds = RoundsSpec::parse(args.rounds)?.resolve(distance)?;
    let noise = noise_kind(args.noise)?;
    let p = noise.parse_p(args.p)?;
    let basis = spec::parse_basis(args.basis)?;
    let decoder = DecoderKind::parse(args.decoder)?;
    decoder.check_correlated(args.correlated)?;
    spec::check_code(code, basis, decoder)?;
    let window = if decoder.is_windowed() {
        Some(args.window.resolve(decoder, distance, rounds)?)
    } else {
        None
    };
    Ok(TaskSpec {
        code,
        distance,
        rounds,
        basis,
        noise: noise_model(noise, p, args.noise)?,
        decoder,
        window,
        correlated: args.correlated,
    })
}
