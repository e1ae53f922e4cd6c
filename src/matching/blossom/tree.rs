//! Alternating trees of regions: what a collision does to the matching.
//!
//! Every unmatched region is the root of a tree whose outer regions grow and whose inner
//! regions shrink; each inner region has one child, the outer region it is matched to. When a
//! growing (outer) region touches
//! - the boundary, or a region matched to the boundary, or an outer region of another tree:
//!   the path to the root is augmenting; it flips, and the tree (both trees) become matched
//!   pairs, frozen;
//! - a matched region: that region joins the tree as an inner child, its partner as an
//!   outer grandchild;
//! - an outer region of its own tree: the odd cycle through their lowest common ancestor
//!   becomes a blossom ([`super::cycle`]).

use super::flooder::Flood;
use super::region::{Link, BOUNDARY, NONE};

impl Flood {
    /// Growing region `grower` touches top region `other` (growing or matched) across `link`
    /// (from `grower` to `other`).
    pub fn collide(&mut self, grower: u32, other: u32, link: Link) {
        debug_assert_eq!(self.regions[grower as usize].slope, 1);
        match self.regions[other as usize].slope {
            0 => {
                let partner = self.regions[other as usize].partner;
                if partner == BOUNDARY {
                    self.flip_to_root(grower);
                    let root = self.root_of(grower);
                    self.set_match(grower, other, link);
                    self.dissolve(root);
                } else {
                    self.adopt(grower, other, link);
                }
            }
            1 => {
                let root_a = self.root_of(grower);
                let root_b = self.root_of(other);
                if root_a == root_b {
                    self.form_blossom(grower, other, link);
                } else {
                    self.flip_to_root(grower);
                    self.flip_to_root(other);
                    self.set_match(grower, other, link);
                    self.dissolve(root_a);
                    self.dissolve(root_b);
                }
            }
            slope => unreachable!("a growing region cannot collide with slope {slope}"),
        }
    }

    /// Growing region `grower` reaches the boundary across `link`.
    pub fn hit_boundary(&mut self, grower: u32, link: Link) {
        let root = self.root_of(grower);
        self.flip_to_root(grower);
        let r = &mut self.regions[grower as usize];
        r.partner = BOUNDARY;
        r.match_link = link;
        self.dissolve(root);
    }

    /// Matches `a` and `b` (both top regions) across `link` (from `a` to `b`).
    pub fn set_match(&mut self, a: u32, b: u32, link: Link) {
        let r = &mut self.regions[a as usize];
        r.partner = b;
        r.match_link = link;
        let r = &mut self.regions[b as usize];
        r.partner = a;
        r.match_link = link.reversed();
    }

    /// The root of the tree holding `region`.
    pub fn root_of(&self, mut region: u32) -> u32 {
        loop {
            let parent = self.regions[region as usize].parent;
            if parent == NONE {
                return region;
            }
            region = parent;
        }
    }

    /// Matched region `matched` joins `grower`'s tree as an inner child, its partner as an
    /// outer grandchild.
    fn adopt(&mut self, grower: u32, matched: u32, link: Link) {
        let partner = self.regions[matched as usize].partner;
        let partner_link = self.regions[matched as usize].match_link;
        {
            let r = &mut self.regions[matched as usize];
            r.parent = grower;
            r.parent_link = link.reversed();
            r.children.clear();
            r.children.push(partner);
        }
        self.regions[grower as usize].children.push(matched);
        {
            let r = &mut self.regions[partner as usize];
            r.parent = matched;
            r.parent_link = partner_link.reversed();
        }
        self.start_shrinking(matched);
        self.start_growing(partner);
    }

    /// Flips the matching along the path from outer region `outer` up to its root: each inner
    /// region on it becomes matched to its parent instead of its child.
    pub fn flip_to_root(&mut self, outer: u32) {
        let mut at = outer;
        loop {
            let inner = self.regions[at as usize].parent;
            if inner == NONE {
                return;
            }
            let up = self.regions[inner as usize].parent;
            let link = self.regions[inner as usize].parent_link;
            self.set_match(inner, up, link);
            at = up;
        }
    }

    /// Dissolves the tree of `root`: every region in it is matched now, and freezes.
    pub fn dissolve(&mut self, root: u32) {
        let mut stack = std::mem::take(&mut self.path_a);
        stack.clear();
        stack.push(root);
        while let Some(region) = stack.pop() {
            stack.extend_from_slice(&self.regions[region as usize].children);
            let r = &mut self.regions[region as usize];
            r.children.clear();
            r.parent = NONE;
            r.parent_link = Link::EMPTY;
            self.settle(region);
        }
        self.path_a = stack;
    }
}
