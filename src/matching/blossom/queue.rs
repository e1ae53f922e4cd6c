//! The event queue of the flooder: events keyed by integer time, popped in time order, with
//! times pushed never earlier than the last one popped (time only moves forward).
//!
//! A binary heap of our own, keyed by (time, packed subject and stamp). Keys are unique (a
//! stamp moves on at every rescheduling), so any correct heap pops the same order: replacing
//! `std`'s `BinaryHeap` changed no matching. Ours is a few small functions that inline into
//! the flooder's loop; the threaded wasm build did not inline `BinaryHeap::pop` and paid a
//! call per event. A 4-ary heap ran 9 % more instructions (callgrind, d = 17, p = 0.005: the
//! heap is small, so depth matters less than comparisons), and a radix heap (buckets by the
//! highest bit in which a time differs from the last one popped) no fewer (d = 13,
//! p = 0.005), most events being few and near the present.
//!
//! Events are invalidated lazily: each carries the stamp its node or region had when it was
//! scheduled, and the flooder drops it on pop if the stamp has moved on since.

/// What an event is about: a node (look at its edges) or a region (its shrinking).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Node(u32),
    Region(u32),
}

/// A popped event: when, about what, and the stamp it was scheduled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub time: i64,
    pub subject: Subject,
    pub stamp: u32,
}

const REGION_BIT: u64 = 1 << 63;

/// A heap entry: its time, then the subject and stamp packed (which break ties).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    time: i64,
    packed: u64,
}

/// A min-queue of events, kept between shots (a warm queue allocates nothing).
#[derive(Debug, Clone, Default)]
pub struct EventQueue {
    /// A binary min-heap: the children of entry i are 2i + 1 and 2i + 2.
    heap: Vec<Key>,
    last: i64,
}

impl EventQueue {
    /// Schedules `subject` at `time` (not before the last event popped) with `stamp`.
    #[inline]
    pub fn push(&mut self, time: i64, subject: Subject, stamp: u32) {
        debug_assert!(time >= self.last, "monotone: {time} after {}", self.last);
        let id = match subject {
            Subject::Node(node) => (node as u64) << 32,
            Subject::Region(region) => REGION_BIT | (region as u64) << 32,
        };
        let key = Key {
            time,
            packed: id | stamp as u64,
        };
        let hole = self.heap.len();
        self.heap.push(key);
        self.sift_up(hole, key);
    }

    /// Removes and returns an earliest event.
    #[inline]
    pub fn pop(&mut self) -> Option<Event> {
        let last = self.heap.pop()?;
        let Key { time, packed } = match self.heap.first() {
            None => last,
            Some(&top) => {
                self.sift_down(last);
                top
            }
        };
        self.last = time;
        let index = ((packed >> 32) & 0x7fff_ffff) as u32;
        let subject = if packed & REGION_BIT != 0 {
            Subject::Region(index)
        } else {
            Subject::Node(index)
        };
        Some(Event {
            time,
            subject,
            stamp: packed as u32,
        })
    }

    /// Puts `key` (the heap's last entry, already removed) in the root's place: the hole
    /// left at the root sinks to a leaf along the smaller children (one comparison per level),
    /// then `key` rises from there (a heap's last entry mostly belongs near the bottom).
    #[inline]
    fn sift_down(&mut self, key: Key) {
        let heap = &mut self.heap;
        let len = heap.len();
        let mut hole = 0;
        let mut child = 1;
        while child + 1 < len {
            child += (heap[child + 1] < heap[child]) as usize;
            heap[hole] = heap[child];
            hole = child;
            child = 2 * hole + 1;
        }
        if child < len {
            heap[hole] = heap[child];
            hole = child;
        }
        self.sift_up(hole, key);
    }

    /// Puts `key` in the hole at `hole` or above: parents greater than `key` move down into
    /// the hole until `key` fits.
    #[inline]
    fn sift_up(&mut self, mut hole: usize, key: Key) {
        let heap = &mut self.heap;
        while hole > 0 {
            let parent = (hole - 1) / 2;
            if heap[parent] <= key {
                break;
            }
            heap[hole] = heap[parent];
            hole = parent;
        }
        heap[hole] = key;
    }

    /// Empties the queue and restarts time at 0.
    pub fn clear(&mut self) {
        self.heap.clear();
        self.last = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_and_keeps_subjects_and_stamps() {
        let mut queue = EventQueue::default();
        queue.push(5, Subject::Node(7), 1);
        queue.push(3, Subject::Region(2), u32::MAX);
        queue.push(5, Subject::Region(0x7fff_fffe), 9);
        let first = queue.pop().unwrap();
        assert_eq!(
            first,
            Event {
                time: 3,
                subject: Subject::Region(2),
                stamp: u32::MAX
            }
        );
        let mut rest = [queue.pop().unwrap(), queue.pop().unwrap()];
        rest.sort_by_key(|event| event.stamp);
        assert_eq!(rest[0].subject, Subject::Node(7));
        assert_eq!(rest[1].subject, Subject::Region(0x7fff_fffe));
        assert_eq!(queue.pop(), None);
    }

    #[test]
    fn pops_as_a_sorted_list_would_under_random_pushes_and_pops() {
        use std::collections::BTreeSet;
        let mut queue = EventQueue::default();
        let mut expected = BTreeSet::new();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut random = move |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % n
        };
        let mut now = 0;
        for step in 0..20_000u32 {
            if random(3) < 2 {
                let time = now + random(8) as i64;
                let subject = if random(2) == 0 {
                    Subject::Node(random(50) as u32)
                } else {
                    Subject::Region(random(50) as u32)
                };
                queue.push(time, subject, step);
                expected.insert((time, subject_order(subject), step));
            } else {
                let popped = queue.pop();
                let first = expected.pop_first();
                assert_eq!(
                    popped.map(|e| (e.time, subject_order(e.subject), e.stamp)),
                    first
                );
                if let Some(event) = popped {
                    now = event.time;
                }
            }
        }
        while let Some(first) = expected.pop_first() {
            let event = queue.pop().unwrap();
            assert_eq!(
                (event.time, subject_order(event.subject), event.stamp),
                first
            );
        }
        assert_eq!(queue.pop(), None);
    }

    /// The order the packed key gives subjects at equal times (nodes first, then by index).
    fn subject_order(subject: Subject) -> (bool, u32) {
        match subject {
            Subject::Node(node) => (false, node),
            Subject::Region(region) => (true, region),
        }
    }
}
