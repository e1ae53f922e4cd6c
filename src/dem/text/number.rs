//! Numbers as stim prints them in `.dem` text: C's `%.19g` (19 significant digits, trailing
//! zeros dropped, exponent form below 1e-4 or from 1e19 on).

/// Significant digits stim prints in detector error models.
pub const DEM_SIGNIFICANT_DIGITS: usize = 19;

/// `value` formatted like C's `%.{digits}g`.
pub fn format_general(value: f64, digits: usize) -> String {
    if value.is_nan() {
        return "nan".to_string();
    }
    if value.is_infinite() {
        return if value < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    let digits = digits.max(1);
    // Rust rounds exactly (like glibc's printf) for any requested precision.
    let scientific = format!("{:.*e}", digits - 1, value);
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("Rust's {:e} output always has an exponent");
    let exponent: i32 = exponent
        .parse()
        .expect("Rust's {:e} exponent is an integer");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let significand: String = mantissa.chars().filter(|c| *c != '.').collect();
    if value == 0.0 {
        return format!("{sign}0");
    }
    if exponent < -4 || exponent >= digits as i32 {
        let (first, rest) = significand.split_at(1);
        let rest = rest.trim_end_matches('0');
        let dot = if rest.is_empty() { "" } else { "." };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        return format!(
            "{sign}{first}{dot}{rest}e{exponent_sign}{:02}",
            exponent.abs()
        );
    }
    let (integer, fraction) = if exponent >= 0 {
        let split = exponent as usize + 1;
        (
            significand[..split].to_string(),
            significand[split..].to_string(),
        )
    } else {
        let zeros = "0".repeat((-exponent - 1) as usize);
        ("0".to_string(), format!("{zeros}{significand}"))
    };
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{sign}{integer}")
    } else {
        format!("{sign}{integer}.{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_c_general_format() {
        let g19 = |x| format_general(x, DEM_SIGNIFICANT_DIGITS);
        assert_eq!(g19(0.001), "0.001000000000000000021");
        assert_eq!(g19(6.669779853440971e-05), "6.669779853440971351e-05");
        assert_eq!(g19(0.5), "0.5");
        assert_eq!(g19(0.1), "0.1000000000000000056");
        assert_eq!(g19(0.0), "0");
        assert_eq!(g19(1.0), "1");
        assert_eq!(g19(100000000.0), "100000000");
        assert_eq!(g19(1e-300), "1.000000000000000025e-300");
        assert_eq!(g19(-2.5), "-2.5");
        assert_eq!(g19(1e19), "1e+19");
        assert_eq!(g19(0.0001), "0.0001000000000000000048");
        assert_eq!(format_general(1e-5, 6), "1e-05");
        assert_eq!(format_general(0.1 + 0.2, 6), "0.3");
        assert_eq!(format_general(123456789.0, 6), "1.23457e+08");
    }
}
