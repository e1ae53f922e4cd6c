//! Seeded sampling of detection events and observable flips from a detector error model.
//!
//! Shots come in fixed blocks of [`crate::ints::BLOCK_SHOTS`]. Block k of a task draws from
//! its own stream ([`block_stream`]), so a shot's randomness never depends on the worker.

pub mod batch;
pub mod sampler;
pub mod stream;

pub use batch::ShotBatch;
pub use sampler::Sampler;
pub use stream::block_stream;
