//! A window cut from a [`LayeredModel`] rather than from a whole graph, in terms relative to its
//! first detector, so that every bulk window of one span shape shares one solver: the graph of
//! a window in the bulk is the same graph shifted by whole layers.
//!
//! The window's graph is the cut ([`WindowGraph::cut`]) of the graph of the errors that touch
//! its layers, which has the edges touching the window in the whole graph's relative order
//! with the same merged probabilities, so its matching (ties included) is the whole-memory
//! window's.

use super::correlated::window_correlations;
use super::cut::{DetectorLayers, WindowGraph};
use super::plan::WindowSpan;
use crate::dem::LayeredModel;
use crate::ints::{DetectorIndex, ObservableMask};
use crate::matching::matchable::{Matchability, Unmatchable};
use crate::matching::{CorrelationTable, Matcher, MatchingDetails, MatchingGraph, Reweighter};
use crate::{Error, Result};

/// The most a shared window's path cache may hold (d = 9, c = w = 9: a layer-A window's is
/// about 19 MB).
pub const PATH_CACHE_BYTES: u64 = 32 << 20;

/// What identifies a window's graph: its span relative to its start, and where it is when it
/// is not in the bulk.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShapeKey {
    /// `None` in the bulk (every such window with this span shape is one graph shifted);
    /// otherwise the window's first layer.
    pub at: Option<u32>,
    /// Layers, commit region (relative to the first layer) and sides.
    pub length: u32,
    pub commit: (u32, u32),
    pub sides: (super::plan::Side, super::plan::Side),
}

impl ShapeKey {
    /// The key of `span` in `model`.
    pub fn of(model: &LayeredModel, span: &WindowSpan) -> ShapeKey {
        let start = span.layers.start;
        let reach = model.reach();
        // In the bulk: every layer of the widened window has the bulk's detectors, and every
        // chunk that can touch the window is the bulk pattern.
        let bulk = start > reach
            && span.layers.end + reach < model.num_layers()
            && model.is_bulk(model.chunks_touching(&span.layers));
        ShapeKey {
            at: (!bulk).then_some(start),
            length: span.layers.len() as u32,
            commit: (span.commit.start - start, span.commit.end - start),
            sides: (span.past, span.future),
        }
    }
}

/// One edge of the window as a commit needs it.
#[derive(Debug, Clone, Copy)]
pub struct ShapeEdge {
    /// The whole graph's endpoints, relative to the window's first detector (an edge that
    /// leaves through an open side keeps its far endpoint: committing it flips that one).
    pub a: i64,
    pub b: Option<i64>,
    /// Layers of its endpoints as the window sees them, relative to its first layer (`None`:
    /// the boundary side).
    pub first: u32,
    pub second: Option<u32>,
    /// Observables it flips.
    pub observables: ObservableMask,
}

/// A window's matcher and edges, shared by every window of its [`ShapeKey`].
pub struct ShapeSolver {
    matcher: Matcher,
    /// Which of the window's defects a matching can pair (components without boundary edges).
    matchability: Matchability,
    /// The first defect since [`ShapeSolver::take_unmatchable`] that a window of this shape
    /// left out, numbered as in the whole memory.
    unmatchable: Option<Unmatchable>,
    /// The second pass of correlated matching, when the decoder is correlated.
    reweighter: Option<Reweighter>,
    edges: Vec<ShapeEdge>,
    details: MatchingDetails,
    /// The current shot's events, local to the window.
    pub defects: Vec<DetectorIndex>,
}

impl ShapeSolver {
    /// Builds the solver of `span`'s window of `model`; with `cache_paths`, its matcher keeps
    /// path distances from shot to shot ([`Matcher::cache_paths`], for an engine that searches
    /// for paths after matching) when they fit in [`PATH_CACHE_BYTES`]. With `correlated`, it matches in two passes (correlated matching)
    /// with the correlations of the errors touching the window, which are those of the whole
    /// memory for every edge the window holds.
    pub fn build(
        model: &LayeredModel,
        span: &WindowSpan,
        cache_paths: bool,
        correlated: bool,
    ) -> Result<ShapeSolver> {
        let (sub, base) = model
            .errors_touching(&span.layers)
            .ok_or_else(|| Error::Model {
                reason: format!(
                "an error of the window at layers {:?} reaches beyond the layers its chunks say",
                span.layers
            ),
            })?;
        let graph = MatchingGraph::from_dem(&sub)?;
        let base_end = model.widened(&span.layers).end;
        let mut layer_of = Vec::with_capacity(sub.num_detectors as usize);
        let mut layer_starts = Vec::with_capacity((base_end - base + 1) as usize);
        for t in base..base_end {
            layer_starts.push(model.layer_start(t) - model.layer_start(base));
            let count = model.layer_start(t + 1) - model.layer_start(t);
            layer_of.extend(std::iter::repeat_n(t - base, count as usize));
        }
        layer_starts.push(sub.num_detectors);
        let layers = DetectorLayers {
            layer_of,
            layer_starts,
        };
        let shift = |range: &std::ops::Range<u32>| range.start - base..range.end - base;
        let local_span = WindowSpan {
            layers: shift(&span.layers),
            commit: shift(&span.commit),
            past: span.past,
            future: span.future,
        };
        let first_layer = local_span.layers.start;
        let window = WindowGraph::cut(&graph, &graph.adjacency(), &layers, local_span);
        let origin = window.detectors.start as i64;
        let inside = |d: DetectorIndex| window.detectors.contains(&d);
        let layer = |d: DetectorIndex| layers.layer_of[d as usize] - first_layer;
        let edges = window
            .origin
            .iter()
            .map(|&index| {
                let edge = &graph.edges[index as usize];
                let (first, second) = match edge.node_b {
                    Some(b) if inside(edge.node_a) && inside(b) => {
                        (layer(edge.node_a), Some(layer(b)))
                    }
                    Some(b) if inside(b) => (layer(b), None),
                    _ => (layer(edge.node_a), None),
                };
                ShapeEdge {
                    a: edge.node_a as i64 - origin,
                    b: edge.node_b.map(|b| b as i64 - origin),
                    first,
                    second,
                    observables: edge.observables,
                }
            })
            .collect();
        let reweighter = if correlated {
            let table = CorrelationTable::from_dem(&sub, &graph)?;
            let local = window_correlations(&window, &graph, &layers, &table);
            Some(Reweighter::new(&window.graph, std::sync::Arc::new(local)))
        } else {
            None
        };
        let mut matcher = Matcher::new(&window.graph)?;
        if cache_paths
            && Matcher::path_cache_bytes(window.graph.num_detectors as usize) <= PATH_CACHE_BYTES
        {
            matcher.cache_paths();
        }
        Ok(ShapeSolver {
            matchability: Matchability::new(&window.graph),
            unmatchable: None,
            matcher,
            reweighter,
            edges,
            details: MatchingDetails::default(),
            defects: Vec::new(),
        })
    }

    /// Remembers the first of `self.defects` that the window cannot match (the engines would
    /// leave it out silently); `origin` is the window's first detector in the whole memory.
    pub fn note_unmatchable(&mut self, origin: DetectorIndex) {
        if self.unmatchable.is_some() {
            return;
        }
        if let Err(mut found) = self.matchability.check(&self.defects) {
            found.detector += origin;
            self.unmatchable = Some(found);
        }
    }

    /// The first defect since the last call that a window of this shape could not match.
    pub fn take_unmatchable(&mut self) -> Option<Unmatchable> {
        self.unmatchable.take()
    }

    /// Matches `self.defects` and gives the matched path edges.
    pub fn match_edges(&mut self) -> impl Iterator<Item = &ShapeEdge> + '_ {
        match &mut self.reweighter {
            Some(reweighter) => {
                reweighter.decode_details(&mut self.matcher, &self.defects, &mut self.details)
            }
            None => self
                .matcher
                .decode_details(&self.defects, &mut self.details),
        }
        self.details
            .path_edges
            .iter()
            .map(|&local| &self.edges[local as usize])
    }

    /// Matches `self.defects` and gives only the observables (every edge committed).
    pub fn match_observables(&mut self) -> ObservableMask {
        use crate::matching::Decoder;
        match &mut self.reweighter {
            Some(reweighter) => reweighter.decode(&mut self.matcher, &self.defects),
            None => self.matcher.decode(&self.defects),
        }
    }
}
