//! Reading stim's `.dem` text into a flat [`DetectorErrorModel`].
//!
//! Accepted, one per line (names in any case, `#` comments, blank lines):
//! `error(p) targets` (targets `Dk`, `Lk`, `^`; an optional `[tag]` after the name is ignored),
//! `detector(coords) Dk...`, `logical_observable Lk...`, `shift_detectors(coords) k`,
//! `repeat N {` … `}` (nested blocks are unrolled, each pass shifting detectors as its
//! `shift_detectors` lines say). Everything else is refused with its line number and reason.
//!
//! Choices: an empty file (or one with only comments) is a valid empty model; an error with no
//! targets, or whose targets cancel, flips nothing and is dropped; a target repeated within one
//! piece cancels (XOR), as in stim's semantics. Limits: detector indices below
//! [`MAX_DEM_DETECTORS`] (the model is held flat, one coordinate entry per detector),
//! observables below 64, and at most [`MAX_UNROLLED_STEPS`] statements and loop passes once
//! every `repeat` is unrolled. The reader never panics.

use crate::circuit::parse::{split_line, strip_comment};
use crate::dem::{DemError, DetectorErrorModel, Symptom};
use crate::ints::{DetectorIndex, MAX_OBSERVABLES};
use crate::{Error, Result};
use std::collections::HashMap;

/// Detector indices (after shifts) must be below this: 2^24, stim's own limit on qubits and
/// look-backs, and 1,600 rounds of a d = 101 memory. The model is held flat, so one index in a
/// file sets its cost: at 2^26 a 19-byte file took 1.6 GB and 11 s to read (fuzzing,
/// docs/reliability.md); at 2^24 about a quarter of that.
pub const MAX_DEM_DETECTORS: u64 = 1 << 24;

/// Most statements plus `repeat` passes executed while unrolling.
pub const MAX_UNROLLED_STEPS: u64 = 1 << 26;

/// Parses stim `.dem` text (see the module docs).
pub fn parse_dem(text: &str) -> Result<DetectorErrorModel> {
    parse_dem_within(text, MAX_UNROLLED_STEPS)
}

/// [`parse_dem`] with a smaller unrolling budget than [`MAX_UNROLLED_STEPS`] (the fuzz target
/// uses one so that every input stays fast; the limit's logic is the same).
pub fn parse_dem_within(text: &str, max_steps: u64) -> Result<DetectorErrorModel> {
    let statements = parse_statements(text)?;
    let mut unroller = Unroller {
        max_steps: max_steps.min(MAX_UNROLLED_STEPS),
        ..Unroller::default()
    };
    unroller.run(&statements)?;
    Ok(unroller.into_model())
}

fn dem_error(line: usize, reason: impl Into<String>) -> Error {
    Error::DemParse {
        line,
        reason: reason.into(),
    }
}

/// One target of an `error` line.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ErrorTarget {
    Detector(u64),
    Observable(u32),
    Separator,
}

/// One parsed line (or block), with its 1-based line number.
#[derive(Debug)]
enum Statement {
    Error {
        line: usize,
        probability: f64,
        targets: Vec<ErrorTarget>,
    },
    Detector {
        line: usize,
        coords: Vec<f64>,
        detectors: Vec<u64>,
    },
    Observable {
        line: usize,
        observables: Vec<u32>,
    },
    Shift {
        line: usize,
        coords: Vec<f64>,
        detectors: u64,
    },
    Repeat {
        line: usize,
        count: u64,
        body: Vec<Statement>,
    },
}

/// Builds the statement tree, checking every line's shape.
fn parse_statements(text: &str) -> Result<Vec<Statement>> {
    // Each open block: its line, count, and the statements of the enclosing level.
    let mut open: Vec<(usize, u64, Vec<Statement>)> = Vec::new();
    let mut current: Vec<Statement> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = strip_comment(raw).trim();
        if content.is_empty() {
            continue;
        }
        if content == "}" {
            let Some((start, count, outer)) = open.pop() else {
                return Err(dem_error(line, "'}' closes no repeat block"));
            };
            let body = std::mem::replace(&mut current, outer);
            current.push(Statement::Repeat {
                line: start,
                count,
                body,
            });
            continue;
        }
        let parsed = ParsedLine::split(content, line)?;
        if parsed.name == "repeat" {
            let count = parse_repeat(&parsed, line)?;
            open.push((line, count, std::mem::take(&mut current)));
            continue;
        }
        current.push(parsed.into_statement(line)?);
    }
    if let Some((start, _, _)) = open.last() {
        return Err(dem_error(
            *start,
            "repeat block opened here is never closed with '}'",
        ));
    }
    Ok(current)
}

/// A line split into name, arguments and target words.
struct ParsedLine<'a> {
    name: String,
    args: Option<Vec<f64>>,
    words: Vec<&'a str>,
}

impl<'a> ParsedLine<'a> {
    fn split(content: &'a str, line: usize) -> Result<ParsedLine<'a>> {
        let parts = split_line(content).map_err(|reason| dem_error(line, reason))?;
        Ok(ParsedLine {
            name: parts.name.to_ascii_lowercase(),
            args: parts.args,
            words: parts.targets,
        })
    }

    fn into_statement(self, line: usize) -> Result<Statement> {
        match self.name.as_str() {
            "error" => self.error_statement(line),
            "detector" => Ok(Statement::Detector {
                line,
                detectors: self.targets_with_prefix('D', line, parse_detector_word)?,
                coords: self.args.unwrap_or_default(),
            }),
            "logical_observable" => {
                self.expect_no_args(line)?;
                Ok(Statement::Observable {
                    line,
                    observables: self.targets_with_prefix('L', line, parse_observable_word)?,
                })
            }
            "shift_detectors" => {
                let [word] = self.words.as_slice() else {
                    return Err(dem_error(
                        line,
                        "shift_detectors needs exactly one target: a detector count",
                    ));
                };
                let detectors = word.parse::<u64>().map_err(|_| {
                    dem_error(
                        line,
                        format!(
                            "shift_detectors count must be a non-negative integer, got '{word}'"
                        ),
                    )
                })?;
                Ok(Statement::Shift {
                    line,
                    coords: self.args.unwrap_or_default(),
                    detectors,
                })
            }
            other => Err(dem_error(line, format!("unknown instruction '{other}'"))),
        }
    }

    fn error_statement(self, line: usize) -> Result<Statement> {
        let probability = match self.args.as_deref() {
            Some([p]) if (0.0..=1.0).contains(p) => *p,
            Some([p]) => {
                return Err(dem_error(
                    line,
                    format!("error probability must be in [0, 1], got {p}"),
                ))
            }
            _ => {
                return Err(dem_error(
                    line,
                    "error needs exactly one probability argument, like error(0.001)",
                ))
            }
        };
        let targets = self
            .words
            .iter()
            .map(|word| parse_error_target(word, line))
            .collect::<Result<Vec<_>>>()?;
        check_separators(&targets, line)?;
        Ok(Statement::Error {
            line,
            probability,
            targets,
        })
    }

    fn expect_no_args(&self, line: usize) -> Result<()> {
        match &self.args {
            Some(args) if !args.is_empty() => {
                Err(dem_error(line, format!("{} takes no arguments", self.name)))
            }
            _ => Ok(()),
        }
    }

    fn targets_with_prefix<T>(
        &self,
        prefix: char,
        line: usize,
        parse: fn(&str, usize) -> Result<T>,
    ) -> Result<Vec<T>> {
        if self.words.is_empty() {
            return Err(dem_error(
                line,
                format!("{} needs at least one {prefix}k target", self.name),
            ));
        }
        self.words.iter().map(|word| parse(word, line)).collect()
    }
}

fn parse_repeat(parsed: &ParsedLine<'_>, line: usize) -> Result<u64> {
    if parsed.args.is_some() {
        return Err(dem_error(line, "repeat takes no arguments"));
    }
    let count_text = match parsed.words.as_slice() {
        [count, "{"] => *count,
        [count] if count.ends_with('{') => &count[..count.len() - 1],
        _ => return Err(dem_error(line, "expected 'repeat <count> {'")),
    };
    match count_text.parse::<u64>() {
        Ok(count) => Ok(count),
        Err(_) => Err(dem_error(
            line,
            format!("repeat count must be a non-negative integer, got '{count_text}'"),
        )),
    }
}

fn parse_index(word: &str, prefix: char) -> Option<u64> {
    let digits = word.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn parse_detector_word(word: &str, line: usize) -> Result<u64> {
    match parse_index(word, 'D') {
        Some(k) if k < MAX_DEM_DETECTORS => Ok(k),
        Some(_) => Err(dem_error(
            line,
            format!("detector index must be below {MAX_DEM_DETECTORS}, got '{word}'"),
        )),
        None => Err(dem_error(
            line,
            format!("expected a detector target like D5, got '{word}'"),
        )),
    }
}

fn parse_observable_word(word: &str, line: usize) -> Result<u32> {
    match parse_index(word, 'L') {
        Some(k) if k < u64::from(MAX_OBSERVABLES) => Ok(k as u32),
        Some(_) => Err(dem_error(
            line,
            format!(
                "observable index must be from 0 to {}, got '{word}'",
                MAX_OBSERVABLES - 1
            ),
        )),
        None => Err(dem_error(
            line,
            format!("expected an observable target like L0, got '{word}'"),
        )),
    }
}

fn parse_error_target(word: &str, line: usize) -> Result<ErrorTarget> {
    match word.as_bytes().first() {
        Some(b'^') if word == "^" => Ok(ErrorTarget::Separator),
        Some(b'D') => parse_detector_word(word, line).map(ErrorTarget::Detector),
        Some(b'L') => parse_observable_word(word, line).map(ErrorTarget::Observable),
        _ => Err(dem_error(
            line,
            format!("error target must be Dk, Lk or ^, got '{word}'"),
        )),
    }
}

fn check_separators(targets: &[ErrorTarget], line: usize) -> Result<()> {
    let is_separator = |t: Option<&ErrorTarget>| t == Some(&ErrorTarget::Separator);
    if is_separator(targets.first()) || is_separator(targets.last()) {
        return Err(dem_error(line, "an error cannot start or end with '^'"));
    }
    if targets
        .windows(2)
        .any(|pair| pair.iter().all(|t| *t == ErrorTarget::Separator))
    {
        return Err(dem_error(
            line,
            "an error cannot have adjacent separators '^ ^'",
        ));
    }
    Ok(())
}

/// Executes the statement tree into a flat model.
#[derive(Default)]
struct Unroller {
    detector_offset: u64,
    coord_shift: Vec<f64>,
    steps: u64,
    /// At most this many steps (at most [`MAX_UNROLLED_STEPS`]).
    max_steps: u64,
    errors: Vec<DemError>,
    coords: HashMap<u64, Vec<f64>>,
    num_detectors: u64,
    num_observables: u32,
}

impl Unroller {
    fn run(&mut self, statements: &[Statement]) -> Result<()> {
        for statement in statements {
            self.step(statement_line(statement))?;
            match statement {
                Statement::Error {
                    line,
                    probability,
                    targets,
                } => self.add_error(*line, *probability, targets)?,
                Statement::Detector {
                    line,
                    coords,
                    detectors,
                } => {
                    for &k in detectors {
                        let index = self.absolute(k, *line)?;
                        let shifted = coords
                            .iter()
                            .enumerate()
                            .map(|(i, &x)| x + self.coord_shift.get(i).copied().unwrap_or(0.0))
                            .collect();
                        self.coords.insert(index, shifted);
                    }
                }
                Statement::Observable { observables, .. } => {
                    for &k in observables {
                        self.num_observables = self.num_observables.max(k + 1);
                    }
                }
                Statement::Shift {
                    line,
                    coords,
                    detectors,
                } => self.shift(*line, coords, *detectors)?,
                Statement::Repeat { line, count, body } => {
                    let cost = count.saturating_mul(1 + unrolled_steps(body));
                    if self.steps.saturating_add(cost) > self.max_steps {
                        return Err(too_many_steps(*line, self.max_steps));
                    }
                    for _ in 0..*count {
                        self.step(*line)?;
                        self.run(body)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn step(&mut self, line: usize) -> Result<()> {
        self.steps += 1;
        if self.steps > self.max_steps {
            return Err(too_many_steps(line, self.max_steps));
        }
        Ok(())
    }

    fn shift(&mut self, line: usize, coords: &[f64], detectors: u64) -> Result<()> {
        self.detector_offset = self
            .detector_offset
            .checked_add(detectors)
            .filter(|&offset| offset < MAX_DEM_DETECTORS)
            .ok_or_else(|| {
                dem_error(
                    line,
                    format!("detector shifts add up to {MAX_DEM_DETECTORS} or more"),
                )
            })?;
        if self.coord_shift.len() < coords.len() {
            self.coord_shift.resize(coords.len(), 0.0);
        }
        for (total, delta) in self.coord_shift.iter_mut().zip(coords) {
            *total += delta;
        }
        Ok(())
    }

    /// Absolute index of relative detector `k`; records it in the detector count.
    fn absolute(&mut self, k: u64, line: usize) -> Result<u64> {
        let index = self.detector_offset + k;
        if index >= MAX_DEM_DETECTORS {
            return Err(dem_error(
                line,
                format!("detector D{k} shifted by {} is D{index}, beyond the largest supported index {}",
                    self.detector_offset, MAX_DEM_DETECTORS - 1),
            ));
        }
        self.num_detectors = self.num_detectors.max(index + 1);
        Ok(index)
    }

    fn add_error(&mut self, line: usize, probability: f64, targets: &[ErrorTarget]) -> Result<()> {
        let mut pieces = Vec::new();
        for group in targets.split(|t| *t == ErrorTarget::Separator) {
            let mut detectors: Vec<DetectorIndex> = Vec::with_capacity(group.len());
            let mut observables = 0u64;
            for target in group {
                match *target {
                    ErrorTarget::Detector(k) => {
                        let index = self.absolute(k, line)? as DetectorIndex;
                        match detectors.iter().position(|&d| d == index) {
                            Some(at) => {
                                detectors.swap_remove(at);
                            }
                            None => detectors.push(index),
                        }
                    }
                    ErrorTarget::Observable(k) => {
                        observables ^= 1 << k;
                        self.num_observables = self.num_observables.max(k + 1);
                    }
                    ErrorTarget::Separator => {}
                }
            }
            detectors.sort_unstable();
            let piece = Symptom {
                detectors,
                observables,
            };
            if !piece.is_empty() {
                pieces.push(piece);
            }
        }
        if !pieces.is_empty() {
            self.errors.push(DemError {
                probability,
                pieces,
            });
        }
        Ok(())
    }

    fn into_model(self) -> DetectorErrorModel {
        // num_detectors < MAX_DEM_DETECTORS, which fits u32.
        let num_detectors = self.num_detectors as u32;
        let mut detector_coords = vec![Vec::new(); num_detectors as usize];
        for (index, coords) in self.coords {
            detector_coords[index as usize] = coords;
        }
        DetectorErrorModel {
            errors: self.errors,
            num_detectors,
            num_observables: self.num_observables,
            detector_coords,
        }
    }
}

fn too_many_steps(line: usize, max_steps: u64) -> Error {
    dem_error(
        line,
        format!(
            "unrolling repeat blocks takes more than {max_steps} steps; the model is too \
             large to hold flat"
        ),
    )
}

/// Statements plus loop passes executed by unrolling `statements` (saturating).
fn unrolled_steps(statements: &[Statement]) -> u64 {
    statements.iter().fold(0u64, |total, statement| {
        let cost = match statement {
            Statement::Repeat { count, body, .. } => count.saturating_mul(1 + unrolled_steps(body)),
            _ => 1,
        };
        total.saturating_add(cost)
    })
}

fn statement_line(statement: &Statement) -> usize {
    match statement {
        Statement::Error { line, .. }
        | Statement::Detector { line, .. }
        | Statement::Shift { line, .. }
        | Statement::Observable { line, .. }
        | Statement::Repeat { line, .. } => *line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_line(text: &str) -> usize {
        match parse_dem(text) {
            Err(Error::DemParse { line, .. }) => line,
            other => panic!("expected a parse error for {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn unrolling_stops_at_the_step_budget_naming_the_line() {
        let text = "error(0.1) D0\nrepeat 100 {\n    error(0.1) D0 D1\n    shift_detectors 1\n}\n";
        let error = parse_dem_within(text, 250).unwrap_err();
        assert!(
            matches!(error, Error::DemParse { line: 2, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("more than 250 steps"), "{error}");
        let model = parse_dem_within(text, 1000).expect("1000 steps are enough");
        assert_eq!(model.num_detectors, 101);
    }

    #[test]
    fn unrolls_repeat_blocks_with_shifts() {
        let text = "error(0.1) D0 D1 ^ D2 L0\n\
                    repeat 2 {\n    error(0.2) D0\n    detector(1, 2, 0) D0\n    \
                    shift_detectors(0, 0, 1) 3\n}\n\
                    detector(1, 1) D1 # comment\nlogical_observable L1\n";
        let model = parse_dem(text).expect("valid");
        assert_eq!(model.errors.len(), 3);
        assert_eq!(model.errors[0].pieces.len(), 2);
        assert_eq!(model.errors[0].pieces[1].observables, 1);
        assert_eq!(model.errors[2].pieces[0].detectors, vec![3]);
        assert_eq!(model.num_detectors, 8);
        assert_eq!(model.num_observables, 2);
        assert_eq!(model.detector_coords[3], vec![1.0, 2.0, 1.0]);
        assert_eq!(model.detector_coords[7], vec![1.0, 1.0]);
    }

    #[test]
    fn an_empty_file_is_an_empty_model() {
        let model = parse_dem("# nothing\n\n").expect("empty is fine");
        assert_eq!(model, DetectorErrorModel::default());
    }

    #[test]
    fn refuses_malformed_models_with_their_line() {
        assert_eq!(error_line("error(0.1) D0\nerror(1.5) D1"), 2);
        assert_eq!(error_line("error(-0.1) D1"), 1);
        assert_eq!(error_line("error(abc) D1"), 1);
        assert_eq!(error_line("error D1"), 1);
        assert_eq!(error_line("error(0.1, 0.2) D1"), 1);
        assert_eq!(error_line("\nfrobnicate D1"), 2);
        assert_eq!(error_line("repeat 2 {\nerror(0.1) D0"), 1);
        assert_eq!(error_line("error(0.1) D0\n}"), 2);
        assert_eq!(error_line("error(0.1) D99999999999999999999999"), 1);
        assert_eq!(error_line("error(0.1) D67108864"), 1);
        assert_eq!(error_line("error(0.1) L64"), 1);
        assert_eq!(error_line("error(0.1) ^ D1"), 1);
        assert_eq!(error_line("error(0.1) D1 ^ ^ D2"), 1);
        assert_eq!(error_line("error(0.1) D-1"), 1);
        assert_eq!(error_line("error(0.1) X1"), 1);
        assert_eq!(error_line("shift_detectors 67108864\nerror(0.1) D0"), 1);
        assert_eq!(
            error_line("repeat 1000000 {\nrepeat 1000000 {\nerror(0.1) D0\n}\n}"),
            1
        );
        assert_eq!(error_line("repeat 1000000000000 {\n}"), 1);
    }

    #[test]
    fn never_panics_on_garbage_or_truncation() {
        let samples = [
            "(",
            ")",
            "[",
            "error[",
            "error(",
            "error()",
            "error(0.1",
            "error(nan) D0",
            "error(inf) D0",
            "detector(",
            "detector D",
            "detector(1,,2) D0",
            "repeat",
            "repeat {",
            "repeat -1 {",
            "repeat 2 {{",
            "}",
            "}}",
            "\u{0}",
            "é",
            "D0",
            "shift_detectors",
            "shift_detectors -1",
            "logical_observable",
            "error(0.1)D0",
        ];
        for sample in samples {
            let _ = parse_dem(sample);
        }
        let text = include_str!("../../../tests/data/reference/circuit_d3_r3_z.dem");
        for cut in (0..text.len()).step_by(7) {
            if text.is_char_boundary(cut) {
                let _ = parse_dem(&text[..cut]);
            }
        }
    }
}
