//! Window decoders built on [`crate::matching`]: sliding windows and parallel (layer A /
//! layer B) windows. [`plan`] says which layers each window covers, [`cut`] builds a window's
//! graph with its open and closed sides, [`solver`] matches one window and commits edges, and
//! [`sliding`] and [`parallel`] schedule the windows of a shot.

pub mod cut;
pub mod parallel;
pub mod plan;
pub mod sliding;
pub mod solver;

pub use cut::DetectorLayers;
pub use parallel::{ParallelWindowDecoder, WindowThreads};
pub use sliding::SlidingDecoder;
