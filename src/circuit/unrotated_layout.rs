//! The unrotated surface code's qubit geometry as stim 1.16 lays it out
//! (`surface_code:unrotated_memory_{x,z}`): a (2d − 1) × (2d − 1) grid whose every point holds a
//! qubit, data qubits where x + y is even, X-type measure qubits at odd x (even y), Z-type at odd
//! y; index x + (2d − 1)·y; every stabilizer touches its (up to four) orthogonal neighbours in
//! the order +x, +y, −y, −x.
//!
//! Pure geometry: the rounds, noise and detectors are [`super::rotated_memory`]'s, which stim
//! shares between its two surface-code layouts.

use super::layout::{MeasureQubit, Site, StabilizerKind};
use super::surface_layout::SurfaceLayout;
use super::Basis;
use crate::ints::QubitIndex;

/// Data-qubit offsets visited by every measure qubit in CX layers 0 … 3.
const CX_OFFSETS: [(i64, i64); 4] = [(1, 0), (0, 1), (0, -1), (-1, 0)];

/// The qubits of a distance-d unrotated surface code, in stim's positions and indices.
#[derive(Debug, Clone)]
pub struct UnrotatedLayout {
    /// Grid width and height, 2d − 1.
    width: u32,
    /// Data qubits in index order.
    data_sites: Vec<Site>,
    /// Position in `data_sites` of each grid point (index order), if it holds a data qubit.
    data_position: Vec<Option<usize>>,
    /// Measure qubits in index order.
    measure_qubits: Vec<MeasureQubit>,
}

impl UnrotatedLayout {
    /// The layout for distance `distance` (≥ 2, validated by `spec`).
    pub fn new(distance: u32) -> Self {
        debug_assert!(distance >= 2, "distance must be at least 2");
        let width = 2 * distance - 1;
        let mut data_sites = Vec::new();
        let mut data_position = Vec::with_capacity((width * width) as usize);
        let mut measure_qubits = Vec::new();
        for y in 0..width {
            for x in 0..width {
                let site = Site { x, y };
                if (x + y) % 2 == 0 {
                    data_position.push(Some(data_sites.len()));
                    data_sites.push(site);
                } else {
                    data_position.push(None);
                    let kind = if y % 2 == 0 {
                        StabilizerKind::X
                    } else {
                        StabilizerKind::Z
                    };
                    measure_qubits.push(MeasureQubit { site, kind });
                }
            }
        }
        UnrotatedLayout {
            width,
            data_sites,
            data_position,
            measure_qubits,
        }
    }

    /// Position of the data qubit at `(x, y)` in index order, or `None` when none sits there.
    fn data_position_at(&self, x: i64, y: i64) -> Option<usize> {
        let width = i64::from(self.width);
        if !(0..width).contains(&x) || !(0..width).contains(&y) {
            return None;
        }
        self.data_position[(x + y * width) as usize]
    }

    fn neighbour(&self, site: Site, (dx, dy): (i64, i64)) -> Option<usize> {
        self.data_position_at(i64::from(site.x) + dx, i64::from(site.y) + dy)
    }
}

impl SurfaceLayout for UnrotatedLayout {
    fn index(&self, site: Site) -> QubitIndex {
        site.x + site.y * self.width
    }

    fn data_sites(&self) -> Vec<Site> {
        self.data_sites.clone()
    }

    fn measure_qubits(&self) -> &[MeasureQubit] {
        &self.measure_qubits
    }

    fn all_sites_by_index(&self) -> Vec<(QubitIndex, Site)> {
        (0..self.width)
            .flat_map(|y| (0..self.width).map(move |x| Site { x, y }))
            .map(|site| (self.index(site), site))
            .collect()
    }

    /// X-type measure qubits first, then Z-type, each group in coordinate order; X-type are the
    /// CX controls, Z-type the targets.
    fn cx_layer_targets(&self, layer: usize) -> Vec<QubitIndex> {
        let mut targets = Vec::new();
        let by_coordinate = self.measure_positions_by_coordinate();
        for kind in [StabilizerKind::X, StabilizerKind::Z] {
            for &k in &by_coordinate {
                let measure = self.measure_qubits[k];
                if measure.kind != kind {
                    continue;
                }
                let Some(j) = self.neighbour(measure.site, CX_OFFSETS[layer]) else {
                    continue;
                };
                let data = self.index(self.data_sites[j]);
                let measure = self.index(measure.site);
                match kind {
                    StabilizerKind::X => targets.extend([measure, data]),
                    StabilizerKind::Z => targets.extend([data, measure]),
                }
            }
        }
        targets
    }

    fn support_positions(&self, measure: &MeasureQubit) -> Vec<usize> {
        let mut positions: Vec<usize> = CX_OFFSETS
            .iter()
            .filter_map(|&offset| self.neighbour(measure.site, offset))
            .collect();
        positions.sort_unstable();
        positions
    }

    /// The top row (memory_z) or the left column (memory_x).
    fn on_logical(&self, site: Site, basis: Basis) -> bool {
        match basis {
            Basis::Z => site.y == 0,
            Basis::X => site.x == 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_qubits_by_role() {
        for distance in [2u32, 3, 5] {
            let layout = UnrotatedLayout::new(distance);
            let d = distance as usize;
            assert_eq!(layout.data_sites().len(), d * d + (d - 1) * (d - 1));
            let x_type = layout
                .measure_qubits()
                .iter()
                .filter(|m| m.kind == StabilizerKind::X)
                .count();
            assert_eq!(x_type, d * (d - 1));
            assert_eq!(layout.measure_qubits().len(), 2 * d * (d - 1));
        }
    }

    #[test]
    fn first_cx_layer_matches_stim_at_distance_2() {
        // stim 1.16, surface_code:unrotated_memory_x, d = 2: `CX 1 2 7 8 4 3`.
        assert_eq!(
            UnrotatedLayout::new(2).cx_layer_targets(0),
            vec![1, 2, 7, 8, 4, 3]
        );
    }
}
