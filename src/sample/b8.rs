//! stim's `b8` detection-event format, as `stim sample_dets --out_format=b8` writes it.
//!
//! Each shot is ⌈num_detectors / 8⌉ bytes; bit i (least significant first) of byte j is
//! detector 8j + i; padding bits in the last byte are zero. Shots follow each other with no
//! header, so the number of detectors must come from the model. These are pure functions on
//! byte slices; reading and writing files belongs to the CLI. Observable flips are not part of
//! the format (stim writes them to a separate file), so decoded batches have none.

use super::batch::ShotBatch;
use crate::error::Error;
use crate::Result;

/// Bytes per shot: ⌈num_detectors / 8⌉.
pub fn b8_shot_bytes(num_detectors: usize) -> usize {
    num_detectors.div_ceil(8)
}

/// Appends the detection events of every shot of `batch` to `out` in b8 format.
pub fn write_b8(batch: &ShotBatch, out: &mut Vec<u8>) {
    let shot_bytes = b8_shot_bytes(batch.num_detectors);
    out.reserve(shot_bytes * batch.num_shots);
    for shot in 0..batch.num_shots {
        let words = batch.shot_words(shot);
        out.extend((0..shot_bytes).map(|byte| (words[byte / 8] >> (8 * (byte % 8))) as u8));
    }
}

/// Reads b8 bytes for a model with `num_detectors` detectors into `out` (replacing its
/// contents; observables are all zero).
///
/// Fails when the byte count is not a whole number of shots (a truncated file, or the wrong
/// model) or when a padding bit is set (the file was written for more detectors).
pub fn read_b8(bytes: &[u8], num_detectors: usize, out: &mut ShotBatch) -> Result<()> {
    let shot_bytes = b8_shot_bytes(num_detectors);
    let num_shots = count_b8_shots(bytes.len(), shot_bytes, num_detectors)?;
    out.reset(num_shots, num_detectors);
    let padding_mask = padding_mask(num_detectors);
    for (shot, shot_data) in bytes.chunks_exact(shot_bytes.max(1)).enumerate() {
        if shot_data[shot_bytes - 1] & padding_mask != 0 {
            return Err(Error::Shots {
                reason: format!(
                    "b8 shot {shot} sets a bit beyond detector {} (the model has {num_detectors} detectors)",
                    num_detectors - 1
                ),
            });
        }
        // Eight bytes make one little-endian word (the last one zero-padded).
        let words = out.shot_words_mut(shot);
        for (word, bytes) in words.iter_mut().zip(shot_data.chunks(8)) {
            let mut padded = [0u8; 8];
            padded[..bytes.len()].copy_from_slice(bytes);
            *word = u64::from_le_bytes(padded);
        }
    }
    Ok(())
}

/// The number of whole shots in `num_bytes`, or the error for a partial one.
fn count_b8_shots(num_bytes: usize, shot_bytes: usize, num_detectors: usize) -> Result<usize> {
    if shot_bytes == 0 {
        return if num_bytes == 0 {
            Ok(0)
        } else {
            Err(Error::Shots {
                reason: format!("b8 data has {num_bytes} bytes but the model has no detectors"),
            })
        };
    }
    if num_bytes % shot_bytes != 0 {
        return Err(Error::Shots {
            reason: format!(
                "b8 data has {num_bytes} bytes, not a multiple of {shot_bytes} bytes per shot \
                 ({num_detectors} detectors): the file is truncated or belongs to another model"
            ),
        });
    }
    Ok(num_bytes / shot_bytes)
}

/// The bits of a shot's last byte that lie beyond the last detector.
fn padding_mask(num_detectors: usize) -> u8 {
    match num_detectors % 8 {
        0 => 0,
        used => !((1u8 << used) - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch_with(num_detectors: usize, shots: &[&[u32]]) -> ShotBatch {
        let mut batch = ShotBatch::zeroed(shots.len(), num_detectors);
        for (shot, defects) in shots.iter().enumerate() {
            for &detector in defects.iter() {
                batch.shot_words_mut(shot)[detector as usize / 64] |= 1 << (detector % 64);
            }
        }
        batch
    }

    #[test]
    fn bit_i_of_byte_j_is_detector_8j_plus_i() {
        let batch = batch_with(10, &[&[0, 9], &[3]]);
        let mut bytes = Vec::new();
        write_b8(&batch, &mut bytes);
        assert_eq!(bytes, vec![0b0000_0001, 0b10, 0b1000, 0]);
    }

    #[test]
    fn round_trip_over_word_boundaries() {
        let batch = batch_with(131, &[&[0, 63, 64, 127, 128, 130], &[], &[7, 8, 65]]);
        let mut bytes = Vec::new();
        write_b8(&batch, &mut bytes);
        assert_eq!(bytes.len(), 3 * 17);
        let mut read = ShotBatch::default();
        read_b8(&bytes, 131, &mut read).expect("whole shots");
        assert_eq!(read, batch);
    }

    #[test]
    fn truncated_data_is_a_shots_error() {
        let batch = batch_with(20, &[&[1], &[19]]);
        let mut bytes = Vec::new();
        write_b8(&batch, &mut bytes);
        let mut read = ShotBatch::default();
        let error = read_b8(&bytes[..5], 20, &mut read).expect_err("5 bytes is not whole shots");
        assert!(matches!(error, Error::Shots { .. }));
        assert!(error.to_string().contains("not a multiple of 3"));
    }

    #[test]
    fn padding_bits_and_detectorless_models_are_checked() {
        let mut read = ShotBatch::default();
        assert!(read_b8(&[0b0001_0000], 4, &mut read).is_err());
        assert!(read_b8(&[0b0000_1000], 4, &mut read).is_ok());
        assert!(read_b8(&[], 0, &mut read).is_ok());
        assert_eq!(read.num_shots, 0);
        assert!(read_b8(&[0], 0, &mut read).is_err());
    }
}
