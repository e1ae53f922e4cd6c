//! Experiment parameters and their validation: the one place that checks user parameters.
//!
//! Every parser takes the text the user wrote and returns either the value or an
//! [`Error::Parameter`] naming the parameter, the value and the allowed range (DESIGN.md's
//! parameter table). Inside the core, these invariants are only `debug_assert!`ed.

use crate::circuit::{
    generate_memory, generate_si1000_family_memory, Basis, Circuit, CodeFamily, MemoryParams,
    NoiseParams,
};
use crate::Error;
use crate::Result;

mod memory;
pub use memory::{
    check_native_run, check_wasm_worker, estimate_task_memory, format_bytes, MemoryEstimate,
    WASM_WORKER_BYTES,
};

/// Smallest and largest code distance.
pub const DISTANCE_RANGE: (u32, u32) = (2, 101);
/// Smallest and largest number of rounds.
pub const ROUNDS_RANGE: (u32, u32) = (1, 1_000_000);
/// Largest probability of the stim noise model's parameters.
pub const MAX_STIM_PROBABILITY: f64 = 0.5;
/// Largest p of the SI1000 noise model (its measurement flips, 5p, must stay at most 0.5).
pub const MAX_SI1000_PROBABILITY: f64 = 0.1;
/// Largest max-shots / max-errors.
pub const MAX_COUNT: u64 = 1_000_000_000_000_000;
/// Largest a or b.
pub const MAX_WORKERS: u32 = 64;
/// Largest a × b.
pub const MAX_CONCURRENCY: u32 = 1024;

const DISTANCE_ALLOWED: &str = "an integer from 2 to 101";
const ROUNDS_ALLOWED: &str =
    "an integer from 1 to 1000000, or Nd (N times the distance, e.g. 3d), within 1 to 1000000";

/// Parses a decimal integer (digits only, optional surrounding spaces).
fn parse_integer(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses an integer parameter in `[low, high]`.
pub fn parse_bounded(name: &str, text: &str, low: u64, high: u64) -> Result<u64> {
    let allowed = format!("an integer from {low} to {high}");
    match parse_integer(text) {
        Some(value) if (low..=high).contains(&value) => Ok(value),
        _ => Err(Error::parameter(name, display_value(text), &allowed)),
    }
}

/// The value as shown in messages: quoted when empty, trimmed otherwise.
fn display_value(text: &str) -> String {
    if text.trim().is_empty() {
        "\"\"".to_string()
    } else {
        text.trim().to_string()
    }
}

/// Parses a code distance (2 … 101).
pub fn parse_distance(text: &str) -> Result<u32> {
    match parse_integer(text) {
        Some(d) if (DISTANCE_RANGE.0 as u64..=DISTANCE_RANGE.1 as u64).contains(&d) => Ok(d as u32),
        _ => Err(Error::parameter(
            "distance",
            display_value(text),
            DISTANCE_ALLOWED,
        )),
    }
}

/// Rounds as the user wrote them: a number, or a multiple of the distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundsSpec {
    /// A fixed number of rounds.
    Fixed(u32),
    /// N × d.
    TimesDistance(u32),
}

impl RoundsSpec {
    /// Checks the grammar `[1-9][0-9]*` or `([1-9][0-9]*)?d`.
    pub fn parse(text: &str) -> Result<RoundsSpec> {
        let trimmed = text.trim();
        let invalid = || Error::parameter("rounds", display_value(text), ROUNDS_ALLOWED);
        let (digits, times_distance) = match trimmed.strip_suffix(['d', 'D']) {
            Some(prefix) => (prefix, true),
            None => (trimmed, false),
        };
        if times_distance && digits.is_empty() {
            return Ok(RoundsSpec::TimesDistance(1));
        }
        if digits.starts_with('0') {
            return Err(invalid());
        }
        let value = parse_integer(digits).ok_or_else(invalid)?;
        if value < ROUNDS_RANGE.0 as u64 || value > ROUNDS_RANGE.1 as u64 {
            return Err(invalid());
        }
        Ok(if times_distance {
            RoundsSpec::TimesDistance(value as u32)
        } else {
            RoundsSpec::Fixed(value as u32)
        })
    }

    /// The number of rounds for distance `distance`, checked against 1 … 1000000.
    pub fn resolve(self, distance: u32) -> Result<u32> {
        let rounds = match self {
            RoundsSpec::Fixed(r) => r as u64,
            RoundsSpec::TimesDistance(n) => n as u64 * distance as u64,
        };
        if rounds > ROUNDS_RANGE.1 as u64 {
            let shown = match self {
                RoundsSpec::Fixed(r) => r.to_string(),
                RoundsSpec::TimesDistance(n) => format!("{n}d = {rounds} at d = {distance}"),
            };
            return Err(Error::parameter("rounds", shown, ROUNDS_ALLOWED));
        }
        Ok(rounds as u32)
    }
}

/// True when `text` is a plain decimal or e-notation number (no `inf`, `nan`, hex, `+`).
fn is_decimal_grammar(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits_ok(whole)
        && fraction.is_none_or(digits_ok)
        && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits_ok(e)
    });
    mantissa_ok && exponent_ok
}

/// Parses a probability parameter in `[0, max]`.
pub fn parse_probability(name: &str, text: &str, max: f64) -> Result<f64> {
    let trimmed = text.trim();
    let allowed =
        format!("a probability from 0 to {max} (decimal or e-notation, e.g. 0.001 or 1e-3)");
    if !is_decimal_grammar(trimmed) {
        return Err(Error::parameter(name, display_value(text), &allowed));
    }
    match trimmed.parse::<f64>() {
        Ok(p) if p.is_finite() && (0.0..=max).contains(&p) => Ok(p),
        _ => Err(Error::parameter(name, display_value(text), &allowed)),
    }
}

/// Parses a memory basis: `z` or `x`, any case.
pub fn parse_basis(text: &str) -> Result<Basis> {
    match text.trim().to_ascii_lowercase().as_str() {
        "z" => Ok(Basis::Z),
        "x" => Ok(Basis::X),
        _ => Err(Error::parameter("basis", display_value(text), "z or x")),
    }
}

/// Parses a code family: `rotated`, `unrotated` or `repetition`, any case.
pub fn parse_code(text: &str) -> Result<CodeFamily> {
    CodeFamily::from_name(&text.trim().to_ascii_lowercase()).ok_or_else(|| {
        Error::parameter(
            "code",
            display_value(text),
            "rotated, unrotated or repetition",
        )
    })
}

/// Checks that `code` has a memory in `basis` and can be decoded by `decoder`: the repetition
/// code has only the Z basis (stim's `repetition_code:memory`), and its (d − 1)(r + 1)
/// detectors do not cut into the r equal blocks of the seed's independent windows.
pub fn check_code(code: CodeFamily, basis: Basis, decoder: DecoderKind) -> Result<()> {
    if !code.bases().contains(&basis) {
        return Err(Error::parameter(
            "basis",
            basis.letter().to_ascii_lowercase(),
            &format!(
                "z for the {} code (stim's {} protects against bit flips only)",
                code.name(),
                code.stim_name(basis)
            ),
        ));
    }
    if code == CodeFamily::Repetition && decoder == DecoderKind::IndependentWindows {
        return Err(Error::parameter(
            "decoder",
            decoder.name(),
            "global, sliding or parallel-window for the repetition code (independent-windows cuts the detectors into r equal blocks, which its (d - 1)(r + 1) detectors do not make)",
        ));
    }
    Ok(())
}

/// Splits a comma list and parses each item; an empty list is an error.
pub fn parse_list<T>(name: &str, text: &str, parse: impl Fn(&str) -> Result<T>) -> Result<Vec<T>> {
    let items: Vec<&str> = text.split(',').map(str::trim).collect();
    if items.iter().all(|item| item.is_empty()) {
        return Err(Error::parameter(
            name,
            display_value(text),
            "a comma-separated list with at least one value",
        ));
    }
    items.into_iter().map(parse).collect()
}

/// Parses a max-shots or max-errors count (1 … 10^15).
pub fn parse_count(name: &str, text: &str) -> Result<u64> {
    match parse_integer(text) {
        Some(v) if (1..=MAX_COUNT).contains(&v) => Ok(v),
        _ => Err(Error::parameter(
            name,
            display_value(text),
            "an integer from 1 to 1000000000000000 (10^15)",
        )),
    }
}

/// Smallest and largest max-seconds per task.
pub const MAX_SECONDS_RANGE: (f64, f64) = (0.1, 1e7);

/// Parses a task's max-seconds (0.1 … 10^7, decimal or e-notation).
pub fn parse_max_seconds(name: &str, text: &str) -> Result<f64> {
    let trimmed = text.trim();
    let seconds = is_decimal_grammar(trimmed)
        .then(|| trimmed.parse::<f64>().ok())
        .flatten();
    match seconds {
        Some(s) if (MAX_SECONDS_RANGE.0..=MAX_SECONDS_RANGE.1).contains(&s) => Ok(s),
        _ => Err(Error::parameter(
            name,
            display_value(text),
            "a number of seconds from 0.1 to 10000000 (10^7)",
        )),
    }
}

/// Parses a seed (0 … 2^64 − 1).
pub fn parse_seed(text: &str) -> Result<u64> {
    parse_integer(text).ok_or_else(|| {
        Error::parameter(
            "seed",
            display_value(text),
            "an integer from 0 to 18446744073709551615 (2^64 - 1)",
        )
    })
}

/// Parses a worker count (a or b): 1 … 64.
pub fn parse_workers(name: &str, text: &str) -> Result<u32> {
    parse_bounded(name, text, 1, MAX_WORKERS as u64).map(|v| v as u32)
}

/// Checks a × b ≤ 1024.
pub fn check_concurrency(window_workers: u32, shot_workers: u32) -> Result<()> {
    let product = window_workers as u64 * shot_workers as u64;
    if product > MAX_CONCURRENCY as u64 {
        return Err(Error::parameter(
            "window workers × workers (a × b)",
            format!("{window_workers} × {shot_workers} = {product}"),
            "at most 1024",
        ));
    }
    Ok(())
}

/// A shard `i/n`: only blocks k with k mod n = i.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard's index, 0 … count − 1.
    pub index: u64,
    /// Number of shards, ≥ 1.
    pub count: u64,
}

impl Shard {
    /// The whole task.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Parses `i/n` with 0 ≤ i < n ≤ 10^6.
    pub fn parse(text: &str) -> Result<Shard> {
        let invalid = || {
            Error::parameter(
                "shard",
                display_value(text),
                "i/n with integers 0 <= i < n <= 1000000 (e.g. 0/4)",
            )
        };
        let (index, count) = text.trim().split_once('/').ok_or_else(invalid)?;
        let index = parse_integer(index).ok_or_else(invalid)?;
        let count = parse_integer(count).ok_or_else(invalid)?;
        if count == 0 || count > 1_000_000 || index >= count {
            return Err(invalid());
        }
        Ok(Shard { index, count })
    }

    /// True when block `block` belongs to this shard.
    pub fn owns(&self, block: u64) -> bool {
        block % self.count == self.index
    }
}

/// The noise model of a task.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NoiseModel {
    /// stim's four parameters.
    Stim(NoiseParams),
    /// SI1000 with its one parameter p, 0 … 0.1 (`circuit::si1000`).
    Si1000(f64),
}

impl NoiseModel {
    /// Which model this is.
    pub fn kind(&self) -> NoiseKind {
        match self {
            NoiseModel::Stim(_) => NoiseKind::Stim,
            NoiseModel::Si1000(_) => NoiseKind::Si1000,
        }
    }

    /// The rotated memory circuit of `distance`, `rounds` and `basis` with this noise.
    pub fn memory_circuit(&self, distance: u32, rounds: u32, basis: Basis) -> Circuit {
        self.family_circuit(CodeFamily::Rotated, distance, rounds, basis)
    }

    /// The memory circuit of `code` at `distance`, `rounds` and `basis` with this noise.
    pub fn family_circuit(
        &self,
        code: CodeFamily,
        distance: u32,
        rounds: u32,
        basis: Basis,
    ) -> Circuit {
        match *self {
            NoiseModel::Stim(noise) => generate_memory(
                code,
                &MemoryParams {
                    distance,
                    rounds,
                    basis,
                    noise,
                },
            ),
            NoiseModel::Si1000(p) => {
                generate_si1000_family_memory(code, distance, rounds, basis, p)
            }
        }
    }
}

/// A noise model by name, before its strength is known (`--noise`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NoiseKind {
    /// stim's four parameters (the default).
    #[default]
    Stim,
    /// SI1000, one parameter p.
    Si1000,
}

impl NoiseKind {
    /// The name on the command line and in metadata.
    pub fn name(self) -> &'static str {
        match self {
            NoiseKind::Stim => "stim",
            NoiseKind::Si1000 => "si1000",
        }
    }

    /// Parses a noise model name: `stim` or `si1000`, any case.
    pub fn parse(text: &str) -> Result<NoiseKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "stim" => Ok(NoiseKind::Stim),
            "si1000" => Ok(NoiseKind::Si1000),
            _ => Err(Error::parameter(
                "noise",
                display_value(text),
                "stim or si1000",
            )),
        }
    }

    /// This model with every parameter equal to `p` (checked by [`NoiseKind::parse_p`]).
    pub fn uniform(self, p: f64) -> NoiseModel {
        match self {
            NoiseKind::Stim => NoiseModel::Stim(NoiseParams::uniform(p)),
            NoiseKind::Si1000 => NoiseModel::Si1000(p),
        }
    }

    /// Parses the strength p of this model: 0 … 0.5 for stim, 0 … 0.1 for si1000.
    pub fn parse_p(self, text: &str) -> Result<f64> {
        match self {
            NoiseKind::Stim => parse_probability("p", text, MAX_STIM_PROBABILITY),
            NoiseKind::Si1000 => {
                parse_probability("p", text, MAX_SI1000_PROBABILITY).map_err(|_| {
                    Error::parameter(
                        "p",
                        display_value(text),
                        "a probability from 0 to 0.1 with si1000 noise (5p must stay at most 0.5; decimal or e-notation)",
                    )
                })
            }
        }
    }
}

/// The decoder of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecoderKind {
    /// Global minimum-weight perfect matching.
    Global,
    /// Sliding windows of commit + buffer rounds.
    Sliding,
    /// Parallel windows (layer A / layer B).
    ParallelWindow,
    /// The seed's independent windows, a comparison baseline: every window is decoded alone
    /// with the full model's matcher, without artificial defects (window rounds n = commit c,
    /// overlap k = buffer w; odd d only).
    IndependentWindows,
}

const DECODER_NAMES: &str = "global, sliding, parallel-window or independent-windows";

impl DecoderKind {
    /// The name used in CSV `decoder` column and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            DecoderKind::Global => "global",
            DecoderKind::Sliding => "sliding",
            DecoderKind::ParallelWindow => "parallel-window",
            DecoderKind::IndependentWindows => "independent-windows",
        }
    }

    /// Parses a decoder name.
    pub fn parse(text: &str) -> Result<DecoderKind> {
        match text.trim() {
            "global" => Ok(DecoderKind::Global),
            "sliding" => Ok(DecoderKind::Sliding),
            "parallel-window" => Ok(DecoderKind::ParallelWindow),
            "independent-windows" => Ok(DecoderKind::IndependentWindows),
            _ => Err(Error::parameter(
                "decoder",
                display_value(text),
                DECODER_NAMES,
            )),
        }
    }

    /// True for the decoders that cut time into windows.
    pub fn is_windowed(self) -> bool {
        !matches!(self, DecoderKind::Global)
    }

    /// Refuses correlated matching for the decoder that cannot do it (independent windows,
    /// a baseline that keeps the seed's plain matching).
    pub fn check_correlated(self, correlated: bool) -> Result<()> {
        if correlated && self == DecoderKind::IndependentWindows {
            return Err(Error::parameter(
                "correlated",
                "on with the independent-windows decoder",
                "off for independent-windows (correlated matching is for global, sliding and \
                 parallel-window)",
            ));
        }
        Ok(())
    }

    /// Smallest buffer the decoder accepts.
    pub fn min_buffer_rounds(self) -> u32 {
        match self {
            DecoderKind::ParallelWindow => 1,
            _ => 0,
        }
    }
}

/// Commit and buffer rounds of a windowed decoder, as the user asked for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowRounds {
    /// Commit rounds c, 1 … r.
    pub commit: u32,
    /// Buffer rounds w, 0 … r (≥ 1 for parallel-window).
    pub buffer: u32,
}

/// Window rounds as written (`None` = the default, d).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WindowRoundsSpec {
    /// Commit rounds, or the default d.
    pub commit: Option<u32>,
    /// Buffer rounds, or the default d.
    pub buffer: Option<u32>,
}

impl WindowRoundsSpec {
    /// Parses the two optional flags (non-negative integers; ranges are checked by `resolve`).
    pub fn parse(commit: Option<&str>, buffer: Option<&str>) -> Result<WindowRoundsSpec> {
        let parse = |name: &str, text: &str| {
            parse_integer(text)
                .filter(|&v| v <= ROUNDS_RANGE.1 as u64)
                .map(|v| v as u32)
                .ok_or_else(|| {
                    Error::parameter(
                        name,
                        display_value(text),
                        "an integer from 0 to the rounds r",
                    )
                })
        };
        Ok(WindowRoundsSpec {
            commit: commit.map(|t| parse("commit rounds", t)).transpose()?,
            buffer: buffer.map(|t| parse("buffer rounds", t)).transpose()?,
        })
    }

    /// Checks c in 1 … r and w in min … r for this decoder, distance and rounds.
    pub fn resolve(self, decoder: DecoderKind, distance: u32, rounds: u32) -> Result<WindowRounds> {
        // The defaults are d, clamped to r so that a short memory is one window.
        if decoder == DecoderKind::IndependentWindows && distance % 2 == 0 {
            return Err(Error::parameter(
                "distance",
                distance,
                "an odd integer from 3 to 101 for independent-windows (the seed's windows cut the detectors into r equal blocks, which needs odd d)",
            ));
        }
        let commit = self.commit.unwrap_or(distance.min(rounds));
        let buffer = self.buffer.unwrap_or(distance.min(rounds));
        // The seed's names for the seed's scheme.
        let (commit_name, buffer_name) = match decoder {
            DecoderKind::IndependentWindows => ("window rounds", "overlap"),
            _ => ("commit rounds", "buffer rounds"),
        };
        if commit < 1 || commit > rounds {
            return Err(Error::parameter(
                commit_name,
                commit,
                &format!("an integer from 1 to the rounds r = {rounds}"),
            ));
        }
        let min_buffer = decoder.min_buffer_rounds();
        if buffer < min_buffer || buffer > rounds {
            let why = if min_buffer > 0 {
                " (parallel-window needs w >= 1)"
            } else {
                ""
            };
            return Err(Error::parameter(
                buffer_name,
                buffer,
                &format!("an integer from {min_buffer} to the rounds r = {rounds}{why}"),
            ));
        }
        Ok(WindowRounds { commit, buffer })
    }
}

/// One fully resolved task: a circuit, a noise model and a decoder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaskSpec {
    /// Code family (`--code`): rotated (the default), unrotated or repetition.
    pub code: CodeFamily,
    /// Code distance.
    pub distance: u32,
    /// Rounds (resolved).
    pub rounds: u32,
    /// Memory basis.
    pub basis: Basis,
    /// Noise model.
    pub noise: NoiseModel,
    /// Decoder.
    pub decoder: DecoderKind,
    /// Commit and buffer rounds, for windowed decoders.
    pub window: Option<WindowRounds>,
    /// Correlated matching (two passes, [`crate::matching::correlated`]), globally or inside
    /// every window. Not for independent windows.
    pub correlated: bool,
}

impl TaskSpec {
    /// True when the task can be sampled and decoded layer by layer in constant memory
    /// ([`crate::window::streamed`]): a sliding or parallel-window decoder on a memory with a
    /// bulk (more than [`crate::dem::periodic::SHORT_ROUNDS`] rounds).
    pub fn streams(&self) -> bool {
        matches!(
            self.decoder,
            DecoderKind::Sliding | DecoderKind::ParallelWindow
        ) && self.rounds > crate::dem::periodic::SHORT_ROUNDS
    }

    /// The task's circuit: its family's memory with its noise model.
    pub fn circuit(&self) -> Circuit {
        self.noise
            .family_circuit(self.code, self.distance, self.rounds, self.basis)
    }

    /// The key of the task's random streams: the metadata of what is sampled (circuit and
    /// noise), without the decoder's own parameters, so that every decoder of the same memory
    /// decodes the same shots for a seed and a `collect` over decoders is a paired comparison.
    pub fn sample_key(&self) -> String {
        TaskSpec {
            window: None,
            correlated: false,
            ..*self
        }
        .metadata()
    }

    /// The decoder's name in the CSV's `decoder` column: [`DecoderKind::name`], with
    /// `+correlated` for correlated matching (`global+correlated`, `sliding+correlated`, …).
    pub fn decoder_name(&self) -> &'static str {
        match (self.decoder, self.correlated) {
            (decoder, false) => decoder.name(),
            (DecoderKind::Global, true) => "global+correlated",
            (DecoderKind::Sliding, true) => "sliding+correlated",
            (DecoderKind::ParallelWindow, true) => "parallel-window+correlated",
            (DecoderKind::IndependentWindows, true) => "independent-windows+correlated",
        }
    }

    /// The canonical metadata string: compact JSON with sorted keys, e.g.
    /// `{"b":"Z","d":5,"p":0.005,"r":5}` (windowed decoders add `c` and `w`, correlated
    /// matching `"correlated":true`; a family other than the rotated code adds `code`, so
    /// rotated tasks keep their keys).
    pub fn metadata(&self) -> String {
        let mut map = serde_json::Map::new();
        if self.code != CodeFamily::Rotated {
            map.insert("code".into(), self.code.name().into());
        }
        map.insert("b".into(), self.basis.letter().into());
        map.insert("d".into(), self.distance.into());
        map.insert("r".into(), self.rounds.into());
        match self.noise {
            NoiseModel::Stim(noise) if noise.is_uniform() => {
                map.insert("p".into(), json_number(noise.after_clifford_depolarization));
            }
            NoiseModel::Stim(noise) => {
                map.insert(
                    "p_clifford".into(),
                    json_number(noise.after_clifford_depolarization),
                );
                map.insert(
                    "p_data".into(),
                    json_number(noise.before_round_data_depolarization),
                );
                map.insert(
                    "p_measure".into(),
                    json_number(noise.before_measure_flip_probability),
                );
                map.insert(
                    "p_reset".into(),
                    json_number(noise.after_reset_flip_probability),
                );
            }
            NoiseModel::Si1000(p) => {
                map.insert("noise".into(), NoiseKind::Si1000.name().into());
                map.insert("p".into(), json_number(p));
            }
        }
        if let Some(window) = self.window {
            map.insert("c".into(), window.commit.into());
            map.insert("w".into(), window.buffer.into());
        }
        if self.correlated {
            map.insert("correlated".into(), true.into());
        }
        // serde_json's Map is a BTreeMap (no preserve_order feature): keys come out sorted.
        serde_json::Value::Object(map).to_string()
    }
}

fn json_number(value: f64) -> serde_json::Value {
    serde_json::Number::from_f64(value)
        .map(serde_json::Value::Number)
        .unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_range_is_enforced() {
        assert_eq!(parse_distance("5"), Ok(5));
        assert_eq!(parse_distance("2"), Ok(2));
        for bad in ["0", "1", "102", "1000000", "abc", "", "5.0", "-3"] {
            let message = parse_distance(bad).unwrap_err().to_string();
            assert!(
                message.starts_with("distance must be an integer from 2 to 101, got "),
                "{message}"
            );
        }
        assert_eq!(
            parse_distance("1").unwrap_err().to_string(),
            "distance must be an integer from 2 to 101, got 1"
        );
    }

    #[test]
    fn rounds_grammar() {
        assert_eq!(RoundsSpec::parse("5"), Ok(RoundsSpec::Fixed(5)));
        assert_eq!(RoundsSpec::parse("d"), Ok(RoundsSpec::TimesDistance(1)));
        assert_eq!(RoundsSpec::parse("3d"), Ok(RoundsSpec::TimesDistance(3)));
        assert_eq!(RoundsSpec::parse("3d").unwrap().resolve(7), Ok(21));
        for bad in ["0", "0d", "05", "-1", "", "d3", "1.5", "1000001", "abc"] {
            assert!(RoundsSpec::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            RoundsSpec::parse("1000000"),
            Ok(RoundsSpec::Fixed(1_000_000))
        );
        assert!(RoundsSpec::parse("20000d").unwrap().resolve(101).is_err());
    }

    #[test]
    fn probabilities() {
        assert_eq!(parse_probability("p", "1e-3", 0.5), Ok(0.001));
        assert_eq!(parse_probability("p", "0", 0.5), Ok(0.0));
        assert_eq!(parse_probability("p", "0.5", 0.5), Ok(0.5));
        for bad in [
            "-0.1", "0.7", "NaN", "nan", "inf", "", "abc", "1e", ".", "0x1",
        ] {
            let message = parse_probability("p", bad, 0.5).unwrap_err().to_string();
            assert!(message.contains("a probability from 0 to 0.5"), "{message}");
        }
    }

    #[test]
    fn window_rounds() {
        let spec = WindowRoundsSpec::default();
        assert_eq!(
            spec.resolve(DecoderKind::Sliding, 5, 50),
            Ok(WindowRounds {
                commit: 5,
                buffer: 5
            })
        );
        let independent = spec.resolve(DecoderKind::IndependentWindows, 4, 8);
        assert_eq!(
            independent.unwrap_err().to_string(),
            "distance must be an odd integer from 3 to 101 for independent-windows (the seed's windows cut the detectors into r equal blocks, which needs odd d), got 4"
        );
        assert!(WindowRoundsSpec::parse(Some("5"), Some("0"))
            .unwrap()
            .resolve(DecoderKind::IndependentWindows, 5, 50)
            .is_ok());
        let zero_buffer = WindowRoundsSpec::parse(None, Some("0")).unwrap();
        assert!(zero_buffer.resolve(DecoderKind::Sliding, 5, 50).is_ok());
        let message = zero_buffer
            .resolve(DecoderKind::ParallelWindow, 5, 50)
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "buffer rounds must be an integer from 1 to the rounds r = 50 (parallel-window needs w >= 1), got 0"
        );
        let commit = WindowRoundsSpec::parse(Some("0"), None).unwrap();
        assert!(commit.resolve(DecoderKind::Sliding, 5, 50).is_err());
        let commit = WindowRoundsSpec::parse(Some("51"), None).unwrap();
        assert!(commit.resolve(DecoderKind::Sliding, 5, 50).is_err());
        assert!(WindowRoundsSpec::parse(None, Some("-1")).is_err());
    }

    #[test]
    fn max_seconds() {
        assert_eq!(parse_max_seconds("max-seconds", "20"), Ok(20.0));
        assert_eq!(parse_max_seconds("max-seconds", "0.1"), Ok(0.1));
        for bad in ["0", "0.05", "-1", "1e8", "inf", "NaN", "", "ten"] {
            let message = parse_max_seconds("max-seconds", bad)
                .unwrap_err()
                .to_string();
            assert!(
                message.starts_with("max-seconds must be a number of seconds from 0.1 to"),
                "{message}"
            );
        }
    }

    #[test]
    fn shards_and_workers() {
        assert_eq!(Shard::parse("1/4"), Ok(Shard { index: 1, count: 4 }));
        assert!(Shard::parse("3/2").is_err());
        assert!(Shard::parse("0/0").is_err());
        assert!(parse_workers("workers", "0").is_err());
        assert!(parse_workers("workers", "65").is_err());
        assert!(check_concurrency(32, 32).is_ok());
        assert!(check_concurrency(64, 17).is_err());
    }

    #[test]
    fn noise_names_and_their_p_ranges() {
        assert_eq!(NoiseKind::parse("si1000"), Ok(NoiseKind::Si1000));
        assert_eq!(NoiseKind::parse(" STIM "), Ok(NoiseKind::Stim));
        assert_eq!(
            NoiseKind::parse("si100").unwrap_err().to_string(),
            "noise must be stim or si1000, got si100"
        );
        assert_eq!(NoiseKind::Si1000.parse_p("0.1"), Ok(0.1));
        assert_eq!(NoiseKind::Stim.parse_p("0.3"), Ok(0.3));
        let message = NoiseKind::Si1000.parse_p("0.2").unwrap_err().to_string();
        assert!(
            message.starts_with("p must be a probability from 0 to 0.1 with si1000 noise"),
            "{message}"
        );
        assert!(message.ends_with("got 0.2"), "{message}");
    }

    #[test]
    fn metadata_is_sorted_compact_json() {
        let task = TaskSpec {
            code: CodeFamily::Rotated,
            distance: 5,
            rounds: 5,
            basis: Basis::Z,
            noise: NoiseModel::Stim(NoiseParams::uniform(0.005)),
            decoder: DecoderKind::Global,
            window: None,
            correlated: false,
        };
        assert_eq!(task.metadata(), r#"{"b":"Z","d":5,"p":0.005,"r":5}"#);
        let correlated = TaskSpec {
            correlated: true,
            ..task
        };
        assert_eq!(
            correlated.metadata(),
            r#"{"b":"Z","correlated":true,"d":5,"p":0.005,"r":5}"#
        );
        assert_eq!(correlated.decoder_name(), "global+correlated");
        assert_eq!(correlated.sample_key(), task.metadata());
        let windowed = TaskSpec {
            decoder: DecoderKind::ParallelWindow,
            window: Some(WindowRounds {
                commit: 5,
                buffer: 5,
            }),
            ..task
        };
        assert_eq!(
            windowed.metadata(),
            r#"{"b":"Z","c":5,"d":5,"p":0.005,"r":5,"w":5}"#
        );
        assert_eq!(windowed.sample_key(), task.metadata());
        let si1000 = TaskSpec {
            noise: NoiseModel::Si1000(0.002),
            ..task
        };
        assert_eq!(
            si1000.metadata(),
            r#"{"b":"Z","d":5,"noise":"si1000","p":0.002,"r":5}"#
        );
    }
}
