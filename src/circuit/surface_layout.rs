//! What a surface-code memory generator needs from a layout: where the data and measure qubits
//! sit, their stim indices, the CX schedule, each stabilizer's support and the logical
//! observable. stim 1.16 builds its rotated and unrotated memories with the same rounds,
//! detectors and noise around two different layouts, so [`super::rotated_memory`] is written
//! once against this trait and [`super::layout::RotatedLayout`] and
//! [`super::unrotated_layout::UnrotatedLayout`] implement it.

use super::layout::{MeasureQubit, Site};
use super::Basis;
use crate::ints::QubitIndex;

/// A planar surface-code layout in stim's positions and indices.
pub trait SurfaceLayout {
    /// stim's qubit index of a site.
    fn index(&self, site: Site) -> QubitIndex;

    /// Data qubits in index order.
    fn data_sites(&self) -> Vec<Site>;

    /// Measure qubits in index order (the order of `MR` and its records).
    fn measure_qubits(&self) -> &[MeasureQubit];

    /// Every qubit with a `QUBIT_COORDS` line, ascending by index, with its site.
    fn all_sites_by_index(&self) -> Vec<(QubitIndex, Site)>;

    /// The flattened CX pairs of CX layer `layer` (0 … 3).
    fn cx_layer_targets(&self, layer: usize) -> Vec<QubitIndex>;

    /// Index-order positions of the data qubits a stabilizer acts on, ascending.
    fn support_positions(&self, measure: &MeasureQubit) -> Vec<usize>;

    /// True when the data qubit at `site` is on the logical observable of `basis`.
    fn on_logical(&self, site: Site, basis: Basis) -> bool;

    /// Positions (into [`Self::measure_qubits`]) in coordinate order: by x, then y.
    fn measure_positions_by_coordinate(&self) -> Vec<usize> {
        let measure = self.measure_qubits();
        let mut positions: Vec<usize> = (0..measure.len()).collect();
        positions.sort_by_key(|&k| (measure[k].site.x, measure[k].site.y));
        positions
    }
}
