// The worker pool: b module Web Workers (shot workers), each with its own wasm instance and,
// in the threaded build, a rayon pool of a threads. The pool does not know about runs: it
// starts workers, hands a batch to a worker, and reports what comes back. A worker that
// crashes is replaced; the caller gets its batch back to release the blocks.

const WORKER_URL = new URL("./worker.js", import.meta.url);

/** Which wasm build workers load: threaded when the page is cross-origin isolated. */
export function threadsMode() {
  return globalThis.crossOriginIsolated && typeof SharedArrayBuffer === "function"
    ? "threaded"
    : "single-thread";
}

export class WorkerPool {
  /**
   * @param {object} options
   * @param {number} options.a window threads per worker (forced to 1 without threads)
   * @param {number} options.b shot workers
   * @param {(slot: object, message: object) => void} options.onMessage batch results
   * @param {(slot: object, batch: object|null, message: string, reported: boolean) => void}
   *   options.onCrash `reported` when the worker itself said it crashed (a panic in its batch),
   *   not when it was lost from outside (killed, failed to load)
   * @param {(slot: object) => void} options.onReady a worker is ready for work
   */
  constructor({ a, b, onMessage, onCrash, onReady }) {
    this.mode = threadsMode();
    this.a = this.mode === "threaded" ? a : 1;
    this.b = b;
    this.onMessage = onMessage;
    this.onCrash = onCrash;
    this.onReady = onReady;
    this.slots = [];
    this.closed = false;
    this.crashes = 0;
    for (let id = 0; id < b; id++) this.slots.push(this.#start({ id }));
  }

  /** True when this pool is the one asked for. */
  matches(a, b) {
    return this.b === b && this.a === (this.mode === "threaded" ? a : 1) && !this.closed;
  }

  #start(slot) {
    const worker = new Worker(WORKER_URL, { type: "module", name: `shot worker ${slot.id}` });
    Object.assign(slot, {
      worker,
      ready: false,
      batch: null,
      batches: slot.batches ?? 0,
      shots: slot.shots ?? 0,
      seconds: slot.seconds ?? 0,
      rate: slot.rate ?? 0,
      memoryBytes: 0,
      startedAt: performance.now(),
    });
    worker.onmessage = ({ data }) => this.#message(slot, worker, data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.#crash(slot, worker, event.message || "the worker failed to load");
    };
    worker.postMessage({
      type: "init",
      flavour: this.mode === "threaded" ? "mt" : "st",
      threads: this.a,
    });
    return slot;
  }

  #message(slot, worker, data) {
    if (this.closed || slot.worker !== worker) return;
    if (data.memoryBytes) slot.memoryBytes = data.memoryBytes;
    if (data.type === "ready") {
      slot.ready = true;
      slot.readySeconds = (performance.now() - slot.startedAt) / 1000;
      this.onReady(slot);
    } else if (data.type === "crashed") {
      this.#crash(slot, worker, data.message, true);
    } else {
      const batch = slot.batch;
      slot.batch = null;
      this.onMessage(slot, { ...data, batch });
    }
  }

  #crash(slot, worker, message, reported = false) {
    if (this.closed || slot.worker !== worker) return;
    const batch = slot.batch;
    worker.terminate();
    this.crashes += 1;
    // A worker that cannot even start (its module does not load) is not started forever.
    slot.startFailures = slot.ready ? 0 : (slot.startFailures ?? 0) + 1;
    slot.dead = slot.startFailures >= 3;
    slot.ready = false;
    slot.batch = null;
    this.onCrash(slot, batch, message, reported);
    if (!this.closed && !slot.dead) this.#start(slot);
  }

  /** True when no worker can be started any more. */
  allDead() {
    return this.slots.every((slot) => slot.dead);
  }

  /** Hands `batch` ({task, taskKey, params, seed, blocks, shots}) to an idle, ready worker. */
  send(slot, batch) {
    slot.batch = { ...batch, sentAt: performance.now() };
    slot.worker.postMessage({
      type: "batch",
      batchId: slot.batches,
      taskKey: batch.taskKey,
      params: batch.params,
      seed: batch.seed,
      blocks: Float64Array.from(batch.blocks),
      shots: Uint32Array.from(batch.shots),
    });
  }

  /** Ends a worker as if it had crashed (the end-to-end tests use it). */
  crash(slot, message = "crashed on purpose") {
    this.#crash(slot, slot.worker, message);
  }

  /** Ends a busy worker's batch at once (Stop) and starts a fresh worker in its place. */
  restart(slot) {
    const batch = slot.batch;
    slot.worker.terminate();
    this.#start(slot);
    return batch;
  }

  idleSlots() {
    return this.slots.filter((slot) => slot.ready && !slot.batch);
  }

  busySlots() {
    return this.slots.filter((slot) => slot.batch);
  }

  close() {
    this.closed = true;
    for (const slot of this.slots) slot.worker.terminate();
  }
}
