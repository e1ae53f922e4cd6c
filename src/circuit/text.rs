//! stim circuit text, byte-identical to stim's `str(circuit)`.
//!
//! One instruction per line, lines joined by `\n` with no trailing newline (as Python's
//! `str(circuit)`; `Circuit.to_file` adds one). REPEAT bodies are indented 4 spaces per level.
//! Arguments are printed the way stim prints them: integral values as integers, anything else
//! like C++'s default stream output (`%g`, 6 significant digits). This module only writes text;
//! it never checks that a circuit makes sense.

use super::{Circuit, Instruction, Operation, Target};
use std::fmt::{self, Write};

/// Indentation of one REPEAT level.
const INDENT: &str = "    ";
/// Significant digits of C++'s default floating-point stream output.
const STREAM_SIGNIFICANT_DIGITS: usize = 6;

impl fmt::Display for Circuit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_block(f, self, 0)
    }
}

impl fmt::Display for Instruction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.gate.name())?;
        if !self.args.is_empty() {
            f.write_char('(')?;
            for (i, &arg) in self.args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                f.write_str(&format_argument(arg))?;
            }
            f.write_char(')')?;
        }
        // stim writes `*` between the Pauli targets of a product with no spaces around it.
        let mut joined = false;
        for target in &self.targets {
            if *target == Target::Combiner {
                f.write_char('*')?;
                joined = true;
                continue;
            }
            if !joined {
                f.write_char(' ')?;
            }
            joined = false;
            write!(f, "{target}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Qubit(q) => write!(f, "{q}"),
            Target::Rec(lookback) => write!(f, "rec[-{lookback}]"),
            Target::InvertedQubit(q) => write!(f, "!{q}"),
            Target::Pauli {
                pauli,
                qubit,
                inverted,
            } => {
                if *inverted {
                    f.write_char('!')?;
                }
                write!(f, "{}{qubit}", pauli.letter())
            }
            Target::Combiner => f.write_char('*'),
        }
    }
}

/// Writes `circuit`'s lines at nesting `depth`, separated (not terminated) by newlines.
fn write_block(f: &mut fmt::Formatter<'_>, circuit: &Circuit, depth: usize) -> fmt::Result {
    for (i, operation) in circuit.operations.iter().enumerate() {
        if i > 0 {
            f.write_char('\n')?;
        }
        write_indent(f, depth)?;
        match operation {
            Operation::Instruction(instruction) => write!(f, "{instruction}")?,
            Operation::Repeat { count, body } => {
                // stim writes header, newline, body, newline, brace: an empty body leaves a
                // blank line.
                writeln!(f, "REPEAT {count} {{")?;
                write_block(f, body, depth + 1)?;
                f.write_char('\n')?;
                write_indent(f, depth)?;
                f.write_char('}')?;
            }
        }
    }
    Ok(())
}

fn write_indent(f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
    for _ in 0..depth {
        f.write_str(INDENT)?;
    }
    Ok(())
}

/// An instruction argument as stim prints it: a value that is an integer (and fits an i64) as
/// that integer, e.g. `1234567` and `0` for -0.0; anything else as C++'s `%g`.
pub fn format_argument(value: f64) -> String {
    // 2^63: the first value that no longer fits an i64.
    const I64_LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if value.fract() == 0.0 && (-I64_LIMIT..I64_LIMIT).contains(&value) {
        format!("{}", value as i64)
    } else {
        format_general(value, STREAM_SIGNIFICANT_DIGITS)
    }
}

/// C's `%.{significant}g`: `significant` significant digits, correctly rounded (ties to even on
/// the exact binary value, as glibc does), exponent form when the decimal exponent X after
/// rounding is below -4 or at least `significant`, trailing zeros and a bare point removed.
pub fn format_general(value: f64, significant: usize) -> String {
    if value.is_nan() {
        return "nan".to_string();
    }
    if value.is_infinite() {
        return if value < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    let significant = significant.max(1);
    let (mantissa, exponent) = scientific_parts(value, significant - 1);
    let uses_exponent = exponent < -4 || exponent >= significant as i32;
    if uses_exponent {
        let sign = if exponent < 0 { '-' } else { '+' };
        let mantissa = strip_fraction_zeros(&mantissa);
        format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
    } else {
        // Same significant-digit position as the scientific rounding, so the digits agree.
        let decimals = (significant as i32 - 1 - exponent).max(0) as usize;
        strip_fraction_zeros(&format!("{value:.decimals$}"))
    }
}

/// The mantissa text (e.g. `-1.50000`) and decimal exponent of `value` rounded to
/// `decimals` digits after the point in scientific form.
fn scientific_parts(value: f64, decimals: usize) -> (String, i32) {
    let text = format!("{value:.decimals$e}");
    let (mantissa, exponent) = text
        .split_once('e')
        .expect("Rust's `{:e}` output always contains an 'e'");
    let exponent = exponent
        .parse()
        .expect("Rust's `{:e}` exponent is always a decimal integer");
    (mantissa.to_string(), exponent)
}

/// Removes trailing zeros after a decimal point, and the point itself if nothing follows it.
fn strip_fraction_zeros(text: &str) -> String {
    if !text.contains('.') {
        return text.to_string();
    }
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::Gate;

    #[test]
    fn formats_like_cpp_streams() {
        let cases = [
            (0.001, "0.001"),
            (1e-5, "1e-05"),
            (0.1 + 0.2, "0.3"),
            (1.0 / 3.0, "0.333333"),
            (0.0001, "0.0001"),
            (9.9999996e-5, "0.0001"),
            (0.00012345678, "0.000123457"),
            (1e-7, "1e-07"),
            (1e-300, "1e-300"),
            (0.99999999, "1"),
            (12345.25, "12345.2"),
            (12345.75, "12345.8"),
            (999999.5, "1e+06"),
            (1234567.5, "1.23457e+06"),
            (0.25, "0.25"),
            (-1.5e-5, "-1.5e-05"),
        ];
        for (value, expected) in cases {
            assert_eq!(format_general(value, 6), expected, "value {value:e}");
        }
    }

    #[test]
    fn prints_integral_arguments_as_integers() {
        assert_eq!(format_argument(1234567.0), "1234567");
        assert_eq!(format_argument(-0.0), "0");
        assert_eq!(format_argument(-3.0), "-3");
        assert_eq!(format_argument(2e18), "2000000000000000000");
        assert_eq!(format_argument(1e19), "1e+19");
        assert_eq!(format_argument(1e20), "1e+20");
        assert_eq!(format_argument(100000.5), "100000");
    }

    #[test]
    fn writes_nested_repeat_blocks() {
        let mut inner = Circuit::new();
        inner.push(Instruction::new(Gate::Tick, vec![], vec![]));
        let mut body = Circuit::new();
        body.push_repeat(2, inner);
        body.push(Instruction::on_qubits(Gate::H, vec![], &[0]));
        let mut circuit = Circuit::new();
        circuit.push_repeat(3, body);
        circuit.push_repeat(1, Circuit::new());
        circuit.push(Instruction::new(
            Gate::Detector,
            vec![0.0, 4.0, 1.0],
            vec![Target::Rec(3), Target::Rec(13)],
        ));
        let expected = "REPEAT 3 {\n    REPEAT 2 {\n        TICK\n    }\n    H 0\n}\nREPEAT 1 {\n\n}\nDETECTOR(0, 4, 1) rec[-3] rec[-13]";
        assert_eq!(circuit.to_string(), expected);
    }
}
