//! The sinter CSV reader on arbitrary text: rows or an error, never a panic. Rows it accepts
//! must write as CSV that reads back to the same rows (seconds are written rounded, as sinter
//! does, so they are compared after one write), and merging them must keep
//! the totals (up to the largest count, and unless it left out repeated shots or refused
//! overlapping ones) and write CSV that reads back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use surfacelab::collect::csv::{combine, read_csv, write_csv};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rows) = read_csv(text) else {
        return;
    };
    let written = write_csv(&rows);
    let reread = read_csv(&written).expect("written CSV reads back");
    assert_eq!(reread.len(), rows.len());
    for (again, row) in reread.iter().zip(&rows) {
        assert_eq!(
            (again.shots, again.errors, again.discards),
            (row.shots, row.errors, row.discards)
        );
        assert_eq!(
            (
                &again.decoder,
                &again.strong_id,
                &again.json_metadata,
                &again.custom_counts
            ),
            (
                &row.decoder,
                &row.strong_id,
                &row.json_metadata,
                &row.custom_counts
            ),
        );
    }
    let stable = read_csv(&write_csv(&reread)).expect("rewritten CSV reads back");
    assert_eq!(stable, reread, "a second write changes nothing");
    let shots: u128 = rows.iter().map(|row| u128::from(row.shots)).sum();
    let Ok(combined) = combine(rows) else {
        return;
    };
    let merged = combined.rows;
    let merged_shots: u128 = merged.iter().map(|row| u128::from(row.shots)).sum();
    if shots <= u128::from(u64::MAX) && combined.repeats.is_empty() {
        assert_eq!(merged_shots, shots, "merging keeps the total shots");
    }
    let reread = read_csv(&write_csv(&merged)).expect("merged rows write as CSV that reads back");
    assert_eq!(reread.len(), merged.len());
});
