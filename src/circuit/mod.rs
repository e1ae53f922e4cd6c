//! stim-compatible circuits: the model ([`model`]), the rotated surface code's geometry
//! ([`layout`]), the rotated memory generator ([`rotated_memory`]) and the stim text writer
//! ([`text`]).

pub mod layout;
pub mod model;
pub mod noise;
pub mod parse;
pub mod rotated_memory;
pub mod text;

pub use model::{Circuit, Gate, Instruction, Operation, Target};
pub use noise::NoiseParams;
pub use rotated_memory::{generate_rotated_memory, Basis, RotatedMemory};
