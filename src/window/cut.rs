//! Cutting a window out of the full matching graph: open sides turn leaving edges into
//! boundary edges, closed sides drop them (their effect arrives as artificial defects).

use super::plan::{Side, WindowSpan};
use crate::ints::{DetectorIndex, EdgeIndex};
use crate::matching::graph::NodeAdjacency;
use crate::matching::{GraphEdge, MatchingGraph};
use crate::{Error, Result};
use std::ops::Range;

/// The time layer of every detector, with each layer's detectors contiguous in index order.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectorLayers {
    /// Layer of each detector.
    pub layer_of: Vec<u32>,
    /// First detector of each layer, plus one past the end (length = layers + 1).
    pub layer_starts: Vec<DetectorIndex>,
}

impl DetectorLayers {
    /// Reads layers from the detectors' time coordinate ([`crate::dem::model::time_coordinate`]: the
    /// third, or the second of a 1D code's (x, t)), and checks that every
    /// layer is a contiguous index range and every edge spans at most one layer.
    pub fn from_coords(coords: &[Vec<f64>], graph: &MatchingGraph) -> Result<DetectorLayers> {
        let model_error = |reason: String| Error::Model { reason };
        let mut layer_of = Vec::with_capacity(coords.len());
        for (detector, c) in coords.iter().enumerate() {
            let t = crate::dem::model::time_coordinate(c).unwrap_or(f64::NAN);
            if !(t >= 0.0 && t.fract() == 0.0 && t < u32::MAX as f64) {
                return Err(model_error(format!(
                    "window decoders need a whole-number time coordinate on every detector; D{detector} has {c:?}"
                )));
            }
            layer_of.push(t as u32);
        }
        if layer_of.len() != graph.num_detectors as usize {
            return Err(model_error(format!(
                "{} detector coordinates for {} detectors",
                layer_of.len(),
                graph.num_detectors
            )));
        }
        let mut layer_starts = vec![0];
        for (detector, pair) in layer_of.windows(2).enumerate() {
            match pair[1].checked_sub(pair[0]) {
                Some(0) => {}
                Some(1) => layer_starts.push(detector as DetectorIndex + 1),
                _ => {
                    return Err(model_error(format!(
                        "window decoders need layers in detector order without gaps; D{} is at t = {} after t = {}",
                        detector + 1,
                        pair[1],
                        pair[0]
                    )))
                }
            }
        }
        layer_starts.push(layer_of.len() as DetectorIndex);
        let layers = DetectorLayers {
            layer_of,
            layer_starts,
        };
        layers.check_edges_span_one_layer(graph)?;
        Ok(layers)
    }

    fn check_edges_span_one_layer(&self, graph: &MatchingGraph) -> Result<()> {
        for edge in &graph.edges {
            if let Some(b) = edge.node_b {
                let (ta, tb) = (
                    self.layer_of[edge.node_a as usize],
                    self.layer_of[b as usize],
                );
                if ta.abs_diff(tb) > 1 {
                    return Err(Error::Model {
                        reason: format!(
                            "window decoders need edges that span at most one layer; D{} (t = {ta}) to D{b} (t = {tb})",
                            edge.node_a
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    /// Number of layers L.
    pub fn num_layers(&self) -> u32 {
        (self.layer_starts.len() - 1) as u32
    }

    /// The detectors of a range of layers.
    pub fn detectors(&self, layers: &Range<u32>) -> Range<DetectorIndex> {
        self.layer_starts[layers.start as usize]..self.layer_starts[layers.end as usize]
    }
}

/// A window's own matching graph and where its edges came from.
#[derive(Debug, Clone)]
pub struct WindowGraph {
    /// Layers and sides.
    pub span: WindowSpan,
    /// The window's detectors (global indices); local index = global − start.
    pub detectors: Range<DetectorIndex>,
    /// The window's graph, in local detector indices.
    pub graph: MatchingGraph,
    /// For each local edge, the full graph's edge it stands for.
    pub origin: Vec<EdgeIndex>,
}

impl WindowGraph {
    /// Cuts `span` out of `full`; `adjacency` is `full.adjacency()`, built once for all the
    /// windows of a decoder, so a window costs its own edges, not the whole graph's.
    pub fn cut(
        full: &MatchingGraph,
        adjacency: &NodeAdjacency,
        layers: &DetectorLayers,
        span: WindowSpan,
    ) -> WindowGraph {
        let detectors = layers.detectors(&span.layers);
        let inside = |d: DetectorIndex| detectors.contains(&d);
        let mut graph = MatchingGraph {
            num_detectors: detectors.end - detectors.start,
            num_observables: full.num_observables,
            edges: Vec::new(),
        };
        let mut origin = Vec::new();
        // The lightest boundary edge of each node: (weight, full edge index).
        let mut boundary: Vec<Option<(f64, EdgeIndex)>> = vec![None; graph.num_detectors as usize];
        // The edges touching the window, in the full graph's order (which the matcher's
        // tie-breaking sees).
        let mut touching: Vec<EdgeIndex> = detectors
            .clone()
            .flat_map(|d| adjacency.neighbors(d).iter().map(|n| n.edge))
            .collect();
        touching.sort_unstable();
        touching.dedup();
        for index in touching {
            let edge = &full.edges[index as usize];
            let (a, b) = (edge.node_a, edge.node_b);
            let endpoint_inside =
                |n: DetectorIndex, other: Option<DetectorIndex>| inside(n).then_some((n, other));
            let (node, other) = match endpoint_inside(a, b)
                .or_else(|| b.and_then(|b| endpoint_inside(b, Some(a))))
            {
                Some(found) => found,
                None => continue,
            };
            match other {
                Some(other) if inside(other) => {
                    graph.edges.push(local_edge(
                        edge,
                        node - detectors.start,
                        Some(other - detectors.start),
                    ));
                    origin.push(index);
                }
                Some(other) => {
                    let side = if layers.layer_of[other as usize] < span.layers.start {
                        span.past
                    } else {
                        span.future
                    };
                    if side == Side::Open {
                        keep_lightest(
                            &mut boundary[(node - detectors.start) as usize],
                            edge.weight,
                            index,
                        );
                    }
                }
                None => keep_lightest(
                    &mut boundary[(node - detectors.start) as usize],
                    edge.weight,
                    index,
                ),
            }
        }
        for (local, lightest) in boundary.iter().enumerate() {
            if let Some((_, index)) = lightest {
                graph.edges.push(local_edge(
                    &full.edges[*index as usize],
                    local as DetectorIndex,
                    None,
                ));
                origin.push(*index);
            }
        }
        WindowGraph {
            span,
            detectors,
            graph,
            origin,
        }
    }
}

fn keep_lightest(slot: &mut Option<(f64, EdgeIndex)>, weight: f64, index: EdgeIndex) {
    if slot.is_none_or(|(best, _)| weight < best) {
        *slot = Some((weight, index));
    }
}

fn local_edge(edge: &GraphEdge, node_a: DetectorIndex, node_b: Option<DetectorIndex>) -> GraphEdge {
    GraphEdge {
        node_a,
        node_b,
        probability: edge.probability,
        weight: edge.weight,
        observables: edge.observables,
    }
}
