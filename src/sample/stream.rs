//! The random stream of one shot block: a Xoshiro256++ seeded with
//! SHA-256(seed as 8 little-endian bytes ‖ task key in UTF-8 ‖ block index as 8 little-endian bytes).

use crate::ints::BlockIndex;
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use sha2::{Digest, Sha256};

/// The stream that block `block` of the task with canonical key `task_key` draws from.
pub fn block_stream(seed: u64, task_key: &str, block: BlockIndex) -> Xoshiro256PlusPlus {
    let mut hasher = Sha256::new();
    hasher.update(seed.to_le_bytes());
    hasher.update(task_key.as_bytes());
    hasher.update(block.to_le_bytes());
    let digest = hasher.finalize();
    let mut state = [0u8; 32];
    state.copy_from_slice(&digest);
    Xoshiro256PlusPlus::from_seed(state)
}
