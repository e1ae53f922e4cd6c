//! The minimum-weight perfect matching (with the boundary) of a shot's pair graph, one
//! connected piece at a time.
//!
//! A piece of one defect goes to the boundary; a piece of two compares its pair with two
//! boundary matches; larger pieces are solved exactly by [`Edmonds`] on the piece doubled:
//! two copies of it, each defect joined to its own copy by an edge of twice its boundary
//! distance. A perfect matching of the double restricted to one copy is a matching with the
//! boundary, and the double's optimum is twice the piece's, so the first copy of an optimal
//! double is optimal. Edmonds maximises, so costs become (C − cost) with C above every cost;
//! maximum cardinality first means a perfect matching whenever one exists.

use super::boundary::UNREACHABLE;
use super::edmonds::Edmonds;
use super::search::Candidate;

/// What a defect (by its position in the shot's events) is matched to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partner {
    /// Another defect, along candidate `candidate` (the defect is that candidate's `low`).
    Pair { candidate: u32 },
    /// The boundary, along the defect's boundary path.
    Boundary,
    /// Nothing: no perfect matching covers it (odd defects in a piece without a boundary).
    Unmatched,
}

/// Reusable buffers of the piece-by-piece solve.
#[derive(Debug, Default)]
pub struct PieceSolver {
    parent: Vec<u32>,
    /// Slots grouped by piece: `members[piece_start[c]..piece_start[c + 1]]`.
    piece_of: Vec<u32>,
    piece_start: Vec<u32>,
    members: Vec<u32>,
    /// Candidate indices grouped by piece.
    candidate_start: Vec<u32>,
    piece_candidates: Vec<u32>,
    /// Each slot's index within its piece.
    local: Vec<u32>,
    fill: Vec<u32>,
    edmonds: Edmonds,
}

impl PieceSolver {
    fn find(&mut self, mut slot: u32) -> u32 {
        while self.parent[slot as usize] != slot {
            let grand = self.parent[self.parent[slot as usize] as usize];
            self.parent[slot as usize] = grand;
            slot = grand;
        }
        slot
    }

    /// Sets `partners[slot]` for every defect of the shot (`boundary[slot]` = its boundary
    /// distance), given the pairs worth matching (`candidates`, one per pair).
    pub fn solve(
        &mut self,
        boundary: &[u64],
        candidates: &[Candidate],
        partners: &mut Vec<Partner>,
    ) {
        let count = boundary.len();
        partners.clear();
        partners.resize(count, Partner::Unmatched);
        self.group(count, candidates);
        for piece in 0..self.piece_start.len() - 1 {
            let members = self.piece_start[piece] as usize..self.piece_start[piece + 1] as usize;
            match members.len() {
                1 => {
                    let slot = self.members[members.start] as usize;
                    if boundary[slot] != UNREACHABLE {
                        partners[slot] = Partner::Boundary;
                    }
                }
                2 => self.solve_two(piece, boundary, candidates, partners),
                _ => self.solve_general(piece, boundary, candidates, partners),
            }
        }
    }

    /// Groups slots and candidates by connected piece (counting sorts, no allocation once
    /// warm).
    fn group(&mut self, count: usize, candidates: &[Candidate]) {
        self.parent.clear();
        self.parent.extend(0..count as u32);
        for candidate in candidates {
            let (a, b) = (self.find(candidate.low), self.find(candidate.high));
            if a != b {
                self.parent[a.max(b) as usize] = a.min(b);
            }
        }
        self.piece_of.clear();
        self.piece_start.clear();
        self.piece_start.push(0);
        for slot in 0..count as u32 {
            let root = self.find(slot);
            let piece = if root == slot {
                self.piece_start.push(0);
                (self.piece_start.len() - 2) as u32
            } else {
                self.piece_of[root as usize]
            };
            self.piece_of.push(piece);
            self.piece_start[piece as usize + 1] += 1;
        }
        let pieces = self.piece_start.len() - 1;
        for piece in 0..pieces {
            self.piece_start[piece + 1] += self.piece_start[piece];
        }
        self.fill.clear();
        self.fill.extend_from_slice(&self.piece_start[..pieces]);
        self.members.clear();
        self.members.resize(count, 0);
        self.local.clear();
        self.local.resize(count, 0);
        for slot in 0..count {
            let piece = self.piece_of[slot] as usize;
            let at = self.fill[piece];
            self.members[at as usize] = slot as u32;
            self.local[slot] = at - self.piece_start[piece];
            self.fill[piece] += 1;
        }
        self.candidate_start.clear();
        self.candidate_start.resize(pieces + 1, 0);
        for candidate in candidates {
            self.candidate_start[self.piece_of[candidate.low as usize] as usize + 1] += 1;
        }
        for piece in 0..pieces {
            self.candidate_start[piece + 1] += self.candidate_start[piece];
        }
        self.fill.clear();
        self.fill.extend_from_slice(&self.candidate_start[..pieces]);
        self.piece_candidates.clear();
        self.piece_candidates.resize(candidates.len(), 0);
        for (index, candidate) in candidates.iter().enumerate() {
            let piece = self.piece_of[candidate.low as usize] as usize;
            self.piece_candidates[self.fill[piece] as usize] = index as u32;
            self.fill[piece] += 1;
        }
    }

    fn solve_two(
        &mut self,
        piece: usize,
        boundary: &[u64],
        candidates: &[Candidate],
        partners: &mut [Partner],
    ) {
        let index = self.piece_candidates[self.candidate_start[piece] as usize];
        let candidate = &candidates[index as usize];
        let (low, high) = (candidate.low as usize, candidate.high as usize);
        let both_boundary = boundary[low].saturating_add(boundary[high]);
        if candidate.distance <= both_boundary {
            partners[low] = Partner::Pair { candidate: index };
            partners[high] = Partner::Pair { candidate: index };
        } else {
            partners[low] = Partner::Boundary;
            partners[high] = Partner::Boundary;
        }
    }

    fn solve_general(
        &mut self,
        piece: usize,
        boundary: &[u64],
        candidates: &[Candidate],
        partners: &mut [Partner],
    ) {
        let members = self.piece_start[piece] as usize..self.piece_start[piece + 1] as usize;
        let size = members.len();
        let piece_candidates =
            self.candidate_start[piece] as usize..self.candidate_start[piece + 1] as usize;
        let mut ceiling = 0u64;
        for &index in &self.piece_candidates[piece_candidates.clone()] {
            ceiling = ceiling.max(candidates[index as usize].distance);
        }
        for &slot in &self.members[members.clone()] {
            if boundary[slot as usize] != UNREACHABLE {
                ceiling = ceiling.max(2 * boundary[slot as usize]);
            }
        }
        let ceiling = ceiling as i64 + 1;
        self.edmonds.reset(2 * size);
        for &index in &self.piece_candidates[piece_candidates.clone()] {
            let candidate = &candidates[index as usize];
            let (a, b) = (
                self.local[candidate.low as usize] as usize,
                self.local[candidate.high as usize] as usize,
            );
            let gain = ceiling - candidate.distance as i64;
            self.edmonds.add_edge(a, b, gain);
            self.edmonds.add_edge(a + size, b + size, gain);
        }
        for &slot in &self.members[members.clone()] {
            if boundary[slot as usize] != UNREACHABLE {
                let a = self.local[slot as usize] as usize;
                self.edmonds
                    .add_edge(a, a + size, ceiling - 2 * boundary[slot as usize] as i64);
            }
        }
        self.edmonds.solve();
        for position in members {
            let slot = self.members[position];
            let a = self.local[slot as usize] as usize;
            partners[slot as usize] = match self.edmonds.mate_of(a) {
                None => Partner::Unmatched,
                Some(mate) if mate == a + size => Partner::Boundary,
                Some(mate) => {
                    let other = self.members[self.piece_start[piece] as usize + mate];
                    let (low, high) = (slot.min(other), slot.max(other));
                    let index = self.piece_candidates[piece_candidates.clone()]
                        .iter()
                        .copied()
                        .find(|&i| {
                            let c = &candidates[i as usize];
                            (c.low, c.high) == (low, high)
                        })
                        .expect("a matched pair is a candidate");
                    Partner::Pair { candidate: index }
                }
            };
        }
    }
}
