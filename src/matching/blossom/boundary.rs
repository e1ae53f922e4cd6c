//! Every node's distance to the boundary, with the edge that starts its shortest path there
//! and the observables that path crosses.
//!
//! It depends on the weights only, not on the shot, so it is computed once (and again on the
//! first decode after a per-shot weight change). The searches use it twice: matching a defect
//! to the boundary costs its distance, and it bounds how far a search must look (a pair
//! (i, j) is worth considering only if it is lighter than sending both to the boundary).

use super::arena::GraphArena;
use super::queue::DistanceQueue;
use crate::ints::{EdgeIndex, ObservableMask};

/// Distance of a node with no path to the boundary.
pub const UNREACHABLE: u64 = u64::MAX;

/// The boundary distances of one weighting of the graph.
#[derive(Debug, Clone, Default)]
pub struct BoundaryField {
    /// Each node's distance to the boundary (`UNREACHABLE` if none).
    pub distance: Vec<u64>,
    /// The first edge of each node's path to the boundary.
    pub next_edge: Vec<EdgeIndex>,
    /// The observables along each node's path to the boundary.
    pub observables: Vec<ObservableMask>,
    queue: DistanceQueue,
}

impl BoundaryField {
    /// Recomputes the field for `arena`'s current weights (Dijkstra from the boundary).
    pub fn compute(&mut self, arena: &GraphArena) {
        let num_nodes = arena.num_nodes();
        self.distance.clear();
        self.distance.resize(num_nodes, UNREACHABLE);
        self.next_edge.clear();
        self.next_edge.resize(num_nodes, EdgeIndex::MAX);
        self.observables.clear();
        self.observables.resize(num_nodes, 0);
        self.queue.clear();
        for node in 0..num_nodes {
            if let Some(edge) = arena.boundary_edge[node] {
                let weight = arena.weights[edge as usize];
                self.distance[node] = weight;
                self.next_edge[node] = edge;
                self.observables[node] = arena.observables[edge as usize];
                self.queue.push(weight, node as u32);
            }
        }
        while let Some((distance, node)) = self.queue.pop() {
            if distance > self.distance[node as usize] {
                continue;
            }
            for arc in arena.arcs(node) {
                let next = distance + arena.weights[arc.edge as usize];
                if next < self.distance[arc.node as usize] {
                    self.distance[arc.node as usize] = next;
                    self.next_edge[arc.node as usize] = arc.edge;
                    self.observables[arc.node as usize] =
                        self.observables[node as usize] ^ arena.observables[arc.edge as usize];
                    self.queue.push(next, arc.node);
                }
            }
        }
    }

    /// Appends the edges of `node`'s path to the boundary, from `node`.
    pub fn append_path(&self, arena: &GraphArena, node: u32, out: &mut Vec<EdgeIndex>) {
        let mut at = node;
        loop {
            let edge = self.next_edge[at as usize];
            out.push(edge);
            match arena.endpoints[edge as usize] {
                (_, None) => return,
                (a, Some(b)) => at = if a == at { b } else { a },
            }
        }
    }
}
