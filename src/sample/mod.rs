//! Seeded sampling of detection events and observable flips from a detector error model.
//!
//! Shots come in fixed blocks of [`crate::ints::BLOCK_SHOTS`]. Block k of a task draws from
//! its own stream ([`block_stream`]), so a shot's randomness never depends on the worker.
//! [`sampler`] documents the draw order; [`b8`] reads and writes stim's `b8` shot format.

pub mod b8;
pub mod batch;
pub mod geometric;
pub mod layered;
pub mod sampler;
pub mod stream;

pub use b8::{read_b8, write_b8};
pub use batch::ShotBatch;
pub use layered::LayeredSampler;
pub use sampler::Sampler;
pub use stream::block_stream;
