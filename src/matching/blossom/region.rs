//! Regions: the growing and shrinking balls of the sparse blossom algorithm, and the compressed
//! edges ([`Link`]) that join them.
//!
//! A region is either trivial (one detection event) or a blossom (an odd cycle of regions).
//! Its radius is the dual variable of the matching: `a + slope · t` at time t, with slope +1
//! (outer, growing), −1 (inner, shrinking) or 0 (matched, or frozen inside a blossom), so
//! changing the slope costs O(1) and the radius never needs updating as time passes. Regions
//! live in one arena, indexed by `u32`, reused from shot to shot.

use crate::ints::ObservableMask;

/// No region / no node.
pub const NONE: u32 = u32::MAX;
/// The boundary, as a region's partner or a link's far end.
pub const BOUNDARY: u32 = u32::MAX - 1;

/// A compressed edge: a shortest path between two detection events (or an event and the
/// boundary), known by its ends, the observables it crosses and, when the flooder traces
/// paths, its edges. Oriented: `from` lies in the region holding the link, `to` in the other
/// (`NONE` = the boundary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// The detection event at this end.
    pub from: u32,
    /// The detection event at the other end, or `NONE` for the boundary.
    pub to: u32,
    /// The observables the path crosses.
    pub observables: ObservableMask,
    /// Its edges in the flooder's path arena (empty when paths are not traced).
    pub path: PathSpan,
}

/// Where a link's path lies in the flooder's path arena ([`super::trace`]): a range of edges
/// stored from one end to the other, and whether they run backwards (from the link's `to` to
/// its `from`). Eight bytes, so that links stay small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PathSpan {
    start: u32,
    /// The number of edges, with [`PathSpan::BACKWARDS`] set when they run backwards.
    len_and_direction: u32,
}

impl PathSpan {
    /// No path (not traced).
    pub const EMPTY: PathSpan = PathSpan {
        start: 0,
        len_and_direction: 0,
    };
    const BACKWARDS: u32 = 1 << 31;

    /// The edges `start..start + len` of the arena, running forwards.
    pub fn forwards(start: usize, len: usize) -> PathSpan {
        debug_assert!(start + len <= u32::MAX as usize && len < Self::BACKWARDS as usize);
        PathSpan {
            start: start as u32,
            len_and_direction: len as u32,
        }
    }

    /// Where the edges lie in the arena.
    pub fn range(self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        start..start + (self.len_and_direction & !Self::BACKWARDS) as usize
    }

    /// Whether the stored edges run from the link's `to` to its `from`.
    pub fn is_backwards(self) -> bool {
        self.len_and_direction & Self::BACKWARDS != 0
    }

    /// The same edges, run the other way.
    pub fn reversed(self) -> PathSpan {
        PathSpan {
            start: self.start,
            len_and_direction: self.len_and_direction ^ Self::BACKWARDS,
        }
    }
}

impl Default for Link {
    fn default() -> Self {
        Link::EMPTY
    }
}

impl Link {
    /// A placeholder for fields not in use.
    pub const EMPTY: Link = Link {
        from: NONE,
        to: NONE,
        observables: 0,
        path: PathSpan::EMPTY,
    };

    /// The same path seen from the other end.
    #[inline]
    pub fn reversed(self) -> Link {
        Link {
            from: self.to,
            to: self.from,
            observables: self.observables,
            path: self.path.reversed(),
        }
    }
}

/// One region and its place in the matching.
#[derive(Debug, Clone, Default)]
pub struct Region {
    /// Radius at time t: `a + slope · t`.
    pub a: i64,
    /// +1 outer (growing), −1 inner (shrinking), 0 matched or inside a blossom.
    pub slope: i64,
    /// The blossom this region is a member of (`NONE` = a top region).
    pub blossom_parent: u32,
    /// The detection event of a trivial region (`NONE` for a blossom).
    pub source: u32,
    /// Alternating tree: the parent (`NONE` = root or not in a tree), the link to it, and
    /// the children.
    pub parent: u32,
    pub parent_link: Link,
    pub children: Vec<u32>,
    /// The region this one is matched to (`NONE` = unmatched, `BOUNDARY`) and the link.
    pub partner: u32,
    pub match_link: Link,
    /// The nodes this region reached itself (not its members'), in the order reached; a
    /// trivial region's own event is `shell[0]` and is never released.
    pub shell: Vec<u32>,
    /// A blossom's members in cycle order, each with the link to the next one.
    pub cycle: Vec<(u32, Link)>,
    /// Counts reschedulings of this region's shrink event (older queue entries are stale).
    pub stamp: u32,
    /// A blossom that shattered: no longer part of the matching.
    pub dead: bool,
}

impl Region {
    /// Makes this slot a fresh region with radius 0 and slope +1 at time `now`, keeping the
    /// buffers' capacity.
    pub fn reset(&mut self, source: u32, now: i64) {
        self.a = -now;
        self.slope = 1;
        self.blossom_parent = NONE;
        self.source = source;
        self.parent = NONE;
        self.parent_link = Link::EMPTY;
        self.children.clear();
        self.partner = NONE;
        self.match_link = Link::EMPTY;
        self.shell.clear();
        self.cycle.clear();
        self.stamp = self.stamp.wrapping_add(1);
        self.dead = false;
    }

    /// The radius at time `now`.
    #[inline]
    pub fn radius(&self, now: i64) -> i64 {
        self.a + self.slope * now
    }

    /// Changes the slope from time `now` on, keeping the radius continuous.
    #[inline]
    pub fn set_slope(&mut self, now: i64, slope: i64) {
        let radius = self.radius(now);
        self.slope = slope;
        self.a = radius - slope * now;
    }

    /// Nodes of the shell that shrinking may release (a trivial region keeps its event).
    #[inline]
    pub fn releasable(&self) -> usize {
        self.shell.len() - usize::from(self.source != NONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radius_stays_continuous_across_slope_changes() {
        let mut region = Region::default();
        region.reset(3, 10);
        assert_eq!(region.radius(10), 0);
        assert_eq!(region.radius(14), 4);
        region.set_slope(14, -1);
        assert_eq!(region.radius(16), 2);
        region.set_slope(16, 0);
        assert_eq!(region.radius(100), 2);
        region.shell.push(3);
        assert_eq!(region.releasable(), 0);
        let link = Link {
            from: 1,
            to: 2,
            observables: 5,
            path: PathSpan::forwards(3, 4),
        };
        assert!(link.reversed().path.is_backwards());
        assert_eq!(link.reversed().path.range(), 3..7);
        assert_eq!(std::mem::size_of::<Link>(), 24);
        assert_eq!(link.reversed().reversed(), link);
    }
}
