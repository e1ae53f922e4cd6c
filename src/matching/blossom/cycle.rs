//! Blossoms: forming one from an odd cycle of a tree, and shattering one whose radius shrank
//! to zero.
//!
//! Forming: two outer regions of one tree touch; the cycle through their lowest common
//! ancestor becomes a new outer region that takes the ancestor's place in the tree. Its
//! members freeze inside it and its nodes' coverage offsets take in the members' radii.
//!
//! Shattering: an inner blossom at radius 0. Its members become top regions again: the
//! even-length part of the cycle between the member its tree parent touches and the member
//! matched to its child joins the tree (inner, outer, …, inner), the rest pairs up along the
//! cycle. A trivial inner region at radius 0 cannot shatter: its parent and child now touch
//! through its event, which forms a blossom of the three.

use super::flooder::Flood;
use super::region::{Link, PathSpan, NONE};

impl Flood {
    /// Outer regions `a` and `b` of one tree touch across `link` (from `a` to `b`).
    pub fn form_blossom(&mut self, a: u32, b: u32, link: Link) {
        let mut path_a = std::mem::take(&mut self.path_a);
        let mut path_b = std::mem::take(&mut self.path_b);
        for (start, path) in [(a, &mut path_a), (b, &mut path_b)] {
            path.clear();
            let mut at = start;
            while at != NONE {
                path.push(at);
                at = self.regions[at as usize].parent;
            }
        }
        let mut ancestor = NONE;
        while let (Some(&x), Some(&y)) = (path_a.last(), path_b.last()) {
            if x != y {
                break;
            }
            ancestor = x;
            path_a.pop();
            path_b.pop();
        }
        debug_assert_ne!(ancestor, NONE, "same tree");
        let mut cycle = Vec::new();
        let blossom = self.new_region(NONE);
        std::mem::swap(&mut cycle, &mut self.regions[blossom as usize].cycle);
        cycle.clear();
        // The ancestor, down to `a`, across to `b`, up to the ancestor.
        let first = match path_a.last() {
            Some(&child) => self.regions[child as usize].parent_link.reversed(),
            None => link,
        };
        cycle.push((ancestor, first));
        for j in (0..path_a.len()).rev() {
            let next = if j > 0 {
                self.regions[path_a[j - 1] as usize].parent_link.reversed()
            } else {
                link
            };
            cycle.push((path_a[j], next));
        }
        for &member in &path_b {
            cycle.push((member, self.regions[member as usize].parent_link));
        }
        debug_assert_eq!(cycle.len() % 2, 1, "odd cycle");
        // The blossom takes the ancestor's place in the tree.
        let (parent, parent_link, partner, match_link) = {
            let r = &self.regions[ancestor as usize];
            (r.parent, r.parent_link, r.partner, r.match_link)
        };
        {
            let r = &mut self.regions[blossom as usize];
            r.parent = parent;
            r.parent_link = parent_link;
            r.partner = partner;
            r.match_link = match_link;
        }
        if parent != NONE {
            let p = &mut self.regions[parent as usize];
            for child in p.children.iter_mut() {
                if *child == ancestor {
                    *child = blossom;
                }
            }
            p.partner = blossom;
        }
        for &(member, _) in &cycle {
            self.regions[member as usize].blossom_parent = blossom;
        }
        let mut children = std::mem::take(&mut self.regions[blossom as usize].children);
        for &(member, _) in &cycle {
            for i in 0..self.regions[member as usize].children.len() {
                let child = self.regions[member as usize].children[i];
                if self.regions[child as usize].blossom_parent != blossom {
                    children.push(child);
                    self.regions[child as usize].parent = blossom;
                }
            }
            let r = &mut self.regions[member as usize];
            r.children.clear();
            r.parent = NONE;
            r.parent_link = Link::EMPTY;
            self.freeze(member);
            let radius = self.regions[member as usize].a;
            self.for_each_node(member, |flood, node| {
                flood.nodes[node as usize].top = blossom;
                flood.nodes[node as usize].offset += radius;
            });
        }
        self.regions[blossom as usize].children = children;
        self.regions[blossom as usize].cycle = cycle;
        self.path_a = path_a;
        self.path_b = path_b;
        self.start_growing(blossom);
    }

    /// Shrinking region `region` reached radius 0.
    pub fn hit_zero(&mut self, region: u32) {
        let r = &self.regions[region as usize];
        let parent = r.parent;
        let parent_link = r.parent_link;
        let child = r.partner;
        let child_link = r.match_link;
        debug_assert_eq!(r.children.as_slice(), &[child]);
        if r.source != NONE {
            let mut link = Link {
                from: child_link.to,
                to: parent_link.to,
                observables: parent_link.observables ^ child_link.observables,
                path: PathSpan::EMPTY,
            };
            if self.trace {
                link.path = self.join_paths(child_link.reversed(), parent_link);
                self.check_path(link);
            }
            self.form_blossom(child, parent, link);
            return;
        }
        let at_parent = self.member_index(region, parent_link.from);
        let at_child = self.member_index(region, child_link.from);
        let cycle = std::mem::take(&mut self.regions[region as usize].cycle);
        let k = cycle.len();
        self.regions[region as usize].dead = true;
        self.regions[region as usize].stamp = self.regions[region as usize].stamp.wrapping_add(1);
        for &(member, _) in &cycle {
            self.regions[member as usize].blossom_parent = NONE;
            let radius = self.regions[member as usize].a;
            self.for_each_node(member, |flood, node| {
                flood.nodes[node as usize].top = member;
                flood.nodes[node as usize].offset -= radius;
            });
        }
        // Walk from the parent's member to the child's an even number of steps.
        let forward = (at_child + k - at_parent) % k;
        let (step, steps) = if forward % 2 == 0 {
            (1, forward)
        } else {
            (k - 1, k - forward)
        };
        let index = |j: usize| (at_parent + step * j) % k;
        // The link from cycle position `from` to the next position in the walk's direction.
        let link_onwards = |from: usize| {
            if step == 1 {
                cycle[from].1
            } else {
                cycle[(from + k - 1) % k].1.reversed()
            }
        };
        self.regions[parent as usize]
            .children
            .retain(|&c| c != region);
        let mut up = parent;
        let mut up_link = parent_link;
        for j in 0..=steps {
            let member = cycle[index(j)].0;
            {
                let r = &mut self.regions[member as usize];
                r.parent = up;
                r.parent_link = up_link;
                r.children.clear();
            }
            self.regions[up as usize].children.push(member);
            if j % 2 == 1 {
                self.set_match(up, member, up_link.reversed());
            }
            if j < steps {
                let onwards = link_onwards(index(j));
                up = member;
                up_link = onwards.reversed();
            } else {
                let r = &mut self.regions[member as usize];
                r.children.push(child);
                self.regions[child as usize].parent = member;
                self.set_match(member, child, child_link);
            }
        }
        for j in 0..=steps {
            let member = cycle[index(j)].0;
            if j % 2 == 0 {
                self.start_shrinking(member);
            } else {
                self.start_growing(member);
            }
        }
        // The rest of the cycle pairs up.
        let mut j = steps + 1;
        while j < k {
            let (x, y) = (cycle[index(j)].0, cycle[index(j + 1)].0);
            let link = link_onwards(index(j));
            for member in [x, y] {
                let r = &mut self.regions[member as usize];
                r.parent = NONE;
                r.children.clear();
            }
            self.set_match(x, y, link);
            // Seen as shrinking until now (as the blossom): growing neighbours may reach them.
            self.look_again(x);
            self.look_again(y);
            j += 2;
        }
        while let Some(node) = self.regions[region as usize].shell.pop() {
            self.release(node);
        }
        self.regions[region as usize].cycle = cycle;
    }

    /// The position in `blossom`'s cycle of the member holding detection event `event`.
    pub fn member_index(&self, blossom: u32, event: u32) -> usize {
        let mut at = self.event_region[event as usize];
        loop {
            let up = self.regions[at as usize].blossom_parent;
            if up == blossom {
                break;
            }
            debug_assert_ne!(up, NONE, "event {event} is not inside blossom {blossom}");
            at = up;
        }
        self.regions[blossom as usize]
            .cycle
            .iter()
            .position(|&(member, _)| member == at)
            .expect("member of the cycle")
    }
}
