//! The collection loop, sinter-like: tasks, max_shots, max_errors, a seed, and the prefix rule
//! (see [`schedule`]). Workers claim batches of blocks from a [`Collection`], run them with
//! [`block::run_block`] and report back; the counts are the same whatever the number of
//! workers, the batch size or the order blocks finish in.
//!
//! The core does not spawn threads or read clocks: the native CLI drives workers on threads
//! and measures seconds; [`run_serial`] is the single-threaded driver used by tests.

pub mod block;
pub mod circuit_task;
pub mod csv;
pub mod merge;
pub mod schedule;
pub mod seed_rule;
pub mod stats;
pub mod task;

pub use block::{run_block, BlockBuffers};
pub use circuit_task::{circuit_digest, circuit_metadata};
pub use csv::{read_csv, write_csv, CsvRow};
pub use merge::{combine, Combined, Merge, ShotSource};
pub use schedule::{BlockClaim, Limits, Tally, TaskSchedule};
pub use task::{PreparedTask, TaskDecoder, TaskModel, WholeModel};

use crate::window::WindowThreads;
use crate::Result;

/// A batch of blocks of one task, handed to one worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkBatch {
    /// Index of the task in the collection.
    pub task: usize,
    /// The blocks, in order.
    pub blocks: Vec<BlockClaim>,
}

/// The schedules of all tasks of a run.
pub struct Collection {
    schedules: Vec<TaskSchedule>,
    stopped: bool,
}

impl Collection {
    /// A collection with the given limits per task.
    pub fn new(limits: impl IntoIterator<Item = Limits>) -> Self {
        Collection {
            schedules: limits.into_iter().map(TaskSchedule::new).collect(),
            stopped: false,
        }
    }

    /// Up to `batch_blocks` blocks of the first task that still needs some.
    pub fn claim(&mut self, batch_blocks: usize) -> Option<WorkBatch> {
        if self.stopped {
            return None;
        }
        let (task, schedule) = self
            .schedules
            .iter_mut()
            .enumerate()
            .find(|(_, schedule)| !schedule.is_fully_claimed())?;
        let blocks: Vec<BlockClaim> = (0..batch_blocks.max(1))
            .map_while(|_| schedule.claim())
            .collect();
        (!blocks.is_empty()).then_some(WorkBatch { task, blocks })
    }

    /// Records a finished block.
    pub fn complete(&mut self, task: usize, claim: BlockClaim, tally: Tally) {
        self.schedules[task].complete(claim.block, tally);
    }

    /// Records a block finished in an earlier session; false when task `task` has no such
    /// block (see [`TaskSchedule::restore`]).
    pub fn restore(&mut self, task: usize, claim: BlockClaim, tally: Tally) -> bool {
        self.schedules
            .get_mut(task)
            .is_some_and(|schedule| schedule.restore(claim.block, tally))
    }

    /// Gives back blocks that were claimed but will not be finished.
    pub fn release(&mut self, task: usize, claim: BlockClaim) {
        self.schedules[task].release(claim.block);
    }

    /// Hands out no more blocks of task `task` (its max-seconds are up): its counts stay at its
    /// finished prefix; the other tasks go on.
    pub fn close_task(&mut self, task: usize) {
        self.schedules[task].close();
    }

    /// Hands out nothing more (Ctrl-C, Stop): the counts stay at each task's finished prefix.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// True when every task's counts are final.
    pub fn is_complete(&self) -> bool {
        self.schedules.iter().all(TaskSchedule::is_complete)
    }

    /// The schedules, one per task.
    pub fn schedules(&self) -> &[TaskSchedule] {
        &self.schedules
    }
}

/// A task's counted statistics as a sinter CSV row; `source` (seed and shard) goes into
/// `custom_counts`, so that a merge never counts these shots twice ([`merge`]).
pub fn csv_row(task: &PreparedTask, tally: &Tally, source: ShotSource) -> CsvRow {
    CsvRow {
        shots: tally.shots,
        errors: tally.errors,
        discards: 0,
        seconds: tally.seconds,
        decoder: task.spec.decoder_name().to_string(),
        strong_id: task.strong_id.clone(),
        json_metadata: task.metadata.clone(),
        custom_counts: source.custom_counts(tally.shots),
    }
}

/// Runs every task on the calling thread; `clock` gives seconds for the CSV `seconds` column.
pub fn run_serial(
    tasks: &[PreparedTask],
    limits: &[Limits],
    seed: u64,
    batch_blocks: usize,
    clock: &dyn Fn() -> f64,
) -> Result<Vec<Tally>> {
    let mut collection = Collection::new(limits.iter().copied());
    let mut decoders = tasks
        .iter()
        .map(|task| task.new_block_decoder(WindowThreads::Sequential, None))
        .collect::<Result<Vec<_>>>()?;
    let mut buffers = BlockBuffers::default();
    while let Some(batch) = collection.claim(batch_blocks) {
        let task = &tasks[batch.task];
        for claim in batch.blocks {
            let start = clock();
            let decoder = &mut decoders[batch.task];
            let errors = run_block(task, decoder, seed, claim.block, claim.shots, &mut buffers)?;
            let tally = Tally {
                shots: claim.shots as u64,
                errors,
                seconds: clock() - start,
            };
            collection.complete(batch.task, claim, tally);
        }
    }
    Ok(collection
        .schedules()
        .iter()
        .map(TaskSchedule::counted)
        .collect())
}
