//! [`Matcher`]: the one matching interface, with two engines behind it.
//!
//! [`EngineKind::Blossom`] is our own engine ([`crate::matching::blossom`], sparse blossom),
//! the default;
//! [`EngineKind::Rmatching`] wraps the crate rmatching ([`crate::matching::engine`]) and stays
//! as a cross-check: the oracle tests run both and compare weights and predictions. Both solve
//! the same integer problem ([`crate::matching::discrete`]), so their matchings have equal
//! weight; where two matchings tie they may pick different ones.

use super::blossom::BlossomMatcher;
use super::components::ObservableComponents;
use super::details::MatchingDetails;
use super::engine::RmatchingMatcher;
use super::{Decoder, MatchingGraph};
use crate::error::Error;
use crate::ints::{DetectorIndex, EdgeIndex, ObservableMask};
use crate::Result;
use std::sync::atomic::{AtomicU8, Ordering};

/// Which engine a [`Matcher`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    /// Our own engine.
    Blossom,
    /// The crate rmatching (the cross-check).
    Rmatching,
}

impl EngineKind {
    /// The engine named `name` (`blossom` or `rmatching`).
    pub fn parse(name: &str) -> Result<EngineKind> {
        match name {
            "blossom" => Ok(EngineKind::Blossom),
            "rmatching" => Ok(EngineKind::Rmatching),
            _ => Err(Error::parameter("engine", name, "blossom or rmatching")),
        }
    }

    /// The engine's name as [`EngineKind::parse`] reads it.
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Blossom => "blossom",
            EngineKind::Rmatching => "rmatching",
        }
    }
}

/// The engine [`Matcher::new`] builds: 0 = ours (the default), 1 = rmatching.
static DEFAULT_ENGINE: AtomicU8 = AtomicU8::new(0);

/// The engine [`Matcher::new`] builds: ours unless [`set_default_engine`] said otherwise.
pub fn default_engine() -> EngineKind {
    match DEFAULT_ENGINE.load(Ordering::Relaxed) {
        1 => EngineKind::Rmatching,
        _ => EngineKind::Blossom,
    }
}

/// Changes the engine [`Matcher::new`] builds, for the whole process (a benchmark switch;
/// the binary reads it from `SURFACELAB_ENGINE`).
pub fn set_default_engine(kind: EngineKind) {
    let code = match kind {
        EngineKind::Blossom => 0,
        EngineKind::Rmatching => 1,
    };
    DEFAULT_ENGINE.store(code, Ordering::Relaxed);
}

enum Engine {
    Blossom(Box<BlossomMatcher>),
    Rmatching(Box<RmatchingMatcher>),
}

/// A reusable exact minimum-weight perfect matching solver for one graph.
pub struct Matcher {
    engine: Engine,
    /// Which defects a prediction needs ([`Matcher::decode`] leaves the others out).
    components: ObservableComponents,
    /// This shot's defects that a prediction needs.
    relevant: Vec<DetectorIndex>,
}

impl Matcher {
    /// Builds the default engine's solver once; reuse it for every shot.
    pub fn new(graph: &MatchingGraph) -> Result<Matcher> {
        Matcher::with_engine(graph, default_engine())
    }

    /// Builds the solver of engine `kind`.
    pub fn with_engine(graph: &MatchingGraph, kind: EngineKind) -> Result<Matcher> {
        check_graph(graph)?;
        let engine = match kind {
            EngineKind::Blossom => Engine::Blossom(Box::new(BlossomMatcher::new(graph))),
            EngineKind::Rmatching => Engine::Rmatching(Box::new(RmatchingMatcher::new(graph))),
        };
        Ok(Matcher {
            engine,
            components: ObservableComponents::of(graph),
            relevant: Vec::new(),
        })
    }

    /// Which engine this is.
    pub fn kind(&self) -> EngineKind {
        match self.engine {
            Engine::Blossom(_) => EngineKind::Blossom,
            Engine::Rmatching(_) => EngineKind::Rmatching,
        }
    }

    /// Makes `edge` weigh `weight` for the following decodes, until
    /// [`Matcher::restore_weights`]: O(1), nothing to recompute at the next decode.
    ///
    /// The weight is discretised on the scale fixed at build: a |weight| above the graph's
    /// largest |weight| at build counts as that largest one (correlated decoding only lowers
    /// weights). Zero is allowed. A negative weight is not clamped: the edge is then handled
    /// like a negative edge at build (always in the correction, its endpoints' events
    /// toggled), at the cost of recomputing the negative edges (O(edges)) at the next decode.
    ///
    /// # Panics
    /// If `weight` is not finite or `edge` is not an edge of the graph (caller bugs).
    pub fn set_edge_weight(&mut self, edge: EdgeIndex, weight: f64) {
        match &mut self.engine {
            Engine::Blossom(engine) => engine.set_edge_weight(edge, weight),
            Engine::Rmatching(engine) => engine.set_edge_weight(edge, weight),
        }
    }

    /// Puts back every weight changed by [`Matcher::set_edge_weight`], in O(changed edges).
    pub fn restore_weights(&mut self) {
        match &mut self.engine {
            Engine::Blossom(engine) => engine.restore_weights(),
            Engine::Rmatching(engine) => engine.restore_weights(),
        }
    }

    /// From now on keeps path distances between shots, for an engine that finds a shot's
    /// paths after matching it (rmatching: a search from each matched defect, see
    /// [`crate::matching::paths`]; the paths are the same). Ours traces its paths as it
    /// matches: nothing to keep.
    pub fn cache_paths(&mut self) {
        match &mut self.engine {
            Engine::Blossom(_) => {}
            Engine::Rmatching(engine) => engine.cache_paths(),
        }
    }

    /// What [`Matcher::cache_paths`] may hold at most, for a graph of `num_detectors`, on
    /// the engine [`Matcher::new`] builds.
    pub fn path_cache_bytes(num_detectors: usize) -> u64 {
        match default_engine() {
            EngineKind::Blossom => 0,
            EngineKind::Rmatching => RmatchingMatcher::path_cache_bytes(num_detectors),
        }
    }

    /// Matches `defects` (ascending, no duplicates) and fills `out` with the prediction, the
    /// matched pairs, the edges along each matched path and the matching's weight.
    ///
    /// # Panics
    /// If a matched pair's path cannot be recovered (an engine invariant; see
    /// [`Matcher::try_decode_details`], which returns it as an error instead).
    pub fn decode_details(&mut self, defects: &[DetectorIndex], out: &mut MatchingDetails) {
        if let Err(error) = self.try_decode_details(defects, out) {
            panic!("{error}");
        }
    }

    /// [`Matcher::decode_details`], with a path that cannot be recovered (which would make
    /// the details contradict the prediction) as an error, in release builds too.
    pub fn try_decode_details(
        &mut self,
        defects: &[DetectorIndex],
        out: &mut MatchingDetails,
    ) -> Result<()> {
        match &mut self.engine {
            Engine::Blossom(engine) => engine.decode_details(defects, out),
            Engine::Rmatching(engine) => engine.decode_details(defects, out),
        }
    }

    /// The defects of the last shot that no matching could cover (odd defects in a piece
    /// without boundary, or a detector without edges), ascending; they appear in no matched
    /// pair. Always empty for rmatching, which leaves them out without saying.
    pub fn unmatched(&self) -> &[DetectorIndex] {
        match &self.engine {
            Engine::Blossom(engine) => engine.unmatched(),
            Engine::Rmatching(_) => &[],
        }
    }
}

impl Matcher {
    /// [`Decoder::decode`] on every component of the graph, also those that cannot flip an
    /// observable: the engine's own speed, for benchmarks (the prediction is the same, bar
    /// ties between matchings of equal weight).
    pub fn decode_every_component(&mut self, defects: &[DetectorIndex]) -> ObservableMask {
        match &mut self.engine {
            Engine::Blossom(engine) => engine.decode(defects),
            Engine::Rmatching(engine) => engine.decode(defects),
        }
    }

    /// Whether `edge` lies in a component that can flip an observable (a prediction never
    /// depends on the weights of the others).
    pub fn is_relevant_edge(&self, edge: EdgeIndex) -> bool {
        self.components.is_relevant_edge(edge)
    }
}

impl Decoder for Matcher {
    /// The prediction for `defects`, matching only the components of the graph that can flip
    /// an observable ([`crate::matching::components`]): the others' defects are left out,
    /// since whatever they match adds nothing to the prediction.
    fn decode(&mut self, defects: &[DetectorIndex]) -> ObservableMask {
        if self.components.all_relevant() {
            return self.decode_every_component(defects);
        }
        let mut relevant = std::mem::take(&mut self.relevant);
        self.components.keep_relevant(defects, &mut relevant);
        let observables = self.decode_every_component(&relevant);
        self.relevant = relevant;
        observables
    }
}

/// Refuses graphs the engines cannot hold.
fn check_graph(graph: &MatchingGraph) -> Result<()> {
    if let Some(edge) = graph.edges.iter().find(|edge| !edge.weight.is_finite()) {
        return Err(Error::Model {
            reason: format!(
                "edge ({}, {:?}) has weight {}; matching needs finite weights (0 < p < 1)",
                edge.node_a, edge.node_b, edge.weight
            ),
        });
    }
    if let Some(edge) = graph.edges.iter().find(|edge| {
        edge.node_a >= graph.num_detectors
            || edge
                .node_b
                .is_some_and(|b| b >= graph.num_detectors || b == edge.node_a)
    }) {
        return Err(Error::Model {
            reason: format!(
                "edge ({}, {:?}) must join two different detectors below {}",
                edge.node_a, edge.node_b, graph.num_detectors
            ),
        });
    }
    Ok(())
}
