//! `.dem` text: a writer in stim's format and a reader ([`parse_dem`]) for stim's own files.
//!
//! The writer prints a flat model the way stim prints an unrolled one: every `error(p)` line
//! (probability with 19 significant digits, as C's `%.19g`; targets `Dk`, `Lk`, pieces joined
//! by `^`), in the model's order, then one `detector(x, y, t) Dk` line per detector with
//! coordinates. Coordinates are absolute (stim writes them relative to `shift_detectors`
//! lines, which a flat model does not keep). A detector without coordinates that no error
//! mentions gets a bare `detector Dk` line, and an observable that no error mentions a
//! `logical_observable Lk` line, so that reading the text back gives the same counts. Every
//! line ends with a newline, as in stim's `.dem` files.

mod number;
mod read;

pub use number::{format_general, DEM_SIGNIFICANT_DIGITS};
pub use read::{parse_dem, parse_dem_within, MAX_DEM_DETECTORS, MAX_UNROLLED_STEPS};

use super::{DetectorErrorModel, Symptom};
use std::fmt::{self, Write};

impl fmt::Display for DetectorErrorModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut mentioned_detectors = vec![false; self.num_detectors as usize];
        let mut mentioned_observables = 0u64;
        for error in &self.errors {
            f.write_str("error(")?;
            f.write_str(&format_general(error.probability, DEM_SIGNIFICANT_DIGITS))?;
            f.write_char(')')?;
            for (i, piece) in error.pieces.iter().enumerate() {
                if i > 0 {
                    f.write_str(" ^")?;
                }
                write_piece_targets(f, piece)?;
                for &d in &piece.detectors {
                    if let Some(seen) = mentioned_detectors.get_mut(d as usize) {
                        *seen = true;
                    }
                }
                mentioned_observables |= piece.observables;
            }
            f.write_char('\n')?;
        }
        for (index, mentioned) in mentioned_detectors.iter().enumerate() {
            let coords = self.detector_coords.get(index).map_or(&[][..], |c| c);
            if !coords.is_empty() {
                f.write_str("detector(")?;
                for (i, &x) in coords.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(&format_general(x, DEM_SIGNIFICANT_DIGITS))?;
                }
                writeln!(f, ") D{index}")?;
            } else if !mentioned {
                writeln!(f, "detector D{index}")?;
            }
        }
        for k in 0..self.num_observables.min(64) {
            if mentioned_observables >> k & 1 == 0 {
                writeln!(f, "logical_observable L{k}")?;
            }
        }
        Ok(())
    }
}

fn write_piece_targets(f: &mut fmt::Formatter<'_>, piece: &Symptom) -> fmt::Result {
    for d in &piece.detectors {
        write!(f, " D{d}")?;
    }
    for k in 0..64 {
        if piece.observables >> k & 1 == 1 {
            write!(f, " L{k}")?;
        }
    }
    Ok(())
}

/// The model as `.dem` text (see the module docs).
pub fn write_dem(model: &DetectorErrorModel) -> String {
    model.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dem::DemError;

    #[test]
    fn writes_stim_style_lines() {
        let model = DetectorErrorModel {
            errors: vec![
                DemError {
                    probability: 0.001,
                    pieces: vec![Symptom {
                        detectors: vec![0, 1],
                        observables: 0,
                    }],
                },
                DemError {
                    probability: 6.669779853440971e-05,
                    pieces: vec![
                        Symptom {
                            detectors: vec![1],
                            observables: 0,
                        },
                        Symptom {
                            detectors: vec![],
                            observables: 1,
                        },
                    ],
                },
            ],
            num_detectors: 3,
            num_observables: 2,
            detector_coords: vec![vec![0.0, 4.0, 0.0], vec![], vec![]],
        };
        let text = write_dem(&model);
        assert_eq!(
            text,
            "error(0.001000000000000000021) D0 D1\n\
             error(6.669779853440971351e-05) D1 ^ L0\n\
             detector(0, 4, 0) D0\n\
             detector D2\n\
             logical_observable L1\n"
        );
        assert_eq!(parse_dem(&text).expect("own output parses"), model);
    }
}
