//! SurfaceLab: surface-code memory experiments from circuit to logical error rate.
//!
//! The data flows one way: an [`spec::ExperimentSpec`] becomes a stim-identical
//! [`circuit::Circuit`], its [`dem::DetectorErrorModel`], a [`matching::MatchingGraph`],
//! and a decoder; the [`sample`] module draws seeded shots from the error model, and
//! [`collect`] runs the sinter-like loop that turns them into statistics and CSV.
//!
//! The core is pure: no IO, no clocks, no globals. Files, terminals and environment
//! variables belong to `src/bin/`; wasm bindings to `src/wasm/` (wasm32 only).

pub mod analysis;
pub mod circuit;
pub mod collect;
pub mod dem;
pub mod error;
pub mod ints;
pub mod matching;
pub mod parallel;
pub mod realtime;
pub mod sample;
pub mod shot;
pub mod spec;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod window;

pub use error::{Error, Result};
