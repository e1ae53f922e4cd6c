//! Reading stim circuit text into a [`Circuit`].
//!
//! Only the gates of [`Gate`] are understood (by stim's names and aliases, [`super::gates`]);
//! anything else is refused with its line number and a one-line reason. The reader checks the shape of each
//! line (argument counts, target kinds, pairs, probabilities in [0, 1]) but not whether the
//! circuit makes sense as a whole: a detector that is not deterministic or a `rec[-k]` that
//! looks back too far is found by the error-model builder.
//!
//! Grammar, one instruction per line: `NAME[(a, b, ...)] target target ...` (an optional
//! `[tag]` after the name is ignored), where a target is
//! a qubit index, `!q` (an inverted measurement), a Pauli target `X5` / `!Z3`, `*` between
//! the Pauli targets of one MPP product, or `rec[-k]`; `REPEAT n {` opens a block and `}` closes it; `#` starts a
//! comment; blank lines are ignored. Names are case-insensitive, as in stim.

use super::gates::{argument_kind, gate_from_name, is_known_unsupported, target_kind};
use super::gates::{ArgumentKind, TargetKind};
use super::model::{Operation, Pauli};
use super::{Circuit, Gate, Instruction, Target};
use crate::ints::QubitIndex;
use crate::{Error, Result};

/// Largest qubit index accepted (stim's own limit, 2^24 − 1).
pub const MAX_QUBIT_INDEX: QubitIndex = (1 << 24) - 1;

/// Largest `rec[-k]` look-back accepted.
pub const MAX_RECORD_LOOKBACK: u32 = 1 << 24;

/// Parses stim circuit text.
pub fn parse_circuit(text: &str) -> Result<Circuit> {
    let mut open_blocks: Vec<OpenBlock> = Vec::new();
    let mut current = Circuit::new();
    for (index, raw_line) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = strip_comment(raw_line).trim();
        if line.is_empty() {
            continue;
        }
        if line == "}" {
            let Some(block) = open_blocks.pop() else {
                return Err(parse_error(line_number, "'}' closes no REPEAT block"));
            };
            let body = std::mem::replace(&mut current, block.outer);
            current.push_at_line(
                Operation::Repeat {
                    count: block.count,
                    body,
                },
                block.line_number,
            );
            continue;
        }
        if let Some(count) = parse_repeat_header(line, line_number)? {
            open_blocks.push(OpenBlock {
                count,
                line_number,
                outer: std::mem::take(&mut current),
            });
            continue;
        }
        let instruction = parse_instruction(line, line_number)?;
        current.push_at_line(Operation::Instruction(instruction), line_number);
    }
    if let Some(block) = open_blocks.last() {
        return Err(parse_error(
            block.line_number,
            "REPEAT block opened here is never closed with '}'",
        ));
    }
    Ok(current)
}

/// A REPEAT block whose `}` has not been read yet.
struct OpenBlock {
    count: u64,
    line_number: usize,
    /// The circuit the block will be appended to once it closes.
    outer: Circuit,
}

fn parse_error(line: usize, reason: impl Into<String>) -> Error {
    Error::CircuitParse {
        line,
        reason: reason.into(),
    }
}

/// `REPEAT n {` gives `Some(n)`; any other line gives `None`.
fn parse_repeat_header(line: &str, line_number: usize) -> Result<Option<u64>> {
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return Ok(None);
    };
    if !first.eq_ignore_ascii_case("REPEAT") {
        return Ok(None);
    }
    let rest: Vec<&str> = words.collect();
    let (count_text, brace) = match rest.as_slice() {
        [count, "{"] => (*count, true),
        [count] => match count.strip_suffix('{') {
            Some(count) => (count, true),
            None => (*count, false),
        },
        _ => (line, false),
    };
    if !brace {
        return Err(parse_error(
            line_number,
            format!("expected 'REPEAT <count> {{', got '{line}'"),
        ));
    }
    match count_text.parse::<u64>() {
        Ok(count) if count >= 1 => Ok(Some(count)),
        _ => Err(parse_error(
            line_number,
            format!("REPEAT count must be an integer from 1 to 2^64 - 1, got '{count_text}'"),
        )),
    }
}

/// Parses one instruction line (no comment, trimmed, not empty).
fn parse_instruction(line: &str, line_number: usize) -> Result<Instruction> {
    let parts = split_line(line).map_err(|reason| parse_error(line_number, reason))?;
    let gate = gate_from_name(parts.name).ok_or_else(|| {
        let reason = if is_known_unsupported(parts.name) {
            format!(
                "{} is not supported (supported: single- and two-qubit Cliffords, R/M/MR in the \
                 X, Y and Z bases, MPP, Pauli noise channels, E, annotations and REPEAT)",
                parts.name.to_ascii_uppercase()
            )
        } else {
            format!("unknown or unsupported instruction '{}'", parts.name)
        };
        parse_error(line_number, reason)
    })?;
    let mut targets = Vec::with_capacity(parts.targets.len());
    for word in &parts.targets {
        parse_targets_of_word(word, line_number, &mut targets)?;
    }
    let instruction = Instruction::new(gate, parts.args.unwrap_or_default(), targets);
    check_instruction_shape(&instruction, line_number)?;
    Ok(instruction)
}

/// One line of stim-style text (circuit or detector error model), split into its parts:
/// `NAME[tag](a, b, ...) target target ...`. The tag, which stim allows, is ignored.
pub(crate) struct LineParts<'a> {
    /// The instruction name as written.
    pub name: &'a str,
    /// The parenthesised numbers, when there are parentheses.
    pub args: Option<Vec<f64>>,
    /// The whitespace-separated target words.
    pub targets: Vec<&'a str>,
}

/// Splits a line (comment removed, trimmed) into [`LineParts`]; the error says what is wrong.
pub(crate) fn split_line(line: &str) -> std::result::Result<LineParts<'_>, String> {
    let name_end = line
        .find(|c: char| c == '(' || c == '[' || c.is_whitespace())
        .unwrap_or(line.len());
    let name = &line[..name_end];
    let mut rest = &line[name_end..];
    if let Some(after) = rest.strip_prefix('[') {
        let close = after
            .find(']')
            .ok_or("'[' of the tag is never closed with ']'")?;
        rest = &after[close + 1..];
    }
    let mut args = None;
    if let Some(after) = rest.strip_prefix('(') {
        let close = after
            .find(')')
            .ok_or("'(' of the arguments is never closed with ')'")?;
        args = Some(parse_number_list(&after[..close])?);
        rest = &after[close + 1..];
    }
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return Err(format!("expected a space before the targets, got '{rest}'"));
    }
    Ok(LineParts {
        name,
        args,
        targets: rest.split_whitespace().collect(),
    })
}

/// `a, b, c` as finite numbers (empty text gives none).
fn parse_number_list(text: &str) -> std::result::Result<Vec<f64>, String> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(|word| {
            let word = word.trim();
            match word.parse::<f64>() {
                Ok(value) if value.is_finite() => Ok(value),
                _ => Err(format!("argument must be a finite number, got '{word}'")),
            }
        })
        .collect()
}

/// The text before a `#` comment.
pub(crate) fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(position) => &line[..position],
        None => line,
    }
}

/// Appends the targets of one whitespace-separated word: `5`, `!5`, `X5`, `!Y5`, `rec[-2]`,
/// or Pauli targets joined by `*` (`X0*Z1`, with the `*` as its own target).
fn parse_targets_of_word(word: &str, line_number: usize, out: &mut Vec<Target>) -> Result<()> {
    if !word.contains('*') {
        out.push(parse_target(word, line_number)?);
        return Ok(());
    }
    for (i, piece) in word.split('*').enumerate() {
        if i > 0 {
            out.push(Target::Combiner);
        }
        if !piece.is_empty() {
            out.push(parse_target(piece, line_number)?);
        }
    }
    Ok(())
}

fn parse_target(word: &str, line_number: usize) -> Result<Target> {
    if let Some(inner) = word
        .strip_prefix("rec[-")
        .and_then(|rest| rest.strip_suffix(']'))
    {
        return match inner.parse::<u32>() {
            Ok(lookback) if (1..=MAX_RECORD_LOOKBACK).contains(&lookback) => {
                Ok(Target::Rec(lookback))
            }
            _ => Err(parse_error(
                line_number,
                format!("rec[-k] needs k from 1 to {MAX_RECORD_LOOKBACK}, got '{word}'"),
            )),
        };
    }
    if word.starts_with("sweep[") {
        return Err(parse_error(
            line_number,
            format!("sweep bits ('{word}') are not supported"),
        ));
    }
    let (inverted, rest) = match word.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, word),
    };
    let (pauli, digits) = match rest.as_bytes().first() {
        Some(b'X' | b'x') => (Some(Pauli::X), &rest[1..]),
        Some(b'Y' | b'y') => (Some(Pauli::Y), &rest[1..]),
        Some(b'Z' | b'z') => (Some(Pauli::Z), &rest[1..]),
        _ => (None, rest),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(parse_error(
            line_number,
            format!(
                "target must be a qubit index, !q, a Pauli target like X5, '*' or rec[-k], \
                 got '{word}'"
            ),
        ));
    }
    let qubit = match digits.parse::<QubitIndex>() {
        Ok(qubit) if qubit <= MAX_QUBIT_INDEX => qubit,
        _ => {
            return Err(parse_error(
                line_number,
                format!("qubit index must be from 0 to {MAX_QUBIT_INDEX}, got '{word}'"),
            ))
        }
    };
    Ok(match (pauli, inverted) {
        (Some(pauli), _) => Target::Pauli {
            pauli,
            qubit,
            inverted,
        },
        (None, true) => Target::InvertedQubit(qubit),
        (None, false) => Target::Qubit(qubit),
    })
}

fn check_instruction_shape(instruction: &Instruction, line_number: usize) -> Result<()> {
    check_arguments(instruction, line_number)?;
    check_targets(instruction).map_err(|problem| {
        parse_error(
            line_number,
            format!("{} {problem}", instruction.gate.name()),
        )
    })
}

/// The name of a target's kind, for messages.
fn describe_target(target: &Target) -> String {
    match target {
        Target::Qubit(q) => format!("qubit {q}"),
        Target::InvertedQubit(q) => format!("inverted qubit !{q}"),
        Target::Rec(k) => format!("rec[-{k}]"),
        Target::Pauli { pauli, qubit, .. } => format!("Pauli target {}{qubit}", pauli.letter()),
        Target::Combiner => "'*'".to_string(),
    }
}

/// What is wrong with an instruction's targets (the message follows the gate's name).
fn check_targets(instruction: &Instruction) -> std::result::Result<(), String> {
    let gate = instruction.gate;
    let targets = &instruction.targets;
    let kind = target_kind(gate);
    let allowed = |target: &Target| match kind {
        TargetKind::Qubits | TargetKind::QubitPairs => matches!(target, Target::Qubit(_)),
        TargetKind::MeasuredQubits => {
            matches!(target, Target::Qubit(_) | Target::InvertedQubit(_))
        }
        TargetKind::PauliProducts => matches!(target, Target::Pauli { .. } | Target::Combiner),
        TargetKind::Paulis => matches!(
            target,
            Target::Pauli {
                inverted: false,
                ..
            }
        ),
        TargetKind::Records => matches!(target, Target::Rec(_)),
        TargetKind::Nothing => false,
    };
    if let Some(bad) = targets.iter().find(|t| !allowed(t)) {
        let feedback = matches!(bad, Target::Rec(_)) && matches!(gate, Gate::Clifford2(_));
        return Err(if feedback {
            "with a rec[-k] target is classical feedback, which is not supported".to_string()
        } else if kind == TargetKind::Nothing {
            "takes no targets".to_string()
        } else {
            format!("cannot take the target {}", describe_target(bad))
        });
    }
    match kind {
        TargetKind::QubitPairs => {
            if targets.len() % 2 != 0 {
                return Err("needs an even number of targets (pairs)".into());
            }
            if targets.chunks(2).any(|pair| pair[0] == pair[1]) {
                return Err("pairs must be two different qubits".into());
            }
        }
        TargetKind::PauliProducts => check_products(targets)?,
        TargetKind::Paulis => {
            let mut qubits: Vec<QubitIndex> = targets.iter().filter_map(|t| t.qubit()).collect();
            qubits.sort_unstable();
            if qubits.windows(2).any(|w| w[0] == w[1]) {
                return Err("names a qubit twice".into());
            }
        }
        _ => {}
    }
    Ok(())
}

/// MPP targets: products of Pauli targets joined by single `*`, each qubit once per product.
fn check_products(targets: &[Target]) -> std::result::Result<(), String> {
    let mut expect_pauli = true;
    let mut product: Vec<QubitIndex> = Vec::new();
    for target in targets {
        match (target, expect_pauli) {
            (Target::Combiner, false) => expect_pauli = true,
            (Target::Combiner, true) => return Err("has a '*' that joins nothing".into()),
            (_, true) => {
                expect_pauli = false;
                let qubit = target.qubit().unwrap_or_default();
                if product.contains(&qubit) {
                    return Err(format!("names qubit {qubit} twice in one product"));
                }
                product.push(qubit);
            }
            (_, false) => {
                product.clear();
                product.push(target.qubit().unwrap_or_default());
            }
        }
    }
    if expect_pauli && !targets.is_empty() {
        return Err("ends with a '*' that joins nothing".into());
    }
    Ok(())
}

fn check_arguments(instruction: &Instruction, line_number: usize) -> Result<()> {
    let name = instruction.gate.name();
    let args = &instruction.args;
    let is_probability = |p: &f64| (0.0..=1.0).contains(p);
    let problem = match argument_kind(instruction.gate) {
        ArgumentKind::Nothing if !args.is_empty() => {
            Some(format!("takes no arguments, got {}", args.len()))
        }
        ArgumentKind::Probabilities(count) if args.len() != count => Some(format!(
            "needs exactly {count} probability argument{}, got {}",
            if count == 1 { "" } else { "s" },
            args.len()
        )),
        ArgumentKind::Probabilities(_) if !args.iter().all(is_probability) => Some(format!(
            "probabilities must be in [0, 1], got {}",
            format_numbers(args)
        )),
        ArgumentKind::Probabilities(count) if count > 1 && args.iter().sum::<f64>() > 1.0 => {
            Some(format!(
                "probabilities must sum to at most 1, got {} (sum {})",
                format_numbers(args),
                args.iter().sum::<f64>()
            ))
        }
        ArgumentKind::OptionalProbability if args.len() > 1 || !args.iter().all(is_probability) => {
            Some(format!(
                "takes at most one probability in [0, 1], got ({})",
                format_numbers(args)
            ))
        }
        ArgumentKind::ObservableIndex => {
            let valid = args.len() == 1
                && args[0] >= 0.0
                && args[0] < f64::from(crate::ints::MAX_OBSERVABLES)
                && args[0].fract() == 0.0;
            (!valid).then(|| {
                format!(
                    "needs one integer argument from 0 to {}, got ({})",
                    crate::ints::MAX_OBSERVABLES - 1,
                    format_numbers(args)
                )
            })
        }
        _ => None,
    };
    match problem {
        Some(problem) => Err(parse_error(line_number, format!("{name} {problem}"))),
        None => Ok(()),
    }
}

fn format_numbers(numbers: &[f64]) -> String {
    numbers
        .iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::Operation;

    #[test]
    fn reads_instructions_blocks_and_comments() {
        let text = "# header\nR 0 1\nX_ERROR(0.001) 0 1\n\nREPEAT 2 {\n    CX 0 1  # pair\n    MR 1\n    DETECTOR(1, 2, 0) rec[-1] rec[-2]\n}\nM 0\nOBSERVABLE_INCLUDE(0) rec[-1]\n";
        let circuit = parse_circuit(text).expect("valid circuit");
        assert_eq!(circuit.operations.len(), 5);
        let Operation::Repeat { count, body } = &circuit.operations[2] else {
            panic!("expected a REPEAT block");
        };
        assert_eq!(*count, 2);
        assert_eq!(body.operations.len(), 3);
        let Operation::Instruction(detector) = &body.operations[2] else {
            panic!("expected an instruction");
        };
        assert_eq!(detector.args, vec![1.0, 2.0, 0.0]);
        assert_eq!(detector.targets, vec![Target::Rec(1), Target::Rec(2)]);
    }

    #[test]
    fn reads_the_reference_circuit() {
        let text = include_str!("../../tests/data/reference/circuit_d3_r3_z.stim");
        let circuit = parse_circuit(text).expect("stim's circuit parses");
        assert_eq!(circuit.num_detectors(), 24);
        assert_eq!(circuit.num_measurements(), 33);
    }

    fn error_line(text: &str) -> usize {
        match parse_circuit(text) {
            Err(Error::CircuitParse { line, .. }) => line,
            other => panic!("expected a parse error for {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn refuses_malformed_lines_with_their_number() {
        assert_eq!(error_line("R 0\nMXX 0 1\n"), 2);
        assert_eq!(error_line("R 0\nFOO 0\n"), 2);
        assert_eq!(error_line("CX rec[-1] 0"), 1);
        assert_eq!(error_line("MPP X0*"), 1);
        assert_eq!(error_line("MPP X0**Z1"), 1);
        assert_eq!(error_line("MPP X0*Z0"), 1);
        assert_eq!(error_line("E(0.1) X0 Z0"), 1);
        assert_eq!(error_line("PAULI_CHANNEL_1(0.5, 0.4, 0.3) 0"), 1);
        assert_eq!(error_line("PAULI_CHANNEL_2(0.1) 0 1"), 1);
        assert_eq!(error_line("H !0"), 1);
        assert_eq!(error_line("R 0\nELSE_CORRELATED_ERROR(0.1) X0"), 2);
        assert_eq!(error_line("X_ERROR(1.5) 0"), 1);
        assert_eq!(error_line("X_ERROR 0"), 1);
        assert_eq!(error_line("CX 0 1 2"), 1);
        assert_eq!(error_line("CX 0 0"), 1);
        assert_eq!(error_line("M 0\nDETECTOR 0"), 2);
        assert_eq!(error_line("M 0\nDETECTOR rec[-0]"), 2);
        assert_eq!(error_line("H rec[-1]"), 1);
        assert_eq!(error_line("REPEAT 0 {\n}"), 1);
        assert_eq!(error_line("R 0\nREPEAT 3 {\nH 0"), 2);
        assert_eq!(error_line("R 0\n}"), 2);
        assert_eq!(error_line("OBSERVABLE_INCLUDE(64) rec[-1]"), 1);
        assert_eq!(error_line("H 99999999999"), 1);
        assert_eq!(error_line("X_ERROR(0.1 0"), 1);
    }

    #[test]
    fn reads_pauli_targets_products_and_inversions() {
        let text = "MPP(0.01) X0*!Y1 Z2\nM !3 4\nE(0.1) X0 Y1\nS_DAG 0\nISWAP_DAG 0 1\nC_ZYX 2";
        let circuit = parse_circuit(text).expect("valid");
        assert_eq!(circuit.num_measurements(), 4);
        assert_eq!(
            circuit.to_string(),
            "MPP(0.01) X0*!Y1 Z2\nM !3 4\nE(0.1) X0 Y1\nS_DAG 0\nISWAP_DAG 0 1\nC_ZYX 2"
        );
        let aliases =
            parse_circuit("CNOT 0 1\nSQRT_Z 0\nCORRELATED_ERROR(0.1) Z0\nH_XZ 1").expect("valid");
        assert_eq!(aliases.to_string(), "CX 0 1\nS 0\nE(0.1) Z0\nH 1");
    }

    #[test]
    fn never_panics_on_garbage() {
        let samples = [
            "",
            "(",
            ")",
            "{",
            "}",
            "REPEAT",
            "REPEAT {",
            "REPEAT -1 {",
            "rec[-",
            "H rec[-1",
            "X_ERROR(",
            "X_ERROR()",
            "X_ERROR(nan) 0",
            "DETECTOR(1,,2)",
            "\u{0}\u{1}",
            "é(",
            "M !0",
            "TICK 0",
            "SHIFT_COORDS(1) 2",
        ];
        for sample in samples {
            let _ = parse_circuit(sample);
        }
        let text = include_str!("../../tests/data/reference/circuit_d3_r3_z.stim");
        for cut in 0..text.len() {
            if text.is_char_boundary(cut) {
                let _ = parse_circuit(&text[..cut]);
            }
        }
    }
}
