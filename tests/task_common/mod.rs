//! What the task tests share: a memory task with stim's uniform noise.
#![allow(dead_code)]

use surfacelab::circuit::{Basis, NoiseParams};
use surfacelab::spec::{DecoderKind, NoiseModel, TaskSpec, WindowRounds};

/// d, r, basis and p with `decoder`; a windowed decoder gets c = w = min(d, r).
pub fn spec(decoder: DecoderKind, basis: Basis, d: u32, r: u32, p: f64) -> TaskSpec {
    TaskSpec {
        code: surfacelab::circuit::CodeFamily::Rotated,
        distance: d,
        rounds: r,
        basis,
        noise: NoiseModel::Stim(NoiseParams::uniform(p)),
        decoder,
        window: decoder.is_windowed().then_some(WindowRounds {
            commit: d.min(r),
            buffer: d.min(r),
        }),
        correlated: false,
    }
}
