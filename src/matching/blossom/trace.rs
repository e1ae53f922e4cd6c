//! Paths traced by the flooder itself: every compressed edge can carry the graph edges it
//! stands for, found at the collision that made it, with no search.
//!
//! Each node records the edge it was reached across (`Flood::pred`), so following those edges
//! from an occupied node leads back to its detection event, and the observables along the way
//! XOR to the node's. The chain stays whole while the node is occupied: a region's shell is a
//! stack, so every node reached from a node came later in the same shell (or in the shell of a
//! blossom holding it, which releases its own shell before its members can shrink), and is
//! released first; members of a blossom are frozen and release nothing. At a collision across
//! edge (u, v), u's chain, the edge and v's chain are the compressed edge's path. It is tight
//! then (its weight is the sum of the radii of the regions around either event, the lower
//! bound of every path between them), hence a shortest path between the two events, and it
//! stays one as the regions move on: the path is a fixed set of edges.
//!
//! Tracing is off for predictions (`Flood::trace`): they pay only the one store per claim.
//! Paths live in one arena per shot (`Flood::path_edges`); links point into it with a
//! [`PathSpan`] and are copied freely. Must not: search, or trace when not asked to.

use super::flooder::Flood;
use super::region::{Link, PathSpan, NONE};
use crate::ints::EdgeIndex;

impl Flood {
    /// The path of a collision across `edge` from occupied node `u` to occupied node `v`
    /// (`NONE`: `edge` is `u`'s boundary edge), from `u`'s event to `v`'s (or the boundary).
    /// Cold: out of the way of a prediction's collisions, which never trace.
    #[cold]
    pub fn trace_collision(&mut self, u: u32, edge: EdgeIndex, v: u32) -> PathSpan {
        let start = self.path_edges.len();
        self.push_chain(u);
        self.path_edges[start..].reverse();
        self.path_edges.push(edge);
        if v != NONE {
            self.push_chain(v);
        }
        self.span_from(start)
    }

    /// The path of `first` followed by that of `second`, which starts where `first` ends (two
    /// links joined through an event: a trivial inner region at radius 0).
    #[cold]
    pub fn join_paths(&mut self, first: Link, second: Link) -> PathSpan {
        debug_assert_eq!(first.to, second.from, "the paths meet");
        let start = self.path_edges.len();
        for link in [first, second] {
            let range = link.path.range();
            if link.path.is_backwards() {
                for i in range.rev() {
                    self.path_edges.push(self.path_edges[i]);
                }
            } else {
                self.path_edges.extend_from_within(range);
            }
        }
        self.span_from(start)
    }

    /// The edges of `link`'s path, from `link.from` to `link.to`.
    pub fn path_of(&self, link: Link) -> impl Iterator<Item = EdgeIndex> + '_ {
        let backwards = link.path.is_backwards();
        let edges = &self.path_edges[link.path.range()];
        (0..edges.len()).map(move |i| {
            if backwards {
                edges[edges.len() - 1 - i]
            } else {
                edges[i]
            }
        })
    }

    /// Appends the edges from occupied node `node` back to its detection event.
    fn push_chain(&mut self, mut node: u32) {
        loop {
            let edge = self.pred[node as usize];
            if edge == NONE {
                debug_assert_eq!(
                    self.nodes[node as usize].source, node,
                    "chain ends at its event"
                );
                return;
            }
            self.path_edges.push(edge);
            node = self
                .arena
                .other_end(edge, node)
                .expect("a node is reached across an edge between two detectors");
            debug_assert_ne!(
                self.nodes[node as usize].top, NONE,
                "chain through empty node"
            );
        }
    }

    /// The span of `path_edges[start..]`, stored forwards.
    fn span_from(&self, start: usize) -> PathSpan {
        PathSpan::forwards(start, self.path_edges.len() - start)
    }

    /// Whether `link`'s path runs from `link.from` to `link.to`, edge after edge, crossing
    /// `link.observables` (a cheap check, for release builds too: details must never
    /// contradict the prediction).
    pub fn path_is_whole(&self, link: Link) -> bool {
        let mut at = Some(link.from);
        let mut observables = 0;
        for edge in self.path_of(link) {
            let Some(node) = at else {
                return false; // went on past the boundary
            };
            let (node_a, node_b) = self.arena.ends(edge);
            at = if node_a == node {
                node_b
            } else if node_b == Some(node) {
                Some(node_a)
            } else {
                return false;
            };
            observables ^= self.arena.observables[edge as usize];
        }
        at == (link.to != NONE).then_some(link.to) && observables == link.observables
    }

    /// Debug builds: `link`'s path is whole ([`Flood::path_is_whole`]) and weighs what the
    /// regions say (tight now).
    #[inline]
    pub fn check_path(&self, link: Link) {
        #[cfg(debug_assertions)]
        {
            assert!(self.path_is_whole(link), "path of {link:?}");
            let weight: i64 = self
                .path_of(link)
                .map(|edge| self.arena.weights[edge as usize] as i64)
                .sum();
            let duals = self.radii_around(link.from) + self.radii_around(link.to);
            assert_eq!(weight, duals, "weight of {link:?} at time {}", self.now);
        }
        #[cfg(not(debug_assertions))]
        let _ = link;
    }

    /// The sum of the radii now of the regions holding detection event `event`, from its
    /// trivial region up to its top region (0 for `NONE`, the boundary).
    #[cfg(debug_assertions)]
    fn radii_around(&self, event: u32) -> i64 {
        if event == NONE {
            return 0;
        }
        let mut sum = 0;
        let mut region = self.event_region[event as usize];
        while region != NONE {
            let r = &self.regions[region as usize];
            sum += r.radius(self.now);
            region = r.blossom_parent;
        }
        sum
    }
}
