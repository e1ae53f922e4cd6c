//! The DEM sampler.

/// Samples shots from a detector error model.
pub struct Sampler {}

// Agreed interface (implemented by the sampler work):
//   impl Sampler {
//       pub fn new(dem: &DetectorErrorModel) -> Sampler;
//       pub fn num_detectors(&self) -> usize;
//       pub fn sample(&self, rng: &mut Xoshiro256PlusPlus, num_shots: usize, out: &mut ShotBatch);
//       pub fn sample_block(&self, seed: u64, task_key: &str, block: BlockIndex, num_shots: usize, out: &mut ShotBatch);
//   }
//   impl ShotBatch {
//       pub fn words_per_shot(&self) -> usize;
//       pub fn shot_words(&self, shot: usize) -> &[u64];
//       pub fn defects_into(&self, shot: usize, out: &mut Vec<DetectorIndex>);
//   }
