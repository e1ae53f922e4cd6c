// The run controller: one Run (the core's scheduler, on the main thread) and a WorkerPool.
// Batches are handed out on demand, so fast workers take more; each answer is recorded with
// the prefix rule, so counts equal the command line's for the same seed. The main thread only
// schedules: it never samples or decodes.

import { WorkerPool } from "./pool.js";

// A batch should take about this long: long enough that messages cost nothing, short enough
// that Stop, progress and the prefix rule stay responsive.
const BATCH_TARGET_SECONDS = 0.15;
const MAX_BATCH_BLOCKS = 64;

/**
 * A Run of `form` with `restored` blocks (`[{task, block, shots, errors, seconds}]`) recorded
 * as finished: the core's prefix rule counts them as if they had just landed. Throws the
 * form's first invalid field, or for a block the form's tasks do not have.
 */
export function restoreRun(wasm, form, restored = []) {
  const run = new wasm.Run(form);
  try {
    for (const block of restored) {
      const { task, shots, errors, seconds } = block;
      const one = [Float64Array.of(block.block), Uint32Array.of(shots), Uint32Array.of(errors)];
      run.restore(task, ...one, seconds);
    }
  } catch (error) {
    run.free();
    throw error;
  }
  return run;
}

export class RunController {
  /** @param {object} wasm the main thread's (single-thread) module */
  constructor(wasm) {
    this.wasm = wasm;
    this.pool = null;
    this.run = null;
    this.tasks = [];
    this.status = "idle";
    this.message = "";
    this.listeners = new Set();
    this.startedAt = 0;
    this.endedAt = 0;
    this.finishedShots = 0;
    this.log = [];
    this.#resetBusy();
  }

  #resetBusy() {
    this.busy = { threadSeconds: 0, samples: [], peak: 0 };
  }

  /**
   * Busy threads now, as measured in the workers (DESIGN.md: a thread sampling or decoding;
   * a worker waiting on its window threads is not). Each worker reports, per batch, its busy
   * thread-seconds (itself and its window threads, counted by the core's WorkObserver hook);
   * a worker running a batch counts the average busy threads of its previous batch (1 before
   * its first), an idle worker 0.
   */
  busyNow() {
    if (this.status !== "running" || !this.pool) return 0;
    return this.pool.busySlots().reduce((sum, slot) => sum + (slot.busyThreads || 1), 0);
  }

  /** Records a sample of busy threads over time (the monitor's plot). */
  sampleBusy() {
    if (this.status !== "running") return;
    const busy = this.busyNow();
    this.busy.samples.push([this.elapsed(), busy]);
    this.busy.peak = Math.max(this.busy.peak, busy);
  }

  /**
   * Peak (of the samples) and mean (measured busy thread-seconds over wall time) busy threads,
   * the CPU time of all workers (busy thread-seconds: a page cannot read CPU clocks) and the
   * samples as [seconds, threads].
   */
  busyThreads() {
    const seconds = this.elapsed();
    return {
      peak: this.busy.peak,
      mean: seconds > 0 ? this.busy.threadSeconds / seconds : 0,
      cpuSeconds: this.busy.threadSeconds,
      samples: this.busy.samples,
    };
  }

  /**
   * `listener(event, controller, detail)` is called with "status", "batch" (detail: the
   * finished blocks, `{task, blocks, shots, errors, seconds}`), "crash" and "ready" (detail:
   * the worker's slot, once its module has loaded).
   */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  #emit(event, detail) {
    for (const listener of this.listeners) listener(event, this, detail);
  }

  #setStatus(status, message = "") {
    if (this.status === "running" && status !== "running") this.sampleBusy();
    this.status = status;
    this.message = message;
    if (status !== "running") this.endedAt = performance.now();
    this.#emit("status");
  }

  /** A pool of b workers with a threads each; the old one is ended when a or b changed. */
  ensurePool(a, b) {
    if (this.pool?.matches(a, b)) return this.pool;
    this.pool?.close();
    this.pool = new WorkerPool({
      a,
      b,
      onReady: (slot) => {
        this.#emit("ready", slot);
        this.#feed(slot);
      },
      onMessage: (slot, message) => this.#answer(slot, message),
      onCrash: (slot, batch, message, reported) => this.#crashed(slot, batch, message, reported),
    });
    this.#emit("pool");
    return this.pool;
  }

  /** Ends the workers (a new pool starts with the next run). */
  closePool() {
    if (this.status === "running") this.stop();
    this.pool?.close();
    this.pool = null;
  }

  /**
   * Starts a run of `form` (URL-named text fields). Throws the first invalid field's message.
   * `until` (optional) is asked after each batch whether to stop early (the sweep uses it).
   * `restored` (optional): blocks finished before a reload, `[{task, block, shots, errors,
   * seconds}]`, recorded first and never run again, so by the prefix rule the run ends with
   * an uninterrupted run's counts; `savedId` names the saved run it continues.
   */
  start(form, { until = null, restored = [], savedId = null } = {}) {
    if (this.status === "running") this.stop();
    const run = restoreRun(this.wasm, form, restored);
    this.savedId = savedId;
    this.run?.free();
    this.run = run;
    this.until = until;
    this.tasks = run.tasks;
    this.seed = run.seed;
    this.form = { ...form, seed: run.seed };
    this.startedAt = performance.now();
    this.endedAt = 0;
    this.finishedShots = 0;
    this.log = [];
    this.taskCrashes = new Map();
    const pool = this.ensurePool(run.windowWorkers, run.workers);
    for (const slot of pool.slots) {
      Object.assign(slot, {
        batches: 0,
        shots: 0,
        seconds: 0,
        rate: 0,
        blockSeconds: 0,
        busySeconds: 0,
        busyThreads: 0,
        peakThreads: 0,
      });
    }
    this.#resetBusy();
    this.#setStatus("running");
    for (const slot of pool.idleSlots()) this.#feed(slot);
    return run;
  }

  /** Stops handing out blocks and ends busy workers' batches; the finished prefix stays. */
  stop(status = "stopped", message = "") {
    if (this.status !== "running") return;
    this.run.stop();
    for (const slot of this.pool.busySlots()) {
      const batch = this.pool.restart(slot);
      if (batch)
        this.run.release(
          batch.task,
          Float64Array.from(batch.blocks),
          Uint32Array.from(batch.shots),
        );
    }
    this.#setStatus(status, message);
  }

  #batchBlocks(slot) {
    if (!slot.blockSeconds) return 1;
    const blocks = Math.round(BATCH_TARGET_SECONDS / slot.blockSeconds);
    return Math.max(1, Math.min(MAX_BATCH_BLOCKS, blocks));
  }

  #feed(slot) {
    if (this.status !== "running" || slot.batch || !slot.ready) return;
    const claimed = this.run.claim(this.#batchBlocks(slot));
    if (!claimed) {
      this.#maybeFinish();
      return;
    }
    const task = this.tasks[claimed.task];
    if (slot.taskKey !== task.strongId) slot.blockSeconds = 0;
    slot.taskKey = task.strongId;
    this.pool.send(slot, {
      task: claimed.task,
      taskKey: task.strongId,
      params: task.params,
      seed: this.seed,
      blocks: claimed.blocks,
      shots: claimed.shots,
    });
    this.sampleBusy();
  }

  #answer(slot, message) {
    const { batch } = message;
    if (this.status !== "running" || !batch) return;
    if (message.type === "failed") {
      // The core refused a shot or the task (e.g. a defect no matching can pair): its message.
      this.stop("error", `task ${this.#taskWords(batch.task)}: ${message.message}`);
      return;
    }
    const blocks = Float64Array.from(batch.blocks);
    const shots = Uint32Array.from(batch.shots);
    this.run.complete(batch.task, blocks, shots, message.errors, message.seconds);
    const finished = { task: batch.task, blocks: batch.blocks, shots: batch.shots };
    Object.assign(finished, { errors: Array.from(message.errors), seconds: message.seconds });
    const batchShots = shots.reduce((sum, n) => sum + n, 0);
    slot.batches += 1;
    slot.shots += batchShots;
    slot.seconds += message.seconds;
    slot.rate = batchShots / Math.max(message.seconds, 1e-6);
    slot.blockSeconds = (message.seconds * 1024) / Math.max(batchShots, 1);
    if (message.busy) {
      this.busy.threadSeconds += message.busy.seconds;
      slot.busySeconds = (slot.busySeconds ?? 0) + message.busy.seconds;
      slot.busyThreads = message.busy.seconds / Math.max(message.seconds, 1e-6);
      slot.peakThreads = message.busy.peak;
    }
    this.sampleBusy();
    this.finishedShots += batchShots;
    this.#emit("batch", finished);
    if (this.until?.(this)) {
      this.stop("stopped");
      return;
    }
    this.#feed(slot);
    this.#maybeFinish();
  }

  /** Words for task `index` in messages: its metadata and decoder. */
  #taskWords(index) {
    const task = this.tasks[index];
    return task ? `${task.metadata} (${task.decoder})` : `task ${index}`;
  }

  #crashed(slot, batch, message, reported) {
    const where = batch ? ` on task ${this.#taskWords(batch.task)}` : "";
    this.log.push(
      `worker ${slot.id + 1} crashed${where} (${message}); it was replaced and its blocks are redone`,
    );
    if (this.status === "running" && batch) {
      this.run.release(batch.task, Float64Array.from(batch.blocks), Uint32Array.from(batch.shots));
    }
    this.#emit("crash");
    // A task whose batches make a worker crash (panic) again and again is a bug there, not bad
    // luck: stop and say so, with the task (never as a problem with the model). Workers lost
    // from outside (killed) are only replaced.
    if (batch && reported) {
      this.taskCrashes ??= new Map();
      const count = (this.taskCrashes.get(batch.task) ?? 0) + 1;
      this.taskCrashes.set(batch.task, count);
      if (this.status === "running" && count >= 3) {
        this.stop(
          "error",
          `a worker crashed ${count} times on task ${this.#taskWords(batch.task)} (${message}); this is a bug, not a problem with the model; the finished prefix of each task is kept`,
        );
        return;
      }
    }
    // A worker that cannot be replaced ends the run at each task's finished prefix.
    if (this.pool.allDead()) {
      this.#setStatusAfterCrashes(`the workers could not start (${message})`);
    } else if (this.status === "running" && this.pool.crashes > 3 * this.pool.b + 3) {
      this.stop(
        "error",
        `workers keep crashing (${message}); the finished prefix of each task is kept`,
      );
    }
  }

  #setStatusAfterCrashes(message) {
    if (this.status === "running")
      this.stop("error", `${message}; the finished prefix of each task is kept`);
    else this.#setStatus("error", message);
  }

  #maybeFinish() {
    if (this.status !== "running") return;
    if (this.run.isComplete()) {
      // Blocks still out are beyond every prefix: they would not count.
      for (const slot of this.pool.busySlots()) this.pool.restart(slot);
      this.#setStatus("done");
    }
  }

  /** Seconds since the run started (to its end once it ended). */
  elapsed() {
    if (!this.startedAt) return 0;
    return ((this.endedAt || performance.now()) - this.startedAt) / 1000;
  }

  /** Counted rows of the run, as readCsv returns rows. */
  rows() {
    return this.run ? this.run.rows() : [];
  }

  progress() {
    return this.run ? this.run.progress() : [];
  }
}
