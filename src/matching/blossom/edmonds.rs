//! Exact maximum-weight matching of maximum cardinality on a small general graph: Edmonds'
//! primal-dual blossom algorithm in Galil's O(n³) form (labels S/T, blossoms as cycles of
//! sub-blossoms, four kinds of dual step).
//!
//! The engine calls it on one connected piece of a shot's defect graph at a time, so n is
//! small; what matters is that it is exact and allocates nothing once warm (every buffer is
//! kept between calls). Weights are integers; duals are kept doubled (slack = y_u + y_v − 2w)
//! so every dual step is an integer too.

/// No vertex / edge / endpoint / blossom.
const NONE: usize = usize::MAX;

/// Label of a top-level blossom or vertex in the current stage.
const FREE: u8 = 0;
const S: u8 = 1;
const T: u8 = 2;
/// Marks a blossom visited by [`Edmonds::scan_blossom`] (kept together with S).
const BREADCRUMB: u8 = 4;

/// A reusable solver. Vertices are 0..n; blossoms n..2n.
#[derive(Debug, Default)]
pub struct Edmonds {
    n: usize,
    /// Edges (u, v, weight).
    edges: Vec<(usize, usize, i64)>,
    /// Endpoint p of edge p / 2 is its u (p even) or its v (p odd).
    endpoint: Vec<usize>,
    /// `neighbor_ends[offsets[v]..offsets[v + 1]]`: the remote endpoints of v's edges.
    offsets: Vec<usize>,
    neighbor_ends: Vec<usize>,
    /// The remote endpoint of v's matched edge, or NONE.
    mate: Vec<usize>,
    label: Vec<u8>,
    label_end: Vec<usize>,
    in_blossom: Vec<usize>,
    blossom_parent: Vec<usize>,
    blossom_children: Vec<Vec<usize>>,
    blossom_base: Vec<usize>,
    blossom_ends: Vec<Vec<usize>>,
    best_edge: Vec<usize>,
    /// Least-slack edges from a blossom to every other S-blossom, if computed.
    blossom_best_edges: Vec<Option<Vec<usize>>>,
    unused_blossoms: Vec<usize>,
    dual: Vec<i64>,
    allowed: Vec<bool>,
    queue: Vec<usize>,
    /// Scratch: leaves of a blossom, a path of blossoms, best edge towards each blossom.
    leaves: Vec<usize>,
    leaf_stack: Vec<usize>,
    path: Vec<usize>,
    best_edge_to: Vec<usize>,
    spare_lists: Vec<Vec<usize>>,
}

impl Edmonds {
    /// Starts a graph of `n` vertices and no edges.
    pub fn reset(&mut self, n: usize) {
        self.n = n;
        self.edges.clear();
    }

    /// Adds edge (u, v) of weight `weight` (u ≠ v; at most one edge per pair).
    pub fn add_edge(&mut self, u: usize, v: usize, weight: i64) {
        debug_assert!(u != v && u < self.n && v < self.n);
        self.edges.push((u, v, weight));
    }

    /// Solves; afterwards [`Edmonds::mate_of`] gives each vertex's partner. The matching has
    /// maximum cardinality and, among those, maximum weight.
    pub fn solve(&mut self) {
        self.prepare();
        let n = self.n;
        for _stage in 0..n {
            self.label.iter_mut().for_each(|l| *l = FREE);
            self.best_edge.iter_mut().for_each(|e| *e = NONE);
            for b in n..2 * n {
                self.release_best_edges(b);
            }
            self.allowed.iter_mut().for_each(|a| *a = false);
            self.queue.clear();
            for v in 0..n {
                if self.mate[v] == NONE && self.label[self.in_blossom[v]] == FREE {
                    self.assign_label(v, S, NONE);
                }
            }
            if !self.run_stage() {
                break;
            }
            for b in n..2 * n {
                if self.blossom_parent[b] == NONE
                    && self.blossom_base[b] != NONE
                    && self.label[b] == S
                    && self.dual[b] == 0
                {
                    self.expand_blossom(b, true);
                }
            }
        }
    }

    /// The vertex matched to `v`, if any.
    pub fn mate_of(&self, v: usize) -> Option<usize> {
        let end = self.mate[v];
        (end != NONE).then(|| self.endpoint[end])
    }

    fn prepare(&mut self) {
        let n = self.n;
        let max_weight = self.edges.iter().map(|e| e.2).max().unwrap_or(0).max(0);
        self.endpoint.clear();
        for &(u, v, _) in &self.edges {
            self.endpoint.push(u);
            self.endpoint.push(v);
        }
        self.offsets.clear();
        self.offsets.resize(n + 1, 0);
        for &(u, v, _) in &self.edges {
            self.offsets[u + 1] += 1;
            self.offsets[v + 1] += 1;
        }
        for v in 0..n {
            self.offsets[v + 1] += self.offsets[v];
        }
        self.neighbor_ends.clear();
        self.neighbor_ends.resize(self.offsets[n], NONE);
        self.leaves.clear();
        self.leaves.extend_from_slice(&self.offsets[..n]); // fill cursors
        for (k, &(u, v, _)) in self.edges.iter().enumerate() {
            self.neighbor_ends[self.leaves[u]] = 2 * k + 1;
            self.leaves[u] += 1;
            self.neighbor_ends[self.leaves[v]] = 2 * k;
            self.leaves[v] += 1;
        }
        self.leaves.clear();
        let reset = |vec: &mut Vec<usize>, len: usize| {
            vec.clear();
            vec.resize(len, NONE);
        };
        reset(&mut self.mate, n);
        self.label.clear();
        self.label.resize(2 * n, FREE);
        reset(&mut self.label_end, 2 * n);
        self.in_blossom.clear();
        self.in_blossom.extend(0..n);
        reset(&mut self.blossom_parent, 2 * n);
        if self.blossom_children.len() < 2 * n {
            self.blossom_children.resize_with(2 * n, Vec::new);
            self.blossom_ends.resize_with(2 * n, Vec::new);
        }
        for b in 0..2 * n {
            self.blossom_children[b].clear();
            self.blossom_ends[b].clear();
        }
        self.blossom_base.clear();
        self.blossom_base.extend(0..n);
        self.blossom_base.resize(2 * n, NONE);
        reset(&mut self.best_edge, 2 * n);
        for b in 0..self.blossom_best_edges.len() {
            self.release_best_edges(b);
        }
        self.blossom_best_edges.resize_with(2 * n, || None);
        self.unused_blossoms.clear();
        self.unused_blossoms.extend((n..2 * n).rev());
        self.dual.clear();
        self.dual.resize(n, max_weight);
        self.dual.resize(2 * n, 0);
        self.allowed.clear();
        self.allowed.resize(self.edges.len(), false);
        reset(&mut self.best_edge_to, 2 * n);
    }

    fn release_best_edges(&mut self, b: usize) {
        if let Some(mut list) = self.blossom_best_edges[b].take() {
            list.clear();
            self.spare_lists.push(list);
        }
    }

    fn slack(&self, k: usize) -> i64 {
        let (u, v, w) = self.edges[k];
        self.dual[u] + self.dual[v] - 2 * w
    }

    /// Puts the vertices of blossom `b` into `self.leaves` (after what is there).
    fn collect_leaves(&mut self, b: usize) {
        self.leaf_stack.push(b);
        while let Some(top) = self.leaf_stack.pop() {
            if top < self.n {
                self.leaves.push(top);
            } else {
                self.leaf_stack
                    .extend(self.blossom_children[top].iter().rev().copied());
            }
        }
    }

    fn assign_label(&mut self, mut w: usize, mut t: u8, mut p: usize) {
        loop {
            let b = self.in_blossom[w];
            self.label[w] = t;
            self.label[b] = t;
            self.label_end[w] = p;
            self.label_end[b] = p;
            self.best_edge[w] = NONE;
            self.best_edge[b] = NONE;
            if t == S {
                self.leaves.clear();
                self.collect_leaves(b);
                self.queue.extend_from_slice(&self.leaves);
                return;
            }
            let base = self.blossom_base[b];
            let mate = self.mate[base];
            w = self.endpoint[mate];
            t = S;
            p = mate ^ 1;
        }
    }

    /// Traces back from v and w to find a common base (a new blossom) or NONE (an augmenting
    /// path).
    fn scan_blossom(&mut self, mut v: usize, mut w: usize) -> usize {
        self.path.clear();
        let mut base = NONE;
        while v != NONE || w != NONE {
            let mut b = self.in_blossom[v];
            if self.label[b] & BREADCRUMB != 0 {
                base = self.blossom_base[b];
                break;
            }
            self.path.push(b);
            self.label[b] = S | BREADCRUMB;
            if self.label_end[b] == NONE {
                v = NONE;
            } else {
                v = self.endpoint[self.label_end[b]];
                b = self.in_blossom[v];
                v = self.endpoint[self.label_end[b]];
            }
            if w != NONE {
                std::mem::swap(&mut v, &mut w);
            }
        }
        for &b in &self.path {
            self.label[b] = S;
        }
        base
    }

    fn add_blossom(&mut self, base: usize, k: usize) {
        let (mut v, mut w, _) = self.edges[k];
        let bb = self.in_blossom[base];
        let mut bv = self.in_blossom[v];
        let mut bw = self.in_blossom[w];
        let b = self
            .unused_blossoms
            .pop()
            .expect("at most n blossoms at once");
        self.blossom_base[b] = base;
        self.blossom_parent[b] = NONE;
        self.blossom_parent[bb] = b;
        let mut children = std::mem::take(&mut self.blossom_children[b]);
        let mut ends = std::mem::take(&mut self.blossom_ends[b]);
        children.clear();
        ends.clear();
        while bv != bb {
            self.blossom_parent[bv] = b;
            children.push(bv);
            ends.push(self.label_end[bv]);
            v = self.endpoint[self.label_end[bv]];
            bv = self.in_blossom[v];
        }
        children.push(bb);
        children.reverse();
        ends.reverse();
        ends.push(2 * k);
        while bw != bb {
            self.blossom_parent[bw] = b;
            children.push(bw);
            ends.push(self.label_end[bw] ^ 1);
            w = self.endpoint[self.label_end[bw]];
            bw = self.in_blossom[w];
        }
        self.label[b] = S;
        self.label_end[b] = self.label_end[bb];
        self.dual[b] = 0;
        self.leaves.clear();
        self.collect_leaves_of_children(&children);
        for i in 0..self.leaves.len() {
            let leaf = self.leaves[i];
            if self.label[self.in_blossom[leaf]] == T {
                self.queue.push(leaf);
            }
            self.in_blossom[leaf] = b;
        }
        self.compute_best_edges(b, &children);
        self.blossom_children[b] = children;
        self.blossom_ends[b] = ends;
    }

    fn collect_leaves_of_children(&mut self, children: &[usize]) {
        for &child in children {
            self.collect_leaves(child);
        }
    }

    /// The least-slack edge from new blossom `b` to every other S-blossom.
    fn compute_best_edges(&mut self, b: usize, children: &[usize]) {
        for &child in children {
            let candidates = match self.blossom_best_edges[child].take() {
                Some(list) => list,
                None => {
                    let mut list = self.spare_lists.pop().unwrap_or_default();
                    self.leaves.clear();
                    self.collect_leaves(child);
                    for &leaf in &self.leaves {
                        for &p in &self.neighbor_ends[self.offsets[leaf]..self.offsets[leaf + 1]] {
                            list.push(p / 2);
                        }
                    }
                    list
                }
            };
            for &k in &candidates {
                let (mut i, mut j, _) = self.edges[k];
                if self.in_blossom[j] == b {
                    std::mem::swap(&mut i, &mut j);
                }
                let _ = i;
                let bj = self.in_blossom[j];
                if bj != b
                    && self.label[bj] == S
                    && (self.best_edge_to[bj] == NONE
                        || self.slack(k) < self.slack(self.best_edge_to[bj]))
                {
                    self.best_edge_to[bj] = k;
                }
            }
            let mut candidates = candidates;
            candidates.clear();
            self.spare_lists.push(candidates);
            self.best_edge[child] = NONE;
        }
        let mut list = self.spare_lists.pop().unwrap_or_default();
        for slot in 0..self.best_edge_to.len() {
            let k = self.best_edge_to[slot];
            if k != NONE {
                list.push(k);
                self.best_edge_to[slot] = NONE;
            }
        }
        self.best_edge[b] = NONE;
        for &k in &list {
            if self.best_edge[b] == NONE || self.slack(k) < self.slack(self.best_edge[b]) {
                self.best_edge[b] = k;
            }
        }
        self.blossom_best_edges[b] = Some(list);
    }

    fn expand_blossom(&mut self, b: usize, end_stage: bool) {
        let children = std::mem::take(&mut self.blossom_children[b]);
        for &s in &children {
            self.blossom_parent[s] = NONE;
            if s < self.n {
                self.in_blossom[s] = s;
            } else if end_stage && self.dual[s] == 0 {
                self.expand_blossom(s, end_stage);
            } else {
                self.leaves.clear();
                self.collect_leaves(s);
                for i in 0..self.leaves.len() {
                    let leaf = self.leaves[i];
                    self.in_blossom[leaf] = s;
                }
            }
        }
        if !end_stage && self.label[b] == T {
            self.relabel_expanded(b, &children);
        }
        let mut children = children;
        children.clear();
        self.blossom_children[b] = children;
        self.blossom_ends[b].clear();
        self.label[b] = FREE;
        self.label_end[b] = NONE;
        self.blossom_base[b] = NONE;
        self.release_best_edges(b);
        self.best_edge[b] = NONE;
        self.unused_blossoms.push(b);
    }

    /// After expanding T-blossom `b` mid-stage: relabels its children along the even path
    /// from the entry child to the base, and the rest that reach a T vertex.
    fn relabel_expanded(&mut self, b: usize, children: &[usize]) {
        let len = children.len() as isize;
        let at = |j: isize| children[j.rem_euclid(len) as usize];
        let end_at = |ends: &Vec<usize>, j: isize| ends[j.rem_euclid(len) as usize];
        let entry_child = self.in_blossom[self.endpoint[self.label_end[b] ^ 1]];
        let mut j = children
            .iter()
            .position(|&c| c == entry_child)
            .expect("the entry child is a child") as isize;
        let (step, trick): (isize, usize) = if j & 1 == 1 {
            j -= len;
            (1, 0)
        } else {
            (-1, 1)
        };
        let mut p = self.label_end[b];
        let ends = std::mem::take(&mut self.blossom_ends[b]);
        while j != 0 {
            let inner = end_at(&ends, j - trick as isize) ^ trick ^ 1;
            self.label[self.endpoint[p ^ 1]] = FREE;
            self.label[self.endpoint[inner]] = FREE;
            self.assign_label(self.endpoint[p ^ 1], T, p);
            self.allowed[end_at(&ends, j - trick as isize) / 2] = true;
            j += step;
            p = end_at(&ends, j - trick as isize) ^ trick;
            self.allowed[p / 2] = true;
            j += step;
        }
        let bv = at(j);
        let w = self.endpoint[p ^ 1];
        self.label[w] = T;
        self.label[bv] = T;
        self.label_end[w] = p;
        self.label_end[bv] = p;
        self.best_edge[bv] = NONE;
        j += step;
        while at(j) != entry_child {
            let bv = at(j);
            if self.label[bv] == S {
                j += step;
                continue;
            }
            self.leaves.clear();
            self.collect_leaves(bv);
            let labelled = self.leaves.iter().copied().find(|&v| self.label[v] != FREE);
            if let Some(v) = labelled {
                debug_assert!(self.label[v] == T && self.in_blossom[v] == bv);
                self.label[v] = FREE;
                let mate_end = self.mate[self.blossom_base[bv]];
                self.label[self.endpoint[mate_end]] = FREE;
                self.assign_label(v, T, self.label_end[v]);
            }
            j += step;
        }
        self.blossom_ends[b] = ends;
    }

    /// Swaps matched and unmatched edges along the path inside blossom `b` from vertex `v` to
    /// its base, and rotates the blossom so that v's child becomes the base.
    fn augment_blossom(&mut self, b: usize, v: usize) {
        let mut t = v;
        while self.blossom_parent[t] != b {
            t = self.blossom_parent[t];
        }
        if t >= self.n {
            self.augment_blossom(t, v);
        }
        let len = self.blossom_children[b].len() as isize;
        let i = self.blossom_children[b]
            .iter()
            .position(|&c| c == t)
            .expect("t is a child of b") as isize;
        let mut j = i;
        let (step, trick): (isize, usize) = if i & 1 == 1 {
            j -= len;
            (1, 0)
        } else {
            (-1, 1)
        };
        while j != 0 {
            j += step;
            let t = self.blossom_children[b][j.rem_euclid(len) as usize];
            let p = self.blossom_ends[b][(j - trick as isize).rem_euclid(len) as usize] ^ trick;
            if t >= self.n {
                self.augment_blossom(t, self.endpoint[p]);
            }
            j += step;
            let t = self.blossom_children[b][j.rem_euclid(len) as usize];
            if t >= self.n {
                self.augment_blossom(t, self.endpoint[p ^ 1]);
            }
            self.mate[self.endpoint[p]] = p ^ 1;
            self.mate[self.endpoint[p ^ 1]] = p;
        }
        self.blossom_children[b].rotate_left(i as usize);
        self.blossom_ends[b].rotate_left(i as usize);
        self.blossom_base[b] = self.blossom_base[self.blossom_children[b][0]];
    }

    fn augment_matching(&mut self, k: usize) {
        let (v, w, _) = self.edges[k];
        for (mut s, mut p) in [(v, 2 * k + 1), (w, 2 * k)] {
            loop {
                let bs = self.in_blossom[s];
                if bs >= self.n {
                    self.augment_blossom(bs, s);
                }
                self.mate[s] = p;
                if self.label_end[bs] == NONE {
                    break;
                }
                let t = self.endpoint[self.label_end[bs]];
                let bt = self.in_blossom[t];
                s = self.endpoint[self.label_end[bt]];
                let j = self.endpoint[self.label_end[bt] ^ 1];
                if bt >= self.n {
                    self.augment_blossom(bt, j);
                }
                self.mate[j] = self.label_end[bt];
                p = self.label_end[bt] ^ 1;
            }
        }
    }

    /// One stage: grows trees and changes duals until an augmentation (true) or until no
    /// augmenting path is left (false).
    fn run_stage(&mut self) -> bool {
        loop {
            if self.scan_queue() {
                return true;
            }
            match self.dual_step() {
                DualStep::Done => return false,
                DualStep::Continue => {}
            }
        }
    }

    /// Scans the queued S vertices' edges; true if it augmented.
    fn scan_queue(&mut self) -> bool {
        while let Some(v) = self.queue.pop() {
            for index in self.offsets[v]..self.offsets[v + 1] {
                let p = self.neighbor_ends[index];
                let k = p / 2;
                let w = self.endpoint[p];
                let (bv, bw) = (self.in_blossom[v], self.in_blossom[w]);
                if bv == bw {
                    continue;
                }
                let mut slack = 0;
                if !self.allowed[k] {
                    slack = self.slack(k);
                    if slack <= 0 {
                        self.allowed[k] = true;
                    }
                }
                if self.allowed[k] {
                    if self.label[bw] == FREE {
                        self.assign_label(w, T, p ^ 1);
                    } else if self.label[bw] == S {
                        let base = self.scan_blossom(v, w);
                        if base != NONE {
                            self.add_blossom(base, k);
                        } else {
                            self.augment_matching(k);
                            return true;
                        }
                    } else if self.label[w] == FREE {
                        self.label[w] = T;
                        self.label_end[w] = p ^ 1;
                    }
                } else if self.label[bw] == S {
                    if self.best_edge[bv] == NONE || slack < self.slack(self.best_edge[bv]) {
                        self.best_edge[bv] = k;
                    }
                } else if self.label[w] == FREE
                    && (self.best_edge[w] == NONE || slack < self.slack(self.best_edge[w]))
                {
                    self.best_edge[w] = k;
                }
            }
        }
        false
    }

    /// The largest dual change that keeps every slack non-negative, then applies what it
    /// unlocks.
    fn dual_step(&mut self) -> DualStep {
        let n = self.n;
        let mut delta: Option<(i64, Step)> = None;
        let consider = |d: i64, step: Step, delta: &mut Option<(i64, Step)>| {
            if delta.is_none_or(|(best, _)| d < best) {
                *delta = Some((d, step));
            }
        };
        for v in 0..n {
            if self.label[self.in_blossom[v]] == FREE && self.best_edge[v] != NONE {
                let d = self.slack(self.best_edge[v]);
                consider(d, Step::Grow(self.best_edge[v]), &mut delta);
            }
        }
        for b in 0..2 * n {
            if self.blossom_parent[b] == NONE && self.label[b] == S && self.best_edge[b] != NONE {
                let slack = self.slack(self.best_edge[b]);
                debug_assert!(slack % 2 == 0, "S-S slacks are even with doubled duals");
                consider(slack / 2, Step::Join(self.best_edge[b]), &mut delta);
            }
        }
        for b in n..2 * n {
            if self.blossom_base[b] != NONE && self.blossom_parent[b] == NONE && self.label[b] == T
            {
                consider(self.dual[b], Step::Expand(b), &mut delta);
            }
        }
        let (delta, step) = delta.unwrap_or_else(|| {
            let min_dual = self.dual[..n].iter().copied().min().unwrap_or(0);
            (min_dual.max(0), Step::Stop)
        });
        for v in 0..n {
            match self.label[self.in_blossom[v]] {
                S => self.dual[v] -= delta,
                T => self.dual[v] += delta,
                _ => {}
            }
        }
        for b in n..2 * n {
            if self.blossom_base[b] != NONE && self.blossom_parent[b] == NONE {
                match self.label[b] {
                    S => self.dual[b] += delta,
                    T => self.dual[b] -= delta,
                    _ => {}
                }
            }
        }
        match step {
            Step::Stop => return DualStep::Done,
            Step::Grow(k) => {
                self.allowed[k] = true;
                let (mut i, j, _) = self.edges[k];
                if self.label[self.in_blossom[i]] == FREE {
                    i = j;
                }
                self.queue.push(i);
            }
            Step::Join(k) => {
                self.allowed[k] = true;
                self.queue.push(self.edges[k].0);
            }
            Step::Expand(b) => self.expand_blossom(b, false),
        }
        DualStep::Continue
    }
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Stop,
    Grow(usize),
    Join(usize),
    Expand(usize),
}

enum DualStep {
    Done,
    Continue,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: the best (cardinality, weight) over all matchings.
    fn brute(edges: &[(usize, usize, i64)]) -> (usize, i64) {
        fn go(
            used: u32,
            from: usize,
            edges: &[(usize, usize, i64)],
            count: usize,
            weight: i64,
            best: &mut (usize, i64),
        ) {
            if (count, weight) > *best {
                *best = (count, weight);
            }
            for (k, &(u, v, w)) in edges.iter().enumerate().skip(from) {
                if used >> u & 1 == 0 && used >> v & 1 == 0 {
                    go(
                        used | 1 << u | 1 << v,
                        k + 1,
                        edges,
                        count + 1,
                        weight + w,
                        best,
                    );
                }
            }
        }
        let mut best = (0, 0);
        go(0, 0, edges, 0, 0, &mut best);
        best
    }

    #[test]
    fn random_graphs_match_brute_force() {
        let mut state = 12345u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut solver = Edmonds::default();
        for _ in 0..3000 {
            let n = 2 + (next() % 9) as usize;
            let mut edges = Vec::new();
            for u in 0..n {
                for v in u + 1..n {
                    if next() % 100 < 45 {
                        edges.push((u, v, (next() % 20) as i64 + 1));
                    }
                }
            }
            solver.reset(n);
            for &(u, v, w) in &edges {
                solver.add_edge(u, v, w);
            }
            solver.solve();
            let mut count = 0;
            let mut weight = 0;
            for &(u, v, w) in &edges {
                if solver.mate_of(u) == Some(v) {
                    assert_eq!(solver.mate_of(v), Some(u));
                    count += 1;
                    weight += w;
                }
            }
            assert_eq!((count, weight), brute(&edges), "{n} {edges:?}");
        }
    }
}
