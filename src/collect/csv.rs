//! sinter's CSV format: writer (fields padded the way sinter pads them) and reader (spaces
//! stripped, columns found by header name). Merging rows is [`super::merge`]'s.

pub use super::merge::combine;

use crate::{Error, Result};

/// sinter's header line.
pub const CSV_HEADER: &str =
    "     shots,    errors,  discards, seconds,decoder,strong_id,json_metadata,custom_counts";

const REQUIRED_COLUMNS: [&str; 7] = [
    "shots",
    "errors",
    "discards",
    "seconds",
    "decoder",
    "strong_id",
    "json_metadata",
];

/// One row of sinter CSV: the statistics of one task (or part of one).
/// Serde names are camelCase: the page exchanges rows as plain JS objects (`src/wasm/`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CsvRow {
    /// Shots taken.
    pub shots: u64,
    /// Shots whose predicted observables were wrong.
    pub errors: u64,
    /// Shots discarded (always 0 here: no postselection).
    pub discards: u64,
    /// Sum of worker seconds.
    pub seconds: f64,
    /// Decoder name.
    pub decoder: String,
    /// SHA-256 hex identifying circuit, decoder and metadata.
    pub strong_id: String,
    /// Compact JSON metadata with sorted keys.
    pub json_metadata: String,
    /// sinter's custom counts (JSON), empty when none.
    pub custom_counts: String,
}

/// Quotes a field the way Python's csv module does: only when it needs it.
fn escape(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// sinter's seconds: 3 decimals below 1 s, 2 below 10 s, else 1.
fn format_seconds(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{seconds:.3}")
    } else if seconds < 10.0 {
        format!("{seconds:.2}")
    } else {
        format!("{seconds:.1}")
    }
}

impl CsvRow {
    /// The row as sinter writes it (no trailing newline).
    pub fn to_line(&self) -> String {
        format!(
            "{:>10},{:>10},{:>10},{:>8},{},{},{},{}",
            self.shots,
            self.errors,
            self.discards,
            format_seconds(self.seconds),
            escape(&self.decoder),
            escape(&self.strong_id),
            escape(&self.json_metadata),
            escape(&self.custom_counts)
        )
    }
}

/// A whole CSV document: header and rows, each line ending in a newline.
pub fn write_csv(rows: &[CsvRow]) -> String {
    let mut text = String::from(CSV_HEADER);
    text.push('\n');
    for row in rows {
        text.push_str(&row.to_line());
        text.push('\n');
    }
    text
}

fn csv_error(reason: impl Into<String>) -> Error {
    Error::Csv {
        reason: reason.into(),
    }
}

/// Parses a numeric field of data row `row` (1-based, header = row 1).
fn parse_field<T: std::str::FromStr>(text: &str, column: &str, row: usize) -> Result<T> {
    text.parse().map_err(|_| {
        csv_error(format!(
            "row {row}: column {column} must be a number, got {text:?}"
        ))
    })
}

/// Reads sinter CSV (ours or sinter's own). Errors name the row and column.
pub fn read_csv(text: &str) -> Result<Vec<CsvRow>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| csv_error(format!("header: {e}")))?
        .clone();
    let position = |name: &str| headers.iter().position(|h| h == name);
    let mut columns = [0usize; 7];
    for (slot, name) in columns.iter_mut().zip(REQUIRED_COLUMNS) {
        *slot = position(name).ok_or_else(|| {
            csv_error(format!(
                "is not sinter's format: missing column {name} (needs {})",
                REQUIRED_COLUMNS.join(", ")
            ))
        })?;
    }
    let custom_counts = position("custom_counts");
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let record = record.map_err(|e| csv_error(format!("row {row}: {e}")))?;
        let field = |column: usize| record.get(column).unwrap_or("");
        let shots: u64 = parse_field(field(columns[0]), "shots", row)?;
        let errors: u64 = parse_field(field(columns[1]), "errors", row)?;
        let discards: u64 = parse_field(field(columns[2]), "discards", row)?;
        let seconds: f64 = parse_field(field(columns[3]), "seconds", row)?;
        if errors > shots || !seconds.is_finite() || seconds < 0.0 {
            return Err(csv_error(format!(
                "row {row}: errors must be at most shots and seconds a non-negative number"
            )));
        }
        rows.push(CsvRow {
            shots,
            errors,
            discards,
            seconds,
            decoder: field(columns[4]).to_string(),
            strong_id: field(columns[5]).to_string(),
            json_metadata: field(columns[6]).to_string(),
            custom_counts: custom_counts.map(field).unwrap_or("").to_string(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_row() -> CsvRow {
        CsvRow {
            shots: 1_000_000,
            errors: 759,
            discards: 0,
            seconds: 0.225,
            decoder: "pymatching".into(),
            strong_id: "4767d90013c6e0855fa517e1e403640412d3cda2f169239da27a386aca6e484b".into(),
            json_metadata: r#"{"b":"Z","d":3,"p":0.001,"r":3}"#.into(),
            custom_counts: String::new(),
        }
    }

    #[test]
    fn writes_sinter_layout() {
        assert_eq!(
            sample_row().to_line(),
            r#"   1000000,       759,         0,   0.225,pymatching,4767d90013c6e0855fa517e1e403640412d3cda2f169239da27a386aca6e484b,"{""b"":""Z"",""d"":3,""p"":0.001,""r"":3}","#
        );
    }

    #[test]
    fn round_trips() {
        let text = write_csv(&[sample_row(), sample_row()]);
        let rows = read_csv(&text).unwrap();
        assert_eq!(rows, vec![sample_row(), sample_row()]);
    }

    #[test]
    fn missing_column_is_named() {
        let message = read_csv("shots,errors,seconds\n1,0,0.1\n")
            .unwrap_err()
            .to_string();
        assert!(message.contains("missing column discards"), "{message}");
        let message = read_csv("").unwrap_err().to_string();
        assert!(message.contains("missing column shots"), "{message}");
        let bad = format!("{CSV_HEADER}\n  x,0,0,0.1,d,id,{{}},\n");
        let message = read_csv(&bad).unwrap_err().to_string();
        assert!(message.contains("row 2: column shots"), "{message}");
    }
}
