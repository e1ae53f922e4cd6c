//! A monotone radix heap: the priority queue of the engine's searches. Dijkstra only ever
//! pushes keys at or after the last key popped, which lets a key live in the bucket of the
//! highest bit in which it differs from that last key; popping redistributes one bucket at a
//! time. Buckets are kept between searches, so a warm queue allocates nothing.

/// Keys are distances, values are node indices.
#[derive(Debug, Clone)]
pub struct RadixQueue {
    buckets: Vec<Vec<(u64, u32)>>,
    last: u64,
    len: usize,
}

impl Default for RadixQueue {
    fn default() -> Self {
        RadixQueue {
            buckets: vec![Vec::new(); 65],
            last: 0,
            len: 0,
        }
    }
}

impl RadixQueue {
    #[inline]
    fn bucket_of(&self, key: u64) -> usize {
        (64 - (key ^ self.last).leading_zeros()) as usize
    }

    /// Adds `value` with `key` (at least the last key popped).
    #[inline]
    pub fn push(&mut self, key: u64, value: u32) {
        debug_assert!(key >= self.last, "monotone: {key} after {}", self.last);
        let bucket = self.bucket_of(key);
        self.buckets[bucket].push((key, value));
        self.len += 1;
    }

    /// Removes and returns an entry of least key.
    #[inline]
    pub fn pop(&mut self) -> Option<(u64, u32)> {
        if self.len == 0 {
            return None;
        }
        if self.buckets[0].is_empty() {
            let bucket = (1..65)
                .find(|&b| !self.buckets[b].is_empty())
                .expect("len > 0: some bucket holds an entry");
            let mut entries = std::mem::take(&mut self.buckets[bucket]);
            self.last = entries
                .iter()
                .map(|&(key, _)| key)
                .min()
                .expect("non-empty bucket");
            for &(key, value) in &entries {
                let target = self.bucket_of(key);
                self.buckets[target].push((key, value));
            }
            entries.clear();
            self.buckets[bucket] = entries;
        }
        self.len -= 1;
        self.buckets[0].pop()
    }

    /// Empties the queue and restarts its keys at 0.
    pub fn clear(&mut self) {
        if self.len > 0 {
            self.buckets.iter_mut().for_each(Vec::clear);
        }
        self.len = 0;
        self.last = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_key_order_with_monotone_pushes() {
        let mut queue = RadixQueue::default();
        let mut state = 99u64;
        let mut reference = std::collections::BinaryHeap::new();
        for round in 0..2000u32 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if state >> 62 != 0 || queue.len == 0 {
                let key = queue.last + (state >> 40) % 1000;
                queue.push(key, round);
                reference.push(std::cmp::Reverse(key));
            } else {
                let (key, _) = queue.pop().unwrap();
                assert_eq!(Some(std::cmp::Reverse(key)), reference.pop());
            }
        }
        queue.clear();
        assert_eq!(queue.pop(), None);
    }
}
