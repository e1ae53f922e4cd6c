//! stim-compatible circuits: the model ([`model`]), the rotated surface code's geometry
//! ([`layout`]), the rotated memory generator ([`rotated_memory`]), the SI1000 noise model
//! ([`si1000`]) and the stim text writer ([`text`]).

mod builder;
pub mod layout;
pub mod model;
pub mod noise;
pub mod parse;
pub mod rotated_memory;
pub mod si1000;
pub mod text;

pub use model::{Circuit, Gate, Instruction, Operation, Target};
pub use noise::NoiseParams;
pub use rotated_memory::{generate_rotated_memory, Basis, RotatedMemory};
pub use si1000::{add_si1000_noise, generate_si1000_memory};
