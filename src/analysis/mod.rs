//! The analysis of collected statistics, once, for the CLI and the page: which rows belong to
//! the same curve ([`identity`], [`curves`]), and where the curves of adjacent distances cross
//! ([`crossing`], fitted by [`local_fit`] with a parametric bootstrap drawn by [`binomial`]).
//!
//! It reads rows as sinter writes them ([`crate::collect::CsvRow`]) and never merges them:
//! merging rows of the same task is `collect::csv`'s job, done before the rows come here.
//! Nothing here pools rows or drops one silently: a row that cannot be placed on a curve
//! comes back with a note saying why.

pub mod binomial;
pub mod crossing;
pub mod curves;
pub mod identity;
pub mod local_fit;
pub mod report;

pub use crossing::{crossings, Crossing, CrossingEstimate, Per};
pub use curves::{group_curves, Curve, CurvePoint, Grouping};
pub use identity::{identities, RowIdentity};
pub use report::{crossing_json, describe_crossing};
