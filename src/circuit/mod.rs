//! stim-compatible circuits: the model ([`model`]), the code families ([`family`]: the rotated
//! and unrotated surface codes' geometry in [`layout`] and [`unrotated_layout`], their memory
//! generator [`rotated_memory`], the repetition code's [`repetition_memory`]), the SI1000 noise model
//! ([`si1000`]) and the stim text writer ([`text`]).

mod builder;
pub mod family;
pub mod gates;
pub mod layout;
pub mod model;
pub mod noise;
pub mod parse;
pub mod repetition_memory;
pub mod rotated_memory;
pub mod si1000;
pub mod surface_layout;
pub mod text;
pub mod unrotated_layout;

pub use family::{generate_memory, generate_si1000_family_memory, CodeFamily};
pub use model::{Circuit, Clifford1, Clifford2, Gate, Instruction, Operation, Pauli, Target};
pub use noise::NoiseParams;
pub use rotated_memory::{
    generate_rotated_memory, generate_unrotated_memory, Basis, MemoryParams, RotatedMemory,
};
pub use si1000::{add_si1000_noise, generate_si1000_memory};
