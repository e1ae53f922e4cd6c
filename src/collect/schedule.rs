//! Which shot blocks a task still needs, and which of the finished ones count.
//!
//! Blocks are handed out in order; they may finish in any order. A task's counts are those of
//! the longest run of finished blocks from the start (the prefix), cut at the first block
//! where the errors reach max_errors, or at max_shots. Blocks finished beyond that are not
//! counted, so the counts never depend on how many workers ran or how fast each was.

use crate::ints::{BlockIndex, ShotCount, BLOCK_SHOTS};
use crate::spec::Shard;
use std::collections::BTreeMap;

/// Stop conditions of one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Shots to take at most (the last block is cut to size).
    pub max_shots: ShotCount,
    /// Stop once the counted errors reach this, if set.
    pub max_errors: Option<u64>,
    /// Only the blocks of this shard.
    pub shard: Shard,
}

/// Shots, errors and worker seconds of some blocks.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Tally {
    /// Shots taken.
    pub shots: ShotCount,
    /// Logical errors among them.
    pub errors: u64,
    /// Worker seconds spent on them.
    pub seconds: f64,
}

impl Tally {
    /// Adds another tally.
    pub fn add(&mut self, other: &Tally) {
        self.shots += other.shots;
        self.errors += other.errors;
        self.seconds += other.seconds;
    }
}

/// One block to run: its index and how many shots it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockClaim {
    /// Block index within the task.
    pub block: BlockIndex,
    /// Shots in it (1024 except maybe the last).
    pub shots: usize,
}

/// The schedule of one task.
#[derive(Debug, Clone)]
pub struct TaskSchedule {
    limits: Limits,
    total_blocks: BlockIndex,
    next_to_claim: BlockIndex,
    next_in_prefix: BlockIndex,
    finished_out_of_order: BTreeMap<BlockIndex, Tally>,
    prefix: Tally,
    reached_max_errors: bool,
    in_flight: u64,
    released: Vec<BlockIndex>,
    closed: bool,
}

impl TaskSchedule {
    /// A schedule with nothing done yet.
    pub fn new(limits: Limits) -> Self {
        let total_blocks = limits.max_shots.div_ceil(BLOCK_SHOTS as u64);
        TaskSchedule {
            limits,
            total_blocks,
            next_to_claim: limits.shard.index,
            next_in_prefix: limits.shard.index,
            finished_out_of_order: BTreeMap::new(),
            prefix: Tally::default(),
            reached_max_errors: false,
            in_flight: 0,
            released: Vec::new(),
            closed: false,
        }
    }

    /// Shots held by block `block`.
    fn block_shots(&self, block: BlockIndex) -> usize {
        let start = block * BLOCK_SHOTS as u64;
        (self.limits.max_shots - start).min(BLOCK_SHOTS as u64) as usize
    }

    /// The next block to run, if the task still needs one.
    pub fn claim(&mut self) -> Option<BlockClaim> {
        if self.reached_max_errors || self.closed {
            return None;
        }
        if let Some(block) = self.released.pop() {
            self.in_flight += 1;
            let shots = self.block_shots(block);
            return Some(BlockClaim { block, shots });
        }
        // Blocks restored from a saved run are finished already (in a fresh run, every
        // finished block lies below next_to_claim and this skips nothing).
        while self.next_to_claim < self.total_blocks && self.is_finished(self.next_to_claim) {
            self.next_to_claim += self.limits.shard.count;
        }
        if self.next_to_claim >= self.total_blocks {
            return None;
        }
        let block = self.next_to_claim;
        self.next_to_claim += self.limits.shard.count;
        self.in_flight += 1;
        Some(BlockClaim {
            block,
            shots: self.block_shots(block),
        })
    }

    /// Records a finished block and extends the counted prefix as far as it now reaches.
    pub fn complete(&mut self, block: BlockIndex, tally: Tally) {
        debug_assert!(self.limits.shard.owns(block));
        self.in_flight = self.in_flight.saturating_sub(1);
        self.record(block, tally);
    }

    /// Records a block finished in an earlier session (a saved run being resumed) as if it had
    /// just finished; it is never handed out again. The prefix rule then gives the same counts
    /// as an uninterrupted run. Refuses (false) a block this task does not have or a tally
    /// whose shots are not the block's.
    pub fn restore(&mut self, block: BlockIndex, tally: Tally) -> bool {
        let owned = block < self.total_blocks && self.limits.shard.owns(block);
        if !owned || tally.shots != self.block_shots(block) as u64 {
            return false;
        }
        self.record(block, tally);
        true
    }

    /// True when block `block` has finished (counted or waiting for the prefix to reach it).
    fn is_finished(&self, block: BlockIndex) -> bool {
        block < self.next_in_prefix || self.finished_out_of_order.contains_key(&block)
    }

    fn record(&mut self, block: BlockIndex, tally: Tally) {
        if block < self.next_in_prefix || self.reached_max_errors {
            return;
        }
        self.finished_out_of_order.insert(block, tally);
        while let Some(next) = self.finished_out_of_order.remove(&self.next_in_prefix) {
            self.prefix.add(&next);
            self.next_in_prefix += self.limits.shard.count;
            if self
                .limits
                .max_errors
                .is_some_and(|max| self.prefix.errors >= max)
            {
                self.reached_max_errors = true;
                self.finished_out_of_order.clear();
                break;
            }
        }
    }

    /// Gives back a claimed block that will not be finished (e.g. its worker crashed), so that
    /// it is handed out again.
    pub fn release(&mut self, block: BlockIndex) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.released.push(block);
    }

    /// True when the counts are final: max_errors reached, every block counted, or closed.
    pub fn is_complete(&self) -> bool {
        self.reached_max_errors || self.closed || self.next_in_prefix >= self.total_blocks
    }

    /// True when no more blocks will be handed out.
    pub fn is_fully_claimed(&self) -> bool {
        self.reached_max_errors
            || self.closed
            || (self.next_to_claim >= self.total_blocks && self.released.is_empty())
    }

    /// Hands out no more blocks (e.g. the task's time is up): the counts stay at the finished
    /// prefix, which blocks still in flight may extend. Such counts depend on timing, so they
    /// are not reproducible from the seed.
    pub fn close(&mut self) {
        self.closed = true;
        self.released.clear();
    }

    /// True after [`TaskSchedule::close`].
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Blocks handed out and not yet finished.
    pub fn in_flight(&self) -> u64 {
        self.in_flight
    }

    /// The counted prefix so far.
    pub fn counted(&self) -> Tally {
        self.prefix
    }

    /// All finished shots, counted or not (for progress display).
    pub fn finished_shots(&self) -> ShotCount {
        self.prefix.shots
            + self
                .finished_out_of_order
                .values()
                .map(|t| t.shots)
                .sum::<u64>()
    }

    /// The limits of this task.
    pub fn limits(&self) -> Limits {
        self.limits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_shots: u64, max_errors: Option<u64>, shard: Shard) -> Limits {
        Limits {
            max_shots,
            max_errors,
            shard,
        }
    }

    fn tally(shots: usize, errors: u64) -> Tally {
        Tally {
            shots: shots as u64,
            errors,
            seconds: 0.0,
        }
    }

    #[test]
    fn last_block_is_cut_to_size() {
        let mut schedule = TaskSchedule::new(limits(2500, None, Shard::WHOLE));
        let claims: Vec<_> = std::iter::from_fn(|| schedule.claim()).collect();
        assert_eq!(
            claims.iter().map(|c| c.shots).collect::<Vec<_>>(),
            [1024, 1024, 452]
        );
        for claim in claims.iter().rev() {
            schedule.complete(claim.block, tally(claim.shots, 1));
        }
        assert!(schedule.is_complete());
        assert_eq!(schedule.counted().shots, 2500);
    }

    #[test]
    fn out_of_order_finishes_count_only_the_prefix() {
        let mut schedule = TaskSchedule::new(limits(10_000, Some(5), Shard::WHOLE));
        let claims: Vec<_> = (0..4).filter_map(|_| schedule.claim()).collect();
        schedule.complete(claims[2].block, tally(1024, 10));
        assert_eq!(schedule.counted().shots, 0);
        schedule.complete(claims[0].block, tally(1024, 2));
        schedule.complete(claims[1].block, tally(1024, 3));
        // 2 + 3 = 5 reaches max_errors at block 1; block 2's 10 errors do not count.
        assert!(schedule.is_complete());
        assert_eq!(schedule.counted(), tally(2048, 5));
        assert!(schedule.claim().is_none());
    }

    #[test]
    fn a_closed_task_keeps_its_prefix() {
        let mut schedule = TaskSchedule::new(limits(10 * 1024, None, Shard::WHOLE));
        let claims: Vec<_> = (0..3).filter_map(|_| schedule.claim()).collect();
        schedule.complete(claims[0].block, tally(1024, 1));
        schedule.complete(claims[2].block, tally(1024, 1));
        schedule.close();
        assert!(schedule.claim().is_none() && schedule.is_fully_claimed());
        assert!(schedule.is_complete());
        // A block in flight when the task closed still extends the prefix when it finishes.
        schedule.complete(claims[1].block, tally(1024, 1));
        assert_eq!(schedule.counted(), tally(3 * 1024, 3));
    }

    #[test]
    fn restored_blocks_give_the_uninterrupted_counts_and_are_not_redone() {
        let errors = [3, 0, 2, 4, 1, 5, 0, 2];
        let run = |restored: &[u64]| {
            let mut schedule = TaskSchedule::new(limits(8 * 1024 - 100, Some(12), Shard::WHOLE));
            for &block in restored {
                let shots = schedule.block_shots(block);
                assert!(schedule.restore(block, tally(shots, errors[block as usize])));
            }
            let mut redone = Vec::new();
            while let Some(claim) = schedule.claim() {
                redone.push(claim.block);
                schedule.complete(
                    claim.block,
                    tally(claim.shots, errors[claim.block as usize]),
                );
            }
            (schedule.counted(), redone)
        };
        let (whole, _) = run(&[]);
        // Saved blocks in any order, with a gap, and one beyond where max_errors is reached.
        let (resumed, redone) = run(&[3, 0, 1, 6]);
        assert_eq!(resumed, whole);
        assert_eq!(whole, tally(6 * 1024, 15));
        assert_eq!(redone, [2, 4, 5]);
        // Everything restored: nothing is handed out.
        let (all, redone) = run(&[0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!((all, redone.len()), (whole, 0));
    }

    #[test]
    fn restore_refuses_a_block_the_task_does_not_have() {
        let mut schedule = TaskSchedule::new(limits(2048 + 10, None, Shard::WHOLE));
        assert!(!schedule.restore(3, tally(1024, 0)));
        assert!(!schedule.restore(2, tally(1024, 0)));
        assert!(schedule.restore(2, tally(10, 0)));
        let mut shard = TaskSchedule::new(limits(5 * 1024, None, Shard { index: 1, count: 2 }));
        assert!(!shard.restore(2, tally(1024, 0)));
    }

    #[test]
    fn shards_take_every_nth_block() {
        let mut schedule = TaskSchedule::new(limits(5 * 1024, None, Shard { index: 1, count: 2 }));
        let blocks: Vec<_> = std::iter::from_fn(|| schedule.claim())
            .map(|c| c.block)
            .collect();
        assert_eq!(blocks, [1, 3]);
    }
}
