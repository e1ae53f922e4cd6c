//! Named integer types, so that no bare `u32` means five things.

/// Index of a qubit in a circuit (stim's qubit index, not contiguous).
pub type QubitIndex = u32;
/// Index of a detector (stim's `D<k>`), absolute after flattening.
pub type DetectorIndex = u32;
/// Index of a logical observable (stim's `L<k>`), 0 … 63.
pub type ObservableIndex = u32;
/// A set of logical observables as a bit mask (bit k = observable k).
pub type ObservableMask = u64;
/// Index of a measurement record, counted from the start of the circuit.
pub type MeasurementIndex = u64;
/// Index of an edge in a [`crate::matching::MatchingGraph`].
pub type EdgeIndex = u32;
/// Number of shots.
pub type ShotCount = u64;
/// Index of a fixed block of [`BLOCK_SHOTS`] shots within a task.
pub type BlockIndex = u64;

/// Shots per block. Every task is sampled in blocks of this many shots; block k has its own
/// random stream, so results never depend on batch size, worker count or platform.
pub const BLOCK_SHOTS: usize = 1024;

/// Most observables a model may have (they are held in one [`ObservableMask`]).
pub const MAX_OBSERVABLES: u32 = 64;
