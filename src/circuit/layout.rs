//! The rotated surface code's qubit geometry as stim 1.16 lays it out: which grid points hold data
//! and measure qubits, their stim indices, the two orders the circuit lists them in, and the CX
//! schedule.
//!
//! Pure geometry: it knows nothing about noise, rounds or measurement records.

use super::surface_layout::SurfaceLayout;
use super::Basis;
use crate::ints::QubitIndex;

/// A grid point `(x, y)`, 0 ≤ x, y ≤ 2d; y grows downward as in stim's diagrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Site {
    /// Column.
    pub x: u32,
    /// Row.
    pub y: u32,
}

/// The Pauli type of the stabilizer a measure qubit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StabilizerKind {
    /// Measures an X stabilizer (wrapped in H, measure qubit is the CX control).
    X,
    /// Measures a Z stabilizer (data qubit is the CX control).
    Z,
}

/// A measure (ancilla) qubit and the stabilizer it measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MeasureQubit {
    /// Where it sits.
    pub site: Site,
    /// X- or Z-type.
    pub kind: StabilizerKind,
}

/// Data-qubit offsets visited by X-type measure qubits in CX layers 0 … 3 (an "N" shape).
const X_TYPE_CX_OFFSETS: [(i64, i64); 4] = [(1, 1), (-1, 1), (1, -1), (-1, -1)];
/// Data-qubit offsets visited by Z-type measure qubits in CX layers 0 … 3 (a "Z" shape).
const Z_TYPE_CX_OFFSETS: [(i64, i64); 4] = [(1, 1), (1, -1), (-1, 1), (-1, -1)];
/// The four diagonal neighbours, i.e. a stabilizer's possible support.
const DIAGONAL_OFFSETS: [(i64, i64); 4] = [(-1, -1), (1, -1), (-1, 1), (1, 1)];

/// Number of CX layers in one round.
pub const CX_LAYERS: usize = 4;

/// The qubits of a distance-d rotated surface code, in stim's positions and indices.
#[derive(Debug, Clone)]
pub struct RotatedLayout {
    distance: u32,
    /// Measure qubits in index order (which is also row-major order for them).
    measure_qubits: Vec<MeasureQubit>,
}

impl RotatedLayout {
    /// The layout for distance `distance` (≥ 2, validated by `spec`).
    pub fn new(distance: u32) -> Self {
        debug_assert!(distance >= 2, "distance must be at least 2");
        let span = 2 * distance;
        let mut measure_qubits = Vec::new();
        for y in (0..=span).step_by(2) {
            for x in (0..=span).step_by(2) {
                let kind = if (x + y) % 4 == 2 {
                    StabilizerKind::X
                } else {
                    StabilizerKind::Z
                };
                let keep = match kind {
                    StabilizerKind::X => 0 < x && x < span,
                    StabilizerKind::Z => 0 < y && y < span,
                };
                if keep {
                    measure_qubits.push(MeasureQubit {
                        site: Site { x, y },
                        kind,
                    });
                }
            }
        }
        RotatedLayout {
            distance,
            measure_qubits,
        }
    }

    /// The code distance.
    pub fn distance(&self) -> u32 {
        self.distance
    }

    /// stim's qubit index of a site: `x + (y / 2)(2d + 1)`.
    pub fn index(&self, site: Site) -> QubitIndex {
        site.x + (site.y / 2) * (2 * self.distance + 1)
    }

    /// Number of data qubits, d².
    pub fn num_data_qubits(&self) -> usize {
        (self.distance * self.distance) as usize
    }

    /// Data qubits in index order (row-major: y, then x).
    pub fn data_sites(&self) -> Vec<Site> {
        let odd = || (1..2 * self.distance).step_by(2);
        odd()
            .flat_map(|y| odd().map(move |x| Site { x, y }))
            .collect()
    }

    /// Position of a data qubit in index order, or `None` when no data qubit sits there.
    pub fn data_position(&self, x: i64, y: i64) -> Option<usize> {
        let span = 2 * i64::from(self.distance);
        let on_grid = x % 2 == 1 && y % 2 == 1 && (1..span).contains(&x) && (1..span).contains(&y);
        on_grid.then(|| ((y / 2) * i64::from(self.distance) + x / 2) as usize)
    }

    /// Measure qubits in index order (the order of `MR` and its records).
    pub fn measure_qubits(&self) -> &[MeasureQubit] {
        &self.measure_qubits
    }

    /// Indices of every used qubit, data and measure, ascending, with their sites.
    pub fn all_sites_by_index(&self) -> Vec<(QubitIndex, Site)> {
        let measure_sites = self.measure_qubits.iter().map(|m| m.site);
        let mut sites: Vec<(QubitIndex, Site)> = self
            .data_sites()
            .into_iter()
            .chain(measure_sites)
            .map(|site| (self.index(site), site))
            .collect();
        sites.sort_by_key(|&(index, _)| index);
        sites
    }

    /// Index-order positions of the data qubits a stabilizer acts on (2 or 4 of them), ascending.
    pub fn support_positions(&self, measure: &MeasureQubit) -> Vec<usize> {
        let mut positions: Vec<usize> = DIAGONAL_OFFSETS
            .iter()
            .filter_map(|&(dx, dy)| self.neighbour_position(measure.site, dx, dy))
            .collect();
        positions.sort_unstable();
        positions
    }

    /// The (control, target) qubit pairs of CX layer `layer` (0 … 3), flattened: X-type measure
    /// qubits first, then Z-type, each group in coordinate order.
    pub fn cx_layer_targets(&self, layer: usize) -> Vec<QubitIndex> {
        let mut targets = Vec::new();
        let by_coordinate = self.measure_positions_by_coordinate();
        for kind in [StabilizerKind::X, StabilizerKind::Z] {
            for &k in &by_coordinate {
                let measure = self.measure_qubits[k];
                if measure.kind != kind {
                    continue;
                }
                let (dx, dy) = match kind {
                    StabilizerKind::X => X_TYPE_CX_OFFSETS[layer],
                    StabilizerKind::Z => Z_TYPE_CX_OFFSETS[layer],
                };
                let data = self.neighbour_position(measure.site, dx, dy);
                let Some(data_index) = data.map(|j| self.data_index(j)) else {
                    continue;
                };
                let measure_index = self.index(measure.site);
                match kind {
                    StabilizerKind::X => targets.extend([measure_index, data_index]),
                    StabilizerKind::Z => targets.extend([data_index, measure_index]),
                }
            }
        }
        targets
    }

    /// stim's index of the data qubit at index-order position `position`.
    fn data_index(&self, position: usize) -> QubitIndex {
        let row = position as u32 / self.distance;
        let column = position as u32 % self.distance;
        self.index(Site {
            x: 2 * column + 1,
            y: 2 * row + 1,
        })
    }

    fn neighbour_position(&self, site: Site, dx: i64, dy: i64) -> Option<usize> {
        self.data_position(i64::from(site.x) + dx, i64::from(site.y) + dy)
    }
}

impl SurfaceLayout for RotatedLayout {
    fn index(&self, site: Site) -> QubitIndex {
        RotatedLayout::index(self, site)
    }

    fn data_sites(&self) -> Vec<Site> {
        RotatedLayout::data_sites(self)
    }

    fn measure_qubits(&self) -> &[MeasureQubit] {
        RotatedLayout::measure_qubits(self)
    }

    fn all_sites_by_index(&self) -> Vec<(QubitIndex, Site)> {
        RotatedLayout::all_sites_by_index(self)
    }

    fn cx_layer_targets(&self, layer: usize) -> Vec<QubitIndex> {
        RotatedLayout::cx_layer_targets(self, layer)
    }

    fn support_positions(&self, measure: &MeasureQubit) -> Vec<usize> {
        RotatedLayout::support_positions(self, measure)
    }

    /// The top data row (memory_z) or the left data column (memory_x).
    fn on_logical(&self, site: Site, basis: Basis) -> bool {
        match basis {
            Basis::Z => site.y == 1,
            Basis::X => site.x == 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_measure_qubits_by_kind() {
        for (distance, x_type, z_type) in [(2, 2, 1), (3, 4, 4), (4, 8, 7), (5, 12, 12)] {
            let layout = RotatedLayout::new(distance);
            let count = |kind| {
                layout
                    .measure_qubits()
                    .iter()
                    .filter(|m| m.kind == kind)
                    .count()
            };
            assert_eq!(count(StabilizerKind::X), x_type, "d = {distance}");
            assert_eq!(count(StabilizerKind::Z), z_type, "d = {distance}");
        }
    }

    #[test]
    fn first_cx_layer_matches_the_worked_example() {
        let layout = RotatedLayout::new(3);
        assert_eq!(
            layout.cx_layer_targets(0),
            vec![2, 3, 16, 17, 11, 12, 15, 14, 10, 9, 19, 18]
        );
    }
}
