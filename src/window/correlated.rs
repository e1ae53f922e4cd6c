//! Correlated matching inside a window: the whole graph's [`CorrelationTable`] seen through the
//! window's cut ([`WindowGraph`]), so that each window runs the two passes of
//! [`crate::matching::correlated`] on its own graph.
//!
//! A window edge stands for the whole graph's edge it came from (`origin`), so it implies what
//! that edge implies. An implied edge becomes the window edge that represents it: an edge
//! inside the window is itself; an edge from a window detector to the boundary, or across an
//! open side, is represented by that detector's boundary edge in the window (the lightest of
//! them at the cut), which takes the lowest weight implied for any of them; an edge across a
//! closed side, or outside the window, is not in it and is left out (its effect arrives as
//! artificial defects).

use super::cut::{DetectorLayers, WindowGraph};
use super::plan::Side;
use crate::ints::{DetectorIndex, EdgeIndex};
use crate::matching::{CorrelationTable, MatchingGraph};
use std::collections::HashMap;

/// `table` (of `full`) mapped onto `window`'s edges; `layers` are `full`'s detector layers.
pub fn window_correlations(
    window: &WindowGraph,
    full: &MatchingGraph,
    layers: &DetectorLayers,
    table: &CorrelationTable,
) -> CorrelationTable {
    let start = window.detectors.start;
    let mut interior: HashMap<EdgeIndex, EdgeIndex> = HashMap::new();
    let mut boundary_of: Vec<Option<EdgeIndex>> = vec![None; window.graph.num_detectors as usize];
    for (local, edge) in window.graph.edges.iter().enumerate() {
        let local = local as EdgeIndex;
        match edge.node_b {
            Some(_) => {
                interior.insert(window.origin[local as usize], local);
            }
            None => boundary_of[edge.node_a as usize] = Some(local),
        }
    }
    let inside = |d: DetectorIndex| window.detectors.contains(&d);
    let open_towards = |outside: DetectorIndex| {
        let side = if layers.layer_of[outside as usize] < window.span.layers.start {
            window.span.past
        } else {
            window.span.future
        };
        side == Side::Open
    };
    let local_of = |edge: EdgeIndex| {
        let full_edge = &full.edges[edge as usize];
        let (a, b) = (full_edge.node_a, full_edge.node_b);
        match (inside(a), b.map(|b| (b, inside(b)))) {
            (true, Some((_, true))) => interior.get(&edge).copied(),
            (true, None) => boundary_of[(a - start) as usize],
            (true, Some((b, false))) => open_towards(b)
                .then(|| boundary_of[(a - start) as usize])
                .flatten(),
            (false, Some((b, true))) => open_towards(a)
                .then(|| boundary_of[(b - start) as usize])
                .flatten(),
            (false, _) => None,
        }
    };
    table.mapped(&window.origin, local_of, |local| {
        window.graph.edges[local as usize].weight
    })
}
