// The page's side of the realtime workers: one worker per a (a rayon pool cannot be resized),
// the two most recently used kept alive so that they stay warm (the lesson alternates a = 1
// and a = 2), one run at a time, answered as a promise. Stop ends the running worker: a
// stream run blocks its thread, so it cannot be asked to stop.

import { threadsMode } from "../pool.js";

const WORKER_URL = new URL("./realtime-worker.js", import.meta.url);
/** Workers kept alive: each holds a wasm instance and its prepared memory. */
const KEEP_WORKERS = 2;

/** Why a run did not give a report: the core refused the input, the user stopped, or a crash. */
export class StreamFailure extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind; // "refused" | "stopped" | "crashed"
  }
}

export class StreamClient {
  constructor() {
    this.mode = threadsMode();
    this.workers = new Map(); // a -> {worker, ready}, least recently used first
    this.pending = null; // {id, a, resolve, reject}
    this.nextId = 1;
  }

  /** The a a run will get: the threaded build's a, or 1 in the single-thread build. */
  effectiveA(a) {
    return this.mode === "threaded" ? a : 1;
  }

  #workerFor(a) {
    let slot = this.workers.get(a);
    if (slot) {
      this.workers.delete(a);
      this.workers.set(a, slot);
      return slot;
    }
    while (this.workers.size >= KEEP_WORKERS) this.#end(this.workers.keys().next().value);
    const worker = new Worker(WORKER_URL, { type: "module", name: `realtime worker a=${a}` });
    slot = { worker };
    slot.ready = new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.type === "ready") resolve();
        else if (data.type === "crashed") {
          const failure = new StreamFailure("crashed", data.message);
          reject(failure);
          this.#end(a);
          this.#settle(a, null, failure);
        } else if (data.id === this.pending?.id) {
          if (data.type === "report") this.#settle(a, { ...data.report, seconds: data.seconds });
          else this.#settle(a, null, new StreamFailure("refused", data.message));
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        const failure = new StreamFailure("crashed", event.message || "the worker failed to load");
        reject(failure);
        this.#end(a);
        this.#settle(a, null, failure);
      };
    });
    // A failed start is reported to the run that waits for it.
    slot.ready.catch(() => {});
    worker.postMessage({
      type: "init",
      flavour: this.mode === "threaded" ? "mt" : "st",
      threads: a,
    });
    this.workers.set(a, slot);
    return slot;
  }

  #end(a) {
    this.workers.get(a)?.worker.terminate();
    this.workers.delete(a);
  }

  #settle(a, report, failure = null) {
    const pending = this.pending;
    if (!pending || pending.a !== a) return;
    this.pending = null;
    if (failure) pending.reject(failure);
    else pending.resolve(report);
  }

  /**
   * Runs `shots` memories of `params` (a StreamRunner's params) with a window threads at
   * `roundRate` (text; empty = the measured sustainable rate): the core's report.
   */
  async run({ params, a, roundRate, shots, seed }) {
    a = this.effectiveA(a);
    if (this.pending) throw new Error("a realtime run is already going");
    const slot = this.#workerFor(a);
    const id = this.nextId++;
    const answer = new Promise((resolve, reject) => {
      this.pending = { id, a, resolve, reject };
    });
    try {
      await slot.ready;
    } catch (error) {
      this.#settle(a, null, error);
      return answer;
    }
    if (this.pending?.id !== id) return answer; // stopped while the worker started
    const key = JSON.stringify(params);
    slot.worker.postMessage({ type: "run", id, key, params, roundRate, shots, seed });
    return answer;
  }

  /** Ends the run going (if any) with its worker. */
  stop() {
    const pending = this.pending;
    if (!pending) return;
    this.#end(pending.a);
    this.#settle(pending.a, null, new StreamFailure("stopped", "stopped"));
  }

  /** Ends every worker. */
  close() {
    this.stop();
    for (const a of [...this.workers.keys()]) this.#end(a);
  }
}
