//! Window decoders built on [`crate::matching`]: sliding windows and parallel (layer A /
//! layer B) windows. [`plan`] says which layers each window covers, [`cut`] builds a window's
//! graph with its open and closed sides, [`solver`] matches one window and commits edges, and
//! [`sliding`] and [`parallel`] schedule the windows of a shot. [`independent`] is the seed's
//! scheme without artificial defects, kept only as a comparison baseline. [`trace`] records what
//! a decoder did for one shot, for views.

pub mod correlated;
pub mod cut;
pub mod independent;
pub mod parallel;
pub mod plan;
mod scheduled;
pub mod shape;
pub mod sliding;
pub mod solver;
pub mod streamed;
pub mod trace;

pub use cut::DetectorLayers;
pub use independent::IndependentWindowsDecoder;
pub use parallel::{ParallelWindowDecoder, WindowThreads, WorkObserver};
pub use sliding::SlidingDecoder;
pub use streamed::StreamedWindowDecoder;
pub use trace::{DecoderTrace, TracedDecoder, WindowKind, WindowTrace};
