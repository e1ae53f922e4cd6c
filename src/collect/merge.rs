//! Merging sinter rows without counting a shot twice: the one merge rule, used by `combine`,
//! the page's import and its results table.
//!
//! A row says which shots it holds in sinter's own `custom_counts` column: one entry per
//! (seed, shard) whose blocks it counted, `{"seed=5,shard=0/1": 3000}`, valued in shots. sinter
//! sums custom counts when it combines rows, so `sinter combine` and `sinter plot` read our files
//! and keep the entries right; we also check them. A block's shots depend only on (seed, task,
//! block), so two rows of one task hold the same shots exactly when they share a seed and their
//! shards share a block: shard i/n and j/m share one when i ≡ j (mod gcd(n, m)).
//!
//! Rows with no such entry (sinter's own, or files written before the entries existed) are summed
//! as sinter sums them: nothing tells where their shots came from.

use super::csv::CsvRow;
use crate::spec::Shard;
use crate::{Error, Result};
use std::collections::{BTreeMap, HashMap};

/// Where a row's shots came from: a seed and the shard of its blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShotSource {
    /// The run's seed.
    pub seed: u64,
    /// The blocks the run took (`Shard::WHOLE` when not sharded).
    pub shard: Shard,
}

impl ShotSource {
    /// The `custom_counts` key, `seed=5,shard=0/1`.
    pub fn key(&self) -> String {
        format!(
            "seed={},shard={}/{}",
            self.seed, self.shard.index, self.shard.count
        )
    }

    /// The source a `custom_counts` key names, or None for any other key.
    pub fn from_key(key: &str) -> Option<ShotSource> {
        let (seed, shard) = key.strip_prefix("seed=")?.split_once(",shard=")?;
        let (index, count) = shard.split_once('/')?;
        let shard = Shard {
            index: index.parse().ok()?,
            count: count.parse().ok()?,
        };
        (shard.count > 0 && shard.index < shard.count).then_some(ShotSource {
            seed: seed.parse().ok()?,
            shard,
        })
    }

    /// True when the two sources share a block, i.e. hold the same shots.
    pub fn overlaps(&self, other: &ShotSource) -> bool {
        let common = gcd(self.shard.count, other.shard.count);
        self.seed == other.seed && self.shard.index % common == other.shard.index % common
    }

    /// The `custom_counts` text of a row of `shots` shots from this source alone.
    pub fn custom_counts(&self, shots: u64) -> String {
        if shots == 0 {
            return String::new();
        }
        write_counts(&BTreeMap::from([(self.key(), shots)]))
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// sinter's custom counts as JSON with sorted keys, as sinter writes them.
fn write_counts(counts: &BTreeMap<String, u64>) -> String {
    serde_json::to_string(counts).expect("a map of strings to integers is valid JSON")
}

/// A row's custom counts; an empty field is no counts.
fn read_counts(row: &CsvRow, origin: &str) -> Result<BTreeMap<String, u64>> {
    if row.custom_counts.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    serde_json::from_str(&row.custom_counts).map_err(|_| Error::Csv {
        reason: format!(
            "{origin}: custom_counts must be a JSON object of whole counts, got {:?}",
            row.custom_counts
        ),
    })
}

/// What [`Merge::add`] did with a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Added {
    /// The first row of its task.
    New,
    /// Summed into its task's row.
    Summed,
    /// Left out: it repeats a row already merged; the text says which and why.
    Repeat(String),
}

/// One task's merged row, and what went into it.
struct Entry {
    row: CsvRow,
    counts: BTreeMap<String, u64>,
    /// The rows added, with where they came from, to recognise a repeat and name it.
    parts: Vec<(String, CsvRow)>,
}

/// Rows merged by strong id, in first-seen order, each shot counted once.
#[derive(Default)]
pub struct Merge {
    entries: Vec<Entry>,
    index_of: HashMap<String, usize>,
}

/// The sources of a counts map.
fn sources(counts: &BTreeMap<String, u64>) -> Vec<ShotSource> {
    counts
        .keys()
        .filter_map(|key| ShotSource::from_key(key))
        .collect()
}

/// True when two rows of one task count the same shots with the same outcome. Seconds are not
/// compared: the CSV writes them rounded, so a row read back from its export differs there.
fn same_shots(a: &CsvRow, b: &CsvRow) -> bool {
    (a.shots, a.errors, a.discards, &a.custom_counts)
        == (b.shots, b.errors, b.discards, &b.custom_counts)
}

/// Short words for a task in messages: its metadata, else its strong id.
fn task_words(row: &CsvRow) -> String {
    if row.json_metadata.is_empty() {
        format!("strong id {}", row.strong_id)
    } else {
        row.json_metadata.clone()
    }
}

impl Merge {
    /// Adds `row` (`origin` names it in messages, e.g. `b.csv row 3`). A row that holds shots
    /// already merged is refused (an error naming both rows) unless it is an exact repeat of
    /// one row already merged, which is left out ([`Added::Repeat`]); either way the merged
    /// counts are unchanged.
    ///
    /// Totals beyond the largest count (2^64 − 1) or the largest finite seconds stay there: no
    /// run reaches them, but a crafted file must not overflow them.
    pub fn add(&mut self, row: CsvRow, origin: &str) -> Result<Added> {
        let counts = read_counts(&row, origin)?;
        let Some(&at) = self.index_of.get(&row.strong_id) else {
            self.index_of
                .insert(row.strong_id.clone(), self.entries.len());
            self.entries.push(Entry {
                row: row.clone(),
                counts,
                parts: vec![(origin.to_string(), row)],
            });
            return Ok(Added::New);
        };
        let entry = &mut self.entries[at];
        let merged_sources = sources(&entry.counts);
        for source in sources(&counts) {
            let Some(earlier) = merged_sources.iter().find(|s| s.overlaps(&source)) else {
                continue;
            };
            if let Some((first, _)) = entry.parts.iter().find(|(_, part)| same_shots(part, &row)) {
                return Ok(Added::Repeat(format!(
                    "{origin} repeats {first} (the same {} shots of seed {}): counted once",
                    row.shots, source.seed
                )));
            }
            let holder = entry
                .parts
                .iter()
                .find(|(_, part)| {
                    read_counts(part, "")
                        .is_ok_and(|c| sources(&c).iter().any(|s| s.overlaps(&source)))
                })
                .map_or("an earlier row", |(name, _)| name.as_str());
            return Err(Error::Csv {
                reason: format!(
                    "rows overlap: {origin} and {holder} both hold shots of seed {} (shards {}/{} and {}/{}) of task {}: refusing to count them twice; keep one of the two",
                    source.seed,
                    source.shard.index,
                    source.shard.count,
                    earlier.shard.index,
                    earlier.shard.count,
                    task_words(&row)
                ),
            });
        }
        let target = &mut entry.row;
        target.shots = target.shots.saturating_add(row.shots);
        target.errors = target.errors.saturating_add(row.errors);
        target.discards = target.discards.saturating_add(row.discards);
        target.seconds = (target.seconds + row.seconds).min(f64::MAX);
        for (key, value) in &counts {
            let total = entry.counts.entry(key.clone()).or_insert(0);
            *total = total.saturating_add(*value);
        }
        target.custom_counts = if entry.counts.is_empty() {
            String::new()
        } else {
            write_counts(&entry.counts)
        };
        entry.parts.push((origin.to_string(), row));
        Ok(Added::Summed)
    }

    /// The merged rows, in first-seen order.
    pub fn rows(&self) -> Vec<CsvRow> {
        self.entries.iter().map(|entry| entry.row.clone()).collect()
    }
}

/// Rows merged by [`Merge`], and the repeats it left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Combined {
    /// One row per strong id, in first-seen order.
    pub rows: Vec<CsvRow>,
    /// Why each left-out repeat was left out.
    pub repeats: Vec<String>,
}

/// Merges the rows of one CSV document (named `row 2`, `row 3`, … as a reader counts them)
/// with [`Merge`]: like `sinter combine`, but refusing to count a shot twice.
pub fn combine(rows: impl IntoIterator<Item = CsvRow>) -> Result<Combined> {
    let mut merge = Merge::default();
    let mut repeats = Vec::new();
    for (index, row) in rows.into_iter().enumerate() {
        if let Added::Repeat(why) = merge.add(row, &format!("row {}", index + 2))? {
            repeats.push(why);
        }
    }
    Ok(Combined {
        rows: merge.rows(),
        repeats,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(shots: u64, errors: u64, sources: &[(u64, u64, u64)]) -> CsvRow {
        let counts: BTreeMap<String, u64> = sources
            .iter()
            .map(|&(seed, index, count)| {
                let source = ShotSource {
                    seed,
                    shard: Shard { index, count },
                };
                (source.key(), shots / sources.len() as u64)
            })
            .collect();
        CsvRow {
            shots,
            errors,
            discards: 0,
            seconds: 1.0,
            decoder: "global".into(),
            strong_id: "abc".into(),
            json_metadata: r#"{"b":"Z","d":3,"p":0.001,"r":3}"#.into(),
            custom_counts: if counts.is_empty() {
                String::new()
            } else {
                write_counts(&counts)
            },
        }
    }

    #[test]
    fn keys_round_trip_and_shards_overlap_by_gcd() {
        let source = ShotSource {
            seed: u64::MAX,
            shard: Shard { index: 3, count: 4 },
        };
        assert_eq!(ShotSource::from_key(&source.key()), Some(source));
        assert_eq!(ShotSource::from_key("seed=1,shard=2/2"), None);
        assert_eq!(ShotSource::from_key("obs_mistake_mask=E_"), None);
        let shard = |index, count| ShotSource {
            seed: 7,
            shard: Shard { index, count },
        };
        assert!(shard(0, 2).overlaps(&shard(2, 4)));
        assert!(!shard(0, 2).overlaps(&shard(1, 4)));
        assert!(shard(0, 1).overlaps(&shard(5, 6)));
        assert!(!shard(0, 2).overlaps(&ShotSource {
            seed: 8,
            ..shard(0, 2)
        }));
    }

    #[test]
    fn shards_and_seeds_merge_and_their_counts_add_up() {
        let mut merge = Merge::default();
        assert_eq!(
            merge.add(row(100, 3, &[(5, 0, 2)]), "a").unwrap(),
            Added::New
        );
        assert_eq!(
            merge.add(row(100, 4, &[(5, 1, 2)]), "b").unwrap(),
            Added::Summed
        );
        assert_eq!(
            merge.add(row(50, 1, &[(6, 0, 1)]), "c").unwrap(),
            Added::Summed
        );
        let rows = merge.rows();
        assert_eq!((rows[0].shots, rows[0].errors), (250, 8));
        assert_eq!(
            rows[0].custom_counts,
            r#"{"seed=5,shard=0/2":100,"seed=5,shard=1/2":100,"seed=6,shard=0/1":50}"#
        );
    }

    #[test]
    fn a_repeat_is_left_out_and_an_overlap_refused() {
        let mut merge = Merge::default();
        merge.add(row(100, 3, &[(5, 0, 1)]), "a.csv row 2").unwrap();
        let repeat = merge.add(row(100, 3, &[(5, 0, 1)]), "a.csv row 2 (again)");
        assert!(
            matches!(&repeat, Ok(Added::Repeat(why)) if why.contains("repeats a.csv row 2")),
            "{repeat:?}"
        );
        let message = merge
            .add(row(40, 1, &[(5, 1, 2)]), "b.csv row 2")
            .unwrap_err()
            .to_string();
        assert!(message.contains("b.csv row 2 and a.csv row 2"), "{message}");
        assert!(message.contains("seed 5"), "{message}");
        assert_eq!((merge.rows()[0].shots, merge.rows()[0].errors), (100, 3));
    }

    #[test]
    fn rows_without_sources_sum_as_sinter_does() {
        let mut merge = Merge::default();
        merge.add(row(10, 1, &[]), "a").unwrap();
        merge.add(row(10, 1, &[]), "b").unwrap();
        assert_eq!(merge.rows()[0].shots, 20);
        assert_eq!(merge.rows()[0].custom_counts, "");
        let mut bad = row(10, 1, &[]);
        bad.custom_counts = "[1]".into();
        let message = merge.add(bad, "c.csv row 4").unwrap_err().to_string();
        assert!(message.contains("c.csv row 4: custom_counts"), "{message}");
    }
}
