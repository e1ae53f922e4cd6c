//! The DEM sampler.

/// Samples shots from a detector error model.
pub struct Sampler {}
