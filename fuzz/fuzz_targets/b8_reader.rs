//! The b8 reader on arbitrary bytes: the first two bytes give the model's detector count
//! (0 … 65535), the rest is the file. It must read whole shots or return an error, never
//! panic, and what it reads must write back to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use surfacelab::sample::{read_b8, write_b8, ShotBatch};

fuzz_target!(|data: &[u8]| {
    let Some((count, bytes)) = data.split_first_chunk::<2>() else {
        return;
    };
    let num_detectors = u16::from_le_bytes(*count) as usize;
    let mut batch = ShotBatch::zeroed(0, 0);
    if read_b8(bytes, num_detectors, &mut batch).is_err() {
        return;
    }
    assert_eq!(batch.num_detectors, num_detectors);
    let mut written = Vec::new();
    write_b8(&batch, &mut written);
    assert_eq!(written, bytes, "b8 read then written gives the same bytes");
});
