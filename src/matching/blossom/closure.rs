//! The pairs a shot may match: shortest paths over its segments ([`super::search`]), which may
//! pass through other defects (three defects around a fourth need one such pair).
//!
//! The segment graph has one node per defect and is small, so a Dijkstra search from every
//! defect over it is cheap. A pair (i, j) is kept only if it is lighter than sending both to
//! the boundary, and a search does not continue from a defect k it reaches at δ ≥ b(i) + b(k),
//! for the same reason as in the graph searches. Each pair records the segments it is made
//! of, so its path is known without another search.

use super::queue::DistanceQueue;
use super::search::Candidate;
use crate::ints::ObservableMask;

const UNREACHED: u64 = u64::MAX;

/// A step of a pair's path: a segment index times two, plus one if the segment is walked from
/// its `high` end to its `low` end.
pub type SegmentStep = u32;

/// Reusable buffers of the searches over segments.
#[derive(Debug, Clone, Default)]
pub struct SegmentClosure {
    offsets: Vec<u32>,
    /// (other defect, step) for each segment end.
    arcs: Vec<(u32, SegmentStep)>,
    distance: Vec<u64>,
    observables: Vec<ObservableMask>,
    /// The previous defect and the step that led here.
    previous: Vec<(u32, SegmentStep)>,
    touched: Vec<u32>,
    queue: DistanceQueue,
    walk: Vec<SegmentStep>,
}

impl SegmentClosure {
    /// Fills `pairs` (sorted by (low, high)) from the `segments` among `boundary.len()`
    /// defects (`boundary[slot]` = its boundary distance); with `steps`, each pair's segments
    /// go there, in order from `low` to `high`.
    pub fn pairs(
        &mut self,
        boundary: &[u64],
        segments: &[Candidate],
        pairs: &mut Vec<Candidate>,
        mut steps: Option<&mut Vec<SegmentStep>>,
    ) {
        let count = boundary.len();
        pairs.clear();
        self.build_arcs(count, segments);
        self.distance.clear();
        self.distance.resize(count, UNREACHED);
        self.observables.resize(count, 0);
        self.previous.resize(count, (0, 0));
        for source in 0..count as u32 {
            if self.offsets[source as usize] == self.offsets[source as usize + 1] {
                continue;
            }
            self.search_from(source, boundary, segments, pairs, &mut steps);
        }
    }

    fn build_arcs(&mut self, count: usize, segments: &[Candidate]) {
        self.offsets.clear();
        self.offsets.resize(count + 1, 0);
        for segment in segments {
            self.offsets[segment.low as usize + 1] += 1;
            self.offsets[segment.high as usize + 1] += 1;
        }
        for slot in 0..count {
            self.offsets[slot + 1] += self.offsets[slot];
        }
        self.arcs.clear();
        self.arcs.resize(self.offsets[count] as usize, (0, 0));
        self.walk.clear();
        self.walk.extend_from_slice(&self.offsets[..count]);
        for (index, segment) in segments.iter().enumerate() {
            let step = 2 * index as u32;
            let at = &mut self.walk[segment.low as usize];
            self.arcs[*at as usize] = (segment.high, step);
            *at += 1;
            let at = &mut self.walk[segment.high as usize];
            self.arcs[*at as usize] = (segment.low, step | 1);
            *at += 1;
        }
        self.walk.clear();
    }

    fn search_from(
        &mut self,
        source: u32,
        boundary: &[u64],
        segments: &[Candidate],
        pairs: &mut Vec<Candidate>,
        steps: &mut Option<&mut Vec<SegmentStep>>,
    ) {
        let source_bound = boundary[source as usize];
        self.reach(source, 0, 0, (u32::MAX, 0));
        while let Some((distance, slot)) = self.queue.pop() {
            if distance > self.distance[slot as usize] {
                continue;
            }
            if slot != source {
                if distance >= source_bound.saturating_add(boundary[slot as usize]) {
                    continue;
                }
                if slot > source {
                    self.record(source, slot, distance, pairs, steps);
                }
            }
            let arcs =
                self.offsets[slot as usize] as usize..self.offsets[slot as usize + 1] as usize;
            for arc in arcs {
                let (next, step) = self.arcs[arc];
                let segment = &segments[(step >> 1) as usize];
                let next_distance = distance + segment.distance;
                if next_distance < self.distance[next as usize] {
                    let crossed = self.observables[slot as usize] ^ segment.observables;
                    self.reach(next, next_distance, crossed, (slot, step));
                }
            }
        }
        for &slot in &self.touched {
            self.distance[slot as usize] = UNREACHED;
        }
        self.touched.clear();
        self.queue.clear();
    }

    #[inline]
    fn reach(&mut self, slot: u32, distance: u64, crossed: ObservableMask, from: (u32, u32)) {
        if self.distance[slot as usize] == UNREACHED {
            self.touched.push(slot);
        }
        self.distance[slot as usize] = distance;
        self.observables[slot as usize] = crossed;
        self.previous[slot as usize] = from;
        self.queue.push(distance, slot);
    }

    fn record(
        &mut self,
        source: u32,
        slot: u32,
        distance: u64,
        pairs: &mut Vec<Candidate>,
        steps: &mut Option<&mut Vec<SegmentStep>>,
    ) {
        let (mut path_start, mut path_end) = (0, 0);
        if let Some(steps) = steps.as_deref_mut() {
            self.walk.clear();
            let mut at = slot;
            while at != source {
                let (previous, step) = self.previous[at as usize];
                self.walk.push(step);
                at = previous;
            }
            path_start = steps.len() as u32;
            steps.extend(self.walk.iter().rev());
            path_end = steps.len() as u32;
        }
        pairs.push(Candidate {
            low: source,
            high: slot,
            distance,
            observables: self.observables[slot as usize],
            path_start,
            path_end,
        });
    }
}
