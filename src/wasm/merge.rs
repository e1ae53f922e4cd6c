//! The results table's merge: the core's rule ([`crate::collect::merge`]) for the page, so the
//! page keeps no copy of it.

use super::{from_js, to_js};
use crate::collect::merge::{Added, Merge};
use crate::collect::CsvRow;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// Rows from one place: this run, or an imported file.
#[derive(Deserialize)]
struct RowGroup {
    /// Names the rows in messages (`this run`, `a.csv`).
    origin: String,
    rows: Vec<CsvRow>,
    /// True for a file: its rows are then named `a.csv row 3`, as a CSV reader counts them.
    #[serde(default)]
    file: bool,
}

/// The merged rows and what was left out.
#[derive(Serialize)]
struct Merged {
    /// One row per strong id, in first-seen order.
    rows: Vec<CsvRow>,
    /// Rows left out because they repeat rows already merged (counts unchanged), and why.
    repeats: Vec<String>,
    /// Rows refused because they hold some of the same shots as a merged row, and why.
    refused: Vec<String>,
}

/// Merges `[{origin, rows, file}, …]` in order: `{rows, repeats, refused}`. Never throws on overlap:
/// a refused row is left out and named in `refused`, so the table still shows the rest.
#[wasm_bindgen(js_name = mergeRows)]
pub fn merge_rows(groups: JsValue) -> Result<JsValue, JsError> {
    let groups: Vec<RowGroup> = from_js(groups)?;
    let mut merge = Merge::default();
    let (mut repeats, mut refused) = (Vec::new(), Vec::new());
    for group in groups {
        for (index, row) in group.rows.into_iter().enumerate() {
            let origin = if group.file {
                format!("{} row {}", group.origin, index + 2)
            } else {
                group.origin.clone()
            };
            match merge.add(row, &origin) {
                Ok(Added::Repeat(why)) => repeats.push(why),
                Ok(_) => {}
                Err(error) => refused.push(error.to_string()),
            }
        }
    }
    to_js(&Merged {
        rows: merge.rows(),
        repeats,
        refused,
    })
}
