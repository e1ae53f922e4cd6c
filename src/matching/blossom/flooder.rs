//! The flooder: regions growing and shrinking over the detector graph in integer time, and the
//! events that follow (a region reaches an empty node, touches another region or the
//! boundary, releases a node as it shrinks, or shrinks to nothing).
//!
//! Every node records the top region (blossom) holding it now (the region that reached it
//! keeps it in its shell), the detection event it was reached from, and the observables crossed on the way. Its
//! coverage — how far its region's ball reaches past it — is `radius(top) + offset`, so a
//! collision across edge (u, v) happens when `coverage(u) + coverage(v) = weight` and yields
//! the compressed edge (source(u), source(v), observables(u) ^ edge ^ observables(v)) with
//! no path search. Each node also records the edge it was reached across, so that, when
//! details are asked for, the collision traces the compressed edge's path back to both events
//! ([`super::trace`]).
//!
//! Nodes of growing and frozen regions look at their edges (shrinking ones never touch
//! anything); a node is looked at again whenever something it could see changes (it was
//! reached, a neighbour was released, its region's slope or top changed). Events carry stamps, so rescheduling never has to find the old entry.

use super::arena::GraphArena;
use super::queue::{EventQueue, Subject};
use super::region::{Link, PathSpan, Region, NONE};
use crate::ints::{EdgeIndex, ObservableMask};

/// What a node's next event is about: one of its arcs (by index), or its boundary edge.
const BOUNDARY_ARC: usize = usize::MAX;

/// What the flooder knows of a node, packed so that a scan reads one cell per neighbour.
#[derive(Debug, Clone, Copy)]
pub struct NodeCell {
    /// The top region holding the node (`NONE` = empty); the region that reached it has it in
    /// its shell.
    pub top: u32,
    /// The detection event it was reached from.
    pub source: u32,
    /// Coverage offset: how far the node's region reaches past it is `radius(top) + offset`.
    pub offset: i64,
}

impl NodeCell {
    const EMPTY: NodeCell = NodeCell {
        top: NONE,
        source: NONE,
        offset: 0,
    };
}

/// The whole state of one shot's matching, kept and reused between shots.
pub struct Flood {
    pub arena: GraphArena,
    pub regions: Vec<Region>,
    /// Regions in use this shot (`regions[..num_regions]`).
    pub num_regions: u32,
    /// Per node: what the scans read (see [`NodeCell`]) and the observables from its event.
    pub nodes: Vec<NodeCell>,
    pub observables: Vec<ObservableMask>,
    /// Per node: the edge it was reached across (`NONE` for an event); kept apart from
    /// [`NodeCell`], which the scans read, and read only to trace paths ([`super::trace`]).
    pub pred: Vec<EdgeIndex>,
    /// Whether collisions trace their paths into `path_edges` (for details only).
    pub trace: bool,
    /// This shot's traced paths, which links' [`PathSpan`]s point into.
    pub path_edges: Vec<EdgeIndex>,
    /// Arcs a scan found reached (scratch).
    claims: Vec<usize>,
    /// Per node: counts reschedulings (older queue entries are stale).
    pub stamp: Vec<u32>,
    /// Per node: whether `touched` lists it.
    seen: Vec<bool>,
    /// Nodes reached this shot, to reset.
    touched: Vec<u32>,
    /// Per node: the trivial region of its detection event (valid for this shot's events).
    pub event_region: Vec<u32>,
    pub queue: EventQueue,
    pub now: i64,
    /// Scratch stacks for walks over regions.
    pub stack: Vec<u32>,
    pub path_a: Vec<u32>,
    pub path_b: Vec<u32>,
    /// The shot's result: matched pairs of events as links (`to` = `NONE`: the boundary),
    /// and the events left unmatched.
    pub pairs: Vec<Link>,
    pub unmatched: Vec<u32>,
}

impl Flood {
    /// An idle flooder over `arena`.
    pub fn new(arena: GraphArena) -> Self {
        let n = arena.num_nodes();
        Flood {
            arena,
            regions: Vec::new(),
            num_regions: 0,
            nodes: vec![NodeCell::EMPTY; n],
            claims: Vec::new(),
            observables: vec![0; n],
            pred: vec![NONE; n],
            trace: false,
            path_edges: Vec::new(),
            stamp: vec![0; n],
            seen: vec![false; n],
            touched: Vec::new(),
            event_region: vec![NONE; n],
            queue: EventQueue::default(),
            now: 0,
            stack: Vec::new(),
            path_a: Vec::new(),
            path_b: Vec::new(),
            pairs: Vec::new(),
            unmatched: Vec::new(),
        }
    }

    /// Matches the detection events `events` (distinct nodes): fills `pairs` and `unmatched`.
    pub fn solve(&mut self, events: &[u32]) {
        self.reset();
        for &event in events {
            let region = self.new_region(event);
            self.event_region[event as usize] = region;
            self.regions[region as usize].shell.push(event);
            self.occupy(event, region, event, 0, 0, NONE);
        }
        for &event in events {
            self.schedule(event);
        }
        while let Some(event) = self.queue.pop() {
            self.now = event.time;
            match event.subject {
                Subject::Node(node) => {
                    if self.stamp[node as usize] == event.stamp {
                        self.look_at(node);
                    }
                }
                Subject::Region(region) => {
                    if self.regions[region as usize].stamp == event.stamp {
                        self.shrink(region);
                    }
                }
            }
        }
        self.extract();
    }

    /// Forgets the previous shot, touching only what it touched.
    fn reset(&mut self) {
        for &node in &self.touched {
            let node = node as usize;
            self.nodes[node].top = NONE;
            self.seen[node] = false;
        }
        self.touched.clear();
        self.num_regions = 0;
        self.now = 0;
        self.queue.clear();
        self.pairs.clear();
        self.unmatched.clear();
        self.path_edges.clear();
    }

    /// A fresh trivial region (`source` = its event) or blossom (`source` = `NONE`), growing
    /// from radius 0 now.
    pub fn new_region(&mut self, source: u32) -> u32 {
        let index = self.num_regions;
        if index as usize == self.regions.len() {
            self.regions.push(Region::default());
        }
        self.regions[index as usize].reset(source, self.now);
        self.num_regions += 1;
        index
    }

    /// Records that `region` (a top region) holds `node`, reached from `source` across edge
    /// `pred` (`NONE` for the event itself).
    #[inline]
    fn occupy(
        &mut self,
        node: u32,
        region: u32,
        source: u32,
        offset: i64,
        obs: ObservableMask,
        pred: EdgeIndex,
    ) {
        let n = node as usize;
        self.nodes[n] = NodeCell {
            top: region,
            source,
            offset,
        };
        self.observables[n] = obs;
        self.pred[n] = pred;
        if !self.seen[n] {
            self.seen[n] = true;
            self.touched.push(node);
        }
    }

    /// The next event across `node`'s edges: (time, arc or `BOUNDARY_ARC`), `i64::MAX` if
    /// none. A growing region's node may reach an empty neighbour, the boundary, or a region
    /// not shrinking; a frozen region's node may be reached by a growing one. With `CLAIM`,
    /// empty neighbours reached by `now` or earlier are claimed on the way.
    ///
    /// The three cases are separate loops (shrinking regions look at nothing), so each loop
    /// keeps only what it needs live: the browser's wasm compiler spills registers more
    /// readily than LLVM does natively.
    #[inline]
    fn scan<const CLAIM: bool>(&mut self, node: u32) -> (i64, usize) {
        let cell = self.nodes[node as usize];
        let region = &self.regions[cell.top as usize];
        // coverage(node) at time t = base + slope · t.
        let base = region.a + cell.offset;
        match region.slope {
            1 => self.scan_growing::<CLAIM>(node, cell, base),
            0 => self.scan_frozen(node, cell.top, base),
            _ => (i64::MAX, 0),
        }
    }

    /// [`Flood::scan`] for a node of a frozen region: only growing regions can reach it.
    fn scan_frozen(&self, node: u32, top: u32, base: i64) -> (i64, usize) {
        let mut best = (i64::MAX, 0);
        let (first, arcs) = self.arena.arcs_of(node);
        for (index, arc) in arcs.iter().enumerate() {
            let other_cell = &self.nodes[arc.node as usize];
            let other_top = other_cell.top;
            if other_top == NONE || other_top == top {
                continue;
            }
            let other = &self.regions[other_top as usize];
            if other.slope != 1 {
                continue;
            }
            let time = arc.weight as i64 - base - other.a - other_cell.offset;
            if time < best.0 {
                best = (time, first + index);
            }
        }
        best
    }

    /// [`Flood::scan`] for a node of a growing region, claiming empty neighbours with `CLAIM`.
    fn scan_growing<const CLAIM: bool>(
        &mut self,
        node: u32,
        cell: NodeCell,
        base: i64,
    ) -> (i64, usize) {
        let n = node as usize;
        let top = cell.top;
        let now = self.now;
        let mut best = (i64::MAX, 0);
        let mut claims = std::mem::take(&mut self.claims);
        claims.clear();
        let (first, arcs) = self.arena.arcs_of(node);
        for (index, arc) in arcs.iter().enumerate() {
            let weight = arc.weight as i64;
            let other_cell = &self.nodes[arc.node as usize];
            let other_top = other_cell.top;
            let time = if other_top == NONE {
                let time = weight - base;
                if CLAIM && time <= now {
                    claims.push(first + index);
                    continue;
                }
                time
            } else {
                if other_top == top {
                    continue;
                }
                let other = &self.regions[other_top as usize];
                let gap = weight - base - other.a - other_cell.offset;
                match other.slope {
                    0 => gap,
                    1 => {
                        debug_assert!(gap <= 2 * now || gap % 2 == 0, "half-integer time");
                        gap >> 1
                    }
                    _ => continue,
                }
            };
            if time < best.0 {
                best = (time, first + index);
            }
        }
        if let Some(edge) = self.arena.boundary_edge[n] {
            let time = self.arena.weights[edge as usize] as i64 - base;
            if time < best.0 {
                best = (time, BOUNDARY_ARC);
            }
        }
        for &index in &claims {
            let arc = self.arena.arc(index);
            let obs = self.observables[n] ^ self.arena.observables[arc.edge as usize];
            let offset = cell.offset - arc.weight as i64;
            self.occupy(arc.node, top, cell.source, offset, obs, arc.edge);
            self.regions[top as usize].shell.push(arc.node);
            self.schedule(arc.node);
        }
        self.claims = claims;
        best
    }

    /// Schedules `node`'s next event (dropping any pending one).
    #[inline]
    pub fn schedule(&mut self, node: u32) {
        let (time, _) = self.scan::<false>(node);
        self.push_node(node, time);
    }

    /// Queues `node`'s event at `time` (none for `i64::MAX`), dropping any pending one.
    #[inline]
    fn push_node(&mut self, node: u32, time: i64) {
        let n = node as usize;
        self.stamp[n] = self.stamp[n].wrapping_add(1);
        if time != i64::MAX {
            self.queue
                .push(time.max(self.now), Subject::Node(node), self.stamp[n]);
        }
    }

    /// A node's event is due: claim the empty neighbours reached by now, meet what it
    /// touches now, and schedule what comes next.
    fn look_at(&mut self, node: u32) {
        let n = node as usize;
        let (time, what) = self.scan::<true>(node);
        if time > self.now {
            self.push_node(node, time);
            return;
        }
        let top = self.nodes[n].top;
        if what == BOUNDARY_ARC {
            let edge = self.arena.boundary_edge[n].expect("boundary edge");
            let link = self.collision_link(node, edge, NONE);
            self.hit_boundary(top, link);
        } else {
            let arc = self.arena.arc(what);
            let link = self.collision_link(node, arc.edge, arc.node);
            let other = self.nodes[arc.node as usize].top;
            if self.regions[top as usize].slope == 1 {
                self.collide(top, other, link);
            } else {
                self.collide(other, top, link.reversed());
            }
        }
        self.schedule(node);
    }

    /// The compressed edge of `node`'s collision across `edge` with node `far` (`NONE`: the
    /// boundary), from `node`'s event, its path traced when the flooder traces.
    #[inline]
    fn collision_link(&mut self, node: u32, edge: EdgeIndex, far: u32) -> Link {
        let n = node as usize;
        let (to, far_observables) = match far {
            NONE => (NONE, 0),
            far => (
                self.nodes[far as usize].source,
                self.observables[far as usize],
            ),
        };
        let mut link = Link {
            from: self.nodes[n].source,
            to,
            observables: self.observables[n]
                ^ self.arena.observables[edge as usize]
                ^ far_observables,
            path: PathSpan::EMPTY,
        };
        if self.trace {
            link.path = self.trace_collision(node, edge, far);
            self.check_path(link);
        }
        link
    }

    /// When shrinking `region` next releases a node or reaches radius 0.
    pub fn schedule_shrink(&mut self, region: u32) {
        let r = &mut self.regions[region as usize];
        r.stamp = r.stamp.wrapping_add(1);
        let mut time = r.a;
        if r.releasable() > 0 {
            let last = *r.shell.last().expect("shell") as usize;
            time = time.min(r.a + self.nodes[last].offset);
        }
        let stamp = r.stamp;
        self.queue
            .push(time.max(self.now), Subject::Region(region), stamp);
    }

    /// A shrinking region's event is due: release its outermost node, or shatter at 0.
    fn shrink(&mut self, region: u32) {
        let r = &self.regions[region as usize];
        if r.slope != -1 {
            return;
        }
        if r.releasable() > 0 {
            let last = *r.shell.last().expect("shell");
            if r.a + self.nodes[last as usize].offset <= self.now {
                self.regions[region as usize].shell.pop();
                self.release(last);
                self.schedule_shrink(region);
                return;
            }
        }
        if r.radius(self.now) <= 0 {
            self.hit_zero(region);
        } else {
            self.schedule_shrink(region);
        }
    }

    /// Empties `node` and lets its growing neighbours see it.
    pub fn release(&mut self, node: u32) {
        let n = node as usize;
        self.nodes[n].top = NONE;
        self.stamp[n] = self.stamp[n].wrapping_add(1);
        for index in self.arena.arc_range(node) {
            let x = self.arena.arc(index).node;
            let top = self.nodes[x as usize].top;
            if top != NONE && self.regions[top as usize].slope == 1 {
                self.schedule(x);
            }
        }
    }

    /// Calls `visit(self, node)` for every node held by `region` or its members, at any depth.
    pub fn for_each_node(&mut self, region: u32, mut visit: impl FnMut(&mut Flood, u32)) {
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        stack.push(region);
        while let Some(r) = stack.pop() {
            for i in 0..self.regions[r as usize].shell.len() {
                let node = self.regions[r as usize].shell[i];
                visit(self, node);
            }
            stack.extend(self.regions[r as usize].cycle.iter().map(|&(m, _)| m));
        }
        self.stack = stack;
    }

    /// Starts `region` growing now and looks at all its nodes.
    pub fn start_growing(&mut self, region: u32) {
        let now = self.now;
        let r = &mut self.regions[region as usize];
        r.set_slope(now, 1);
        r.stamp = r.stamp.wrapping_add(1);
        self.look_again(region);
    }

    /// Starts `region` shrinking now.
    pub fn start_shrinking(&mut self, region: u32) {
        let now = self.now;
        self.regions[region as usize].set_slope(now, -1);
        self.schedule_shrink(region);
    }

    /// Freezes `region` (matched, or a blossom's member).
    pub fn freeze(&mut self, region: u32) {
        let now = self.now;
        let r = &mut self.regions[region as usize];
        r.set_slope(now, 0);
        r.stamp = r.stamp.wrapping_add(1);
    }

    /// Freezes top region `region` (matched). If it was shrinking, its growing neighbours
    /// ignored it and may now reach it: its nodes look again. If it was growing, every pair
    /// of nodes across its edge to a growing region already has an event pending at or
    /// before their meeting (a node that sees the meeting keeps its event as its region
    /// freezes, and a frozen node still looks for growing neighbours), so nothing to do.
    pub fn settle(&mut self, region: u32) {
        let was_shrinking = self.regions[region as usize].slope == -1;
        self.freeze(region);
        if was_shrinking {
            self.look_again(region);
        }
    }

    /// Reschedules the events of every node of `region`.
    pub fn look_again(&mut self, region: u32) {
        self.for_each_node(region, |flood, node| flood.schedule(node));
    }
}
