//! Inputs the fuzz targets (fuzz/, docs/reliability.md) found to crash, each kept as a test so
//! the fix stays: the input, and what the code must now do with it.

use surfacelab::circuit::parse::parse_circuit;
use surfacelab::collect::csv::{combine, read_csv, write_csv, CSV_HEADER};

/// stim_reader (a finding of the target's own check, not of the reader): an argument that
/// prints, as in stim, with 6 significant digits can round to an integer, which then prints as
/// that integer; printing is stable from the second print on, and the target now checks that.
#[test]
fn stim_argument_printing_settles_after_one_round_trip() {
    let input = "QUBIT_COORDS(-77777777.777677777777, 3)\x0c1 3 6# e1";
    let first = parse_circuit(input).expect("valid stim").to_string();
    assert_eq!(first, "QUBIT_COORDS(-7.77778e+07, 3) 1 3 6");
    let second = parse_circuit(&first)
        .expect("printed text reads")
        .to_string();
    assert_eq!(second, "QUBIT_COORDS(-77777800, 3) 1 3 6");
    let third = parse_circuit(&second)
        .expect("printed text reads")
        .to_string();
    assert_eq!(third, second);
}

/// csv_reader: a strong id with a comma and quotes (read from a quoted field) was written
/// unquoted, so the written CSV had extra fields and did not read back.
#[test]
fn csv_strong_id_with_comma_is_quoted() {
    let text = format!("{CSV_HEADER}\n10,1,0,0.5,global,\"a,\"\"b\",{{}},\n");
    let rows = read_csv(&text).expect("a quoted strong id is valid CSV");
    assert_eq!(rows[0].strong_id, "a,\"b");
    let reread = read_csv(&write_csv(&rows)).expect("written CSV reads back");
    assert_eq!(reread, rows);
}

/// csv_reader: merging rows whose counts add up beyond 2^64 − 1 overflowed (a panic in debug
/// builds, a wrapped count in release); seconds could add up to infinity, which the reader then
/// refused. The totals now stay at the largest value.
#[test]
fn csv_combine_saturates_instead_of_overflowing() {
    let max = u64::MAX;
    let text = format!(
        "{CSV_HEADER}\n{max},{max},{max},1e308,global,id,{{}},\n{max},1,1,1e308,global,id,{{}},\n"
    );
    let merged = combine(read_csv(&text).expect("valid rows"))
        .expect("rows without sources merge")
        .rows;
    assert_eq!(merged.len(), 1);
    assert_eq!(
        (merged[0].shots, merged[0].errors, merged[0].discards),
        (max, max, max)
    );
    assert!(merged[0].seconds.is_finite());
    let reread = read_csv(&write_csv(&merged)).expect("merged rows read back");
    assert_eq!(reread[0].shots, max);
}
