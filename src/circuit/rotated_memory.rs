//! stim's `surface_code:rotated_memory_z` and `_x`, instruction for instruction, and
//! `surface_code:unrotated_memory_z` and `_x`, which stim builds the same way around another
//! layout.
//!
//! The geometry (sites, indices, orders, CX schedule) lives in [`super::layout`] and
//! [`super::unrotated_layout`], behind [`SurfaceLayout`]; this module
//! arranges it into rounds, adds the four noise channels and the detectors and observable, with
//! the same instruction order, fusion and REPEAT structure as stim 1.16. It does not validate
//! parameters (that is `spec`'s job) and does not format text (that is [`super::text`]).

use super::builder::FusingBuilder;
use super::layout::{MeasureQubit, RotatedLayout, Site, StabilizerKind, CX_LAYERS};
use super::surface_layout::SurfaceLayout;
use super::unrotated_layout::UnrotatedLayout;
use super::{Circuit, Gate, Instruction, NoiseParams, Target};
use crate::ints::QubitIndex;

/// Which logical observable the memory protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    /// `rotated_memory_z`
    Z,
    /// `rotated_memory_x`
    X,
}

impl Basis {
    /// `"Z"` or `"X"`, as in CSV metadata.
    pub fn letter(self) -> &'static str {
        match self {
            Basis::Z => "Z",
            Basis::X => "X",
        }
    }
}

/// The parameters of a generated memory circuit (already validated by `spec`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryParams {
    /// Code distance, 2 … 101.
    pub distance: u32,
    /// Rounds of stabilizer measurement, ≥ 1.
    pub rounds: u32,
    /// Memory basis.
    pub basis: Basis,
    /// stim's four noise strengths.
    pub noise: NoiseParams,
}

/// The rotated memory's parameters (the name it had before there were other families).
pub type RotatedMemory = MemoryParams;

/// Generates `surface_code:rotated_memory_{z,x}` exactly as `stim.Circuit.generated` (stim
/// 1.16) does.
pub fn generate_rotated_memory(memory: &MemoryParams) -> Circuit {
    generate_surface_memory(&RotatedLayout::new(memory.distance), memory)
}

/// Generates `surface_code:unrotated_memory_{z,x}` exactly as `stim.Circuit.generated` (stim
/// 1.16) does.
pub fn generate_unrotated_memory(memory: &MemoryParams) -> Circuit {
    generate_surface_memory(&UnrotatedLayout::new(memory.distance), memory)
}

/// The memory experiment around `layout`, with stim's rounds, noise, detectors and observable.
fn generate_surface_memory(layout: &dyn SurfaceLayout, memory: &MemoryParams) -> Circuit {
    debug_assert!(memory.distance >= 2, "distance must be at least 2");
    debug_assert!(memory.rounds >= 1, "rounds must be at least 1");
    let plan = MemoryPlan::new(layout, memory);
    let mut builder = FusingBuilder::default();
    plan.push_qubit_coords(&mut builder);
    plan.push_initial_resets(&mut builder);
    plan.push_round(&mut builder);
    plan.push_first_round_detectors(&mut builder);
    match memory.rounds {
        1 => {}
        2 => builder.extend(plan.steady_round()),
        rounds => builder.push_repeat(u64::from(rounds - 1), plan.steady_round()),
    }
    plan.push_final_measurement(&mut builder);
    plan.push_final_detectors(&mut builder);
    plan.push_observable(&mut builder);
    builder.finish()
}

/// Everything the generator needs, precomputed once: the layout, the qubit lists and the
/// basis-dependent gates.
struct MemoryPlan<'a> {
    layout: &'a dyn SurfaceLayout,
    basis: Basis,
    noise: NoiseParams,
    /// Data qubits in index order.
    data: Vec<QubitIndex>,
    /// Measure qubits in index order.
    measure: Vec<QubitIndex>,
    /// X-type measure qubits in index order (the ones wrapped in H).
    x_type_measure: Vec<QubitIndex>,
    /// Measure-qubit positions (index order) in coordinate order.
    measure_by_coordinate: Vec<usize>,
}

impl<'a> MemoryPlan<'a> {
    fn new(layout: &'a dyn SurfaceLayout, memory: &MemoryParams) -> Self {
        let index = |site: Site| layout.index(site);
        let data = layout.data_sites().into_iter().map(index).collect();
        let measure_qubits = layout.measure_qubits();
        let measure = measure_qubits.iter().map(|m| index(m.site)).collect();
        let x_type_measure = measure_qubits
            .iter()
            .filter(|m| m.kind == StabilizerKind::X)
            .map(|m| index(m.site))
            .collect();
        let measure_by_coordinate = layout.measure_positions_by_coordinate();
        MemoryPlan {
            basis: memory.basis,
            noise: memory.noise,
            data,
            measure,
            x_type_measure,
            measure_by_coordinate,
            layout,
        }
    }

    /// The stabilizer type whose first and last outcomes are deterministic in this basis.
    fn basis_kind(&self) -> StabilizerKind {
        match self.basis {
            Basis::Z => StabilizerKind::Z,
            Basis::X => StabilizerKind::X,
        }
    }

    /// The flip channel that harms a data qubit prepared or measured in this basis.
    fn data_flip_gate(&self) -> Gate {
        match self.basis {
            Basis::Z => Gate::XError,
            Basis::X => Gate::ZError,
        }
    }

    fn num_measure(&self) -> u32 {
        self.measure.len() as u32
    }

    fn num_data(&self) -> u32 {
        self.data.len() as u32
    }

    /// Basis-type measure qubits in coordinate order, each with its index-order position.
    fn basis_measure_by_coordinate(&self) -> impl Iterator<Item = (usize, &MeasureQubit)> + '_ {
        let measure_qubits = self.layout.measure_qubits();
        self.measure_by_coordinate
            .iter()
            .map(move |&k| (k, &measure_qubits[k]))
            .filter(move |(_, m)| m.kind == self.basis_kind())
    }

    fn push_qubit_coords(&self, builder: &mut FusingBuilder) {
        for (index, site) in self.layout.all_sites_by_index() {
            let coords = vec![f64::from(site.x), f64::from(site.y)];
            builder.push(Instruction::on_qubits(Gate::QubitCoords, coords, &[index]));
        }
    }

    fn push_initial_resets(&self, builder: &mut FusingBuilder) {
        let data_reset = match self.basis {
            Basis::Z => Gate::R,
            Basis::X => Gate::RX,
        };
        let reset_flip = self.noise.after_reset_flip_probability;
        builder.push_gate(data_reset, &self.data);
        builder.push_noise(self.data_flip_gate(), reset_flip, &self.data);
        builder.push_gate(Gate::R, &self.measure);
        builder.push_noise(Gate::XError, reset_flip, &self.measure);
    }

    /// One round of stabilizer measurement: exactly 7 TICKs, ending with `MR` and its noise.
    fn push_round(&self, builder: &mut FusingBuilder) {
        let clifford = self.noise.after_clifford_depolarization;
        builder.push_tick();
        let data_depolarization = self.noise.before_round_data_depolarization;
        builder.push_noise(Gate::Depolarize1, data_depolarization, &self.data);
        builder.push_gate(Gate::H, &self.x_type_measure);
        builder.push_noise(Gate::Depolarize1, clifford, &self.x_type_measure);
        builder.push_tick();
        for layer in 0..CX_LAYERS {
            let pairs = self.layout.cx_layer_targets(layer);
            builder.push_gate(Gate::CX, &pairs);
            builder.push_noise(Gate::Depolarize2, clifford, &pairs);
            builder.push_tick();
        }
        builder.push_gate(Gate::H, &self.x_type_measure);
        builder.push_noise(Gate::Depolarize1, clifford, &self.x_type_measure);
        builder.push_tick();
        builder.push_noisy_measure_reset(&self.noise, &self.measure);
    }

    /// Round 1 detectors: basis-type measure qubits only (the other type starts random).
    fn push_first_round_detectors(&self, builder: &mut FusingBuilder) {
        let num_measure = self.num_measure();
        for (k, measure) in self.basis_measure_by_coordinate() {
            let records = vec![Target::Rec(num_measure - k as u32)];
            builder.push(detector(measure.site, 0.0, records));
        }
    }

    /// The body repeated for rounds 2 … r: a round, a time shift, and one detector per measure
    /// qubit comparing its last two outcomes.
    fn steady_round(&self) -> Circuit {
        let mut builder = FusingBuilder::default();
        self.push_round(&mut builder);
        let shift = vec![0.0, 0.0, 1.0];
        builder.push(Instruction::new(Gate::ShiftCoords, shift, Vec::new()));
        let num_measure = self.num_measure();
        for (k, measure) in self.layout.measure_qubits().iter().enumerate() {
            let newest = num_measure - k as u32;
            let records = vec![Target::Rec(newest), Target::Rec(newest + num_measure)];
            builder.push(detector(measure.site, 0.0, records));
        }
        builder.finish()
    }

    fn push_final_measurement(&self, builder: &mut FusingBuilder) {
        let data_measure = match self.basis {
            Basis::Z => Gate::M,
            Basis::X => Gate::MX,
        };
        let measure_flip = self.noise.before_measure_flip_probability;
        builder.push_noise(self.data_flip_gate(), measure_flip, &self.data);
        builder.push_gate(data_measure, &self.data);
    }

    /// Final detectors: each basis-type stabilizer rebuilt from the data measurements, compared
    /// with its last `MR`.
    fn push_final_detectors(&self, builder: &mut FusingBuilder) {
        let num_data = self.num_data();
        let num_measure = self.num_measure();
        for (k, measure) in self.basis_measure_by_coordinate() {
            let support = self.layout.support_positions(measure);
            // Newest record first: the highest data position has the smallest look-back.
            let mut records: Vec<Target> = support
                .iter()
                .rev()
                .map(|&j| Target::Rec(num_data - j as u32))
                .collect();
            records.push(Target::Rec(num_measure - k as u32 + num_data));
            builder.push(detector(measure.site, 1.0, records));
        }
    }

    /// The logical observable: the layout's logical row (memory_z) or column (memory_x).
    fn push_observable(&self, builder: &mut FusingBuilder) {
        let num_data = self.num_data();
        let positions: Vec<usize> = (self.layout.data_sites().iter().enumerate())
            .filter(|(_, site)| self.layout.on_logical(**site, self.basis))
            .map(|(j, _)| j)
            .collect();
        let records = positions
            .iter()
            .rev()
            .map(|&j| Target::Rec(num_data - j as u32))
            .collect();
        builder.push(Instruction::new(
            Gate::ObservableInclude,
            vec![0.0],
            records,
        ));
    }
}

/// `DETECTOR(x, y, t) records...`.
fn detector(site: Site, time: f64, records: Vec<Target>) -> Instruction {
    let coords = vec![f64::from(site.x), f64::from(site.y), time];
    Instruction::new(Gate::Detector, coords, records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory(distance: u32, rounds: u32, basis: Basis) -> RotatedMemory {
        RotatedMemory {
            distance,
            rounds,
            basis,
            noise: NoiseParams::uniform(0.001),
        }
    }

    #[test]
    fn odd_distance_has_n_times_r_detectors() {
        for distance in [3, 5, 7] {
            for rounds in [1, 2, 3, distance] {
                for basis in [Basis::Z, Basis::X] {
                    let circuit = generate_rotated_memory(&memory(distance, rounds, basis));
                    let n = u64::from(distance * distance - 1);
                    let data = u64::from(distance * distance);
                    assert_eq!(circuit.num_detectors(), n * u64::from(rounds));
                    assert_eq!(circuit.num_measurements(), n * u64::from(rounds) + data);
                    let expected_qubits = 2 * distance * distance + 3 * distance - 1;
                    assert_eq!(circuit.num_qubits(), expected_qubits);
                }
            }
        }
    }

    #[test]
    fn even_distance_counts_basis_type_checks_twice() {
        // num_detectors = 2·N_B + N·(r − 1): d = 4, r = 3 gives 44 (Z) and 46 (X).
        let z = generate_rotated_memory(&memory(4, 3, Basis::Z));
        let x = generate_rotated_memory(&memory(4, 3, Basis::X));
        assert_eq!(z.num_detectors(), 44);
        assert_eq!(x.num_detectors(), 46);
    }

    #[test]
    fn each_round_has_seven_ticks() {
        let circuit = generate_rotated_memory(&memory(3, 5, Basis::Z));
        let mut ticks = 0;
        circuit
            .for_each_flat(&mut |instruction| ticks += u32::from(instruction.gate == Gate::Tick));
        assert_eq!(ticks, 7 * 5);
    }

    #[test]
    fn fuses_resets_only_without_reset_noise_in_z_basis() {
        let mut noiseless = memory(3, 1, Basis::Z);
        noiseless.noise = NoiseParams::default();
        let resets = |circuit: &Circuit| {
            let mut lines = Vec::new();
            circuit.for_each_flat(&mut |instruction| {
                if matches!(instruction.gate, Gate::R | Gate::RX) {
                    lines.push(instruction.targets.len());
                }
            });
            lines
        };
        assert_eq!(resets(&generate_rotated_memory(&noiseless)), vec![17]);
        noiseless.basis = Basis::X;
        assert_eq!(resets(&generate_rotated_memory(&noiseless)), vec![9, 8]);
    }
}
